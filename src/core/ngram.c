/* SPDX-License-Identifier: MIT */
/* ngram.c - bigrams and digit quads of text (ngram.h). */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include "core/ngram.h"
#include "gridcase/text.h"
#include "gridcase/util.h"

#define MAX_CHARS 4096

/* The characters of s: where each starts and how long it is. */
typedef struct chars {
	const char *s;
	size_t at[MAX_CHARS], len[MAX_CHARS];
	size_t n;
} chars;

static void split(const char *s, size_t n, chars *c)
{
	uint32_t cp;
	c->s = s;
	c->n = 0;
	for (size_t i = 0; i < n && c->n < MAX_CHARS;) {
		size_t l = utf8_decode(s + i, n - i, &cp);
		if (!l)
			l = 1;
		c->at[c->n] = i;
		c->len[c->n++] = l;
		i += l;
	}
}

static int is_digit(const chars *c, size_t i)
{
	return c->len[i] == 1 && c->s[c->at[i]] >= '0' && c->s[c->at[i]] <= '9';
}

static int beyond_ascii(const chars *c, size_t i)
{
	return c->len[i] > 1 || (unsigned char)c->s[c->at[i]] >= 0x80;
}

/* Characters i..i+k-1 as a gram, ASCII letters lowered. */
static void make(const chars *c, size_t i, size_t k, int tag, ngram *g)
{
	g->tag = tag;
	g->len = 0;
	for (size_t j = i; j < i + k; j++)
		for (size_t b = 0; b < c->len[j] && g->len < NGRAM_MAX; b++) {
			char ch = c->s[c->at[j] + b];
			g->g[g->len++] = ch >= 'A' && ch <= 'Z' ? (char)(ch - 'A' + 'a') : ch;
		}
}

/* The end of the run of digits that starts at i. */
static size_t digit_run(const chars *c, size_t i)
{
	size_t e = i;
	while (e < c->n && is_digit(c, e))
		e++;
	return e;
}

/* Each thread's working space, from the heap at its first use (freed when
 * the thread ends): as static thread-local arrays its 512 KiB were zeroed,
 * and so faulted in, at the start of every process, searching or not. */
typedef struct scratch {
	chars ci, cq;                 /* ngram_index's, ngram_query's */
	ngram cand[3][MAX_CHARS];     /* quads, grams beyond ASCII, the rest */
} scratch;

static pthread_key_t scratch_key;
static pthread_once_t scratch_once = PTHREAD_ONCE_INIT;
static _Thread_local scratch *mine;

static void scratch_key_make(void)
{
	pthread_key_create(&scratch_key, free);
}

static scratch *my_scratch(void)
{
	if (!mine) {
		pthread_once(&scratch_once, scratch_key_make);
		mine = xcalloc(1, sizeof *mine);   /* above the mmap threshold: pages as they are used */
		pthread_setspecific(scratch_key, mine);
	}
	return mine;
}

void ngram_index(const char *s, size_t n, ngram_fn fn, void *arg)
{
	chars *c = &my_scratch()->ci;   /* not on the stack of a builder thread */
	ngram g;
	split(s, n, c);
	for (size_t i = 0; i + 1 < c->n; i++) {
		make(c, i, 2, NGRAM_BI, &g);
		fn(&g, arg);
	}
	for (size_t i = 0; i < c->n;) {
		if (!is_digit(c, i)) {
			i++;
			continue;
		}
		size_t e = digit_run(c, i);
		for (size_t j = i; j + 4 <= e; j++) {
			make(c, j, 4, NGRAM_QUAD, &g);
			fn(&g, arg);
		}
		i = e;
	}
}

static int seen(const ngram *v, size_t n, const ngram *g)
{
	for (size_t i = 0; i < n; i++)
		if (v[i].tag == g->tag && v[i].len == g->len && !memcmp(v[i].g, g->g, g->len))
			return 1;
	return 0;
}

/* Up to max of the n candidates, spread evenly from the first to the last. */
static size_t spread(ngram *v, size_t n, size_t max, ngram *out)
{
	if (n <= max) {
		memcpy(out, v, n * sizeof *v);
		return n;
	}
	for (size_t k = 0; k < max; k++)
		out[k] = v[max > 1 ? k * (n - 1) / (max - 1) : 0];
	return max;
}

size_t ngram_query(const char *s, ngram *out, size_t max, size_t *nchars)
{
	scratch *w = my_scratch();
	chars *c = &w->cq;
	ngram (*cand)[MAX_CHARS] = w->cand;
	size_t nc[3] = { 0, 0, 0 }, got = 0;
	ngram g;
	split(s, strlen(s), c);
	*nchars = c->n;
	for (size_t i = 0; i < c->n;) {   /* quads of each run of four digits or more */
		size_t e = is_digit(c, i) ? digit_run(c, i) : i + 1;
		for (size_t j = i; e - i >= 4 && j + 4 <= e; j++) {
			make(c, j, 4, NGRAM_QUAD, &g);
			if (!seen(cand[0], nc[0], &g))
				cand[0][nc[0]++] = g;
		}
		i = e;
	}
	for (size_t i = 0; i + 1 < c->n; i++) {
		/* Inside a run of quads, its quads say more than its bigrams. */
		if (is_digit(c, i) && is_digit(c, i + 1) && nc[0]) {
			size_t a = i, e = digit_run(c, i);
			while (a > 0 && is_digit(c, a - 1))
				a--;
			if (e - a >= 4)
				continue;
		}
		make(c, i, 2, NGRAM_BI, &g);
		int k = beyond_ascii(c, i) || beyond_ascii(c, i + 1) ? 1 : 2;
		if (!seen(cand[k], nc[k], &g))
			cand[k][nc[k]++] = g;
	}
	for (int k = 0; k < 3 && got < max; k++)
		got += spread(cand[k], nc[k], max - got, out + got);
	return got;
}
