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
	char store[ACT_MAX_FIELDS][200];
	char comment[500];
} act_answers;

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
