/* SPDX-License-Identifier: MIT */
/* write.h - the single path by which records change. One batch is one
 * write transaction: record, indexes, subtree counters, history and change
 * feed are written together or not at all. */
#ifndef GRIDCASE_WRITE_H
#define GRIDCASE_WRITE_H

#include "core/core_int.h"
#include "core/stage.h"
#include "core/postings.h"

/* A hash map from counter key (node id be32 + form NUL state) to a number;
 * used for counter deltas in a batch and for recounting in verify. */
typedef struct counter_delta {
	unsigned char *key;
	size_t klen;
	int64_t delta;
	uint64_t hash;          /* of the key as added (a key changed in place is not found again) */
} counter_delta;

typedef struct cmap {
	counter_delta *slots;   /* open addressing, cap a power of two */
	size_t n, cap;
	gc_arena keys;          /* the keys' bytes, freed with the map (a large import adds millions) */
} cmap;

void cmap_add(cmap *m, const unsigned char *key, size_t klen, int64_t d);
counter_delta *cmap_find(const cmap *m, const unsigned char *key, size_t klen);
void cmap_free(cmap *m);

/* The tables a batch writes through its own cursors. */
enum { WB_REC_ID, WB_RECORDS, WB_HISTORY, WB_FEED, WB_DUE, WB_POST, WB_POST_DUE, WB_NCURSORS };

typedef struct wbatch {
	gc_ctx *ctx;
	MDB_txn *txn;
	uint64_t seq, next_id;
	cmap deltas;
	gc_buf key, val;
	uint64_t max_id;         /* highest record id stored: larger ids are appended */
	/* One cursor per table for the whole batch: appends through a cursor
	 * that already sits at the end skip the search from the root. */
	MDB_cursor *cur[WB_NCURSORS];
	/* Bulk writers: new records go to this stage, which its owner writes
	 * (stage_write) before the last commit; flush_at > 0 writes and clears
	 * it in the batch whenever it holds that many. Its buckets are nodes in
	 * key order (`order`). */
	rec_stage *stage;
	size_t flush_at;
	const struct bulk_order *order;
	/* The postings of the record being written and of its old version. */
	post_set post_new, post_old;
	int has_old;
	/* Bulk writers (with a stage): new records' postings, held and put in
	 * key order when many are held and at the end. */
	post_hold held;
	/* Rollup deltas (rollup.h), at each record's own node. */
	cmap roll;
	/* Bulk writers: let go of the map's pages (store_release_map) every
	 * so many entries inside the long loops of a transaction too. */
	int release_map;
#define WB_RELEASE_EVERY 512    /* entries written between two releases (a list's pages, a cell's) */
} wbatch;

/* What the indexes need to know of a record (strings borrowed). */
typedef struct rec_meta {
	uint64_t id, seq;
	uint32_t version, node_id;
	int64_t due;
	const char *form, *state, *assignee;
} rec_meta;

int wb_begin(wbatch *wb, gc_ctx *ctx, MDB_txn *txn);
/* The batch's cursor on one of its tables, opened on first use. */
int wb_cursor(wbatch *wb, int which, MDB_cursor **out);
/* Write up to max of what stage s holds through the batch's cursor on its table. */
int wb_stage_write(wbatch *wb, rec_stage *s, size_t max);
/* Write rec (old: its stored version before the change, or NULL when new)
 * with its history entry. Assigns rec->seq and, for new records without an
 * id, rec->id. */
int wb_put(wbatch *wb, const gc_record *old, gc_record *rec, const gc_hist *h);
/* Write a new record already encoded by rec_encode (bulk writers encode on
 * another thread). Assigns m->id when 0 and m->seq, and writes the blob
 * with both put in (rec_renumber). The history is written separately (wb_put_history_value). */
int wb_put_new_blob(wbatch *wb, rec_meta *m, unsigned char *blob, size_t len);
/* A new record and its history entry as an import's check encoded them
 * (import_keep.c): as wb_put of the decoded record would write them. */
int wb_put_kept(wbatch *wb, rec_meta *m, const void *blob, size_t len, const void *hist, size_t hlen);
/* A new record's history, already encoded: one entry (hist_encode) or a
 * run of entries from `version` on (hist_run_add), as the demo writes a
 * case's whole past. */
int wb_put_history_value(wbatch *wb, uint64_t id, uint32_t version, const void *value, size_t len);
/* The due index's value of a stored record (an encoded record) in out:
 * node id be32, form, NUL, the local day of created be32 and the category
 * (roll_category), as docs/storage.md; node id and form alone (the value
 * before the day and category were added) when the blob cannot be read. */
void wb_due_value(const gc_ctx *ctx, gc_buf *out, uint32_t node_id, const char *form, const void *blob, size_t len);
/* Put lists of new ids (post_hold_sorted: in key order), each appended to
 * its key's list. A bulk writer may take the batch's held postings
 * (wbatch.held) and write them later with this, a few at a time. */
int wb_put_lists(wbatch *wb, post_list *const *v, size_t n);
/* Flush counters and meta; call before commit. Frees the batch. */
int wb_finish(wbatch *wb);
void wb_discard(wbatch *wb);

/* The rollups' writer (rollup.h: the cells and their deltas). */
/* Write a batch's deltas m (per counter: a cell's key + its counter byte)
 * to the roll table, added to what it holds; with up, then to every
 * ancestor's cells, a level at a time. With release_map, the map's pages are
 * let go every so many cells (store_release_map: bulk writers). Frees m. */
int roll_flush(gc_ctx *ctx, MDB_txn *txn, cmap *m, int up, int release_map);
/* The same in parts: m's deltas in key order (free the array; the deltas
 * stay m's), then up to `cells` cells of them from v[from] (v has n) added
 * to the table; *end: where the next part begins. */
counter_delta **roll_sorted(cmap *m, size_t *n);
int roll_write(gc_ctx *ctx, MDB_txn *txn, counter_delta *const *v, size_t from, size_t n, size_t cells,
	       size_t *end, int release_map);

/* The key order of nodes: the buckets of a bulk writer's stage. Made
 * once per bulk write (not when a database opens: no other command needs
 * it). */
typedef struct bulk_order {
	uint32_t *node_rank;     /* node id -> position of its path in key order */
	size_t nnodes;           /* buckets of the records stage */
} bulk_order;

void bulk_order_init(bulk_order *o, const gc_ctx *ctx);
void bulk_order_free(bulk_order *o);

/* Key of a record: its node's path then its id. */
size_t record_key(const gc_ctx *ctx, uint32_t node_id, uint64_t id, unsigned char *out);

/* Add d to the counter of (form, state) in a node; then counts_roll_up
 * turns a map of such counts into the counts of every node and ancestor
 * (the rollup invariant: a node counts its whole subtree). */
void count_state(const gc_ctx *ctx, cmap *m, uint32_t node_id, const char *form, const char *state, int64_t d);
void counts_roll_up(const gc_ctx *ctx, cmap *m);

#endif
