/* SPDX-License-Identifier: MIT */
/* text.c - UTF-8 handling. Everything that reaches a terminal or the store
 * passes through here, so control bytes never travel in either direction. */
#include <string.h>
#include <wchar.h>
#include <stdio.h>
#include <stdarg.h>
#include <errno.h>
#include <iconv.h>
#include "gridcase/text.h"

void utf8_encode(gc_buf *b, uint32_t cp)
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

/* The length of a valid UTF-8 sequence at s[i] that needs no full decode:
 * ASCII, or three bytes from U+4000 to U+EFFF but the surrogates (CJK);
 * 0 for anything else (utf8_decode decides). */
static size_t quick_seq(const char *s, size_t n, size_t i)
{
	unsigned char c = (unsigned char)s[i];
	if (c < 0x80)
		return 1;
	if (c >= 0xE4 && c <= 0xEE && c != 0xED && i + 2 < n && ((unsigned char)s[i + 1] & 0xC0) == 0x80 &&
	    ((unsigned char)s[i + 2] & 0xC0) == 0x80)
		return 3;
	return 0;
}

long utf8_chars(const char *s, size_t n)
{
	long count = 0;
	size_t i = 0;
	uint32_t cp;
	while (i < n) {
		size_t q = quick_seq(s, n, i);
		if (q) {
			i += q;
			count++;
			continue;
		}
		size_t l = utf8_decode(s + i, n - i, &cp);
		if (!l)
			return -1;
		i += l;
		count++;
	}
	return count;
}

/* The code points the text rule refuses besides the controls, sorted: the
 * Bidi_Control set and the format characters that draw nothing (see
 * docs/configuration.md, "The text rule", for why each is there). */
enum { K_BIDI = 1, K_INVISIBLE };
static const struct refused_cp {
	uint32_t lo, hi;
	int kind;
	const char *name;   /* for a range of one, else NULL */
} refused[] = {
	{ 0x00AD, 0x00AD, K_INVISIBLE, "SOFT HYPHEN" },
	{ 0x034F, 0x034F, K_INVISIBLE, "COMBINING GRAPHEME JOINER" },
	{ 0x061C, 0x061C, K_BIDI, "ARABIC LETTER MARK" },
	{ 0x115F, 0x115F, K_INVISIBLE, "HANGUL CHOSEONG FILLER" },
	{ 0x1160, 0x1160, K_INVISIBLE, "HANGUL JUNGSEONG FILLER" },
	{ 0x180E, 0x180E, K_INVISIBLE, "MONGOLIAN VOWEL SEPARATOR" },
	{ 0x200B, 0x200B, K_INVISIBLE, "ZERO WIDTH SPACE" },
	{ 0x200C, 0x200C, K_INVISIBLE, "ZERO WIDTH NON-JOINER" },
	{ 0x200D, 0x200D, K_INVISIBLE, "ZERO WIDTH JOINER" },
	{ 0x200E, 0x200E, K_BIDI, "LEFT-TO-RIGHT MARK" },
	{ 0x200F, 0x200F, K_BIDI, "RIGHT-TO-LEFT MARK" },
	{ 0x2028, 0x2028, K_INVISIBLE, "LINE SEPARATOR" },
	{ 0x2029, 0x2029, K_INVISIBLE, "PARAGRAPH SEPARATOR" },
	{ 0x202A, 0x202A, K_BIDI, "LEFT-TO-RIGHT EMBEDDING" },
	{ 0x202B, 0x202B, K_BIDI, "RIGHT-TO-LEFT EMBEDDING" },
	{ 0x202C, 0x202C, K_BIDI, "POP DIRECTIONAL FORMATTING" },
	{ 0x202D, 0x202D, K_BIDI, "LEFT-TO-RIGHT OVERRIDE" },
	{ 0x202E, 0x202E, K_BIDI, "RIGHT-TO-LEFT OVERRIDE" },
	{ 0x2060, 0x2060, K_INVISIBLE, "WORD JOINER" },
	{ 0x2061, 0x2061, K_INVISIBLE, "FUNCTION APPLICATION" },
	{ 0x2062, 0x2062, K_INVISIBLE, "INVISIBLE TIMES" },
	{ 0x2063, 0x2063, K_INVISIBLE, "INVISIBLE SEPARATOR" },
	{ 0x2064, 0x2064, K_INVISIBLE, "INVISIBLE PLUS" },
	{ 0x2066, 0x2066, K_BIDI, "LEFT-TO-RIGHT ISOLATE" },
	{ 0x2067, 0x2067, K_BIDI, "RIGHT-TO-LEFT ISOLATE" },
	{ 0x2068, 0x2068, K_BIDI, "FIRST STRONG ISOLATE" },
	{ 0x2069, 0x2069, K_BIDI, "POP DIRECTIONAL ISOLATE" },
	{ 0x206A, 0x206F, K_INVISIBLE, NULL },      /* deprecated format characters */
	{ 0x3164, 0x3164, K_INVISIBLE, "HANGUL FILLER" },
	{ 0xFEFF, 0xFEFF, K_INVISIBLE, "ZERO WIDTH NO-BREAK SPACE (byte order mark)" },
	{ 0xFFA0, 0xFFA0, K_INVISIBLE, "HALFWIDTH HANGUL FILLER" },
	{ 0xFFF9, 0xFFFB, K_INVISIBLE, NULL },      /* interlinear annotation */
	{ 0x1BCA0, 0x1BCA3, K_INVISIBLE, NULL },    /* shorthand format controls */
	{ 0x1D173, 0x1D17A, K_INVISIBLE, NULL },    /* musical symbol format controls */
	{ 0xE0000, 0xE007F, K_INVISIBLE, NULL },    /* tag characters */
};

static const struct refused_cp *refused_entry(uint32_t cp)
{
	size_t lo = 0, hi = ARRAY_LEN(refused);
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (cp < refused[mid].lo)
			hi = mid;
		else if (cp > refused[mid].hi)
			lo = mid + 1;
		else
			return &refused[mid];
	}
	return NULL;
}

int text_is_dangerous(uint32_t cp)
{
	if (cp < 0x20 || cp == 0x7F)
		return 1;
	if (cp >= 0x80 && cp <= 0x9F)
		return 1;
	/* Bidi controls reorder what a reader sees; invisible characters make
	 * look-alikes. The joiner is drawn as itself: emoji sequences need it. */
	return cp != 0x200D && refused_entry(cp) != NULL;
}

/* Pictographs around which a ZERO WIDTH JOINER builds one emoji (a family,
 * a profession, a flag): close to Unicode's Extended_Pictographic, plus the
 * skin tone modifiers and VARIATION SELECTOR-16 that may end an element. */
static int emoji_element(uint32_t cp, int before)
{
	if (before && (cp == 0xFE0F || (cp >= 0x1F3FB && cp <= 0x1F3FF)))
		return 1;
	return cp == 0x00A9 || cp == 0x00AE || cp == 0x203C || cp == 0x2049 || cp == 0x2122 || cp == 0x2139
	       || (cp >= 0x2194 && cp <= 0x21AA) || (cp >= 0x2300 && cp <= 0x23FF) || (cp >= 0x25A0 && cp <= 0x25FF)
	       || (cp >= 0x2600 && cp <= 0x27BF) || (cp >= 0x2900 && cp <= 0x297F) || (cp >= 0x2B00 && cp <= 0x2BFF)
	       || cp == 0x3030 || cp == 0x303D || cp == 0x3297 || cp == 0x3299 || (cp >= 0x1F000 && cp <= 0x1FAFF);
}

/* The message of the last refusal, per thread: the caller uses it at once. */
static _Thread_local char refusal_msg[200];

static const char *refuse(long at, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static const char *refuse(long at, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(refusal_msg, sizeof refusal_msg, fmt, ap);
	va_end(ap);
	if (n >= 0 && (size_t)n < sizeof refusal_msg)
		snprintf(refusal_msg + n, sizeof refusal_msg - (size_t)n, " at character %ld", at);
	return refusal_msg;
}

/* Why one code point (the at-th, with its neighbours) is refused, or NULL. */
static const char *refuse_cp(uint32_t cp, uint32_t prev, uint32_t next, long at, int multiline)
{
	if (cp == 0)
		return refuse(at, "contains a NUL byte");
	if ((cp == '\n' || cp == '\t') && !multiline)
		return refuse(at, "contains a %s (this is one line of text)", cp == '\n' ? "newline" : "tab");
	if (cp < 0x20)
		return refuse(at, "contains a control character U+%04X%s", (unsigned)cp,
			      multiline ? " (only newline and tab are allowed)" : "");
	if (cp == 0x7F)
		return refuse(at, "contains the control character DEL (U+007F)");
	if (cp >= 0x80 && cp <= 0x9F)
		return refuse(at, "contains a C1 control character U+%04X", (unsigned)cp);
	const struct refused_cp *e = cp >= 0xAD ? refused_entry(cp) : NULL;
	if (!e)
		return NULL;
	if (cp == 0x200D) {
		if (emoji_element(prev, 1) && emoji_element(next, 0))
			return NULL;
		return refuse(at, "contains U+200D ZERO WIDTH JOINER outside an emoji sequence");
	}
	if (e->kind == K_BIDI)
		return refuse(at, "contains U+%04X %s, a bidirectional control character", (unsigned)cp, e->name);
	if (e->name)
		return refuse(at, "contains U+%04X %s, an invisible character", (unsigned)cp, e->name);
	return refuse(at, "contains U+%04X, an invisible format character", (unsigned)cp);
}

const char *text_refusal(const char *s, size_t n, int multiline)
{
	size_t i = 0;
	uint32_t cp, prev = 0;
	long at = 0;
	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		at++;
		if (c >= 0x20 && c < 0x7F) {   /* printable ASCII: the common case */
			prev = c;
			i++;
			continue;
		}
		/* Three bytes from U+4000 to U+EFFF but the surrogates (0xED): CJK
		 * text, never refused (below); decoded here, not by the call. */
		if (c >= 0xE4 && c <= 0xEE && c != 0xED && i + 2 < n &&
		    ((unsigned char)s[i + 1] & 0xC0) == 0x80 && ((unsigned char)s[i + 2] & 0xC0) == 0x80) {
			prev = (uint32_t)(c & 0x0F) << 12 | (uint32_t)((unsigned char)s[i + 1] & 0x3F) << 6 |
			       ((unsigned char)s[i + 2] & 0x3F);
			i += 3;
			continue;
		}
		size_t l = utf8_decode(s + i, n - i, &cp);
		if (!l)
			return refuse(at, "is not valid UTF-8 (byte 0x%02X)", c);
		i += l;
		if ((cp == '\n' || cp == '\t') && multiline)
			goto next;
		if (cp == '\r' && multiline && i < n && s[i] == '\n')
			goto next;
		if (cp > 0x3164 && cp < 0xFEFF)   /* CJK and most scripts: nothing refused in between */
			goto next;
		uint32_t after = 0;
		if (cp == 0x200D && i < n && !utf8_decode(s + i, n - i, &after))
			after = 0;
		const char *why = refuse_cp(cp, prev, after, at, multiline);
		if (why)
			return why;
	next:
		prev = cp;
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
		unsigned char ch = (unsigned char)s[i];
		if (ch >= 0x20 && ch < 0x7F) {   /* printable ASCII: one column, as itself */
			if (used >= cols)
				break;
			buf_addc(out, (char)ch);
			i++;
			used++;
			continue;
		}
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
	static const char spaces[] = "                                ";
	while (pad && used < cols) {
		int k = cols - used < (int)sizeof spaces - 1 ? cols - used : (int)sizeof spaces - 1;
		buf_add(out, spaces, (size_t)k);
		used += k;
	}
	return used;
}

size_t text_fit_len(const char *s, size_t n, int cols)
{
	int used = 0;
	size_t i = 0;
	uint32_t cp;
	while (i < n) {
		size_t l = utf8_decode(s + i, n - i, &cp);
		int w = !l ? 4 : cp == '\n' || cp == '\t' ? 1 : text_cp_width(cp);
		if (used + w > cols)
			break;
		used += w;
		i += l ? l : 1;
	}
	return i;
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

size_t utf8_valid_prefix(const char *s, size_t n)
{
	size_t i = 0;
	uint32_t cp;
	while (i < n) {
		size_t q = quick_seq(s, n, i);
		if (q) {
			i += q;
			continue;
		}
		size_t l = utf8_decode(s + i, n - i, &cp);
		if (!l)
			return i;
		i += l;
	}
	return n;
}

int text_from_gb18030(const char *s, size_t n, gc_buf *out, size_t *bad_at)
{
	iconv_t cd = iconv_open("UTF-8", "GB18030");
	if (cd == (iconv_t)-1) {
		*bad_at = 0;
		return -1;
	}
	char *in = (char *)s, chunk[65536];
	size_t left = n;
	int rc = 0;
	while (left) {
		char *o = chunk;
		size_t room = sizeof chunk;
		size_t r = iconv(cd, &in, &left, &o, &room);
		buf_add(out, chunk, (size_t)(o - chunk));
		if (r == (size_t)-1 && errno != E2BIG) {
			rc = -1;   /* EILSEQ: not GB18030; EINVAL: cut at the end */
			break;
		}
	}
	*bad_at = (size_t)(in - s);
	iconv_close(cd);
	return rc;
}
