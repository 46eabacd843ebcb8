/* SPDX-License-Identifier: MIT */
/* tree.h - the tree view (tree.c): the left pane of the browser. */
#ifndef GRIDCASE_TUI_TREE_H
#define GRIDCASE_TUI_TREE_H

#include "tui/ui.h"

extern const view_ops tree_ops;
/* :node WHAT - a node by code or by part of its name, within the scope:
 * the tree opens down to it and the list shows it. */
void tree_go(tui *t, const char *what);

#endif
