/* stats.c - counts per node from the rollup counters. The counters already
 * hold whole subtrees, so the cost is one short range read per node shown,
 * plus one pass over the overdue part of the due index. */
#include <stdlib.h>
#include <string.h>
#include "gridcase/query.h"
#include "core/core_int.h"

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

/* Read the counters of one node: key prefix is its id. */
static int read_counts(gc_ctx *ctx, MDB_txn *txn, gc_stats *s, gc_stat_row *r)
{
	MDB_cursor *cur;
	unsigned char pre[4];
	put_be32(pre, r->node->id);
	MDB_val k = { 4, pre }, d;
	int rc = mdb_cursor_open(txn, ctx->st->counts, &cur);
	if (rc)
		return rc;
	for (rc = mdb_cursor_get(cur, &k, &d, MDB_SET_RANGE); rc == 0; rc = mdb_cursor_get(cur, &k, &d, MDB_NEXT)) {
		if (k.mv_size < 5 || memcmp(k.mv_data, pre, 4))
			break;
		const char *form = (const char *)k.mv_data + 4;
		size_t fl = strnlen(form, k.mv_size - 4);
		if (4 + fl + 1 > k.mv_size)
			continue;
		char fbuf[256], sbuf[256];
		size_t sl = k.mv_size - 5 - fl;
		if (fl >= sizeof fbuf || sl >= sizeof sbuf)
			continue;
		memcpy(fbuf, form, fl);
		fbuf[fl] = 0;
		memcpy(sbuf, form + fl + 1, sl);
		sbuf[sl] = 0;
		if (s->form && strcmp(fbuf, s->form->key))
			continue;
		uint64_t c = get_be64(d.mv_data);
		r->total += c;
		if (core_is_open(ctx, fbuf, sbuf))
			r->open += c;
		if (r->by_state) {
			int si = config_state_index(s->form->wf, sbuf);
			if (si >= 0)
				r->by_state[si] += c;
		}
	}
	mdb_cursor_close(cur);
	return rc == MDB_NOTFOUND ? 0 : rc;
}

/* One pass over the overdue part of the due index, crediting each overdue
 * record to every shown ancestor. */
static int count_overdue(gc_ctx *ctx, MDB_txn *txn, gc_stats *s)
{
	MDB_cursor *cur;
	unsigned char lo[16] = { 0 };
	MDB_val k = { 16, lo }, d;
	int64_t now = gc_now();
	size_t *row_of = xcalloc(ctx->nnodes + 1, sizeof *row_of);   /* node id -> row + 1 */
	for (size_t i = 0; i < s->n; i++)
		row_of[s->rows[i].node->id] = i + 1;
	int rc = mdb_cursor_open(txn, ctx->st->open_due, &cur);
	for (rc = rc ? rc : mdb_cursor_get(cur, &k, &d, MDB_SET_RANGE); rc == 0; rc = mdb_cursor_get(cur, &k, &d, MDB_NEXT)) {
		if ((int64_t)get_be64(k.mv_data) >= now)
			break;
		uint32_t node = get_be32(d.mv_data);
		if (!core_can_see(ctx, node))
			continue;
		/* The value is node id then form key (see docs/storage.md). */
		if (s->form && (d.mv_size - 4 != strlen(s->form->key) ||
				memcmp((char *)d.mv_data + 4, s->form->key, d.mv_size - 4)))
			continue;
		for (const gc_node *n = core_node(ctx, node); n; n = core_node(ctx, n->parent))
			if (row_of[n->id])
				s->rows[row_of[n->id] - 1].overdue++;
	}
	if (cur)
		mdb_cursor_close(cur);
	free(row_of);
	return rc == MDB_NOTFOUND ? 0 : rc;
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
		/* Default to the first form with a workflow: states are what people count. */
		for (size_t i = 0; i < ctx->cfg->nforms && !out->form; i++)
			if (ctx->cfg->forms[i].wf && ctx->cfg->nforms == 1)
				out->form = &ctx->cfg->forms[i];
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
	mdb_txn_abort(txn);
	if (rc)
		return core_fail(ctx, GC_EIO, "statistics: %s", store_strerror(rc));
	return 0;
}
