/* review.c - what each user has reviewed: (login, record) -> version. A
 * record changed after its review shows up as unreviewed again. */
#include <string.h>
#include "gridcase/core.h"
#include "core/core_int.h"

static size_t review_key(const gc_ctx *ctx, uint64_t id, unsigned char *k, size_t size)
{
	size_t l = strlen(ctx->login);
	if (l + 9 > size)
		l = size - 9;
	memcpy(k, ctx->login, l);
	k[l] = 0;
	put_be64(k + l + 1, id);
	return l + 9;
}

void core_reviewed_many(gc_ctx *ctx, const gc_record *recs, size_t n, uint32_t *out)
{
	MDB_txn *txn;
	unsigned char k[128];
	memset(out, 0, n * sizeof *out);
	if (store_read(ctx->st, &txn, &ctx->errs))
		return;
	for (size_t i = 0; i < n; i++) {
		MDB_val key = { review_key(ctx, recs[i].id, k, sizeof k), k }, d;
		if (mdb_get(txn, ctx->st->reviews, &key, &d) == 0 && d.mv_size == 4)
			out[i] = get_be32(d.mv_data);
	}
	mdb_txn_abort(txn);
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
	unsigned char k[128], v[4];
	if (core_read_record(op->ctx, txn, op->id, &r))   /* scope is checked here */
		return STORE_ABORT;
	rec_free(&r);
	put_be32(v, op->version);
	MDB_val key = { review_key(op->ctx, op->id, k, sizeof k), k }, d = { 4, v };
	return mdb_put(txn, op->ctx->st->reviews, &key, &d, 0);
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
		mdb_txn_abort(txn);
	}
	return seq;
}
