/* SPDX-License-Identifier: MIT */
/* import_resume.c - meta/import, the mark of a large import written in
 * several transactions: which file (name, size, a hash of its bytes), which
 * form, and how many of its rows are in. Every command says when one is
 * there; the same import command carries on after the rows it names
 * (import_records.c). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/core_int.h"
#include "core/import_mark.h"
#include "gridcase/i18n.h"

#define MARK_KEY "import"

uint64_t import_hash(uint64_t h, const char *data, size_t len)
{
	/* FNV-1a over 8-byte words, then the tail: a changed byte anywhere
	 * changes it, at memory speed. */
	size_t i = 0;
	for (; i + 8 <= len; i += 8) {
		uint64_t w;
		memcpy(&w, data + i, 8);
		h = (h ^ w) * 0x100000001b3ULL;
		h ^= h >> 29;
	}
	for (; i < len; i++)
		h = (h ^ (unsigned char)data[i]) * 0x100000001b3ULL;
	return h;
}

size_t import_txn_rows(void)
{
	const char *v = getenv("GRIDCASE_IMPORT_TXN");
	return v && strtoul(v, NULL, 10) ? (size_t)strtoul(v, NULL, 10) : GC_IMPORT_ONE_TXN;
}

#define IMPORT_TXN_SMALL_DB 50000     /* rows a transaction into a database of fewer than */
#define IMPORT_SMALL_DB 1000000       /* records (resident memory, docs/performance.md) */

size_t import_chunk_rows(uint64_t records)
{
	const char *v = getenv("GRIDCASE_IMPORT_TXN");
	if (v && strtoul(v, NULL, 10))
		return (size_t)strtoul(v, NULL, 10);
	return records < IMPORT_SMALL_DB ? IMPORT_TXN_SMALL_DB : GC_IMPORT_ONE_TXN;
}

void import_mark_free(import_mark *m)
{
	free(m->form);
	free(m->name);
	memset(m, 0, sizeof *m);
}

/* The value: "ROWS LINE SIZE HASH\tFORM\tNAME" (FORM empty: each row's own). */
int import_mark_get(gc_store *st, MDB_txn *txn, import_mark *m)
{
	store_item it;
	memset(m, 0, sizeof *m);
	int rc = store_get(st, txn, TBL_META, MARK_KEY, strlen(MARK_KEY), &it);
	if (rc)
		return rc;
	char *v = xstrndup((const char *)it.val, it.vlen), *t1 = strchr(v, '\t'), *t2 = t1 ? strchr(t1 + 1, '\t') : NULL;
	unsigned long long rows, size, hash;
	long line;
	if (!t2 || sscanf(v, "%llu %ld %llu %llx", &rows, &line, &size, &hash) != 4) {
		free(v);
		return MDB_CORRUPTED;
	}
	m->rows = rows;
	m->line = line;
	m->size = size;
	m->hash = hash;
	m->form = xstrndup(t1 + 1, (size_t)(t2 - t1 - 1));
	m->name = xstrdup(t2 + 1);
	free(v);
	return 0;
}

int import_mark_put(gc_store *st, MDB_txn *txn, const import_mark *m)
{
	gc_buf b;
	buf_init(&b);
	buf_printf(&b, "%llu %ld %llu %016llx\t%s\t%s", (unsigned long long)m->rows, m->line,
		   (unsigned long long)m->size, (unsigned long long)m->hash, m->form ? m->form : "", m->name);
	int rc = store_put(st, txn, TBL_META, MARK_KEY, strlen(MARK_KEY), b.p, b.len);
	buf_free(&b);
	return rc;
}

int import_mark_clear(gc_store *st, MDB_txn *txn)
{
	return store_del(st, txn, TBL_META, MARK_KEY, strlen(MARK_KEY));
}

void import_mark_say(const import_mark *m, gc_buf *b)
{
	buf_printf(b, _("the import of %s stopped after line %ld (%llu rows in): run 'gridcase import records %s%s%s' "
			"again to import the rest"), m->name, m->line, (unsigned long long)m->rows,
		   m->form && *m->form ? m->form : "", m->form && *m->form ? " " : "", m->name);
}

int import_resume_point(gc_ctx *ctx, import_mark *want, uint64_t *skip)
{
	MDB_txn *txn;
	import_mark m;
	*skip = 0;
	if (store_read(ctx->st, &txn, &ctx->errs))
		return GC_EIO;
	int rc = import_mark_get(ctx->st, txn, &m);
	store_read_end(txn);
	if (rc == MDB_NOTFOUND)
		return 0;
	if (rc)
		return core_fail(ctx, GC_EIO, "%s: meta/import: %s", ctx->st->path, store_strerror(rc));
	if (m.size == want->size && m.hash == want->hash && !strcmp(m.form, want->form)) {
		*skip = m.rows;
		want->rows = m.rows;
		want->line = m.line;
		import_mark_free(&m);
		return 0;
	}
	gc_buf b;
	buf_init(&b);
	import_mark_say(&m, &b);
	core_fail(ctx, GC_EUSAGE, "%s: not imported: %s first (the file must be the same, byte for byte)", want->name, b.p);
	buf_free(&b);
	import_mark_free(&m);
	return GC_EUSAGE;
}

char *core_import_pending(gc_ctx *ctx)
{
	MDB_txn *txn;
	gc_errs errs;
	import_mark m;
	errs_init(&errs);
	int rc = store_read(ctx->st, &txn, &errs);
	errs_free(&errs);
	if (rc)
		return NULL;
	rc = import_mark_get(ctx->st, txn, &m);
	store_read_end(txn);
	if (rc)
		return NULL;
	gc_buf b;
	buf_init(&b);
	import_mark_say(&m, &b);
	import_mark_free(&m);
	return b.p;
}

typedef struct abandon_op {
	gc_ctx *ctx;
	char *said;
} abandon_op;

static int abandon_fn(MDB_txn *txn, void *arg)
{
	abandon_op *op = arg;
	import_mark m;
	int rc = import_mark_get(op->ctx->st, txn, &m);
	if (rc == MDB_NOTFOUND) {
		core_fail(op->ctx, GC_EUSAGE, "%s: no import stopped part-way: nothing to give up", op->ctx->st->path);
		return STORE_ABORT;
	}
	if (rc || (rc = import_mark_clear(op->ctx->st, txn)) != 0) {
		core_fail(op->ctx, GC_EIO, "%s: meta/import: %s", op->ctx->st->path, store_strerror(rc));
		return STORE_ABORT;
	}
	gc_buf b;
	buf_init(&b);
	buf_printf(&b, _("the import of %s is given up after line %ld: the %llu rows it had imported stay"), m.name, m.line,
		   (unsigned long long)m.rows);
	op->said = b.p;
	import_mark_free(&m);
	return 0;
}

int core_import_abandon(gc_ctx *ctx, char **said)
{
	abandon_op op = { ctx, NULL };
	if (store_write(ctx->st, abandon_fn, &op, &ctx->errs)) {
		free(op.said);
		return ctx->errs.status ? ctx->errs.status : GC_EIO;
	}
	*said = op.said;
	return 0;
}
