/* SPDX-License-Identifier: MIT */
/* csv.c - a CSV reader over a file held in memory, and a writer. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "gridcase/csv.h"

void csv_open(csv_reader *r, const char *data, size_t len)
{
	r->p = data;
	r->end = data + len;
	r->line = 1;
	if (len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3))
		r->p += 3;
}

static void row_push(csv_row *row, gc_buf *field)
{
	if (row->n == row->cap) {
		row->cap = row->cap ? row->cap * 2 : 16;
		row->f = xrealloc(row->f, row->cap * sizeof *row->f);
		row->len = xrealloc(row->len, row->cap * sizeof *row->len);
	}
	row->len[row->n] = field->len;
	row->f[row->n++] = field->p ? field->p : xstrdup("");
	buf_init(field);
}

void csv_row_free(csv_row *row)
{
	for (size_t i = 0; i < row->n; i++)
		free(row->f[i]);
	free(row->f);
	free(row->len);
	memset(row, 0, sizeof *row);
}

static void skip_line(csv_reader *r)
{
	while (r->p < r->end && *r->p != '\n')
		r->p++;
	if (r->p < r->end) {
		r->p++;
		r->line++;
	}
}

int csv_next(csv_reader *r, csv_row *row, char *msg, size_t msgsize)
{
	gc_buf field;
	csv_row_free(row);
	if (r->p >= r->end)
		return 0;
	row->line = r->line;
	buf_init(&field);
	for (;;) {
		if (r->p < r->end && *r->p == '"') {
			/* Quoted field: "" is a quote; newlines are part of the value. */
			r->p++;
			for (;;) {
				if (r->p >= r->end) {
					snprintf(msg, msgsize, "a quoted field is not closed");
					buf_free(&field);
					return -1;
				}
				char c = *r->p++;
				if (c == '"') {
					if (r->p < r->end && *r->p == '"') {
						buf_addc(&field, '"');
						r->p++;
						continue;
					}
					break;
				}
				if (c == '\n')
					r->line++;
				buf_addc(&field, c);
			}
			if (r->p < r->end && *r->p != ',' && *r->p != '\n' && *r->p != '\r') {
				snprintf(msg, msgsize, "unexpected text after a closing quote");
				buf_free(&field);
				skip_line(r);
				return -1;
			}
		} else {
			const char *s = r->p;
			while (r->p < r->end && *r->p != ',' && *r->p != '\n' && *r->p != '\r') {
				if (*r->p == '"') {
					snprintf(msg, msgsize, "a quote inside an unquoted field (quote the whole field)");
					buf_free(&field);
					skip_line(r);
					return -1;
				}
				r->p++;
			}
			buf_add(&field, s, (size_t)(r->p - s));
		}
		row_push(row, &field);
		if (r->p >= r->end)
			return 1;
		char c = *r->p++;
		if (c == ',')
			continue;
		if (c == '\r' && r->p < r->end && *r->p == '\n')
			r->p++;
		r->line++;
		return 1;
	}
}

/* The characters a spreadsheet takes as the start of a formula (CWE-1236):
 * = + - @, and TAB and CR, which some strip before looking. */
static int formula_start(char c)
{
	return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
}

int csv_guarded(const char *s)
{
	return formula_start(s[0]) || (s[0] == '\'' && (formula_start(s[1]) || s[1] == '\''));
}

void csv_unguard(char *s)
{
	if (s[0] == '\'' && (formula_start(s[1]) || s[1] == '\''))
		memmove(s, s + 1, strlen(s));
}

void csv_field(gc_buf *out, const char *s, int last)
{
	int guard = csv_guarded(s);
	if (strpbrk(s, ",\"\r\n") || (*s == ' ') || (*s && s[strlen(s) - 1] == ' ')) {
		buf_addc(out, '"');
		if (guard)
			buf_addc(out, '\'');
		for (; *s; s++) {
			if (*s == '"')
				buf_addc(out, '"');
			buf_addc(out, *s);
		}
		buf_addc(out, '"');
	} else {
		if (guard)
			buf_addc(out, '\'');
		buf_adds(out, s);
	}
	buf_adds(out, last ? "\r\n" : ",");
}
