/* store.h - the LMDB environment: one file, named databases, write
 * transactions that survive a full map, readers that survive a resize. */
#ifndef GRIDCASE_STORE_H
#define GRIDCASE_STORE_H

#include <stdint.h>
#include <lmdb.h>
#include "gridcase/util.h"
#include "gridcase/config.h"   /* GC_MAX_DEPTH */

#define GC_SCHEMA_VERSION 1
#define STORE_ABORT (-1)   /* a write callback refused; details are in its errs */

typedef struct gc_store {
	MDB_env *env;
	char *path;
	int depth;            /* levels of the tree; node paths are 4*depth bytes */
	MDB_dbi meta;         /* name -> value: schema, depth, levels, next_id, next_node, seq */
	MDB_dbi nodes;        /* node id (be32) -> node blob */
	MDB_dbi node_code;    /* code -> node id (be32) */
	MDB_dbi records;      /* node path + record id (be64) -> record blob */
	MDB_dbi rec_id;       /* record id (be64) -> node id (be32) */
	MDB_dbi counts;       /* node id (be32) + form NUL state -> u64 count, whole subtree */
	MDB_dbi open_due;     /* due time (be64) + record id (be64) -> node id (be32) */
	MDB_dbi by_assignee;  /* login NUL record id (be64) -> node id (be32) */
	MDB_dbi history;      /* record id (be64) + version (be32) -> history blob */
	MDB_dbi feed;         /* change seq (be64) -> record id (be64) + version (be32) */
	MDB_dbi reviews;      /* login NUL record id (be64) -> version reviewed (be32) */
	int small_map;        /* GRIDCASE_MAPSIZE started the map: grow only when full */
} gc_store;

/* Open the database file. With STORE_CREATE, a missing (or empty) file is
 * made and stamped with the schema version and the number of levels;
 * STORE_CREATE_NEW (init) also refuses a gridcase database. Neither ever
 * writes into a file that holds data. A file shorter than the pages its
 * newest snapshot uses is refused as damaged before LMDB maps it. */
#define STORE_CREATE 1
#define STORE_CREATE_NEW 2
int store_open(gc_store **out, const char *path, int create, int depth,
	       const char *levels, gc_errs *errs);
void store_close(gc_store *st);

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

/* Meta values. */
int meta_get_u64(gc_store *st, MDB_txn *txn, const char *name, uint64_t *v);
int meta_put_u64(gc_store *st, MDB_txn *txn, const char *name, uint64_t v);

/* Mark a database as being filled by a bulk writer whose transactions
 * are not each complete (the demo writes its records last): opening it
 * is refused, naming `what`, until the writer clears the mark (NULL). */
int store_set_incomplete(gc_store *st, MDB_txn *txn, const char *what);

/* Human text for an LMDB or errno code, with advice for a full disk. */
const char *store_strerror(int rc);

#endif
