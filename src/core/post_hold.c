/* SPDX-License-Identifier: MIT */
/* post_hold.c - a bulk writer's held postings (postings.h): per key the
 * ids in the order they came (new records come in id order), so a batch
 * sorts its few thousand keys, not its millions of entries. */
#include <stdlib.h>
#include <string.h>
#include "core/postings.h"

static post_list *find(post_hold *h, const unsigned char *key, size_t klen)
{
	size_t j = hash_bytes(key, klen) & (h->cap - 1);
	while (h->slot[j].key && (h->slot[j].klen != klen || memcmp(h->slot[j].key, key, klen)))
		j = (j + 1) & (h->cap - 1);
	return &h->slot[j];
}

static void grow(post_hold *h)
{
	post_hold bigger = { xcalloc(h->cap ? 2 * h->cap : 1024, sizeof *h->slot), h->cap ? 2 * h->cap : 1024, 0, 0 };
	for (size_t i = 0; i < h->cap; i++)
		if (h->slot[i].key)
			*find(&bigger, h->slot[i].key, h->slot[i].klen) = h->slot[i];
	free(h->slot);
	h->slot = bigger.slot;
	h->cap = bigger.cap;
}

void post_hold_add(post_hold *h, const unsigned char *key, size_t klen, const unsigned char *id)
{
	if ((h->nkeys + 1) * 2 > h->cap)
		grow(h);
	post_list *l = find(h, key, klen);
	if (!l->key) {
		l->key = xmalloc(klen);
		memcpy(l->key, key, klen);
		l->klen = klen;
		h->nkeys++;
	}
	if (l->n == l->cap)
		l->ids = xrealloc(l->ids, 8 * (l->cap = l->cap ? 2 * l->cap : 4));
	memcpy(l->ids + 8 * l->n++, id, 8);
	h->nids++;
}

/* Key order, as LMDB keeps them: bytes, then the shorter first. */
static int by_key(const void *a, const void *b)
{
	const post_list *x = *(post_list *const *)a, *y = *(post_list *const *)b;
	int c = memcmp(x->key, y->key, x->klen < y->klen ? x->klen : y->klen);
	return c ? c : (x->klen > y->klen) - (x->klen < y->klen);
}

post_list **post_hold_sorted(post_hold *h, size_t *n)
{
	post_list **v = xcalloc(h->nkeys + 1, sizeof *v);
	*n = 0;
	for (size_t i = 0; i < h->cap; i++)
		if (h->slot[i].key)
			v[(*n)++] = &h->slot[i];
	qsort(v, *n, sizeof *v, by_key);
	return v;
}

void post_hold_free(post_hold *h)
{
	for (size_t i = 0; i < h->cap; i++) {
		free(h->slot[i].key);
		free(h->slot[i].ids);
	}
	free(h->slot);
	memset(h, 0, sizeof *h);
}
