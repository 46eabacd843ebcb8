/* SPDX-License-Identifier: MIT */
/* match.c - matching (see match.h; the matching: section is read with the
 * configuration, config_match.c): proposals of pairs, and acceptance that creates the linking project in
 * the same transaction as both sides' changes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/core_int.h"
#include "store/keys.h"
#include "core/write.h"

/* ---- proposals ---- */

/* The node of the area level above (or at) node_id, or 0. */
static uint32_t area_of(const gc_ctx *ctx, int level, uint32_t node_id)
{
	const gc_node *n = core_node(ctx, node_id);
	while (n && n->level > level)
		n = core_node(ctx, n->parent);
	return n && n->level == level ? n->id : 0;
}

typedef struct side_acc {
	gc_ctx *ctx;
	const match_side *s;
	gc_record *recs;
	size_t n, cap;
} side_acc;

static int take_open(const void *data, size_t size, void *arg)
{
	side_acc *a = arg;
	rec_view v;
	gc_record r;
	if (rec_peek(data, size, &v) || v.form_n != strlen(a->s->form) || memcmp(v.form, a->s->form, v.form_n) ||
	    rec_decode(data, size, &r))
		return 0;
	const gc_state *st = core_state(a->ctx, r.form, r.state);
	if ((st && st->final) || *rec_field(&r, a->s->project)) {
		rec_free(&r);
		return 0;
	}
	if (a->n == a->cap)
		a->recs = xrealloc(a->recs, (a->cap = a->cap ? a->cap * 2 : 64) * sizeof *a->recs);
	a->recs[a->n++] = r;
	return 0;
}

/* Each root's records of form f, through the form postings. */
static int scan_roots(gc_ctx *ctx, MDB_txn *txn, const gc_form *f, blob_fn fn, void *arg)
{
	int rc = 0;
	for (uint32_t id = 1; f && id < ctx->nnodes && !rc; id++)
		if (core_node(ctx, id) && !ctx->nodes[id].parent)   /* each root */
			rc = store_scan_form(ctx, txn, &ctx->nodes[id], 0, f, fn, arg);
	return rc;
}

/* Open records of one side: not final, not in a project yet. Only the
 * nodes of the side's form level are read (store_scan_form). */
static int side_records(gc_ctx *ctx, MDB_txn *txn, const match_side *s, gc_record **out, size_t *n)
{
	side_acc a = { ctx, s, NULL, 0, 0 };
	*out = NULL;
	*n = 0;
	int rc = scan_roots(ctx, txn, config_form(ctx->cfg, s->form), take_open, &a);
	if (rc) {
		for (size_t i = 0; i < a.n; i++)
			rec_free(&a.recs[i]);
		free(a.recs);
		return core_fail(ctx, GC_EIO, "matching: %s", store_strerror(rc));
	}
	*out = a.recs;
	*n = a.n;
	return 0;
}

/* ---- pairs: the open records of a pair form (area: FORM) ---- */

typedef struct pair_link {
	const gc_node *a, *b;   /* the nodes of its two node fields */
	uint64_t id;
} pair_link;

typedef struct pair_set {
	gc_ctx *ctx;
	const gc_matching *m;
	pair_link *v;
	size_t n, cap;
} pair_set;

static int take_pair(const void *data, size_t size, void *arg)
{
	pair_set *ps = arg;
	rec_view v;
	gc_record r;
	const char *fk = ps->m->pair_form;
	if (rec_peek(data, size, &v) || v.form_n != strlen(fk) || memcmp(v.form, fk, v.form_n) || rec_decode(data, size, &r))
		return 0;
	const gc_state *st = core_state(ps->ctx, r.form, r.state);
	const gc_node *a = core_node_by_code(ps->ctx, rec_field(&r, ps->m->pair_a));
	const gc_node *b = core_node_by_code(ps->ctx, rec_field(&r, ps->m->pair_b));
	if (!(st && st->final) && a && b && a != b) {
		if (ps->n == ps->cap)
			ps->v = xrealloc(ps->v, (ps->cap = ps->cap ? ps->cap * 2 : 16) * sizeof *ps->v);
		ps->v[ps->n++] = (pair_link){ a, b, r.id };
	}
	rec_free(&r);
	return 0;
}

/* The open pairs of m's pair form (none when its area is a level). */
static int pair_links(gc_ctx *ctx, MDB_txn *txn, const gc_matching *m, pair_set *ps)
{
	*ps = (pair_set){ ctx, m, NULL, 0, 0 };
	int rc = m->pair_form ? scan_roots(ctx, txn, config_form(ctx->cfg, m->pair_form), take_pair, ps) : 0;
	if (rc) {
		free(ps->v);
		ps->v = NULL;
		return core_fail(ctx, GC_EIO, "matching: %s", store_strerror(rc));
	}
	return 0;
}

/* The other node of an open pair one of whose nodes holds node n, from
 * the i-th pair on; NULL when none. */
static const gc_node *paired_with(const gc_ctx *ctx, const pair_set *ps, const gc_node *n, size_t *i)
{
	for (; n && *i < ps->n; (*i)++) {
		const pair_link *p = &ps->v[*i];
		if (core_node_contains(ctx, p->a, n))
			return p->b;
		if (core_node_contains(ctx, p->b, n))
			return p->a;
	}
	return NULL;
}

/* Whether l and r match: equal values, and both under one node of the
 * area level, or each in one node of an open pair. Returns the pair's id
 * (1 for an area level), 0 when they do not match. */
static uint64_t pairs_with(const gc_ctx *ctx, const gc_matching *m, const pair_set *ps, const gc_record *l,
			   const gc_record *r)
{
	if (!*rec_field(l, m->left.by) || strcmp(rec_field(l, m->left.by), rec_field(r, m->right.by)))
		return 0;
	if (!m->pair_form) {
		uint32_t area = area_of(ctx, m->area, l->node_id);
		return area && area == area_of(ctx, m->area, r->node_id);
	}
	const gc_node *ln = core_node(ctx, l->node_id), *rn = core_node(ctx, r->node_id), *other;
	for (size_t i = 0; (other = paired_with(ctx, ps, ln, &i)) != NULL; i++)
		if (core_node_contains(ctx, other, rn))
			return ps->v[i].id;
	return 0;
}

static int accepted(const gc_record *r, const char *field, uint64_t other)
{
	return strtoull(rec_field(r, field), NULL, 10) == other;
}

int core_match_propose(gc_ctx *ctx, const gc_matching *m, const char *node, match_pair **out, size_t *n)
{
	MDB_txn *txn;
	gc_record *ls, *rs;
	size_t nl, nr, cap = 0;
	errs_clear(&ctx->errs);
	*out = NULL;
	*n = 0;
	const gc_node *top = core_scope_node(ctx, node);
	if (!top)
		return ctx->errs.status ? ctx->errs.status : GC_ENOTFOUND;
	if (store_read(ctx->st, &txn, &ctx->errs))
		return GC_EIO;
	pair_set ps;
	int rc = pair_links(ctx, txn, m, &ps);
	if (rc) {
		store_read_end(txn);
		return rc;
	}
	rc = side_records(ctx, txn, &m->left, &ls, &nl);
	if (!rc && (rc = side_records(ctx, txn, &m->right, &rs, &nr)) != 0) {
		for (size_t i = 0; i < nl; i++)
			rec_free(&ls[i]);
		free(ls);
	}
	store_read_end(txn);
	if (rc) {
		free(ps.v);
		return rc;
	}
	for (size_t i = 0; i < nl; i++)
		for (size_t j = 0; j < nr; j++) {
			const gc_node *ln = core_node(ctx, ls[i].node_id), *rn = core_node(ctx, rs[j].node_id);
			int mine = (core_can_see(ctx, ls[i].node_id) ? 1 : 0) | (core_can_see(ctx, rs[j].node_id) ? 2 : 0);
			if (!mine || !pairs_with(ctx, m, &ps, &ls[i], &rs[j]) ||
			    !(core_node_contains(ctx, top, ln) || core_node_contains(ctx, top, rn)))
				continue;
			if (*n == cap)
				*out = xrealloc(*out, (cap = cap ? cap * 2 : 16) * sizeof **out);
			match_pair *p = &(*out)[(*n)++];
			rec_copy(&p->left, &ls[i]);
			rec_copy(&p->right, &rs[j]);
			p->left_accepted = accepted(&ls[i], m->left.accepted, rs[j].id);
			p->right_accepted = accepted(&rs[j], m->right.accepted, ls[i].id);
			p->mine = mine;
		}
	for (size_t i = 0; i < nl; i++)
		rec_free(&ls[i]);
	for (size_t j = 0; j < nr; j++)
		rec_free(&rs[j]);
	free(ls);
	free(rs);
	free(ps.v);
	return 0;
}

void match_pairs_free(match_pair *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		rec_free(&p[i].left);
		rec_free(&p[i].right);
	}
	free(p);
}

/* ---- acceptance ---- */

typedef struct accept_op {
	gc_ctx *ctx;
	const gc_matching *m;
	uint64_t left, right, project;
} accept_op;

static void set_id(gc_record *r, gc_hist *h, const char *field, uint64_t id)
{
	char v[24];
	snprintf(v, sizeof v, "%llu", (unsigned long long)id);
	if (!strcmp(rec_field(r, field), v))
		return;
	hist_add_change(h, field, rec_field(r, field), v);
	rec_set_field(r, field, v);
}

/* The project: at the left side's node, or its ancestor at the project
 * form's level; fields copied from the left side; both ids. */
static int create_project(gc_ctx *ctx, wbatch *wb, const gc_matching *m, const gc_record *l, const gc_record *r,
			  uint64_t pair, int64_t now, uint64_t *id)
{
	const gc_form *pf = config_form(ctx->cfg, m->project_form);
	const gc_node *n = core_node(ctx, l->node_id);
	while (n && n->level > pf->at_level)
		n = core_node(ctx, n->parent);
	if (!n || n->level != pf->at_level) {
		core_fail(ctx, GC_EDATA, "matching '%s': no node at the level of form '%s' above record %llu", m->key,
			  pf->key, (unsigned long long)l->id);
		return STORE_ABORT;
	}
	gc_record p;
	gc_hist h;
	core_record_start(ctx, pf, n->id, now, &p);
	for (size_t i = 0; i < m->ncopy; i++)
		rec_set_field(&p, m->copy[i].to, rec_field(l, m->copy[i].from));
	char v[24];
	snprintf(v, sizeof v, "%llu", (unsigned long long)l->id);
	rec_set_field(&p, m->project_left, v);
	snprintf(v, sizeof v, "%llu", (unsigned long long)r->id);
	rec_set_field(&p, m->project_right, v);
	if (m->project_pair && m->pair_form) {
		snprintf(v, sizeof v, "%llu", (unsigned long long)pair);
		rec_set_field(&p, m->project_pair, v);
	}
	if (pf->wf)
		core_enter_state(ctx, pf->wf, &p, -1, pf->wf->initial, now);
	core_hist_start(ctx, &h, "create", &p, now);
	for (size_t i = 0; i < p.nfields; i++)
		hist_add_change(&h, p.fields[i].key, "", p.fields[i].val);
	int rc = wb_put(wb, NULL, &p, &h);
	*id = p.id;
	rec_free(&p);
	hist_free(&h);
	return rc;
}

/* Whether a matching offers rec to the caller: in the area (the street)
 * that holds their own node, or in the node paired with one that holds or
 * lies under their node. */
static int offered_to(const gc_ctx *ctx, const gc_matching *m, const pair_set *ps, const gc_record *rec)
{
	if (!m->pair_form) {
		uint32_t area = area_of(ctx, m->area, rec->node_id);
		return area && area == area_of(ctx, m->area, ctx->scope_node);
	}
	const gc_node *n = core_node(ctx, rec->node_id), *me = core_node(ctx, ctx->scope_node), *other;
	for (size_t i = 0; me && (other = paired_with(ctx, ps, n, &i)) != NULL; i++)
		if (core_node_contains(ctx, other, me) || core_node_contains(ctx, me, other))
			return 1;
	return 0;
}

/* A record the caller sees, or one a matching offers them, of the side's
 * form. Anything else reads exactly as a record that does not exist, so an
 * id tells nothing outside that. */
static int read_offered(gc_ctx *ctx, MDB_txn *txn, const gc_matching *m, const pair_set *ps, const match_side *side,
			uint64_t id, gc_record *out)
{
	int rc = core_read_record_any(ctx, txn, id, out);
	if (rc)
		return rc;
	int offered = !strcmp(out->form, side->form) && offered_to(ctx, m, ps, out);
	if (core_can_see(ctx, out->node_id) || offered)
		return 0;
	rec_free(out);
	return core_fail(ctx, GC_ENOTFOUND, "no record %llu", (unsigned long long)id);
}

/* Why records left and right do not match. */
static int no_match(gc_ctx *ctx, const gc_matching *m, uint64_t left, uint64_t right)
{
	if (m->pair_form)
		return core_fail(ctx, GC_EDATA, "records %llu and %llu do not match (%s, the two nodes of one open %s)",
				 (unsigned long long)left, (unsigned long long)right, m->left.by, m->pair_form);
	return core_fail(ctx, GC_EDATA, "records %llu and %llu do not match (%s, one %s)", (unsigned long long)left,
			 (unsigned long long)right, m->left.by, ctx->cfg->levels[m->area].key);
}

static int accept_fn(MDB_txn *txn, void *arg)
{
	accept_op *op = arg;
	gc_ctx *ctx = op->ctx;
	const gc_matching *m = op->m;
	gc_record lo, ro, l, r;
	gc_hist lh, rh;
	wbatch wb;
	pair_set ps;
	uint64_t pair = 0;
	int64_t now = gc_now();
	if (pair_links(ctx, txn, m, &ps))
		return STORE_ABORT;
	if (read_offered(ctx, txn, m, &ps, &m->left, op->left, &lo)) {
		free(ps.v);
		return STORE_ABORT;
	}
	if (read_offered(ctx, txn, m, &ps, &m->right, op->right, &ro)) {
		free(ps.v);
		rec_free(&lo);
		return STORE_ABORT;
	}
	int mine = (core_can_see(ctx, lo.node_id) ? 1 : 0) | (core_can_see(ctx, ro.node_id) ? 2 : 0);
	int st = 0;
	if (!mine)
		st = core_fail(ctx, GC_ENOTFOUND, "no record %llu", (unsigned long long)op->left);
	else if (strcmp(lo.form, m->left.form) || strcmp(ro.form, m->right.form))
		st = core_fail(ctx, GC_EDATA, "matching '%s' pairs a %s with a %s", m->key, m->left.form, m->right.form);
	else if (*rec_field(&lo, m->left.project) || *rec_field(&ro, m->right.project))
		st = core_fail(ctx, GC_ECONFLICT, "record %llu or %llu is already in a project",
			       (unsigned long long)op->left, (unsigned long long)op->right);
	else if (!(pair = pairs_with(ctx, m, &ps, &lo, &ro)))
		st = no_match(ctx, m, op->left, op->right);
	free(ps.v);
	if (st) {
		rec_free(&lo);
		rec_free(&ro);
		return STORE_ABORT;
	}
	rec_copy(&l, &lo);
	rec_copy(&r, &ro);
	core_hist_start(ctx, &lh, "match", &l, now);
	core_hist_start(ctx, &rh, "match", &r, now);
	if (mine & 1)
		set_id(&l, &lh, m->left.accepted, r.id);
	if (mine & 2)
		set_id(&r, &rh, m->right.accepted, l.id);
	int rc = wb_begin(&wb, ctx, txn);
	if (!rc && accepted(&l, m->left.accepted, r.id) && accepted(&r, m->right.accepted, l.id)) {
		rc = create_project(ctx, &wb, m, &l, &r, pair, now, &op->project);
		if (!rc) {
			set_id(&l, &lh, m->left.project, op->project);
			set_id(&r, &rh, m->right.project, op->project);
		}
	}
	/* Each side changes once, with one history entry. */
	if (!rc && lh.nchanges) {
		l.version = lo.version + 1;
		l.updated = now;
		rc = wb_put(&wb, &lo, &l, &lh);
	}
	if (!rc && rh.nchanges) {
		r.version = ro.version + 1;
		r.updated = now;
		rc = wb_put(&wb, &ro, &r, &rh);
	}
	if (!rc)
		rc = wb_finish(&wb);
	else
		wb_discard(&wb);
	rec_free(&lo);
	rec_free(&ro);
	rec_free(&l);
	rec_free(&r);
	hist_free(&lh);
	hist_free(&rh);
	return rc;
}

int core_match_accept(gc_ctx *ctx, const gc_matching *m, uint64_t left, uint64_t right, uint64_t *project)
{
	errs_clear(&ctx->errs);
	accept_op op = { ctx, m, left, right, 0 };
	*project = 0;
	if (store_write(ctx->st, accept_fn, &op, &ctx->errs))
		return ctx->errs.status ? ctx->errs.status : GC_EIO;
	*project = op.project;
	return 0;
}
