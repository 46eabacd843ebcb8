/* SPDX-License-Identifier: MIT */
/* xlsx_int.h - what xlsx.c takes from xlsx_cell.c (private to src/format/). */
#ifndef GRIDCASE_XLSX_INT_H
#define GRIDCASE_XLSX_INT_H

#include <stdint.h>
#include "gridcase/util.h"

#define MAX_ROW 1048576u
#define MAX_COL 16384u

/* Append s with the escapes of ECMA-376 (ST_Xstring) decoded: _x000A_ is
 * a newline, _x005F_ an underscore; a surrogate stays as written. */
void xlsx_unescape(gc_buf *out, const char *s, size_t n);
/* Append a number as its decimal digits: without an exponent exactly as
 * stored; with one, written out (1.23456789012345E+14 is 123456789012345,
 * 1.5E-3 is 0.0015). Returns 0, or -1 when v is not a number. */
int xlsx_number_text(const char *v, size_t n, gc_buf *out);
/* A cell reference (B12): its column and row from 1, or -1. */
int xlsx_parse_ref(const char *r, uint32_t *col, uint32_t *row);
/* A column's letters (at least 8 bytes). */
void xlsx_col_name(uint32_t col, char *out);

#endif
