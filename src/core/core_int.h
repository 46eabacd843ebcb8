/* SPDX-License-Identifier: MIT */
/* core_int.h - the core's own building blocks: what takes a transaction
 * or reads the store directly. For the core's files and the layers built
 * on it (demo); never for a front end, which calls core.h and query.h. */
#ifndef GRIDCASE_CORE_INT_H
#define GRIDCASE_CORE_INT_H

#include "gridcase/core.h"
#include "store/store.h"

int core_reload_nodes(gc_ctx *ctx, MDB_txn *txn);

/* Building blocks of the record operations, shared with import and demo;
 * each runs inside a write transaction the caller owns. */
int core_read_record(gc_ctx *ctx, MDB_txn *txn, uint64_t id, gc_record *out);
/* The same without the scope check: only for what a feature shows on
 * purpose across scopes (the offers of a matching, see match.c). */
int core_read_record_any(gc_ctx *ctx, MDB_txn *txn, uint64_t id, gc_record *out);
/* Field values checked and set on rec (changes noted in h when not NULL).
 * A record a field names must exist in txn; with txn NULL that is left to
 * the caller (import checks once the whole file is written). */
/* How the values come (access.c): each changed value is checked against
 * who may write it, there and then. */
enum { WRITE_NEW, WRITE_SET, WRITE_ACT, WRITE_IMPORT };
typedef struct gc_write {
	int how;
	int state;                      /* the record's state index before the change, or -1 */
	const gc_transition *via;       /* WRITE_ACT: the transition taken */
	const char *comment;            /* an administrator's reason to override */
} gc_write;
int core_apply_values(gc_ctx *ctx, MDB_txn *txn, const gc_form *form, gc_record *rec,
		      const gc_kv *vals, size_t n, const gc_write *w, gc_hist *h);
int core_check_required(gc_ctx *ctx, const gc_form *form, const gc_record *rec);
/* access.c: 0 when the acting user may write key of rec as w says, else
 * the refusal (GC_EPERM) naming the field and who writes it. */
int core_may_write(gc_ctx *ctx, const gc_form *form, const gc_record *rec, const gc_write *w, const char *key);
/* check_rules.c: what a stored record breaks of the rules (an assignee who
 * cannot see it, a field of the workflow written outside it), each said
 * to note with the record's id. */
typedef void (*rule_note_fn)(void *arg, const char *what, uint64_t id);
void core_rule_problems(gc_ctx *ctx, MDB_txn *txn, const gc_record *r, rule_note_fn note, void *arg);
/* A user by login, or by a name unambiguous among those who may have a
 * record at node_id (0: among all); NULL with the reason in ctx->errs. */
const gc_user *core_user_named(gc_ctx *ctx, const char *who, uint32_t node_id, const gc_transition *via);
/* Whether the acting user's role may take t. */
int core_may_take(const gc_ctx *ctx, const gc_transition *t);
/* merge.c: a record's history read inside txn (oldest first), its state
 * and fields as they were at version v (every change after v undone),
 * what a SET_MERGE save writes, and act's checks of what the caller saw. */
int core_read_history(gc_ctx *ctx, MDB_txn *txn, uint64_t id, gc_hist **out, size_t *n);
void core_history_free(gc_hist *h, size_t n);
int core_record_at(gc_ctx *ctx, MDB_txn *txn, const gc_record *cur, uint32_t v, gc_record *out);
int core_merge_values(gc_ctx *ctx, MDB_txn *txn, const gc_form *form, const gc_record *cur, uint32_t base,
		      const gc_kv *vals, size_t n, gc_kv **keep, size_t *nkeep, gc_set_result *res);
int core_check_seen(gc_ctx *ctx, MDB_txn *txn, const gc_record *cur, const gc_workflow *wf,
		    uint32_t seen_version, const char *seen_state);
int core_moved_first(gc_ctx *ctx, MDB_txn *txn, const gc_record *cur, const gc_workflow *wf, const char *name);
/* Enter state `to` (from: previous state index or -1): start, pause, resume
 * or stop the clock. */
/* A new record of form at node_id, as its creator (the acting user) makes
 * it, before fields and state; and a history entry of an action on rec
 * by the acting user, from and to its present state. */
void core_record_start(gc_ctx *ctx, const gc_form *form, uint32_t node_id, int64_t now, gc_record *rec);
void core_hist_start(gc_ctx *ctx, gc_hist *h, const char *action, const gc_record *rec, int64_t now);
void core_enter_state(gc_ctx *ctx, const gc_workflow *wf, gc_record *rec, int from, int to, int64_t now);
/* The time limit a record gets in state s: the limit of its value of the
 * state's sla_by field (a category's 处置时限) when that has one, else the
 * state's own. */
const gc_sla *core_state_sla(const gc_ctx *ctx, const gc_state *s, const gc_record *rec);

/* Every stored record under node n (its subtree, or only n itself when
 * exact), unfiltered and unscoped: callers check scope themselves. fn gets
 * the encoded record (rec_peek, rec_decode) and returns nonzero to stop. */
typedef int (*blob_fn)(const void *data, size_t size, void *arg);
/* review.c: what the acting user changed themselves they have seen: their
 * review mark moves to the version they wrote (in the write's transaction). */
int review_own_write(gc_ctx *ctx, MDB_txn *txn, uint64_t id, uint32_t version);

int store_scan_node(gc_ctx *ctx, MDB_txn *txn, const gc_node *n, int exact, blob_fn fn, void *arg);
/* The same for the records that can be of form f: a form's records hang
 * under nodes of its level only (check-config reports any that do not),
 * so only those nodes' own ranges are read. */
int store_scan_form(gc_ctx *ctx, MDB_txn *txn, const gc_node *n, int exact, const gc_form *f, blob_fn fn, void *arg);

/* import.c and import_xlsx.c: one file format's rows through the same
 * checks. The header row (taken over by r): the text rule on each name,
 * empty trailing names left out, an empty or repeated name refused once.
 * A row's shape against the header (1: blank, skip it; -1: refused).
 * The text rule on each cell, each bad one named by its column. */
int in_take_header(in_reader *r, csv_row head, gc_errs *errs);
int in_row_shape(in_reader *r, const csv_row *row, gc_errs *errs);
int in_cells_refused(in_reader *r, const csv_row *row, gc_errs *errs);
/* The row's cells become r->row under the header's names (taken over from
 * row, which is freed); unguard: undo the CSV formula guard. */
void in_take_row(in_reader *r, csv_row *row, int unguard);
int in_open_xlsx(in_reader *r, gc_errs *errs);
int in_next_xlsx(in_reader *r, gc_errs *errs);
void in_free_xlsx(in_reader *r);

/* measure.c: every record of the measures' forms under node (but skip's), through the postings. */
int measure_each(gc_ctx *ctx, const char *node, const char *skip, record_fn fn, void *arg);

#endif
