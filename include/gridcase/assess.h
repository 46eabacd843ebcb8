/* assess.h - assessment statistics (考核): for the records of one form
 * reported in a period under a node, per child node and per category:
 * counts per state, overdue, closed, closed on time, the share counted by
 * a workflow count (返工) and the average handling time. Computed by a scan,
 * not from the counters, because the period is arbitrary. */
#ifndef GRIDCASE_ASSESS_H
#define GRIDCASE_ASSESS_H

#include "gridcase/query.h"

#define ASSESS_MAX_COUNTED 8

typedef struct assess_counts {
	uint64_t reported;            /* created in the period */
	uint64_t open, overdue;       /* now: not final; and past due */
	uint64_t closed, on_time;     /* in a final state; and never past a limit */
	uint64_t counted[ASSESS_MAX_COUNTED];   /* closed with that count field above 0 */
	int64_t handling_secs;        /* closed: working time from report to close, summed */
	uint64_t *by_state;           /* per state of the form's workflow */
} assess_counts;

typedef struct assess_row {
	const gc_node *node;          /* rows: a child of the node (or the node itself) */
	char *name;                   /* categories: the value before any '/' */
	assess_counts c;
} assess_row;

typedef struct gc_assess {
	const gc_form *form;
	const gc_node *node;
	int64_t from, to;             /* created in [from, to); 0: open */
	int64_t made;                 /* when it was computed */
	const char *category_field;   /* the form's first choice field, or NULL */
	const gc_field *counted[ASSESS_MAX_COUNTED];   /* int fields transitions count */
	size_t ncounted;
	assess_row *rows;             /* the node's children that have records, in tree order */
	size_t nrows;
	assess_row *cats;             /* categories, by first appearance */
	size_t ncats;
	assess_row total;
} gc_assess;

/* form NULL: the first form with a workflow at the lowest level it is
 * used for. node NULL: the top of the user's scope. */
int core_assess(gc_ctx *ctx, const char *node, const char *form, int64_t from, int64_t to, gc_assess *out);
void assess_free(gc_assess *a);

/* Percentages as whole tenths (-1 when the base is 0), and the average
 * handling time in working hours (tenths). */
int assess_rate(uint64_t part, uint64_t whole);
int assess_hours(const assess_counts *c);
/* The period in words: "all time", or "FROM .. TO" with start or now for
 * an open end. */
void assess_period(const gc_assess *a, char *out, size_t n);

#endif
