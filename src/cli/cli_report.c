/* SPDX-License-Identifier: MIT */
/* cli_report.c - assessment statistics on the command line: `stats --from
 * --to` and `report`, a dated summary as text or CSV (assess.c counts). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "gridcase/cli.h"
#include "gridcase/i18n.h"
#include "gridcase/csv.h"
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
	text_fit(b, "NAME", 4, 12, 1);
	buf_printf(b, "%8s %7s %7s %7s %7s %7s", "REPORTED", "OPEN", "OVERDUE", "CLOSED", "CLOSED%", "ONTIME%");
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
	buf_printf(b, " %7s", "HOURS");
}

/* Counts per state of the records reported in the period, per node. */
static void state_table(FILE *out, gc_buf *b, const gc_assess *s)
{
	const gc_workflow *wf = s->form->wf;
	buf_reset(b);
	text_fit(b, "STATE", 5, 16, 1);
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
		text_fit(b, i < s->nrows ? r->node->code : "total", strlen(i < s->nrows ? r->node->code : "total"), 16, 1);
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
	table_head(&b, s, "NODE");
	fprintf(out, "%s\n", b.p);
	for (size_t i = 0; i < s->nrows; i++) {
		buf_reset(&b);
		table_row(&b, s, s->rows[i].node->code, s->rows[i].node->name, &s->rows[i].c);
		fprintf(out, "%s\n", b.p);
	}
	buf_reset(&b);
	table_row(&b, s, "total", s->node->name, &s->total.c);
	fprintf(out, "%s\n\n", b.p);
	state_table(out, &b, s);
	if (s->category_field && s->ncats) {
		buf_reset(&b);
		table_head(&b, s, "CATEGORY");
		fprintf(out, "%s\n", b.p);
		for (size_t i = 0; i < s->ncats; i++) {
			buf_reset(&b);
			table_row(&b, s, *s->cats[i].name ? s->cats[i].name : "-", "", &s->cats[i].c);
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

static void csv_counts(gc_buf *b, const gc_assess *s, const assess_counts *c)
{
	buf_printf(b, ",%llu,%llu,%llu,%llu,%llu", (unsigned long long)c->reported, (unsigned long long)c->open,
		   (unsigned long long)c->overdue, (unsigned long long)c->closed, (unsigned long long)c->on_time);
	for (size_t i = 0; i < s->ncounted; i++)
		buf_printf(b, ",%llu", (unsigned long long)c->counted[i]);
	int h = assess_hours(c);
	if (h < 0)
		buf_adds(b, ",");
	else
		buf_printf(b, ",%d.%d", h / 10, h % 10);
	for (size_t j = 0; j < s->form->wf->nstates; j++)
		buf_printf(b, ",%llu", (unsigned long long)c->by_state[j]);
	buf_adds(b, "\r\n");
}

/* CSV: one row per node, category and the total, counts rather than rates,
 * so a spreadsheet can sum and divide as it likes. */
static void print_assessment_csv(FILE *out, const gc_assess *s)
{
	gc_buf b;
	char from[16] = "", to[16] = "";
	buf_init(&b);
	if (s->from)
		date_format(day_of(s->from), from, sizeof from);
	if (s->to)
		date_format(day_of(s->to - 1), to, sizeof to);
	buf_adds(&b, "kind,code,name,from,to,reported,open,overdue,closed,closed_on_time");
	for (size_t i = 0; i < s->ncounted; i++)
		buf_printf(&b, ",closed_with_%s", s->counted[i]->key);
	buf_adds(&b, ",avg_handling_hours");
	for (size_t j = 0; j < s->form->wf->nstates; j++)
		buf_printf(&b, ",state_%s", s->form->wf->states[j].key);
	buf_adds(&b, "\r\n");
	for (size_t i = 0; i <= s->nrows + s->ncats; i++) {
		const assess_row *r = i < s->nrows ? &s->rows[i] : i == s->nrows ? &s->total : &s->cats[i - s->nrows - 1];
		const char *kind = i < s->nrows ? "node" : i == s->nrows ? "total" : "category";
		csv_field(&b, kind, 0);
		csv_field(&b, i <= s->nrows ? r->node->code : "", 0);
		csv_field(&b, i <= s->nrows ? r->node->name : r->name, 0);
		buf_printf(&b, "%s,%s", from, to);
		csv_counts(&b, s, &r->c);
	}
	fwrite(b.p, 1, b.len, out);
	buf_free(&b);
}

int cmd_report(cli *c, cli_args *a)
{
	int64_t from, to;
	gc_assess s;
	const char *format = opt(a, "format") ? opt(a, "format") : "text";
	if (strcmp(format, "text") && strcmp(format, "csv"))
		return cli_usage("report: --format must be text or csv");
	if (cli_period(a, &from, &to))
		return GC_EUSAGE;
	int rc = core_assess(c->ctx, opt(a, "node"), opt(a, "form"), from, to, &s);
	if (rc)
		return cli_report(c, rc);
	if (!strcmp(format, "csv"))
		print_assessment_csv(stdout, &s);
	else
		print_assessment(stdout, &s);
	assess_free(&s);
	return 0;
}
