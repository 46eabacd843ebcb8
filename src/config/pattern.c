/* SPDX-License-Identifier: MIT */
/* pattern.c - a field's pattern: PCRE2 in UTF mode (so [一-龥] and \p{Han}
 * work), anchored to the whole value, and bounded. Every match runs under a
 * match limit (backtracking steps, i.e. time), a depth limit and a heap limit
 * (memory), so no pattern and no value can make a check take more than a few
 * milliseconds or a few megabytes; a match that hits a limit refuses the
 * value. pcre2.h stays here: config.h only sees struct gc_pattern. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "config/config_int.h"

struct gc_pattern {
	pcre2_code *code;
	pcre2_match_context *mctx;
};

/* Far above what a real field pattern needs (the default patterns take tens
 * of steps on an 11-digit phone number; (a|b)* passes 20,000 characters)
 * and far below anything a user waits for: 100,000 steps are about a
 * millisecond. The depth and heap limits bound the memory of one match
 * (backtracking frames live on PCRE2's heap, not the C stack). */
enum { MATCH_LIMIT = 100000, DEPTH_LIMIT = 100000, HEAP_LIMIT_KIB = 16384 };

void pattern_free(gc_pattern *p)
{
	if (!p)
		return;
	pcre2_match_context_free(p->mctx);
	pcre2_code_free(p->code);
	free(p);
}

/* 1: the whole of s matches; 0: it does not; -1: the match hit a limit or
 * failed otherwise (why says which). */
static int run(const gc_pattern *p, const char *s, size_t n, const char **why)
{
	pcre2_match_data *md = pcre2_match_data_create_from_pattern(p->code, NULL);
	if (!md) {
		*why = "out of memory";
		return -1;
	}
	int rc = pcre2_match(p->code, (PCRE2_SPTR)s, n, 0, 0, md, p->mctx);
	pcre2_match_data_free(md);
	if (rc >= 0)
		return 1;
	if (rc == PCRE2_ERROR_NOMATCH)
		return 0;
	switch (rc) {
	case PCRE2_ERROR_MATCHLIMIT: *why = "the match took too many steps (match limit)"; break;
	case PCRE2_ERROR_DEPTHLIMIT: *why = "the match went too deep (depth limit)"; break;
	case PCRE2_ERROR_HEAPLIMIT:  *why = "the match needed too much memory (heap limit)"; break;
	case PCRE2_ERROR_NOMEMORY:   *why = "the match ran out of memory"; break;
	default: *why = rc <= PCRE2_ERROR_UTF8_ERR1 && rc >= PCRE2_ERROR_UTF8_ERR21
		? "the value is not valid UTF-8" : "the match failed"; break;
	}
	return -1;
}

int pattern_match(const gc_pattern *p, const char *s, const char **why)
{
	return run(p, s, strlen(s), why);
}

/* The probe at load time. Compile-time checks come first: PCRE2 refuses a
 * pattern whose compiled form exceeds its size limit ("regular expression is
 * too large"), which is where ^((a{1,100}){1,100}){1,100}$ ends (10^6 copies
 * of 'a'). What compiles may still backtrack catastrophically, as (a+)+$ on
 * "aaaa...!" does; no finite probe proves a pattern safe, but nested
 * repetition blows up on a long run of one character that the pattern
 * accepts followed by one it does not. So each distinct character of the
 * pattern's own text (at most 32), and a, 0, a space and 一, is tried as
 * 64 copies followed by a control character (which no text value can hold),
 * and a probe that hits a limit refuses the pattern. The run-time limits remain the real guarantee:
 * a pattern that passes the probe still cannot take longer than they allow. */
static size_t utf8_len(unsigned char c)
{
	return c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
}

static const char *probe_one(const gc_pattern *p, const char *ch, size_t len)
{
	char buf[64 * 4 + 2];
	size_t n = 0;
	for (int i = 0; i < 64; i++) {
		memcpy(buf + n, ch, len);
		n += len;
	}
	buf[n++] = '\x01';
	buf[n] = 0;
	const char *why = NULL;
	return run(p, buf, n, &why) < 0 ? why : NULL;
}

static const char *probe(const gc_pattern *p, const char *src)
{
	enum { MAXCH = 32 };
	char chs[MAXCH + 4][4];
	size_t lens[MAXCH + 4], nch = 0;
	static const char *const extra[] = { "a", "0", " ", "\xe4\xb8\x80" /* 一 */ };
	for (size_t i = 0; i < sizeof extra / sizeof *extra; i++) {
		lens[nch] = strlen(extra[i]);
		memcpy(chs[nch++], extra[i], strlen(extra[i]));
	}
	for (const char *c = src; *c && nch < MAXCH + 4; ) {
		size_t len = utf8_len((unsigned char)*c);
		if (strnlen(c, len) < len)
			break;
		int dup = 0;
		for (size_t i = 0; i < nch && !dup; i++)
			dup = lens[i] == len && !memcmp(chs[i], c, len);
		if (!dup) {
			lens[nch] = len;
			memcpy(chs[nch++], c, len);
		}
		c += len;
	}
	for (size_t i = 0; i < nch; i++) {
		const char *why = probe_one(p, chs[i], lens[i]);
		if (why)
			return why;
	}
	return NULL;
}

gc_pattern *pattern_compile(const char *src, char *msg, size_t size)
{
	int err;
	PCRE2_SIZE off;
	pcre2_code *code = pcre2_compile((PCRE2_SPTR)src, PCRE2_ZERO_TERMINATED,
	                                 PCRE2_UTF | PCRE2_UCP | PCRE2_ANCHORED | PCRE2_ENDANCHORED,
	                                 &err, &off, NULL);
	if (!code) {
		PCRE2_UCHAR text[160];
		pcre2_get_error_message(err, text, sizeof text);
		snprintf(msg, size, "at offset %zu: %s", (size_t)off, (const char *)text);
		return NULL;
	}
	gc_pattern *p = xcalloc(1, sizeof *p);
	p->code = code;
	p->mctx = pcre2_match_context_create(NULL);
	if (!p->mctx) {
		pattern_free(p);
		snprintf(msg, size, "out of memory");
		return NULL;
	}
	pcre2_set_match_limit(p->mctx, MATCH_LIMIT);
	pcre2_set_depth_limit(p->mctx, DEPTH_LIMIT);
	pcre2_set_heap_limit(p->mctx, HEAP_LIMIT_KIB);
	const char *why = probe(p, src);
	if (why) {
		snprintf(msg, size, "on a probe of 64 repeated characters, %s; "
		         "nested repetition backtracks without bound", why);
		pattern_free(p);
		return NULL;
	}
	return p;
}
