/* SPDX-License-Identifier: MIT */
/* measure.c - the configured measures (the measures: section): averages,
 * shares, counts and ratios over the fields of records, per node and
 * period, beside the workflow's counts. Nothing here knows a form or a
 * field by name: the configuration says which. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/core_int.h"
#include "gridcase/i18n.h"

measure_acc *measure_accs_new(const gc_config *cfg)
{
	measure_acc *a = xcalloc(cfg->nmeasures + 1, sizeof *a);
	for (size_t i = 0; i < cfg->nmeasures; i++)
		if (cfg->measures[i].by)
			a[i].by = xcalloc(cfg->measures[i].by->nchoices + 1, sizeof *a[i].by);
	return a;
}

void measure_accs_free(const gc_config *cfg, measure_acc *a)
{
	if (!a)
		return;
	for (size_t i = 0; i < cfg->nmeasures; i++)
		free(a[i].by);
	free(a);
}

int measure_uses_form(const gc_config *cfg, const char *form)
{
	for (size_t i = 0; i < cfg->nmeasures; i++)
		if (!strcmp(cfg->measures[i].form, form) || (cfg->measures[i].per && !strcmp(cfg->measures[i].per, form)))
			return 1;
	return 0;
}

static void add_one(const gc_measure *m, measure_acc *a, const gc_record *r)
{
	if (m->per && !strcmp(m->per, r->form))
		a->den++;
	if (strcmp(m->form, r->form))
		return;
	if (m->where && strcmp(rec_field(r, m->where->key), m->where_value))
		return;
	const char *v = m->field ? rec_field(r, m->field->key) : "";
	switch (m->kind) {
	case MEASURE_AVERAGE:
		if (*v) {
			a->num++;
			a->sum += atof(v);
		}
		break;
	case MEASURE_SHARE:
		a->den++;
		if (m->value ? !strcmp(v, m->value) : *v != 0)
			a->num++;
		break;
	case MEASURE_COUNT:
		a->num++;
		if (m->by) {
			const char *b = rec_field(r, m->by->key);
			int ci = config_choice_index(m->by, b, strlen(b));
			a->by[ci < 0 ? m->by->nchoices : (size_t)ci]++;
		}
		break;
	case MEASURE_RATIO:
		a->num++;
		break;
	}
}

void measure_add(const gc_config *cfg, measure_acc *a, const gc_record *r)
{
	for (size_t i = 0; i < cfg->nmeasures; i++)
		add_one(&cfg->measures[i], &a[i], r);
}

int measure_value(const gc_measure *m, const measure_acc *a, double *v)
{
	switch (m->kind) {
	case MEASURE_AVERAGE:
		if (!a->num)
			return 0;
		*v = a->sum / (double)a->num;
		return 1;
	case MEASURE_SHARE:
		if (!a->den)
			return 0;
		*v = 100.0 * (double)a->num / (double)a->den;
		return 1;
	case MEASURE_COUNT:
		*v = (double)a->num;
		return 1;
	case MEASURE_RATIO:
		if (!a->den)
			return 0;
		*v = (double)a->num / (double)a->den;
		return 1;
	}
	return 0;
}

/* Averages and ratios to two decimals, shares as percentages to one,
 * counts whole: the same text in tables, CSV and the UI. */
void measure_format(const gc_measure *m, const measure_acc *a, int percent_sign, char *out, size_t n)
{
	double v;
	if (!measure_value(m, a, &v))
		snprintf(out, n, "%s", percent_sign ? "-" : "");
	else if (m->kind == MEASURE_SHARE)
		snprintf(out, n, percent_sign ? "%.1f%%" : "%.1f", v);
	else if (m->kind == MEASURE_COUNT)
		snprintf(out, n, "%llu", (unsigned long long)a->num);
	else
		snprintf(out, n, "%.2f", v);
}

typedef struct mscan {
	gc_ctx *ctx;
	measure_acc *out;
	size_t *row_of;       /* node id -> row + 1, 0: not shown */
	int64_t from, to;
} mscan;

static int each_record(const gc_record *r, void *arg)
{
	mscan *s = arg;
	const gc_config *cfg = s->ctx->cfg;
	if ((s->from && r->created < s->from) || (s->to && r->created >= s->to) || !measure_uses_form(cfg, r->form))
		return 0;
	for (const gc_node *n = core_node(s->ctx, r->node_id); n; n = core_node(s->ctx, n->parent))
		if (s->row_of[n->id])
			measure_add(cfg, &s->out[(s->row_of[n->id] - 1) * (cfg->nmeasures + 1)], r);
	return 0;
}

/* Every record of the measures' forms (and their per forms) under node,
 * but those of skip (counted by the caller's own scan): read through the
 * form postings (core_list), so a district of a million cases is not
 * walked for a thousand units. */
int measure_each(gc_ctx *ctx, const char *node, const char *skip, record_fn fn, void *arg)
{
	const gc_config *cfg = ctx->cfg;
	for (size_t i = 0; i < cfg->nforms; i++) {
		const char *form = cfg->forms[i].key;
		if ((skip && !strcmp(form, skip)) || !measure_uses_form(cfg, form))
			continue;
		gc_query q;
		gc_list l;
		memset(&q, 0, sizeof q);
		q.form = form;
		q.node = node;
		int rc = core_list(ctx, &q, &l);
		if (rc)
			return rc;
		for (size_t k = 0; k < l.n; k++)
			fn(&l.recs[k], arg);
		list_free(&l);
	}
	return 0;
}

int core_measures(gc_ctx *ctx, const gc_node *top, const gc_node *const *nodes, size_t n, int64_t from, int64_t to,
		  measure_acc **out)
{
	const gc_config *cfg = ctx->cfg;
	*out = NULL;
	if (!cfg->nmeasures || !n)
		return 0;
	measure_acc *acc = xcalloc(n * (cfg->nmeasures + 1), sizeof *acc);
	for (size_t i = 0; i < n; i++) {
		measure_acc *one = measure_accs_new(cfg);
		memcpy(&acc[i * (cfg->nmeasures + 1)], one, (cfg->nmeasures + 1) * sizeof *one);
		free(one);
	}
	mscan s = { ctx, acc, xcalloc(ctx->nnodes + 1, sizeof(size_t)), from, to };
	for (size_t i = 0; i < n; i++)
		s.row_of[nodes[i]->id] = i + 1;
	int rc = measure_each(ctx, top->code, NULL, each_record, &s);
	free(s.row_of);
	if (rc) {
		measures_free(ctx->cfg, acc, n);
		return rc;
	}
	*out = acc;
	return 0;
}

void measures_free(const gc_config *cfg, measure_acc *acc, size_t n)
{
	if (!acc)
		return;
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < cfg->nmeasures; j++)
			free(acc[i * (cfg->nmeasures + 1) + j].by);
	free(acc);
}
