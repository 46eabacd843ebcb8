/* query.c - lists and scans. A list of a node is a range scan over the
 * records table, whose keys start with the node's path, so the cost follows
 * the size of the subtree, never of the district. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "gridcase/query.h"
#include "core/core_int.h"
#include "core/write.h"

void list_free(gc_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		rec_free(&l->recs[i]);
	free(l->recs);
	memset(l, 0, sizeof *l);
}

static int str_eq(const char *a, size_t an, const char *b)
{
	return b && strlen(b) == an && !memcmp(a, b, an);
}

/* Where a query may look: the target node and how to match it. */
typedef struct target {
	const gc_node *node;
	int exact;          /* own scope: the node itself, not its subtree */
	int64_t now;
} target;

static int in_target(const gc_ctx *ctx, const target *t, uint32_t node_id)
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
	if (q->form && !str_eq(v->form, v->form_n, q->form))
		return 0;
	if (q->state && !str_eq(v->state, v->state_n, q->state))
		return 0;
	if (q->assignee && !str_eq(v->assignee, v->assignee_n, q->assignee))
		return 0;
	if (q->since_time && v->updated < q->since_time)
		return 0;
	if (q->field_key && q->field_value) {
		size_t len;
		const char *val = view_field(v, q->field_key, &len);
		if (!val || !str_eq(val, len, q->field_value))
			return 0;
	}
	if (q->overdue && (v->due == 0 || v->due >= t->now))
		return 0;
	if (q->open_only || q->overdue) {
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

enum { SORT_ID, SORT_CREATED, SORT_UPDATED, SORT_DUE, SORT_STATE, SORT_FIELD };

typedef struct cand {
	uint64_t id;
	int64_t num;
	const char *str;
	size_t slen;
	const void *data;
	size_t size;
} cand;

static int sort_desc;
static int sort_by_str;

static int cmp_cand(const void *a, const void *b)
{
	const cand *x = a, *y = b;
	int c = 0;
	if (sort_by_str) {
		size_t n = x->slen < y->slen ? x->slen : y->slen;
		c = memcmp(x->str, y->str, n);
		if (!c)
			c = (x->slen > y->slen) - (x->slen < y->slen);
	} else {
		c = (x->num > y->num) - (x->num < y->num);
	}
	if (!c)
		c = (x->id > y->id) - (x->id < y->id);
	return sort_desc ? -c : c;
}

typedef struct collector {
	gc_ctx *ctx;
	const gc_query *q;
	const target *t;
	int sort;
	const char *sort_field;
	cand *c;
	size_t n, cap;
} collector;

static void collect(collector *col, const void *data, size_t size)
{
	rec_view v;
	if (rec_peek(data, size, &v) || !view_matches(col->ctx, col->q, col->t, &v))
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
	sort_desc = 0;
	if (*s == '-') {
		sort_desc = 1;
		s++;
	}
	static const char *const names[] = { "id", "created", "updated", "due", "state" };
	for (int i = 0; i < 5; i++)
		if (!strcmp(s, names[i])) {
			col->sort = i;
			sort_by_str = i == SORT_STATE;
			return 0;
		}
	/* Any field of a form may be a sort key. */
	for (size_t i = 0; i < ctx->cfg->nforms; i++)
		if (config_field_index(&ctx->cfg->forms[i], s) >= 0) {
			col->sort = SORT_FIELD;
			col->sort_field = s;
			sort_by_str = 1;
			return 0;
		}
	return core_fail(ctx, GC_EUSAGE, "cannot sort by '%s' (id, created, updated, due, state or a field key)", s);
}

int store_scan_node(gc_ctx *ctx, MDB_txn *txn, const gc_node *n, int exact, blob_fn fn, void *arg)
{
	MDB_cursor *cur;
	size_t plen = 4 * (size_t)(exact ? ctx->st->depth : n->level + 1);
	MDB_val k = { plen, (void *)n->path }, d;
	int rc = mdb_cursor_open(txn, ctx->st->records, &cur), stop = 0;
	if (rc)
		return rc;
	for (rc = mdb_cursor_get(cur, &k, &d, MDB_SET_RANGE); rc == 0 && !stop; rc = mdb_cursor_get(cur, &k, &d, MDB_NEXT)) {
		if (k.mv_size < plen || memcmp(k.mv_data, n->path, plen))
			break;
		stop = fn(d.mv_data, d.mv_size, arg);
	}
	mdb_cursor_close(cur);
	return rc == MDB_NOTFOUND || rc == 0 ? 0 : rc;
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
	collect(arg, data, size);
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

static int get_record(MDB_txn *txn, gc_ctx *ctx, uint32_t node, uint64_t id, MDB_val *d)
{
	unsigned char k[4 * GC_MAX_DEPTH + 8];
	MDB_val key = { record_key(ctx, node, id, k), k };
	return mdb_get(txn, ctx->st->records, &key, d);
}

/* Scan an index whose keys end with a record id and whose values are the
 * record's node id, between [lo, hi) with prefix. */
static int scan_index(MDB_txn *txn, gc_ctx *ctx, MDB_dbi dbi, const void *lo, size_t lolen,
		      size_t prefix, const void *hi, size_t hilen, const target *t, collector *col)
{
	MDB_cursor *cur;
	MDB_val k = { lolen, (void *)lo }, d, rd;
	int rc = mdb_cursor_open(txn, dbi, &cur);
	if (rc)
		return rc;
	for (rc = mdb_cursor_get(cur, &k, &d, MDB_SET_RANGE); rc == 0; rc = mdb_cursor_get(cur, &k, &d, MDB_NEXT)) {
		if (prefix && (k.mv_size < prefix || memcmp(k.mv_data, lo, prefix)))
			break;
		if (hi) {
			size_t n = k.mv_size < hilen ? k.mv_size : hilen;
			if (memcmp(k.mv_data, hi, n) >= 0)
				break;
		}
		uint32_t node = get_be32(d.mv_data);
		if (!in_target(ctx, t, node))
			continue;
		uint64_t id = get_be64((const unsigned char *)k.mv_data + k.mv_size - 8);
		if (get_record(txn, ctx, node, id, &rd) == 0)
			collect(col, rd.mv_data, rd.mv_size);
	}
	mdb_cursor_close(cur);
	return rc == MDB_NOTFOUND ? 0 : rc;
}

static int gather(MDB_txn *txn, gc_ctx *ctx, const gc_query *q, const target *t, collector *col)
{
	if (q->overdue) {
		unsigned char lo[16] = { 0 }, hi[8];
		put_be64(hi, (uint64_t)t->now);
		return scan_index(txn, ctx, ctx->st->open_due, lo, 16, 0, hi, 8, t, col);
	}
	if (q->assignee) {
		gc_buf p;
		buf_init(&p);
		buf_adds(&p, q->assignee);
		buf_addc(&p, 0);
		int rc = scan_index(txn, ctx, ctx->st->by_assignee, p.p, p.len, p.len, NULL, 0, t, col);
		buf_free(&p);
		return rc;
	}
	return scan_range(txn, ctx, t, col);
}

/* ---- the common case: newest (or oldest) records of a subtree ---- */

/* Within one node, keys are in id order, so the newest `limit` records of a
 * subtree come from merging the ends of its nodes' ranges (take_ends). The
 * total comes from the rollup counters. */
static int can_take_ends(const gc_query *q, const collector *col)
{
	return q->limit && col->sort == SORT_ID && !q->state && !q->assignee && !(q->search && *q->search) &&
	       !q->field_key &&
	       !q->overdue && !q->open_only && !q->since_time && !q->since_seq;
}

/* One cursor per node of the subtree, each at the newest (or oldest) end
 * of its node's key range; a heap on the id at each cursor merges them, so
 * the newest `limit` records of any subtree cost about `limit` steps. */
typedef struct head {
	MDB_cursor *cur;
	const gc_node *node;
	uint64_t id;
	MDB_val k, d;
} head;

typedef struct merge {
	head *h;
	size_t n, cap;
	size_t plen;
	int rc;
	MDB_txn *txn;
	gc_ctx *ctx;
} merge;

static int before(const head *a, const head *b)
{
	return sort_desc ? a->id > b->id : a->id < b->id;
}

static void sift_down(merge *m, size_t i)
{
	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, best = i;
		if (l < m->n && before(&m->h[l], &m->h[best]))
			best = l;
		if (r < m->n && before(&m->h[r], &m->h[best]))
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
	while (i && before(&m->h[i], &m->h[(i - 1) / 2])) {
		head t = m->h[i];
		m->h[i] = m->h[(i - 1) / 2];
		m->h[(i - 1) / 2] = t;
		i = (i - 1) / 2;
	}
}

static int in_node(const merge *m, const head *h)
{
	return h->k.mv_size == m->plen + 8 && !memcmp(h->k.mv_data, h->node->path, m->plen);
}

static void merge_add(const gc_node *n, void *arg)
{
	merge *m = arg;
	unsigned char key[4 * GC_MAX_DEPTH + 8];
	head h;
	if (m->rc || mdb_cursor_open(m->txn, m->ctx->st->records, &h.cur))
		return;
	h.node = n;
	memcpy(key, n->path, m->plen);
	memset(key + m->plen, sort_desc ? 0xFF : 0, 8);
	h.k.mv_size = m->plen + 8;
	h.k.mv_data = key;
	int rc = mdb_cursor_get(h.cur, &h.k, &h.d, MDB_SET_RANGE);
	if (sort_desc)
		rc = rc == 0 ? mdb_cursor_get(h.cur, &h.k, &h.d, MDB_PREV) : mdb_cursor_get(h.cur, &h.k, &h.d, MDB_LAST);
	if (rc || !in_node(m, &h)) {
		mdb_cursor_close(h.cur);
		return;
	}
	h.id = get_be64((unsigned char *)h.k.mv_data + m->plen);
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

static int take_ends(MDB_txn *txn, gc_ctx *ctx, const target *t, const gc_query *q, collector *col)
{
	merge m = { NULL, 0, 0, 4 * (size_t)ctx->st->depth, 0, txn, ctx };
	visit_subtree(ctx, t->node, t->exact, merge_add, &m);
	while (m.n && col->n < q->limit) {
		head *top = &m.h[0];
		collect(col, top->d.mv_data, top->d.mv_size);
		int rc = mdb_cursor_get(top->cur, &top->k, &top->d, sort_desc ? MDB_PREV : MDB_NEXT);
		if (rc == 0 && in_node(&m, top)) {
			top->id = get_be64((unsigned char *)top->k.mv_data + m.plen);
		} else {
			mdb_cursor_close(top->cur);
			m.h[0] = m.h[--m.n];
		}
		sift_down(&m, 0);
	}
	for (size_t i = 0; i < m.n; i++)
		mdb_cursor_close(m.h[i].cur);
	free(m.h);
	return m.rc;
}

/* Records in the subtree (of the form, when given), from the counters. */
static size_t counted_total(MDB_txn *txn, gc_ctx *ctx, const target *t, const char *form)
{
	MDB_cursor *cur;
	unsigned char pre[4];
	size_t total = 0, fl = form ? strlen(form) : 0;
	put_be32(pre, t->node->id);
	MDB_val k = { 4, pre }, d;
	if (mdb_cursor_open(txn, ctx->st->counts, &cur))
		return 0;
	for (int rc = mdb_cursor_get(cur, &k, &d, MDB_SET_RANGE); rc == 0; rc = mdb_cursor_get(cur, &k, &d, MDB_NEXT)) {
		if (k.mv_size < 5 || memcmp(k.mv_data, pre, 4))
			break;
		const char *f = (const char *)k.mv_data + 4;
		if (form && (k.mv_size < 5 + fl || memcmp(f, form, fl) || f[fl]))
			continue;
		total += (size_t)get_be64(d.mv_data);
	}
	mdb_cursor_close(cur);
	return total;
}

/* Records stored at exactly the target node (scope own): count its range. */
static size_t counted_range(MDB_txn *txn, gc_ctx *ctx, const target *t, const char *form)
{
	MDB_cursor *cur;
	size_t plen = 4 * (size_t)ctx->st->depth, total = 0;
	MDB_val k = { plen, (void *)t->node->path }, d;
	if (mdb_cursor_open(txn, ctx->st->records, &cur))
		return 0;
	for (int rc = mdb_cursor_get(cur, &k, &d, MDB_SET_RANGE); rc == 0; rc = mdb_cursor_get(cur, &k, &d, MDB_NEXT)) {
		if (k.mv_size < plen || memcmp(k.mv_data, t->node->path, plen))
			break;
		rec_view v;
		if (form && (rec_peek(d.mv_data, d.mv_size, &v) || !str_eq(v.form, v.form_n, form)))
			continue;
		total++;
	}
	mdb_cursor_close(cur);
	return total;
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
	size_t total = 0;
	if (can_take_ends(q, &col)) {
		rc = take_ends(txn, ctx, &t, q, &col);
		total = t.exact ? counted_range(txn, ctx, &t, q->form) : counted_total(txn, ctx, &t, q->form);
	} else {
		rc = gather(txn, ctx, q, &t, &col);
	}
	if (rc) {
		mdb_txn_abort(txn);
		free(col.c);
		return core_fail(ctx, GC_EIO, "listing: %s", store_strerror(rc));
	}
	if (col.n)
		qsort(col.c, col.n, sizeof *col.c, cmp_cand);
	out->total = total > col.n ? total : col.n;
	out->n = q->limit && q->limit < col.n ? q->limit : col.n;
	out->recs = xcalloc(out->n + 1, sizeof *out->recs);
	for (size_t i = 0; i < out->n; i++)
		rec_decode(col.c[i].data, col.c[i].size, &out->recs[i]);
	mdb_txn_abort(txn);
	free(col.c);
	return 0;
}

/* ---- streaming scan in id order ---- */

int core_scan(gc_ctx *ctx, const gc_query *q, record_fn fn, void *arg, uint64_t *last_seq)
{
	errs_clear(&ctx->errs);   /* errs holds the errors of the last call */
	target t;
	MDB_txn *txn;
	MDB_cursor *cur;
	MDB_val k, d, rd;
	int rc = resolve_target(ctx, q, &t);
	if (rc)
		return rc;
	if (store_read(ctx->st, &txn, &ctx->errs))
		return GC_EIO;
	if (last_seq && meta_get_u64(ctx->st, txn, "seq", last_seq))
		*last_seq = 0;
	if ((rc = mdb_cursor_open(txn, ctx->st->rec_id, &cur))) {
		mdb_txn_abort(txn);
		return core_fail(ctx, GC_EIO, "scanning: %s", store_strerror(rc));
	}
	/* Everything, for one who sees everything and names no node: every
	 * root's records (the target is the first root alone). */
	int stop = 0, all = !q->node && ctx->scope == SCOPE_ALL;
	for (rc = mdb_cursor_get(cur, &k, &d, MDB_FIRST); rc == 0 && !stop; rc = mdb_cursor_get(cur, &k, &d, MDB_NEXT)) {
		uint32_t node = get_be32(d.mv_data);
		if (!all && !in_target(ctx, &t, node))
			continue;
		if (get_record(txn, ctx, node, get_be64(k.mv_data), &rd))
			continue;
		rec_view v;
		if (rec_peek(rd.mv_data, rd.mv_size, &v) || !view_matches(ctx, q, &t, &v))
			continue;
		if (q->since_seq && v.seq <= q->since_seq)
			continue;
		gc_record r;
		if (rec_decode(rd.mv_data, rd.mv_size, &r))
			continue;
		stop = fn(&r, arg);
		rec_free(&r);
	}
	mdb_cursor_close(cur);
	mdb_txn_abort(txn);
	return stop < 0 ? GC_EIO : 0;
}
