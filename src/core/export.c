/* SPDX-License-Identifier: MIT */
/* export.c - records out as CSV or JSON Lines, in id order, with every
 * column import needs to rebuild them: export, import into a fresh
 * database, export again gives the same bytes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include "core/core_int.h"
#include "gridcase/csv.h"
#include "gridcase/json.h"
#include "gridcase/xlsx.h"
#include "gridcase/calendar.h"

typedef struct export_state {
	gc_ctx *ctx;
	int format;
	FILE *out;
	const char **cols;     /* field columns after the system ones (io_field_columns) */
	size_t ncols;
	size_t count;
	gc_buf line;
	int failed;            /* the errno of a failed write, else 0 */
	xlsx_writer *xw;       /* XLSX: the workbook being written */
	int xbad;              /* XLSX: a cell was refused (said in errs) */
} export_state;

static void fmt_time(int64_t t, char *out, size_t size)
{
	if (t)
		datetime_format(t, out, size);
	else
		out[0] = 0;
}

/* System column values of a record, in io_system_columns order. */
static void system_values(gc_ctx *ctx, const gc_record *r, char vals[][48], const char **ptrs)
{
	const gc_node *n = core_node(ctx, r->node_id);
	snprintf(vals[0], 48, "%llu", (unsigned long long)r->id);
	ptrs[0] = vals[0];
	ptrs[1] = r->form;
	ptrs[2] = n ? n->code : "";
	ptrs[3] = r->state;
	snprintf(vals[4], 48, "%u", r->version);
	ptrs[4] = vals[4];
	fmt_time(r->created, vals[5], 48);
	ptrs[5] = vals[5];
	fmt_time(r->updated, vals[6], 48);
	ptrs[6] = vals[6];
	fmt_time(r->due, vals[7], 48);
	ptrs[7] = vals[7];
	ptrs[8] = r->creator;
	ptrs[9] = r->assignee;
}

/* The one JSON layout of a record (export, list, show). Import reads it
 * back, so it lives here, below the front ends and the presentation. */
void io_record_jsonl(gc_ctx *ctx, const gc_record *r, int flags, gc_buf *out)
{
	char vals[10][48];
	const char *sys[10];
	system_values(ctx, r, vals, sys);
	buf_addc(out, '{');
	for (int i = 0; i < 10; i++) {
		if (i)
			buf_addc(out, ',');
		json_str(out, io_system_columns[i]);
		buf_addc(out, ':');
		if (i == 0 || i == 4)
			buf_adds(out, sys[i]);   /* id and version are numbers */
		else
			json_str(out, sys[i]);
	}
	/* Fields in the order of the configuration, then any it no longer knows. */
	const gc_form *f = config_form(ctx->cfg, r->form);
	for (size_t i = 0; f && i < f->nfields; i++) {
		const char *v = rec_field(r, f->fields[i].key);
		if (!*v)
			continue;
		buf_addc(out, ',');
		json_str(out, f->fields[i].key);
		buf_addc(out, ':');
		json_str(out, v);
	}
	for (size_t i = 0; i < r->nfields; i++) {
		if (f && config_field_index(f, r->fields[i].key) >= 0)
			continue;
		buf_addc(out, ',');
		json_str(out, r->fields[i].key);
		buf_addc(out, ':');
		json_str(out, r->fields[i].val);
	}
	/* Derived from the clock, so never exported (the round trip stays
	 * byte-identical); last, so the rest is the export's line. A field of
	 * the same key is data and wins. */
	if (flags & IO_JSON_LIGHT) {
		int light = core_light(ctx, r, gc_now());
		if (!*rec_field(r, "overdue"))
			buf_printf(out, ",\"overdue\":%s", light == LIGHT_RED ? "true" : "false");
		if (!*rec_field(r, "light"))
			buf_printf(out, ",\"light\":\"%s\"", core_light_names[light]);
	}
	buf_adds(out, "}\n");
}

void io_record_csv(gc_ctx *ctx, const gc_record *r, const char *const *cols, size_t ncols, gc_buf *out)
{
	char vals[10][48];
	const char *sys[10];
	system_values(ctx, r, vals, sys);
	for (int i = 0; i < 10; i++)
		csv_field(out, sys[i], ncols == 0 && i == 9);
	for (size_t i = 0; i < ncols; i++)
		csv_field(out, rec_field(r, cols[i]), i + 1 == ncols);
}

/* XLSX: one record as a row of text cells, the CSV's columns (no formula
 * guard: a cell is text, =1+1 included). */
static int export_xlsx(export_state *es, const gc_record *r)
{
	char vals[10][48];
	const char *sys[10];
	uint32_t row = (uint32_t)es->count + 1;
	system_values(es->ctx, r, vals, sys);
	for (int i = 0; i < 10; i++)
		if (xlsx_text(es->xw, row, (uint16_t)i, sys[i]))
			goto bad;
	for (size_t i = 0; i < es->ncols; i++)
		if (xlsx_text(es->xw, row, (uint16_t)(10 + i), rec_field(r, es->cols[i]))) {
			core_fail(es->ctx, GC_EDATA, "export: record %llu, field '%s': %s", (unsigned long long)r->id,
				  es->cols[i], xlsx_writer_error(es->xw));
			es->xbad = 1;
			return -1;
		}
	es->count++;
	return 0;
bad:
	core_fail(es->ctx, GC_EDATA, "export: record %llu: %s", (unsigned long long)r->id, xlsx_writer_error(es->xw));
	es->xbad = 1;
	return -1;
}

static int export_one(const gc_record *r, void *arg)
{
	export_state *es = arg;
	buf_reset(&es->line);
	if (es->format == IO_XLSX)
		return export_xlsx(es, r);
	if (es->format == IO_CSV) {
		io_record_csv(es->ctx, r, es->cols, es->ncols, &es->line);
	} else {
		if (es->format == IO_JSON)
			buf_adds(&es->line, es->count ? ",\n" : "\n");
		io_record_jsonl(es->ctx, r, 0, &es->line);
		if (es->format == IO_JSON)
			es->line.p[--es->line.len] = 0;   /* the element's newline comes before the next */
	}
	if (fwrite(es->line.p, 1, es->line.len, es->out) != es->line.len) {
		es->failed = errno ? errno : EIO;
		return -1;
	}
	es->count++;
	return 0;
}

const char **io_field_columns(const gc_config *cfg, const char *form, size_t *n)
{
	size_t cap = 0;
	*n = 0;
	for (size_t i = 0; i < cfg->nforms; i++)
		if (!form || !strcmp(cfg->forms[i].key, form))
			cap += cfg->forms[i].nfields;
	const char **cols = xcalloc(cap + 1, sizeof *cols);
	for (size_t i = 0; i < cfg->nforms; i++) {
		const gc_form *f = &cfg->forms[i];
		if (form && strcmp(f->key, form))
			continue;
		for (size_t j = 0; j < f->nfields; j++) {
			int dup = 0;
			for (size_t k = 0; k < *n; k++)
				if (!strcmp(cols[k], f->fields[j].key))
					dup = 1;
			if (!dup)
				cols[(*n)++] = f->fields[j].key;
		}
	}
	return cols;
}

int core_export(gc_ctx *ctx, const gc_query *q, int format, FILE *out, size_t *count, uint64_t *seq)
{
	errs_clear(&ctx->errs);   /* errs holds the errors of the last call */
	export_state es;
	memset(&es, 0, sizeof es);
	es.ctx = ctx;
	es.format = format == IO_JSONL || format == IO_JSON || format == IO_XLSX ? format : IO_CSV;
	es.out = out;
	buf_init(&es.line);
	if (seq)
		*seq = 0;
	char msg[300];
	if (es.format == IO_XLSX) {
		if (!(es.xw = xlsx_writer_new(q->form ? q->form : "records", msg, sizeof msg)))
			return core_fail(ctx, GC_EIO, "export: %s", msg);
		es.cols = io_field_columns(ctx->cfg, q->form, &es.ncols);
		for (int i = 0; i < 10; i++)
			xlsx_head(es.xw, (uint16_t)i, io_system_columns[i]);
		for (size_t i = 0; i < es.ncols; i++)
			xlsx_head(es.xw, (uint16_t)(10 + i), es.cols[i]);
	} else if (es.format == IO_CSV) {
		es.cols = io_field_columns(ctx->cfg, q->form, &es.ncols);
		for (int i = 0; i < 10; i++)
			csv_field(&es.line, io_system_columns[i], es.ncols == 0 && i == 9);
		for (size_t i = 0; i < es.ncols; i++)
			csv_field(&es.line, es.cols[i], i + 1 == es.ncols);
		if (fwrite(es.line.p, 1, es.line.len, out) != es.line.len)
			es.failed = errno ? errno : EIO;
	}
	if (es.format == IO_JSON && !es.failed && fputc('[', out) == EOF)
		es.failed = errno ? errno : EIO;
	int rc = es.failed ? 0 : core_scan(ctx, q, export_one, &es, seq);
	if (!rc && es.format == IO_JSON && !es.failed && fputs(es.count ? "\n]\n" : "]\n", out) == EOF)
		es.failed = errno ? errno : EIO;
	if (es.xbad) {
		xlsx_writer_discard(es.xw);
		rc = GC_EDATA;   /* the cell is named in errs; nothing written */
	} else if (es.xw && !rc && xlsx_writer_finish(es.xw, out, msg, sizeof msg)) {
		rc = core_fail(ctx, GC_EIO, "export: %s", msg);
	} else if (es.xw && rc) {
		xlsx_writer_discard(es.xw);
	}
	free(es.cols);
	buf_free(&es.line);
	/* A write that failed stops the scan: say so, whatever else it says. */
	int werr = es.failed;
	if (!rc && !werr && fflush(out))
		werr = errno ? errno : EIO;
	if (!rc && !werr && ferror(out))
		werr = EIO;
	if (werr)
		rc = core_fail(ctx, GC_EIO, "export: cannot write the output: %s", strerror(werr));
	*count = es.count;
	return rc;
}
