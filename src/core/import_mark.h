/* SPDX-License-Identifier: MIT */
/* import_mark.h - meta/import: a large import written in several
 * transactions names its file and the rows done (import_resume.c). */
#ifndef GRIDCASE_IMPORT_MARK_H
#define GRIDCASE_IMPORT_MARK_H

#include <stdint.h>
#include "core/core_int.h"

typedef struct import_mark {
	uint64_t rows;      /* rows of the file (blank lines not counted) written */
	long line;          /* the line of the last of them */
	uint64_t size, hash;/* the file: its length and import_hash of its bytes */
	char *form;         /* the form named on the command line, or "" */
	char *name;         /* the file as named on the command line */
} import_mark;

/* A hash of a file's bytes, fed in pieces whose lengths are multiples of 8. */
/* Rows of one import transaction: GC_IMPORT_ONE_TXN, or GRIDCASE_IMPORT_TXN (tests). */
size_t import_txn_rows(void);
/* Rows of each transaction of a large import into a database that holds
 * `records`: 50,000 while it holds fewer than 1,000,000 (a transaction
 * rewrites about the same pages whatever its rows, the tails of the
 * posting lists and the rollups, and those grow with the database: fewer
 * transactions rewrite them less often), else GC_IMPORT_ONE_TXN;
 * GRIDCASE_IMPORT_TXN (tests) for both. */
size_t import_chunk_rows(uint64_t records);
uint64_t import_hash(uint64_t h, const char *data, size_t len);
/* import_file.c: the file's bytes in r->data (mapped when it can be) and
 * let go of. */
int in_map(in_reader *r, const char *path, gc_errs *errs);
void in_drop(in_reader *r);
/* Whether a mapped file was written since in_map (size or mtime moved). */
int in_changed(const in_reader *r);
/* The length of the file's valid UTF-8 prefix (utf8_valid_prefix, its
 * pages given back as it goes). */
size_t in_valid_prefix(in_reader *r);
/* The hash of the whole file (import.c: its pages given back as it goes). */
uint64_t in_hash(in_reader *r);
/* 0, MDB_NOTFOUND when no import is under way, or an LMDB error. */
int import_mark_get(gc_store *st, MDB_txn *txn, import_mark *m);
int import_mark_put(gc_store *st, MDB_txn *txn, const import_mark *m);
int import_mark_clear(gc_store *st, MDB_txn *txn);
void import_mark_free(import_mark *m);
/* The mark left by a large import that stopped: want's file (same size,
 * hash and form: *skip its rows, want->rows and line set), else refused
 * naming the other file (GC_EUSAGE); 0 with *skip 0 when there is none. */
int import_resume_point(gc_ctx *ctx, import_mark *want, uint64_t *skip);
/* What stopped and how to finish it, one sentence (translated). */
void import_mark_say(const import_mark *m, gc_buf *b);

#endif
