/* import_records.c - records from CSV or JSON Lines in one transaction,
 * through the one write path (write.c) with the bulk stage (stage.c). Kept
 * apart from import.c, which reads the files and imports nodes. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include "gridcase/io.h"
#include "gridcase/text.h"
#include "gridcase/write.h"

typedef struct rec_op {
	gc_ctx *ctx;
	const gc_form *form;
	in_reader *f;
	size_t added;
	gc_kv *vals;   /* scratch: the field columns of one row */
	size_t maxcols;
} rec_op;

static int is_system(const char *k)
{
	/* Called for every cell: remember the answer for the last header keys. */
	static char seen[32][24];
	static int answer[32];
	size_t slot = ((uintptr_t)k >> 4) & 31;
	if (!strcmp(seen[slot], k))
		return answer[slot];
	int sys = 0;
	for (const char *const *s = io_system_columns; *s; s++)
		if (!strcmp(*s, k) && strcmp(k, "assignee"))
			sys = 1;
	if (strlen(k) < sizeof seen[slot]) {
		strcpy(seen[slot], k);
		answer[slot] = sys;
	}
	return sys;
}

static int parse_time(gc_ctx *ctx, const char *col, const char *v, int64_t *out)
{
	if (datetime_parse(v, out)) {
		core_fail(ctx, GC_EDATA, "%s: '%s' is not a date and time (YYYY-MM-DDTHH:MM:SS+08:00)", col, v);
		return -1;
	}
	return 0;
}

static int build_record(rec_op *op, MDB_txn *txn, const in_row *r, gc_record *rec, gc_hist *h, int64_t now)
{
	gc_ctx *ctx = op->ctx;
	const gc_form *form = op->form;
	const char *v;
	size_t nvals = 0;
	rec->form = xstrdup(form->key);
	rec->state = xstrdup("");
	rec->creator = xstrdup(ctx->login);
	rec->assignee = xstrdup("");
	rec->version = 1;
	rec->created = rec->updated = rec->state_since = now;
	if ((v = in_row_get(r, "form")) && *v && strcmp(v, form->key))
		core_fail(ctx, GC_EDATA, "form '%s' in a file imported as '%s'", v, form->key);
	if ((v = in_row_get(r, "id")) && *v) {
		char *end;
		errno = 0;
		rec->id = strtoull(v, &end, 10);
		if (*end || errno || rec->id == 0 || *v == '-') {
			core_fail(ctx, GC_EDATA, "id: '%s' is not a record id", v);
			rec->id = 0;
		} else if (rec->id >= GC_ID_CEILING) {
			core_fail(ctx, GC_EDATA, "id: %s is too large: the largest record id is %llu (ids stay below 2^53)", v,
				  GC_ID_CEILING - 1);
			rec->id = 0;
		} else {
			unsigned char idk[8];
			put_be64(idk, rec->id);
			MDB_val k = { 8, idk }, d;
			if (mdb_get(txn, ctx->st->rec_id, &k, &d) == 0)
				core_fail(ctx, GC_EDATA, "id: record %s already exists", v);
		}
	}
	const gc_node *node = NULL;
	if (!(v = in_row_get(r, "node")) || !*v)
		core_fail(ctx, GC_EDATA, "node: missing");
	else if (!(node = core_node_by_code(ctx, v)))
		core_fail(ctx, GC_EDATA, "node: unknown node '%s'", v);
	else if (node->level != form->at_level)
		core_fail(ctx, GC_EDATA, "node: '%s' is a %s; %s records hang under %s nodes", v,
			  ctx->cfg->levels[node->level].key, form->key, ctx->cfg->levels[form->at_level].key);
	else
		rec->node_id = node->id;
	if ((v = in_row_get(r, "version")) && *v) {
		char *end;
		unsigned long ver = strtoul(v, &end, 10);
		if (*end || ver == 0 || ver > 0xFFFFFFF)
			core_fail(ctx, GC_EDATA, "version: '%s' is not a version number", v);
		else
			rec->version = (uint32_t)ver;
	}
	if ((v = in_row_get(r, "created")) && *v)
		parse_time(ctx, "created", v, &rec->created);
	rec->updated = rec->created > now ? rec->created : now;
	if ((v = in_row_get(r, "updated")) && *v)
		parse_time(ctx, "updated", v, &rec->updated);
	rec->state_since = rec->updated;
	if ((v = in_row_get(r, "creator")) && *v) {
		if (text_refusal(v, strlen(v), 0))
			core_fail(ctx, GC_EDATA, "creator: not valid text");
		else
			rec_set_str(&rec->creator, v);
	}
	/* An export of several forms has every form's columns: a column this
	 * form lacks is fine when it is empty. */
	for (size_t i = 0; i < r->n; i++)
		if (!is_system(r->kv[i].key) && (*r->kv[i].val || config_field_index(form, r->kv[i].key) >= 0))
			op->vals[nvals++] = r->kv[i];
	for (size_t i = 0; i < form->nfields; i++)
		if (form->fields[i].def && !in_row_get(r, form->fields[i].key))
			rec_set_field(rec, form->fields[i].key, form->fields[i].def);
	core_apply_values(ctx, txn, form, rec, op->vals, nvals, NULL);
	core_check_required(ctx, form, rec);
	if (form->wf) {
		int s = form->wf->initial;
		if ((v = in_row_get(r, "state")) && *v && (s = config_state_index(form->wf, v)) < 0) {
			core_fail(ctx, GC_EDATA, "state: workflow '%s' has no state '%s'", form->wf->key, v);
			s = form->wf->initial;
		}
		int64_t since = rec->state_since;
		core_enter_state(ctx, form->wf, rec, -1, s, since);
		/* An exported due time wins over one computed now: it round-trips. */
		if ((v = in_row_get(r, "due"))) {
			rec->due = 0;
			if (*v)
				parse_time(ctx, "due", v, &rec->due);
		}
	} else if ((v = in_row_get(r, "state")) && *v) {
		core_fail(ctx, GC_EDATA, "state: form '%s' has no workflow", form->key);
	}
	h->time = now;
	h->user = xstrdup(ctx->login);
	h->client = xstrdup(ctx->client);
	h->action = xstrdup("import");
	h->from = xstrdup("");
	h->to = xstrdup(rec->state);
	h->comment = xstrdup(op->f->name);
	for (size_t i = 0; i < rec->nfields; i++)
		hist_add_change(h, rec->fields[i].key, "", rec->fields[i].val);
	return 0;
}

static int records_fn(MDB_txn *txn, void *arg)
{
	rec_op *op = arg;
	gc_ctx *ctx = op->ctx;
	wbatch wb;
	rec_stage stage;
	int64_t now = gc_now();
	int rc = wb_begin(&wb, ctx, txn), bad = 0, got;
	/* Records go in sorted by key, 200,000 at a time (memory stays bounded). */
	bulk_order order;
	bulk_order_init(&order, ctx);
	stage_init(&stage, WB_RECORDS, order.nnodes);
	wb.stage = &stage;
	wb.order = &order;
	wb.flush_at = 200000;
	op->added = 0;
	/* A retry after a full map starts from the first row again. */
	in_rewind(op->f);
	errs_clear(&ctx->errs);
	while (!rc && (got = in_next(op->f, &ctx->errs)) != 0) {
		if (got < 0) {
			bad = 1;
			continue;
		}
		const in_row *r = &op->f->row;
		size_t before = ctx->errs.n;
		gc_record rec;
		gc_hist h;
		rec_init(&rec);
		hist_init(&h);
		if (r->n > op->maxcols) {
			op->maxcols = r->n;
			op->vals = xrealloc(op->vals, (op->maxcols + 1) * sizeof *op->vals);
		}
		build_record(op, txn, r, &rec, &h, now);
		if (ctx->errs.n > before) {
			in_locate_errors(ctx, before, op->f->name, r->line);
			bad = 1;
		} else if (!bad) {
			rc = wb_put(&wb, NULL, &rec, &h);
			if (rc == STORE_ABORT) {
				in_locate_errors(ctx, before, op->f->name, r->line);
				bad = 1;
				rc = 0;
			}
			op->added++;
		}
		rec_free(&rec);
		hist_free(&h);
	}
	if (!rc && !bad)
		rc = stage_write(&wb, &stage, SIZE_MAX);
	stage_free(&stage);
	bulk_order_free(&order);
	if (rc || bad) {
		wb_discard(&wb);
		return rc ? rc : STORE_ABORT;
	}
	return wb_finish(&wb);
}

int core_import_records(gc_ctx *ctx, const char *form, in_reader *f, size_t *added)
{
	errs_clear(&ctx->errs);   /* errs holds the errors of the last call */
	if (core_require_admin(ctx, "import records"))
		return GC_EPERM;
	const gc_form *fm = config_form(ctx->cfg, form);
	if (!fm)
		return core_fail(ctx, GC_ENOTFOUND, "unknown form '%s'", form);
	rec_op op = { ctx, fm, f, 0, NULL, 0 };
	/* About 1.2 KB of database per record with its history and indexes,
	 * some three times the CSV row: grow the map once, up front. */
	store_reserve(ctx->st, (uint64_t)f->len * 4);
	int rc = store_write(ctx->st, records_fn, &op, &ctx->errs);
	free(op.vals);
	if (rc)
		return ctx->errs.status ? ctx->errs.status : GC_EIO;
	*added = op.added;
	return 0;
}
