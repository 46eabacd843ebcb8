/* SPDX-License-Identifier: MIT */
/* stage.h - new entries held back by a bulk writer (import, demo) and
 * written later in key order.
 *
 * Records are keyed by node path then id (docs/storage.md), so records
 * written in id order land all over the table and LMDB splits its pages
 * in half: the table ends up about 70 % full and every batch copies pages
 * it wrote before. Written sorted by key, a run of a node's records goes
 * in one after the other, and keys above the table's last one are
 * appended (MDB_APPEND: no search, full pages). The demo keeps its cases'
 * records and assignee entries here across all its transactions, so both
 * tables are appended once at the end.
 *
 * Entries go into buckets chosen by the caller so that every key of a
 * bucket sorts before every key of the next (records: one bucket per node,
 * in the order of its path; assignees: one per login, in byte order), and
 * keys within a bucket end with the record id. Writing in key order then
 * reads memory from start to end instead of jumping about. */
#ifndef GRIDCASE_STAGE_H
#define GRIDCASE_STAGE_H

#include <stddef.h>
#include <stdint.h>
#include "store/store.h"   /* MDB_cursor */


/* Records one after another: u16 key length, key, u32 value length, value. */
typedef struct stage_block {
	struct stage_block *next;
	size_t used, cap;
	unsigned char data[];
} stage_block;

/* One bucket's entries, in the order they came. */
typedef struct stage_bucket {
	stage_block *first, *last;
	size_t n;
	uint64_t last_id;
	int unordered;               /* an id came below the one before it */
	const unsigned char **sorted;/* then, while writing: the records by id */
} stage_bucket;

/* Where writing stands: bucket, then block and offset (or index in sorted). */
typedef struct stage_pos {
	size_t bucket;
	stage_block *block;
	size_t off, index, written;
} stage_pos;

typedef struct rec_stage {
	int table;                   /* WB_RECORDS or WB_ASSIGNEE: where stage_write puts them */
	stage_bucket *bucket;        /* in key order */
	size_t nbuckets;
	size_t n, bytes;             /* entries and bytes held */
	int writing;                 /* stage_write has begun: no more stage_add */
	stage_pos at;
} rec_stage;

void stage_init(rec_stage *s, int table, size_t nbuckets);
/* Hold an entry back (key and value are copied); bucket < nbuckets. */
void stage_add(rec_stage *s, size_t bucket, uint64_t id, const void *key, size_t klen, const void *val, size_t vlen);

/* What a transaction added, to drop it when the transaction is retried. */
typedef struct stage_mark stage_mark;
stage_mark *stage_mark_take(const rec_stage *s);
void stage_rollback(rec_stage *s, const stage_mark *m);
void stage_mark_free(stage_mark *m);

/* Records not yet written. */
size_t stage_left(const rec_stage *s);
/* Write up to max held records, in key order, through cur (a cursor on
 * the stage's table; wb_stage_write gives the batch's). A retried transaction first goes back to where it began:
 * stage_seek(s, what stage_tell said before it). */
int stage_write(MDB_cursor *cur, rec_stage *s, size_t max);
stage_pos stage_tell(const rec_stage *s);
void stage_seek(rec_stage *s, stage_pos at);
/* Drop every record once the transaction that wrote them committed (or
 * was given up); the stage can be filled again. */
void stage_clear(rec_stage *s);
void stage_free(rec_stage *s);

#endif
