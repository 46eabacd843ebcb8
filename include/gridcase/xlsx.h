/* SPDX-License-Identifier: MIT */
/* xlsx.h - Office Open XML workbooks (.xlsx), as Excel, WPS and
 * LibreOffice save them: a reader of the first sheet (libzip and expat)
 * and a writer of one sheet of text and number cells (libxlsxwriter).
 * No libzip, expat or libxlsxwriter type is seen here. */
#ifndef GRIDCASE_XLSX_H
#define GRIDCASE_XLSX_H

#include <stdio.h>
#include <stdint.h>
#include "gridcase/csv.h"

/* The most bytes one part of a workbook (a sheet, the shared strings) may
 * expand to: a few megabytes of zip cannot become gigabytes in memory. */
#define XLSX_PART_LIMIT ((size_t)256 << 20)

typedef struct xlsx_sheet xlsx_sheet;

/* Whether data starts as a zip archive does ("PK\3\4"). */
int xlsx_is_zip(const char *data, size_t len);

/* Read the first sheet (the first in the workbook's tab order, found
 * through workbook.xml and its relationships, whatever its part's name)
 * of a workbook held in memory. Cells are text: a shared string (rich
 * text runs joined, phonetic runs left out) or an inline string as it
 * is, with _xHHHH_ escapes decoded; a number as its digits (E notation
 * written out: 1.23456789012345E+14 is 123456789012345, 1.5E-3 is
 * 0.0015, other numbers exactly as stored); a boolean TRUE or FALSE; a
 * formula's cached value; a date stored as a number stays that number.
 * A cell holding an error (#N/A) is refused. limit bounds each part's
 * expanded size (XLSX_PART_LIMIT). Returns NULL with msg ("ROW: why"
 * when a row is to blame, else "why") on failure. */
xlsx_sheet *xlsx_read(const char *data, size_t len, size_t limit, char *msg, size_t msgsize);
/* The sheet's name (a name the text rule refuses reads as "1"). */
const char *xlsx_sheet_name(const xlsx_sheet *s);
/* Rows that have at least one cell, in order. */
size_t xlsx_nrows(const xlsx_sheet *s);
/* Row i (0-based among those rows) as fields, from column A to its last
 * cell, gaps as empty fields; row->line is the row's number in the
 * sheet. The row's previous fields are freed first. */
void xlsx_row(const xlsx_sheet *s, size_t i, csv_row *row);
void xlsx_free(xlsx_sheet *s);

/* A workbook of one sheet being written (constant memory: rows in order). */
typedef struct xlsx_writer xlsx_writer;

/* NULL with msg when the temporary file cannot be made. */
xlsx_writer *xlsx_writer_new(const char *sheet, char *msg, size_t msgsize);
/* A text cell (never a formula: "=1+1" stays text), in a column whose
 * number format is text, so a code or a phone number a person types there
 * stays text too. Row and column from 0. Empty text writes no cell.
 * Returns 0, or -1 with the writer's error set (a row past 1,048,576, a
 * text longer than the 32,767 characters a cell holds). */
int xlsx_text(xlsx_writer *w, uint32_t row, uint16_t col, const char *s);
/* A number cell (counts of a report). */
int xlsx_number(xlsx_writer *w, uint32_t row, uint16_t col, double v);
/* A bold cell of the header row. */
int xlsx_head(xlsx_writer *w, uint16_t col, const char *s);
/* The writer's error, "" when none. */
const char *xlsx_writer_error(const xlsx_writer *w);
/* Close the workbook and copy it to out; frees w. Returns 0 or -1 with msg. */
int xlsx_writer_finish(xlsx_writer *w, FILE *out, char *msg, size_t msgsize);
/* Free w without writing anything. */
void xlsx_writer_discard(xlsx_writer *w);

#endif
