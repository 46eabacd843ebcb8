/* SPDX-License-Identifier: MIT */
/* import.c - reading CSV and JSON Lines files, and nodes from the
 * spreadsheets a district already has (records: import_records.c). A file
 * is read whole, then written in one transaction: all rows land or none
 * do, and every bad row is named by file and line. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <errno.h>
#include <sys/mman.h>
#include "core/core_int.h"
#include "store/keys.h"
#include "gridcase/csv.h"
#include "gridcase/json.h"
#include "gridcase/xlsx.h"
#include "gridcase/text.h"
#include "core/write.h"
#include "core/import_mark.h"

const char *const io_system_columns[] = {
	"id", "form", "node", "state", "version", "created", "updated", "due", "creator", "assignee", NULL,
};

int io_format_parse(const char *s)
{
	if (!strcmp(s, "csv")) return IO_CSV;
	if (!strcmp(s, "jsonl")) return IO_JSONL;
	if (!strcmp(s, "json")) return IO_JSON;
	if (!strcmp(s, "table")) return IO_TABLE;
	if (!strcmp(s, "xlsx")) return IO_XLSX;
	return -1;
}

int io_encoding_parse(const char *s)
{
	if (!strcasecmp(s, "utf-8") || !strcasecmp(s, "utf8"))
		return IO_UTF8;
	if (!strcasecmp(s, "gb18030") || !strcasecmp(s, "gbk") || !strcasecmp(s, "gb2312") || !strcasecmp(s, "cp936"))
		return IO_GB18030;
	return -1;
}

void in_file_free(in_file *f)
{
	for (size_t i = 0; i < f->n; i++)
		kv_free(f->rows[i].kv, f->rows[i].n);
	free(f->rows);
	free(f->name);
	memset(f, 0, sizeof *f);
}

/* Line and column (in bytes) of offset at in data, for one message. */
static void where(const char *data, size_t at, long *line, long *col)
{
	*line = 1;
	*col = 1;
	for (size_t i = 0; i < at; i++) {
		if (data[i] == '\n') {
			(*line)++;
			*col = 1;
		} else {
			(*col)++;
		}
	}
}

/* Whether any byte is outside ASCII. */
static int memchr_high(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] >= 0x80)
			return 1;
	return 0;
}

/* The file's text as UTF-8: as it is, or converted from GB18030. A file
 * in another encoding gets one message, never one per cell. */
static int decode(in_reader *r, int encoding, gc_errs *errs)
{
	long line, col;
	if (encoding == IO_GB18030) {
		gc_buf out;
		size_t bad_at;
		/* UTF-8 Chinese text often decodes as GB18030 too, into nonsense:
		 * a file that is UTF-8 is not taken as GB18030. */
		if (in_valid_prefix(r) == r->len && memchr_high(r->data, r->len)) {
			errs_add(errs, GC_EDATA, "%s: the file is UTF-8, not GB18030: import it without --encoding", r->name);
			return -1;
		}
		buf_init(&out);
		if (text_from_gb18030(r->data, r->len, &out, &bad_at)) {
			where(r->data, bad_at, &line, &col);
			errs_add(errs, GC_EDATA, "%s:%ld: not GB18030 (byte 0x%02X at byte %ld of the line)", r->name, line,
				 bad_at < r->len ? (unsigned char)r->data[bad_at] : 0, col);
			buf_free(&out);
			return -1;
		}
		in_drop(r);
		r->len = out.len;
		r->data = out.p ? out.p : xstrdup("");
		return 0;
	}
	size_t ok = in_valid_prefix(r);
	if (ok == r->len)
		return 0;
	gc_buf probe;
	size_t bad_at;
	buf_init(&probe);
	int gb = text_from_gb18030(r->data, r->len, &probe, &bad_at) == 0;
	buf_free(&probe);
	where(r->data, ok, &line, &col);
	if (gb && r->format == IO_CSV)
		errs_add(errs, GC_EDATA, "%s:%ld: not UTF-8 but GB18030 (GBK), as Chinese Excel and WPS save \"CSV\": "
			 "import it with --encoding gb18030, or save it as \"CSV UTF-8\"", r->name, line);
	else
		errs_add(errs, GC_EDATA, "%s:%ld: not valid UTF-8 (byte 0x%02X at byte %ld of the line)%s", r->name, line,
			 (unsigned char)r->data[ok], col,
			 r->format == IO_CSV ? ": save the file as UTF-8 (\"CSV UTF-8\" in Excel and WPS)"
					     : ": JSON Lines is UTF-8 (RFC 8259)");
	return -1;
}

static void row_clear(in_reader *r)
{
	for (size_t i = 0; i < r->row.n; i++) {
		if (r->own_keys)
			free(r->row.kv[i].key);
		free(r->row.kv[i].val);
	}
	free(r->row.kv);
	r->row.kv = NULL;
	r->row.n = 0;
}

static int name_order(const void *a, const void *b)
{
	char *const *x = a, *const *y = b;
	return strcmp(*x, *y);
}

/* Header names that appear twice, each reported once, in O(n log n). */
static int header_duplicates(in_reader *r, char **names, size_t n, gc_errs *errs)
{
	char **sorted = xcalloc(n + 1, sizeof *sorted);
	int bad = 0;
	memcpy(sorted, names, n * sizeof *names);
	qsort(sorted, n, sizeof *sorted, name_order);
	for (size_t i = 1; i < n; i++)
		if (*sorted[i] && !strcmp(sorted[i], sorted[i - 1]) && (i < 2 || strcmp(sorted[i], sorted[i - 2]))) {
			errs_add(errs, GC_EDATA, "%s:1: column '%s' appears twice in the header", r->name, sorted[i]);
			bad = 1;
		}
	free(sorted);
	return bad;
}

/* The header: every name passes the text rule as one line; empty names
 * at the end (Excel writes them for formatted columns) are left out, an
 * empty one before a name is refused; each problem is said once. */
int in_take_header(in_reader *r, csv_row head, gc_errs *errs)
{
	int bad = 0;
	size_t named = head.n;
	while (named > 0 && head.len[named - 1] == 0)
		named--;
	for (size_t i = 0; i < head.n; i++) {
		const char *why = text_refusal(head.f[i], head.len[i], 0);
		if (why || (i < named && !*head.f[i])) {
			errs_add(errs, GC_EDATA, "%s:1: column %zu of the header %s", r->name, i + 1, why ? why : "is empty");
			bad = 1;
		}
	}
	bad |= header_duplicates(r, head.f, named, errs);
	r->head = head.f;
	r->nhead = named;
	r->ncells = head.n;
	free(head.len);
	return bad ? -1 : 0;
}

static int open_csv(in_reader *r, gc_errs *errs)
{
	csv_row head = { 0 };
	char msg[200];
	int rc;
	csv_open(&r->csv, r->data, r->len);
	if ((rc = csv_next(&r->csv, &head, msg, sizeof msg)) <= 0) {
		errs_add(errs, GC_EDATA, "%s:1: %s", r->name, rc < 0 ? msg : "empty file: a header row is needed");
		csv_row_free(&head);
		return -1;
	}
	return in_take_header(r, head, errs);
}

int in_open(in_reader *r, const char *path, int format, int encoding, gc_errs *errs)
{
	memset(r, 0, sizeof *r);
	r->name = xstrdup(path);
	if (in_map(r, path, errs))
		return -1;
	if (format == IO_AUTO) {
		size_t l = strlen(path);
		format = (l > 6 && !strcmp(path + l - 6, ".jsonl")) || (l > 5 && !strcmp(path + l - 5, ".json"))
			 ? IO_JSONL : IO_CSV;
		if (xlsx_is_zip(r->data, r->len) || (l > 5 && !strcasecmp(path + l - 5, ".xlsx")))
			format = IO_XLSX;
	}
	r->format = format;
	if (format == IO_XLSX && encoding == IO_GB18030) {
		errs_add(errs, GC_EUSAGE, "%s: an .xlsx workbook is Unicode; --encoding is for CSV files", path);
		return -1;
	}
	if (format == IO_XLSX)
		return in_open_xlsx(r, errs);
	r->own_keys = format == IO_JSONL;
	if (format == IO_JSONL && encoding == IO_GB18030) {
		errs_add(errs, GC_EUSAGE, "%s: JSON Lines is UTF-8 (RFC 8259); --encoding is for CSV files", path);
		return -1;
	}
	if (decode(r, encoding, errs))
		return -1;
	if (r->mapped)   /* the check read every page: give them back */
		madvise(r->data, r->len, MADV_DONTNEED);
	in_rewind(r);
	return format == IO_CSV ? open_csv(r, errs) : 0;
}

void in_rewind(in_reader *r)
{
	row_clear(r);
	r->released = 0;
	r->p = r->data;
	r->line = 1;
	if (r->len >= 3 && !memcmp(r->data, "\xEF\xBB\xBF", 3))
		r->p += 3;
	r->xrow = 1;
	if (r->format == IO_CSV && r->head) {
		/* Read past the header again. */
		csv_row head = { 0 };
		char msg[200];
		csv_open(&r->csv, r->data, r->len);
		csv_next(&r->csv, &head, msg, sizeof msg);
		csv_row_free(&head);
	}
}

void in_close(in_reader *r)
{
	row_clear(r);
	strv_free(r->head, r->ncells);
	in_free_xlsx(r);
	in_drop(r);
	free(r->name);
	memset(r, 0, sizeof *r);
}

/* The text rule on every cell of a row, each bad one named by its column. */
void in_take_row(in_reader *r, csv_row *row, int unguard)
{
	r->row.kv = xcalloc(r->nhead + 1, sizeof *r->row.kv);
	for (size_t i = 0; i < r->nhead; i++) {
		r->row.kv[i].key = r->head[i];
		r->row.kv[i].val = row->f[i];
		if (unguard)
			csv_unguard(row->f[i]);
		row->f[i] = NULL;
	}
	r->row.n = r->nhead;
	r->row.line = row->line;
	csv_row_free(row);
}

int in_cells_refused(in_reader *r, const csv_row *row, gc_errs *errs)
{
	int bad = 0;
	for (size_t i = 0; i < row->n; i++) {
		const char *why = text_refusal(row->f[i], row->len[i], 1);
		if (!why)
			continue;
		if (i < r->nhead)
			errs_add(errs, GC_EDATA, "%s:%ld: column '%s': %s", r->name, row->line, r->head[i], why);
		else
			errs_add(errs, GC_EDATA, "%s:%ld: column %zu: %s", r->name, row->line, i + 1, why);
		bad = 1;
	}
	return bad;
}

/* Cells past the named columns (under Excel's empty trailing header
 * columns) must be empty; a row of empty cells only is a blank line. */
int in_row_shape(in_reader *r, const csv_row *row, gc_errs *errs)
{
	size_t filled = 0;
	for (size_t i = 0; i < row->n; i++)
		filled += row->len[i] != 0;
	if (!filled)
		return 1;
	if (row->n < r->nhead || row->n > (r->ncells > r->nhead ? r->ncells : r->nhead)) {
		errs_add(errs, GC_EDATA, "%s:%ld: %zu columns, the header has %zu", r->name, row->line, row->n, r->nhead);
		return -1;
	}
	for (size_t i = r->nhead; i < row->n; i++)
		if (row->len[i]) {
			errs_add(errs, GC_EDATA, "%s:%ld: column %zu has a value but no name in the header", r->name, row->line,
				 i + 1);
			return -1;
		}
	return 0;
}

static int next_csv(in_reader *r, gc_errs *errs)
{
	csv_row row = { 0 };
	char msg[200];
	for (;;) {
		int rc = csv_next(&r->csv, &row, msg, sizeof msg);
		if (rc == 0) {
			csv_row_free(&row);
			return 0;
		}
		if (rc < 0) {
			errs_add(errs, GC_EDATA, "%s:%ld: %s", r->name, row.line ? row.line : r->csv.line, msg);
			csv_row_free(&row);
			return -1;
		}
		int shape = in_row_shape(r, &row, errs);
		if (shape == 1)
			continue;   /* a blank line, or Excel's ",,," */
		if (shape < 0 || in_cells_refused(r, &row, errs)) {
			csv_row_free(&row);
			return -1;
		}
		in_take_row(r, &row, 1);
		return 1;
	}
}

/* Keys (one line) and values (newline and tab allowed) of a JSON row. */
static int kv_refused(in_reader *r, long line, gc_errs *errs)
{
	int bad = 0;
	for (size_t i = 0; i < r->row.n; i++) {
		const gc_kv *kv = &r->row.kv[i];
		const char *why = text_refusal(kv->key, strlen(kv->key), 0);
		if (why || !*kv->key) {
			errs_add(errs, GC_EDATA, "%s:%ld: a key %s", r->name, line, why ? why : "is empty");
			bad = 1;
		} else if ((why = text_refusal(kv->val, strlen(kv->val), 1))) {
			errs_add(errs, GC_EDATA, "%s:%ld: column '%s': %s", r->name, line, kv->key, why);
			bad = 1;
		}
	}
	return bad;
}

static int next_jsonl(in_reader *r, gc_errs *errs)
{
	const char *end = r->data + r->len;
	char msg[300];
	while (r->p < end) {
		const char *nl = memchr(r->p, '\n', (size_t)(end - r->p));
		const char *e = nl ? nl : end, *q = r->p, *start = r->p;
		long line = r->line++;
		r->p = nl ? nl + 1 : end;
		while (q < e && (*q == ' ' || *q == '\t' || *q == '\r'))
			q++;
		if (q == e)
			continue;
		if (json_parse_flat(start, (size_t)(e - start), &r->row.kv, &r->row.n, msg, sizeof msg)) {
			errs_add(errs, GC_EDATA, "%s:%ld: %s", r->name, line, msg);
			return -1;
		}
		if (kv_refused(r, line, errs)) {
			row_clear(r);
			return -1;
		}
		r->row.line = line;
		return 1;
	}
	return 0;
}

int in_next(in_reader *r, gc_errs *errs)
{
	row_clear(r);
	if (r->format == IO_XLSX)
		return in_next_xlsx(r, errs);
	return r->format == IO_JSONL ? next_jsonl(r, errs) : next_csv(r, errs);
}

int in_file_read(in_file *f, const char *path, int format, int encoding, gc_errs *errs)
{
	in_reader r;
	size_t cap = 0;
	int rc, bad = 0;
	memset(f, 0, sizeof *f);
	f->name = xstrdup(path);
	if (in_open(&r, path, format, encoding, errs)) {
		in_close(&r);
		return -1;
	}
	while ((rc = in_next(&r, errs)) != 0) {
		if (rc < 0) {
			bad = 1;
			continue;
		}
		if (f->n == cap)
			f->rows = xrealloc(f->rows, (cap = cap ? cap * 2 : 256) * sizeof *f->rows);
		in_row *row = &f->rows[f->n++];
		row->line = r.row.line;
		row->n = r.row.n;
		row->kv = xcalloc(r.row.n + 1, sizeof *row->kv);
		for (size_t i = 0; i < r.row.n; i++) {
			row->kv[i].key = xstrdup(r.row.kv[i].key);
			row->kv[i].val = xstrdup(r.row.kv[i].val);
		}
	}
	in_close(&r);
	return bad ? -1 : 0;
}

const char *in_row_get(const in_row *r, const char *key)
{
	/* Rows of a CSV share their header, so the column found last time for
	 * a key (a string constant here) is almost always right. */
	static const char *keys[16];
	static size_t cols[16];
	size_t slot = ((uintptr_t)key >> 3) & 15;
	if (keys[slot] == key && cols[slot] < r->n && !strcmp(r->kv[cols[slot]].key, key))
		return r->kv[cols[slot]].val;
	for (size_t i = 0; i < r->n; i++)
		if (!strcmp(r->kv[i].key, key)) {
			keys[slot] = key;
			cols[slot] = i;
			return r->kv[i].val;
		}
	return NULL;
}

void in_locate_errors(gc_ctx *ctx, size_t from, const char *file, long line)
{
	for (size_t i = from; i < ctx->errs.n; i++) {
		gc_buf b;
		buf_init(&b);
		buf_printf(&b, "%s:%ld: %s", file, line, ctx->errs.msg[i]);
		free(ctx->errs.msg[i]);
		ctx->errs.msg[i] = b.p;
	}
}

/* ---- nodes ---- */

typedef struct node_op {
	gc_ctx *ctx;
	const in_file *f;
	size_t added, updated;
} node_op;

typedef struct txn_node {
	uint32_t id, parent;
	int level;
} txn_node;

static int lookup_node(gc_ctx *ctx, MDB_txn *txn, const char *code, txn_node *out)
{
	store_item it;
	unsigned char idk[4];
	if (store_get(ctx->st, txn, TBL_NODE_CODE, code, strlen(code), &it) || it.vlen != 4)
		return -1;
	memcpy(idk, it.val, 4);
	out->id = get_be32(idk);
	if (store_get(ctx->st, txn, TBL_NODES, idk, 4, &it))
		return -1;
	return node_peek(it.val, it.vlen, &out->parent, &out->level);
}

/* The attribute of level L a column names: its key, else its label. */
static const gc_field *level_attr(const gc_level *L, const char *name)
{
	for (size_t j = 0; j < L->nattrs; j++)
		if (!strcmp(L->attrs[j].key, name))
			return &L->attrs[j];
	for (size_t j = 0; j < L->nattrs; j++)
		if (L->attrs[j].label && !strcmp(L->attrs[j].label, name))
			return &L->attrs[j];
	return NULL;
}

static int is_node_column(const char *k)
{
	return !strcmp(k, "code") || !strcmp(k, "name") || !strcmp(k, "parent") || !strcmp(k, "level");
}

typedef struct seen_col {
	const char *name;
	long line;
} seen_col;

static int seen_order(const void *a, const void *b)
{
	const seen_col *x = a, *y = b;
	int c = strcmp(x->name, y->name);
	return c ? c : (x->line > y->line) - (x->line < y->line);
}

/* Columns that are an attribute of no level, each said once however many
 * rows have them (sorted, then counted). Returns whether there was one. */
static int unknown_node_columns(gc_ctx *ctx, const in_file *f)
{
	const gc_config *cfg = ctx->cfg;
	seen_col *u = NULL;
	size_t n = 0, cap = 0;
	for (size_t i = 0; i < f->n; i++)
		for (size_t c = 0; c < f->rows[i].n; c++) {
			const char *k = f->rows[i].kv[c].key;
			int known = is_node_column(k);
			for (size_t l = 0; l < cfg->nlevels && !known; l++)
				known = level_attr(&cfg->levels[l], k) != NULL;
			if (known)
				continue;
			if (n == cap)
				u = xrealloc(u, (cap = cap ? cap * 2 : 16) * sizeof *u);
			u[n++] = (seen_col){ k, f->rows[i].line };
		}
	if (n > 1)
		qsort(u, n, sizeof *u, seen_order);
	for (size_t i = 0, j; i < n; i = j) {
		for (j = i + 1; j < n && !strcmp(u[j].name, u[i].name); j++)
			;
		if (j - i > 1)
			core_fail(ctx, GC_EDATA, "%s:%ld: column '%s' is neither code, name, parent, level nor an attribute "
				  "of a level (and in %zu more rows)", f->name, u[i].line, u[i].name, j - i - 1);
		else
			core_fail(ctx, GC_EDATA, "%s:%ld: column '%s' is neither code, name, parent, level nor an attribute "
				  "of a level", f->name, u[i].line, u[i].name);
	}
	free(u);
	return n > 0;
}

/* What became of a node row. */
enum { ROW_DONE, ROW_LATER, ROW_BAD };

/* Check one node row and write it. *outcome says whether it was written,
 * must wait for its parent (try again after the other rows) or was bad
 * (reported); the return value is an LMDB error, 0 when none. */
static int import_node_row(node_op *op, MDB_txn *txn, const in_row *r, uint64_t *next_node, int last_pass,
			   int *outcome)
{
	gc_ctx *ctx = op->ctx;
	const gc_config *cfg = ctx->cfg;
	const char *code = in_row_get(r, "code"), *name = in_row_get(r, "name");
	const char *parent = in_row_get(r, "parent"), *level = in_row_get(r, "level");
	size_t before = ctx->errs.n;
	*outcome = ROW_DONE;
	txn_node pn = { 0, 0, -1 }, existing;
	if (!code || !*code || text_refusal(code, strlen(code), 0) || strlen(code) > 64)
		core_fail(ctx, GC_EDATA, "code is missing or not valid text (at most 64 bytes)");
	if (!name || !*name || text_refusal(name, strlen(name), 0))
		core_fail(ctx, GC_EDATA, "name is missing or not valid text");
	if (ctx->errs.n > before)
		goto bad;
	if (parent && *parent) {
		if (lookup_node(ctx, txn, parent, &pn)) {
			if (!last_pass) {
				*outcome = ROW_LATER;
				return 0;
			}
			core_fail(ctx, GC_EDATA, "parent '%s' is neither in the database nor in the file", parent);
			goto bad;
		}
	}
	int lv = pn.level + 1;
	if (lv >= (int)cfg->nlevels) {
		core_fail(ctx, GC_EDATA, "node '%s' would be below the last level (%s)", code, cfg->levels[cfg->nlevels - 1].key);
		goto bad;
	}
	if (level && *level) {
		int want = config_level_index(cfg, level);
		for (size_t i = 0; want < 0 && i < cfg->nlevels; i++)
			if (!strcmp(cfg->levels[i].label, level))
				want = (int)i;
		if (want < 0)
			core_fail(ctx, GC_EDATA, "unknown level '%s'", level);
		else if (want != lv)
			core_fail(ctx, GC_EDATA, "node '%s' is a %s by its parent, not a %s", code, cfg->levels[lv].key, level);
	}
	/* Other columns are the level's attributes. */
	const gc_level *L = &cfg->levels[lv];
	gc_kv *attrs = xcalloc(r->n + 1, sizeof *attrs);
	size_t nattrs = 0;
	gc_buf canon;
	char msg[300];
	buf_init(&canon);
	for (size_t i = 0; i < r->n; i++) {
		const char *k = r->kv[i].key;
		if (is_node_column(k))
			continue;
		const gc_field *af = level_attr(L, k);
		if (!af) {
			if (*r->kv[i].val)
				core_fail(ctx, GC_EDATA, "column '%s' is not an attribute of level %s", k, L->key);
			continue;
		}
		buf_reset(&canon);
		const char *why = field_canonical(cfg, af, r->kv[i].val, &canon, msg, sizeof msg);
		if (why) {
			core_fail(ctx, GC_EDATA, "%s (%s): %s", af->key, af->label, why);
			continue;
		}
		for (size_t j = 0; j < nattrs; j++)
			if (attrs[j].key == af->key)
				core_fail(ctx, GC_EDATA, "two columns name attribute %s (%s)", af->key, af->label);
		if (canon.len) {
			attrs[nattrs].key = af->key;
			attrs[nattrs].val = canon.p;
			nattrs++;
			buf_init(&canon);
		}
	}
	buf_free(&canon);
	int rc = 0;
	if (ctx->errs.n == before) {
		uint32_t id;
		if (lookup_node(ctx, txn, code, &existing) == 0) {
			if (existing.parent != pn.id) {
				core_fail(ctx, GC_EDATA, "node '%s' exists under another parent; moving nodes is not supported", code);
				goto out;
			}
			id = existing.id;
			op->updated++;
		} else {
			id = (uint32_t)(*next_node)++;
			op->added++;
		}
		gc_buf b;
		unsigned char idk[4];
		node_data nd = { pn.id, lv, (char *)code, (char *)name, attrs, nattrs };
		buf_init(&b);
		key_node(idk, id);
		node_encode(&b, &nd);
		rc = store_put(ctx->st, txn, TBL_NODES, idk, 4, b.p, b.len);
		if (!rc)
			rc = store_put(ctx->st, txn, TBL_NODE_CODE, code, strlen(code), idk, 4);
		buf_free(&b);
	}
out:
	for (size_t i = 0; i < nattrs; i++)
		free(attrs[i].val);
	free(attrs);
	if (rc)
		return rc;
	if (ctx->errs.n > before)
		goto bad;
	return 0;
bad:
	in_locate_errors(ctx, before, op->f->name, r->line);
	*outcome = ROW_BAD;
	return 0;
}

static int nodes_fn(MDB_txn *txn, void *arg)
{
	node_op *op = arg;
	gc_ctx *ctx = op->ctx;
	uint64_t next_node;
	int rc = meta_get_u64(ctx->st, txn, "next_node", &next_node);
	if (rc)
		return rc;
	errs_clear(&ctx->errs);   /* a run again after the map grew reports afresh */
	op->added = op->updated = 0;
	unsigned char *done = xcalloc(op->f->n + 1, 1);
	size_t left = op->f->n;
	int bad = 0, progress = 1, outcome;
	/* Rows may come in any order: repeat until every parent has appeared. */
	while (left && progress && !rc) {
		progress = 0;
		for (size_t i = 0; i < op->f->n && !rc; i++) {
			if (done[i])
				continue;
			rc = import_node_row(op, txn, &op->f->rows[i], &next_node, 0, &outcome);
			if (rc || outcome == ROW_LATER)
				continue;
			done[i] = 1;
			left--;
			progress = 1;
			bad |= outcome == ROW_BAD;
		}
	}
	for (size_t i = 0; i < op->f->n && left && !rc; i++)
		if (!done[i]) {
			rc = import_node_row(op, txn, &op->f->rows[i], &next_node, 1, &outcome);
			bad |= outcome == ROW_BAD;
		}
	free(done);
	if (rc)
		return rc;   /* a storage error: a full map is grown and all rows tried again */
	if (bad)
		return STORE_ABORT;
	return meta_put_u64(ctx->st, txn, "next_node", next_node);
}

int core_import_nodes(gc_ctx *ctx, const in_file *f, size_t *added, size_t *updated)
{
	errs_clear(&ctx->errs);   /* errs holds the errors of the last call */
	if (core_require_admin(ctx, "import nodes"))
		return GC_EPERM;
	if (unknown_node_columns(ctx, f))
		return GC_EDATA;
	node_op op = { ctx, f, 0, 0 };
	int rc = store_write(ctx->st, nodes_fn, &op, &ctx->errs);
	if (rc)
		return ctx->errs.status ? ctx->errs.status : GC_EIO;
	MDB_txn *txn;
	if (store_read(ctx->st, &txn, &ctx->errs))
		return GC_EIO;
	core_reload_nodes(ctx, txn);
	store_read_end(txn);
	*added = op.added;
	*updated = op.updated;
	return 0;
}
