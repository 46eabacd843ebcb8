/* SPDX-License-Identifier: MIT */
/* import_xlsx.c - an XLSX workbook's first sheet as the rows of a file
 * being imported (xlsx.h reads it): the same header rules, text rule and
 * row shape as a CSV file's, messages at FILE:SHEET:ROW. */
#include <stdlib.h>
#include <string.h>
#include "core/core_int.h"
#include "gridcase/xlsx.h"

/* XLSX: the first sheet read whole (bounded), its first row the header;
 * messages say FILE:SHEET:ROW. */
int in_open_xlsx(in_reader *r, gc_errs *errs)
{
	char msg[300];
	csv_row head = { 0 };
	if (!(r->xlsx = xlsx_read(r->data, r->len, XLSX_PART_LIMIT, msg, sizeof msg))) {
		errs_add(errs, GC_EDATA, "%s: %s", r->name, msg);
		return -1;
	}
	gc_buf name;
	buf_init(&name);
	buf_printf(&name, "%s:%s", r->name, xlsx_sheet_name(r->xlsx));
	free(r->name);
	r->name = name.p;
	if (!xlsx_nrows(r->xlsx)) {
		errs_add(errs, GC_EDATA, "%s:1: empty sheet: a header row is needed", r->name);
		return -1;
	}
	xlsx_row(r->xlsx, 0, &head);
	r->xrow = 1;
	return in_take_header(r, head, errs);
}

/* An XLSX row as a CSV row is taken, but without a formula guard: a
 * cell holds text, and '=1 is that text. */
int in_next_xlsx(in_reader *r, gc_errs *errs)
{
	csv_row row = { 0 };
	for (; r->xrow < xlsx_nrows(r->xlsx); r->xrow++) {
		xlsx_row(r->xlsx, r->xrow, &row);
		while (row.n < r->nhead) {   /* a row ends at its last cell */
			row.f = xrealloc(row.f, (row.n + 1) * sizeof *row.f);
			row.len = xrealloc(row.len, (row.n + 1) * sizeof *row.len);
			row.f[row.n] = xstrdup("");
			row.len[row.n++] = 0;
		}
		size_t width = r->ncells > r->nhead ? r->ncells : r->nhead;
		if (row.n > width) {
			errs_add(errs, GC_EDATA, "%s:%ld: column %zu has a value but no name in the header", r->name, row.line,
				 row.n);
			r->xrow++;
			csv_row_free(&row);
			return -1;
		}
		int shape = in_row_shape(r, &row, errs);
		if (shape == 1)
			continue;
		r->xrow++;
		if (shape < 0 || in_cells_refused(r, &row, errs)) {
			csv_row_free(&row);
			return -1;
		}
		in_take_row(r, &row, 0);   /* a cell is text: no formula guard to undo */
		return 1;
	}
	csv_row_free(&row);
	return 0;
}

void in_free_xlsx(in_reader *r)
{
	xlsx_free(r->xlsx);
	r->xlsx = NULL;
}
