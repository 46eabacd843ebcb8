/* SPDX-License-Identifier: MIT */
/* editor.h - the multi-line editor for long text (editor.c). */
#ifndef GRIDCASE_TUI_EDITOR_H
#define GRIDCASE_TUI_EDITOR_H

#include "tui/ui.h"

/* Edit buf on the whole screen under the heading label; 0 when kept (F2
 * or ^D), -1 when cancelled with Esc (buf unchanged). */
int editor_edit(tui *t, const char *label, char *buf, size_t size);

#endif
