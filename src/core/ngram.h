/* SPDX-License-Identifier: MIT */
/* ngram.h - the search index's grams (docs/storage.md, "Search"). Text is
 * read as characters (UTF-8; a byte that is not UTF-8 counts as one),
 * ASCII letters lowered. Every two consecutive characters are a bigram,
 * which suits Chinese, where words are two or three characters and not
 * spaced; in a run of four or more ASCII digits (a phone number, a house
 * number) every four consecutive digits are a quad too, since digit
 * bigrams are few and each is common. */
#ifndef GRIDCASE_NGRAM_H
#define GRIDCASE_NGRAM_H

#include <stddef.h>

enum { NGRAM_BI = 'g', NGRAM_QUAD = 'q' };
#define NGRAM_MAX 16      /* bytes of one gram, with room to spare */
#define NGRAM_QUERY_MAX 6 /* grams a query walks at most */

typedef struct ngram {
	int tag;
	char g[NGRAM_MAX];
	size_t len;
} ngram;

/* Each gram of text, in order, repeats included. */
typedef void (*ngram_fn)(const ngram *g, void *arg);
void ngram_index(const char *s, size_t n, ngram_fn fn, void *arg);

/* The grams a search for s needs, at most max (distinct, spread over the
 * query, quads first, then grams with a character beyond ASCII): every
 * record holding s holds them all. Returns how many; *nchars is the
 * query's length in characters (below 2 there are none: the caller scans). */
size_t ngram_query(const char *s, ngram *out, size_t max, size_t *nchars);

#endif
