/* SPDX-License-Identifier: MIT */
/* write.c - the one path by which records change (see write.h). Counter
 * changes are summed in memory during the batch and written once at the
 * end, so an import of a million rows touches each counter once. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/write.h"
#include "store/keys.h"
#include "core/rollup.h"
#include "gridcase/calendar.h"

size_t record_key(const gc_ctx *ctx, uint32_t node_id, uint64_t id, unsigned char *out)
{
	const gc_node *n = core_node(ctx, node_id);
	return key_record(out, n ? n->path : NULL, ctx->st->depth, id);
}

int wb_begin(wbatch *wb, gc_ctx *ctx, MDB_txn *txn)
{
	memset(wb, 0, sizeof *wb);
	wb->ctx = ctx;
	wb->txn = txn;
	buf_init(&wb->key);
	buf_init(&wb->val);
	post_set_init(&wb->post_new);
	post_set_init(&wb->post_old);
	int rc = meta_get_u64(ctx->st, txn, "seq", &wb->seq);
	if (!rc)
		rc = meta_get_u64(ctx->st, txn, "next_id", &wb->next_id);
	/* The highest stored id: new records above it go to the end of the id
	 * and history tables, where MDB_APPEND skips the search. */
	MDB_cursor *cur;
	MDB_val k, d;
	if (!rc && (rc = mdb_cursor_open(txn, ctx->st->dbi[TBL_REC_ID], &cur)) == 0) {
		if (mdb_cursor_get(cur, &k, &d, MDB_LAST) == 0 && k.mv_size == 8)
			wb->max_id = get_be64(k.mv_data);
		mdb_cursor_close(cur);
	}
	/* A file written before the ceiling may hold an id near 2^64 and a
	 * counter that wrapped past it: never hand out an id at or below a
	 * stored one (number() then refuses, as the counter is too high). */
	if (!rc && wb->next_id <= wb->max_id)
		wb->next_id = wb->max_id < UINT64_MAX ? wb->max_id + 1 : UINT64_MAX;
	return rc;
}

/* Count a record in its own node only; counts_roll_up adds the ancestors
 * once per distinct key instead of once per record. */
void count_state(const gc_ctx *ctx, cmap *m, uint32_t node_id, const char *form, const char *state, int64_t d)
{
	unsigned char key[KEY_MAX];
	if (!core_node(ctx, node_id))
		return;
	cmap_add(m, key, key_count(key, node_id, form, state), d);
}

void counts_roll_up(const gc_ctx *ctx, cmap *m)
{
	cmap up;
	memset(&up, 0, sizeof up);
	for (size_t i = 0; i < m->cap; i++) {
		counter_delta *c = &m->slots[i];
		if (!c->key || c->delta == 0)
			continue;
		for (const gc_node *n = core_node(ctx, get_be32(c->key)); n; n = core_node(ctx, n->parent)) {
			put_be32(c->key, n->id);
			cmap_add(&up, c->key, c->klen, c->delta);
		}
	}
	cmap_free(m);
	*m = up;
}

static int due_indexed(const gc_ctx *ctx, const char *form, const char *state, int64_t due)
{
	return due != 0 && core_is_open(ctx, form, state);
}

/* The table behind each of the batch's cursors (WB_*). */
static const int wb_tables[WB_NCURSORS] = {
	TBL_REC_ID, TBL_RECORDS, TBL_HISTORY, TBL_FEED, TBL_OPEN_DUE, TBL_POST, TBL_POST_DUE,
};

static MDB_dbi table_of(const gc_store *st, int which)
{
	return store_dbi(st, wb_tables[which]);
}

int wb_cursor(wbatch *wb, int which, MDB_cursor **out)
{
	int rc = 0;
	if (!wb->cur[which])
		rc = mdb_cursor_open(wb->txn, table_of(wb->ctx->st, which), &wb->cur[which]);
	*out = wb->cur[which];
	return rc;
}

static int put(wbatch *wb, int which, const void *k, size_t kl, const void *v, size_t vl, unsigned flags)
{
	MDB_val key = { kl, (void *)k }, val = { vl, (void *)v };
	MDB_cursor *cur;
	int rc = wb_cursor(wb, which, &cur);
	return rc ? rc : mdb_cursor_put(cur, &key, &val, flags);
}

int wb_stage_write(wbatch *wb, rec_stage *s, size_t max)
{
	MDB_cursor *cur;
	int rc = wb_cursor(wb, s->table, &cur);
	if (rc || !wb->release_map)
		return rc ? rc : stage_write(cur, s, max);
	/* A bulk writer's records go in all over the table: the map's pages
	 * read on the way let go of every so many. */
	for (size_t done = 0; !rc && done < max && stage_left(s); done += WB_RELEASE_EVERY) {
		rc = stage_write(cur, s, max - done < WB_RELEASE_EVERY ? max - done : WB_RELEASE_EVERY);
		store_release_map(wb->ctx->st);
	}
	return rc;
}

static void close_cursors(wbatch *wb)
{
	for (int i = 0; i < WB_NCURSORS; i++)
		if (wb->cur[i]) {
			mdb_cursor_close(wb->cur[i]);
			wb->cur[i] = NULL;
		}
}

int wb_put_history_value(wbatch *wb, uint64_t id, uint32_t version, const void *blob, size_t len)
{
	unsigned char k[12];
	key_history(k, id, version);
	/* Above every stored id nothing of this record's history exists yet. */
	return put(wb, WB_HISTORY, k, 12, blob, len, id > wb->max_id ? MDB_APPEND : MDB_NOOVERWRITE);
}

/* ---- buckets of the stage (stage.h): key order of nodes ---- */

static int by_path(const void *a, const void *b, void *arg)
{
	const gc_ctx *ctx = arg;
	return memcmp(ctx->nodes[*(const uint32_t *)a].path, ctx->nodes[*(const uint32_t *)b].path,
		      4 * (size_t)ctx->st->depth);
}

void bulk_order_init(bulk_order *o, const gc_ctx *ctx)
{
	uint32_t *ids = xcalloc(ctx->nnodes + 1, sizeof *ids);
	size_t n = 0;
	for (uint32_t id = 1; id < ctx->nnodes; id++)
		if (core_node(ctx, id))
			ids[n++] = id;
	qsort_r(ids, n, sizeof *ids, by_path, (void *)ctx);
	o->nnodes = ctx->nnodes + 1;
	o->node_rank = xcalloc(o->nnodes, sizeof *o->node_rank);
	for (size_t i = 0; i < n; i++)
		o->node_rank[ids[i]] = (uint32_t)i;
	free(ids);
}

void bulk_order_free(bulk_order *o)
{
	free(o->node_rank);
	memset(o, 0, sizeof *o);
}

static size_t node_bucket(const wbatch *wb, uint32_t node_id)
{
	return node_id < wb->order->nnodes ? wb->order->node_rank[node_id] : 0;
}

static int del(wbatch *wb, int which, const void *k, size_t kl)
{
	MDB_val key = { kl, (void *)k };
	int rc = mdb_del(wb->txn, table_of(wb->ctx->st, which), &key, NULL);
	return rc == MDB_NOTFOUND ? 0 : rc;
}

static int del_dup(wbatch *wb, int which, const void *k, size_t kl, const void *v, size_t vl)
{
	MDB_val key = { kl, (void *)k }, val = { vl, (void *)v };
	int rc = mdb_del(wb->txn, table_of(wb->ctx->st, which), &key, &val);
	return rc == MDB_NOTFOUND ? 0 : rc;
}

static int put_dup(wbatch *wb, int which, const void *k, size_t kl, const void *v, size_t vl)
{
	int rc = put(wb, which, k, kl, v, vl, 0);
	return rc == MDB_KEYEXIST ? 0 : rc;
}

/* A new record's id goes at the end of each list (ids only grow): said so,
 * LMDB fills the list's last page instead of splitting it in half. An id
 * below a list's last (an import with its own ids) goes in its place. */
static int append_dup(wbatch *wb, const void *k, size_t kl, const void *v)
{
	int rc = put(wb, WB_POST, k, kl, v, 8, MDB_APPENDDUP);
	return rc == MDB_KEYEXIST ? put_dup(wb, WB_POST, k, kl, v, 8) : rc;
}

#define POST_HOLD 4000000   /* held postings written at once: about 40 MB */

int wb_put_lists(wbatch *wb, post_list *const *v, size_t n)
{
	MDB_cursor *cur;
	int rc = wb_cursor(wb, WB_POST, &cur);
	for (size_t i = 0; i < n && !rc; i++) {
		if (!v[i]->n)
			continue;
		MDB_val key = { v[i]->klen, v[i]->key }, data[2] = { { 8, v[i]->ids }, { v[i]->n, NULL } };
		rc = mdb_cursor_put(cur, &key, data, MDB_MULTIPLE | MDB_APPENDDUP);
		if (rc == MDB_KEYEXIST) {   /* ids below a list's last: each in its place, all of them */
			rc = 0;
			for (size_t k = 0; !rc && k < v[i]->n; k++)
				rc = put_dup(wb, WB_POST, v[i]->key, v[i]->klen, v[i]->ids + 8 * k, 8);
		}
		if (wb->release_map && i % WB_RELEASE_EVERY == WB_RELEASE_EVERY - 1)
			store_release_map(wb->ctx->st);
	}
	return rc;
}

/* Put the held postings, a key at a time in key order, each key's ids in
 * one request: each list's last page is filled once, not at random. */
static int put_held(wbatch *wb)
{
	size_t n;
	post_list **v = post_hold_sorted(&wb->held, &n);
	int rc = wb_put_lists(wb, v, n);
	free(v);
	post_hold_free(&wb->held);
	return rc;
}

/* The postings (postings.h): what the record's old version had and the
 * new one lacks goes, what the new one has and the old lacked comes; an
 * edit of a field no posting names writes none. */
static int post_write(wbatch *wb, const void *blob, size_t len)
{
	post_set *nw = &wb->post_new, *old = wb->has_old ? &wb->post_old : NULL;
	int rc = 0;
	wb->has_old = 0;
	if (post_set_of_blob(wb->ctx, blob, len, nw))
		return 0;
	for (size_t i = 0; old && i < old->n && !rc; i++)
		if (!post_set_has(nw, (unsigned char *)old->b.p + old->off[i], old->len[i]))
			rc = del_dup(wb, WB_POST, old->b.p + old->off[i], old->len[i], old->id_val, 8);
	if (wb->stage && !old) {
		for (size_t i = 0; i < nw->n; i++)
			post_hold_add(&wb->held, (unsigned char *)nw->b.p + nw->off[i], nw->len[i], nw->id_val);
		if (wb->held.nids >= POST_HOLD)
			rc = put_held(wb);
	} else {
		for (size_t i = 0; i < nw->n && !rc; i++)
			if (!old)
				rc = append_dup(wb, nw->b.p + nw->off[i], nw->len[i], nw->id_val);
			else if (!post_set_has(old, (unsigned char *)nw->b.p + nw->off[i], nw->len[i]))
				rc = put_dup(wb, WB_POST, nw->b.p + nw->off[i], nw->len[i], nw->id_val, 8);
	}
	int same_due = old && old->has_due == nw->has_due && (!nw->has_due || (old->due_klen == nw->due_klen &&
			!memcmp(old->due_key, nw->due_key, nw->due_klen) && !memcmp(old->due_val, nw->due_val, 16)));
	if (!rc && old && old->has_due && !same_due)
		rc = del_dup(wb, WB_POST_DUE, old->due_key, old->due_klen, old->due_val, 16);
	if (!rc && nw->has_due && !same_due)
		rc = put_dup(wb, WB_POST_DUE, nw->due_key, nw->due_klen, nw->due_val, 16);
	return rc;
}

/* Remove what the indexes and counters hold for a record's old version. */
static int unindex(wbatch *wb, const gc_record *old)
{
	unsigned char k[KEY_MAX];
	int rc;
	if (due_indexed(wb->ctx, old->form, old->state, old->due) && (rc = del(wb, WB_DUE, k, key_due(k, old->due, old->id))))
		return rc;
	count_state(wb->ctx, &wb->deltas, old->node_id, old->form, old->state, -1);
	return 0;
}

void wb_due_value(const gc_ctx *ctx, gc_buf *out, uint32_t node_id, const char *form, const void *blob, size_t len)
{
	unsigned char node_be[4];
	buf_reset(out);
	buf_add(out, node_be, key_node(node_be, node_id));
	buf_adds(out, form);
	const gc_form *f = config_form(ctx->cfg, form);
	rec_view v;
	if (!f || rec_peek(blob, len, &v))
		return;   /* the short value: readers read the record */
	unsigned char day[5] = { 0 };
	put_be32(day + 1, (uint32_t)day_of(v.created));
	size_t catlen;
	const char *cat = roll_category(f, &v, &catlen);
	buf_add(out, day, 5);
	buf_add(out, cat, catlen);
}

/* Store an encoded record (its seq already in place) and index it; for a
 * new record also its id entry. */
static int store(wbatch *wb, const rec_meta *m, int is_new, int append, const void *blob, size_t len)
{
	unsigned char k[KEY_MAX], node_be[4], idk[8];
	int rc;
	key_node(node_be, m->node_id);
	key_id(idk, m->id);
	if (is_new && (rc = put(wb, WB_REC_ID, idk, 8, node_be, 4, append ? MDB_APPEND : MDB_NOOVERWRITE))) {
		if (rc == MDB_KEYEXIST)
			core_fail(wb->ctx, GC_EDATA, "record %llu already exists", (unsigned long long)m->id);
		return rc == MDB_KEYEXIST ? STORE_ABORT : rc;
	}
	size_t kl = record_key(wb->ctx, m->node_id, m->id, k);
	if (wb->stage && is_new) {
		stage_add(wb->stage, node_bucket(wb, m->node_id), m->id, k, kl, blob, len);
		if (wb->flush_at && wb->stage->n >= wb->flush_at) {
			if ((rc = wb_stage_write(wb, wb->stage, SIZE_MAX)))
				return rc;
			stage_clear(wb->stage);
		}
	} else if ((rc = put(wb, WB_RECORDS, k, kl, blob, len, 0))) {
		return rc;
	}
	if (due_indexed(wb->ctx, m->form, m->state, m->due)) {
		/* The value carries the form, created day and category so overdue
		 * counts need no record reads. */
		key_due(k, m->due, m->id);
		wb_due_value(wb->ctx, &wb->key, m->node_id, m->form, blob, len);
		if ((rc = put(wb, WB_DUE, k, 16, wb->key.p, wb->key.len, 0)))
			return rc;
	}
	if ((rc = post_write(wb, blob, len)))
		return rc;
	count_state(wb->ctx, &wb->deltas, m->node_id, m->form, m->state, +1);
	roll_record(wb->ctx, &wb->roll, blob, len, +1);
	return 0;
}

/* The change feed entry; sequence numbers only grow, so it is appended. */
static int feed(wbatch *wb, const rec_meta *m)
{
	unsigned char fk[8], fv[12];
	key_seq(fk, m->seq);
	key_history(fv, m->id, m->version);   /* the value has the history key's layout */
	return put(wb, WB_FEED, fk, 8, fv, 12, MDB_APPEND);
}

/* Give a new record its id (when it has none) and any record its change
 * number. New ids stay below GC_ID_CEILING, so the counter cannot wrap.
 * Returns -1 (reported) when no id is left, else whether the id lies above
 * every stored one (its entries can be appended). */
static int number(wbatch *wb, uint64_t *id, uint64_t *seq, int is_new)
{
	if (is_new) {
		if (*id == 0)
			*id = wb->next_id;
		if (*id >= GC_ID_CEILING) {
			if (*id == wb->next_id)
				core_fail(wb->ctx, GC_EIO, "no record id is left: the largest, %llu (ids stay below 2^53), is taken",
					  GC_ID_CEILING - 1);
			else
				core_fail(wb->ctx, GC_EDATA, "record id %llu is not below %llu (2^53)", (unsigned long long)*id,
					  GC_ID_CEILING);
			return -1;
		}
		if (*id >= wb->next_id)
			wb->next_id = *id + 1;
	}
	int append = is_new && *id > wb->max_id;
	if (append)
		wb->max_id = *id;
	*seq = ++wb->seq;
	return append;
}

int wb_put(wbatch *wb, const gc_record *old, gc_record *rec, const gc_hist *h)
{
	int rc, append = number(wb, &rec->id, &rec->seq, !old);
	if (append < 0)
		return STORE_ABORT;
	rec_meta m = { rec->id, rec->seq, rec->version, rec->node_id, rec->due, rec->form, rec->state, rec->assignee };
	if (old && (rc = unindex(wb, old)))
		return rc;
	buf_reset(&wb->val);
	if (old) {   /* the postings of the stored version, to write only what changes */
		rec_encode(old, &wb->val);
		wb->has_old = post_set_of_blob(wb->ctx, wb->val.p, wb->val.len, &wb->post_old) == 0;
		roll_record(wb->ctx, &wb->roll, wb->val.p, wb->val.len, -1);
		buf_reset(&wb->val);
	}
	rec_encode(rec, &wb->val);
	if ((rc = store(wb, &m, !old, append, wb->val.p, wb->val.len)))
		return rc;
	if (h) {
		unsigned char k[12];
		key_history(k, rec->id, rec->version);
		buf_reset(&wb->val);
		hist_encode(h, &wb->val);
		if ((rc = put(wb, WB_HISTORY, k, 12, wb->val.p, wb->val.len, append ? MDB_APPEND : MDB_NOOVERWRITE)))
			return rc;
	}
	return feed(wb, &m);
}

/* A new record's blob, encoded before its id and change number were
 * known: numbered now, renumbered and stored. *append: whether the id is
 * past the table's last (number). */
static int store_numbered(wbatch *wb, rec_meta *m, const void *blob, size_t len, int *append)
{
	if ((*append = number(wb, &m->id, &m->seq, 1)) < 0)
		return STORE_ABORT;
	if (rec_renumber(blob, len, m->id, m->seq, &wb->val))
		return STORE_CORRUPTED;
	return store(wb, m, 1, *append, wb->val.p, wb->val.len);
}

int wb_put_new_blob(wbatch *wb, rec_meta *m, unsigned char *blob, size_t len)
{
	int append, rc = store_numbered(wb, m, blob, len, &append);
	return rc ? rc : feed(wb, m);
}

int wb_put_kept(wbatch *wb, rec_meta *m, const void *blob, size_t len, const void *hist, size_t hlen)
{
	int append, rc = store_numbered(wb, m, blob, len, &append);
	if (rc)
		return rc;
	unsigned char k[12];
	key_history(k, m->id, m->version);
	if ((rc = put(wb, WB_HISTORY, k, 12, hist, hlen, append ? MDB_APPEND : MDB_NOOVERWRITE)))
		return rc;
	return feed(wb, m);
}

static void free_deltas(wbatch *wb)
{
	close_cursors(wb);
	cmap_free(&wb->deltas);
	cmap_free(&wb->roll);
	buf_free(&wb->key);
	buf_free(&wb->val);
	post_set_free(&wb->post_new);
	post_set_free(&wb->post_old);
	post_hold_free(&wb->held);
}

void wb_discard(wbatch *wb)
{
	free_deltas(wb);
}

/* Apply in key order (neighbouring keys share pages). */
static int by_key(const void *a, const void *b)
{
	const counter_delta *p = *(counter_delta *const *)a, *q = *(counter_delta *const *)b;
	size_t n = p->klen < q->klen ? p->klen : q->klen;
	int c = memcmp(p->key, q->key, n);
	return c ? c : (p->klen > q->klen) - (p->klen < q->klen);
}

/* Roll a map of deltas at records' own nodes up to every ancestor and add
 * it to the counts table: a counter that reaches 0 is
 * deleted. Frees m. */
static int flush_counters(gc_ctx *ctx, MDB_txn *txn, int table, cmap *m)
{
	counts_roll_up(ctx, m);
	counter_delta **v = xcalloc(m->n + 1, sizeof *v);
	size_t n = 0;
	for (size_t i = 0; i < m->cap; i++)
		if (m->slots[i].key && m->slots[i].delta)
			v[n++] = &m->slots[i];
	qsort(v, n, sizeof *v, by_key);
	MDB_dbi dbi = ctx->st->dbi[table];
	int rc = 0;
	for (size_t i = 0; i < n && !rc; i++) {
		MDB_val key = { v[i]->klen, v[i]->key }, val;
		int64_t cur = 0;
		if (mdb_get(txn, dbi, &key, &val) == 0 && val.mv_size == 8)
			cur = (int64_t)get_be64(val.mv_data);
		cur += v[i]->delta;
		if (cur <= 0) {
			rc = mdb_del(txn, dbi, &key, NULL);
			if (rc == MDB_NOTFOUND)
				rc = 0;
		} else {
			unsigned char b[8];
			put_be64(b, (uint64_t)cur);
			val.mv_size = 8;
			val.mv_data = b;
			rc = mdb_put(txn, dbi, &key, &val, 0);
		}
	}
	free(v);
	cmap_free(m);
	return rc;
}

/* ---- the rollups (rollup.h) ---- */

/* The table holds one entry per cell, its counters as (counter byte,
 * int64 BE) pairs in counter order; a cell whose counters all reach 0 is
 * deleted (roll_write). */
/* The node id a rollup key starts with (a bucket of roll_sorted). */
static uint32_t key_node_id(const counter_delta *c)
{
	return c->klen >= 4 ? get_be32(c->key) : 0;
}

#define ROLL_BUCKETS_MAX (1u << 20)   /* node ids past this: one qsort of everything */

counter_delta **roll_sorted(cmap *m, size_t *n)
{
	counter_delta **v = xcalloc(m->n + 1, sizeof *v);
	uint32_t top = 0;
	*n = 0;
	for (size_t i = 0; i < m->cap; i++)
		if (m->slots[i].key && m->slots[i].delta && m->slots[i].klen > 1) {
			v[(*n)++] = &m->slots[i];
			if (key_node_id(&m->slots[i]) > top)
				top = key_node_id(&m->slots[i]);
		}
	if (top >= ROLL_BUCKETS_MAX || *n < 64) {
		qsort(v, *n, sizeof *v, by_key);
		return v;
	}
	/* Keys start with the node id (big-endian: byte order is numeric
	 * order): put them in a bucket per node first, then sort each bucket,
	 * some hundred keys instead of the whole batch's. */
	size_t *at = xcalloc((size_t)top + 2, sizeof *at);
	counter_delta **out = xcalloc(*n + 1, sizeof *out);
	for (size_t i = 0; i < *n; i++)
		at[key_node_id(v[i]) + 1]++;
	for (uint32_t b = 1; b <= top + 1; b++)
		at[b] += at[b - 1];
	for (size_t i = 0; i < *n; i++)
		out[at[key_node_id(v[i])]++] = v[i];
	for (size_t b = 0, from = 0; b <= top; from = at[b++])
		if (at[b] - from > 1)
			qsort(out + from, at[b] - from, sizeof *out, by_key);
	free(at);
	free(v);
	return out;
}

/* One cursor for the cells, which come in key order: LMDB looks on the
 * cursor's page before searching from the root. */
int roll_write(gc_ctx *ctx, MDB_txn *txn, counter_delta *const *v, size_t from, size_t n, size_t cells,
	       size_t *end, int release_map)
{
	MDB_cursor *cur = NULL;
	int rc = mdb_cursor_open(txn, ctx->st->dbi[TBL_ROLL], &cur);
	int64_t cnt[256];
	unsigned char out[256 * ROLL_PAIR];
	size_t i = from;
	for (size_t done = 0; i < n && done < cells && !rc; done++) {
		size_t cl = v[i]->klen - 1, j = i;
		MDB_val key = { cl, v[i]->key }, val;
		memset(cnt, 0, sizeof cnt);
		int found = mdb_cursor_get(cur, &key, &val, MDB_SET_KEY) == 0;
		for (size_t o = 0; found && o + ROLL_PAIR <= val.mv_size; o += ROLL_PAIR)
			cnt[((unsigned char *)val.mv_data)[o]] += (int64_t)get_be64((unsigned char *)val.mv_data + o + 1);
		for (; j < n && v[j]->klen - 1 == cl && !memcmp(v[j]->key, v[i]->key, cl); j++)
			cnt[v[j]->key[cl]] += v[j]->delta;
		size_t w = 0;
		for (int c = 0; c < 256; c++)
			if (cnt[c]) {
				out[w] = (unsigned char)c;
				put_be64(out + w + 1, (uint64_t)cnt[c]);
				w += ROLL_PAIR;
			}
		if (!w) {
			rc = found ? mdb_cursor_del(cur, 0) : 0;
		} else {
			key = (MDB_val){ cl, v[i]->key };
			val = (MDB_val){ w, out };
			rc = mdb_cursor_put(cur, &key, &val, found ? MDB_CURRENT : 0);
		}
		if (release_map && i / WB_RELEASE_EVERY != j / WB_RELEASE_EVERY)
			store_release_map(ctx->st);
		i = j;
	}
	if (cur)
		mdb_cursor_close(cur);
	if (end)
		*end = i;
	return rc;
}

/* m's deltas moved to each node's parent (those of a root dropped). */
static void roll_parents(const gc_ctx *ctx, const cmap *m, cmap *parents)
{
	unsigned char k[KEY_MAX];
	for (size_t i = 0; i < m->cap; i++) {
		const counter_delta *c = &m->slots[i];
		const gc_node *n = c->key && c->delta && c->klen <= KEY_MAX ? core_node(ctx, get_be32(c->key)) : NULL;
		if (!n || !n->parent)
			continue;
		memcpy(k, c->key, c->klen);
		put_be32(k, n->parent);
		cmap_add(parents, k, c->klen, c->delta);
	}
}

int roll_flush(gc_ctx *ctx, MDB_txn *txn, cmap *m, int up, int release_map)
{
	int rc = 0;
	/* A level at a time (the records' own nodes, then their parents, and
	 * so on up): the map never holds every level's cells at once. */
	while (!rc && m->n) {
		size_t n;
		counter_delta **v = roll_sorted(m, &n);
		rc = roll_write(ctx, txn, v, 0, n, SIZE_MAX, NULL, release_map);
		free(v);
		cmap parents;
		memset(&parents, 0, sizeof parents);
		if (!rc && up)
			roll_parents(ctx, m, &parents);
		cmap_free(m);
		*m = parents;
	}
	cmap_free(m);
	return rc;
}

int wb_finish(wbatch *wb)
{
	gc_store *st = wb->ctx->st;
	int rc = wb->held.nids ? put_held(wb) : 0;
	if (!rc)
		rc = roll_flush(wb->ctx, wb->txn, &wb->roll, 1, wb->release_map);
	if (!rc)
		rc = flush_counters(wb->ctx, wb->txn, TBL_COUNTS, &wb->deltas);
	if (!rc)
		rc = meta_put_u64(st, wb->txn, "seq", wb->seq);
	if (!rc)
		rc = meta_put_u64(st, wb->txn, "next_id", wb->next_id);
	free_deltas(wb);
	return rc;
}

/* ---- reindex: the postings built again from the records ---- */

typedef struct reindex {
	gc_ctx *ctx;
	uint64_t records;
} reindex;

/* A record's due index entry written again (with the created day and
 * category an older file's values lack). */
static int reindex_due(wbatch *wb, const void *blob, size_t len, const unsigned char *key)
{
	rec_view v;
	char form[256];
	if (rec_peek(blob, len, &v))
		return 0;
	snprintf(form, sizeof form, "%.*s", (int)v.form_n, v.form);
	wb_due_value(wb->ctx, &wb->key, v.node_id, form, blob, len);
	return put(wb, WB_DUE, key, 16, wb->key.p, wb->key.len, 0);
}

static int reindex_fn(MDB_txn *txn, void *arg)
{
	reindex *ri = arg;
	gc_store *st = ri->ctx->st;
	wbatch wb;
	MDB_cursor *ids;
	MDB_val k, d;
	int rc = wb_begin(&wb, ri->ctx, txn);
	ri->records = 0;
	if (!rc)
		rc = mdb_drop(txn, st->dbi[TBL_POST], 0);
	if (!rc)
		rc = mdb_drop(txn, st->dbi[TBL_POST_DUE], 0);
	if (!rc)
		rc = mdb_drop(txn, st->dbi[TBL_ROLL], 0);
	if (!rc)
		rc = mdb_drop(txn, st->dbi[TBL_OPEN_DUE], 0);
	if (!rc)
		rc = mdb_cursor_open(txn, st->dbi[TBL_REC_ID], &ids);
	if (rc) {
		wb_discard(&wb);
		return rc;
	}
	/* In id order, so each list's ids come in order and are appended. */
	for (int r = mdb_cursor_get(ids, &k, &d, MDB_FIRST); !rc && r == 0; r = mdb_cursor_get(ids, &k, &d, MDB_NEXT)) {
		unsigned char key[KEY_MAX];
		store_item rec;
		if (k.mv_size != 8 || d.mv_size != 4 ||
		    store_get(st, txn, TBL_RECORDS, key, record_key(ri->ctx, get_be32(d.mv_data), get_be64(k.mv_data), key),
			      &rec))
			continue;   /* verify names what is missing */
		roll_record(ri->ctx, &wb.roll, rec.val, rec.vlen, +1);
		post_set *ps = &wb.post_new;
		if (post_set_of_blob(ri->ctx, rec.val, rec.vlen, ps))
			continue;
		for (size_t i = 0; i < ps->n; i++)
			post_hold_add(&wb.held, (unsigned char *)ps->b.p + ps->off[i], ps->len[i], ps->id_val);
		if (ps->has_due)
			rc = put_dup(&wb, WB_POST_DUE, ps->due_key, ps->due_klen, ps->due_val, 16);
		if (!rc && ps->has_due)   /* the due index's key is the (due, id) pair too */
			rc = reindex_due(&wb, rec.val, rec.vlen, ps->due_val);
		if (!rc && wb.held.nids >= POST_HOLD)
			rc = put_held(&wb);
		ri->records++;
	}
	mdb_cursor_close(ids);
	if (!rc && wb.held.nids)
		rc = put_held(&wb);
	if (!rc)
		rc = roll_flush(ri->ctx, txn, &wb.roll, 1, 0);
	free_deltas(&wb);
	return rc;
}

int core_reindex(gc_ctx *ctx, uint64_t *records)
{
	errs_clear(&ctx->errs);
	if (core_require_admin(ctx, "reindex"))
		return GC_EPERM;
	reindex ri = { ctx, 0 };
	gc_store *st = ctx->st;
	MDB_envinfo info;
	MDB_stat ms;
	mdb_env_info(st->env, &info);
	mdb_env_stat(st->env, &ms);
	/* The postings written again: about a third of the file. */
	store_reserve(st, ((uint64_t)info.me_last_pgno + 1) * ms.ms_psize / 2);
	if (store_write(st, reindex_fn, &ri, &ctx->errs))
		return ctx->errs.status ? ctx->errs.status : GC_EIO;
	*records = ri.records;
	return 0;
}
