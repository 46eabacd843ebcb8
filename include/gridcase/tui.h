/* SPDX-License-Identifier: MIT */
/* tui.h - the terminal UI (src/tui/): browse, read and change records in
 * the user's scope. Everything else of the UI is private to src/tui/. */
#ifndef GRIDCASE_TUI_H
#define GRIDCASE_TUI_H

#include "gridcase/core.h"

/* Runs the UI until the user quits or the terminal goes away; 0 then, or
 * the status of what kept it from starting. */
int tui_main(gc_ctx *ctx, int low_bandwidth, int ascii);
/* Where the user's draft is kept (a form open when the terminal went away),
 * a file beside the database; NULL: no drafts. Before tui_main. */
void tui_draft_file(const char *path);

#endif
