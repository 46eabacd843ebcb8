/* SPDX-License-Identifier: MIT */
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
#include "core/import_mark.h"
#include "core/import_rec.h"

static int system_index(const char *name)
{
	for (int i = 0; i < NSYS; i++)
		if (!strcmp(io_system_columns[i], name))
			return i;
	return -1;
}

/* The field of f a column name names: its key, else its label. */
static int named_field(const gc_form *f, const char *name)
{
	int fi = config_field_index(f, name);
	for (size_t i = 0; fi < 0 && i < f->nfields; i++)
		if (f->fields[i].label && !strcmp(f->fields[i].label, name))
			fi = (int)i;
	return fi;
}

static void map_free(col_map *m)
{
	free(m->field);
	free(m->col);
	memset(m, 0, sizeof *m);
}

/* Read n column names for form f into m. A field named twice (its key
 * and its label, say) marks m bad and, when report, is said (at FILE:LINE
 * when file is given; a row's errors get theirs from in_locate_errors). */
static void map_build(gc_ctx *ctx, col_map *m, const gc_form *f, const char *const *names, size_t n,
		      const char *file, long line, int report)
{
	map_free(m);
	m->field = xcalloc(n + 1, sizeof *m->field);
	m->col = xcalloc(f->nfields + 1, sizeof *m->col);
	for (int i = 0; i < NSYS; i++)
		m->sys[i] = -1;
	for (size_t i = 0; i < f->nfields; i++)
		m->col[i] = -1;
	for (size_t c = 0; c < n; c++) {
		int s = system_index(names[c]);
		if (s >= 0) {
			m->sys[s] = (int)c;
			m->field[c] = COL_SYSTEM;
			continue;
		}
		int fi = named_field(f, names[c]);
		m->field[c] = fi >= 0 ? fi : COL_NONE;
		if (fi < 0)
			continue;
		if (m->col[fi] >= 0) {
			if (report && file)
				core_fail(ctx, GC_EDATA, "%s:%ld: columns %d '%s' and %zu '%s' both name field '%s' (%s) of form '%s'",
					  file, line, m->col[fi] + 1, names[m->col[fi]], c + 1, names[c], f->fields[fi].key,
					  f->fields[fi].label, f->key);
			else if (report)
				core_fail(ctx, GC_EDATA, "keys '%s' and '%s' both name field '%s' (%s) of form '%s'",
					  names[m->col[fi]], names[c], f->fields[fi].key, f->fields[fi].label, f->key);
			m->bad = 1;
			m->field[c] = COL_TWICE;
			continue;
		}
		m->col[fi] = (int)c;
	}
}

/* The map of a row: the CSV header's for its form, or one made for the
 * row's own keys. */
static const col_map *row_map(rec_op *op, const gc_form *f, const in_row *r)
{
	if (op->maps)
		return &op->maps[f - op->ctx->cfg->forms];
	const char **names = xcalloc(r->n + 1, sizeof *names);
	for (size_t i = 0; i < r->n; i++)
		names[i] = r->kv[i].key;
	map_build(op->ctx, &op->row_map, f, names, r->n, NULL, r->line, 1);
	free(names);
	return &op->row_map;
}

/* A system column's value in a row, or NULL when the row has no such column. */
static const char *sysval(const int *sys, const in_row *r, int s)
{
	return sys[s] >= 0 && (size_t)sys[s] < r->n ? r->kv[sys[s]].val : NULL;
}

static void add_stray(rec_op *op, const char *name, const gc_form *f, long line)
{
	if (op->nstrays == op->straycap)
		op->strays = xrealloc(op->strays, (op->straycap = op->straycap ? op->straycap * 2 : 16) * sizeof *op->strays);
	op->strays[op->nstrays++] = (stray){ xstrdup(name), f->key, line };
}

static int stray_order(const void *a, const void *b)
{
	const stray *x = a, *y = b;
	int c = strcmp(x->name, y->name);
	if (!c)
		c = strcmp(x->form, y->form);
	return c ? c : (x->line > y->line) - (x->line < y->line);
}

void clear_strays(rec_op *op)
{
	for (size_t i = 0; i < op->nstrays; i++)
		free(op->strays[i].name);
	op->nstrays = 0;
}

/* One message per column and form, however many rows: sorted, then counted. */
int report_strays(rec_op *op)
{
	if (op->nstrays > 1)
		qsort(op->strays, op->nstrays, sizeof *op->strays, stray_order);
	for (size_t i = 0, j; i < op->nstrays; i = j) {
		for (j = i + 1; j < op->nstrays && !strcmp(op->strays[j].name, op->strays[i].name)
				&& !strcmp(op->strays[j].form, op->strays[i].form); j++)
			;
		const stray *s = &op->strays[i];
		if (j - i > 1)
			core_fail(op->ctx, GC_EDATA, "%s:%ld: column '%s' has a value, but form '%s' has no such field "
				  "(and in %zu more rows)", op->f->name, s->line, s->name, s->form, j - i - 1);
		else
			core_fail(op->ctx, GC_EDATA, "%s:%ld: column '%s' has a value, but form '%s' has no such field",
				  op->f->name, s->line, s->name, s->form);
	}
	int any = op->nstrays > 0;
	clear_strays(op);
	return any;
}

/* The fields and labels of a form, for a message. */
static void list_fields(gc_buf *b, const gc_form *f)
{
	for (size_t i = 0; i < f->nfields; i++) {
		buf_printf(b, "%s%s", i ? ", " : "", f->fields[i].key);
		if (f->fields[i].label && strcmp(f->fields[i].label, f->fields[i].key))
			buf_printf(b, " (%s)", f->fields[i].label);
	}
}

/* A CSV header, once, before any row: every column is a system column or
 * names a field (by key or label) of the form, or without a form of some
 * form; the maps of every form are built here. Returns 0 or GC_EDATA. */
static int read_header(rec_op *op)
{
	gc_ctx *ctx = op->ctx;
	const gc_config *cfg = ctx->cfg;
	in_reader *f = op->f;
	const char *const *names = (const char *const *)f->head;
	op->maps = xcalloc(cfg->nforms + 1, sizeof *op->maps);
	for (size_t i = 0; i < cfg->nforms; i++)
		map_build(ctx, &op->maps[i], &cfg->forms[i], names, f->nhead, f->name, 1, !op->form || op->form == &cfg->forms[i]);
	for (size_t c = 0; c < f->nhead; c++) {
		int known = system_index(names[c]) >= 0;
		for (size_t i = 0; i < cfg->nforms && !known; i++)
			known = op->maps[i].field[c] >= 0 || op->maps[i].field[c] == COL_TWICE;
		if (known)
			continue;
		gc_buf b;
		buf_init(&b);
		if (op->form) {
			list_fields(&b, op->form);
			core_fail(ctx, GC_EDATA, "%s:1: column %zu '%s' is neither a system column nor a field of form '%s' "
				  "(its fields, by key or label: %s)", f->name, c + 1, names[c], op->form->key, b.p ? b.p : "");
		} else {
			core_fail(ctx, GC_EDATA, "%s:1: column %zu '%s' is neither a system column nor a field of any form",
				  f->name, c + 1, names[c]);
		}
		buf_free(&b);
	}
	if (!op->form && cfg->nforms && op->maps[0].sys[SYS_FORM] < 0)
		return core_fail(ctx, GC_EDATA, "%s:1: no 'form' column: name the form (import records FORM FILE)", f->name);
	return ctx->errs.n ? GC_EDATA : 0;
}

static int parse_time(gc_ctx *ctx, const char *col, const char *v, int64_t *out)
{
	if (datetime_parse(v, out)) {
		core_fail(ctx, GC_EDATA, "%s: '%s' is not a date and time (YYYY-MM-DDTHH:MM:SS+08:00)", col, v);
		return -1;
	}
	return 0;
}

/* The system columns of a row: the header's, or the row's own keys'. */
static void row_sys(const rec_op *op, const in_row *r, int *sys)
{
	if (op->maps) {
		memcpy(sys, op->maps[0].sys, NSYS * sizeof *sys);
		return;
	}
	for (int i = 0; i < NSYS; i++)
		sys[i] = -1;
	for (size_t c = 0; c < r->n; c++) {
		int s = system_index(r->kv[c].key);
		if (s >= 0)
			sys[s] = (int)c;
	}
}

/* The form of a row: the one named on the command line (a row of another
 * form is refused, with nothing else said of it) or the row's own. */
static const gc_form *row_form(rec_op *op, const char *v)
{
	gc_ctx *ctx = op->ctx;
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
static void read_system(rec_op *op, MDB_txn *txn, const gc_form *form, const in_row *r, const int *sys,
			gc_record *rec, int64_t now)
{
	gc_ctx *ctx = op->ctx;
	const char *v;
	if ((v = sysval(sys, r, SYS_ID)) && *v) {
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
		} else if (txn) {   /* without: the write refuses an id taken */
			unsigned char idk[8];
			if (store_get(ctx->st, txn, TBL_REC_ID, idk, key_id(idk, rec->id), NULL) == 0)
				core_fail(ctx, GC_EDATA, "id: record %s already exists", v);
		}
	}
	const gc_node *node = NULL;
	if (!(v = sysval(sys, r, SYS_NODE)) || !*v)
		core_fail(ctx, GC_EDATA, "node: missing");
	else if (!(node = core_node_by_code(ctx, v)))
		core_fail(ctx, GC_EDATA, "node: unknown node '%s'", v);
	else if (node->level != form->at_level)
		core_fail(ctx, GC_EDATA, "node: '%s' is a %s; %s records hang under %s nodes", v,
			  ctx->cfg->levels[node->level].key, form->key, ctx->cfg->levels[form->at_level].key);
	else
		rec->node_id = node->id;
	if ((v = sysval(sys, r, SYS_VERSION)) && *v) {
		char *end;
		unsigned long ver = strtoul(v, &end, 10);
		if (*end || ver == 0 || ver > 0xFFFFFFF)
			core_fail(ctx, GC_EDATA, "version: '%s' is not a version number", v);
		else
			rec->version = (uint32_t)ver;
	}
	if ((v = sysval(sys, r, SYS_CREATED)) && *v)
		parse_time(ctx, "created", v, &rec->created);
	rec->updated = rec->created > now ? rec->created : now;
	if ((v = sysval(sys, r, SYS_UPDATED)) && *v)
		parse_time(ctx, "updated", v, &rec->updated);
	rec->state_since = rec->updated;
	if ((v = sysval(sys, r, SYS_CREATOR)) && *v) {
		if (text_refusal(v, strlen(v), 0))
			core_fail(ctx, GC_EDATA, "creator: not valid text");
		else
			rec_set_str(&rec->creator, v);
	}
}

/* The field columns of a row, by the map: values to apply in op->vals
 * (returns how many); a value in a column the form lacks is a stray, said
 * once at the end (*strays set). */
static size_t row_values(rec_op *op, const gc_form *form, const col_map *m, const in_row *r, int *strays)
{
	size_t nvals = 0;
	*strays = 0;
	for (size_t c = 0; c < r->n; c++) {
		int fi = m->field[c];
		char *val = r->kv[c].val;
		if (fi >= 0) {
			op->vals[nvals++] = (gc_kv){ form->fields[fi].key, val };
		} else if (fi == COL_SYSTEM && (int)c == m->sys[SYS_ASSIGNEE] && *val) {
			op->vals[nvals++] = (gc_kv){ (char *)io_system_columns[SYS_ASSIGNEE], val };
		} else if (fi == COL_NONE && *val) {
			add_stray(op, r->kv[c].key, form, r->line);
			*strays = 1;
		}
	}
	return nvals;
}

/* A row as a record and its 'import' history entry. Errors go to
 * ctx->errs; the record is written only when the row added none and no
 * stray (returns -1 then). */
static int build_record(rec_op *op, MDB_txn *txn, const in_row *r, gc_record *rec, gc_hist *h, int64_t now)
{
	gc_ctx *ctx = op->ctx;
	int sys[NSYS];
	row_sys(op, r, sys);
	const gc_form *form = row_form(op, sysval(sys, r, SYS_FORM));
	if (!form)
		return 0;
	const col_map *m = row_map(op, form, r);
	const char *v = sysval(m->sys, r, SYS_VERSION);
	int exported = v && *v;
	core_record_start(ctx, form, 0, now, rec);
	read_system(op, txn, form, r, m->sys, rec, now);
	int strays;
	size_t nvals = row_values(op, form, m, r, &strays);
	if (m->bad)
		return 0;
	/* A field a new row leaves out gets its default. A row with a version
	 * is a record as exported, whose JSON line leaves out empty fields. */
	for (size_t i = 0; !exported && i < form->nfields; i++)
		if (form->fields[i].def && m->col[i] < 0)
			rec_set_field(rec, form->fields[i].key, form->fields[i].def);
	int s = form->wf ? form->wf->initial : -1;
	if (form->wf && (v = sysval(m->sys, r, SYS_STATE)) && *v && (s = config_state_index(form->wf, v)) < 0) {
		core_fail(ctx, GC_EDATA, "state: workflow '%s' has no state '%s'", form->wf->key, v);
		s = form->wf->initial;
	} else if (!form->wf && (v = sysval(m->sys, r, SYS_STATE)) && *v) {
		core_fail(ctx, GC_EDATA, "state: form '%s' has no workflow", form->key);
	}
	/* No transaction: references to records wait for check_refs. A row in
	 * the initial state is a new record: the workflow's fields stay empty. */
	gc_write w = { WRITE_IMPORT, s, NULL, NULL };
	core_apply_values(ctx, NULL, form, rec, op->vals, nvals, &w, NULL);
	core_check_required(ctx, form, rec);
	if (form->wf) {
		int64_t since = rec->state_since;
		core_enter_state(ctx, form->wf, rec, -1, s, since);
		/* An exported due time wins over one computed now: it round-trips. */
		if ((v = sysval(m->sys, r, SYS_DUE))) {
			rec->due = 0;
			if (*v)
				parse_time(ctx, "due", v, &rec->due);
		}
	}
	h->time = now;
	h->user = xstrdup(ctx->login);
	h->client = xstrdup(ctx->client);
	h->action = xstrdup("import");
	h->from = xstrdup("");
	h->to = xstrdup(rec->state);
	h->comment = xstrdup(op->f->name);
	/* Every field a change from nothing; a check that keeps its rows
	 * writes them straight from the record's fields (keep_add). */
	for (size_t i = 0; !op->keep_changes && i < rec->nfields; i++)
		hist_add_change(h, rec->fields[i].key, "", rec->fields[i].val);
	return strays ? -1 : 0;
}

/* Remember the record fields of a written row for check_refs. */
void keep_refs(rec_op *op, const gc_record *rec, long line)
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

/* Whether the file gives a row record id (the check's ids, sorted). */
static int id_in_file(const rec_op *op, uint64_t id)
{
	size_t lo = 0, hi = op->nids;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (op->ids[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < op->nids && op->ids[lo].id == id;
}

/* Every record a row refers to, now that the whole file is written (or,
 * in the check of a large file, in ids): in the database before, or
 * anywhere in the file. Returns an LMDB error, STORE_ABORT when a
 * reference is dangling (each reported), or 0. */
int check_refs(rec_op *op, MDB_txn *txn)
{
	gc_ctx *ctx = op->ctx;
	int bad = 0;
	for (size_t i = 0; i < op->nrefs; i++) {
		const rec_ref *ref = &op->refs[i];
		unsigned char idk[8];
		if (op->ids && id_in_file(op, ref->target))
			continue;
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

/* The reader's next row, counted: 1, 0 at the end, -1 when bad (said).
 * The file's pages behind it are given back now and then. */
int next_row(rec_op *op)
{
	int got = in_next(op->f, &op->ctx->errs);
	if (got && !(++op->rows & 8191))
		in_release(op->f);
	return got;
}

/* From the start again, past the first n rows. */
void skip_rows(rec_op *op, uint64_t n)
{
	in_rewind(op->f);
	op->rows = 0;
	while (op->rows < n && next_row(op) != 0)
		;
}

/* The reader's row as a record: 1 when it may be written, 0 when it was
 * refused (said at FILE:LINE, or a stray said once at the end). */
int row_good(rec_op *op, MDB_txn *txn, gc_record *rec, gc_hist *h)
{
	gc_ctx *ctx = op->ctx;
	const in_row *r = &op->f->row;
	size_t before = ctx->errs.n;
	if (r->n > op->maxcols) {
		op->maxcols = r->n;
		op->vals = xrealloc(op->vals, (op->maxcols + 1) * sizeof *op->vals);
	}
	int strays = build_record(op, txn, r, rec, h, op->now) < 0;
	if (ctx->errs.n > before) {
		in_locate_errors(ctx, before, op->f->name, r->line);
		return 0;
	}
	return !strays;
}


static int records_fn(MDB_txn *txn, void *arg)
{
	rec_op *op = arg;
	gc_ctx *ctx = op->ctx;
	wbatch wb;
	rec_stage stage;
	int rc = wb_begin(&wb, ctx, txn), bad = 0, got;
	/* Records go in sorted by key, 200,000 at a time (memory stays bounded). */
	stage_init(&stage, WB_RECORDS, op->order.nnodes);
	wb.stage = &stage;
	wb.order = &op->order;
	wb.flush_at = 200000;
	op->added = op->nrefs = 0;
	/* A retry after a full map starts from the first row again. */
	skip_rows(op, 0);
	clear_strays(op);
	errs_clear(&ctx->errs);
	while (!rc && (got = next_row(op)) != 0) {
		gc_record rec;
		gc_hist h;
		rec_init(&rec);
		hist_init(&h);
		if (got < 0 || !row_good(op, txn, &rec, &h)) {
			bad = 1;
		} else if (!bad) {
			size_t before = ctx->errs.n;
			rc = wb_put(&wb, NULL, &rec, &h);
			if (rc == STORE_ABORT) {
				in_locate_errors(ctx, before, op->f->name, op->f->row.line);
				bad = 1;
				rc = 0;
			} else if (!rc) {
				keep_refs(op, &rec, op->f->row.line);
			}
			op->added++;
		}
		rec_free(&rec);
		hist_free(&h);
	}
	if (!rc && report_strays(op))
		bad = 1;
	/* Only a file whose rows all landed: others leave references dangling. */
	if (!rc && !bad && (rc = check_refs(op, txn)) == STORE_ABORT) {
		bad = 1;
		rc = 0;
	}
	if (!rc && !bad)
		rc = wb_stage_write(&wb, &stage, SIZE_MAX);
	stage_free(&stage);
	if (rc || bad) {
		wb_discard(&wb);
		return rc ? rc : STORE_ABORT;
	}
	return wb_finish(&wb);
}

/* Rows in the file, counted up to `upto` (parsed, not checked). */
static uint64_t count_rows(rec_op *op, uint64_t upto)
{
	skip_rows(op, 0);
	while (op->rows < upto && in_next(op->f, &op->ctx->errs) != 0)
		op->rows++;
	errs_clear(&op->ctx->errs);
	return op->rows;
}

int core_import_records(gc_ctx *ctx, const char *form, in_reader *f, size_t *added, size_t *resumed)
{
	errs_clear(&ctx->errs);   /* errs holds the errors of the last call */
	*added = *resumed = 0;
	if (core_require_admin(ctx, "import records"))
		return GC_EPERM;
	const gc_form *fm = form ? config_form(ctx->cfg, form) : NULL;
	if (form && !fm)
		return core_fail(ctx, GC_ENOTFOUND, "unknown form '%s'", form);
	rec_op op;
	memset(&op, 0, sizeof op);
	op.ctx = ctx;
	op.form = fm;
	op.f = f;
	op.now = gc_now();
	op.chunk = import_txn_rows();
	/* A CSV header is read once, and its problems said once. */
	int rc = f->format == IO_CSV ? read_header(&op) : 0;
	if (!rc) {
		/* A file comes to about five and a half times its size of
		 * database (records, history, postings, rollups): grow the map
		 * once, so no large transaction is run again after a full map. */
		store_reserve(ctx->st, (uint64_t)f->len * 8);
		bulk_order_init(&op.order, ctx);
		if (count_rows(&op, op.chunk + 1) > op.chunk) {
			op.mark = (import_mark){ 0, 0, f->len, in_hash(f), (char *)(form ? form : ""), f->name };
			rc = import_chunked(&op, resumed);
		} else if (store_write(ctx->st, records_fn, &op, &ctx->errs)) {
			rc = ctx->errs.status ? ctx->errs.status : GC_EIO;
		}
		bulk_order_free(&op.order);
	}
	for (size_t i = 0; op.maps && i < ctx->cfg->nforms; i++)
		map_free(&op.maps[i]);
	free(op.maps);
	map_free(&op.row_map);
	clear_strays(&op);
	free(op.strays);
	free(op.vals);
	free(op.refs);
	free(op.ids);
	/* One transaction is all or nothing; a large file's are each kept. */
	*added = rc && !op.mark.name ? 0 : op.added;
	return rc;
}
