/* core.h - the core API. Front ends (CLI, TUI) call only these functions
 * (the core's own building blocks, which take a transaction, are in
 * src/core/core_int.h);
 * each one checks the acting user's role and scope and runs in one LMDB
 * transaction. Each call empties ctx->errs first, so after it returns
 * ctx->errs holds exactly that call's errors, the first one's gc_status
 * being the return value. */
#ifndef GRIDCASE_CORE_H
#define GRIDCASE_CORE_H

#include <stdint.h>
#include "gridcase/util.h"
#include "gridcase/config.h"
#include "gridcase/record.h"

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

/* res may be NULL; when given it must be freed with core_set_result_free. */
int core_set(gc_ctx *ctx, uint64_t id, const gc_kv *vals, size_t nvals, int mode,
	     uint32_t base, gc_set_result *res);
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
/* Transitions the acting user may take from the record's state. */
int core_transitions(gc_ctx *ctx, const gc_record *r, const gc_transition ***out, size_t *n);

const gc_state *core_state(const gc_ctx *ctx, const char *form, const char *state);
/* What people see: a state's label (its key when unknown), a record's title. */
const char *core_state_label(const gc_config *cfg, const char *form, const char *state);
const char *core_record_title(const gc_config *cfg, const gc_record *r);
int core_is_open(const gc_ctx *ctx, const char *form, const char *state);

/* How much of the running time limit a record has used: none running,
 * green (under 80 %), yellow (80 % or more), red (past due). Working time
 * for a limit in working hours or days, clock time otherwise, counted from
 * when the record entered its state. */
enum { LIGHT_NONE, LIGHT_GREEN, LIGHT_YELLOW, LIGHT_RED };
int core_light(const gc_ctx *ctx, const gc_record *rec, int64_t now);
extern const char *const core_light_names[4];    /* "", "green", "yellow", "red" */
extern const char core_light_marks[4];           /* ' ', ' ', '~', '!' */

/* Review marks: per user, the version of a record they last reviewed
 * (0: never). Marking needs the record in scope. */
uint32_t core_reviewed(gc_ctx *ctx, uint64_t id);
/* The same for many records in one read (out[i] for recs[i]). */
void core_reviewed_many(gc_ctx *ctx, const gc_record *recs, size_t n, uint32_t *out);
int core_mark_reviewed(gc_ctx *ctx, uint64_t id, uint32_t version);

/* The change number of the newest change (the change feed's head). */
uint64_t core_change_seq(gc_ctx *ctx);

/* Permission checks shared by every front end. */
int core_require_admin(gc_ctx *ctx, const char *what);
/* Whether LOGIN (NULL: the Unix login) administers, before any database
 * is open: verify asks it of a file it may not be able to open. */
int core_login_admin(const gc_config *cfg, const char *login);

#endif
