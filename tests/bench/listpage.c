/* SPDX-License-Identifier: MIT */
/* listpage.c - what a page of the UI's list costs where it is: core_list
 * for 200 records at the top, by offset into the middle, after and before
 * a record there (how the UI reads on from the page it has), at the end
 * (G) and one page down; best of 5 each, in the process (no start-up); for
 * the whole list and filtered ones (state dispatched, overdue, open, both), whose
 * total is counted from the postings.
 * Usage: listpage CONFIG DB (as admin: the whole district). */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "gridcase/core.h"

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* One list's six pages: the filter f applied to each query. */
static int pages(gc_ctx *ctx, const char *what, void (*f)(gc_query *))
{
	static const char *const names[] = { "top", "offset to the middle", "after a record in the middle",
					     "before a record in the middle", "the end (G)", "one page down" };
	uint64_t mid = 0;
	size_t total = 0;
	printf("a page of 200 of the district's list%s (core_list, best of 5):\n", what);
	for (int k = 0; k < 6; k++) {
		double best = 1e9;
		gc_list l;
		memset(&l, 0, sizeof l);
		for (int rep = 0; rep < 5; rep++) {
			gc_query q;
			memset(&q, 0, sizeof q);
			f(&q);
			q.limit = 200;
			q.offset = k == 1 ? total / 2 : k == 4 ? (total > 200 ? total - 200 : 0) : k == 5 ? 200 : 0;
			q.after = k == 2 || k == 3 ? mid : 0;
			if (k == 2)
				q.offset = total / 2 + 1;
			if (k == 3)
				q.offset = total / 2 > 200 ? total / 2 - 200 : 0;
			q.before = k == 3;
			list_free(&l);
			double t0 = now_ms();
			if (core_list(ctx, &q, &l))
				return 1;
			double took = now_ms() - t0;
			best = took < best ? took : best;
		}
		if (k == 0)
			total = l.total;
		if (k == 1 && l.n)
			mid = l.recs[0].id;
		printf("  %-32s %8.2f ms   (%zu records of %zu%s, first #%llu)\n", names[k], best, l.n, l.total,
		       l.more ? "+" : "", l.n ? (unsigned long long)l.recs[0].id : 0ULL);
		list_free(&l);
	}
	return 0;
}

static void no_filter(gc_query *q)
{
	(void)q;
}

static void dispatched(gc_query *q)
{
	q->state = "dispatched";
}

static void overdue(gc_query *q)
{
	q->overdue = 1;
}

static void dispatched_overdue(gc_query *q)
{
	q->state = "dispatched";
	q->overdue = 1;
}

static void open_only(gc_query *q)
{
	q->open_only = 1;
}

int main(int argc, char **argv)
{
	gc_errs e;
	gc_ctx *ctx;
	errs_init(&e);
	gc_config *cfg = argc == 3 ? config_load(argv[1], &e) : NULL;
	if (!cfg || core_open(&ctx, cfg, argv[2], "admin", 0, &e)) {
		fprintf(stderr, "usage: listpage CONFIG DB\n");
		return 2;
	}
	int rc = pages(ctx, "", no_filter) || pages(ctx, ", state dispatched", dispatched) ||
		 pages(ctx, ", overdue (due order, counted)", overdue) || pages(ctx, ", open (counted)", open_only) ||
		 pages(ctx, ", dispatched and overdue (counted)", dispatched_overdue);
	core_close(ctx);
	config_free(cfg);
	return rc;
}
