/* SPDX-License-Identifier: MIT */
/* cli_report.c - assessment statistics on the command line: `stats --from
 * --to` and `report`, a dated summary as a table or rows (assess.c counts). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "gridcase/cli.h"
#include "gridcase/i18n.h"
#include "gridcase/csv.h"
#include "gridcase/xlsx.h"
#include "gridcase/text.h"

/* --from and --to are days (YYYY-MM-DD), both included. */
int cli_period(const cli_args *a, int64_t *from, int64_t *to)
{
	long day;
	*from = *to = 0;
	if (opt(a, "from")) {
		if (date_parse(opt(a, "from"), &day))
			return cli_usage("--from needs a date (YYYY-MM-DD), not '%s'", opt(a, "from"));
		*from = day_start(day);
	}
	if (opt(a, "to")) {
		if (date_parse(opt(a, "to"), &day))
			return cli_usage("--to needs a date (YYYY-MM-DD), not '%s'", opt(a, "to"));
		*to = day_start(day + 1);
	}
	if (*from && *to && *to <= *from)
		return cli_usage("--to is before --from");
	return 0;
}

static void rate(gc_buf *b, int tenths, int width)
{
	if (tenths < 0)
		buf_printf(b, " %*s", width, "-");
	else
		buf_printf(b, " %*d.%d%%", width - 3, tenths / 10, tenths % 10);
}

/* One table row: name, then the measures. */
static void table_row(gc_buf *b, const gc_assess *s, const char *code, const char *name, const assess_counts *c)
{
	text_fit(b, code, strlen(code), 16, 1);
	text_fit(b, name, strlen(name), 12, 1);
	buf_printf(b, "%8llu %7llu %7llu %7llu", (unsigned long long)c->reported, (unsigned long long)c->open,
		   (unsigned long long)c->overdue, (unsigned long long)c->closed);
	rate(b, assess_rate(c->closed, c->reported), 7);
	rate(b, assess_rate(c->on_time, c->closed), 7);
	for (size_t i = 0; i < s->ncounted; i++)
		rate(b, assess_rate(c->counted[i], c->closed), 9);
	int h = assess_hours(c);
	if (h < 0)
		buf_printf(b, " %7s", "-");
	else
		buf_printf(b, " %5d.%d", h / 10, h % 10);
}

static void table_head(gc_buf *b, const gc_assess *s, const char *first)
{
	text_fit(b, first, strlen(first), 16, 1);
	text_fit(b, _("NAME"), strlen(_("NAME")), 12, 1);
	cli_right(b, _("REPORTED"), 8);
	cli_right(b, _("OPEN"), 8);
	cli_right(b, _("OVERDUE"), 8);
	cli_right(b, _("CLOSED"), 8);
	cli_right(b, _("CLOSED%"), 8);
	cli_right(b, _("ONTIME%"), 8);
	for (size_t i = 0; i < s->ncounted; i++) {
		/* A counted field's label, marked as a share of closed records. */
		gc_buf h;
		buf_init(&h);
		buf_printf(&h, "%s%%", s->counted[i]->label);
		buf_addc(b, ' ');
		for (int w = text_width(h.p, h.len); w < 9; w++)
			buf_addc(b, ' ');
		text_fit(b, h.p, h.len, 9, 0);
		buf_free(&h);
	}
	cli_right(b, _("HOURS"), 8);
}

/* Counts per state of the records reported in the period, per node. */
static void state_table(FILE *out, gc_buf *b, const gc_assess *s)
{
	const gc_workflow *wf = s->form->wf;
	buf_reset(b);
	text_fit(b, _("STATE"), strlen(_("STATE")), 16, 1);
	text_fit(b, "", 0, 12, 1);
	for (size_t j = 0; j < wf->nstates; j++) {
		const char *l = wf->states[j].label;
		buf_addc(b, ' ');
		for (int w = text_width(l, strlen(l)); w < 8; w++)
			buf_addc(b, ' ');
		text_fit(b, l, strlen(l), 8, 0);
	}
	fprintf(out, "%s\n", b->p);
	for (size_t i = 0; i <= s->nrows; i++) {
		const assess_row *r = i < s->nrows ? &s->rows[i] : &s->total;
		buf_reset(b);
		const char *first = i < s->nrows ? r->node->code : _("total");
		text_fit(b, first, strlen(first), 16, 1);
		text_fit(b, r->node->name, strlen(r->node->name), 12, 1);
		for (size_t j = 0; j < wf->nstates; j++)
			buf_printf(b, " %8llu", (unsigned long long)r->c.by_state[j]);
		fprintf(out, "%s\n", b->p);
	}
	fprintf(out, "\n");
}

void print_assessment(FILE *out, const gc_assess *s)
{
	gc_buf b;
	char when[40], period[64];
	buf_init(&b);
	assess_period(s, period, sizeof period);
	when_format(s->made, when, sizeof when);
	fprintf(out, _("Assessment of %s (%s) under %s "), s->form->label, s->form->key, s->node->code);
	print_text(out, s->node->name);
	fprintf(out, _(", reported %s, made %s\n\n"), period, when);
	if (s->rank_key)
		print_ranking(out, s);
	table_head(&b, s, _("NODE"));
	fprintf(out, "%s\n", b.p);
	for (size_t i = 0; i < s->nrows; i++) {
		buf_reset(&b);
		table_row(&b, s, s->rows[i].node->code, s->rows[i].node->name, &s->rows[i].c);
		fprintf(out, "%s\n", b.p);
	}
	buf_reset(&b);
	table_row(&b, s, _("total"), s->node->name, &s->total.c);
	fprintf(out, "%s\n\n", b.p);
	state_table(out, &b, s);
	print_assessment_measures(out, s);
	if (s->category_field && s->ncats) {
		buf_reset(&b);
		table_head(&b, s, _("CATEGORY"));
		fprintf(out, "%s\n", b.p);
		for (size_t i = 0; i < s->ncats; i++) {
			buf_reset(&b);
			table_row(&b, s, *s->cats[i].name ? s->cats[i].name : "-", s->cats[i].title ? s->cats[i].title : "",
				  &s->cats[i].c);
			fprintf(out, "%s\n", b.p);
		}
		fprintf(out, "\n");
	}
	fprintf(out, _("CLOSED%% closed of reported; ONTIME%% of the closed, those never past a time limit;\n"));
	for (size_t i = 0; i < s->ncounted; i++)
		fprintf(out, _("%s%% of the closed, those with %s above 0; "), s->counted[i]->label, s->counted[i]->key);
	fprintf(out, _("HOURS the average working hours from report to close.\n"));
	buf_free(&b);
}

/* Rows: one per node, category and the total, counts rather than rates,
 * so a spreadsheet can sum and divide as it likes. Headers are labels in
 * the user's language (--keys: the keys, which JSON always uses). */
void assessment_rows(FILE *out, const gc_assess *s, const cli_fmt *f)
{
	const gc_workflow *wf = s->form->wf;
	char from[16] = "", to[16] = "";
	cli_rows t;
	gc_buf k, l;
	size_t nkeys = s->ncounted + wf->nstates;
	char **keys = xcalloc(nkeys + 1, sizeof *keys), **labels = xcalloc(nkeys + 1, sizeof *labels);
	buf_init(&k);
	buf_init(&l);
	if (s->from)
		date_format(day_of(s->from), from, sizeof from);
	if (s->to)
		date_format(day_of(s->to - 1), to, sizeof to);
	static const char *const head[][2] = {
		{ "kind", N_("Kind") }, { "code", N_("Code") }, { "name", N_("Name") }, { "from", N_("From") },
		{ "to", N_("To") }, { "reported", N_("Reported") }, { "open", N_("Open") }, { "overdue", N_("Overdue") },
		{ "closed", N_("Closed") }, { "closed_on_time", N_("Closed on time") },
	};
	rows_begin(&t, f);
	for (size_t i = 0; i < ARRAY_LEN(head); i++)
		rows_col(&t, head[i][0], _(head[i][1]), i < 5 ? COL_STR : COL_NUM);
	for (size_t i = 0; i < nkeys; i++) {
		buf_reset(&k);
		buf_reset(&l);
		if (i < s->ncounted) {
			buf_printf(&k, "closed_with_%s", s->counted[i]->key);
			buf_printf(&l, _("Closed with %s"), s->counted[i]->label);
		} else {
			buf_printf(&k, "state_%s", wf->states[i - s->ncounted].key);
			buf_adds(&l, wf->states[i - s->ncounted].label);
		}
		keys[i] = xstrdup(k.p);
		labels[i] = xstrdup(l.p);
	}
	for (size_t i = 0; i < s->ncounted; i++)
		rows_col(&t, keys[i], labels[i], COL_NUM);
	rows_col(&t, "avg_handling_hours", _("Average handling hours"), COL_NUM);
	for (size_t i = s->ncounted; i < nkeys; i++)
		rows_col(&t, keys[i], labels[i], COL_NUM);
	char **mkeys = measure_rows_cols(&t, s);
	for (size_t i = 0; i <= s->nrows + s->ncats; i++) {
		const assess_row *r = i < s->nrows ? &s->rows[i] : i == s->nrows ? &s->total : &s->cats[i - s->nrows - 1];
		const assess_counts *c = &r->c;
		rows_cell(&t, i < s->nrows ? "node" : i == s->nrows ? "total" : "category");
		rows_cell(&t, i <= s->nrows ? r->node->code : r->title ? r->name : "");
		rows_cell(&t, i <= s->nrows ? r->node->name : r->title ? r->title : r->name);
		rows_cell(&t, from);
		rows_cell(&t, to);
		rows_num(&t, (long long)c->reported);
		rows_num(&t, (long long)c->open);
		rows_num(&t, (long long)c->overdue);
		rows_num(&t, (long long)c->closed);
		rows_num(&t, (long long)c->on_time);
		for (size_t j = 0; j < s->ncounted; j++)
			rows_num(&t, (long long)c->counted[j]);
		int h = assess_hours(c);
		buf_reset(&k);
		if (h >= 0)
			buf_printf(&k, "%d.%d", h / 10, h % 10);
		rows_cell(&t, k.p ? k.p : "");
		for (size_t j = 0; j < wf->nstates; j++)
			rows_num(&t, (long long)c->by_state[j]);
		measure_rows_cells(&t, s, r);
		rows_end(&t);
	}
	rows_finish(&t, out);
	measure_rows_free(mkeys);
	for (size_t i = 0; i < nkeys; i++) {
		free(keys[i]);
		free(labels[i]);
	}
	free(keys);
	free(labels);
	buf_free(&k);
	buf_free(&l);
}

/* XLSX: the CSV's rows and columns; codes, names and dates as text cells,
 * the counts as numbers a spreadsheet can sum. */
static int print_assessment_xlsx(FILE *out, const gc_assess *s)
{
	char from[16] = "", to[16] = "", msg[300];
	xlsx_writer *w = xlsx_writer_new("report", msg, sizeof msg);
	if (!w) {
		fprintf(stderr, "gridcase: report: %s\n", msg);
		return GC_EIO;
	}
	if (s->from)
		date_format(day_of(s->from), from, sizeof from);
	if (s->to)
		date_format(day_of(s->to - 1), to, sizeof to);
	gc_buf h;
	buf_init(&h);
	uint16_t col = 0;
	const char *fixed[] = { "kind", "code", "name", "from", "to", "reported", "open", "overdue", "closed",
				"closed_on_time" };
	for (size_t i = 0; i < ARRAY_LEN(fixed); i++)
		xlsx_head(w, col++, fixed[i]);
	for (size_t i = 0; i < s->ncounted; i++) {
		buf_reset(&h);
		buf_printf(&h, "closed_with_%s", s->counted[i]->key);
		xlsx_head(w, col++, h.p);
	}
	xlsx_head(w, col++, "avg_handling_hours");
	for (size_t j = 0; j < s->form->wf->nstates; j++) {
		buf_reset(&h);
		buf_printf(&h, "state_%s", s->form->wf->states[j].key);
		xlsx_head(w, col++, h.p);
	}
	for (size_t j = 0; j < s->cfg->nmeasures; j++) {
		buf_reset(&h);
		buf_printf(&h, "m_%s", s->cfg->measures[j].key);
		xlsx_head(w, col++, h.p);
	}
	buf_free(&h);
	for (size_t i = 0; i <= s->nrows + s->ncats; i++) {
		const assess_row *r = i < s->nrows ? &s->rows[i] : i == s->nrows ? &s->total : &s->cats[i - s->nrows - 1];
		const assess_counts *k = &r->c;
		uint32_t row = (uint32_t)i + 1;
		col = 0;
		xlsx_text(w, row, col++, i < s->nrows ? "node" : i == s->nrows ? "total" : "category");
		xlsx_text(w, row, col++, i <= s->nrows ? r->node->code : "");
		xlsx_text(w, row, col++, i <= s->nrows ? r->node->name : r->name);
		xlsx_text(w, row, col++, from);
		xlsx_text(w, row, col++, to);
		unsigned long long n[] = { k->reported, k->open, k->overdue, k->closed, k->on_time };
		for (size_t j = 0; j < ARRAY_LEN(n); j++)
			xlsx_number(w, row, col++, (double)n[j]);
		for (size_t j = 0; j < s->ncounted; j++)
			xlsx_number(w, row, col++, (double)k->counted[j]);
		int hours = assess_hours(k);
		if (hours >= 0)
			xlsx_number(w, row, col, hours / 10.0);
		col++;
		for (size_t j = 0; j < s->form->wf->nstates; j++)
			xlsx_number(w, row, col++, (double)k->by_state[j]);
		for (size_t j = 0; j < s->cfg->nmeasures; j++) {
			double v;
			if (measure_value(&s->cfg->measures[j], &k->meas[j], &v))
				xlsx_number(w, row, col, v);
			col++;
		}
	}
	if (xlsx_writer_finish(w, out, msg, sizeof msg)) {
		fprintf(stderr, "gridcase: report: %s\n", msg);
		return GC_EIO;
	}
	return 0;
}

/* The assessment a command asks for: --node, --form, --by, then --rank. */
int cli_assess(cli *c, const cli_args *a, int64_t from, int64_t to, gc_assess *s)
{
	int rc = core_assess_by(c->ctx, opt(a, "node"), opt(a, "form"), opt(a, "by"), from, to, s);
	if (rc)
		return cli_report(c, rc);
	if (opt(a, "rank") && (rc = assess_rank(c->ctx, s, opt(a, "rank")))) {
		assess_free(s);
		return cli_report(c, rc);
	}
	return 0;
}

int cmd_report(cli *c, cli_args *a)
{
	int64_t from, to;
	gc_assess s;
	cli_fmt f;
	const char *fs = opt(a, "format");
	int xlsx = fs && !strcmp(fs, "xlsx");   /* a workbook: its own writer, not the rows' */
	if ((!xlsx && cli_format(a, "report", 0, &f)) || cli_period(a, &from, &to))
		return GC_EUSAGE;
	int rc = cli_assess(c, a, from, to, &s);
	if (rc)
		return rc;
	cli_out o;
	if ((rc = cli_output_open(c, a, xlsx, "report", &o))) {
		assess_free(&s);
		return rc;
	}
	if (xlsx)
		rc = print_assessment_xlsx(o.fp, &s);
	else if (f.format == IO_TABLE)
		print_assessment(o.fp, &s);
	else
		assessment_rows(o.fp, &s, &f);
	assess_free(&s);
	if (!rc && (fflush(o.fp) || ferror(o.fp))) {
		fprintf(stderr, _("gridcase: report: cannot write the output\n"));
		rc = GC_EIO;
	}
	int crc = cli_output_close(&o, !rc);
	return rc ? rc : crc;
}
