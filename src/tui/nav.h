/* SPDX-License-Identifier: MIT */
/* nav.h - the few calls by which one view sends the user to another: list
 * a node, open a record, show a page, open a form. A view never calls
 * another view's functions by name: it calls these, and the main loop
 * (tui.c) fills the table with the views' own functions. So no view
 * depends on another, and a view can be replaced without touching the
 * rest. */
#ifndef GRIDCASE_TUI_NAV_H
#define GRIDCASE_TUI_NAV_H

#include "tui/ui.h"

/* What the conflict screen needs from the form that opened it; save gets
 * the record stored now, the fields in conflict and the pick for each
 * (1: yours), after the screen has closed. */
typedef struct nav_conflict {
	uint64_t id;              /* the record edited */
	uint32_t version;         /* the version the edit started from */
	const gc_form *form;      /* for the fields' labels */
	void (*save)(tui *t, const gc_set_result *res, const unsigned char *take_mine);
} nav_conflict;

typedef struct nav_table {
	void (*list_node)(tui *t, uint32_t node);
	uint64_t (*step_in_list)(tui *t, int action);
	uint64_t (*review_in_list)(tui *t, uint64_t id);
	void (*open_record)(tui *t, uint64_t id);
	void (*act_record)(tui *t, uint64_t id);
	void (*show_results)(tui *t, const char *text);
	void (*new_record)(tui *t, uint32_t node);
	void (*edit_record)(tui *t, uint64_t id);
	void (*resolve_conflict)(tui *t, gc_set_result *res, const nav_conflict *about);
	void (*show_text)(tui *t, const char *text);
	void (*show_stats)(tui *t, uint32_t node, int64_t from, int64_t to);
	void (*show_matches)(tui *t, uint32_t node);
} nav_table;

/* The list: the records of a node, with the focus on the list. */
static inline void nav_list_node(tui *t, uint32_t node) { t->nav->list_node(t, node); }
/* The list's next or previous record (ACT_NEXT, ACT_PREV): its id, 0 when
 * the list is empty. */
static inline uint64_t nav_list_step(tui *t, int action) { return t->nav->step_in_list(t, action); }
/* Mark id reviewed (0: the list's selected record) and select the next
 * unreviewed record of the list: its id, 0 when there is none. */
static inline uint64_t nav_list_review(tui *t, uint64_t id) { return t->nav->review_in_list(t, id); }
/* The record page of id, from its first line. */
static inline void nav_open_record(tui *t, uint64_t id) { t->nav->open_record(t, id); }
/* The record page of id, then its act menu. */
static inline void nav_act_record(tui *t, uint64_t id) { t->nav->act_record(t, id); }
/* The results of a change to many records, on a record page of no record. */
static inline void nav_show_results(tui *t, const char *text) { t->nav->show_results(t, text); }
/* The form: a new record at node, or an edit of id. */
static inline void nav_new_record(tui *t, uint32_t node) { t->nav->new_record(t, node); }
static inline void nav_edit_record(tui *t, uint64_t id) { t->nav->edit_record(t, id); }
/* The conflict screen over the form; it takes over *res. */
static inline void nav_resolve_conflict(tui *t, gc_set_result *res, const nav_conflict *about)
{
	t->nav->resolve_conflict(t, res, about);
}
/* A read-only page of text. */
static inline void nav_show_text(tui *t, const char *text) { t->nav->show_text(t, text); }
/* The statistics of node over [from, to) (0: open), the matchings under node. */
static inline void nav_show_stats(tui *t, uint32_t node, int64_t from, int64_t to)
{
	t->nav->show_stats(t, node, from, to);
}
static inline void nav_show_matches(tui *t, uint32_t node) { t->nav->show_matches(t, node); }

#endif
