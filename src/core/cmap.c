/* SPDX-License-Identifier: MIT */
/* cmap.c - the hash map of counter and rollup deltas (write.h): a batch's
 * changes summed per key in memory and written once. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "core/write.h"

/* The high half folded in: slots are taken by the low bits. */
static uint64_t key_hash(const unsigned char *p, size_t n)
{
	uint64_t h = hash_bytes(p, n);
	return h ^ (h >> 32);
}

/* The slot of key: its own, or the empty one where it would go. */
static counter_delta *slot_of(const cmap *m, const unsigned char *key, size_t klen, uint64_t h)
{
	size_t j = h & (m->cap - 1);
	while (m->slots[j].key && (m->slots[j].hash != h || m->slots[j].klen != klen || memcmp(m->slots[j].key, key, klen)))
		j = (j + 1) & (m->cap - 1);
	return &m->slots[j];
}

counter_delta *cmap_find(const cmap *m, const unsigned char *key, size_t klen)
{
	if (!m->cap)
		return NULL;
	counter_delta *c = slot_of(m, key, klen, key_hash(key, klen));
	return c->key ? c : NULL;
}

static unsigned char *key_copy(cmap *m, const unsigned char *key, size_t klen)
{
	return memcpy(arena_bytes(&m->keys, klen), key, klen);
}

void cmap_add(cmap *m, const unsigned char *key, size_t klen, int64_t d)
{
	uint64_t h = key_hash(key, klen);
	if (m->n * 2 >= m->cap) {
		size_t ncap = m->cap ? m->cap * 2 : 256;
		cmap bigger = { xcalloc(ncap, sizeof *bigger.slots), m->n, ncap, m->keys };
		for (size_t i = 0; i < m->cap; i++)
			if (m->slots[i].key)
				*slot_of(&bigger, m->slots[i].key, m->slots[i].klen, m->slots[i].hash) = m->slots[i];
		free(m->slots);
		*m = bigger;
	}
	counter_delta *c = slot_of(m, key, klen, h);
	if (c->key) {
		c->delta += d;
		return;
	}
	*c = (counter_delta){ key_copy(m, key, klen), klen, d, h };
	m->n++;
}

void cmap_free(cmap *m)
{
	arena_free(&m->keys);
	free(m->slots);
	memset(m, 0, sizeof *m);
}
