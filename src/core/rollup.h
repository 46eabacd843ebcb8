/* SPDX-License-Identifier: MIT */
/* rollup.h - per-day rollup counters (docs/storage.md, table roll): for
 * every node (its whole subtree, as the counts table), form with a
 * workflow, local day a record was created and category (the form's first
 * choice field's value up to '/'), the counts an assessment adds for the
 * records of that cell: reported, open, closed, closed on time, working
 * seconds from created to closed, closed with each counted field above 0,
 * and one per state. Kept in the write batch's transaction (write.c),
 * rebuilt by reindex, recomputed by verify. Overdue (open with a due time
 * at or before now) depends on the time of asking and is not a rollup. */
#ifndef GRIDCASE_ROLLUP_H
#define GRIDCASE_ROLLUP_H

#include "core/core_int.h"
#include "core/write.h"

/* A cell's value: pairs of a counter byte and an int64 BE, in counter
 * order. In a batch's deltas (cmap) each counter has its own key: the
 * cell's key and the counter byte. */
#define ROLL_PAIR 9

/* The counter byte that ends a delta's key. */
enum {
	ROLL_REPORTED = 0, ROLL_OPEN = 1, ROLL_CLOSED = 2, ROLL_ON_TIME = 3, ROLL_HANDLING = 4,
	ROLL_COUNTED = 16,        /* + i: the i-th counted field (roll_counted) */
	ROLL_STATE = 64           /* + s: the workflow's s-th state (up to 191 states) */
};

/* The count fields an assessment of form f counts (the workflow's
 * transitions' `count:` fields, first appearance, at most max): the
 * order of ROLL_COUNTED + i. Returns how many. */
size_t roll_counted(const gc_form *f, const gc_field **out, size_t max);

/* A stored record's category as its cells have it: the value of form f's
 * first choice field up to '/' ("" when none), *len bytes, not
 * NUL-terminated. */
const char *roll_category(const gc_form *f, const rec_view *v, size_t *len);

/* Add d times a stored record's contribution (an encoded record) to m, at
 * its own node; wb_finish adds the ancestors and writes it. */
void roll_record(const gc_ctx *ctx, cmap *m, const void *blob, size_t len, int64_t d);

/* For a bulk writer that wrote form's rollups at its records' own nodes
 * only (roll_flush without up), all at nodes of `level`: add to every node above
 * it, deepest first, the cells of its children, so that each node holds
 * its subtree's. */
int roll_sum_up(gc_ctx *ctx, MDB_txn *txn, const char *form, int level, int release_map);

/* A rollup key in words: "node CODE form F day YYYY-MM-DD category C
 * counter NAME". */
void roll_key_name(const gc_ctx *ctx, const unsigned char *key, size_t klen, char *out, size_t n);

/* verify: the roll table against expected (roll_record of every record,
 * not yet rolled up): each wrong, missing or extra entry named in report
 * (at most 20, then a count). Frees expected. */
void roll_verify(gc_ctx *ctx, MDB_txn *txn, cmap *expected, gc_errs *report);

/* Read the rollups of node (its subtree) and form over local days
 * [day_from, day_to] (inclusive): fn gets each entry's day, category
 * (not NUL-terminated), counter and value; nonzero from fn stops. */
typedef int (*roll_fn)(long day, const char *cat, size_t catlen, int counter, int64_t value, void *arg);
int roll_read(gc_ctx *ctx, MDB_txn *txn, uint32_t node_id, const char *form, long day_from, long day_to,
	      roll_fn fn, void *arg);

#endif
