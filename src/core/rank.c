/* SPDX-License-Identifier: MIT */
/* rank.c - rankings of an assessment's rows (考评问责): the children of the
 * node ordered by any measure, best first, ties in the tree's order, and
 * the configured flags (ranking: flags:) on the bottom rows. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/core_int.h"
#include "gridcase/i18n.h"

/* The built-in keys: a value from the workflow's counts. */
enum { K_REPORTED, K_OPEN, K_OVERDUE, K_CLOSED, K_CLOSED_RATE, K_ON_TIME_RATE, K_HOURS, K_RATE, K_MEASURE };

typedef struct rank_key {
	int kind;
	size_t index;              /* K_RATE: counted field; K_MEASURE: measure */
	int lower_better;
} rank_key;

static int find_key(const gc_assess *a, const char *key, rank_key *k, gc_buf *label)
{
	static const struct { const char *key; const char *label; int lower; } builtin[] = {
		{ "reported", N_("reported"), 0 }, { "open", N_("open"), 1 }, { "overdue", N_("overdue"), 1 },
		{ "closed", N_("closed"), 0 }, { "closed_rate", N_("closed of reported (%)"), 0 },
		{ "on_time_rate", N_("closed on time (%)"), 0 }, { "hours", N_("average handling hours"), 1 },
	};
	memset(k, 0, sizeof *k);
	for (size_t i = 0; i < ARRAY_LEN(builtin); i++)
		if (!strcmp(key, builtin[i].key)) {
			k->kind = (int)i;
			k->lower_better = builtin[i].lower;
			buf_adds(label, _(builtin[i].label));
			return 0;
		}
	for (size_t i = 0; i < a->ncounted && !strncmp(key, "rate_", 5); i++)
		if (!strcmp(key + 5, a->counted[i]->key)) {
			k->kind = K_RATE;
			k->index = i;
			k->lower_better = 1;
			buf_printf(label, _("%s (%% of closed)"), a->counted[i]->label);
			return 0;
		}
	for (size_t i = 0; i < a->cfg->nmeasures; i++)
		if (!strcmp(key, a->cfg->measures[i].key)) {
			k->kind = K_MEASURE;
			k->index = i;
			k->lower_better = a->cfg->measures[i].lower_better;
			buf_adds(label, a->cfg->measures[i].label);
			return 0;
		}
	return -1;
}

static int value_of(const gc_assess *a, const rank_key *k, const assess_counts *c, double *v)
{
	int t;
	switch (k->kind) {
	case K_REPORTED: *v = (double)c->reported; return 1;
	case K_OPEN: *v = (double)c->open; return 1;
	case K_OVERDUE: *v = (double)c->overdue; return 1;
	case K_CLOSED: *v = (double)c->closed; return 1;
	case K_CLOSED_RATE: t = assess_rate(c->closed, c->reported); break;
	case K_ON_TIME_RATE: t = assess_rate(c->on_time, c->closed); break;
	case K_HOURS: t = assess_hours(c); break;
	case K_RATE: t = assess_rate(c->counted[k->index], c->closed); break;
	default: return measure_value(&a->cfg->measures[k->index], &c->meas[k->index], v);
	}
	if (t < 0)
		return 0;
	*v = t / 10.0;
	return 1;
}

/* Ranked rows first, best first; equal values and the unranked keep the
 * order they had (the tree's): the index is the last key. */
typedef struct order {
	assess_row row;
	size_t was;
	int lower;
} order;

static int cmp_order(const void *x, const void *y)
{
	const order *p = x, *q = y;
	if (p->row.has_value != q->row.has_value)
		return q->row.has_value - p->row.has_value;
	if (p->row.has_value && p->row.value != q->row.value)
		return (p->row.value > q->row.value) == !p->lower ? -1 : 1;
	return p->was < q->was ? -1 : p->was > q->was;
}

static void set_flags(const gc_config *cfg, gc_assess *a, const char *key)
{
	for (size_t i = 0; i < a->nrows; i++) {
		assess_row *r = &a->rows[i];
		for (size_t j = 0; j < cfg->nrank_flags && r->rank && !r->flag; j++) {
			const gc_rank_flag *fl = &cfg->rank_flags[j];
			if (fl->measure && strcmp(fl->measure, key))
				continue;
			if (fl->bottom && (size_t)r->rank + (size_t)fl->bottom > a->nranked)
				r->flag = fl->label;
			if (fl->has_below && (a->rank_lower_better ? r->value > fl->below : r->value < fl->below))
				r->flag = fl->label;
		}
	}
}

int assess_rank(gc_ctx *ctx, gc_assess *a, const char *key)
{
	rank_key k;
	gc_buf label;
	buf_init(&label);
	if (find_key(a, key, &k, &label)) {
		buf_free(&label);
		return core_fail(ctx, GC_EUSAGE,
				 "no measure '%s' to rank by (reported, open, overdue, closed, closed_rate, on_time_rate, "
				 "hours, rate_FIELD or a key of measures:)", key);
	}
	free(a->rank_label);
	a->rank_label = label.p ? label.p : xstrdup(key);
	a->rank_key = key;
	a->rank_lower_better = k.lower_better;
	a->rank_whole = k.kind <= K_CLOSED;
	order *o = xcalloc(a->nrows + 1, sizeof *o);
	for (size_t i = 0; i < a->nrows; i++) {
		assess_row *r = &a->rows[i];
		r->has_value = r->node != a->node && value_of(a, &k, &r->c, &r->value);
		r->rank = 0;
		r->flag = NULL;
		o[i] = (order){ *r, i, k.lower_better };
	}
	qsort(o, a->nrows, sizeof *o, cmp_order);
	a->nranked = 0;
	for (size_t i = 0; i < a->nrows; i++) {
		a->rows[i] = o[i].row;
		if (a->rows[i].has_value)
			a->rows[i].rank = (int)++a->nranked;
	}
	free(o);
	set_flags(ctx->cfg, a, key);
	return 0;
}

void assess_rank_format(const gc_assess *a, const assess_row *r, char *out, size_t n)
{
	const gc_measure *m = NULL;
	for (size_t i = 0; i < a->cfg->nmeasures && !m; i++)
		if (a->rank_key && !strcmp(a->rank_key, a->cfg->measures[i].key))
			m = &a->cfg->measures[i];
	if (!r->has_value)
		snprintf(out, n, "-");
	else if (m)
		measure_format(m, &r->c.meas[m - a->cfg->measures], 1, out, n);
	else if (a->rank_whole)
		snprintf(out, n, "%lld", (long long)r->value);
	else
		snprintf(out, n, "%.1f", r->value);
}
