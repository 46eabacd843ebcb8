/* SPDX-License-Identifier: MIT */
/* store.h - the LMDB environment: one file, named databases, write
 * transactions that survive a full map, readers that survive a resize. */
#ifndef GRIDCASE_STORE_H
#define GRIDCASE_STORE_H

#include <stdint.h>
#include <lmdb.h>
#include "gridcase/util.h"
#include "gridcase/config.h"   /* GC_MAX_DEPTH */

#define GC_SCHEMA_VERSION 5   /* 2: post and post_due replace by_assignee; 3: created days posted; 4: roll;
				 * 5: records of format 3 (record.c) */
#define GC_SCHEMA_UPGRADE 4   /* the oldest schema opened: its meta/schema becomes 5 in the first write
				 * transaction (before it the file holds no record of format 3) */
#define STORE_ABORT (-1)   /* a write callback refused; details are in its errs */
#define STORE_CORRUPTED MDB_CORRUPTED   /* an entry that cannot be decoded */
#define STORE_NOTFOUND MDB_NOTFOUND     /* no such key */

/* The tables, named: meta (schema, depth, levels, next_id, next_node,
 * seq), nodes, node_code, records, rec_id, counts, open_due, history,
 * feed, reviews, the postings post and post_due (duplicate lists of
 * fixed size: keys.h) and the per-day rollups roll (core/rollup.h). */
enum store_table {
	TBL_META, TBL_NODES, TBL_NODE_CODE, TBL_RECORDS, TBL_REC_ID, TBL_COUNTS,
	TBL_OPEN_DUE, TBL_HISTORY, TBL_FEED, TBL_REVIEWS, TBL_POST, TBL_POST_DUE, TBL_ROLL, TBL_COUNT
};

typedef struct gc_store {
	MDB_env *env;
	char *path;
	int depth;            /* levels of the tree; node paths are 4*depth bytes */
	MDB_dbi dbi[TBL_COUNT];      /* the tables, by enum store_table (their layouts: docs/storage.md, keys.h) */
	int small_map;        /* GRIDCASE_MAPSIZE started the map: grow only when full */
	int schema;           /* meta/schema as opened (GC_SCHEMA_UPGRADE until the first write) */
	int lock_fd;          /* -1, or the lock file as store_compact left it open (closed with the store) */
	void *map_at;         /* store_release_map: the map as /proc/self/maps had it, at map_size */
	size_t map_len, map_size;
} gc_store;
#define STORE_MAX_READERS 510

/* Open the database file. With STORE_CREATE, a missing (or empty) file is
 * made and stamped with the schema version and the number of levels;
 * STORE_CREATE_NEW (init) also refuses a gridcase database. Neither ever
 * writes into a file that holds data. A file shorter than the pages its
 * newest snapshot uses is refused as damaged before LMDB maps it. */
#define STORE_CREATE 1
#define STORE_CREATE_NEW 2
int store_open(gc_store **out, const char *path, int create, int depth,
	       const char *levels, gc_errs *errs);
/* Open (with MDB_CREATE in flags: create) every table's handle in txn. */
int store_open_tables(gc_store *st, MDB_txn *txn, unsigned flags);
void store_close(gc_store *st);
/* A descriptor that becomes readable when a transaction is committed to
 * the file, by this process or another (LMDB writes its pages with pwrite,
 * which inotify reports), so a screen can sleep until the data moves.
 * -1 where there is none. store_watch_clear reads away what it reported. */
int store_watch(gc_store *st);
void store_watch_clear(int fd);

/* Run fn inside one write transaction and commit it. When the map is full
 * the transaction is aborted, the map doubled and fn run again from the
 * start, so fn must only touch the transaction and its own arg. Returns 0,
 * STORE_ABORT when fn refused, or an LMDB/errno code (message in errs). */
typedef int (*store_write_fn)(MDB_txn *txn, void *arg);
int store_write(gc_store *st, store_write_fn fn, void *arg, gc_errs *errs);

/* Grow the map ahead of a bulk write of about `bytes`, so a large import
 * does not fill the map, abort and start again several times. Not when a
 * test started the map small (GRIDCASE_MAPSIZE): it wants those retries. */
int store_reserve(gc_store *st, uint64_t bytes);

/* Begin a read-only transaction, adopting a map another process grew. */
int store_read(gc_store *st, MDB_txn **txn, gc_errs *errs);

/* ---- reading and writing entries ----------------------------------
 * The one way the layers above reach the tables: by name, with keys built
 * by src/store/keys.h. Only this layer and the core's write batch
 * (src/core/write.c, stage.c) call LMDB themselves. */

static inline MDB_dbi store_dbi(const gc_store *st, int table)
{
	return st->dbi[table];
}

/* One entry: its key and value, valid while the transaction lives. */
typedef struct store_item {
	const unsigned char *key;
	size_t klen;
	const unsigned char *val;
	size_t vlen;
} store_item;

/* 0 and *it, MDB_NOTFOUND, or an LMDB error. */
int store_get(gc_store *st, MDB_txn *txn, int table, const void *key, size_t klen, store_item *it);
int store_put(gc_store *st, MDB_txn *txn, int table, const void *key, size_t klen, const void *val, size_t vlen);
size_t store_entries(gc_store *st, MDB_txn *txn, int table);
/* End a read transaction (store_read). */
void store_read_end(MDB_txn *txn);

/* Every entry from the first key >= from (flen 0: the table's first), in
 * key order, while its key starts with from's first plen bytes (plen 0:
 * to the end). fn returns nonzero to stop; the walk returns 0 or an LMDB
 * error. */
typedef int (*store_each_fn)(const store_item *it, void *arg);
int store_each(gc_store *st, MDB_txn *txn, int table, const void *from, size_t flen, size_t plen,
	       store_each_fn fn, void *arg);

/* A cursor, for walks that go back or interleave (the merge of node
 * ranges in query.c). Each move returns 0 with *it set, MDB_NOTFOUND at
 * an end, or an LMDB error. */
typedef struct store_cursor store_cursor;
int store_cursor_open(gc_store *st, MDB_txn *txn, int table, store_cursor **out);
int store_cursor_seek(store_cursor *c, const void *key, size_t klen, store_item *it);   /* first key >= key */
int store_cursor_last(store_cursor *c, store_item *it);
int store_cursor_next(store_cursor *c, store_item *it);
int store_cursor_prev(store_cursor *c, store_item *it);
void store_cursor_close(store_cursor *c);

/* Duplicate lists (the postings): a key's values in sorted order. seek_key
 * puts the cursor on key's first value (MDB_NOTFOUND: no such key);
 * seek_dup on the first value >= val under key; last_dup, next_dup and
 * prev_dup move within the key's values, next_key to the next key's first
 * value. dups: how many values the cursor's key holds. store_has_dup:
 * 0 when key holds exactly val. */
int store_cursor_seek_key(store_cursor *c, const void *key, size_t klen, store_item *it);
int store_cursor_seek_dup(store_cursor *c, const void *key, size_t klen, const void *val, size_t vlen,
			  store_item *it);
int store_cursor_last_dup(store_cursor *c, store_item *it);
int store_cursor_next_dup(store_cursor *c, store_item *it);
int store_cursor_prev_dup(store_cursor *c, store_item *it);
int store_cursor_next_key(store_cursor *c, store_item *it);
size_t store_cursor_dups(store_cursor *c);
int store_has_dup(store_cursor *c, const void *key, size_t klen, const void *val, size_t vlen);
/* A fixed-size duplicate list read a page at a time: with next 0 every
 * value of the page that holds the cursor's value (those before it too),
 * with next 1 the next page of the key's values; it->val holds it->vlen
 * bytes of values, and the cursor rests on the page's last. */
int store_cursor_dup_page(store_cursor *c, int next, store_item *it);

/* Each table's entries (stats --storage; a duplicate list counts each
 * value) and the pages of its main tree (mdb_stat: without duplicate
 * sub-trees, which pagefile_walk counts), and the file's size. */
typedef struct store_table_size {
	const char *name;
	uint64_t entries, branch, leaf, overflow, bytes;
} store_table_size;
int store_sizes(gc_store *st, store_table_size out[TBL_COUNT], uint64_t *file_bytes);

/* A bulk writer's new database (the demo) is synced once, at the end, not
 * at every commit: until then nobody relies on that file. writeback asks
 * the kernel to start writing what the last commits wrote, without
 * waiting, so the final sync finds little left to do. */
void store_bulk_begin(gc_store *st);
int store_bulk_end(gc_store *st);
void store_start_writeback(gc_store *st);
/* Let go of the map's pages this process touched (a bulk writer, between
 * its transactions): they stop counting as its memory. */
void store_release_map(gc_store *st);

/* A compacted, consistent copy of the database written to fd. */
int store_copy(gc_store *st, int fd);
/* Rewrite the file without its free pages, every page full (each table
 * copied in key order into a new file renamed over it, the store reopened
 * on it), for a bulk writer that made the file:
 * only when no other process has it open and nothing was written since
 * the copy began. Returns 0 when compacted, 1 when left as it was (another
 * process has it open, or the copy failed: a full disk), else an LMDB
 * code (message in errs). */
int store_compact(gc_store *st, gc_errs *errs);

/* Meta values. */
int meta_get_u64(gc_store *st, MDB_txn *txn, const char *name, uint64_t *v);
int meta_put_u64(gc_store *st, MDB_txn *txn, const char *name, uint64_t v);

/* Mark a database as being filled by a bulk writer whose transactions
 * are not each complete (the demo writes its records last): opening it
 * is refused, naming `what`, until the writer clears the mark (NULL). */
int store_set_incomplete(gc_store *st, MDB_txn *txn, const char *what);
/* Delete a key (absent already: 0). */
int store_del(gc_store *st, MDB_txn *txn, int table, const void *key, size_t klen);

/* Human text for an LMDB or errno code, with advice for a full disk. */
const char *store_strerror(int rc);

#endif
