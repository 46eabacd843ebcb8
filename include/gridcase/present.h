/* SPDX-License-Identifier: MIT */
/* present.h - one presentation of a record: what `show`, `history` and the
 * UI's record page say about a record, decided once. Which fields, in which
 * order, under which labels; state labels; times, the light and the paused
 * clock; the transitions one may take; each history entry with its changes
 * and comment. A front end lays it out and neutralises the text for its
 * terminal as it draws; nothing here prints, and nothing is cut to a width.
 * The record as JSON is io_record_jsonl (io.h): import reads it back, so
 * it belongs to the core, below this layer. */
#ifndef GRIDCASE_PRESENT_H
#define GRIDCASE_PRESENT_H

#include <stddef.h>
#include <stdint.h>
#include "gridcase/core.h"

/* A text as lines, split at every newline ("a\n" is "a" and ""), none
 * holding one: the caller wraps or joins them. */
typedef struct present_lines {
	const char **line;
	size_t n;                 /* 0 only for no text at all (a comment) */
	char *own;                /* the copy the lines point into */
} present_lines;

typedef struct present_field {
	const char *key;          /* as stored */
	const char *label;        /* the configuration's label (its key when it gives none) */
	int longtext;             /* a long text: a page may set it apart as a block */
	int lost;                 /* stored, but the form no longer has it: label is the key */
	present_lines value;      /* at least one line; empty fields are left out */
} present_field;

typedef struct present_change {
	const char *key;          /* the field as the history stored it ("assignee" too) */
	const char *label;        /* its label in the record's form, else the key */
	present_lines old, new_;  /* the one line "(empty)" for no value */
} present_change;

typedef struct present_entry {
	uint32_t version;
	char when[40];            /* when_format */
	const char *user, *client, *action;   /* client: "" for a local change */
	const char *user_name;    /* the configured person's name, NULL when unknown */
	const char *action_label; /* the transition's label (受理), or the change's name in the user's language */
	int moved;                /* the state changed: from -> to */
	const char *from, *to;    /* state labels; from is "" where the record began */
	int unseen;               /* after the acting user's review mark (PRESENT_REVIEW) */
	present_change *changes;
	size_t nchanges;
	present_lines comment;    /* n == 0: no comment */
} present_entry;

/* What present_load reads besides the record itself. */
enum {
	PRESENT_ACTIONS = 1,      /* the transitions the acting user may take now */
	PRESENT_REVIEW = 2,       /* the acting user's review mark */
};

typedef struct present_record {
	uint64_t id;
	const char *title;        /* core_record_title; may hold newlines */
	const char *form, *form_label;   /* label: the key for a form the configuration lost */
	uint32_t version;
	const char *node, *node_name;    /* code, "?" (and "") for a node not loaded */
	const char *state, *state_label;
	int has_due;              /* a time limit is running */
	char due[40];             /* when_format: "-" without one */
	int light;                /* LIGHT_* as of now */
	int paused;               /* no limit running, but a paused clock keeps time left */
	long long paused_minutes; /* working minutes left on it */
	char created[40], updated[40];
	const char *creator;
	const char *assignee;     /* "-" for nobody */
	const char *creator_name, *assignee_name;   /* the people's names, NULL when unknown */
	present_field *fields;    /* the form's order, then the lost ones */
	size_t nfields;
	const gc_transition **actions;   /* PRESENT_ACTIONS */
	size_t nactions;
	uint32_t reviewed;        /* PRESENT_REVIEW: the version last reviewed, 0 never */
	present_entry *history;   /* present_history, oldest first */
	size_t nhistory;
	gc_record rec;            /* what the strings point into, with hist */
	gc_hist *hist;
} present_record;

/* Append the lines to out, sep between them ('\n' gives the text back). */
void present_join(gc_buf *out, const present_lines *l, char sep);

/* Read record id (core_get) and present it, with what `what` asks for.
 * Returns core_get's status (ctx->errs says why); p is then empty but
 * may be freed all the same. */
int present_load(gc_ctx *ctx, uint64_t id, int what, present_record *p);
/* Add the record's history (core_history), once per load. Returns its
 * status; on an error p keeps its record part and has no history (a page
 * may still show the record). */
int present_history(gc_ctx *ctx, present_record *p);
void present_free(present_record *p);

/* The configured name of the person with login, NULL when there is none
 * (or it is the login itself). */
const char *present_person(const gc_config *cfg, const char *login);

/* The label of a record column (a system column of io_system_columns in
 * the user's language, or a field's label in form, NULL: in the first form
 * that has it), for table and CSV headers; the key when there is none. */
const char *present_column_label(const gc_config *cfg, const char *form, const char *key);

#endif
