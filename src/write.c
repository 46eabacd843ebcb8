/* write.c - the one path by which records change (see write.h). Counter
 * changes are summed in memory during the batch and written once at the
 * end, so an import of a million rows touches each counter once. */
#include <stdlib.h>
#include <string.h>
#include "gridcase/write.h"

size_t record_key(const gc_ctx *ctx, uint32_t node_id, uint64_t id, unsigned char *out)
{
	size_t w = 4 * (size_t)ctx->st->depth;
	const gc_node *n = core_node(ctx, node_id);
	if (n)
		memcpy(out, n->path, w);
	else
		memset(out, 0, w);
	put_be64(out + w, id);
	return w + 8;
}

int wb_begin(wbatch *wb, gc_ctx *ctx, MDB_txn *txn)
{
	memset(wb, 0, sizeof *wb);
	wb->ctx = ctx;
	wb->txn = txn;
	buf_init(&wb->key);
	buf_init(&wb->val);
	int rc = meta_get_u64(ctx->st, txn, "seq", &wb->seq);
	if (!rc)
		rc = meta_get_u64(ctx->st, txn, "next_id", &wb->next_id);
	/* The highest stored id: new records above it go to the end of the id
	 * and history tables, where MDB_APPEND skips the search. */
	MDB_cursor *cur;
	MDB_val k, d;
	if (!rc && (rc = mdb_cursor_open(txn, ctx->st->rec_id, &cur)) == 0) {
		if (mdb_cursor_get(cur, &k, &d, MDB_LAST) == 0 && k.mv_size == 8)
			wb->max_id = get_be64(k.mv_data);
		mdb_cursor_close(cur);
	}
	return rc;
}

static uint64_t hash_bytes(const unsigned char *p, size_t n)
{
	uint64_t h = 1469598103934665603ULL;
	for (size_t i = 0; i < n; i++)
		h = (h ^ p[i]) * 1099511628211ULL;
	return h;
}

counter_delta *cmap_find(const cmap *m, const unsigned char *key, size_t klen)
{
	if (!m->cap)
		return NULL;
	size_t j = hash_bytes(key, klen) & (m->cap - 1);
	while (m->slots[j].key) {
		if (m->slots[j].klen == klen && !memcmp(m->slots[j].key, key, klen))
			return &m->slots[j];
		j = (j + 1) & (m->cap - 1);
	}
	return NULL;
}

void cmap_add(cmap *m, const unsigned char *key, size_t klen, int64_t d)
{
	counter_delta *c = cmap_find(m, key, klen);
	if (c) {
		c->delta += d;
		return;
	}
	if (m->n * 2 >= m->cap) {
		size_t ncap = m->cap ? m->cap * 2 : 256;
		counter_delta *nt = xcalloc(ncap, sizeof *nt);
		for (size_t i = 0; i < m->cap; i++) {
			if (!m->slots[i].key)
				continue;
			size_t j = hash_bytes(m->slots[i].key, m->slots[i].klen) & (ncap - 1);
			while (nt[j].key)
				j = (j + 1) & (ncap - 1);
			nt[j] = m->slots[i];
		}
		free(m->slots);
		m->slots = nt;
		m->cap = ncap;
	}
	size_t j = hash_bytes(key, klen) & (m->cap - 1);
	while (m->slots[j].key)
		j = (j + 1) & (m->cap - 1);
	m->slots[j].key = xmalloc(klen);
	memcpy(m->slots[j].key, key, klen);
	m->slots[j].klen = klen;
	m->slots[j].delta = d;
	m->n++;
}

void cmap_free(cmap *m)
{
	for (size_t i = 0; i < m->cap; i++)
		free(m->slots[i].key);
	free(m->slots);
	memset(m, 0, sizeof *m);
}

/* Count a record in its node and every ancestor: the rollup invariant. */
void count_record(const gc_ctx *ctx, cmap *m, const gc_record *r, int64_t d)
{
	unsigned char key[600];
	size_t fl = strlen(r->form), sl = strlen(r->state);
	if (4 + fl + 1 + sl > sizeof key)
		return;
	memcpy(key + 4, r->form, fl);
	key[4 + fl] = 0;
	memcpy(key + 5 + fl, r->state, sl);
	for (const gc_node *n = core_node(ctx, r->node_id); n; n = core_node(ctx, n->parent)) {
		put_be32(key, n->id);
		cmap_add(m, key, 5 + fl + sl, d);
	}
}

static int due_indexed(const gc_ctx *ctx, const gc_record *r)
{
	return r->due != 0 && core_is_open(ctx, r->form, r->state);
}

static MDB_dbi table_of(const gc_store *st, int which)
{
	switch (which) {
	case WB_REC_ID: return st->rec_id;
	case WB_RECORDS: return st->records;
	case WB_HISTORY: return st->history;
	case WB_FEED: return st->feed;
	case WB_DUE: return st->open_due;
	default: return st->by_assignee;
	}
}

static int put(wbatch *wb, int which, const void *k, size_t kl, const void *v, size_t vl, unsigned flags)
{
	MDB_val key = { kl, (void *)k }, val = { vl, (void *)v };
	if (!wb->cur[which]) {
		int rc = mdb_cursor_open(wb->txn, table_of(wb->ctx->st, which), &wb->cur[which]);
		if (rc)
			return rc;
	}
	return mdb_cursor_put(wb->cur[which], &key, &val, flags);
}

static void close_cursors(wbatch *wb)
{
	for (int i = 0; i < WB_NCURSORS; i++)
		if (wb->cur[i]) {
			mdb_cursor_close(wb->cur[i]);
			wb->cur[i] = NULL;
		}
}

/* ---- bulk mode: new records held back and written in key order ---- */

static void defer_record(wbatch *wb, const unsigned char *k, size_t kl, const gc_buf *val)
{
	if (wb->npend == wb->pend_cap)
		wb->pend_at = xrealloc(wb->pend_at, (wb->pend_cap = wb->pend_cap ? wb->pend_cap * 2 : 4096) * sizeof *wb->pend_at);
	wb->pend_at[wb->npend++] = wb->pending.len;
	buf_u16(&wb->pending, (uint16_t)kl);
	buf_add(&wb->pending, k, kl);
	buf_u32(&wb->pending, (uint32_t)val->len);
	buf_add(&wb->pending, val->p, val->len);
}

static const char *sort_base;
static int cmp_pending(const void *a, const void *b)
{
	const unsigned char *x = (const unsigned char *)sort_base + *(const size_t *)a;
	const unsigned char *y = (const unsigned char *)sort_base + *(const size_t *)b;
	size_t xl = (size_t)(x[0] << 8 | x[1]), yl = (size_t)(y[0] << 8 | y[1]);
	int c = memcmp(x + 2, y + 2, xl < yl ? xl : yl);
	return c ? c : (xl > yl) - (xl < yl);
}

static int flush_records(wbatch *wb)
{
	int rc = 0;
	sort_base = wb->pending.p;
	if (wb->npend)
		qsort(wb->pend_at, wb->npend, sizeof *wb->pend_at, cmp_pending);
	for (size_t i = 0; i < wb->npend && !rc; i++) {
		const unsigned char *p = (const unsigned char *)wb->pending.p + wb->pend_at[i];
		size_t kl = (size_t)(p[0] << 8 | p[1]);
		size_t vl = get_be32(p + 2 + kl);
		rc = put(wb, WB_RECORDS, p + 2, kl, p + 6 + kl, vl, 0);
	}
	wb->npend = 0;
	buf_reset(&wb->pending);
	return rc;
}

int wb_put_history(wbatch *wb, uint64_t id, uint32_t version, const gc_hist *h)
{
	unsigned char k[12];
	put_be64(k, id);
	put_be32(k + 8, version);
	buf_reset(&wb->val);
	hist_encode(h, &wb->val);
	/* Above every stored id nothing of this record's history exists yet. */
	return put(wb, WB_HISTORY, k, 12, wb->val.p, wb->val.len, id > wb->max_id ? MDB_APPEND : MDB_NOOVERWRITE);
}

static int del(wbatch *wb, int which, const void *k, size_t kl)
{
	MDB_val key = { kl, (void *)k };
	int rc = mdb_del(wb->txn, table_of(wb->ctx->st, which), &key, NULL);
	return rc == MDB_NOTFOUND ? 0 : rc;
}

static void assignee_key(gc_buf *b, const char *login, uint64_t id)
{
	buf_reset(b);
	buf_adds(b, login);
	buf_addc(b, 0);
	buf_u64(b, id);
}

int wb_put(wbatch *wb, const gc_record *old, gc_record *rec, const gc_hist *h)
{
	unsigned char k[4 * GC_MAX_DEPTH + 16], node_be[4], idk[16];
	int rc;
	if (rec->id == 0)
		rec->id = wb->next_id;
	if (rec->id >= wb->next_id)
		wb->next_id = rec->id + 1;
	int append = !old && rec->id > wb->max_id;
	if (append)
		wb->max_id = rec->id;
	rec->seq = ++wb->seq;
	put_be32(node_be, rec->node_id);
	put_be64(idk, rec->id);

	if (old) {
		if (due_indexed(wb->ctx, old)) {
			put_be64(k, (uint64_t)old->due);
			put_be64(k + 8, old->id);
			if ((rc = del(wb, WB_DUE, k, 16)))
				return rc;
		}
		if (*old->assignee) {
			assignee_key(&wb->key, old->assignee, old->id);
			if ((rc = del(wb, WB_ASSIGNEE, wb->key.p, wb->key.len)))
				return rc;
		}
		count_record(wb->ctx, &wb->deltas, old, -1);
	} else {
		if ((rc = put(wb, WB_REC_ID, idk, 8, node_be, 4, append ? MDB_APPEND : MDB_NOOVERWRITE))) {
			if (rc == MDB_KEYEXIST)
				core_fail(wb->ctx, GC_EDATA, "record %llu already exists", (unsigned long long)rec->id);
			return rc == MDB_KEYEXIST ? STORE_ABORT : rc;
		}
	}
	buf_reset(&wb->val);
	rec_encode(rec, &wb->val);
	size_t kl = record_key(wb->ctx, rec->node_id, rec->id, k);
	if (wb->bulk && !old) {
		defer_record(wb, k, kl, &wb->val);
		if (wb->npend >= 200000 && (rc = flush_records(wb)))
			return rc;
	} else if ((rc = put(wb, WB_RECORDS, k, kl, wb->val.p, wb->val.len, 0))) {
		return rc;
	}
	if (due_indexed(wb->ctx, rec)) {
		/* The value carries the form so overdue counts need no record reads. */
		put_be64(k, (uint64_t)rec->due);
		put_be64(k + 8, rec->id);
		buf_reset(&wb->key);
		buf_add(&wb->key, node_be, 4);
		buf_adds(&wb->key, rec->form);
		if ((rc = put(wb, WB_DUE, k, 16, wb->key.p, wb->key.len, 0)))
			return rc;
	}
	if (*rec->assignee) {
		assignee_key(&wb->key, rec->assignee, rec->id);
		if ((rc = put(wb, WB_ASSIGNEE, wb->key.p, wb->key.len, node_be, 4, 0)))
			return rc;
	}
	count_record(wb->ctx, &wb->deltas, rec, +1);

	if (h) {
		put_be64(k, rec->id);
		put_be32(k + 8, rec->version);
		buf_reset(&wb->val);
		hist_encode(h, &wb->val);
		if ((rc = put(wb, WB_HISTORY, k, 12, wb->val.p, wb->val.len, append ? MDB_APPEND : MDB_NOOVERWRITE)))
			return rc;
	}
	unsigned char fk[8], fv[12];
	put_be64(fk, rec->seq);
	put_be64(fv, rec->id);
	put_be32(fv + 8, rec->version);
	/* Sequence numbers only grow, so the feed is always appended. */
	return put(wb, WB_FEED, fk, 8, fv, 12, MDB_APPEND);
}

static void free_deltas(wbatch *wb)
{
	close_cursors(wb);
	buf_free(&wb->pending);
	free(wb->pend_at);
	wb->pend_at = NULL;
	wb->npend = wb->pend_cap = 0;
	cmap_free(&wb->deltas);
	buf_free(&wb->key);
	buf_free(&wb->val);
}

void wb_discard(wbatch *wb)
{
	free_deltas(wb);
}

int wb_finish(wbatch *wb)
{
	gc_store *st = wb->ctx->st;
	int rc = flush_records(wb);
	for (size_t i = 0; i < wb->deltas.cap && !rc; i++) {
		counter_delta *c = &wb->deltas.slots[i];
		if (!c->key || c->delta == 0)
			continue;
		MDB_val key = { c->klen, c->key }, val;
		int64_t cur = 0;
		if (mdb_get(wb->txn, st->counts, &key, &val) == 0 && val.mv_size == 8)
			cur = (int64_t)get_be64(val.mv_data);
		cur += c->delta;
		if (cur <= 0) {
			rc = mdb_del(wb->txn, st->counts, &key, NULL);
			if (rc == MDB_NOTFOUND)
				rc = 0;
		} else {
			unsigned char b[8];
			put_be64(b, (uint64_t)cur);
			val.mv_size = 8;
			val.mv_data = b;
			rc = mdb_put(wb->txn, st->counts, &key, &val, 0);
		}
	}
	if (!rc)
		rc = meta_put_u64(st, wb->txn, "seq", wb->seq);
	if (!rc)
		rc = meta_put_u64(st, wb->txn, "next_id", wb->next_id);
	free_deltas(wb);
	return rc;
}
