/* SPDX-License-Identifier: MIT */
/* stage.c - records held back and written in key order (see stage.h). */
#include <stdlib.h>
#include <string.h>
#include "gridcase/util.h"
#include "core/stage.h"

#define BLOCK_MIN 4096           /* a node with few records costs little */
#define BLOCK_MAX (1u << 16)   /* a bucket's last block, half empty on average, costs little */

void stage_init(rec_stage *s, int table, size_t nbuckets)
{
	memset(s, 0, sizeof *s);
	s->table = table;
	s->nbuckets = nbuckets;
	s->bucket = xcalloc(nbuckets + 1, sizeof *s->bucket);
}

static size_t entry_size(const unsigned char *p)
{
	size_t kl = (size_t)(p[0] << 8 | p[1]);
	return 6 + kl + get_be32(p + 2 + kl);
}

static uint64_t entry_id(const unsigned char *p)
{
	size_t kl = (size_t)(p[0] << 8 | p[1]);
	return kl >= 8 ? get_be64(p + 2 + kl - 8) : 0;
}

void stage_add(rec_stage *s, size_t bucket, uint64_t id, const void *key, size_t klen, const void *val, size_t vlen)
{
	stage_bucket *b = &s->bucket[bucket < s->nbuckets ? bucket : 0];
	size_t need = 6 + klen + vlen;
	if (!b->last || b->last->used + need > b->last->cap) {
		size_t cap = b->last ? 2 * b->last->cap : BLOCK_MIN;
		if (cap > BLOCK_MAX)
			cap = BLOCK_MAX;
		if (cap < need)
			cap = need;
		stage_block *blk = xmalloc(sizeof *blk + cap);
		blk->next = NULL;
		blk->used = 0;
		blk->cap = cap;
		if (b->last)
			b->last->next = blk;
		else
			b->first = blk;
		b->last = blk;
	}
	unsigned char *q = b->last->data + b->last->used;
	q[0] = (unsigned char)(klen >> 8);
	q[1] = (unsigned char)klen;
	memcpy(q + 2, key, klen);
	put_be32(q + 2 + klen, (uint32_t)vlen);
	memcpy(q + 6 + klen, val, vlen);
	b->last->used += need;
	if (b->n++ && id <= b->last_id)
		b->unordered = 1;
	b->last_id = id;
	s->n++;
	s->bytes += need;
}

/* ---- marks ---- */

struct stage_mark {
	size_t n, bytes, nb;
	struct bucket_mark {
		stage_block *last;
		size_t used, n;
		uint64_t last_id;
		int unordered;
	} b[];
};

stage_mark *stage_mark_take(const rec_stage *s)
{
	size_t nb = s->nbuckets;
	stage_mark *m = xmalloc(sizeof *m + nb * sizeof m->b[0]);
	m->n = s->n;
	m->bytes = s->bytes;
	m->nb = nb;
	for (size_t i = 0; i < nb; i++) {
		const stage_bucket *b = &s->bucket[i];
		m->b[i].last = b->last;
		m->b[i].used = b->last ? b->last->used : 0;
		m->b[i].n = b->n;
		m->b[i].last_id = b->last_id;
		m->b[i].unordered = b->unordered;
	}
	return m;
}

static void free_blocks(stage_block *blk)
{
	while (blk) {
		stage_block *next = blk->next;
		free(blk);
		blk = next;
	}
}

void stage_rollback(rec_stage *s, const stage_mark *m)
{
	for (size_t i = 0; i < s->nbuckets; i++) {
		stage_bucket *b = &s->bucket[i];
		const struct bucket_mark *bm = i < m->nb ? &m->b[i] : NULL;
		if (!bm || !bm->last) {   /* the bucket was empty at the mark */
			free_blocks(b->first);
			memset(b, 0, sizeof *b);
			continue;
		}
		free_blocks(bm->last->next);
		bm->last->next = NULL;
		bm->last->used = bm->used;
		b->last = bm->last;
		b->n = bm->n;
		b->last_id = bm->last_id;
		b->unordered = bm->unordered;
	}
	s->n = m->n;
	s->bytes = m->bytes;
}

void stage_mark_free(stage_mark *m)
{
	free(m);
}

/* ---- writing ---- */

size_t stage_left(const rec_stage *s)
{
	return s->n - (s->writing ? s->at.written : 0);
}

static int by_id(const void *a, const void *b)
{
	uint64_t x = entry_id(*(const unsigned char *const *)a), y = entry_id(*(const unsigned char *const *)b);
	return (x > y) - (x < y);
}

/* A bucket whose ids did not come in order (an import with ids given
 * out of order) is written through a sorted list of its entries. */
static void sort_bucket(stage_bucket *b)
{
	size_t i = 0;
	b->sorted = xmalloc((b->n + 1) * sizeof *b->sorted);
	for (const stage_block *blk = b->first; blk; blk = blk->next)
		for (size_t off = 0; off < blk->used; off += entry_size(blk->data + off))
			b->sorted[i++] = blk->data + off;
	qsort(b->sorted, i, sizeof *b->sorted, by_id);
}

/* Before the first record of the first bucket. */
static stage_pos start_pos(const rec_stage *s)
{
	stage_pos at = { 0, s->nbuckets ? s->bucket[0].first : NULL, 0, 0, 0 };
	return at;
}

static void begin_writing(rec_stage *s)
{
	for (size_t i = 0; i < s->nbuckets; i++)
		if (s->bucket[i].unordered)
			sort_bucket(&s->bucket[i]);
	s->at = start_pos(s);
	s->writing = 1;
}

/* The next record in key order, or NULL after the last. */
static const unsigned char *next_record(rec_stage *s)
{
	stage_pos *at = &s->at;
	while (at->bucket < s->nbuckets) {
		stage_bucket *b = &s->bucket[at->bucket];
		if (b->sorted && at->index < b->n)
			return b->sorted[at->index++];
		if (!b->sorted && at->block) {
			if (at->off < at->block->used) {
				const unsigned char *p = at->block->data + at->off;
				at->off += entry_size(p);
				return p;
			}
			at->block = at->block->next;
			at->off = 0;
			continue;
		}
		at->bucket++;
		at->block = at->bucket < s->nbuckets ? s->bucket[at->bucket].first : NULL;
		at->off = at->index = 0;
	}
	return NULL;
}

static int key_above(const unsigned char *k, size_t kl, const unsigned char *last, size_t ll)
{
	int c = memcmp(k, last, kl < ll ? kl : ll);
	return c > 0 || (c == 0 && kl > ll);
}

int stage_write(MDB_cursor *cur, rec_stage *s, size_t max)
{
	if (!s->n)
		return 0;
	if (!s->writing)
		begin_writing(s);
	/* A key above the table's last one is appended; the others are put in
	 * their place (the stage may hold keys of nodes already filled). */
	MDB_val k, d;
	int rc = 0;
	unsigned char last[512];   /* a longer key is put in its place */
	size_t ll = 0;
	if (!rc) {
		rc = mdb_cursor_get(cur, &k, &d, MDB_LAST);
		if (rc == 0 && k.mv_size <= sizeof last)
			memcpy(last, k.mv_data, ll = k.mv_size);
		if (rc == MDB_NOTFOUND)
			rc = 0;
	}
	const unsigned char *p;
	for (size_t done = 0; !rc && done < max && (p = next_record(s)) != NULL; done++) {
		size_t kl = (size_t)(p[0] << 8 | p[1]);
		MDB_val key = { kl, (void *)(p + 2) }, val = { get_be32(p + 2 + kl), (void *)(p + 6 + kl) };
		int append = ll == 0 || key_above(p + 2, kl, last, ll);
		rc = mdb_cursor_put(cur, &key, &val, append ? MDB_APPEND : 0);
		if (!rc && append && kl <= sizeof last)
			memcpy(last, p + 2, ll = kl);
		s->at.written++;
	}
	return rc;
}

stage_pos stage_tell(const rec_stage *s)
{
	return s->writing ? s->at : start_pos(s);
}

void stage_seek(rec_stage *s, stage_pos at)
{
	if (s->writing)
		s->at = at;
}

void stage_clear(rec_stage *s)
{
	for (size_t i = 0; i < s->nbuckets; i++) {
		free_blocks(s->bucket[i].first);
		free(s->bucket[i].sorted);
		memset(&s->bucket[i], 0, sizeof s->bucket[i]);
	}
	s->n = s->bytes = 0;
	s->writing = 0;
	memset(&s->at, 0, sizeof s->at);
}

void stage_free(rec_stage *s)
{
	stage_clear(s);
	free(s->bucket);
	memset(s, 0, sizeof *s);
}
