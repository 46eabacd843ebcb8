/* SPDX-License-Identifier: MIT */
/* cli_out.c - the one output contract of the read commands: --format
 * table|csv|jsonl|json and --keys. Table is each command's own human
 * layout; the three machine formats are written here, row by row, from
 * columns that each have a machine key, a label in the user's language and
 * a JSON type. CSV headers are the labels unless --keys; JSON always keys. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "gridcase/cli.h"
#include "gridcase/csv.h"
#include "gridcase/json.h"
#include "gridcase/i18n.h"
#include "gridcase/text.h"
#include "gridcase/present.h"

void cli_right(gc_buf *line, const char *s, int width)
{
	for (int w = text_width(s, strlen(s)); w < width; w++)
		buf_addc(line, ' ');
	text_fit(line, s, strlen(s), width, 0);
}

int cli_format(const cli_args *a, const char *cmd, int machine_only, cli_fmt *f)
{
	const char *s = opt(a, "format");
	f->format = machine_only ? IO_CSV : IO_TABLE;
	f->keys = opt(a, "keys") != NULL;
	if (!s)
		return 0;
	if (!strcmp(s, "table") && !machine_only)
		f->format = IO_TABLE;
	else if (!strcmp(s, "text") && !machine_only)   /* report's old name for it */
		f->format = IO_TABLE;
	else if (!strcmp(s, "csv"))
		f->format = IO_CSV;
	else if (!strcmp(s, "jsonl"))
		f->format = IO_JSONL;
	else if (!strcmp(s, "json"))
		f->format = IO_JSON;
	else if (machine_only)
		return cli_usage("%s: --format must be csv, jsonl or json, not '%s'", cmd, s);
	else
		return cli_usage("%s: --format must be table, csv, jsonl or json, not '%s'", cmd, s);
	return 0;
}

void rows_begin(cli_rows *t, const cli_fmt *f)
{
	memset(t, 0, sizeof *t);
	t->f = *f;
	buf_init(&t->out);
}

void rows_begin_one(cli_rows *t, const cli_fmt *f)
{
	rows_begin(t, f);
	t->one = 1;
}

void rows_col(cli_rows *t, const char *key, const char *label, int type)
{
	t->col = xrealloc(t->col, (t->ncols + 1) * sizeof *t->col);
	t->col[t->ncols].key = key;
	t->col[t->ncols].label = xstrdup(label && *label ? label : key);
	t->col[t->ncols].type = type;
	t->ncols++;
}

/* The CSV header before the first cell of the first row. */
static void head(cli_rows *t)
{
	if (t->headed)
		return;
	t->headed = 1;
	if (t->f.format == IO_JSON && !t->one)
		buf_addc(&t->out, '[');
	if (t->f.format != IO_CSV)
		return;
	for (size_t i = 0; i < t->ncols; i++)
		csv_field(&t->out, t->f.keys ? t->col[i].key : t->col[i].label, i + 1 == t->ncols);
}

/* One cell: text for CSV, json (NULL: text by the column's type) for JSON. */
void rows_cell_json(cli_rows *t, const char *text, const char *json)
{
	head(t);
	size_t i = t->at++;
	if (i >= t->ncols)
		return;   /* a caller's mistake: more cells than columns */
	if (t->f.format == IO_CSV) {
		csv_field(&t->out, text ? text : "", i + 1 == t->ncols);
		return;
	}
	if (i == 0) {
		if (t->f.format == IO_JSON && !t->one)
			buf_adds(&t->out, t->nrows ? ",\n" : "\n");
		buf_addc(&t->out, '{');
	} else {
		buf_addc(&t->out, ',');
	}
	json_str(&t->out, t->col[i].key);
	buf_addc(&t->out, ':');
	if (json)
		buf_adds(&t->out, json);
	else if (t->col[i].type == COL_NUM)
		buf_adds(&t->out, text && *text ? text : "null");
	else if (t->col[i].type == COL_BOOL)
		buf_adds(&t->out, text && *text && strcmp(text, "0") ? "true" : "false");
	else
		json_str(&t->out, text ? text : "");
	if (i + 1 == t->ncols) {
		buf_addc(&t->out, '}');
		if (t->f.format == IO_JSONL)
			buf_addc(&t->out, '\n');
	}
}

void rows_cell(cli_rows *t, const char *text)
{
	rows_cell_json(t, text, NULL);
}

void rows_num(cli_rows *t, long long v)
{
	char n[32];
	snprintf(n, sizeof n, "%lld", v);
	rows_cell_json(t, n, NULL);
}

void rows_end(cli_rows *t)
{
	head(t);
	while (t->at && t->at < t->ncols)
		rows_cell(t, "");
	if (t->at)
		t->nrows++;
	t->at = 0;
}

/* A whole JSON object as one row (a record's line from io_record_jsonl). */
void rows_object(cli_rows *t, const char *obj, size_t len)
{
	while (len && (obj[len - 1] == '\n'))
		len--;
	head(t);
	if (t->f.format == IO_JSON && !t->one)
		buf_adds(&t->out, t->nrows ? ",\n" : "\n");
	buf_add(&t->out, obj, len);
	if (t->f.format == IO_JSONL)
		buf_addc(&t->out, '\n');
	t->nrows++;
}

int rows_finish(cli_rows *t, FILE *out)
{
	head(t);
	if (t->f.format == IO_JSON)
		buf_adds(&t->out, t->one ? "\n" : t->nrows ? "\n]\n" : "]\n");
	if (t->out.len)
		fwrite(t->out.p, 1, t->out.len, out);
	buf_free(&t->out);
	for (size_t i = 0; i < t->ncols; i++)
		free(t->col[i].label);
	free(t->col);
	memset(t, 0, sizeof *t);
	return 0;
}

/* The record columns: every system column and the field columns of the
 * form (NULL: of every form), keys as export writes them. */
static void record_cols(cli *c, cli_rows *t, const char *form)
{
	for (int i = 0; io_system_columns[i]; i++)
		rows_col(t, io_system_columns[i], present_column_label(c->cfg, form, io_system_columns[i]),
			 i == 0 || i == 4 ? COL_NUM : COL_STR);
	size_t n;
	const char **cols = io_field_columns(c->cfg, form, &n);
	for (size_t i = 0; i < n; i++)
		rows_col(t, cols[i], present_column_label(c->cfg, form, cols[i]), COL_STR);
	free(cols);
}

void rows_records_begin(cli *c, cli_rows *t, const cli_fmt *f, const char *form)
{
	rows_begin(t, f);
	if (f->format == IO_CSV)
		record_cols(c, t, form);
}

/* One record in the shared layout: export's CSV row or JSON line. */
void rows_record(cli *c, cli_rows *t, const gc_record *r)
{
	gc_buf b;
	buf_init(&b);
	if (t->f.format == IO_CSV) {
		head(t);
		/* The columns after the system ones are this writer's own. */
		size_t nsys = 0;
		while (io_system_columns[nsys])
			nsys++;
		const char **fc = xcalloc(t->ncols + 1, sizeof *fc);
		for (size_t i = nsys; i < t->ncols; i++)
			fc[i - nsys] = t->col[i].key;
		io_record_csv(c->ctx, r, fc, t->ncols - nsys, &b);
		free(fc);
		buf_add(&t->out, b.p, b.len);
		t->nrows++;
	} else {
		io_record_jsonl(c->ctx, r, 0, &b);
		rows_object(t, b.p, b.len);
	}
	buf_free(&b);
}
