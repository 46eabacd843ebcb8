/* SPDX-License-Identifier: MIT */
/* query_int.h - what the list code shares (query.c, query_post.c): the
 * target of a query, the candidates it collects and how they sort. */
#ifndef GRIDCASE_QUERY_INT_H
#define GRIDCASE_QUERY_INT_H

#include "core/core_int.h"
#include "core/postings.h"

/* Where a query may look: the target node and how to match it. */
typedef struct target {
	const gc_node *node;
	int exact;          /* own scope: the node itself, not its subtree */
	int64_t now;
} target;

typedef struct cand {
	uint64_t id;
	int64_t num;
	const char *str;
	size_t slen;
	const void *data;
	size_t size;
} cand;

typedef struct sort_order {
	int desc;          /* newest (largest) first */
	int by_str;        /* by the string (state, a field), else the number */
} sort_order;

typedef struct collector {
	gc_ctx *ctx;
	MDB_txn *txn;          /* for the review marks */
	const gc_query *q;
	const target *t;
	int sort;
	const char *sort_field;
	sort_order order;
	cand *c;
	size_t n, cap;
	uint64_t bound;        /* qry_take_ends: start past this id (0: at the ends) */
} collector;

/* A count of records (the counters', or of a node's own range). */
typedef struct tally {
	const gc_ctx *ctx;
	const char *form;     /* NULL: every form */
	const char *state;    /* NULL: every state */
	int open_only;
	size_t total;
} tally;

enum { SORT_ID, SORT_CREATED, SORT_UPDATED, SORT_DUE, SORT_STATE, SORT_FIELD };

int qry_str_eq(const char *a, size_t an, const char *b);
int qry_in_target(const gc_ctx *ctx, const target *t, uint32_t node_id);
/* A stored record, if it matches the query, among the candidates. */
void qry_collect(collector *col, const void *data, size_t size);
int qry_get_record(MDB_txn *txn, gc_ctx *ctx, uint32_t node, uint64_t id, store_item *it);

/* query_post.c: a plan for the query's posted filters (0: none worth it;
 * 1: the candidates in no useful order; 2: in the list's order), the list
 * from it, and the counters' total of a subtree. */
int qry_plan(const gc_ctx *ctx, const gc_query *q, const target *t, post_plan *p);
int qry_posted(MDB_txn *txn, gc_ctx *ctx, const gc_query *q, const target *t, collector *col,
	       const post_plan *p, int mode, size_t *total, int *more, size_t *skip, int *keyed);
size_t qry_counted_total(MDB_txn *txn, gc_ctx *ctx, const target *t, const gc_query *q);
/* A search (query_post.c): the grams' postings, a scan of the newest
 * GC_SEARCH_SCAN records in scope (*bounded when the scope holds more), and
 * the record whose id the query's digits are. */
int qry_search(MDB_txn *txn, gc_ctx *ctx, const gc_query *q, const target *t, collector *col, int *more,
	       int *bounded);

/* query.c: the newest (col's order) records of the target's subtree, one
 * heap over its nodes' ranges: until limit match (0: no limit) or max_seen
 * were read (0: all); *seen (when not NULL) is how many were read, SIZE_MAX
 * when that was all of them. */
int qry_take_ends(MDB_txn *txn, gc_ctx *ctx, const target *t, collector *col, size_t limit, size_t max_seen,
		  size_t *seen);

#endif
