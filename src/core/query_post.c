/* SPDX-License-Identifier: MIT */
/* query_post.c - filtered lists from the postings (postings.h, docs/storage.md
 * "Postings"): which filters the postings answer, the walk's matches
 * collected, and the total from the counters where they count it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/query_int.h"
#include "store/keys.h"
#include "core/ngram.h"

/* Whether the field the query names is a choice field (whose values have
 * postings) in every form the query covers that has it. */
static int field_posted(const gc_ctx *ctx, const gc_query *q)
{
	int any = 0;
	if (strlen(q->field_key) + 1 + strlen(q->field_value) > POST_TERM_MAX || !*q->field_value)
		return 0;
	for (size_t i = 0; i < ctx->cfg->nforms; i++) {
		const gc_form *f = &ctx->cfg->forms[i];
		int fi = q->form && strcmp(f->key, q->form) ? -1 : config_field_index(f, q->field_key);
		if (fi < 0)
			continue;
		if (f->fields[fi].type != FT_CHOICE)
			return 0;
		any = 1;
	}
	return any;
}

static int sort_is(const gc_query *q, const char *s)
{
	return q->sort && !strcmp(q->sort, s);
}

/* A plan for the query's indexed filters: 0 when it has none worth it (a
 * form alone is the records' own ranges), 1 when the postings give the
 * candidates in no useful order, 2 when they come in the list's order (so
 * the walk stops after the limit). */
int qry_plan(const gc_ctx *ctx, const gc_query *q, const target *t, post_plan *p)
{
	memset(p, 0, sizeof *p);
	p->node = t->node;
	p->exact = t->exact;
	if (q->assignee && *q->assignee)
		post_plan_term(p, POST_ASSIGNEE, q->assignee);
	if (q->field_key && q->field_value && field_posted(ctx, q)) {
		char term[POST_TERM_MAX + 2];
		snprintf(term, sizeof term, "%s=%s", q->field_key, q->field_value);
		post_plan_term(p, POST_VALUE, term);
	}
	if (q->state && *q->state)
		post_plan_term(p, POST_STATE, q->state);
	p->by_due = q->overdue || q->due_soon;
	if (p->by_due) {
		p->form = q->form;
		p->due_lo = q->due_soon ? t->now : 0;
		p->due_hi = q->overdue ? t->now : t->now + GC_DUE_SOON;
	} else {
		if (q->open_only)
			post_plan_term(p, POST_OPEN, "");
		if (!p->nterms)
			return 0;
		if (q->form)
			post_plan_term(p, POST_FORM, q->form);
	}
	if (p->by_due ? !q->sort || sort_is(q, "due") : !q->sort || sort_is(q, "-id")) {
		p->desc = !p->by_due;
		return 2;
	}
	if (sort_is(q, p->by_due ? "-due" : "id")) {
		p->desc = p->by_due;
		return 2;
	}
	return 1;
}

typedef struct post_take {
	collector *col;
	MDB_txn *txn;
	size_t stop_at;     /* 0: take every match */
	int stopped;        /* stopped with stop_at matches */
} post_take;

static int take_posted(uint32_t node, uint64_t id, void *arg)
{
	post_take *pt = arg;
	gc_ctx *ctx = pt->col->ctx;
	store_item rd;
	if (!qry_in_target(ctx, pt->col->t, node))
		return 0;
	if (qry_get_record(pt->txn, ctx, node, id, &rd) == 0)
		qry_collect(pt->col, rd.val, rd.vlen);
	if (pt->stop_at && pt->col->n >= pt->stop_at) {
		pt->stopped = 1;
		return 1;
	}
	return 0;
}


static int add_counter(const store_item *e, void *arg)
{
	tally *ty = arg;
	const char *f = (const char *)e->key + 4;
	size_t fl = e->klen > 4 ? strnlen(f, e->klen - 4) : 0;
	if (e->klen < 5 + fl || (ty->form && !qry_str_eq(f, fl, ty->form)))
		return 0;
	char form[256], state[256];
	snprintf(form, sizeof form, "%.*s", (int)fl, f);
	snprintf(state, sizeof state, "%.*s", (int)(e->klen - 5 - fl), f + fl + 1);
	if ((ty->state && strcmp(state, ty->state)) || (ty->open_only && !core_is_open(ty->ctx, form, state)))
		return 0;
	ty->total += (size_t)get_be64(e->val);
	return 0;
}

/* Records in the subtree of the form, in the state, open (each when
 * given), from the counters. */
size_t qry_counted_total(MDB_txn *txn, gc_ctx *ctx, const target *t, const gc_query *q)
{
	unsigned char pre[4];
	tally ty = { ctx, q->form, q->state, q->open_only, 0 };
	store_each(ctx->st, txn, TBL_COUNTS, pre, key_node(pre, t->node->id), 4, add_counter, &ty);
	return ty.total;
}

/* Whether the counters count exactly what the query lists. */
static int counters_say(const gc_query *q, const target *t)
{
	return !t->exact && !(q->assignee && *q->assignee) && !q->field_key && !q->overdue && !q->due_soon &&
	       !q->unreviewed &&
	       !(q->search && *q->search) && !q->since_time && !q->since_seq && !q->created_from && !q->created_to;
}

/* A count's budget (post_count): 262,144 entries read, or 32,768 read and
 * checked against another term, about 6 ms either way at 1,000,000 cases
 * (docs/performance.md); past it the total is a lower bound (unless the
 * query asks to count it all: G, the real last record). A list with
 * nothing else to check is counted by its length, one step a node. */
#define POST_COUNT_STEPS 262144

/* GRIDCASE_COUNT_STEPS sets a smaller budget, so tests can see a list
 * whose count is past it without a district of a million cases. */
static size_t count_steps(void)
{
	const char *s = getenv("GRIDCASE_COUNT_STEPS");
	long v = s ? atol(s) : 0;
	return v > 0 ? (size_t)v : POST_COUNT_STEPS;
}

/* Whether the plan's walk yields exactly the query's matches (every
 * filter is a posting), so counting the walk counts the list. */
static int plan_whole(const gc_ctx *ctx, const gc_query *q)
{
	return !q->unreviewed && !(q->search && *q->search) && !q->since_time && !q->since_seq && !q->created_from &&
	       !q->created_to && (!q->field_key || (q->field_value && field_posted(ctx, q))) &&
	       (!q->state || *q->state) && (!q->assignee || *q->assignee);
}

static int node_in(uint32_t node, void *arg)
{
	void **a = arg;
	return qry_in_target(a[0], a[1], node);
}

/* The bound of a page next to the record after (postings.h, from_id):
 * its id and, in due order, its due time; 0 when it is gone. */
static int plan_bound(MDB_txn *txn, gc_ctx *ctx, uint64_t after, post_plan *p)
{
	unsigned char k[KEY_MAX];
	store_item it, rd;
	rec_view v;
	p->from_id = after;
	if (!p->by_due)
		return 1;
	if (store_get(ctx->st, txn, TBL_REC_ID, k, key_id(k, after), &it) || it.vlen != 4 ||
	    qry_get_record(txn, ctx, get_be32(it.val), after, &rd) || rec_peek(rd.val, rd.vlen, &v) || !v.due)
		return 0;
	p->from_due = v.due;
	return 1;
}

/* A filtered list from the postings: in the list's order (mode 2) the
 * walk stops one match past the limit, and the total comes from the
 * counters when they count it, else from counting the walk when every
 * filter is a posting, else it is said to be a lower bound. Next to a
 * record (q->after) the walk starts at it; a page past the middle of a
 * counted list is read from the other end. *skip: how many of the sorted
 * candidates to pass over; *keyed: the page is the one after (before) the
 * record, not the offset's. */
int qry_posted(MDB_txn *txn, gc_ctx *ctx, const gc_query *q, const target *t, collector *col,
	       const post_plan *p, int mode, size_t *total, int *more, size_t *skip, int *keyed)
{
	post_plan plan = *p;
	post_take pt = { col, txn, mode == 2 && q->limit ? q->offset + q->limit + 1 : 0, 0 };
	int counted = 0, whole = 0, rc;
	void *in_t[2] = { ctx, (void *)t };
	size_t max_steps = q->count_all ? 0 : count_steps(), n;
	*skip = q->offset;
	if (p->by_due && !q->sort) {   /* due order: the longest overdue (or soonest due) first */
		col->sort = SORT_DUE;
		col->order.desc = 0;
		col->order.by_str = 0;
	}
	if (mode == 2 && q->limit) {
		if (counters_say(q, t)) {
			*total = qry_counted_total(txn, ctx, t, q);
			counted = 1;
		} else if (plan_whole(ctx, q)) {
			whole = 1;
		}
	}
	if (whole && (q->offset || q->after)) {   /* where the walk starts depends on the count */
		n = post_count(ctx, txn, p, node_in, in_t, max_steps, &rc);
		if (rc)
			return rc;
		if (n != SIZE_MAX) {
			*total = n;
			counted = 1;
		}
		whole = 0;
	}
	if (mode == 2 && q->limit && q->after && (counted || !q->before) && plan_bound(txn, ctx, q->after, &plan)) {
		/* Before the record: walk back from it, the limit's worth. */
		plan.desc ^= q->before;
		pt.stop_at = q->limit + !q->before;
		*skip = 0;
		*keyed = 1;
	} else if (counted && q->offset < *total && *total - q->offset < q->offset + q->limit) {
		/* The last total - offset, walked from the end; sorted again later. */
		plan.desc = !plan.desc;
		pt.stop_at = *total - q->offset;
		*skip = 0;
	}
	if (whole) {   /* the first page: counted as the walk puts its heads */
		rc = post_walk_counted(ctx, txn, &plan, node_in, in_t, max_steps, &n, take_posted, &pt);
		if (!rc && n != SIZE_MAX) {
			*total = n;
			counted = 1;
		}
	} else {
		rc = post_walk(ctx, txn, &plan, take_posted, &pt);
	}
	if (!*keyed && plan.desc != p->desc)
		*skip = col->n > pt.stop_at ? col->n - pt.stop_at : 0;
	if (rc || counted)
		return rc;
	if (*keyed) {   /* the total from where the caller says the record is */
		*total = q->offset + (col->n < q->limit ? col->n : q->limit);
		*more = pt.stopped;
	} else if (pt.stopped) {
		*total = q->offset + q->limit;
		*more = 1;
	}
	return 0;
}

/* ---- search ---- */

/* The record whose id the query's digits are, if it is in the target and
 * meets the query's other filters. */
static void take_id(MDB_txn *txn, gc_ctx *ctx, const gc_query *q, const target *t, collector *col)
{
	const char *s = q->search;
	size_t n = strlen(s);
	if (n == 0 || n > 16 || strspn(s, "0123456789") != n)
		return;
	unsigned char k[KEY_MAX];
	store_item it, rd;
	if (store_get(ctx->st, txn, TBL_REC_ID, k, key_id(k, strtoull(s, NULL, 10)), &it) || it.vlen != 4)
		return;
	uint32_t node = get_be32(it.val);
	if (!qry_in_target(ctx, t, node) ||
	    qry_get_record(txn, ctx, node, strtoull(s, NULL, 10), &rd))
		return;
	gc_query other = *q;
	other.search = NULL;
	const gc_query *was = col->q;
	col->q = &other;
	qry_collect(col, rd.val, rd.vlen);
	col->q = was;
}

int qry_search(MDB_txn *txn, gc_ctx *ctx, const gc_query *q, const target *t, collector *col, int *more,
	       int *bounded)
{
	ngram g[NGRAM_QUERY_MAX];
	size_t nch, seen = 0;
	int rc = 0;
	size_t ng = ngram_query(q->search, g, NGRAM_QUERY_MAX, &nch);
	/* Newest first is the lists' order: then the walk stops one match past
	 * the limit, else it takes every match to sort. */
	int streaming = (!q->sort || sort_is(q, "-id")) && !q->overdue && !q->due_soon && q->limit;
	if (ng && nch >= 2) {
		post_take pt = { col, txn, streaming ? q->offset + q->limit + 1 : 0, 0 };
		rc = post_search(ctx, txn, g, ng, take_posted, &pt);
		if (pt.stopped)
			*more = 1;
	}
	if ((q->overdue || q->due_soon) && !q->sort) {   /* due order, as the lists without a search */
		col->sort = SORT_DUE;
		col->order.desc = 0;
		col->order.by_str = 0;
	}
	/* The other fields (and every field, for one character) of the newest
	 * records, newest first whatever the list's order; in the list's own
	 * order it stops one match past the limit. */
	int desc = col->order.desc;
	col->order.desc = 1;
	if (!rc)
		rc = qry_take_ends(txn, ctx, t, col, streaming ? col->n + q->offset + q->limit + 1 : 0, GC_SEARCH_SCAN,
				   &seen);
	col->order.desc = desc;
	if (seen != SIZE_MAX) {
		*bounded = seen >= GC_SEARCH_SCAN;
		if (streaming && seen < GC_SEARCH_SCAN)
			*more = 1;   /* stopped at the limit */
	}
	if (!rc)
		take_id(txn, ctx, q, t, col);
	return rc;
}
