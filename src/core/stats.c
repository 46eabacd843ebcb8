/* SPDX-License-Identifier: MIT */
/* stats.c - counts per node from the rollup counters. The counters already
 * hold whole subtrees, so the cost is one short range read per node shown,
 * plus one pass over the overdue part of the due index. */
#include <stdlib.h>
#include <string.h>
#include "core/core_int.h"
#include "store/keys.h"

void stats_free(gc_stats *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->rows[i].by_state);
	free(s->rows);
	memset(s, 0, sizeof *s);
}

static void add_rows(gc_ctx *ctx, gc_stats *s, const gc_node *n, int depth, int max_depth, size_t *cap)
{
	if (*cap == s->n)
		s->rows = xrealloc(s->rows, (*cap = *cap ? *cap * 2 : 64) * sizeof *s->rows);
	gc_stat_row *r = &s->rows[s->n++];
	memset(r, 0, sizeof *r);
	r->node = n;
	r->depth = depth;
	if (s->form && s->form->wf)
		r->by_state = xcalloc(s->form->wf->nstates + 1, sizeof *r->by_state);
	if (depth >= max_depth || ctx->scope == SCOPE_OWN)
		return;
	for (size_t i = 0; i < n->nchildren; i++)
		add_rows(ctx, s, &ctx->nodes[n->children[i]], depth + 1, max_depth, cap);
}

typedef struct count_read {
	gc_ctx *ctx;
	gc_stats *s;
	gc_stat_row *r;
	size_t *row_of;       /* count_overdue: node id -> row + 1 */
	int64_t now;
} count_read;

/* One counter of a node: node id + form NUL state -> count. */
static int add_count(const store_item *e, void *arg)
{
	count_read *cr = arg;
	gc_stats *s = cr->s;
	gc_stat_row *r = cr->r;
	const char *form = (const char *)e->key + 4;
	size_t fl = strnlen(form, e->klen - 4);
	if (e->klen < 5 || 4 + fl + 1 > e->klen)
		return 0;
	char fbuf[256], sbuf[256];
	size_t sl = e->klen - 5 - fl;
	if (fl >= sizeof fbuf || sl >= sizeof sbuf)
		return 0;
	memcpy(fbuf, form, fl);
	fbuf[fl] = 0;
	memcpy(sbuf, form + fl + 1, sl);
	sbuf[sl] = 0;
	if (s->form && strcmp(fbuf, s->form->key))
		return 0;
	uint64_t c = get_be64(e->val);
	r->total += c;
	if (core_is_open(cr->ctx, fbuf, sbuf))
		r->open += c;
	if (r->by_state) {
		int si = config_state_index(s->form->wf, sbuf);
		if (si >= 0)
			r->by_state[si] += c;
	}
	return 0;
}

/* Read the counters of one node: key prefix is its id. */
static int read_counts(gc_ctx *ctx, MDB_txn *txn, gc_stats *s, gc_stat_row *r)
{
	unsigned char pre[4];
	count_read cr = { ctx, s, r, NULL, 0 };
	return store_each(ctx->st, txn, TBL_COUNTS, pre, key_node(pre, r->node->id), 4, add_count, &cr);
}

/* One overdue record (the due index is in time order: stop at now). */
static int add_overdue(const store_item *e, void *arg)
{
	count_read *cr = arg;
	gc_ctx *ctx = cr->ctx;
	if ((int64_t)get_be64(e->key) >= cr->now)
		return 1;
	if (e->vlen < 4)   /* damaged: verify names it */
		return 0;
	uint32_t node = get_be32(e->val);
	if (!core_can_see(ctx, node))
		return 0;
	/* The value is node id then form key (then NUL, created day and
	 * category: see docs/storage.md). */
	const gc_form *f = cr->s->form;
	if (f && (strnlen((const char *)e->val + 4, e->vlen - 4) != strlen(f->key) ||
		  memcmp(e->val + 4, f->key, strlen(f->key))))
		return 0;
	for (const gc_node *n = core_node(ctx, node); n; n = core_node(ctx, n->parent))
		if (cr->row_of[n->id])
			cr->s->rows[cr->row_of[n->id] - 1].overdue++;
	return 0;
}

/* One pass over the overdue part of the due index, crediting each overdue
 * record to every shown ancestor. */
static int count_overdue(gc_ctx *ctx, MDB_txn *txn, gc_stats *s)
{
	count_read cr = { ctx, s, NULL, xcalloc(ctx->nnodes + 1, sizeof *cr.row_of), gc_now() };
	for (size_t i = 0; i < s->n; i++)
		cr.row_of[s->rows[i].node->id] = i + 1;
	int rc = store_each(ctx->st, txn, TBL_OPEN_DUE, NULL, 0, 0, add_overdue, &cr);
	free(cr.row_of);
	return rc;
}

int core_stats(gc_ctx *ctx, const char *node, int depth, const char *form, gc_stats *out)
{
	errs_clear(&ctx->errs);   /* errs holds the errors of the last call */
	MDB_txn *txn;
	size_t cap = 0;
	memset(out, 0, sizeof *out);
	const gc_node *top = core_scope_node(ctx, node);
	if (!top)
		return ctx->errs.status;
	if (form && !(out->form = config_form(ctx->cfg, form)))
		return core_fail(ctx, GC_ENOTFOUND, "unknown form '%s'", form);
	if (!form) {
		/* Default to the one form with a workflow (there may be simple forms
		 * beside it: units, surveys): states are what people count. */
		size_t nwf = 0;
		for (size_t i = 0; i < ctx->cfg->nforms; i++)
			if (ctx->cfg->forms[i].wf && nwf++ == 0)
				out->form = &ctx->cfg->forms[i];
		if (nwf != 1)
			out->form = NULL;
	}
	add_rows(ctx, out, top, 0, depth, &cap);
	if (store_read(ctx->st, &txn, &ctx->errs))
		return GC_EIO;
	int rc = 0;
	for (size_t i = 0; i < out->n && !rc; i++) {
		if (ctx->scope == SCOPE_OWN && out->rows[i].node->id != ctx->scope_node)
			continue;
		rc = read_counts(ctx, txn, out, &out->rows[i]);
	}
	if (!rc)
		rc = count_overdue(ctx, txn, out);
	store_read_end(txn);
	if (rc)
		return core_fail(ctx, GC_EIO, "statistics: %s", store_strerror(rc));
	return 0;
}
