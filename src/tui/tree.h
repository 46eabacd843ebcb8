/* SPDX-License-Identifier: MIT */
/* tree.h - the tree view (tree.c): the left pane of the browser. */
#ifndef GRIDCASE_TUI_TREE_H
#define GRIDCASE_TUI_TREE_H

#include "tui/ui.h"

extern const view_ops tree_ops;
/* :node WHAT - a node by code or by part of its name, within the scope:
 * the tree opens down to it and the list shows it; several nodes of that
 * name are offered to choose from (one whose whole name it is wins). */
void tree_go(tui *t, const char *what);
/* The columns the tree's names need (its rows as they are now expanded),
 * at most most. */
int tree_width(const tui *t, int most);

#endif
