/* SPDX-License-Identifier: MIT */
/* import_large.c - a file of more rows than one transaction takes
 * (GC_IMPORT_ONE_TXN): checked whole in a read transaction first, so a bad
 * row anywhere means nothing is written; then written that many rows a
 * transaction, each with meta/import saying how far the file is in, the
 * rows read and built on a thread of their own (import_pipe.c). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/import_rec.h"
#include "store/keys.h"

static int id_order(const void *a, const void *b)
{
	const struct id_line *x = a, *y = b;
	return x->id != y->id ? (x->id > y->id) - (x->id < y->id) : (x->line > y->line) - (x->line < y->line);
}

/* The id a good row of the check will get, as wb_put would give it. */
static uint64_t note_id(rec_op *op, const gc_record *rec, long line)
{
	uint64_t id = rec->id ? rec->id : op->next_id;
	if (id >= op->next_id)
		op->next_id = id + 1;
	if (!rec->id) {
		if (op->ngiven == op->givencap)
			op->given = xrealloc(op->given, (op->givencap = op->givencap ? op->givencap * 2 : 4096) *
							    sizeof *op->given);
		op->given[op->ngiven++] = (struct id_line){ id, line };
	}
	if (op->nids == op->idcap)
		op->ids = xrealloc(op->ids, (op->idcap = op->idcap ? op->idcap * 2 : 4096) * sizeof *op->ids);
	op->ids[op->nids++] = (struct id_line){ id, line };
	return id;
}

/* An id two rows give: said at the later one. */
static int ids_twice(rec_op *op)
{
	int bad = 0;
	qsort(op->ids, op->nids, sizeof *op->ids, id_order);
	for (size_t i = 1; i < op->nids; i++)
		if (op->ids[i].id == op->ids[i - 1].id) {
			core_fail(op->ctx, GC_EDATA, "%s:%ld: id: record %llu is line %ld's too", op->f->name, op->ids[i].line,
				  (unsigned long long)op->ids[i].id, op->ids[i - 1].line);
			bad = 1;
		}
	return bad;
}

/* Every row after the first `skip` checked as the write would, in a read
 * transaction: nothing is written unless the whole file is good. */
static int check_all(rec_op *op, uint64_t skip)
{
	gc_ctx *ctx = op->ctx;
	MDB_txn *txn;
	int got, bad = 0, rc;
	if (store_read(ctx->st, &txn, &ctx->errs))
		return GC_EIO;
	if ((rc = meta_get_u64(ctx->st, txn, "next_id", &op->next_id)) != 0 || op->next_id == 0)
		op->next_id = 1;
	skip_rows(op, skip);
	while ((got = next_row(op)) != 0) {
		gc_record rec;
		gc_hist h;
		rec_init(&rec);
		hist_init(&h);
		if (got < 0 || !row_good(op, txn, &rec, &h)) {
			bad = 1;
		} else {
			rec.id = note_id(op, &rec, op->f->row.line);
			keep_refs(op, &rec, op->f->row.line);
			if (!bad && op->keep.fd >= 0 && keep_add(&op->keep, &rec, &h, op->f->row.line, op->rows))
				keep_close(&op->keep);   /* a full disk: the write reads the file again */
		}
		rec_free(&rec);
		hist_free(&h);
	}
	op->file_next = op->next_id;
	if (op->keep.fd >= 0 && (bad || keep_end(&op->keep)))
		keep_close(&op->keep);
	bad |= report_strays(op);
	bad |= ids_twice(op);
	rc = bad ? 0 : check_refs(op, txn);
	store_read_end(txn);
	if (rc && rc != STORE_ABORT)
		return core_fail(ctx, GC_EIO, "%s: cannot read: %s", op->f->name, store_strerror(rc));
	return bad || rc ? GC_EDATA : 0;
}

/* The id the check gave the row at line (0 if none: the write gives one). */
static uint64_t given_id(const rec_op *op, long line)
{
	size_t lo = 0, hi = op->ngiven;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (op->given[mid].line < line)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < op->ngiven && op->given[lo].line == line ? op->given[lo].id : 0;
}

/* The pipe's thread: the next row, built without a transaction (an id
 * taken meanwhile is refused by the write). A refused row ends the pipe. */
static int produce(void *arg, row_pkt *p)
{
	rec_op *op = arg;
	int got = next_row(op);
	if (!got)
		return 0;
	rec_init(&p->rec);
	hist_init(&p->h);
	p->bad = got < 0 || !row_good(op, NULL, &p->rec, &p->h);
	if (p->bad)
		report_strays(op);
	p->line = op->f->row.line;
	if (!p->bad && !p->rec.id)
		p->rec.id = given_id(op, p->line);
	p->row = op->rows;
	return 1;
}

/* (Re)start the pipe after the first `from` rows. */
static int pipe_from(rec_op *op, uint64_t from)
{
	pipe_close(op->pipe);
	skip_rows(op, from);
	op->taken = from;
	op->pipe = pipe_open(produce, op);
	return op->pipe ? 0 : core_fail(op->wctx, GC_EIO, "%s: cannot start a thread", op->f->name);
}

/* What the pipe's thread said of a refused row, said here. */
static void take_errors(rec_op *op)
{
	for (size_t i = 0; i < op->pctx.errs.n; i++)
		core_fail(op->wctx, op->pctx.errs.status ? op->pctx.errs.status : GC_EDATA, "%s", op->pctx.errs.msg[i]);
	errs_clear(&op->pctx.errs);
}

/* Whether the mark is as this import left it: else another run is writing the file. */
static int mark_moved(rec_op *op, MDB_txn *txn)
{
	import_mark now;
	int rc = import_mark_get(op->wctx->st, txn, &now);
	if (rc && rc != MDB_NOTFOUND)
		return rc;
	int other = rc == 0 ? now.rows != op->chunk_from || now.hash != op->mark.hash : op->chunk_from != 0;
	import_mark_free(&now);
	if (other) {
		core_fail(op->wctx, GC_EUSAGE, "%s: another import of this file is writing it: left to that one", op->f->name);
		return STORE_ABORT;
	}
	return 0;
}

/* The rows read again for the write would not be the ones checked. */
static int file_changed(rec_op *op)
{
	if (!in_changed(op->f))
		return 0;
	core_fail(op->wctx, GC_EDATA, "%s: the file was changed while it was being imported: nothing of the transaction "
					"under way was written (%llu rows are in); put the file back as it was and run "
					"the same command, or give up the rest with 'gridcase import records --abandon'",
		  op->f->name, (unsigned long long)op->chunk_from);
	return 1;
}

/* The next row into the batch: the check's, kept, or built again on the
 * pipe's thread. *end at the end of the file, *bad when the row is
 * refused now (the database changed since the check). */
static int put_next(rec_op *op, wbatch *wb, int *end, int *bad)
{
	gc_ctx *ctx = op->wctx;
	size_t before = ctx->errs.n;
	int rc;
	if (op->keep.fd >= 0) {
		kept_row kr;
		int got = keep_next(&op->keep, &op->keep_at, &kr);
		if (got <= 0) {
			*end = got == 0;
			return got ? core_fail(ctx, GC_EIO, "%s: cannot read back the rows its check kept", op->f->name),
				     STORE_ABORT : 0;
		}
		op->taken = kr.row;
		op->chunk_line = kr.line;
		if ((rc = wb_put_kept(wb, &kr.m, kr.blob, kr.len, kr.hist, kr.hlen)) == STORE_ABORT)
			in_locate_errors(ctx, before, op->f->name, kr.line);
		return rc;
	}
	row_pkt *p = pipe_take(op->pipe);
	if (!p) {
		*end = 1;
		return 0;
	}
	op->taken = p->row;
	rc = 0;
	if (p->bad) {   /* the file was good: the database changed since the check */
		take_errors(op);
		*bad = 1;
	} else if ((rc = wb_put(wb, NULL, &p->rec, &p->h)) == STORE_ABORT) {
		in_locate_errors(ctx, before, op->f->name, p->line);
	}
	op->chunk_line = p->line;
	rec_free(&p->rec);
	hist_free(&p->h);
	return rc;
}

/* One transaction of up to op->txn_rows rows after op->chunk_from, with the
 * mark saying how far the file is in (cleared with the last rows). */
static int chunk_fn(MDB_txn *txn, void *arg)
{
	rec_op *op = arg;
	gc_ctx *ctx = op->wctx;
	wbatch wb;
	rec_stage stage;
	int bad = 0, rc = 0;
	errs_clear(&ctx->errs);
	if (file_changed(op))
		return STORE_ABORT;
	op->keep_at = op->keep_from;   /* (a retry after a full map reads them again) */
	if ((op->keep.fd < 0 && op->taken != op->chunk_from && (rc = pipe_from(op, op->chunk_from))) ||
	    (rc = mark_moved(op, txn)) || (rc = wb_begin(&wb, ctx, txn)))
		return rc == GC_EIO ? STORE_ABORT : rc;   /* (a retry after a full map starts the pipe again) */
	if (wb.next_id < op->file_next)   /* the file's ids kept for it (given) */
		wb.next_id = op->file_next;
	op->txn_rows = import_chunk_rows(store_entries(ctx->st, txn, TBL_REC_ID));
	stage_init(&stage, WB_RECORDS, op->order.nnodes);
	wb.stage = &stage;
	wb.order = &op->order;
	wb.release_map = 1;   /* a transaction reads pages all over the file */
	op->chunk_added = 0;
	op->chunk_line = op->mark.line;
	op->at_end = 0;
	while (!rc && !bad && !op->at_end && op->chunk_added < op->txn_rows) {
		rc = put_next(op, &wb, &op->at_end, &bad);
		/* The map's pages read on the way stop counting as ours (they
		 * stay cached): a transaction touches pages all over the file. */
		if (!op->at_end && !bad && !(++op->chunk_added & 2047))
			store_release_map(ctx->st);
	}
	if (!rc && !bad)
		rc = wb_stage_write(&wb, &stage, SIZE_MAX);
	if (!rc && !bad && file_changed(op))   /* rows read again during this one */
		bad = 1;
	stage_free(&stage);
	import_mark m = op->mark;
	m.rows = op->taken;
	m.line = op->chunk_line;
	if (!rc && !bad)
		rc = op->at_end ? import_mark_clear(ctx->st, txn) : import_mark_put(ctx->st, txn, &m);
	if (rc || bad) {
		wb_discard(&wb);
		return rc ? rc : STORE_ABORT;
	}
	return wb_finish(&wb);
}

int import_chunked(rec_op *op, size_t *resumed)
{
	gc_ctx *ctx = op->ctx;
	uint64_t skip;
	op->keep.fd = -1;
	int rc = import_resume_point(ctx, &op->mark, &skip);
	*resumed = (size_t)skip;
	if (!rc && keep_open(&op->keep, ctx->st->path))
		keep_close(&op->keep);   /* none: the write reads the file again */
	op->keep_changes = op->keep.fd >= 0;
	if (!rc)
		rc = check_all(op, skip);
	op->keep_changes = 0;   /* the pipe, if the kept rows failed, builds them whole */
	/* The file's ids were for the check (one for each of its rows: 80 MB
	 * at 5,000,000): the write needs only those it gives (given). */
	free(op->ids);
	op->ids = NULL;
	op->nids = op->idcap = 0;
	op->chunk_from = skip;
	op->wctx = ctx;
	op->pctx = *ctx;
	errs_init(&op->pctx.errs);
	op->ctx = &op->pctx;
	op->keep_at = op->keep_from = 0;
	if (!rc && op->keep.fd < 0)
		rc = pipe_from(op, skip);
	while (!rc) {
		if (store_write(ctx->st, chunk_fn, op, &ctx->errs))
			rc = ctx->errs.status ? ctx->errs.status : GC_EIO;
		store_release_map(ctx->st);   /* its pages stay cached, not counted as ours */
		if (rc)
			break;
		op->added += op->chunk_added;
		op->chunk_from = op->taken;
		op->keep_from = op->keep_at;
		keep_release(&op->keep, op->keep_from);
		op->mark.rows = op->taken;
		op->mark.line = op->chunk_line;
		if (op->at_end)
			break;
	}
	pipe_close(op->pipe);
	op->pipe = NULL;
	keep_close(&op->keep);
	free(op->given);
	op->given = NULL;
	errs_free(&op->pctx.errs);
	op->ctx = ctx;
	return rc;
}

