/* SPDX-License-Identifier: MIT */
/* assess.c - assessment statistics over a period (see assess.h). One scan
 * of the subtree; every record adds to its child row, its category and the
 * total. Nothing here knows a state, a category or a count by name: they
 * come from the form and its workflow. */
#include <stdlib.h>
#include <string.h>
#include <stdio.h>
#include "core/core_int.h"
#include "core/rollup.h"
#include "gridcase/i18n.h"

typedef struct scan {
	gc_ctx *ctx;
	gc_assess *a;
	int *row_of;          /* node id -> index in a->rows, -1 none yet */
	int64_t now;
} scan;

static void counts_init(const gc_config *cfg, assess_counts *c, size_t nstates)
{
	memset(c, 0, sizeof *c);
	c->by_state = xcalloc(nstates + 1, sizeof *c->by_state);
	c->meas = measure_accs_new(cfg);
}

static void add(const gc_assess *a, assess_counts *c, const gc_record *r, int state, int64_t now,
		const gc_config *cfg)
{
	const gc_workflow *wf = a->form->wf;
	const gc_calendar *cal = &cfg->cal;
	measure_add(cfg, c->meas, r);
	c->reported++;
	if (state >= 0)
		c->by_state[state]++;
	if (state >= 0 && wf->states[state].final) {
		c->closed++;
		if (r->late == 0)
			c->on_time++;
		c->handling_secs += cal_working_between(cal, r->created, r->state_since);
		for (size_t i = 0; i < a->ncounted; i++)
			if (atoll(rec_field(r, a->counted[i]->key)) > 0)
				c->counted[i]++;
	} else {
		c->open++;
		if (r->due && r->due <= now)
			c->overdue++;
	}
}

/* The row of the node's child that holds node_id (or of the node itself). */
static assess_row *row_for(scan *s, uint32_t node_id)
{
	gc_assess *a = s->a;
	const gc_node *n = core_node(s->ctx, node_id);
	while (n && n != a->node && n->parent != a->node->id)
		n = core_node(s->ctx, n->parent);
	if (!n)
		return NULL;
	if (s->row_of[n->id] < 0) {
		a->rows = xrealloc(a->rows, (a->nrows + 1) * sizeof *a->rows);
		assess_row *row = &a->rows[a->nrows];
		memset(row, 0, sizeof *row);
		row->node = n;
		counts_init(s->ctx->cfg, &row->c, a->form->wf->nstates);
		s->row_of[n->id] = (int)a->nrows++;
	}
	return &a->rows[s->row_of[n->id]];
}

static assess_row *category_for(const gc_config *cfg, gc_assess *a, const gc_record *r)
{
	const char *v = a->category_field ? rec_field(r, a->category_field) : "";
	size_t len = a->by && a->by->type != FT_CHOICE ? strlen(v) : strcspn(v, "/");
	for (size_t i = 0; i < a->ncats; i++)
		if (strlen(a->cats[i].name) == len && !strncmp(a->cats[i].name, v, len))
			return &a->cats[i];
	a->cats = xrealloc(a->cats, (a->ncats + 1) * sizeof *a->cats);
	assess_row *row = &a->cats[a->ncats++];
	memset(row, 0, sizeof *row);
	row->name = xstrndup(v, len);
	counts_init(cfg, &row->c, a->form->wf->nstates);
	return row;
}

static int each_record(const gc_record *r, void *arg)
{
	scan *s = arg;
	gc_assess *a = s->a;
	if ((a->from && r->created < a->from) || (a->to && r->created >= a->to))
		return 0;
	const gc_config *cfg = s->ctx->cfg;
	int mine = !strcmp(r->form, a->form->key);
	if (!mine && !measure_uses_form(cfg, r->form))
		return 0;
	if (!mine) {
		/* A record of another form that a measure counts: its child's row
		 * and the total (one at the node itself, the total only). */
		assess_row *row = r->node_id == a->node->id ? NULL : row_for(s, r->node_id);
		if (row)
			measure_add(cfg, row->c.meas, r);
		measure_add(cfg, a->total.c.meas, r);
		return 0;
	}
	int state = config_state_index(a->form->wf, r->state);
	assess_row *row = row_for(s, r->node_id);
	if (row)
		add(a, &row->c, r, state, s->now, cfg);
	add(a, &category_for(cfg, a, r)->c, r, state, s->now, cfg);
	add(a, &a->total.c, r, state, s->now, cfg);
	return 0;
}

static const gc_form *default_form(const gc_config *cfg)
{
	for (size_t i = 0; i < cfg->nforms; i++)
		if (cfg->forms[i].wf)
			return &cfg->forms[i];
	return NULL;
}

/* Rows in the order of the tree: the node itself, then its children. */
static int tree_rank(const gc_assess *a, const gc_node *n)
{
	if (n == a->node)
		return -1;
	for (size_t i = 0; i < a->node->nchildren; i++)
		if (a->node->children[i] == n->id)
			return (int)i;
	return (int)a->node->nchildren;
}

static int cmp_rows(const void *x, const void *y, void *assess)
{
	const assess_row *p = x, *q = y;
	return tree_rank(assess, p->node) - tree_rank(assess, q->node);
}

int core_assess(gc_ctx *ctx, const char *node, const char *form, int64_t from, int64_t to, gc_assess *out)
{
	return core_assess_by(ctx, node, form, NULL, from, to, out);
}

/* Categories by a record field: each row titled by its record's title. */
static void title_records(gc_ctx *ctx, gc_assess *a)
{
	for (size_t i = 0; i < a->ncats; i++) {
		gc_record r;
		rec_init(&r);
		if (*a->cats[i].name && !core_get(ctx, strtoull(a->cats[i].name, NULL, 10), &r))
			a->cats[i].title = xstrdup(core_record_title(ctx->cfg, &r));
		rec_free(&r);
	}
	errs_clear(&ctx->errs);
}

int core_assess_by(gc_ctx *ctx, const char *node, const char *form, const char *by, int64_t from, int64_t to,
		   gc_assess *out)
{
	errs_clear(&ctx->errs);
	memset(out, 0, sizeof *out);
	const gc_form *f = form ? config_form(ctx->cfg, form) : default_form(ctx->cfg);
	if (!f || !f->wf)
		return core_fail(ctx, form ? GC_ENOTFOUND : GC_EDATA, form ? "no form '%s' with a workflow" : "%s",
				 form ? form : "the configuration has no form with a workflow");
	out->form = f;
	out->cfg = ctx->cfg;
	out->from = from;
	out->to = to;
	out->made = gc_now();
	for (size_t i = 0; i < f->nfields && !out->category_field && !by; i++)
		if (f->fields[i].type == FT_CHOICE)
			out->category_field = f->fields[i].key;
	if (by) {
		int fi = config_field_index(f, by);
		if (fi < 0)
			return core_fail(ctx, GC_EUSAGE, "form '%s' has no field '%s' to count by", f->key, by);
		out->by = &f->fields[fi];
		out->category_field = out->by->key;
	}
	out->ncounted = roll_counted(f, out->counted, ASSESS_MAX_COUNTED);   /* as the rollups count them */
	gc_query q;
	memset(&q, 0, sizeof q);
	q.form = f->key;
	q.node = node;
	q.created_from = from;   /* the period: records outside it are skipped before they are decoded */
	q.created_to = to;
	/* The node the scan narrows to (the user's scope) heads the rows. */
	const gc_node *top = core_scope_node(ctx, node);
	if (!top)
		return ctx->errs.status ? ctx->errs.status : GC_ENOTFOUND;
	out->node = top;
	q.node = top->code;
	counts_init(ctx->cfg, &out->total.c, f->wf->nstates);
	out->total.node = top;
	scan s = { ctx, out, xcalloc(ctx->nnodes + 1, sizeof(int)), out->made };
	for (size_t i = 0; i <= ctx->nnodes; i++)
		s.row_of[i] = -1;
	int rc = core_scan(ctx, &q, each_record, &s, NULL);
	/* The measures' other forms, read through their postings. */
	if (!rc)
		rc = measure_each(ctx, top->code, f->key, each_record, &s);
	free(s.row_of);
	if (rc) {
		assess_free(out);
		return rc;
	}
	if (out->nrows)
		qsort_r(out->rows, out->nrows, sizeof *out->rows, cmp_rows, out);
	if (out->by && out->by->type == FT_RECORD)
		title_records(ctx, out);
	return 0;
}

static void row_free(const gc_config *cfg, assess_row *r)
{
	free(r->name);
	free(r->title);
	free(r->c.by_state);
	measure_accs_free(cfg, r->c.meas);
}

void assess_free(gc_assess *a)
{
	const gc_config *cfg = a->cfg;
	for (size_t i = 0; i < a->nrows; i++)
		row_free(cfg, &a->rows[i]);
	for (size_t i = 0; i < a->ncats; i++)
		row_free(cfg, &a->cats[i]);
	row_free(cfg, &a->total);
	free(a->rank_label);
	free(a->rows);
	free(a->cats);
	memset(a, 0, sizeof *a);
}

int assess_rate(uint64_t part, uint64_t whole)
{
	return whole ? (int)((part * 1000 + whole / 2) / whole) : -1;
}

int assess_hours(const assess_counts *c)
{
	return c->closed ? (int)((c->handling_secs * 10 / 3600 + (int64_t)c->closed / 2) / (int64_t)c->closed) : -1;
}

void assess_period(const gc_assess *a, char *out, size_t n)
{
	char d1[32], d2[32];
	if (!a->from && !a->to) {
		snprintf(out, n, "%s", _("all time"));
		return;
	}
	snprintf(d1, sizeof d1, "%s", _("start"));
	snprintf(d2, sizeof d2, "%s", _("now"));
	if (a->from)
		date_format(day_of(a->from), d1, sizeof d1);
	if (a->to)
		date_format(day_of(a->to - 1), d2, sizeof d2);
	snprintf(out, n, "%s .. %s", d1, d2);
}
