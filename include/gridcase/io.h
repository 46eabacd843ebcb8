/* io.h - import and export of nodes and records as CSV or JSON Lines. */
#ifndef GRIDCASE_IO_H
#define GRIDCASE_IO_H

#include <stdio.h>
#include "gridcase/core.h"
#include "gridcase/query.h"
#include "gridcase/csv.h"

enum io_format { IO_AUTO, IO_CSV, IO_JSONL, IO_TABLE };
/* The encoding of a CSV file: UTF-8 (a byte order mark or none), or
 * GB18030 (GBK, GB2312) converted with iconv when asked (--encoding). */
enum io_encoding { IO_UTF8, IO_GB18030 };

/* One input row: its line in the file and its column=value pairs. */
typedef struct in_row {
	long line;
	gc_kv *kv;
	size_t n;
} in_row;

/* A file being read row by row: the whole file is in memory (so a write
 * that must start again can rewind), rows are decoded one at a time. */
typedef struct in_reader {
	char *name;
	char *data;
	size_t len;
	int format;
	const char *p;          /* JSONL: next line */
	long line;
	csv_reader csv;
	char **head;            /* CSV header: the keys of every row */
	size_t nhead;           /* named columns (empty trailing ones left out) */
	size_t ncells;          /* cells of the header row, trailing empty ones too */
	in_row row;             /* the current row; CSV keys point into head */
	int own_keys;
} in_reader;

/* Open a CSV (with its header row) or JSON Lines file. The file must be
 * valid UTF-8, or be GB18030 when encoding says so; a file that is not
 * gets one message (naming GB18030 and --encoding when it is that). The
 * header's problems (a name the text rule refuses, an empty name, a name
 * twice) are reported once each. Returns 0, or -1 with errs filled. */
int in_open(in_reader *r, const char *path, int format, int encoding, gc_errs *errs);
/* The next row in r->row: 1, 0 at the end, -1 for a bad row (reported in
 * errs as FILE:LINE: reason; reading can go on). Every cell and key has
 * passed the text rule (NUL included: nothing is cut short), CSV cells
 * have lost their formula guard (csv_unguard), and a CSV row of empty
 * cells only is skipped. */
int in_next(in_reader *r, gc_errs *errs);
void in_rewind(in_reader *r);
void in_close(in_reader *r);

typedef struct in_file {
	char *name;
	in_row *rows;
	size_t n;
} in_file;

/* Read a whole CSV (header row + rows) or JSONL file. Bad rows are added
 * to errs as FILE:LINE: reason. Returns 0 when every row was readable. */
int in_file_read(in_file *f, const char *path, int format, int encoding, gc_errs *errs);
void in_file_free(in_file *f);
int io_format_parse(const char *s);
/* utf-8 (utf8) or gb18030 (gbk, gb2312, cp936): an io_encoding, or -1. */
int io_encoding_parse(const char *s);
/* The value of column key in a row, NULL when the row has no such column. */
const char *in_row_get(const in_row *r, const char *key);
/* Prefix the errors added to ctx->errs since index `from` with FILE:LINE. */
void in_locate_errors(gc_ctx *ctx, size_t from, const char *file, long line);

/* Import: the whole file is one transaction; every bad row is reported in
 * ctx->errs as FILE:LINE: reason and then nothing is written. */
int core_import_nodes(gc_ctx *ctx, const in_file *f, size_t *added, size_t *updated);
/* Records stream from the reader (a million rows need not sit in memory
 * as rows); the write still is one transaction. */
int core_import_records(gc_ctx *ctx, const char *form, in_reader *r, size_t *added);

/* Export matching records to out, in id order. */
int core_export(gc_ctx *ctx, const gc_query *q, int format, FILE *out, size_t *count, uint64_t *seq);

/* Export the tree (the subtree of code, or all of the acting user's scope:
 * every root for one who sees everything) to out as import nodes reads
 * it: code, name, parent, level and the levels' attributes. */
int core_export_nodes(gc_ctx *ctx, const char *code, int format, FILE *out, size_t *count);

/* One record as a JSON Lines line, as export writes it (list uses it too). */
void io_record_jsonl(gc_ctx *ctx, const gc_record *r, gc_buf *out);

/* The system columns every record export starts with. */
extern const char *const io_system_columns[];

#endif
