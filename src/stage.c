/* stage.c - records held back and written in key order (see stage.h). */
#include <stdlib.h>
#include <string.h>
#include "gridcase/stage.h"
#include "gridcase/write.h"

#define STAGE_CHUNK (16u << 20)

/* Rank every node by the order of its path, so records sort by (rank, id)
 * with integer compares instead of comparing keys. Paths order by the ids
 * of their ancestors, so children are visited in id order. */
static void rank_nodes(const gc_ctx *ctx, uint32_t id, uint32_t *rank, uint32_t *next)
{
	const gc_node *n = core_node(ctx, id);
	if (!n)
		return;
	rank[id] = (*next)++;
	uint32_t *kids = xcalloc(n->nchildren + 1, sizeof *kids);
	if (n->nchildren)
		memcpy(kids, n->children, n->nchildren * sizeof *kids);
	for (size_t i = 1; i < n->nchildren; i++)   /* insertion sort: few children */
		for (size_t j = i; j > 0 && kids[j - 1] > kids[j]; j--) {
			uint32_t t = kids[j];
			kids[j] = kids[j - 1];
			kids[j - 1] = t;
		}
	for (size_t i = 0; i < n->nchildren; i++)
		rank_nodes(ctx, kids[i], rank, next);
	free(kids);
}

static void make_ranks(rec_stage *s, const gc_ctx *ctx)
{
	uint32_t next = 0;
	s->nranks = ctx->nnodes + 1;
	s->rank = xcalloc(s->nranks, sizeof *s->rank);
	for (uint32_t id = 1; id < ctx->nnodes; id++)   /* roots in id order */
		if (core_node(ctx, id) && !ctx->nodes[id].parent)
			rank_nodes(ctx, id, s->rank, &next);
}

void stage_add(rec_stage *s, const gc_ctx *ctx, uint32_t node_id, uint64_t id,
	       const void *key, size_t klen, const void *val, size_t vlen)
{
	if (!s->rank)
		make_ranks(s, ctx);
	if (s->n == s->cap)
		s->rec = xrealloc(s->rec, (s->cap = s->cap ? s->cap * 2 : 4096) * sizeof *s->rec);
	struct staged_rec *r = &s->rec[s->n++];
	r->rank = node_id < s->nranks ? s->rank[node_id] : 0;
	r->id = id;
	size_t need = 6 + klen + vlen;
	if (!s->nchunks || s->chunk_used + need > STAGE_CHUNK) {
		s->chunk = xrealloc(s->chunk, (s->nchunks + 1) * sizeof *s->chunk);
		s->chunk[s->nchunks++] = xmalloc(need > STAGE_CHUNK ? need : STAGE_CHUNK);
		s->chunk_used = 0;
	}
	unsigned char *q = (unsigned char *)s->chunk[s->nchunks - 1] + s->chunk_used;
	r->at = q;
	q[0] = (unsigned char)(klen >> 8);
	q[1] = (unsigned char)klen;
	memcpy(q + 2, key, klen);
	put_be32(q + 2 + klen, (uint32_t)vlen);
	memcpy(q + 6 + klen, val, vlen);
	s->chunk_used += need;
	s->bytes += need;
	s->sorted = 0;
}

stage_mark stage_mark_now(const rec_stage *s)
{
	stage_mark m = { s->n, s->nchunks, s->chunk_used, s->bytes };
	return m;
}

void stage_rollback(rec_stage *s, stage_mark m)
{
	while (s->nchunks > m.nchunks)
		free(s->chunk[--s->nchunks]);
	s->n = m.n;
	s->chunk_used = m.chunk_used;
	s->bytes = m.bytes;
}

size_t stage_left(const rec_stage *s)
{
	return s->n - (s->sorted ? s->written : 0);
}

static int by_rank_id(const void *a, const void *b)
{
	const struct staged_rec *x = a, *y = b;
	if (x->rank != y->rank)
		return x->rank < y->rank ? -1 : 1;
	return (x->id > y->id) - (x->id < y->id);
}

/* Counting sort by rank keeps the order records came in, which is id
 * order for the demo and usually for an import: a run of one node is then
 * already sorted and only checked. */
static void stage_sort(rec_stage *s)
{
	size_t *start = xcalloc(s->nranks + 1, sizeof *start);
	struct staged_rec *out = xmalloc((s->n + 1) * sizeof *out);
	for (size_t i = 0; i < s->n; i++)
		start[s->rec[i].rank + 1]++;
	for (size_t r = 1; r <= s->nranks; r++)
		start[r] += start[r - 1];
	for (size_t i = 0; i < s->n; i++)
		out[start[s->rec[i].rank]++] = s->rec[i];
	free(s->rec);
	s->rec = out;
	s->cap = s->n + 1;
	for (size_t i = 0; i < s->n;) {
		size_t j = i + 1;
		int ordered = 1;
		for (; j < s->n && s->rec[j].rank == s->rec[i].rank; j++)
			ordered &= s->rec[j - 1].id < s->rec[j].id;
		if (!ordered)
			qsort(s->rec + i, j - i, sizeof *s->rec, by_rank_id);
		i = j;
	}
	free(start);
	s->sorted = 1;
	s->written = 0;
}

void stage_clear(rec_stage *s)
{
	for (size_t i = 0; i < s->nchunks; i++)
		free(s->chunk[i]);
	free(s->chunk);
	s->chunk = NULL;
	s->nchunks = s->chunk_used = s->bytes = 0;
	s->n = s->written = 0;
	s->sorted = 0;
}

static int key_above(const unsigned char *k, size_t kl, const unsigned char *last, size_t ll)
{
	int c = memcmp(k, last, kl < ll ? kl : ll);
	return c > 0 || (c == 0 && kl > ll);
}

int stage_write(wbatch *wb, rec_stage *s, size_t max)
{
	if (!s->n)
		return 0;
	if (!s->sorted)
		stage_sort(s);
	/* A key above the table's last one is appended; the others are put in
	 * their place (the stage may hold keys of nodes already filled). */
	MDB_cursor *cur;
	MDB_val k, d;
	int rc = wb_cursor(wb, WB_RECORDS, &cur);
	unsigned char last[4 * GC_MAX_DEPTH + 16];
	size_t ll = 0;
	if (!rc) {
		rc = mdb_cursor_get(cur, &k, &d, MDB_LAST);
		if (rc == 0 && k.mv_size <= sizeof last)
			memcpy(last, k.mv_data, ll = k.mv_size);
		if (rc == MDB_NOTFOUND)
			rc = 0;
	}
	size_t end = s->n - s->written > max ? s->written + max : s->n;
	for (size_t i = s->written; i < end && !rc; i++) {
		const unsigned char *p = s->rec[i].at;
		size_t kl = (size_t)(p[0] << 8 | p[1]);
		MDB_val key = { kl, (void *)(p + 2) }, val = { get_be32(p + 2 + kl), (void *)(p + 6 + kl) };
		int append = ll == 0 || key_above(p + 2, kl, last, ll);
		rc = mdb_cursor_put(cur, &key, &val, append ? MDB_APPEND : 0);
		if (!rc && append && kl <= sizeof last)
			memcpy(last, p + 2, ll = kl);
	}
	if (rc)
		return rc;
	s->written = end;
	return 0;
}

void stage_rewind(rec_stage *s, size_t written)
{
	if (s->sorted)
		s->written = written;
}

void stage_free(rec_stage *s)
{
	stage_clear(s);
	free(s->rec);
	free(s->rank);
	memset(s, 0, sizeof *s);
}
