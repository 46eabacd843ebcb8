/* SPDX-License-Identifier: MIT */
/* record.h - records and history entries in memory and as stored bytes. */
#ifndef GRIDCASE_RECORD_H
#define GRIDCASE_RECORD_H

#include <stddef.h>
#include <stdint.h>
#include "gridcase/util.h"

typedef struct gc_record {
	uint64_t id;
	uint64_t seq;           /* change-feed sequence of its last change */
	uint32_t version;       /* 1 at creation, +1 per change */
	uint32_t node_id;
	int64_t created, updated;
	int64_t due;            /* 0: no time limit running */
	int64_t state_since;    /* when the current state was entered */
	int64_t paused_left;    /* working seconds left when the clock was paused */
	uint32_t late;          /* time limits it ran past (0: on time so far) */
	char *form, *state, *creator, *assignee;
	gc_kv *fields;
	size_t nfields;
} gc_record;

void rec_init(gc_record *r);
void rec_free(gc_record *r);
void rec_copy(gc_record *dst, const gc_record *src);
const char *rec_field(const gc_record *r, const char *key);   /* "" when unset */
/* Set a field; an empty value removes it. */
void rec_set_field(gc_record *r, const char *key, const char *val);
void rec_set_str(char **slot, const char *val);
/* Every form has one built-in field besides its own: the assignee (经办人),
 * kept beside the fields because the assignee index needs it. A "slot" is
 * a field or the assignee; these are the one place that tells them apart. */
#define REC_ASSIGNEE "assignee"
int rec_is_builtin(const char *key);
const char *rec_slot(const gc_record *r, const char *key);      /* "" when unset */
void rec_set_slot(gc_record *r, const char *key, const char *val);

void rec_encode(const gc_record *r, gc_buf *out);
/* Returns 0, or -1 for bytes that are not a record (formats 1, 2 and 3
 * read; rec_encode writes 3). */
int rec_decode(const void *p, size_t n, gc_record *r);
/* The encoded record in blob with its id and change sequence replaced,
 * into out (emptied): a bulk writer encodes before they are known.
 * Returns -1 for bytes that are not a record. */
int rec_renumber(const void *blob, size_t len, uint64_t id, uint64_t seq, gc_buf *out);

/* A zero-copy look at a stored record, valid while its transaction lives:
 * enough to filter and sort lists without decoding every row. */
typedef struct rec_view {
	unsigned char format;          /* of the stored bytes: 1, 2 or 3 */
	uint64_t id, seq;
	uint32_t version, node_id;
	int64_t created, updated, due, state_since, paused_left;
	uint32_t late;
	const char *form, *state, *creator, *assignee;
	uint16_t form_n, state_n, creator_n, assignee_n;
	size_t nfields;                /* as the bytes say */
	const unsigned char *fields;   /* the first field */
	const unsigned char *end;
} rec_view;

int rec_peek(const void *p, size_t n, rec_view *v);
/* Value of a field in a view; NULL when unset. */
const char *view_field(const rec_view *v, const char *key, size_t *len);
/* Iterate fields: pass *pos = NULL to start; returns 0 at the end. */
int view_next_field(const rec_view *v, const unsigned char **pos, const char **key,
		    size_t *klen, const char **val, size_t *vlen);

typedef struct gc_change {
	char *field, *old, *new_;
} gc_change;

typedef struct gc_hist {
	uint64_t id;
	uint32_t version;
	int64_t time;
	char *user, *client, *action, *from, *to, *comment;
	gc_change *changes;
	size_t nchanges;
} gc_hist;

void hist_init(gc_hist *h);
void hist_free(gc_hist *h);
void hist_add_change(gc_hist *h, const char *field, const char *old, const char *new_);
/* One entry, appended to out as a run of one. */
void hist_encode(const gc_hist *h, gc_buf *out);
/* A value of format 1 (one entry, as older files hold); -1 otherwise. */
int hist_decode(const void *p, size_t n, gc_hist *h);

/* A stored history value is a run of the entries of consecutive versions
 * (hist_encode writes a run of one; the demo writes a case's whole past as
 * one run: one B-tree entry instead of seven). The key's version is the
 * first entry's. A run (format 3) is compact:
 *     u8 3, u16 count, then per entry:
 *     varint zigzag(time - previous entry's time, 0 for the first),
 *     user, client, action, from, to, comment, varint number of changes,
 *     then per change: field, old, new
 * where each string is a varint 2 x length and its bytes, or a varint
 * 2i + 1: the same as the i-th newest of the last HIST_RUN_STRS strings
 * written out (varint: 7 bits a byte, low first, high bit set on all but
 * the last). Files hold older values too: one entry (format 1), runs of
 * format 2 (strings in full, "from" left out when it was the previous
 * "to"); both read. */
#define HIST_RUN_STRS 64
typedef struct hist_run {
	gc_buf *out;
	unsigned count;              /* at most 65,535 */
	int64_t prev_time;
	unsigned nstr;               /* strings written out in full so far */
	size_t str_off[HIST_RUN_STRS], str_len[HIST_RUN_STRS];   /* the last ones, where they are in out */
} hist_run;

/* Start a run in out (emptied); add entries in version order. */
void hist_run_begin(hist_run *run, gc_buf *out);
void hist_run_add(hist_run *run, const gc_hist *h);
/* How many entries a stored value holds (0: damaged). */
size_t hist_value_count(const void *p, size_t n);
/* Decode a stored value into out[0 .. count-1] (at most max); returns the
 * count, or -1 when the value is damaged (nothing left allocated). */
int hist_value_decode(const void *p, size_t n, gc_hist *out, size_t max);

/* A node as the nodes table stores it: the tree's codec, beside the
 * records' and the history's. node_decode allocates code, name and attrs. */
typedef struct node_data {
	uint32_t parent;      /* 0: a root */
	int level;
	char *code, *name;
	gc_kv *attrs;
	size_t nattrs;
} node_data;
void node_encode(gc_buf *b, const node_data *n);
int node_decode(const void *p, size_t len, node_data *out);
/* The same with every string and the attrs array from a(arg, size) (the
 * core keeps the tree's in one arena); nothing to free on its own. */
typedef void *(*node_alloc_fn)(void *arg, size_t n);
int node_decode_in(const void *p, size_t len, node_data *out, node_alloc_fn a, void *arg);
/* Parent and level alone, without allocating (-1: damaged). */
int node_peek(const void *p, size_t len, uint32_t *parent, int *level);

#endif
