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

/* A record field of an imported row, checked at the end of the import. */
typedef struct rec_ref {
	long line;
	const gc_field *field;
	uint64_t target;
} rec_ref;

/* The system columns, in io_system_columns order. */
enum { SYS_ID, SYS_FORM, SYS_NODE, SYS_STATE, SYS_VERSION, SYS_CREATED, SYS_UPDATED, SYS_DUE, SYS_CREATOR,
       SYS_ASSIGNEE, NSYS };
enum { COL_NONE = -1, COL_SYSTEM = -2, COL_TWICE = -3 };

/* How the columns of a header (or of one JSON line) read for one form:
 * built once per form for a CSV file, so a row costs one look per cell. */
typedef struct col_map {
	int sys[NSYS];     /* the column of each system column, or -1 */
	int *field;        /* per column: the form's field it names (by key or label), COL_NONE, COL_SYSTEM,
			    * COL_TWICE (a field an earlier column names) */
	int *col;          /* per field of the form: its column, or -1 */
	int bad;           /* a column names a field twice: reported once, the rows are not read */
} col_map;

/* A non-empty cell in a column its row's form has no field for: counted,
 * then said once per column and form, not once per row. */
typedef struct stray {
	char *name;
	const char *form;
	long line;
} stray;

typedef struct rec_op {
	gc_ctx *ctx;
	const gc_form *form;   /* NULL: each row's form column decides */
	in_reader *f;
	size_t added;
	gc_kv *vals;   /* scratch: the field columns of one row */
	size_t maxcols;
	rec_ref *refs;
	size_t nrefs, refcap;
	col_map *maps;         /* CSV: per form of the configuration */
	col_map row_map;       /* JSON Lines: the current row's */
	stray *strays;
	size_t nstrays, straycap;
	int64_t now;           /* one time for every row of the import */
	uint64_t rows;         /* rows the reader has given (blank lines not counted) */
	/* A file of more than `chunk` rows: checked whole (the id each row
	 * gets in ids, sorted), then written `chunk` rows a transaction. */
	size_t chunk;
	struct id_line { uint64_t id; long line; } *ids;
	size_t nids, idcap;
	uint64_t next_id;      /* the check: the id the next row without one gets */
	uint64_t chunk_from;   /* rows in when this transaction began */
	size_t chunk_added;
	long chunk_line;       /* the line of its last row */
	int at_end;
	import_mark mark;      /* what meta/import says, and will say */
	bulk_order order;
} rec_op;

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

static void clear_strays(rec_op *op)
{
	for (size_t i = 0; i < op->nstrays; i++)
		free(op->strays[i].name);
	op->nstrays = 0;
}

/* One message per column and form, however many rows: sorted, then counted. */
static int report_strays(rec_op *op)
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
		} else {
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
	for (size_t i = 0; i < rec->nfields; i++)
		hist_add_change(h, rec->fields[i].key, "", rec->fields[i].val);
	return strays ? -1 : 0;
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

static int id_order(const void *a, const void *b)
{
	const struct id_line *x = a, *y = b;
	return x->id != y->id ? (x->id > y->id) - (x->id < y->id) : (x->line > y->line) - (x->line < y->line);
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
static int check_refs(rec_op *op, MDB_txn *txn)
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
static int next_row(rec_op *op)
{
	int got = in_next(op->f, &op->ctx->errs);
	if (got && !(++op->rows & 8191))
		in_release(op->f);
	return got;
}

/* From the start again, past the first n rows. */
static void skip_rows(rec_op *op, uint64_t n)
{
	in_rewind(op->f);
	op->rows = 0;
	while (op->rows < n && next_row(op) != 0)
		;
}

/* The reader's row as a record: 1 when it may be written, 0 when it was
 * refused (said at FILE:LINE, or a stray said once at the end). */
static int row_good(rec_op *op, MDB_txn *txn, gc_record *rec, gc_hist *h)
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

/* ---- a large file: checked whole, then written in transactions ---- */

/* The id a good row of the check will get, as wb_put would give it. */
static void note_id(rec_op *op, const gc_record *rec, long line)
{
	uint64_t id = rec->id ? rec->id : op->next_id;
	if (id >= op->next_id)
		op->next_id = id + 1;
	if (op->nids == op->idcap)
		op->ids = xrealloc(op->ids, (op->idcap = op->idcap ? op->idcap * 2 : 4096) * sizeof *op->ids);
	op->ids[op->nids++] = (struct id_line){ id, line };
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
			note_id(op, &rec, op->f->row.line);
			keep_refs(op, &rec, op->f->row.line);
		}
		rec_free(&rec);
		hist_free(&h);
	}
	bad |= report_strays(op);
	bad |= ids_twice(op);
	rc = bad ? 0 : check_refs(op, txn);
	store_read_end(txn);
	if (rc && rc != STORE_ABORT)
		return core_fail(ctx, GC_EIO, "%s: cannot read: %s", op->f->name, store_strerror(rc));
	return bad || rc ? GC_EDATA : 0;
}

/* One transaction of up to op->chunk rows after op->chunk_from, with the
 * mark saying how far the file is in (cleared with the last rows). */
static int chunk_fn(MDB_txn *txn, void *arg)
{
	rec_op *op = arg;
	gc_ctx *ctx = op->ctx;
	wbatch wb;
	rec_stage stage;
	int bad = 0, got = 1, rc;
	if (op->rows != op->chunk_from)   /* a retry after a full map */
		skip_rows(op, op->chunk_from);
	errs_clear(&ctx->errs);
	/* The mark as this import left it: else another run is writing the file. */
	import_mark now;
	if ((rc = import_mark_get(ctx->st, txn, &now)) != 0 && rc != MDB_NOTFOUND)
		return rc;
	int other = rc == 0 ? now.rows != op->chunk_from || now.hash != op->mark.hash : op->chunk_from != 0;
	import_mark_free(&now);
	if (other) {
		core_fail(ctx, GC_EUSAGE, "%s: another import of this file is writing it: left to that one", op->f->name);
		return STORE_ABORT;
	}
	if ((rc = wb_begin(&wb, ctx, txn)) != 0)
		return rc;
	stage_init(&stage, WB_RECORDS, op->order.nnodes);
	wb.stage = &stage;
	wb.order = &op->order;
	op->chunk_added = 0;
	op->chunk_line = op->mark.line;
	while (!rc && !bad && op->chunk_added < op->chunk && (got = next_row(op)) > 0) {
		gc_record rec;
		gc_hist h;
		rec_init(&rec);
		hist_init(&h);
		size_t before = ctx->errs.n;
		if (!row_good(op, txn, &rec, &h))
			bad = 1;   /* the file was good: the database changed since the check */
		else if ((rc = wb_put(&wb, NULL, &rec, &h)) == STORE_ABORT)
			in_locate_errors(ctx, before, op->f->name, op->f->row.line);
		op->chunk_line = op->f->row.line;
		/* The map's pages read on the way stop counting as ours (they
		 * stay cached): a transaction touches pages all over the file. */
		if (!(++op->chunk_added & 2047))
			store_release_map(ctx->st);
		rec_free(&rec);
		hist_free(&h);
	}
	bad |= got < 0 || report_strays(op);
	op->at_end = got == 0;
	if (!rc && !bad)
		rc = wb_stage_write(&wb, &stage, SIZE_MAX);
	stage_free(&stage);
	import_mark m = op->mark;
	m.rows = op->rows;
	m.line = op->chunk_line;
	if (!rc && !bad)
		rc = op->at_end ? import_mark_clear(ctx->st, txn) : import_mark_put(ctx->st, txn, &m);
	if (rc || bad) {
		wb_discard(&wb);
		return rc ? rc : STORE_ABORT;
	}
	return wb_finish(&wb);
}

static int import_chunked(rec_op *op, size_t *resumed)
{
	gc_ctx *ctx = op->ctx;
	uint64_t skip;
	int rc = import_resume_point(ctx, &op->mark, &skip);
	if (!rc)
		rc = check_all(op, skip);
	*resumed = (size_t)skip;
	op->chunk_from = skip;
	skip_rows(op, skip);
	while (!rc) {
		if (store_write(ctx->st, chunk_fn, op, &ctx->errs))
			rc = ctx->errs.status ? ctx->errs.status : GC_EIO;
		in_release(op->f);
		store_release_map(ctx->st);   /* its pages stay cached, not counted as ours */
		if (rc)
			break;
		op->added += op->chunk_added;
		op->chunk_from = op->rows;
		op->mark.rows = op->rows;
		op->mark.line = op->chunk_line;
		if (op->at_end)
			break;
	}
	return rc;
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
		/* About 1.2 KB of database per record with its history and
		 * indexes, some three times the CSV row: grow the map once. */
		store_reserve(ctx->st, (uint64_t)f->len * 4);
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
