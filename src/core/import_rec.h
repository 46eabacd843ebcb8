/* SPDX-License-Identifier: MIT */
/* import_rec.h - an import of records as it goes: shared by
 * import_records.c (the header, the rows, one transaction) and
 * import_large.c (a large file: checked whole, then written in
 * transactions with its rows built on a thread of their own). */
#ifndef GRIDCASE_IMPORT_REC_H
#define GRIDCASE_IMPORT_REC_H

#include "core/core_int.h"
#include "core/write.h"
#include "core/import_mark.h"
#include "core/import_pipe.h"

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

/* The rows a large import's check built, kept for its write in a file of
 * no name (import_keep.c). */
typedef struct keep_file {
	int fd;                  /* -1: none (the write reads the file again) */
	int failed;              /* a write failed (a full disk): not used */
	uint64_t size, rows;     /* bytes and rows written */
	uint64_t released;       /* bytes whose blocks keep_release has punched out */
	gc_buf out;              /* entries not yet written */
	gc_change *chg;          /* keep_add: a row's history changes, borrowed from its record */
	size_t chg_cap;
	unsigned char *in;       /* read back: bytes [in_off, in_off + in_len) */
	size_t in_len, in_cap;
	uint64_t in_off;
} keep_file;

/* A kept row as read back: strings and bytes point into the read buffer,
 * valid until the next keep_next. */
typedef struct kept_row {
	long line;
	uint64_t row;            /* rows read up to and including this one */
	rec_meta m;              /* id as the check gave it, seq 0 */
	const unsigned char *blob, *hist;
	size_t len, hlen;
} kept_row;

/* 0, or -1 when no such file can be made in the database's directory. */
int keep_open(keep_file *k, const char *db_path);
/* Keep a checked row (rec->id already the one it gets) and its history
 * entry h, whose changes (every field, from nothing) are taken from the
 * record when h has none: 0, -1 when it cannot be written (the file is
 * then not used). */
int keep_add(keep_file *k, const gc_record *rec, const gc_hist *h, long line, uint64_t row);
/* Write what is buffered: 0, or -1 (not used). */
int keep_end(keep_file *k);
/* The row at byte *at (moved past it): 1, 0 at the end, -1 unreadable. */
int keep_next(keep_file *k, uint64_t *at, kept_row *r);
/* The rows before byte upto are written to the database (committed):
 * their blocks are given back, so the import needs little more disk than
 * before (the rows' records and history are about the same size). */
void keep_release(keep_file *k, uint64_t upto);
void keep_close(keep_file *k);

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
	size_t txn_rows;       /* rows of the transaction under way (import_chunk_rows) */
	struct id_line { uint64_t id; long line; } *ids;
	size_t nids, idcap;
	uint64_t next_id;      /* the check: the id the next row without one gets */
	/* The ids the check gave rows without one (in line order): the write
	 * gives them the same, and each transaction keeps meta/next_id past
	 * every id of the file, so a record made between two transactions
	 * (or between a stop and the resume) takes none of them. */
	struct id_line *given;
	size_t ngiven, givencap;
	uint64_t file_next;    /* the check's next_id after the whole file */
	uint64_t chunk_from;   /* rows in when this transaction began */
	size_t chunk_added;
	long chunk_line;       /* the line of its last row */
	int at_end;
	import_mark mark;      /* what meta/import says, and will say */
	/* While the transactions are written, rows are built on the pipe's
	 * thread with pctx (a copy of wctx with its own errors: the
	 * configuration and nodes are only read), and ctx points at it. */
	gc_ctx *wctx;
	gc_ctx pctx;
	row_pipe *pipe;
	uint64_t taken;        /* rows the writer has taken from the pipe */
	/* The check's rows, kept (keep.fd >= 0): the write reads them from
	 * keep_at (keep_from when its transaction began) instead of the pipe. */
	keep_file keep;
	uint64_t keep_at, keep_from;
	int keep_changes;      /* the check: the history's changes left to keep_add */
	bulk_order order;
} rec_op;

/* The reader's next row, counted (rows): 1, 0 at the end, -1 when bad (said). */
int next_row(rec_op *op);
/* From the start again, past the first n rows. */
void skip_rows(rec_op *op, uint64_t n);
/* The reader's row as a record: 1 when it may be written, 0 when refused
 * (said at FILE:LINE, or a stray said by report_strays). txn NULL: ids
 * are left to the write to check. */
int row_good(rec_op *op, MDB_txn *txn, gc_record *rec, gc_hist *h);
void keep_refs(rec_op *op, const gc_record *rec, long line);
int check_refs(rec_op *op, MDB_txn *txn);
int report_strays(rec_op *op);
void clear_strays(rec_op *op);
/* import_large.c: a file of more than op->chunk rows. */
int import_chunked(rec_op *op, size_t *resumed);

#endif
