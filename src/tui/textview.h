/* SPDX-License-Identifier: MIT */
/* textview.h - a read-only page of text (textview.c): the help, a
 * conflicting field's values in full. */
#ifndef GRIDCASE_TUI_TEXTVIEW_H
#define GRIDCASE_TUI_TEXTVIEW_H

#include "tui/ui.h"

extern const view_ops textview_ops;

/* Show text from its first line; for nav.h. */
void textview_show(tui *t, const char *text);

#endif
