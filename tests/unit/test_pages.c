/* SPDX-License-Identifier: MIT */
/* test_pages.c - a filtered list read a page at a time (core_list with
 * after/before and offset, src/core/query_post.c): for each filter the
 * whole list is a scan's matches (core_scan, the records read one by one)
 * in the list's order, the page after or before any record is the same
 * slice of it, the pages at the end (G) are its last records, and the
 * total is the scan's count (the review queue's a lower bound, its
 * reference the whole list). A real LMDB file with a demo district of
 * 3000 cases. */
#include <stdlib.h>
#include "unit.h"
#include "gridcase/core.h"
#include "gridcase/demo.h"

static char *dir;
static gc_config *cfg;
static char dbpath[600];

static gc_ctx *open_as(const char *login)
{
	gc_ctx *ctx;
	gc_errs e;
	errs_init(&e);
	assert_int_equal(core_open(&ctx, cfg, dbpath, login, 1, &e), 0);
	errs_free(&e);
	return ctx;
}

static int setup(void **state)
{
	(void)state;
	gc_errs e;
	errs_init(&e);
	dir = unit_tmpdir();
	snprintf(dbpath, sizeof dbpath, "%s/t.db", dir);
	cfg = config_load("config/demo", &e);
	assert_non_null(cfg);
	cal_apply_timezone(&cfg->cal);
	setenv("GRIDCASE_NOW", "2026-11-23T09:00:00+08:00", 1);
	gc_ctx *admin = open_as("admin");
	demo_report rep;
	assert_int_equal(core_demo(admin, 3000, 3, &rep), 0);
	core_close(admin);
	errs_free(&e);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	config_free(cfg);
	unit_rmdir(dir);
	unsetenv("GRIDCASE_NOW");
	return 0;
}

typedef struct hit {
	uint64_t id;
	int64_t due;
} hit;

typedef struct hits {
	hit *h;
	size_t n, cap;
} hits;

static int take(const gc_record *r, void *arg)
{
	hits *hs = arg;
	if (hs->n == hs->cap)
		hs->h = realloc(hs->h, (hs->cap = hs->cap ? 2 * hs->cap : 256) * sizeof *hs->h);
	hs->h[hs->n].id = r->id;
	hs->h[hs->n++].due = r->due;
	return 0;
}

static int newest_first(const void *a, const void *b)
{
	const hit *x = a, *y = b;
	return (x->id < y->id) - (x->id > y->id);
}

static int by_due(const void *a, const void *b)
{
	const hit *x = a, *y = b;
	if (x->due != y->due)
		return (x->due > y->due) - (x->due < y->due);
	return (x->id > y->id) - (x->id < y->id);
}

static void check_page(gc_ctx *ctx, const gc_query *q, const hits *all, size_t from, size_t n)
{
	gc_list page;
	assert_int_equal(core_list(ctx, q, &page), 0);
	assert_int_equal(page.n, n);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(page.recs[i].id, all->h[from + i].id);
	if (!page.more)
		assert_int_equal(page.total, all->n);
	list_free(&page);
}

/* One filtered list against the scan, page by page. */
static void pages_of(gc_ctx *ctx, const gc_query *filter, int due_order)
{
	hits all = { 0 };
	gc_query q = *filter;
	gc_list whole;
	assert_int_equal(core_list(ctx, &q, &whole), 0);
	if (filter->unreviewed) {   /* (a scan does not read the review marks: the whole list is the reference) */
		for (size_t i = 0; i < whole.n; i++)
			take(&whole.recs[i], &all);
	} else {
		assert_int_equal(core_scan(ctx, filter, take, &all, NULL), 0);
		qsort(all.h, all.n, sizeof *all.h, due_order ? by_due : newest_first);
	}
	assert_true(all.n >= 4);   /* a list of several pages */
	assert_int_equal(whole.n, all.n);
	for (size_t i = 0; i < all.n; i++)
		assert_int_equal(whole.recs[i].id, all.h[i].id);
	list_free(&whole);
	const size_t lim = all.n > 20 ? 7 : 2;
	q.limit = lim;
	/* The total is the real count (no lower bound, unless nothing can
	 * count it: the review queue) and G's page is the last. */
	gc_list first;
	assert_int_equal(core_list(ctx, &q, &first), 0);
	assert_int_equal(first.more, filter->unreviewed && all.n > lim);
	assert_int_equal(first.more ? first.total : all.n, first.more ? lim : first.total);
	list_free(&first);
	q.offset = all.n - lim;
	check_page(ctx, &q, &all, all.n - lim, lim);
	q.offset = all.n - 3;
	check_page(ctx, &q, &all, all.n - 3, lim < 3 ? lim : 3);
	for (size_t at = 0; at < all.n; at += 5) {
		q.after = all.h[at].id;
		q.offset = at + 1;
		q.before = 0;
		check_page(ctx, &q, &all, at + 1, at + 1 + lim <= all.n ? lim : all.n - at - 1);
		q.before = 1;
		size_t from = at > lim ? at - lim : 0;
		q.offset = from;
		check_page(ctx, &q, &all, from, at - from);
	}
	q.after = 0;
	q.before = 0;
	free(all.h);
}

static void filtered_pages(void **state)
{
	(void)state;
	gc_ctx *admin = open_as("admin");
	gc_query q;
	memset(&q, 0, sizeof q);
	q.state = "dispatched";
	pages_of(admin, &q, 0);
	/* Its first record's assignee and category, as further filters. */
	gc_list one;
	q.limit = 1;
	assert_int_equal(core_list(admin, &q, &one), 0);
	assert_int_equal(one.n, 1);
	char who[64], cat[128];
	snprintf(who, sizeof who, "%s", one.recs[0].assignee ? one.recs[0].assignee : "");
	snprintf(cat, sizeof cat, "%s", rec_field(&one.recs[0], "category"));
	list_free(&one);
	memset(&q, 0, sizeof q);
	q.open_only = 1;
	pages_of(admin, &q, 0);
	q.form = "case";
	q.state = "dispatched";
	q.open_only = 0;
	pages_of(admin, &q, 0);
	memset(&q, 0, sizeof q);
	q.assignee = who;
	pages_of(admin, &q, 0);
	memset(&q, 0, sizeof q);
	q.field_key = "category";
	q.field_value = cat;
	q.open_only = 1;
	pages_of(admin, &q, 0);
	memset(&q, 0, sizeof q);
	q.overdue = 1;
	pages_of(admin, &q, 1);
	q.node = "510304001";   /* a street */
	pages_of(admin, &q, 1);
	memset(&q, 0, sizeof q);
	q.due_soon = 1;
	q.open_only = 1;
	pages_of(admin, &q, 1);
	core_close(admin);
	/* As a community's worker, who sees only it. */
	gc_ctx *ww = open_as("wangwu");
	memset(&q, 0, sizeof q);
	q.open_only = 1;
	pages_of(ww, &q, 0);
	/* The review queue (a lower bound, paged by key all the same). */
	q.unreviewed = 1;
	pages_of(ww, &q, 0);
	core_close(ww);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(filtered_pages),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
