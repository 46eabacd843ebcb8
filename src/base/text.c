/* text.c - UTF-8 handling. Everything that reaches a terminal or the store
 * passes through here, so control bytes never travel in either direction. */
#include <string.h>
#include <wchar.h>
#include <stdio.h>
#include "gridcase/text.h"

size_t utf8_decode(const char *s, size_t n, uint32_t *cp)
{
	const unsigned char *u = (const unsigned char *)s;
	if (n == 0)
		return 0;
	if (u[0] < 0x80) {
		*cp = u[0];
		return 1;
	}
	size_t len;
	uint32_t c, min;
	if ((u[0] & 0xE0) == 0xC0) { len = 2; c = u[0] & 0x1F; min = 0x80; }
	else if ((u[0] & 0xF0) == 0xE0) { len = 3; c = u[0] & 0x0F; min = 0x800; }
	else if ((u[0] & 0xF8) == 0xF0) { len = 4; c = u[0] & 0x07; min = 0x10000; }
	else return 0;
	if (n < len)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((u[i] & 0xC0) != 0x80)
			return 0;
		c = c << 6 | (u[i] & 0x3F);
	}
	/* Overlong forms, surrogates and values past U+10FFFF are invalid. */
	if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	*cp = c;
	return len;
}

long utf8_chars(const char *s, size_t n)
{
	long count = 0;
	size_t i = 0;
	uint32_t cp;
	while (i < n) {
		size_t l = utf8_decode(s + i, n - i, &cp);
		if (!l)
			return -1;
		i += l;
		count++;
	}
	return count;
}

int text_is_dangerous(uint32_t cp)
{
	if (cp < 0x20 || cp == 0x7F)
		return 1;
	if (cp >= 0x80 && cp <= 0x9F)
		return 1;
	/* Bidi embeddings, overrides and isolates can reorder what a reader sees. */
	if ((cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069))
		return 1;
	return 0;
}

const char *text_refusal(const char *s, size_t n, int multiline)
{
	size_t i = 0;
	uint32_t cp;
	while (i < n) {
		size_t l = utf8_decode(s + i, n - i, &cp);
		if (!l)
			return "is not valid UTF-8";
		i += l;
		if ((cp == '\n' || cp == '\t') && multiline)
			continue;
		if (cp == '\r' && multiline && i < n && s[i] == '\n')
			continue;
		if (cp < 0x20 || cp == 0x7F)
			return multiline ? "contains a control character (only newline and tab are allowed)"
					 : "contains a control character (newline and tab included)";
		if (cp >= 0x80 && cp <= 0x9F)
			return "contains a C1 control character";
		if (text_is_dangerous(cp))
			return "contains a bidirectional override character";
	}
	return NULL;
}

/* The placeholder drawn for a dangerous code point, e.g. "<1b>" or "<202e>". */
static int placeholder(char *out, size_t size, uint32_t cp)
{
	return snprintf(out, size, "<%02x>", (unsigned)cp);
}

int text_cp_width(uint32_t cp)
{
	if (text_is_dangerous(cp)) {
		char tmp[16];
		return placeholder(tmp, sizeof tmp, cp);
	}
	int w = wcwidth((wchar_t)cp);
	if (w < 0)
		return 1;   /* unknown to the locale: drawn as "?" */
	return w;
}

int text_width(const char *s, size_t n)
{
	int w = 0;
	size_t i = 0;
	uint32_t cp;
	while (i < n) {
		size_t l = utf8_decode(s + i, n - i, &cp);
		if (!l) {
			w += 4;   /* "\xNN" */
			i++;
			continue;
		}
		w += text_cp_width(cp);
		i += l;
	}
	return w;
}

/* Emit one code point (neutralised) if it fits in the remaining columns. */
static int emit_cp(gc_buf *out, const char *s, size_t l, uint32_t cp, int room, int keep_newlines)
{
	char tmp[16];
	if (cp == '\n' && keep_newlines) {
		buf_addc(out, '\n');
		return 0;
	}
	if (cp == '\n' || cp == '\t') {
		if (room < 1)
			return -1;
		buf_addc(out, ' ');
		return 1;
	}
	if (text_is_dangerous(cp)) {
		int w = placeholder(tmp, sizeof tmp, cp);
		if (w > room)
			return -1;
		buf_add(out, tmp, (size_t)w);
		return w;
	}
	int w = wcwidth((wchar_t)cp);
	if (w < 0) {
		if (room < 1)
			return -1;
		buf_addc(out, '?');
		return 1;
	}
	if (w > room)
		return -1;
	buf_add(out, s, l);
	return w;
}

int text_fit(gc_buf *out, const char *s, size_t n, int cols, int pad)
{
	int used = 0;
	size_t i = 0;
	uint32_t cp;
	while (i < n) {
		size_t l = utf8_decode(s + i, n - i, &cp);
		int w;
		if (!l) {
			char tmp[8];
			w = snprintf(tmp, sizeof tmp, "\\x%02x", (unsigned char)s[i]);
			if (used + w > cols)
				break;
			buf_add(out, tmp, (size_t)w);
			i++;
		} else {
			w = emit_cp(out, s + i, l, cp, cols - used, 0);
			if (w < 0)
				break;
			i += l;
		}
		used += w;
	}
	while (pad && used < cols) {
		buf_addc(out, ' ');
		used++;
	}
	return used;
}

void text_sanitize(gc_buf *out, const char *s, size_t n, int keep_newlines)
{
	size_t i = 0;
	uint32_t cp;
	while (i < n) {
		size_t l = utf8_decode(s + i, n - i, &cp);
		if (!l) {
			buf_printf(out, "\\x%02x", (unsigned char)s[i]);
			i++;
			continue;
		}
		if (cp == '\t' && keep_newlines)
			buf_addc(out, '\t');
		else
			emit_cp(out, s + i, l, cp, 1 << 30, keep_newlines);
		i += l;
	}
}
