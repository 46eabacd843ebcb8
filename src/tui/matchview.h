/* SPDX-License-Identifier: MIT */
/* matchview.h - the matching view (matchview.c). */
#ifndef GRIDCASE_TUI_MATCHVIEW_H
#define GRIDCASE_TUI_MATCHVIEW_H

#include "tui/ui.h"

extern const view_ops matchview_ops;

/* The proposed pairs of every matching under node; for nav.h. */
void matchview_open(tui *t, uint32_t node);
/* :match LEFT RIGHT - accept the pair for the sides the user can see;
 * node is the listed one, whose pairs a read-only page then shows again. */
void matchview_accept(tui *t, const char *args, uint32_t node);

#endif
