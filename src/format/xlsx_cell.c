/* SPDX-License-Identifier: MIT */
/* xlsx_cell.c - the text of a cell of a workbook: ECMA-376's _xHHHH_
 * escapes, numbers written out as their digits, cell references. */
#include <stdlib.h>
#include <string.h>
#include "format/xlsx_int.h"
#include "gridcase/text.h"

static int hexval(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* s with the escapes of ECMA-376 (ST_Xstring) decoded: _x000A_ is a
 * newline, _x005F_ an underscore; a surrogate stays as written. */
void xlsx_unescape(gc_buf *out, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '_' && i + 6 < n && s[i + 1] == 'x' && s[i + 6] == '_') {
			int h0 = hexval(s[i + 2]), h1 = hexval(s[i + 3]), h2 = hexval(s[i + 4]), h3 = hexval(s[i + 5]);
			if (h0 >= 0 && h1 >= 0 && h2 >= 0 && h3 >= 0) {
				unsigned cp = (unsigned)(h0 << 12 | h1 << 8 | h2 << 4 | h3);
				if (cp < 0xD800 || cp > 0xDFFF) {
					utf8_encode(out, cp);
					i += 6;
					continue;
				}
			}
		}
		buf_addc(out, s[i]);
	}
}

/* A number as its decimal digits: without an exponent exactly as stored;
 * with one, written out (1.23456789012345E+14 is 123456789012345).
 * Returns 0, or -1 when v is not a number. */
int xlsx_number_text(const char *v, size_t n, gc_buf *out)
{
	while (n && (*v == ' ' || *v == '\t' || *v == '\n' || *v == '\r'))
		v++, n--;
	while (n && (v[n - 1] == ' ' || v[n - 1] == '\t' || v[n - 1] == '\n' || v[n - 1] == '\r'))
		n--;
	size_t i = 0, mark = out->len;
	int neg = 0;
	if (i < n && (v[i] == '-' || v[i] == '+'))
		neg = v[i++] == '-';
	gc_buf d;
	buf_init(&d);
	size_t nint = 0, nfrac = 0;
	while (i < n && v[i] >= '0' && v[i] <= '9')
		buf_addc(&d, v[i++]), nint++;
	if (i < n && v[i] == '.')
		for (i++; i < n && v[i] >= '0' && v[i] <= '9'; i++)
			buf_addc(&d, v[i]), nfrac++;
	long e = 0;
	int has_exp = 0;
	if (nint + nfrac && i < n && (v[i] == 'e' || v[i] == 'E')) {
		int eneg = 0, any = 0;
		has_exp = 1;
		i++;
		if (i < n && (v[i] == '-' || v[i] == '+'))
			eneg = v[i++] == '-';
		for (; i < n && v[i] >= '0' && v[i] <= '9'; i++, any = 1)
			if ((e = e * 10 + (v[i] - '0')) > 400)
				e = 401;
		if (!any || e > 400)
			i = n + 1;   /* no digits, or beyond any double */
		e = eneg ? -e : e;
	}
	if (!(nint + nfrac) || i != n) {
		buf_free(&d);
		return -1;
	}
	if (!has_exp) {
		buf_add(out, v + (*v == '+'), n - (*v == '+'));
		buf_free(&d);
		return 0;
	}
	long e10 = e - (long)nfrac;
	const char *s = d.p;
	size_t len = d.len;
	while (len > 1 && *s == '0')
		s++, len--;
	if (neg && !(len == 1 && *s == '0'))
		buf_addc(out, '-');
	if (e10 >= 0) {
		buf_add(out, s, len);
		for (long k = 0; k < e10 && !(len == 1 && *s == '0'); k++)
			buf_addc(out, '0');
	} else {
		long pos = (long)len + e10;
		if (pos > 0) {
			buf_add(out, s, (size_t)pos);
			buf_addc(out, '.');
			buf_add(out, s + pos, len - (size_t)pos);
		} else {
			buf_adds(out, "0.");
			for (long k = 0; k < -pos; k++)
				buf_addc(out, '0');
			buf_add(out, s, len);
		}
		while (out->len > mark && out->p[out->len - 1] == '0')
			out->p[--out->len] = 0;
		if (out->p[out->len - 1] == '.')
			out->p[--out->len] = 0;
		if (out->len == mark + 1 && out->p[mark] == '-')
			out->p[mark] = '0';
	}
	buf_free(&d);
	return 0;
}

/* A cell reference (B12): its column and row, or -1. */
int xlsx_parse_ref(const char *r, uint32_t *col, uint32_t *row)
{
	uint32_t c = 0, w = 0;
	const char *p = r;
	for (; (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z'); p++)
		if ((c = c * 26 + (uint32_t)((*p | 0x20) - 'a' + 1)) > MAX_COL)
			return -1;
	for (const char *q = p; *q; q++)
		if (*q < '0' || *q > '9' || (w = w * 10 + (uint32_t)(*q - '0')) > MAX_ROW)
			return -1;
	if (!c || !*p || !w)
		return -1;
	*col = c;
	*row = w;
	return 0;
}

/* The column's letters, for a message. */
void xlsx_col_name(uint32_t col, char *out)
{
	char tmp[8];
	int n = 0;
	for (; col; col = (col - 1) / 26)
		tmp[n++] = (char)('A' + (col - 1) % 26);
	for (int i = 0; i < n; i++)
		out[i] = tmp[n - 1 - i];
	out[n] = 0;
}

