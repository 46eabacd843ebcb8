/* SPDX-License-Identifier: MIT */
/* csv.h - RFC 4180 CSV: quoted fields, embedded newlines, CRLF, a UTF-8
 * byte-order mark as Excel and WPS write it. */
#ifndef GRIDCASE_CSV_H
#define GRIDCASE_CSV_H

#include <stddef.h>
#include "gridcase/util.h"

typedef struct csv_reader {
	const char *p, *end;
	long line;            /* line where the next row starts */
} csv_reader;

typedef struct csv_row {
	char **f;
	size_t *len;          /* bytes of each field: a NUL inside is not the end */
	size_t n, cap;
	long line;            /* line where the row started */
} csv_row;

void csv_open(csv_reader *r, const char *data, size_t len);
/* Read the next row. Returns 1 for a row, 0 at the end, -1 on a malformed
 * row (msg says why; the reader skips to the next line). */
int csv_next(csv_reader *r, csv_row *row, char *msg, size_t msgsize);
void csv_row_free(csv_row *row);

/* Append one field, quoted when needed, and a separator or CRLF. A value
 * a spreadsheet would run as a formula (it starts with = + - @, TAB or CR)
 * is written with a leading ' (the formula guard), and so is one that
 * starts with ' followed by one of those or by another ': '=1+1 for =1+1,
 * ''=x for '=x, ''' for ''. Other values, 'hello included, are written as
 * they are. csv_unguard reverses it: import gives back the same value. */
void csv_field(gc_buf *out, const char *s, int last);
/* Whether csv_field guards s. */
int csv_guarded(const char *s);
/* Remove the formula guard in place: a leading ' followed by = + - @,
 * TAB, CR or '. */
void csv_unguard(char *s);

#endif
