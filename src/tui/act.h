/* SPDX-License-Identifier: MIT */
/* act.h - taking transitions from the UI (act.c): the act menu, and one
 * change applied to many records. Shared by the record page (a) and the
 * list's tagged records (; and A); it opens no view itself. */
#ifndef GRIDCASE_TUI_ACT_H
#define GRIDCASE_TUI_ACT_H

#include "tui/ui.h"

#define ACT_MAX_FIELDS 8

/* What the act menu asked for: the transition's fields and the comment.
 * vals point into store, so the struct stays where it was filled. */
typedef struct act_answers {
	gc_kv vals[ACT_MAX_FIELDS];
	size_t nvals;
	char store[ACT_MAX_FIELDS][8192];   /* a long text (处置结果) of 2,000 Chinese characters */
	char comment[500];
} act_answers;

/* The letter that takes tr in the act menu: the same in every state (the
 * first free letter of its key, over the whole workflow); 0 for none. */
char act_letter(const gc_workflow *wf, const gc_transition *tr);
/* Ask for fd's value in buf (holding the start value) on the last row,
 * "WHAT LABEL (HINT): ", until it passes the field's checks (and is not
 * empty when required): a refused value stays to be edited, the reason on
 * the row above. 0 with the canonical value, -1 when cancelled. */
int act_ask_value(tui *t, const char *what, const gc_field *fd, int required, char *buf, size_t size);
/* The message for a value fd refused with why: "LABEL: why", the
 * configuration's hint in place of a regular expression (field.c), and
 * without a hint no regular expression either. */
const char *act_refusal(const gc_field *fd, const char *why, char *msg, size_t size);
/* Ask which of r's transitions to take, then what it needs. NULL when
 * there is none or the user cancelled (a message says which). */
const gc_transition *act_ask(tui *t, const gc_record *r, act_answers *a);
/* The act menu of the first of ids, confirmed once, then taken on each
 * (the core checks each on its own): 0 with the result per record in out,
 * -1 when nothing was done. */
int act_many(tui *t, const uint64_t *ids, size_t n, gc_buf *out);
/* The same for assigning them all to one login. */
int act_assign_many(tui *t, const uint64_t *ids, size_t n, gc_buf *out);

#endif
