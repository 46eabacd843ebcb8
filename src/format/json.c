/* json.c - a writer and a flat-object reader for JSON Lines. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "gridcase/json.h"

void json_str(gc_buf *out, const char *s)
{
	buf_addc(out, '"');
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '"': buf_adds(out, "\\\""); break;
		case '\\': buf_adds(out, "\\\\"); break;
		case '\n': buf_adds(out, "\\n"); break;
		case '\r': buf_adds(out, "\\r"); break;
		case '\t': buf_adds(out, "\\t"); break;
		default:
			if (*p < 0x20 || *p == 0x7F)
				buf_printf(out, "\\u%04x", *p);
			else
				buf_addc(out, (char)*p);
		}
	}
	buf_addc(out, '"');
}


typedef struct jp {
	const char *p, *end, *start;
	char *msg;
	size_t msgsize;
} jp;

static int fail(jp *j, const char *what)
{
	snprintf(j->msg, j->msgsize, "column %ld: %s", (long)(j->p - j->start) + 1, what);
	return -1;
}

static void ws(jp *j)
{
	while (j->p < j->end && (*j->p == ' ' || *j->p == '\t' || *j->p == '\r' || *j->p == '\n'))
		j->p++;
}

static void put_utf8(gc_buf *b, unsigned cp)
{
	if (cp < 0x80) {
		buf_addc(b, (char)cp);
	} else if (cp < 0x800) {
		buf_addc(b, (char)(0xC0 | cp >> 6));
		buf_addc(b, (char)(0x80 | (cp & 0x3F)));
	} else if (cp < 0x10000) {
		buf_addc(b, (char)(0xE0 | cp >> 12));
		buf_addc(b, (char)(0x80 | ((cp >> 6) & 0x3F)));
		buf_addc(b, (char)(0x80 | (cp & 0x3F)));
	} else {
		buf_addc(b, (char)(0xF0 | cp >> 18));
		buf_addc(b, (char)(0x80 | ((cp >> 12) & 0x3F)));
		buf_addc(b, (char)(0x80 | ((cp >> 6) & 0x3F)));
		buf_addc(b, (char)(0x80 | (cp & 0x3F)));
	}
}

static int hex4(jp *j, unsigned *v)
{
	*v = 0;
	for (int i = 0; i < 4; i++) {
		if (j->p >= j->end)
			return -1;
		char c = *j->p++;
		*v <<= 4;
		if (c >= '0' && c <= '9') *v |= (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f') *v |= (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F') *v |= (unsigned)(c - 'A' + 10);
		else return -1;
	}
	return 0;
}

static int string(jp *j, gc_buf *out)
{
	if (j->p >= j->end || *j->p != '"')
		return fail(j, "expected a string");
	j->p++;
	while (j->p < j->end && *j->p != '"') {
		char c = *j->p++;
		if (c != '\\') {
			buf_addc(out, c);
			continue;
		}
		if (j->p >= j->end)
			break;
		c = *j->p++;
		switch (c) {
		case '"': case '\\': case '/': buf_addc(out, c); break;
		case 'n': buf_addc(out, '\n'); break;
		case 't': buf_addc(out, '\t'); break;
		case 'r': buf_addc(out, '\r'); break;
		case 'b': buf_addc(out, '\b'); break;
		case 'f': buf_addc(out, '\f'); break;
		case 'u': {
			unsigned cp, lo;
			if (hex4(j, &cp))
				return fail(j, "bad \\u escape");
			if (cp >= 0xD800 && cp < 0xDC00) {
				if (j->end - j->p < 6 || j->p[0] != '\\' || j->p[1] != 'u')
					return fail(j, "unpaired surrogate");
				j->p += 2;
				if (hex4(j, &lo) || lo < 0xDC00 || lo > 0xDFFF)
					return fail(j, "unpaired surrogate");
				cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
			}
			if (cp == 0)
				return fail(j, "a NUL character (\\u0000) is not allowed");
			put_utf8(out, cp);
			break;
		}
		default:
			return fail(j, "bad escape in a string");
		}
	}
	if (j->p >= j->end)
		return fail(j, "a string is not closed");
	j->p++;
	return 0;
}

static int scalar(jp *j, gc_buf *out)
{
	if (j->p < j->end && *j->p == '"')
		return string(j, out);
	if (j->end - j->p >= 4 && !memcmp(j->p, "null", 4)) { j->p += 4; return 0; }
	if (j->end - j->p >= 4 && !memcmp(j->p, "true", 4)) { j->p += 4; buf_adds(out, "true"); return 0; }
	if (j->end - j->p >= 5 && !memcmp(j->p, "false", 5)) { j->p += 5; buf_adds(out, "false"); return 0; }
	const char *s = j->p;
	while (j->p < j->end && (strchr("+-.eE", *j->p) || (*j->p >= '0' && *j->p <= '9')))
		j->p++;
	if (j->p == s)
		return fail(j, "expected a string, number, true, false or null (nested values are not accepted)");
	buf_add(out, s, (size_t)(j->p - s));
	return 0;
}

int json_parse_flat(const char *line, size_t len, gc_kv **kv, size_t *n, char *msg, size_t msgsize)
{
	jp j = { line, line + len, line, msg, msgsize };
	gc_buf k, v;
	*kv = NULL;
	*n = 0;
	buf_init(&k);
	buf_init(&v);
	ws(&j);
	if (j.p >= j.end || *j.p != '{')
		return fail(&j, "expected an object {...}");
	j.p++;
	ws(&j);
	if (j.p < j.end && *j.p == '}') {
		j.p++;
	} else {
		for (;;) {
			buf_reset(&k);
			buf_reset(&v);
			ws(&j);
			if (string(&j, &k))
				goto bad;
			ws(&j);
			if (j.p >= j.end || *j.p != ':') {
				fail(&j, "expected ':'");
				goto bad;
			}
			j.p++;
			ws(&j);
			if (scalar(&j, &v))
				goto bad;
			*kv = xrealloc(*kv, (*n + 1) * sizeof **kv);
			(*kv)[*n].key = xstrdup(k.p ? k.p : "");
			(*kv)[*n].val = xstrdup(v.p ? v.p : "");
			(*n)++;
			ws(&j);
			if (j.p < j.end && *j.p == ',') {
				j.p++;
				continue;
			}
			if (j.p < j.end && *j.p == '}') {
				j.p++;
				break;
			}
			fail(&j, "expected ',' or '}'");
			goto bad;
		}
	}
	ws(&j);
	if (j.p != j.end) {
		fail(&j, "text after the object");
		goto bad;
	}
	buf_free(&k);
	buf_free(&v);
	return 0;
bad:
	buf_free(&k);
	buf_free(&v);
	kv_free(*kv, *n);
	*kv = NULL;
	*n = 0;
	return -1;
}
