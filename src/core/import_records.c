/* import_records.c - records from CSV or JSON Lines in one transaction,
 * through the one write path (write.c) with the bulk stage (stage.c). Kept
 * apart from import.c, which reads the files and imports nodes. A file may
 * hold several forms (a whole-database export): each row's form column
 * decides, and references between records are checked once every row is
 * written, as a need may name the project that comes after it. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include "core/core_int.h"
#include "store/keys.h"
#include "gridcase/text.h"
#include "core/write.h"

/* A record field of an imported row, checked at the end of the import. */
typedef struct rec_ref {
	long line;
	const gc_field *field;
	uint64_t target;
} rec_ref;

typedef struct rec_op {
	gc_ctx *ctx;
	const gc_form *form;   /* NULL: each row's form column decides */
	in_reader *f;
	size_t added;
	gc_kv *vals;   /* scratch: the field columns of one row */
	size_t maxcols;
	rec_ref *refs;
	size_t nrefs, refcap;
	/* is_system is asked for every cell: its last answers, by key. */
	char sys_key[32][24];
	int sys_answer[32];
} rec_op;

/* Whether a column is a system column the import sets itself (the
 * assignee, a built-in field, is set like the other fields). */
static int is_system(rec_op *op, const char *k)
{
	size_t slot = ((uintptr_t)k >> 4) & 31;
	if (!strcmp(op->sys_key[slot], k))
		return op->sys_answer[slot];
	int sys = 0;
	for (const char *const *s = io_system_columns; *s; s++)
		if (!strcmp(*s, k) && !rec_is_builtin(k))
			sys = 1;
	if (strlen(k) < sizeof op->sys_key[slot]) {
		strcpy(op->sys_key[slot], k);
		op->sys_answer[slot] = sys;
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

/* The form of a row: the one named on the command line (a row of another
 * form is refused, with nothing else said of it) or the row's own. */
static const gc_form *row_form(rec_op *op, const in_row *r)
{
	gc_ctx *ctx = op->ctx;
	const char *v = in_row_get(r, "form");
	if (op->form) {
		if (v && *v && strcmp(v, op->form->key)) {
			core_fail(ctx, GC_EDATA, "form: a '%s' record in a file imported as '%s' records (without a form, "
				  "'import records FILE' takes each row's form)", v, op->form->key);
			return NULL;
		}
		return op->form;
	}
	const gc_form *f = v && *v ? config_form(ctx->cfg, v) : NULL;
	if (!v || !*v)
		core_fail(ctx, GC_EDATA, "form: missing (name the form: import records FORM FILE)");
	else if (!f)
		core_fail(ctx, GC_EDATA, "form: unknown form '%s'", v);
	return f;
}

/* The system columns other than state and due: id, node, version,
 * created, updated and creator. */
static void read_system(rec_op *op, MDB_txn *txn, const gc_form *form, const in_row *r, gc_record *rec, int64_t now)
{
	gc_ctx *ctx = op->ctx;
	const char *v;
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
			if (store_get(ctx->st, txn, TBL_REC_ID, idk, key_id(idk, rec->id), NULL) == 0)
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
}

/* A row as a record and its 'import' history entry. Errors go to
 * ctx->errs; the record is written only when the row added none. */
static void build_record(rec_op *op, MDB_txn *txn, const in_row *r, gc_record *rec, gc_hist *h, int64_t now)
{
	gc_ctx *ctx = op->ctx;
	const gc_form *form = row_form(op, r);
	const char *v = in_row_get(r, "version");
	size_t nvals = 0;
	int exported = v && *v;
	if (!form)
		return;
	core_record_start(ctx, form, 0, now, rec);
	read_system(op, txn, form, r, rec, now);
	/* An export of several forms has every form's columns: a column this
	 * form lacks is fine when it is empty. */
	for (size_t i = 0; i < r->n; i++)
		if (!is_system(op, r->kv[i].key) && (*r->kv[i].val || config_field_index(form, r->kv[i].key) >= 0))
			op->vals[nvals++] = r->kv[i];
	/* A field a new row leaves out gets its default. A row with a version
	 * is a record as exported, whose JSON line leaves out empty fields. */
	for (size_t i = 0; !exported && i < form->nfields; i++)
		if (form->fields[i].def && !in_row_get(r, form->fields[i].key))
			rec_set_field(rec, form->fields[i].key, form->fields[i].def);
	/* No transaction: references to records wait for check_refs. */
	core_apply_values(ctx, NULL, form, rec, op->vals, nvals, NULL);
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
}

/* Remember the record fields of a written row for check_refs. */
static void keep_refs(rec_op *op, const gc_record *rec, long line)
{
	const gc_form *form = config_form(op->ctx->cfg, rec->form);
	for (size_t i = 0; form && i < form->nfields; i++) {
		const char *v = form->fields[i].type == FT_RECORD ? rec_field(rec, form->fields[i].key) : "";
		if (!*v)
			continue;
		if (op->nrefs == op->refcap)
			op->refs = xrealloc(op->refs, (op->refcap = op->refcap ? op->refcap * 2 : 64) * sizeof *op->refs);
		op->refs[op->nrefs++] = (rec_ref){ line, &form->fields[i], strtoull(v, NULL, 10) };
	}
}

/* Every record a row refers to, now that the whole file is written: in
 * the database before, or anywhere in the file. Returns an LMDB error,
 * STORE_ABORT when a reference is dangling (each reported), or 0. */
static int check_refs(rec_op *op, MDB_txn *txn)
{
	gc_ctx *ctx = op->ctx;
	int bad = 0;
	for (size_t i = 0; i < op->nrefs; i++) {
		const rec_ref *ref = &op->refs[i];
		unsigned char idk[8];
		int rc = store_get(ctx->st, txn, TBL_REC_ID, idk, key_id(idk, ref->target), NULL);
		if (rc == STORE_NOTFOUND) {
			core_fail(ctx, GC_EDATA, "%s:%ld: field '%s' (%s): no record %llu, neither in the database nor in the file",
				  op->f->name, ref->line, ref->field->key, ref->field->label ? ref->field->label : ref->field->key,
				  (unsigned long long)ref->target);
			bad = 1;
		} else if (rc) {
			return rc;
		}
	}
	return bad ? STORE_ABORT : 0;
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
	op->added = op->nrefs = 0;
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
			} else if (!rc) {
				keep_refs(op, &rec, r->line);
			}
			op->added++;
		}
		rec_free(&rec);
		hist_free(&h);
	}
	/* Only a file whose rows all landed: others leave references dangling. */
	if (!rc && !bad && (rc = check_refs(op, txn)) == STORE_ABORT) {
		bad = 1;
		rc = 0;
	}
	if (!rc && !bad)
		rc = wb_stage_write(&wb, &stage, SIZE_MAX);
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
	const gc_form *fm = form ? config_form(ctx->cfg, form) : NULL;
	if (form && !fm)
		return core_fail(ctx, GC_ENOTFOUND, "unknown form '%s'", form);
	if (!form && f->format == IO_CSV) {
		int has_form = 0;
		for (size_t i = 0; i < f->nhead; i++)
			has_form |= !strcmp(f->head[i], "form");
		if (!has_form)
			return core_fail(ctx, GC_EDATA, "%s:1: no 'form' column: name the form (import records FORM FILE)", f->name);
	}
	rec_op op = { ctx, fm, f, 0, NULL, 0, NULL, 0, 0, { { 0 } }, { 0 } };
	/* About 1.2 KB of database per record with its history and indexes,
	 * some three times the CSV row: grow the map once, up front. */
	store_reserve(ctx->st, (uint64_t)f->len * 4);
	int rc = store_write(ctx->st, records_fn, &op, &ctx->errs);
	free(op.vals);
	free(op.refs);
	if (rc)
		return ctx->errs.status ? ctx->errs.status : GC_EIO;
	*added = op.added;
	return 0;
}
