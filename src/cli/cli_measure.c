/* SPDX-License-Identifier: MIT */
/* cli_measure.c - the configured measures (measure.c) and rankings
 * (rank.c) on the command line: their table in report and stats, their
 * columns in the rows of a machine format. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "gridcase/cli.h"
#include "gridcase/i18n.h"
#include "gridcase/text.h"

#define MCOL 12   /* display columns of a measure's cell */

static void cell(gc_buf *b, const char *s)
{
	buf_addc(b, ' ');
	for (int w = text_width(s, strlen(s)); w < MCOL; w++)
		buf_addc(b, ' ');
	text_fit(b, s, strlen(s), MCOL, 0);
}

void measure_head(gc_buf *b, const gc_config *cfg)
{
	for (size_t j = 0; j < cfg->nmeasures; j++)
		cell(b, cfg->measures[j].label);
}

void measure_cells(gc_buf *b, const gc_config *cfg, const measure_acc *acc)
{
	char v[64];
	for (size_t j = 0; j < cfg->nmeasures; j++) {
		measure_format(&cfg->measures[j], &acc[j], 1, v, sizeof v);
		cell(b, v);
	}
}

/* A count split by a choice field: "增收类 10, 民生类 14, 党建类 18". */
static void print_splits(FILE *out, const gc_config *cfg, const measure_acc *acc)
{
	for (size_t j = 0; j < cfg->nmeasures; j++) {
		const gc_measure *m = &cfg->measures[j];
		if (!m->by)
			continue;
		fprintf(out, _("%s by %s:"), m->label, m->by->label);
		for (size_t k = 0; k <= m->by->nchoices; k++)
			if (acc[j].by[k])
				fprintf(out, " %s %llu", k < m->by->nchoices ? m->by->choices[k] : _("other"),
					(unsigned long long)acc[j].by[k]);
		fprintf(out, "\n");
	}
}

static void name_cells(gc_buf *b, const char *code, const char *name)
{
	text_fit(b, code, strlen(code), 16, 1);
	text_fit(b, name, strlen(name), 12, 1);
}

/* The measures per node and for the total, then the splits of the total. */
void print_assessment_measures(FILE *out, const gc_assess *s)
{
	const gc_config *cfg = s->cfg;
	if (!cfg->nmeasures)
		return;
	gc_buf b;
	buf_init(&b);
	name_cells(&b, _("MEASURE"), "");
	measure_head(&b, cfg);
	fprintf(out, "%s\n", b.p);
	for (size_t i = 0; i <= s->nrows; i++) {
		const assess_row *r = i < s->nrows ? &s->rows[i] : &s->total;
		buf_reset(&b);
		name_cells(&b, i < s->nrows ? r->node->code : _("total"), r->node->name);
		measure_cells(&b, cfg, r->c.meas);
		fprintf(out, "%s\n", b.p);
	}
	print_splits(out, cfg, s->total.c.meas);
	fprintf(out, "\n");
	buf_free(&b);
}

/* The ranking: place, node, value, flag; then how it was ordered. */
void print_ranking(FILE *out, const gc_assess *s)
{
	gc_buf b;
	char v[64];
	buf_init(&b);
	fprintf(out, _("Ranked by %s (%s is better; equal values in the order of the tree):\n"), s->rank_label,
		s->rank_lower_better ? _("lower") : _("higher"));
	for (size_t i = 0; i < s->nrows; i++) {
		const assess_row *r = &s->rows[i];
		buf_reset(&b);
		if (r->rank)
			buf_printf(&b, "%4d ", r->rank);
		else
			buf_adds(&b, "   - ");
		name_cells(&b, r->node->code, r->node->name);
		assess_rank_format(s, r, v, sizeof v);
		cell(&b, v);
		if (r->flag)
			buf_printf(&b, "  %s", r->flag);
		fprintf(out, "%s\n", b.p);
	}
	fprintf(out, "\n");
	buf_free(&b);
}

/* Columns of the measures (m_KEY, and m_KEY/CHOICE for a split count),
 * then rank and flag when ranked. keys[] holds the column keys made. */
char **measure_rows_cols(cli_rows *t, const gc_assess *s)
{
	const gc_config *cfg = s->cfg;
	size_t n = 0;
	for (size_t j = 0; j < cfg->nmeasures; j++)
		n += 1 + (cfg->measures[j].by ? cfg->measures[j].by->nchoices : 0);
	char **keys = xcalloc(n + 1, sizeof *keys);
	gc_buf k, l;
	buf_init(&k);
	buf_init(&l);
	n = 0;
	for (size_t j = 0; j < cfg->nmeasures; j++) {
		const gc_measure *m = &cfg->measures[j];
		buf_reset(&k);
		buf_printf(&k, "m_%s", m->key);
		keys[n] = xstrdup(k.p);
		rows_col(t, keys[n++], m->label, COL_NUM);
		for (size_t c = 0; m->by && c < m->by->nchoices; c++) {
			buf_reset(&k);
			buf_reset(&l);
			buf_printf(&k, "m_%s/%s", m->key, m->by->choices[c]);
			buf_printf(&l, "%s/%s", m->label, m->by->choices[c]);
			keys[n] = xstrdup(k.p);
			rows_col(t, keys[n++], l.p, COL_NUM);
		}
	}
	buf_free(&k);
	buf_free(&l);
	if (s->rank_key) {
		rows_col(t, "rank", _("Rank"), COL_NUM);
		rows_col(t, "flag", _("Flag"), COL_STR);
	}
	return keys;
}

void measure_rows_cells(cli_rows *t, const gc_assess *s, const assess_row *r)
{
	const gc_config *cfg = s->cfg;
	char v[64];
	for (size_t j = 0; j < cfg->nmeasures; j++) {
		const gc_measure *m = &cfg->measures[j];
		measure_format(m, &r->c.meas[j], 0, v, sizeof v);
		rows_cell(t, v);
		for (size_t c = 0; m->by && c < m->by->nchoices; c++)
			rows_num(t, (long long)r->c.meas[j].by[c]);
	}
	if (s->rank_key) {
		if (r->rank)
			rows_num(t, r->rank);
		else
			rows_cell(t, "");
		rows_cell(t, r->flag ? r->flag : "");
	}
}

void measure_rows_free(char **keys)
{
	for (size_t i = 0; keys && keys[i]; i++)
		free(keys[i]);
	free(keys);
}
