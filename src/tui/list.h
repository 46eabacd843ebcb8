/* SPDX-License-Identifier: MIT */
/* list.h - the list view (list.c): the right pane of the browser. */
#ifndef GRIDCASE_TUI_LIST_H
#define GRIDCASE_TUI_LIST_H

#include "tui/ui.h"

extern const view_ops list_ops;

/* The node whose records are listed. */
uint32_t list_listed_node(const tui *t);
/* :filter ARG - overdue, mine, unreviewed, all (or nothing), form KEY,
 * FIELD=VALUE (by key or label) or a state key; arg is cut up. */
void list_filter(tui *t, char *arg);
/* :sort KEY - "" for the default order (-id). */
void list_sort(tui *t, const char *key);

/* For nav.h (see there). */
void list_show_node(tui *t, uint32_t node);
uint64_t list_step(tui *t, int action);
uint64_t list_review(tui *t, uint64_t id);

#endif
