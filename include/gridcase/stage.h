/* stage.h - new records held back by a bulk writer (import, demo) and
 * written later in key order.
 *
 * Records are keyed by node path then id (docs/storage.md), so records
 * written in id order land all over the table and LMDB splits its pages
 * in half: the table ends up about 70 % full and every batch copies pages
 * it wrote before. Written sorted by key, a run of a node's records goes
 * in one after the other, and keys above the table's last one are
 * appended (MDB_APPEND: no search, full pages). The demo keeps its cases
 * here across all its transactions, so the whole records table is
 * appended once at the end. */
#ifndef GRIDCASE_STAGE_H
#define GRIDCASE_STAGE_H

#include <stddef.h>
#include <stdint.h>

struct gc_ctx;
struct wbatch;

/* A held-back record: sorting by (node rank, id) is sorting by key. */
struct staged_rec {
	uint32_t rank;
	uint64_t id;
	const unsigned char *at;   /* u16 key length, key, u32 value length, value */
};

typedef struct rec_stage {
	/* Fixed 16 MiB chunks: growing never moves what is already there. */
	char **chunk;
	size_t nchunks, chunk_used;
	struct staged_rec *rec;
	size_t n, cap;
	size_t bytes;              /* held in chunks */
	size_t written;            /* records already written, once sorted */
	int sorted;
	uint32_t *rank;            /* node id -> position of its path in key order */
	size_t nranks;
} rec_stage;

/* Where a stage stood, to drop what a retried transaction added. */
typedef struct stage_mark {
	size_t n, nchunks, chunk_used, bytes;
} stage_mark;

/* Hold a record back (key and value are copied); not while the stage is
 * partly written. */
void stage_add(rec_stage *s, const struct gc_ctx *ctx, uint32_t node_id, uint64_t id,
	       const void *key, size_t klen, const void *val, size_t vlen);
stage_mark stage_mark_now(const rec_stage *s);
void stage_rollback(rec_stage *s, stage_mark m);
/* Records not yet written. */
size_t stage_left(const rec_stage *s);
/* Write up to max held records, in key order, through the batch's
 * transaction. A retried transaction calls stage_rewind first with the
 * count written before it began (s->written). */
int stage_write(struct wbatch *wb, rec_stage *s, size_t max);
void stage_rewind(rec_stage *s, size_t written);
/* Drop every record once the transaction that wrote them committed (or
 * was given up); the stage can be filled again. */
void stage_clear(rec_stage *s);
void stage_free(rec_stage *s);

#endif
