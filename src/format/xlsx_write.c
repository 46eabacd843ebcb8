/* SPDX-License-Identifier: MIT */
/* xlsx_write.c - one sheet of text and number cells with libxlsxwriter, in
 * its constant-memory mode (a row goes to a temporary file as soon as the
 * next one starts). libxlsxwriter writes the workbook to a file of its
 * own; it is made in $TMPDIR, copied to the output, and removed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>
#include "gridcase/xlsx.h"
#include "format/xlsx_lib.h"

struct xlsx_writer {
	lxw_workbook *wb;
	lxw_worksheet *ws;
	lxw_format *text, *head;
	char path[4096];
	char err[200];
	gc_buf cell;
};

xlsx_writer *xlsx_writer_new(const char *sheet, char *msg, size_t msgsize)
{
	if (!xlsx_writer_lib(msg, msgsize))
		return NULL;
	xlsx_writer *w = xcalloc(1, sizeof *w);
	const char *dir = getenv("TMPDIR");
	snprintf(w->path, sizeof w->path, "%s/gridcase-xlsx-XXXXXX", dir && *dir ? dir : "/tmp");
	int fd = mkstemp(w->path);
	if (fd < 0) {
		snprintf(msg, msgsize, "cannot make a temporary file in %s: %s", dir && *dir ? dir : "/tmp", strerror(errno));
		free(w);
		return NULL;
	}
	close(fd);
	lxw_workbook_options o = { .constant_memory = LXW_TRUE, .tmpdir = (char *)(dir && *dir ? dir : NULL) };
	if (!(w->wb = xlsx_lxw.workbook_new_opt(w->path, &o)) || !(w->ws = xlsx_lxw.workbook_add_worksheet(w->wb, sheet))) {
		snprintf(msg, msgsize, "cannot start a workbook");
		xlsx_writer_discard(w);
		return NULL;
	}
	/* Text format (@): what a person types into these columns stays text. */
	w->text = xlsx_lxw.workbook_add_format(w->wb);
	xlsx_lxw.format_set_num_format(w->text, "@");
	w->head = xlsx_lxw.workbook_add_format(w->wb);
	xlsx_lxw.format_set_num_format(w->head, "@");
	xlsx_lxw.format_set_bold(w->head);
	xlsx_lxw.worksheet_set_column(w->ws, 0, 200, 16, w->text);
	xlsx_lxw.worksheet_freeze_panes(w->ws, 1, 0);
	return w;
}

static int put(xlsx_writer *w, uint32_t row, uint16_t col, const char *s, lxw_format *f)
{
	if (!*s)
		return 0;
	if (row >= LXW_ROW_MAX) {
		snprintf(w->err, sizeof w->err, "more than the %d rows a sheet holds", LXW_ROW_MAX);
		return -1;
	}
	/* A literal _x0041_ would be read as the escape of 'A' by every
	 * spreadsheet: its underscore is escaped as _x005F_. */
	buf_reset(&w->cell);
	for (const char *p = s; *p; p++) {
		if (p[0] == '_' && p[1] == 'x' && strspn(p + 2, "0123456789abcdefABCDEF") >= 4 && p[6] == '_')
			buf_adds(&w->cell, "_x005F_");
		else
			buf_addc(&w->cell, *p);
	}
	lxw_error e = xlsx_lxw.worksheet_write_string(w->ws, row, col, w->cell.p, f);
	if (e == LXW_ERROR_MAX_STRING_LENGTH_EXCEEDED) {
		snprintf(w->err, sizeof w->err, "a text longer than the 32,767 characters a cell holds");
		return -1;
	}
	if (e) {
		snprintf(w->err, sizeof w->err, "%s", xlsx_lxw.lxw_strerror(e));
		return -1;
	}
	return 0;
}

int xlsx_text(xlsx_writer *w, uint32_t row, uint16_t col, const char *s)
{
	return put(w, row, col, s, w->text);
}

int xlsx_head(xlsx_writer *w, uint16_t col, const char *s)
{
	return put(w, 0, col, s, w->head);
}

int xlsx_number(xlsx_writer *w, uint32_t row, uint16_t col, double v)
{
	lxw_error e = xlsx_lxw.worksheet_write_number(w->ws, row, col, v, NULL);
	if (e) {
		snprintf(w->err, sizeof w->err, "%s", xlsx_lxw.lxw_strerror(e));
		return -1;
	}
	return 0;
}

const char *xlsx_writer_error(const xlsx_writer *w)
{
	return w->err;
}

int xlsx_writer_finish(xlsx_writer *w, FILE *out, char *msg, size_t msgsize)
{
	lxw_error e = xlsx_lxw.workbook_close(w->wb);
	w->wb = NULL;
	int rc = 0;
	if (e) {
		snprintf(msg, msgsize, "cannot write the workbook: %s", xlsx_lxw.lxw_strerror(e));
		rc = -1;
	}
	FILE *in = rc ? NULL : fopen(w->path, "rb");
	if (!rc && !in) {
		snprintf(msg, msgsize, "cannot read the workbook back: %s", strerror(errno));
		rc = -1;
	}
	char buf[65536];
	size_t n;
	while (in && (n = fread(buf, 1, sizeof buf, in)) > 0)
		if (fwrite(buf, 1, n, out) != n) {
			snprintf(msg, msgsize, "cannot write the output: %s", strerror(errno ? errno : EIO));
			rc = -1;
			break;
		}
	if (in && ferror(in) && !rc) {
		snprintf(msg, msgsize, "cannot read the workbook back");
		rc = -1;
	}
	if (in)
		fclose(in);
	if (!rc && (fflush(out) || ferror(out))) {
		snprintf(msg, msgsize, "cannot write the output: %s", strerror(errno ? errno : EIO));
		rc = -1;
	}
	xlsx_writer_discard(w);
	return rc;
}

void xlsx_writer_discard(xlsx_writer *w)
{
	if (!w)
		return;
	if (w->wb)
		xlsx_lxw.workbook_close(w->wb);   /* frees it; the file is removed below */
	unlink(w->path);
	buf_free(&w->cell);
	free(w);
}
