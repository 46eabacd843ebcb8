/* SPDX-License-Identifier: MIT */
/* keys.h - the key table (keys.c): every key is an action for some views;
 * the help screen and the hint line are made from the same table. */
#ifndef GRIDCASE_TUI_KEYS_H
#define GRIDCASE_TUI_KEYS_H

#include "gridcase/util.h"

/* The views as the key table knows them, as bits so a key can belong to
 * several (view_ops.keys says which one a view is). */
enum { V_TREE = 1, V_LIST = 2, V_DETAIL = 4, V_HELP = 8, V_FORM = 16, V_MERGE = 32, V_STATS = 64, V_ANY = 127 };

enum tui_action {
	ACT_NONE, ACT_QUIT, ACT_BACK, ACT_UP, ACT_DOWN, ACT_PGUP, ACT_PGDN, ACT_TOP, ACT_BOTTOM,
	ACT_OPEN, ACT_PANE, ACT_TOGGLE, ACT_SEARCH, ACT_NEXT, ACT_PREV, ACT_COMMAND, ACT_HELP,
	ACT_REDRAW, ACT_TAG, ACT_TAG_ALL, ACT_UNTAG, ACT_ACT, ACT_ACT_TAGGED, ACT_OVERDUE, ACT_MINE,
	ACT_NEW, ACT_EDIT, ACT_SAVE, ACT_REVIEW, ACT_ASSIGN_TAGGED, ACT_STATS, ACT_MATCH,
	ACT_TAKE_MINE, ACT_TAKE_STORED, ACT_TAKE_ALL_MINE, ACT_TAKE_ALL_STORED, ACT_IGNORE, ACT_JUMP, ACT_QUIT_ASK, ACT_TO_TREE,
	ACT_SORT, ACT_SORT_REVERSE, ACT_RANK,
};

/* The action of a key (a character or a KEY_ code) in a view; ACT_NONE. */
int keys_action(unsigned view, int key);
/* The hint line of a view: its keys that have a hint word. */
void keys_hint(unsigned view, gc_buf *out);
/* The key part of the help screen, grouped by view. */
void keys_help(gc_buf *out);

#endif
