/* SPDX-License-Identifier: MIT */
/* review.c - what each user has reviewed: (login, record) -> version. A
 * record changed after its review shows up as unreviewed again. */
#include <string.h>
#include "gridcase/core.h"
#include "core/core_int.h"
#include "store/keys.h"

void core_reviewed_many(gc_ctx *ctx, const gc_record *recs, size_t n, uint32_t *out)
{
	MDB_txn *txn;
	unsigned char k[KEY_MAX];
	store_item it;
	memset(out, 0, n * sizeof *out);
	if (store_read(ctx->st, &txn, &ctx->errs))
		return;
	for (size_t i = 0; i < n; i++)
		if (store_get(ctx->st, txn, TBL_REVIEWS, k, key_login(k, ctx->login, recs[i].id), &it) == 0 && it.vlen == 4)
			out[i] = get_be32(it.val);
	store_read_end(txn);
}

uint32_t core_reviewed(gc_ctx *ctx, uint64_t id)
{
	gc_record r;
	uint32_t v;
	rec_init(&r);
	r.id = id;
	core_reviewed_many(ctx, &r, 1, &v);
	return v;
}

typedef struct review_op {
	gc_ctx *ctx;
	uint64_t id;
	uint32_t version;
} review_op;

static int review_fn(MDB_txn *txn, void *arg)
{
	review_op *op = arg;
	gc_record r;
	unsigned char k[KEY_MAX], v[4];
	if (core_read_record(op->ctx, txn, op->id, &r))   /* scope is checked here */
		return STORE_ABORT;
	rec_free(&r);
	put_be32(v, op->version);
	return store_put(op->ctx->st, txn, TBL_REVIEWS, k, key_login(k, op->ctx->login, op->id), v, 4);
}

int review_own_write(gc_ctx *ctx, MDB_txn *txn, uint64_t id, uint32_t version)
{
	unsigned char k[KEY_MAX], v[4];
	if (!ctx->login)
		return 0;
	put_be32(v, version);
	return store_put(ctx->st, txn, TBL_REVIEWS, k, key_login(k, ctx->login, id), v, 4);
}

int core_mark_reviewed(gc_ctx *ctx, uint64_t id, uint32_t version)
{
	errs_clear(&ctx->errs);
	review_op op = { ctx, id, version };
	if (store_write(ctx->st, review_fn, &op, &ctx->errs))
		return ctx->errs.status ? ctx->errs.status : GC_EIO;
	return 0;
}

uint64_t core_change_seq(gc_ctx *ctx)
{
	MDB_txn *txn;
	uint64_t seq = 0;
	if (store_read(ctx->st, &txn, &ctx->errs) == 0) {
		meta_get_u64(ctx->st, txn, "seq", &seq);
		store_read_end(txn);
	}
	return seq;
}

int core_change_fd(gc_ctx *ctx)
{
	if (ctx->change_fd == -2)
		ctx->change_fd = store_watch(ctx->st);
	return ctx->change_fd;
}

void core_change_clear(gc_ctx *ctx)
{
	store_watch_clear(ctx->change_fd);
}

int core_my_work(gc_ctx *ctx, gc_work *out)
{
	gc_query q;
	gc_list l;
	memset(out, 0, sizeof *out);
	if (!ctx->login)
		return 0;
	/* The assignee's open records, from the postings (assignee and open). */
	memset(&q, 0, sizeof q);
	q.assignee = ctx->login;
	q.open_only = 1;
	int rc = core_list(ctx, &q, &l);
	if (rc)
		return rc;
	int64_t now = gc_now();
	out->mine = l.n;
	for (size_t i = 0; i < l.n; i++) {
		int light = core_light(ctx, &l.recs[i], now);
		out->soon += light == LIGHT_YELLOW;
		out->overdue += light == LIGHT_RED;
	}
	list_free(&l);
	return 0;
}
