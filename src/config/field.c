/* SPDX-License-Identifier: MIT */
/* field.c - one typed value: check it against its field's rules and bring it
 * to the canonical form that is stored, exported and compared. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include "gridcase/config.h"
#include "config/config_int.h"
#include "gridcase/text.h"
#include "gridcase/i18n.h"

static const char *fmt_msg(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static const char *fmt_msg(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return buf;
}

static int has_choice(const gc_field *f, const char *s, size_t n)
{
	return config_choice_index(f, s, n) >= 0;
}

/* NULL when s matches f's pattern (or f has none); else why not, in msg. */
static const char *pattern_refusal(const gc_field *f, const char *s, char *msg, size_t size)
{
	const char *why = NULL;
	if (!f->re)
		return NULL;
	switch (pattern_match(f->re, s, &why)) {
	case 1: return NULL;
	case 0:
		/* People read the field's hint, never the regular expression. */
		if (f->hint)
			return fmt_msg(msg, size, _("'%s' is not right here: %s"), s, f->hint);
		return fmt_msg(msg, size, "'%s' does not match the pattern %s", s, f->pattern);
	default: return fmt_msg(msg, size, "'%s' is refused: checking it against the pattern %s stopped: %s", s, f->pattern, why);
	}
}

static const char *check_text(const gc_field *f, const char *in, gc_buf *out, char *msg, size_t size)
{
	const char *why = text_refusal(in, strlen(in), f->type == FT_LONGTEXT);
	if (why)
		return fmt_msg(msg, size, "%s", why);
	long chars = utf8_chars(in, strlen(in));
	if (f->has_min && chars < f->min)
		return fmt_msg(msg, size, "is too short: %ld characters, at least %lld needed", chars, f->min);
	if (f->has_max && chars > f->max)
		return fmt_msg(msg, size, "is too long: %ld characters, at most %lld allowed", chars, f->max);
	if (pattern_refusal(f, in, msg, size))
		return msg;
	/* CRLF from spreadsheets becomes LF so the same text compares equal. */
	if (!strchr(in, '\r')) {
		buf_adds(out, in);
		return NULL;
	}
	for (const char *p = in; *p; p++)
		if (!(p[0] == '\r' && p[1] == '\n'))
			buf_addc(out, *p);
	return NULL;
}

static const char *check_int(const gc_field *f, const char *in, gc_buf *out, char *msg, size_t size)
{
	char *end;
	errno = 0;
	long long v = strtoll(in, &end, 10);
	if (!*in || *end || errno)
		return fmt_msg(msg, size, "must be a whole number, found '%s'", in);
	if (f->has_min && v < f->min)
		return fmt_msg(msg, size, "must be at least %lld, found %lld", f->min, v);
	if (f->has_max && v > f->max)
		return fmt_msg(msg, size, "must be at most %lld, found %lld", f->max, v);
	char tmp[32];
	snprintf(tmp, sizeof tmp, "%lld", v);
	if (pattern_refusal(f, tmp, msg, size))
		return msg;
	buf_adds(out, tmp);
	return NULL;
}

static const char *check_multichoice(const gc_field *f, const char *in, gc_buf *out, char *msg, size_t size)
{
	/* Stored in the order of the configured choices, separated by ';'. */
	unsigned char *picked = xcalloc(f->nchoices + 1, 1);
	const char *p = in;
	while (*p) {
		const char *e = strchr(p, ';');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		while (n && *p == ' ') { p++; n--; }
		while (n && p[n - 1] == ' ') n--;
		int i = n ? config_choice_index(f, p, n) : -1, found = i >= 0;
		if (found)
			picked[i] = 1;
		if (n && !found) {
			char one[200];
			snprintf(one, sizeof one, "%.*s", (int)(n < 150 ? n : 150), p);
			free(picked);
			return fmt_msg(msg, size, "'%s' is not one of the choices", one);
		}
		p += (e ? (size_t)(e - p) + 1 : strlen(p));
	}
	int first = 1;
	for (size_t i = 0; i < f->nchoices; i++)
		if (picked[i]) {
			if (!first)
				buf_addc(out, ';');
			buf_adds(out, f->choices[i]);
			first = 0;
		}
	free(picked);
	return NULL;
}

/* ASCII letters compared without case, whatever the locale (a Turkish
 * one folds I and i differently). */
static int ascii_caseeq(const char *a, const char *b)
{
	for (; *a && *b; a++, b++) {
		char x = *a >= 'A' && *a <= 'Z' ? (char)(*a + 32) : *a;
		char y = *b >= 'A' && *b <= 'Z' ? (char)(*b + 32) : *b;
		if (x != y)
			return 0;
	}
	return *a == *b;
}

/* A yes/no word: 1 for yes, 0 for no, -1 for neither. The words in any
 * letter case (Excel, WPS and LibreOffice write TRUE and FALSE back), 是
 * and 否, 1 and 0, and yes/no in the user's language. */
static int bool_word(const char *in)
{
	static const char *const yes[] = { "true", "yes", "1", "是" }, *const no[] = { "false", "no", "0", "否" };
	for (size_t i = 0; i < ARRAY_LEN(yes); i++) {
		if (ascii_caseeq(in, yes[i]))
			return 1;
		if (ascii_caseeq(in, no[i]))
			return 0;
	}
	if (!strcmp(in, _("yes")))
		return 1;
	if (!strcmp(in, _("no")))
		return 0;
	return -1;
}

const char *field_canonical(const gc_config *cfg, const gc_field *f, const char *in,
			    gc_buf *out, char *msg, size_t size)
{
	if (!*in)
		return NULL;  /* empty means unset; "required" is checked by the caller */
	switch (f->type) {
	case FT_TEXT:
	case FT_LONGTEXT:
		return check_text(f, in, out, msg, size);
	case FT_INT:
		return check_int(f, in, out, msg, size);
	case FT_DATE: {
		long day;
		if (date_parse(in, &day))
			return fmt_msg(msg, size, "must be a date YYYY-MM-DD, found '%s'", in);
		if (f->min_date && strcmp(in, f->min_date) < 0)
			return fmt_msg(msg, size, "must not be before %s", f->min_date);
		if (f->max_date && strcmp(in, f->max_date) > 0)
			return fmt_msg(msg, size, "must not be after %s", f->max_date);
		buf_adds(out, in);
		return NULL;
	}
	case FT_DATETIME: {
		int64_t t;
		char tmp[40];
		if (datetime_parse(in, &t))
			return fmt_msg(msg, size, "must be a date and time YYYY-MM-DD HH:MM, found '%s'", in);
		datetime_format_short(t, tmp, sizeof tmp);
		buf_adds(out, tmp);
		return NULL;
	}
	case FT_CHOICE:
		if (!has_choice(f, in, strlen(in)))
			return fmt_msg(msg, size, "'%s' is not one of the choices", in);
		buf_adds(out, in);
		return NULL;
	case FT_MULTICHOICE:
		return check_multichoice(f, in, out, msg, size);
	case FT_BOOL: {
		int v = bool_word(in);
		if (v < 0)
			return fmt_msg(msg, size, _("must be true or false, found '%s'"), in);
		buf_adds(out, v ? "true" : "false");
		return NULL;
	}
	case FT_USER:
		if (!config_user(cfg, in))
			return fmt_msg(msg, size, "names unknown user '%s'", in);
		buf_adds(out, in);
		return NULL;
	case FT_NODE: {
		const char *why = text_refusal(in, strlen(in), 0);
		if (why)
			return fmt_msg(msg, size, "%s", why);
		buf_adds(out, in);   /* existence is checked by the core */
		return NULL;
	}
	case FT_RECORD: {
		char *end;
		errno = 0;
		unsigned long long v = strtoull(in, &end, 10);
		if (!*in || *end || errno || v == 0 || *in == '-' || v >= GC_ID_CEILING)
			return fmt_msg(msg, size, "must be a record id, found '%s'", in);
		buf_printf(out, "%llu", v);
		return NULL;
	}
	}
	return "has an unknown type";
}
