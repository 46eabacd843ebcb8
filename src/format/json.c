/* SPDX-License-Identifier: MIT */
/* json.c - a writer, a strict RFC 8259 reader of any value, and the flat
 * objects of JSON Lines rows read with it. Hand-written, not jansson: see
 * docs/design.md ("JSON: a strict reader of our own"). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdarg.h>
#include "gridcase/json.h"
#include "gridcase/text.h"

static void put_u(gc_buf *out, unsigned cp)
{
	if (cp >= 0x10000) {   /* a surrogate pair, as RFC 8259 writes one */
		cp -= 0x10000;
		buf_printf(out, "\\u%04x\\u%04x", 0xD800 + (cp >> 10), 0xDC00 + (cp & 0x3FF));
	} else {
		buf_printf(out, "\\u%04x", cp);
	}
}

void json_str(gc_buf *out, const char *s)
{
	size_t n = strlen(s), i = 0;
	buf_addc(out, '"');
	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		uint32_t cp;
		size_t l;
		switch (c) {
		case '"': buf_adds(out, "\\\""); i++; continue;
		case '\\': buf_adds(out, "\\\\"); i++; continue;
		case '\n': buf_adds(out, "\\n"); i++; continue;
		case '\r': buf_adds(out, "\\r"); i++; continue;
		case '\t': buf_adds(out, "\\t"); i++; continue;
		}
		if (c < 0x80) {
			if (c < 0x20 || c == 0x7F)
				put_u(out, c);
			else
				buf_addc(out, (char)c);
			i++;
		} else if (!(l = utf8_decode(s + i, n - i, &cp))) {
			buf_adds(out, "\\ufffd");   /* a strict reader takes UTF-8 only */
			i++;
		} else {
			/* What the text rule refuses is written visibly, as an escape. */
			if (text_is_dangerous(cp))
				put_u(out, cp);
			else
				buf_add(out, s + i, l);
			i += l;
		}
	}
	buf_addc(out, '"');
}

/* ---- the reader ---- */

#define JSON_MAX_DEPTH 512

typedef struct jp {
	const char *p, *end, *start;
	char *msg;
	size_t msgsize;
	int depth;
} jp;

/* Where at stands: "column C" (columns count characters), or "line L,
 * column C" in a document of several lines. */
static void position(const jp *j, const char *at, char *out, size_t size)
{
	long line = 1, col = 1;
	for (const char *q = j->start; q < at && q < j->end; q++) {
		if (*q == '\n') {
			line++;
			col = 1;
		} else if (((unsigned char)*q & 0xC0) != 0x80) {
			col++;
		}
	}
	if (line > 1)
		snprintf(out, size, "line %ld, column %ld", line, col);
	else
		snprintf(out, size, "column %ld", col);
}

/* "POSITION: why" in msg; returns -1. */
static int fail(jp *j, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(jp *j, const char *fmt, ...)
{
	char pos[64];
	position(j, j->p, pos, sizeof pos);
	int n = snprintf(j->msg, j->msgsize, "%s: ", pos);
	if (n >= 0 && (size_t)n < j->msgsize) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(j->msg + n, j->msgsize - (size_t)n, fmt, ap);
		va_end(ap);
	}
	return -1;
}

static void ws(jp *j)
{
	while (j->p < j->end && (*j->p == ' ' || *j->p == '\t' || *j->p == '\r' || *j->p == '\n'))
		j->p++;
}

/* What stands where a value or a delimiter was expected. */
static int unexpected(jp *j, const char *expected)
{
	if (j->p >= j->end)
		return fail(j, "%s, found the end of the line", expected);
	unsigned char c = (unsigned char)*j->p;
	if (c == 0)
		return fail(j, "%s, found a NUL byte (only spaces, tabs and line ends may stand outside a string)", expected);
	if (c < 0x20 || c >= 0x7F)
		return fail(j, "%s, found the byte 0x%02X (only spaces, tabs and line ends may stand outside a string)",
			    expected, c);
	return fail(j, "%s, found '%c'", expected, c);
}

static int hex4(jp *j, unsigned *v)
{
	*v = 0;
	for (int i = 0; i < 4; i++) {
		char c = j->p < j->end ? *j->p : 0;
		*v <<= 4;
		if (c >= '0' && c <= '9') *v |= (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f') *v |= (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F') *v |= (unsigned)(c - 'A' + 10);
		else return fail(j, "\\u needs four hexadecimal digits");
		j->p++;
	}
	return 0;
}

/* \uXXXX (j->p after the u), a surrogate pair whole. */
static int unicode_escape(jp *j, gc_buf *out)
{
	unsigned cp, lo;
	const char *at = j->p - 2;
	if (hex4(j, &cp))
		return -1;
	if (cp >= 0xDC00 && cp <= 0xDFFF) {
		j->p = at;
		return fail(j, "a lone low surrogate \\u%04X (it must follow a high one)", cp);
	}
	if (cp >= 0xD800 && cp < 0xDC00) {
		if (j->end - j->p < 2 || j->p[0] != '\\' || j->p[1] != 'u') {
			j->p = at;
			return fail(j, "a lone high surrogate \\u%04X (a low one, \\uDC00-\\uDFFF, must follow)", cp);
		}
		j->p += 2;
		if (hex4(j, &lo))
			return -1;
		if (lo < 0xDC00 || lo > 0xDFFF) {
			j->p = at;
			return fail(j, "a lone high surrogate \\u%04X (followed by \\u%04X, not a low surrogate)", cp, lo);
		}
		cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
	}
	if (cp == 0 && out) {
		j->p = at;
		return fail(j, "a NUL character (\\u0000) cannot be stored");
	}
	if (out)
		utf8_encode(out, cp);
	return 0;
}

/* A string; its text in out (NULL: checked only, \u0000 allowed). */
static int string(jp *j, gc_buf *out)
{
	j->p++;   /* the opening quote */
	for (;;) {
		if (j->p >= j->end)
			return fail(j, "a string is not closed");
		unsigned char c = (unsigned char)*j->p;
		if (c == '"')
			break;
		if (c < 0x20) {
			if (c == '\t')
				return fail(j, "a raw tab in a string (write it as \\t)");
			if (c == 0)
				return fail(j, "a NUL byte in a string");
			return fail(j, "an unescaped control character U+%04X in a string (write it as \\u%04X)", c, c);
		}
		if (c >= 0x80) {
			uint32_t cp;
			size_t l = utf8_decode(j->p, (size_t)(j->end - j->p), &cp);
			if (!l)
				return fail(j, "the string is not valid UTF-8 (byte 0x%02X)", c);
			if (out)
				buf_add(out, j->p, l);
			j->p += l;
			continue;
		}
		j->p++;
		if (c != '\\') {
			if (out)
				buf_addc(out, (char)c);
			continue;
		}
		char e = j->p < j->end ? *j->p : 0;
		const char *plain = strchr("\"\\/bfnrt", e);
		if (e && plain) {
			static const char decoded[] = "\"\\/\b\f\n\r\t";
			if (out)
				buf_addc(out, decoded[plain - "\"\\/bfnrt"]);
			j->p++;
		} else if (e == 'u') {
			j->p++;
			if (unicode_escape(j, out))
				return -1;
		} else {
			j->p--;
			return fail(j, "an invalid escape in a string (\\\", \\\\, \\/, \\b, \\f, \\n, \\r, \\t and \\uXXXX are the escapes)");
		}
	}
	j->p++;
	return 0;
}

static int digits(jp *j)
{
	const char *s = j->p;
	while (j->p < j->end && *j->p >= '0' && *j->p <= '9')
		j->p++;
	return j->p > s;
}

/* A number by RFC 8259's grammar; its text as written in out. */
static int number(jp *j, gc_buf *out)
{
	const char *s = j->p;
	if (*j->p == '-')
		j->p++;
	if (j->p < j->end && *j->p == '0') {
		j->p++;
		if (j->p < j->end && *j->p >= '0' && *j->p <= '9')
			return fail(j, "a number must not have a leading zero");
	} else if (!digits(j)) {
		return fail(j, "a number needs a digit after '-'");
	}
	if (j->p < j->end && *j->p == '.') {
		j->p++;
		if (!digits(j))
			return fail(j, "a number needs a digit after its '.'");
	}
	if (j->p < j->end && (*j->p == 'e' || *j->p == 'E')) {
		j->p++;
		if (j->p < j->end && (*j->p == '+' || *j->p == '-'))
			j->p++;
		if (!digits(j))
			return fail(j, "a number needs a digit in its exponent");
	}
	if (j->p < j->end && *j->p && strchr("0123456789.eE+-", *j->p))
		return fail(j, "a malformed number ('%c' after '%.*s')", *j->p, (int)(j->p - s), s);
	if (out)
		buf_add(out, s, (size_t)(j->p - s));
	return 0;
}

static int value(jp *j, gc_buf *out);

/* An object's key (a string, into out when not NULL) and its ':', at j->p
 * after blanks; leaves j->p at the value. */
static int key(jp *j, gc_buf *out)
{
	if (j->p >= j->end || *j->p != '"')
		return unexpected(j, "expected a key in quotes");
	if (string(j, out))
		return -1;
	ws(j);
	if (j->p >= j->end || *j->p != ':')
		return unexpected(j, "expected ':'");
	j->p++;
	ws(j);
	return 0;
}

/* An array or an object, checked only (j->p at its bracket). */
static int container(jp *j)
{
	char close = *j->p == '[' ? ']' : '}';
	int is_object = close == '}';
	if (++j->depth > JSON_MAX_DEPTH)
		return fail(j, "nested deeper than %d levels", JSON_MAX_DEPTH);
	j->p++;
	ws(j);
	if (j->p < j->end && *j->p == close) {
		j->p++;
		j->depth--;
		return 0;
	}
	for (;;) {
		ws(j);
		if (is_object && key(j, NULL))
			return -1;
		if (value(j, NULL))
			return -1;
		ws(j);
		if (j->p < j->end && *j->p == ',') {
			j->p++;
			continue;
		}
		if (j->p < j->end && *j->p == close) {
			j->p++;
			j->depth--;
			return 0;
		}
		return unexpected(j, is_object ? "expected ',' or '}'" : "expected ',' or ']'");
	}
}

/* Any value at j->p: strings and numbers as their text in out, true and
 * false as their words, null as nothing; arrays and objects are only
 * checked (out NULL). */
static int value(jp *j, gc_buf *out)
{
	if (j->p >= j->end)
		return unexpected(j, "expected a value");
	char c = *j->p;
	if (c == '"')
		return string(j, out);
	if (c == '-' || (c >= '0' && c <= '9'))
		return number(j, out);
	if (c == '{' || c == '[')
		return container(j);
	static const char *const words[] = { "true", "false", "null" };
	for (int i = 0; i < 3; i++) {
		size_t l = strlen(words[i]);
		if ((size_t)(j->end - j->p) >= l && !memcmp(j->p, words[i], l)) {
			j->p += l;
			if (out && i < 2)
				buf_adds(out, words[i]);
			return 0;
		}
	}
	if (c == '+' || c == '.')
		return fail(j, "a number must start with a digit or '-'");
	return unexpected(j, "expected a string, number, true, false, null, an object or an array");
}

int json_validate(const char *text, size_t len, char *msg, size_t msgsize)
{
	jp j = { text, text + len, text, msg, msgsize, 0 };
	ws(&j);
	if (value(&j, NULL))
		return -1;
	ws(&j);
	if (j.p != j.end)
		return unexpected(&j, "expected nothing after the value");
	return 0;
}

/* A key of a row and where it stood, for the duplicate check. */
typedef struct row_key {
	const char *key;
	size_t index;
	const char *at;
} row_key;

static int key_order(const void *a, const void *b)
{
	const row_key *x = a, *y = b;
	int c = strcmp(x->key, y->key);
	return c ? c : (x->index > y->index) - (x->index < y->index);
}

/* Duplicate keys, in O(n log n): sorted, a duplicate is next to its first. */
static int no_duplicates(jp *j, const gc_kv *kv, const char *const *at, size_t n)
{
	row_key *keys = xcalloc(n + 1, sizeof *keys);
	const row_key *dup = NULL, *first = NULL;
	for (size_t i = 0; i < n; i++)
		keys[i] = (row_key){ kv[i].key, i, at[i] };
	qsort(keys, n, sizeof *keys, key_order);
	for (size_t i = 1; i < n; i++)
		if (!strcmp(keys[i].key, keys[i - 1].key) && (!dup || keys[i].index < dup->index)) {
			dup = &keys[i];
			first = &keys[i - 1];
			while (first > keys && !strcmp(first[-1].key, first->key))
				first--;
		}
	int rc = 0;
	if (dup) {
		char firstpos[64];
		position(j, first->at, firstpos, sizeof firstpos);
		j->p = dup->at;
		rc = fail(j, "the key \"%s\" appears twice in the object (first at %s)", dup->key, firstpos);
	}
	free(keys);
	return rc;
}

static int members(jp *j, gc_kv **kv, size_t *n, const char ***at, gc_buf *k, gc_buf *v)
{
	size_t cap = 0;
	for (;;) {
		buf_reset(k);
		buf_reset(v);
		ws(j);
		const char *key_at = j->p;
		if (key(j, k))
			return -1;
		if (j->p < j->end && (*j->p == '{' || *j->p == '['))
			return fail(j, "a row holds strings, numbers, true, false and null only, not nested %s",
				    *j->p == '{' ? "objects" : "arrays");
		if (value(j, v))
			return -1;
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			*kv = xrealloc(*kv, cap * sizeof **kv);
			*at = xrealloc(*at, cap * sizeof **at);
		}
		(*kv)[*n].key = xstrdup(k->p ? k->p : "");
		(*kv)[*n].val = xstrdup(v->p ? v->p : "");
		(*at)[*n] = key_at;
		(*n)++;
		ws(j);
		if (j->p < j->end && *j->p == ',') {
			j->p++;
			continue;
		}
		if (j->p < j->end && *j->p == '}') {
			j->p++;
			return 0;
		}
		return unexpected(j, "expected ',' or '}'");
	}
}

int json_parse_flat(const char *line, size_t len, gc_kv **kv, size_t *n, char *msg, size_t msgsize)
{
	jp j = { line, line + len, line, msg, msgsize, 0 };
	gc_buf k, v;
	const char **at = NULL;
	int rc = 0;
	*kv = NULL;
	*n = 0;
	buf_init(&k);
	buf_init(&v);
	ws(&j);
	if (j.p >= j.end || *j.p != '{') {
		rc = j.p < j.end && (*j.p == '[' || *j.p == '"' || *j.p == '-' || (*j.p >= '0' && *j.p <= '9')
				     || *j.p == 't' || *j.p == 'f' || *j.p == 'n')
			     ? fail(&j, "a row must be an object {...}")
			     : unexpected(&j, "expected an object {...}");
	} else {
		j.p++;
		ws(&j);
		if (j.p < j.end && *j.p == '}')
			j.p++;
		else
			rc = members(&j, kv, n, &at, &k, &v);
	}
	if (!rc) {
		ws(&j);
		if (j.p != j.end)
			rc = unexpected(&j, "expected nothing after the object");
	}
	if (!rc)
		rc = no_duplicates(&j, *kv, at, *n);
	buf_free(&k);
	buf_free(&v);
	free(at);
	if (rc) {
		kv_free(*kv, *n);
		*kv = NULL;
		*n = 0;
	}
	return rc;
}
