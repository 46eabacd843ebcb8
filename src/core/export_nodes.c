/* SPDX-License-Identifier: MIT */
/* export_nodes.c - the tree out as CSV or JSON Lines, in exactly the form
 * `import nodes` reads (code, name, parent, level, the levels' attributes),
 * so a district moves to a new database with its tree: export nodes,
 * import nodes into a fresh file, export nodes again gives the same bytes.
 * Nodes go depth first, children by code, as `tree` shows them: every
 * parent comes before its children, so the import numbers them in the
 * same order. Apart from export.c, which writes records. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include "core/core_int.h"
#include "gridcase/csv.h"
#include "gridcase/json.h"
#include "gridcase/xlsx.h"

typedef struct node_export {
	gc_ctx *ctx;
	int format;
	FILE *out;
	const char **cols;     /* attribute columns: every level's, each key once */
	size_t ncols;
	size_t count;
	gc_buf line;
	int failed;            /* the errno of a failed write, else 0 */
	xlsx_writer *xw;       /* XLSX: the workbook being written */
} node_export;

static const char *attr_of(const gc_node *n, const char *key)
{
	for (size_t i = 0; i < n->nattrs; i++)
		if (!strcmp(n->attrs[i].key, key))
			return n->attrs[i].val;
	return "";
}

/* Whether level lv defines attribute key: an attribute the configuration
 * no longer defines is left out, as import would refuse it. */
static int level_has(const gc_level *lv, const char *key)
{
	for (size_t i = 0; i < lv->nattrs; i++)
		if (!strcmp(lv->attrs[i].key, key))
			return 1;
	return 0;
}

static void node_line(node_export *ne, const gc_node *n)
{
	const gc_config *cfg = ne->ctx->cfg;
	const gc_node *p = core_node(ne->ctx, n->parent);
	const gc_level *lv = &cfg->levels[n->level];
	const char *sys[4] = { n->code, n->name, p ? p->code : "", lv->key };
	static const char *const keys[4] = { "code", "name", "parent", "level" };
	buf_reset(&ne->line);
	if (ne->xw) {   /* the CSV's columns as text cells */
		uint32_t row = (uint32_t)ne->count + 1;
		int bad = 0;
		for (int i = 0; i < 4; i++)
			bad |= xlsx_text(ne->xw, row, (uint16_t)i, sys[i]);
		for (size_t i = 0; i < ne->ncols; i++)
			bad |= xlsx_text(ne->xw, row, (uint16_t)(4 + i), level_has(lv, ne->cols[i]) ? attr_of(n, ne->cols[i]) : "");
		if (bad)
			core_fail(ne->ctx, GC_EDATA, "export nodes: node %s: %s", n->code, xlsx_writer_error(ne->xw));
		return;
	}
	if (ne->format == IO_JSON)   /* one array: a separator before every element but the first */
		buf_adds(&ne->line, ne->count ? ",\n" : "\n");
	if (ne->format == IO_CSV) {
		for (int i = 0; i < 4; i++)
			csv_field(&ne->line, sys[i], i == 3 && ne->ncols == 0);
		for (size_t i = 0; i < ne->ncols; i++)
			csv_field(&ne->line, level_has(lv, ne->cols[i]) ? attr_of(n, ne->cols[i]) : "", i + 1 == ne->ncols);
		return;
	}
	buf_addc(&ne->line, '{');
	for (int i = 0; i < 4; i++) {
		if (i)
			buf_addc(&ne->line, ',');
		json_str(&ne->line, keys[i]);
		buf_addc(&ne->line, ':');
		json_str(&ne->line, sys[i]);
	}
	for (size_t i = 0; i < lv->nattrs; i++) {
		const char *v = attr_of(n, lv->attrs[i].key);
		if (!*v)
			continue;
		buf_addc(&ne->line, ',');
		json_str(&ne->line, lv->attrs[i].key);
		buf_addc(&ne->line, ':');
		json_str(&ne->line, v);
	}
	buf_adds(&ne->line, ne->format == IO_JSON ? "}" : "}\n");
}

static int put_line(node_export *ne)
{
	if (ne->xw)
		return ne->ctx->errs.n ? -1 : 0;
	if (fwrite(ne->line.p, 1, ne->line.len, ne->out) != ne->line.len) {
		ne->failed = errno ? errno : EIO;
		return -1;
	}
	return 0;
}

/* A node and its subtree; -1 when a write failed. */
static int export_subtree(node_export *ne, const gc_node *n)
{
	node_line(ne, n);
	if (put_line(ne))
		return -1;
	ne->count++;
	for (size_t i = 0; i < n->nchildren; i++) {
		const gc_node *c = core_node(ne->ctx, n->children[i]);
		if (c && export_subtree(ne, c))
			return -1;
	}
	return 0;
}

static void header(node_export *ne)
{
	const gc_config *cfg = ne->ctx->cfg;
	size_t cap = 0;
	for (size_t i = 0; i < cfg->nlevels; i++)
		cap += cfg->levels[i].nattrs;
	ne->cols = xcalloc(cap + 1, sizeof *ne->cols);
	for (size_t i = 0; i < cfg->nlevels; i++)
		for (size_t j = 0; j < cfg->levels[i].nattrs; j++) {
			const char *k = cfg->levels[i].attrs[j].key;
			int dup = 0;
			for (size_t c = 0; c < ne->ncols; c++)
				dup |= !strcmp(ne->cols[c], k);
			if (!dup)
				ne->cols[ne->ncols++] = k;
		}
	buf_reset(&ne->line);
	csv_field(&ne->line, "code", 0);
	csv_field(&ne->line, "name", 0);
	csv_field(&ne->line, "parent", 0);
	csv_field(&ne->line, "level", ne->ncols == 0);
	for (size_t i = 0; i < ne->ncols; i++)
		csv_field(&ne->line, ne->cols[i], i + 1 == ne->ncols);
}

int core_export_nodes(gc_ctx *ctx, const char *code, int format, FILE *out, size_t *count)
{
	errs_clear(&ctx->errs);   /* errs holds the errors of the last call */
	*count = 0;
	/* One who sees everything and names no node gets every root. */
	const gc_node *top = NULL;
	if ((code || ctx->scope != SCOPE_ALL) && !(top = core_scope_node(ctx, code)))
		return ctx->errs.status ? ctx->errs.status : GC_ENOTFOUND;
	node_export ne;
	memset(&ne, 0, sizeof ne);
	ne.ctx = ctx;
	ne.format = format == IO_JSONL || format == IO_JSON ? format : IO_CSV;
	ne.out = out;
	buf_init(&ne.line);
	char msg[300];
	if (format == IO_XLSX && !(ne.xw = xlsx_writer_new("nodes", msg, sizeof msg)))
		return core_fail(ctx, GC_EIO, "export nodes: %s", msg);
	if (ne.format == IO_CSV) {
		header(&ne);
		if (ne.xw) {
			const char *sys[4] = { "code", "name", "parent", "level" };
			for (int i = 0; i < 4; i++)
				xlsx_head(ne.xw, (uint16_t)i, sys[i]);
			for (size_t i = 0; i < ne.ncols; i++)
				xlsx_head(ne.xw, (uint16_t)(4 + i), ne.cols[i]);
		}
		put_line(&ne);
	} else if (ne.format == IO_JSON && fputc('[', out) == EOF) {
		ne.failed = errno ? errno : EIO;
	}
	if (top && !ne.failed)
		export_subtree(&ne, top);
	for (size_t i = 0; !top && !ne.failed && i < ctx->nroots; i++)
		export_subtree(&ne, &ctx->nodes[ctx->roots[i]]);
	if (ne.format == IO_JSON && !ne.failed && fputs(ne.count ? "\n]\n" : "]\n", out) == EOF)
		ne.failed = errno ? errno : EIO;
	free(ne.cols);
	buf_free(&ne.line);
	if (ne.xw && ctx->errs.n) {
		xlsx_writer_discard(ne.xw);
		return GC_EDATA;
	}
	if (ne.xw && xlsx_writer_finish(ne.xw, out, msg, sizeof msg)) {
		*count = ne.count;
		return core_fail(ctx, GC_EIO, "export nodes: %s", msg);
	}
	int werr = ne.failed;
	if (!werr && fflush(out))
		werr = errno ? errno : EIO;
	if (!werr && ferror(out))
		werr = EIO;
	*count = ne.count;
	if (werr)
		return core_fail(ctx, GC_EIO, "export nodes: cannot write the output: %s", strerror(werr));
	return 0;
}
