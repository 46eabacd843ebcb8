/* SPDX-License-Identifier: MIT */
/* core.h - the public face of the core (src/core/): everything a front
 * end (CLI, UI, the demo, the presentation) may call. Sections name the
 * file that holds each part. The core's own building blocks, which take a
 * transaction, are in src/core/core_int.h.
 *
 * Each operation checks the acting user's role and scope and runs in one
 * LMDB transaction. Each call empties ctx->errs first, so after it returns
 * ctx->errs holds exactly that call's errors, the first one's gc_status
 * being the return value. */
#ifndef GRIDCASE_CORE_H
#define GRIDCASE_CORE_H

#include <stdint.h>
#include <stdio.h>
#include "gridcase/util.h"
#include "gridcase/config.h"
#include "gridcase/record.h"
#include "gridcase/csv.h"

/* ---- core.c: opening as a user, the node tree, scope, states --------------- */

typedef struct gc_node {
	uint32_t id, parent;       /* parent 0: a root */
	int level;
	char *code, *name;
	unsigned char path[4 * GC_MAX_DEPTH];   /* ids from the root, zero padded */
	gc_kv *attrs;
	size_t nattrs;
	uint32_t *children;        /* sorted by code */
	size_t nchildren;
} gc_node;

typedef struct gc_ctx {
	gc_config *cfg;
	struct gc_store *st;       /* the store (src/store/store.h): the core's own */
	char *login;               /* acting user */
	const gc_user *user;       /* NULL for the administrator of an install without users */
	int admin;
	int scope;                 /* SCOPE_OWN, SCOPE_SUBTREE, SCOPE_ALL */
	uint32_t scope_node;       /* 0 with SCOPE_ALL */
	char client[96];           /* SSH client address, "" locally */
	gc_errs errs;
	gc_node *nodes;            /* indexed by id; nodes[0] unused */
	size_t nnodes;             /* highest id + 1 */
	uint32_t *by_code;         /* node ids sorted by code */
	size_t ncodes;
	uint32_t *roots;
	size_t nroots;
	int change_fd;             /* core_change_fd's; -2 until first asked */
	gc_arena node_mem;         /* the nodes' codes, names and attributes (core.c) */
} gc_ctx;

/* How core_open treats a missing or existing file (see store_open). */
enum { CORE_OPEN = 0, CORE_CREATE = 1, CORE_CREATE_NEW = 2 };

/* Open the database as login (NULL: the Unix login). CORE_CREATE makes a
 * new database or opens a gridcase one (demo); CORE_CREATE_NEW only makes
 * a new one (init). Returns a gc_status; messages in (*out)->errs or,
 * when *out is NULL, in errs. */
int core_open(gc_ctx **out, gc_config *cfg, const char *dbpath, const char *login,
	      int create, gc_errs *errs);
void core_close(gc_ctx *ctx);
int core_fail(gc_ctx *ctx, int status, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Nodes (from the in-memory copy loaded at open). */
const gc_node *core_node(const gc_ctx *ctx, uint32_t id);
const gc_node *core_node_by_code(const gc_ctx *ctx, const char *code);
int core_node_contains(const gc_ctx *ctx, const gc_node *anc, const gc_node *n);
/* The node a user's request for code resolves to within their scope, or
 * NULL (with an error set). NULL code means the top of their scope. */
const gc_node *core_scope_node(gc_ctx *ctx, const char *code);
int core_can_see(const gc_ctx *ctx, uint32_t node_id);

const gc_state *core_state(const gc_ctx *ctx, const char *form, const char *state);
/* What people see: a state's label (its key when unknown), a record's title. */
const char *core_state_label(const gc_config *cfg, const char *form, const char *state);
const char *core_record_title(const gc_config *cfg, const gc_record *r);
int core_is_open(const gc_ctx *ctx, const char *form, const char *state);

/* Permission checks shared by every front end. */
int core_require_admin(gc_ctx *ctx, const char *what);
/* Whether LOGIN (NULL: the Unix login) administers, before any database
 * is open: verify asks it of a file it may not be able to open. */
int core_login_admin(const gc_config *cfg, const char *login);

/* ---- records.c: new, get, set, act, history -------------------------------- */

/* Records. vals are field=value pairs as typed by a user. */
int core_new(gc_ctx *ctx, const char *form, const char *node_code, const gc_kv *vals,
	     size_t nvals, uint64_t *id);
int core_get(gc_ctx *ctx, uint64_t id, gc_record *out);
/* How a save meets the changes made since the user read the record at
 * version `base`: SET_ANY ignores them (base unused); SET_STRICT refuses
 * the save if the record changed at all; SET_MERGE merges by field (see
 * merge.c): a field you left as it was at base is not written, one only
 * you changed is, and one changed on both sides to different values is a
 * conflict, which refuses the whole save. */
enum { SET_ANY, SET_STRICT, SET_MERGE };

typedef struct gc_conflict {
	char *field;                  /* a field key, or "assignee" */
	char *stored, *yours, *base;  /* now, what was given, at the base version */
} gc_conflict;

typedef struct gc_set_result {
	gc_record current;            /* on a conflict: the record as stored now */
	gc_conflict *conflicts;       /* SET_MERGE: the fields changed on both sides */
	size_t nconflicts;
	uint32_t found;               /* the version the save found stored */
	uint32_t version;             /* after a save: the record's version */
} gc_set_result;

/* res may be NULL; when given it must be freed with core_set_result_free.
 * comment: an administrator's reason for a change the rules refuse to
 * others (a closed record, a field the workflow owns); NULL otherwise. */
int core_set(gc_ctx *ctx, uint64_t id, const gc_kv *vals, size_t nvals, int mode,
	     uint32_t base, const char *comment, gc_set_result *res);
void core_set_result_free(gc_set_result *res);
/* Take a transition. The caller may say what it saw: the record at
 * version seen_version (0: not said) or in state seen_state (NULL: not
 * said); any change since that version, or another state, is a conflict
 * (GC_ECONFLICT) naming the state seen and the state now. Without either,
 * a transition not allowed from the current state but allowed from the
 * state before the record's latest change of state is a conflict too
 * (someone moved it first); otherwise GC_EPERM. */
int core_act_seen(gc_ctx *ctx, uint64_t id, const char *transition, const char *comment,
		  const gc_kv *vals, size_t nvals, uint32_t seen_version, const char *seen_state);
int core_act(gc_ctx *ctx, uint64_t id, const char *transition, const char *comment,
	     const gc_kv *vals, size_t nvals);
int core_history(gc_ctx *ctx, uint64_t id, gc_hist **out, size_t *n);
/* The title of record id when its form is a directory (directory: true,
 * the units that serve communities of every street), whoever reads it;
 * a malloc'd string, or NULL for any other record, seen or not. */
char *core_directory_title(gc_ctx *ctx, uint64_t id);
/* Transitions the acting user may take from the record's state. */
int core_transitions(gc_ctx *ctx, const gc_record *r, const gc_transition ***out, size_t *n);

/* ---- access.c: who may write what, who may be assigned --------------------- */

/* Whether the acting user may set field key (or assignee) of a record of
 * form by hand: at creation when rec is NULL, else in rec's state (an
 * administrator: with a reason). why (may be NULL) gets the refusal. */
int core_field_writable(gc_ctx *ctx, const gc_form *form, const gc_record *rec, const char *key, char *why, size_t n);
/* The index of rec's state in form's workflow, or -1. */
int core_state_of(const gc_form *form, const gc_record *rec);
/* Whether user u's area holds node_id (their role's scope). */
int core_user_sees(const gc_ctx *ctx, const gc_user *u, uint32_t node_id);
/* Why u may not be given a record at node_id through via (NULL: by set):
 * NULL when they may, else a message in why. */
const char *core_assign_refusal(const gc_ctx *ctx, const gc_user *u, uint32_t node_id, const gc_transition *via,
				char *why, size_t n);
/* The people rec may be assigned to through via, in configuration order;
 * *out is malloc'd (NULL-ended). */
size_t core_assignable(gc_ctx *ctx, const gc_record *rec, const gc_transition *via, const gc_user ***out);
/* The transition that assigns rec from its state and that the acting user
 * may take (派遣, 改派), or NULL: then assignee is set by hand when the
 * workflow does not own it, or not at all. */
const gc_transition *core_assigning_transition(gc_ctx *ctx, const gc_record *rec);

/* ---- rules.c: the time limit's light --------------------------------------- */

/* How much of the running time limit a record has used: none running,
 * green (under 80 %), yellow (80 % or more), red (past due). Working time
 * for a limit in working hours or days, clock time otherwise, counted from
 * when the record entered its state. */
enum { LIGHT_NONE, LIGHT_GREEN, LIGHT_YELLOW, LIGHT_RED };
int core_light(const gc_ctx *ctx, const gc_record *rec, int64_t now);
extern const char *const core_light_names[4];    /* "", "green", "yellow", "red" */
extern const char core_light_marks[4];           /* ' ', ' ', '~', '!' */

/* ---- review.c: review marks and the change feed's head --------------------- */

/* Review marks: per user, the version of a record they last reviewed
 * (0: never). Marking needs the record in scope. */
uint32_t core_reviewed(gc_ctx *ctx, uint64_t id);
/* The same for many records in one read (out[i] for recs[i]). */
void core_reviewed_many(gc_ctx *ctx, const gc_record *recs, size_t n, uint32_t *out);
int core_mark_reviewed(gc_ctx *ctx, uint64_t id, uint32_t version);

/* The change number of the newest change (the change feed's head). */
uint64_t core_change_seq(gc_ctx *ctx);
/* A descriptor to poll: readable when the data may have changed (then
 * compare core_change_seq); -1 where the system has none, and a screen
 * asks core_change_seq now and then instead. Owned by ctx; after it woke,
 * core_change_clear empties it. */
int core_change_fd(gc_ctx *ctx);
void core_change_clear(gc_ctx *ctx);

/* The acting user's work, for the UI's title line: open records assigned
 * to them, and of those how many have used 80 % of their time limit (~)
 * and how many are past it (!). From the postings (assignee and open):
 * the cost follows what one person has open, never the district. */
typedef struct gc_work {
	uint64_t mine, soon, overdue;
} gc_work;
int core_my_work(gc_ctx *ctx, gc_work *out);

/* ---- query.c: lists and scans ---------------------------------------------- */

typedef struct gc_query {
	const char *form;        /* NULL: every form */
	const char *node;        /* NULL: the top of the user's scope */
	const char *state;
	const char *assignee;
	const char *search;      /* substring of any field value */
	const char *field_key;   /* with field_value: that field equals that value */
	const char *field_value;
	int overdue;
	int due_soon;            /* open, due within the next GC_DUE_SOON seconds (not yet overdue) */
	int open_only;
	int unreviewed;          /* only records changed since the acting user reviewed them */
	const char *sort;        /* id, created, updated, due, state or a field key; '-' prefix: descending; default -id */
	size_t limit;            /* 0: no limit */
	size_t offset;           /* core_list: skip this many of the ordered matches (a page further on) */
	int count_all;           /* core_list: count the whole list however long (G), where a count
	                          * is otherwise bounded and the total may be a lower bound */
	uint64_t after;          /* core_list: the page after this record (offset: its position, for the total); a
	                          * page of steps in id order and in the postings' orders, else found in the sorted matches */
	int before;              /* with after: the page before it instead */
	uint64_t since_seq;      /* export: changed after this change-feed sequence */
	int64_t since_time;      /* export: updated at or after this time */
	int64_t created_from;    /* created at or after this time (0: any) */
	int64_t created_to;      /* created before this time (0: any) */
} gc_query;

typedef struct gc_list {
	gc_record *recs;
	size_t n;
	size_t total;            /* matches before the limit */
	int more;                /* total is a lower bound: more match, no counter says how many */
	int bounded;             /* a search read only the newest GC_SEARCH_SCAN records' other fields */
} gc_list;

/* A search finds its text in the indexed fields (search: true) of every
 * record in scope, and in the other fields (longtext) of the newest
 * GC_SEARCH_SCAN; a one-character search reads only those. */
#define GC_SEARCH_SCAN 10000

#define GC_DUE_SOON (24 * 3600)

int core_list(gc_ctx *ctx, const gc_query *q, gc_list *out);
void list_free(gc_list *l);

/* Stream every matching record in id order (export). The callback returns
 * nonzero to stop. */
typedef int (*record_fn)(const gc_record *r, void *arg);
int core_scan(gc_ctx *ctx, const gc_query *q, record_fn fn, void *arg, uint64_t *last_seq);

/* ---- stats.c: counts per node ---------------------------------------------- */

/* Statistics of a node and its descendants to depth, from the counters. */
typedef struct gc_stat_row {
	const gc_node *node;
	int depth;                /* 0 for the node asked about */
	uint64_t total, open, overdue;
	uint64_t *by_state;       /* per state of the form's workflow */
} gc_stat_row;

typedef struct gc_stats {
	const gc_form *form;      /* NULL: all forms, by_state unused */
	gc_stat_row *rows;
	size_t n;
} gc_stats;

int core_stats(gc_ctx *ctx, const char *node, int depth, const char *form, gc_stats *out);
void stats_free(gc_stats *s);

/* ---- admin.c: verify, the stored data against the configuration, backup ---- */

/* verify's first step, before the database is opened: every page of the
 * file at path read with plain reads. 0 when whole (or not a file LMDB
 * opens: opening says why); GC_EIO with each problem and a summary added
 * to report when pages cannot be read. */
int core_verify_pages(const char *path, gc_errs *report);

/* Recompute every index and counter from the records; each mismatch is
 * added to report. Returns 0 when the database is consistent. */
int core_verify(gc_ctx *ctx, gc_errs *report, uint64_t *nrecords);

/* Records the configuration no longer describes (check-config). */
int core_check_stored(gc_ctx *ctx, gc_errs *report);

/* Build the postings (filters and search) again from the records, in one
 * transaction: after a change of the configuration they depend on (which
 * states are final, choice fields, search fields), which verify reports.
 * Administrators only; *records is how many were posted. */
int core_reindex(gc_ctx *ctx, uint64_t *records);

/* Where the bytes go (stats --storage): each table's entries and the
 * bytes of its pages (its trees, duplicate sub-trees and overflow pages,
 * walked page by page), and the file's pages no table holds (freed pages
 * LMDB reuses, the two meta pages). Administrators only. */
typedef struct gc_table_bytes {
	char name[48];
	uint64_t entries, bytes;
} gc_table_bytes;

typedef struct gc_storage {
	gc_table_bytes t[32];
	size_t n;
	uint64_t file_bytes, other_bytes, records;
} gc_storage;

int core_storage(gc_ctx *ctx, gc_storage *out);

/* A hot, compacted, consistent copy of the database to path ("-": standard output). Refused
 * when path is the database, its lock file or one of owned_extra (a NULL-
 * terminated list of other files the program uses), by inode and by name. */
int core_backup(gc_ctx *ctx, const char *path, const char *const *owned_extra);

/* ---- import.c, import_records.c: files in ---------------------------------- */

/* IO_JSON: one JSON document (an array of records); import reads JSONL,
 * and takes "json" to mean it, as it always has. IO_XLSX: a workbook. */
enum io_format { IO_AUTO, IO_CSV, IO_JSONL, IO_TABLE, IO_JSON, IO_XLSX };
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
	struct xlsx_sheet *xlsx; /* XLSX: the first sheet, read whole (xlsx.h) */
	size_t xrow;            /* XLSX: the next of its rows */
	int mapped;             /* data is the file mapped read-only (munmap, not free) */
	size_t released;        /* bytes at the start of a mapped file given back (in_release) */
	int fd;                 /* a mapped file's, kept open to see it change (in_changed) */
	long long size, mtime_ns; /* a mapped file's as it was opened */
} in_reader;

/* Open a CSV (with its header row), JSON Lines or XLSX file (a zip
 * archive or a name ending in .xlsx: its first sheet, whose first row is
 * the header, as csv rows; r->name becomes FILE:SHEET, so every message
 * reads FILE:SHEET:ROW). A CSV or JSON Lines file must be
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
/* Give back the pages of a mapped file before the reading position: they
 * are read again from the file if a rewind needs them, so a file of any
 * size keeps only the part being read resident. */
void in_release(in_reader *r);
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
 * as rows). A file of up to GC_IMPORT_ONE_TXN rows is one transaction; a
 * larger one is checked whole first (nothing written if a row is bad),
 * then written that many rows a transaction, with meta/import naming the
 * file and the rows done, so the same command resumes an import that
 * stopped (docs/import.md). *resumed: rows an earlier run had written. */
#define GC_IMPORT_ONE_TXN 20000
int core_import_records(gc_ctx *ctx, const char *form, in_reader *r, size_t *added, size_t *resumed);
/* The import that stopped before it finished, as a sentence for every
 * command to say (malloc'd), or NULL when there is none. */
char *core_import_pending(gc_ctx *ctx);
/* Give up the import that stopped: its mark goes, the rows it wrote stay
 * (each a whole record with its history). *said: what was given up
 * (malloc'd). GC_EUSAGE when no import stopped. */
int core_import_abandon(gc_ctx *ctx, char **said);

/* import_users.c: the rows (columns login, name, role, node, or 账号, 姓名,
 * 角色, 节点; role by key or label) checked against the configuration and
 * the tree, then written to the users file out: the users it already held,
 * updated by rows of the same login, then the new ones. A login another
 * file of the configuration defines, a login twice, a bad login, an
 * unknown role or node: FILE:LINE each, and nothing is written. */
int core_import_users(gc_ctx *ctx, const in_file *f, const char *out, size_t *added, size_t *updated);

/* ---- export.c, export_nodes.c: files out ----------------------------------- */

/* Export matching records to out, in id order. */
int core_export(gc_ctx *ctx, const gc_query *q, int format, FILE *out, size_t *count, uint64_t *seq);

/* Export the tree (the subtree of code, or all of the acting user's scope:
 * every root for one who sees everything) to out as import nodes reads
 * it: code, name, parent, level and the levels' attributes. */
int core_export_nodes(gc_ctx *ctx, const char *code, int format, FILE *out, size_t *count);

/* One record as a JSON Lines line: the one JSON layout of a record, for
 * export, list --format jsonl and show --json. Flat: the system columns
 * (id and version as numbers), then the non-empty fields by key in the
 * form's order, then any the configuration no longer knows. IO_JSON_LIGHT
 * (show) adds "overdue" and "light" as of now at the end: derived, not
 * exported, and refused by import as unknown fields. */
enum { IO_JSON_LIGHT = 1 };
void io_record_jsonl(gc_ctx *ctx, const gc_record *r, int flags, gc_buf *out);

/* The system columns every record export starts with. */
extern const char *const io_system_columns[];
/* The field columns of form (NULL: of every form, each key once), in
 * configuration order: export's CSV columns after the system ones. The
 * array (not the keys) is the caller's to free. */
const char **io_field_columns(const gc_config *cfg, const char *form, size_t *n);
/* One record as export's CSV row: the system columns, then cols. */
void io_record_csv(gc_ctx *ctx, const gc_record *r, const char *const *cols, size_t ncols, gc_buf *out);
/* ---- match.c: matching needs and resources --------------------------------- */

typedef struct match_pair {
	gc_record left, right;
	int left_accepted, right_accepted;   /* each side's own acceptance */
	int mine;                            /* sides the user may accept: 1 left, 2 right */
} match_pair;

/* Open pairs (neither side in a project, equal values, one area) of which
 * the user sees at least one side, under node (NULL: their scope). The
 * other side's record is shown across scopes on purpose: the lists are
 * there to be matched. */
int core_match_propose(gc_ctx *ctx, const gc_matching *m, const char *node, match_pair **out, size_t *n);
void match_pairs_free(match_pair *p, size_t n);

/* Accept a pair for the sides the user may see. When both sides have
 * accepted each other, the project is created in the same transaction and
 * its id stored in *project (else 0). */
int core_match_accept(gc_ctx *ctx, const gc_matching *m, uint64_t left, uint64_t right, uint64_t *project);
/* ---- measure.c: the configured measures ------------------------------------ */

/* One measure's tally for one row (a node, a category, the total). */
typedef struct measure_acc {
	double sum;            /* average: the values summed */
	uint64_t num, den;     /* average: records with a value; share: those that count, of den;
				  count: records; ratio: records, per den records of the per form */
	uint64_t *by;          /* count with by: per choice of the field, then one for any other */
} measure_acc;

/* cfg->nmeasures tallies (one more, unused, so that none is empty). */
measure_acc *measure_accs_new(const gc_config *cfg);
void measure_accs_free(const gc_config *cfg, measure_acc *a);
/* Whether any measure counts records of form (its form or its per). */
int measure_uses_form(const gc_config *cfg, const char *form);
/* Add one record to the tallies of every measure it belongs to. */
void measure_add(const gc_config *cfg, measure_acc *a, const gc_record *r);
/* 1 with *v the value (average; share in percent; count; ratio), 0 when
 * there is none (nothing to average or divide by). */
int measure_value(const gc_measure *m, const measure_acc *a, double *v);
/* The value as text: averages and ratios to two decimals, shares to one
 * (with '%' and "-" for none when percent_sign, else bare and ""), counts whole. */
void measure_format(const gc_measure *m, const measure_acc *a, int percent_sign, char *out, size_t n);
/* The measures of the records created in [from, to) (0: open) in the
 * subtree of each of nodes (all under top): (*out)[i * (cfg->nmeasures + 1) + j]
 * is node i's tally of measure j; free with measures_free(cfg, *out, n). */
int core_measures(gc_ctx *ctx, const gc_node *top, const gc_node *const *nodes, size_t n, int64_t from, int64_t to,
		  measure_acc **out);
void measures_free(const gc_config *cfg, measure_acc *acc, size_t n);

/* ---- assess.c: the assessment of a period ---------------------------------- */

#define ASSESS_MAX_COUNTED 8

typedef struct assess_counts {
	uint64_t reported;            /* created in the period */
	uint64_t open, overdue;       /* now: not final; and past due */
	uint64_t closed, on_time;     /* in a final state; and never past a limit */
	uint64_t counted[ASSESS_MAX_COUNTED];   /* closed with that count field above 0 */
	int64_t handling_secs;        /* closed: working time from report to close, summed */
	uint64_t *by_state;           /* per state of the form's workflow */
	measure_acc *meas;            /* per configured measure (measure.c) */
} assess_counts;

typedef struct assess_row {
	const gc_node *node;          /* rows: a child of the node (or the node itself) */
	char *name;                   /* categories: the value (of a choice: before any '/') */
	char *title;                  /* categories by a record field: the record's title, or NULL */
	assess_counts c;
	/* After assess_rank: 1.. in the ranking, 0 unranked (no value, or the node itself). */
	int rank, has_value;
	double value;
	const char *flag;             /* the ranking's flag (通报批评, 约谈), or NULL */
} assess_row;

typedef struct gc_assess {
	const gc_config *cfg;
	const gc_form *form;
	const gc_node *node;
	int64_t from, to;             /* created in [from, to); 0: open */
	int64_t made;                 /* when it was computed */
	const char *category_field;   /* the form's first choice field, or NULL */
	const gc_field *counted[ASSESS_MAX_COUNTED];   /* int fields transitions count */
	size_t ncounted;
	assess_row *rows;             /* the node's children that have records, in tree order */
	size_t nrows;
	assess_row *cats;             /* categories, by first appearance */
	size_t ncats;
	assess_row total;
	const gc_field *by;           /* the field categories are by (the first choice field, or --by) */
	const char *rank_key;         /* after assess_rank: what the rows are ranked by, else NULL */
	char *rank_label;
	int rank_lower_better;
	int rank_whole;               /* the ranking's values are counts */
	size_t nranked;
} gc_assess;

/* form NULL: the first form with a workflow at the lowest level it is
 * used for. node NULL: the top of the user's scope. */
int core_assess(gc_ctx *ctx, const char *node, const char *form, int64_t from, int64_t to, gc_assess *out);
/* The same with categories by the values of field by (NULL: the form's
 * first choice field); a record field's rows are titled by its records. */
int core_assess_by(gc_ctx *ctx, const char *node, const char *form, const char *by, int64_t from, int64_t to,
		   gc_assess *out);

/* ---- rank.c: rankings ------------------------------------------------------ */

/* Order a->rows by key: a measure's key, or reported, open, overdue,
 * closed, closed_rate, on_time_rate, hours, rate_FIELD (a counted field's
 * share of the closed). Best first (higher is better unless the measure
 * says better: lower; open, overdue, hours and rate_FIELD are better
 * lower); ties keep the tree's order (by code). Rows without a value and
 * the node's own row come last, unranked. The configured flags (ranking:
 * flags:) mark the bottom rows. GC_EUSAGE for an unknown key. */
int assess_rank(gc_ctx *ctx, gc_assess *a, const char *key);
/* A ranked row's value as text (measure_format's, or the rate's). */
void assess_rank_format(const gc_assess *a, const assess_row *r, char *out, size_t n);
void assess_free(gc_assess *a);

/* Percentages as whole tenths (-1 when the base is 0), and the average
 * handling time in working hours (tenths). */
int assess_rate(uint64_t part, uint64_t whole);
int assess_hours(const assess_counts *c);
/* The period in words: "all time", or "FROM .. TO" with start or now for
 * an open end. */
void assess_period(const gc_assess *a, char *out, size_t n);

#endif
