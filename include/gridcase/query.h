/* query.h - lists, search, export scans, statistics and verification. */
#ifndef GRIDCASE_QUERY_H
#define GRIDCASE_QUERY_H

#include "gridcase/core.h"

typedef struct gc_query {
	const char *form;        /* NULL: every form */
	const char *node;        /* NULL: the top of the user's scope */
	const char *state;
	const char *assignee;
	const char *search;      /* substring of any field value */
	const char *field_key;   /* with field_value: that field equals that value */
	const char *field_value;
	int overdue;
	int open_only;
	const char *sort;        /* id, created, updated, due, state or a field key; '-' prefix: descending; default -id */
	size_t limit;            /* 0: no limit */
	uint64_t since_seq;      /* export: changed after this change-feed sequence */
	int64_t since_time;      /* export: updated at or after this time */
} gc_query;

typedef struct gc_list {
	gc_record *recs;
	size_t n;
	size_t total;            /* matches before the limit */
} gc_list;

int core_list(gc_ctx *ctx, const gc_query *q, gc_list *out);
void list_free(gc_list *l);

/* Stream every matching record in id order (export). The callback returns
 * nonzero to stop. */
typedef int (*record_fn)(const gc_record *r, void *arg);
int core_scan(gc_ctx *ctx, const gc_query *q, record_fn fn, void *arg, uint64_t *last_seq);

/* Statistics of a node and its descendants to depth, from the counters. */
typedef struct gc_stat_row {
	const gc_node *node;
	int depth;                /* 0 for the node asked about */
	uint64_t total, open, overdue;
	uint64_t *by_state;       /* per state of the form's workflow */
} gc_stat_row;

typedef struct gc_stats {
	const gc_form *form;      /* NULL: all forms, by_state unused */
	gc_stat_row *rows;
	size_t n;
} gc_stats;

int core_stats(gc_ctx *ctx, const char *node, int depth, const char *form, gc_stats *out);
void stats_free(gc_stats *s);

/* verify's first step, before the database is opened: every page of the
 * file at path read with plain reads. 0 when whole (or not a file LMDB
 * opens: opening says why); GC_EIO with each problem and a summary added
 * to report when pages cannot be read. */
int core_verify_pages(const char *path, gc_errs *report);

/* Recompute every index and counter from the records; each mismatch is
 * added to report. Returns 0 when the database is consistent. */
int core_verify(gc_ctx *ctx, gc_errs *report, uint64_t *nrecords);

/* Records the configuration no longer describes (check-config). */
int core_check_stored(gc_ctx *ctx, gc_errs *report);

/* A hot, compacted, consistent copy of the database to path ("-": standard output). Refused
 * when path is the database, its lock file or one of owned_extra (a NULL-
 * terminated list of other files the program uses), by inode and by name. */
int core_backup(gc_ctx *ctx, const char *path, const char *const *owned_extra);

#endif
