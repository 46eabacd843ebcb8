/* SPDX-License-Identifier: MIT */
/* query.c - lists and scans. A list of a node is a range scan over the
 * records table, whose keys start with the node's path, so the cost follows
 * the size of the subtree, never of the district. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/core_int.h"
#include "store/keys.h"
#include "core/write.h"
#include "core/query_int.h"

void list_free(gc_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		rec_free(&l->recs[i]);
	free(l->recs);
	memset(l, 0, sizeof *l);
}

int qry_str_eq(const char *a, size_t an, const char *b)
{
	return b && strlen(b) == an && !memcmp(a, b, an);
}

int qry_in_target(const gc_ctx *ctx, const target *t, uint32_t node_id)
{
	if (!core_can_see(ctx, node_id))
		return 0;
	if (t->exact)
		return node_id == t->node->id;
	const gc_node *n = core_node(ctx, node_id);
	return n && core_node_contains(ctx, t->node, n);
}

static int view_matches(const gc_ctx *ctx, const gc_query *q, const target *t, const rec_view *v)
{
	if (q->form && !qry_str_eq(v->form, v->form_n, q->form))
		return 0;
	if (q->state && !qry_str_eq(v->state, v->state_n, q->state))
		return 0;
	if (q->assignee && !qry_str_eq(v->assignee, v->assignee_n, q->assignee))
		return 0;
	if (q->since_time && v->updated < q->since_time)
		return 0;
	if ((q->created_from && v->created < q->created_from) || (q->created_to && v->created >= q->created_to))
		return 0;
	if (q->field_key && q->field_value) {
		size_t len;
		const char *val = view_field(v, q->field_key, &len);
		if (!val || !qry_str_eq(val, len, q->field_value))
			return 0;
	}
	if (q->overdue && (v->due == 0 || v->due >= t->now))
		return 0;
	if (q->due_soon && (v->due == 0 || v->due < t->now || v->due >= t->now + GC_DUE_SOON))
		return 0;
	if (q->open_only || q->overdue || q->due_soon) {
		char form[256], state[256];
		snprintf(form, sizeof form, "%.*s", (int)v->form_n, v->form);
		snprintf(state, sizeof state, "%.*s", (int)v->state_n, v->state);
		if (!core_is_open(ctx, form, state))
			return 0;
	}
	if (q->search && *q->search) {
		const unsigned char *pos = NULL;
		const char *k, *val;
		size_t kl, vl, sl = strlen(q->search);
		int found = 0;
		while (!found && view_next_field(v, &pos, &k, &kl, &val, &vl))
			found = memmem(val, vl, q->search, sl) != NULL;
		if (!found)
			return 0;
	}
	return 1;
}

static int resolve_target(gc_ctx *ctx, const gc_query *q, target *t)
{
	t->node = core_scope_node(ctx, q->node);
	if (!t->node)
		return ctx->errs.status;
	t->exact = ctx->scope == SCOPE_OWN;
	t->now = gc_now();
	if (q->form && !config_form(ctx->cfg, q->form))
		return core_fail(ctx, GC_ENOTFOUND, "unknown form '%s'", q->form);
	return 0;
}

/* ---- sorted lists ---- */


static int cmp_cand(const void *a, const void *b, void *order)
{
	const cand *x = a, *y = b;
	const sort_order *o = order;
	int c = 0;
	if (o->by_str) {
		size_t n = x->slen < y->slen ? x->slen : y->slen;
		c = memcmp(x->str, y->str, n);
		if (!c)
			c = (x->slen > y->slen) - (x->slen < y->slen);
	} else {
		c = (x->num > y->num) - (x->num < y->num);
	}
	if (!c)
		c = (x->id > y->id) - (x->id < y->id);
	return o->desc ? -c : c;
}

/* Whether the acting user reviewed the record at its version or later. */
static int reviewed(collector *col, const rec_view *v)
{
	unsigned char k[KEY_MAX];
	store_item it;
	return col->txn &&
	       store_get(col->ctx->st, col->txn, TBL_REVIEWS, k, key_login(k, col->ctx->login, v->id), &it) == 0 &&
	       it.vlen == 4 && get_be32(it.val) >= v->version;
}

void qry_collect(collector *col, const void *data, size_t size)
{
	rec_view v;
	const char *s = col->q->search;
	/* A field's value is its bytes in the blob (every format): a search
	 * absent from the blob is in no field, so most records of a search's
	 * scan are passed over without being read. */
	if (s && *s && !memmem(data, size, s, strlen(s)))
		return;
	if (rec_peek(data, size, &v) || !view_matches(col->ctx, col->q, col->t, &v))
		return;
	if (col->q->unreviewed && reviewed(col, &v))
		return;
	if (col->n == col->cap)
		col->c = xrealloc(col->c, (col->cap = col->cap ? col->cap * 2 : 256) * sizeof *col->c);
	cand *c = &col->c[col->n++];
	memset(c, 0, sizeof *c);
	c->id = v.id;
	c->data = data;
	c->size = size;
	switch (col->sort) {
	case SORT_ID: c->num = (int64_t)v.id; break;
	case SORT_CREATED: c->num = v.created; break;
	case SORT_UPDATED: c->num = v.updated; break;
	/* No time limit sorts last: it can never be overdue. */
	case SORT_DUE: c->num = v.due ? v.due : INT64_MAX; break;
	case SORT_STATE: c->str = v.state; c->slen = v.state_n; break;
	case SORT_FIELD: c->str = view_field(&v, col->sort_field, &c->slen); if (!c->str) c->str = ""; break;
	}
}

static int parse_sort(gc_ctx *ctx, const gc_query *q, collector *col)
{
	const char *s = q->sort ? q->sort : "-id";   /* newest first */
	col->order.desc = 0;
	if (*s == '-') {
		col->order.desc = 1;
		s++;
	}
	static const char *const names[] = { "id", "created", "updated", "due", "state" };
	for (int i = 0; i < 5; i++)
		if (!strcmp(s, names[i])) {
			col->sort = i;
			col->order.by_str = i == SORT_STATE;
			return 0;
		}
	/* Any field of a form may be a sort key. */
	for (size_t i = 0; i < ctx->cfg->nforms; i++)
		if (config_field_index(&ctx->cfg->forms[i], s) >= 0) {
			col->sort = SORT_FIELD;
			col->sort_field = s;
			col->order.by_str = 1;
			return 0;
		}
	return core_fail(ctx, GC_EUSAGE, "cannot sort by '%s' (id, created, updated, due, state or a field key)", s);
}

typedef struct blob_walk {
	blob_fn fn;
	void *arg;
} blob_walk;

static int pass_blob(const store_item *e, void *arg)
{
	blob_walk *w = arg;
	return w->fn(e->val, e->vlen, w->arg);
}

int store_scan_node(gc_ctx *ctx, MDB_txn *txn, const gc_node *n, int exact, blob_fn fn, void *arg)
{
	size_t plen = 4 * (size_t)(exact ? ctx->st->depth : n->level + 1);
	blob_walk w = { fn, arg };
	return store_each(ctx->st, txn, TBL_RECORDS, n->path, plen, plen, pass_blob, &w);
}

int store_scan_form(gc_ctx *ctx, MDB_txn *txn, const gc_node *n, int exact, const gc_form *f, blob_fn fn, void *arg)
{
	if (n->level == f->at_level)
		return store_scan_node(ctx, txn, n, 1, fn, arg);
	if (exact || n->level > f->at_level)
		return 0;
	int rc = 0;
	for (size_t i = 0; i < n->nchildren && !rc; i++)
		rc = store_scan_form(ctx, txn, &ctx->nodes[n->children[i]], 0, f, fn, arg);
	return rc;
}

static int collect_blob(const void *data, size_t size, void *arg)
{
	qry_collect(arg, data, size);
	return 0;
}

/* Scan the records table between the target's key bounds; for one form,
 * only the ranges of the nodes at its level. */
static int scan_range(MDB_txn *txn, gc_ctx *ctx, const target *t, collector *col)
{
	const gc_form *f = col->q->form ? config_form(ctx->cfg, col->q->form) : NULL;
	if (f)
		return store_scan_form(ctx, txn, t->node, t->exact, f, collect_blob, col);
	return store_scan_node(ctx, txn, t->node, t->exact, collect_blob, col);
}

int qry_get_record(MDB_txn *txn, gc_ctx *ctx, uint32_t node, uint64_t id, store_item *it)
{
	unsigned char k[KEY_MAX];
	return store_get(ctx->st, txn, TBL_RECORDS, k, record_key(ctx, node, id, k), it);
}

/* ---- the common case: newest (or oldest) records of a subtree ---- */

/* Within one node, keys are in id order, so the newest `limit` records of a
 * subtree come from merging the ends of its nodes' ranges (take_ends). The
 * total comes from the rollup counters. */
static int can_take_ends(const gc_query *q, const collector *col)
{
	return q->limit && col->sort == SORT_ID && !q->state && !q->assignee && !(q->search && *q->search) &&
	       !q->field_key && !q->unreviewed &&
	       !q->overdue && !q->due_soon && !q->open_only && !q->since_time && !q->since_seq &&
	       !q->created_from && !q->created_to;
}

/* One cursor per node of the subtree, each at the newest (or oldest) end
 * of its node's key range; a heap on the id at each cursor merges them, so
 * the newest `limit` records of any subtree cost about `limit` steps. */
typedef struct head {
	store_cursor *cur;
	const gc_node *node;
	uint64_t id;
	store_item it;
} head;

typedef struct merge {
	head *h;
	size_t n, cap;
	size_t plen;
	int rc;
	int desc;             /* newest first */
	MDB_txn *txn;
	gc_ctx *ctx;
	uint64_t bound;       /* start past this id (0: at the end) */
} merge;

static int before(const merge *m, const head *a, const head *b)
{
	return m->desc ? a->id > b->id : a->id < b->id;
}

static void sift_down(merge *m, size_t i)
{
	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, best = i;
		if (l < m->n && before(m, &m->h[l], &m->h[best]))
			best = l;
		if (r < m->n && before(m, &m->h[r], &m->h[best]))
			best = r;
		if (best == i)
			return;
		head t = m->h[i];
		m->h[i] = m->h[best];
		m->h[best] = t;
		i = best;
	}
}

static void sift_up(merge *m, size_t i)
{
	while (i && before(m, &m->h[i], &m->h[(i - 1) / 2])) {
		head t = m->h[i];
		m->h[i] = m->h[(i - 1) / 2];
		m->h[(i - 1) / 2] = t;
		i = (i - 1) / 2;
	}
}

static int in_node(const merge *m, const head *h)
{
	return h->it.klen == m->plen + 8 && !memcmp(h->it.key, h->node->path, m->plen);
}

static void merge_add(const gc_node *n, void *arg)
{
	merge *m = arg;
	unsigned char key[KEY_MAX];
	head h;
	if (m->rc || store_cursor_open(m->ctx->st, m->txn, TBL_RECORDS, &h.cur))
		return;
	h.node = n;
	/* Past the node's last key (or at the bound) when newest first, then
	 * one step back; oldest first, at its first key (or past the bound). */
	uint64_t at = m->desc ? (m->bound ? m->bound : UINT64_MAX) : (m->bound ? m->bound + 1 : 0);
	size_t kl = key_record(key, n->path, m->ctx->st->depth, at);
	int rc = store_cursor_seek(h.cur, key, kl, &h.it);
	if (m->desc)
		rc = rc == 0 ? store_cursor_prev(h.cur, &h.it) : store_cursor_last(h.cur, &h.it);
	if (rc || !in_node(m, &h)) {
		store_cursor_close(h.cur);
		return;
	}
	h.id = get_be64(h.it.key + m->plen);
	if (m->n == m->cap)
		m->h = xrealloc(m->h, (m->cap = m->cap ? m->cap * 2 : 64) * sizeof *m->h);
	m->h[m->n++] = h;
	sift_up(m, m->n - 1);
}

static void visit_subtree(gc_ctx *ctx, const gc_node *n, int exact, void (*fn)(const gc_node *, void *), void *arg)
{
	fn(n, arg);
	if (exact)
		return;
	for (size_t i = 0; i < n->nchildren; i++)
		visit_subtree(ctx, &ctx->nodes[n->children[i]], 0, fn, arg);
}

int qry_take_ends(MDB_txn *txn, gc_ctx *ctx, const target *t, collector *col, size_t limit, size_t max_seen,
		  size_t *seen)
{
	merge m = { NULL, 0, 0, 4 * (size_t)ctx->st->depth, 0, col->order.desc, txn, ctx, col->bound };
	size_t looked = 0;
	visit_subtree(ctx, t->node, t->exact, merge_add, &m);
	while (m.n && (!limit || col->n < limit) && (!max_seen || looked < max_seen)) {
		head *top = &m.h[0];
		looked++;
		qry_collect(col, top->it.val, top->it.vlen);
		int rc = m.desc ? store_cursor_prev(top->cur, &top->it) : store_cursor_next(top->cur, &top->it);
		if (rc == 0 && in_node(&m, top)) {
			top->id = get_be64(top->it.key + m.plen);
		} else {
			store_cursor_close(top->cur);
			m.h[0] = m.h[--m.n];
		}
		sift_down(&m, 0);
	}
	if (seen)   /* all of the subtree when no list is left */
		*seen = m.n ? looked : SIZE_MAX;
	for (size_t i = 0; i < m.n; i++)
		store_cursor_close(m.h[i].cur);
	free(m.h);
	return m.rc;
}

static int add_stored(const void *data, size_t size, void *arg)
{
	tally *ty = arg;
	rec_view v;
	if (!ty->form || (rec_peek(data, size, &v) == 0 && qry_str_eq(v.form, v.form_n, ty->form)))
		ty->total++;
	return 0;
}

/* Records stored at exactly the target node (scope own): count its range. */
static size_t counted_range(MDB_txn *txn, gc_ctx *ctx, const target *t, const char *form)
{
	tally ty = { ctx, form, NULL, 0, 0 };
	store_scan_node(ctx, txn, t->node, 1, add_stored, &ty);
	return ty.total;
}

/* The newest (or oldest) records of a subtree, from offset on: the counters
 * give the total, so a page past the middle is read from the other end
 * (G costs a page, not the whole subtree). Returns how many of the
 * collected (sorted) candidates to skip. */
static size_t take_page(MDB_txn *txn, gc_ctx *ctx, const target *t, const gc_query *q, collector *col, size_t total,
			int *rc)
{
	size_t off = q->offset;
	if (q->after) {
		/* Next to a page the caller has: from its last id (or, before,
		 * back from its first), a page of steps wherever it is. */
		col->order.desc ^= q->before;
		col->bound = q->after;
		*rc = qry_take_ends(txn, ctx, t, col, q->limit, 0, NULL);
		col->bound = 0;
		col->order.desc ^= q->before;
		return 0;
	}
	if (off < total && total - off < off + q->limit) {
		/* The last total - off records, in the other order; sorted again below. */
		col->order.desc = !col->order.desc;
		*rc = qry_take_ends(txn, ctx, t, col, total - off, 0, NULL);
		col->order.desc = !col->order.desc;
		return col->n > total - off ? col->n - (total - off) : 0;
	}
	*rc = qry_take_ends(txn, ctx, t, col, off + q->limit, 0, NULL);
	return off;
}

/* A list read whole and sorted (a search, a scan): the page next to the
 * record q->after is from where it is among the candidates (the offset
 * when it is not among them). */
static void after_sorted(const collector *col, const gc_query *q, size_t *skip, size_t *cap)
{
	for (size_t i = 0; i < col->n; i++)
		if (col->c[i].id == q->after) {
			if (!q->before) {
				*skip = i + 1;
			} else {
				*skip = q->limit && i > q->limit ? i - q->limit : 0;
				*cap = i - *skip;
			}
			return;
		}
}

int core_list(gc_ctx *ctx, const gc_query *q, gc_list *out)
{
	errs_clear(&ctx->errs);   /* errs holds the errors of the last call */
	target t;
	collector col = { 0 };
	MDB_txn *txn;
	memset(out, 0, sizeof *out);
	int rc = resolve_target(ctx, q, &t);
	if (rc)
		return rc;
	col.ctx = ctx;
	col.q = q;
	col.t = &t;
	if ((rc = parse_sort(ctx, q, &col)))
		return rc;
	if (store_read(ctx->st, &txn, &ctx->errs))
		return GC_EIO;
	col.txn = txn;
	size_t total = 0, skip = q->offset;
	post_plan plan;
	int mode = 0, more = 0, keyed = 0;
	if (can_take_ends(q, &col)) {
		total = t.exact ? counted_range(txn, ctx, &t, q->form) : qry_counted_total(txn, ctx, &t, q);
		skip = take_page(txn, ctx, &t, q, &col, total, &rc);
		keyed = q->after != 0;
	} else if (q->search && *q->search) {
		rc = qry_search(txn, ctx, q, &t, &col, &more, &out->bounded);
	} else if ((mode = qry_plan(ctx, q, &t, &plan))) {
		rc = qry_posted(txn, ctx, q, &t, &col, &plan, mode, &total, &more, &skip, &keyed);
	} else {
		rc = scan_range(txn, ctx, &t, &col);
	}
	if (rc) {
		store_read_end(txn);
		free(col.c);
		return core_fail(ctx, GC_EIO, "listing: %s", store_strerror(rc));
	}
	if (col.n)
		qsort_r(col.c, col.n, sizeof *col.c, cmp_cand, &col.order);
	size_t k = 0;   /* a search may find a record twice (index, scan, id) */
	for (size_t i = 0; i < col.n; i++)
		if (!k || col.c[i].id != col.c[k - 1].id)
			col.c[k++] = col.c[i];
	col.n = k;
	size_t cap = SIZE_MAX;   /* before a record found among the sorted candidates: up to it */
	if (q->after && !keyed)
		after_sorted(&col, q, &skip, &cap);
	size_t left = col.n > skip ? col.n - skip : 0;
	left = left < cap ? left : cap;
	out->n = q->limit && q->limit < left ? q->limit : left;
	out->total = more ? (keyed ? q->offset : skip) + out->n : total > col.n ? total : col.n;
	out->more = more;
	out->recs = xcalloc(out->n + 1, sizeof *out->recs);
	for (size_t i = 0; i < out->n; i++)
		rec_decode(col.c[skip + i].data, col.c[skip + i].size, &out->recs[i]);
	store_read_end(txn);
	free(col.c);
	return 0;
}

/* ---- streaming scan in id order ---- */

typedef struct id_walk {
	gc_ctx *ctx;
	MDB_txn *txn;
	const gc_query *q;
	const target *t;
	int all;
	record_fn fn;
	void *arg;
	int stop;
} id_walk;

/* One record, in id order: passed on if it matches. */
static int scan_id(uint32_t node, uint64_t id, void *arg)
{
	id_walk *w = arg;
	store_item rd;
	if (!w->all && !qry_in_target(w->ctx, w->t, node))
		return 0;
	if (qry_get_record(w->txn, w->ctx, node, id, &rd))
		return 0;
	rec_view v;
	if (rec_peek(rd.val, rd.vlen, &v) || !view_matches(w->ctx, w->q, w->t, &v))
		return 0;
	if (w->q->since_seq && v.seq <= w->q->since_seq)
		return 0;
	gc_record r;
	if (rec_decode(rd.val, rd.vlen, &r))
		return 0;
	w->stop = w->fn(&r, w->arg);
	rec_free(&r);
	return w->stop;
}

/* One id of the id index. */
static int scan_one(const store_item *e, void *arg)
{
	return scan_id(get_be32(e->val), get_be64(e->key), arg);
}

int core_scan(gc_ctx *ctx, const gc_query *q, record_fn fn, void *arg, uint64_t *last_seq)
{
	errs_clear(&ctx->errs);   /* errs holds the errors of the last call */
	target t;
	MDB_txn *txn;
	int rc = resolve_target(ctx, q, &t);
	if (rc)
		return rc;
	if (store_read(ctx->st, &txn, &ctx->errs))
		return GC_EIO;
	if (last_seq && meta_get_u64(ctx->st, txn, "seq", last_seq))
		*last_seq = 0;
	/* Everything, for one who sees everything and names no node: every
	 * root's records (the target is the first root alone). */
	id_walk w = { ctx, txn, q, &t, !q->node && ctx->scope == SCOPE_ALL, fn, arg, 0 };
	if (q->created_from || q->created_to)   /* a period: only its days' records, from their postings */
		rc = post_days(ctx, txn, q->created_from, q->created_to, scan_id, &w);
	else
		rc = store_each(ctx->st, txn, TBL_REC_ID, NULL, 0, 0, scan_one, &w);
	store_read_end(txn);
	if (rc)
		return core_fail(ctx, GC_EIO, "scanning: %s", store_strerror(rc));
	return w.stop < 0 ? GC_EIO : 0;
}
