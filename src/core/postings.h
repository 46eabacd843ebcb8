/* SPDX-License-Identifier: MIT */
/* postings.h - the postings index (docs/storage.md, keys.h): for every
 * node, term and record, the record's id under (tag, term, node path), and
 * for open records with a time limit (due, id) under (form, node path).
 * Filtered lists walk these lists instead of the records: a subtree is a
 * key range, each node's list is in id (or due) order, and a heap merges
 * the nodes' lists, so the first page costs about a page of steps. */
#ifndef GRIDCASE_POSTINGS_H
#define GRIDCASE_POSTINGS_H

#include "core/core_int.h"
#include "store/keys.h"

/* The postings of one stored record: the keys (path included) of its
 * terms and, when it is open with a time limit, its due entry. */
typedef struct post_set {
	gc_buf b;                      /* the keys, one after another */
	size_t *off, *len;
	size_t n, cap;
	int has_due;
	unsigned char due_key[KEY_MAX], due_val[16];
	size_t due_klen;
	unsigned char id_val[8];       /* the record's id, u64 BE: the value of each term key */
	/* The keys by hash (index + 1; 0 empty) while they are few, so a
	 * record's grams are each looked up once, not against every key. */
#define POST_SET_SLOTS 256
	uint16_t slot[POST_SET_SLOTS];
} post_set;

void post_set_init(post_set *s);
void post_set_free(post_set *s);
/* The postings of an encoded record (rec_encode): -1 when it cannot be
 * read; a record at a node the tree does not hold has none. */
int post_set_of_blob(const gc_ctx *ctx, const void *blob, size_t len, post_set *out);
/* Whether s holds key (of length klen) among its term keys. A search
 * field's grams (ngram.h) are terms too: tag NGRAM_BI or NGRAM_QUAD, the
 * gram as the term. */
int post_set_has(const post_set *s, const unsigned char *key, size_t klen);

/* A filtered walk: records under node (only node itself when exact) that
 * have every term, in id order (newest first when desc) or, with by_due,
 * those whose due entry lies in [due_lo, due_hi), in due order. */
typedef struct post_plan {
	const gc_node *node;
	int exact;
	int desc;
	size_t nterms;
	unsigned char term[8][KEY_MAX];   /* tag + term + NUL: a key without its path */
	size_t tlen[8];
	int by_due;
	const char *form;                 /* by_due: this form's due lists (NULL: every form's) */
	int64_t due_lo, due_hi;
	/* Start past this entry (0: at the end): the id, and by_due its due
	 * time; the walk begins just after it in its own order (desc or not). */
	uint64_t from_id;
	int64_t from_due;
} post_plan;

/* Add a term to a plan (0), or -1 when it holds as many as it can (a
 * term left out only lets more candidates through to the record's check). */
int post_plan_term(post_plan *p, int tag, const char *term);
int post_plan_term_n(post_plan *p, int tag, const char *term, size_t tlen);
/* fn gets each match's node and id and returns nonzero to stop the walk.
 * Returns 0 or an LMDB error. */
typedef int (*post_fn)(uint32_t node_id, uint64_t id, void *arg);
int post_walk(gc_ctx *ctx, MDB_txn *txn, const post_plan *p, post_fn fn, void *arg);

/* How many records post_walk(p) gives whose node ok accepts (the order
 * left aside, so no heap): SIZE_MAX when that would cost more than
 * max_steps (an entry read is one, eight with a check of other terms; 0:
 * no limit); *rc: 0 or an LMDB error. */
size_t post_count(gc_ctx *ctx, MDB_txn *txn, const post_plan *p, int (*ok)(uint32_t node, void *arg), void *arg,
		  size_t max_steps, int *rc);

/* post_count's count and then post_walk, from the same heads: one seek
 * a list, not two (*count SIZE_MAX past max_steps). */
int post_walk_counted(gc_ctx *ctx, MDB_txn *txn, const post_plan *p, int (*ok)(uint32_t node, void *arg), void *okarg,
		      size_t max_steps, size_t *count, post_fn fn, void *arg);

/* The records that hold every gram g[0..n) (ngram_query), newest first,
 * whatever their node: fn gets each one's node and id (and returns nonzero
 * to stop). Returns 0 or an LMDB error. */
struct ngram;
int post_search(gc_ctx *ctx, MDB_txn *txn, const struct ngram *g, size_t n, post_fn fn, void *arg);

/* The records created in [from, to) (0: open), in id order, whatever
 * their node, from the created days' lists (and maybe a few of the days
 * at the ends outside it: the caller checks the time). */
int post_days(gc_ctx *ctx, MDB_txn *txn, int64_t from, int64_t to, post_fn fn, void *arg);

/* A bulk writer's held postings (post_hold.c): per key, its ids (u64 BE,
 * in the order added). */
typedef struct post_list {
	unsigned char *key, *ids;
	size_t klen, n, cap;
} post_list;

typedef struct post_hold {
	post_list *slot;          /* open addressing, cap a power of two */
	size_t cap, nkeys, nids;
} post_hold;

void post_hold_add(post_hold *h, const unsigned char *key, size_t klen, const unsigned char *id);
/* The held lists in key order (free the array; the lists stay h's). */
post_list **post_hold_sorted(post_hold *h, size_t *n);
void post_hold_free(post_hold *h);

/* The node id a path names: its last nonzero part. */
uint32_t post_path_node(const unsigned char *path, int depth);

#endif
