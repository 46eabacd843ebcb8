/* SPDX-License-Identifier: MIT */
/* draw.h - putting stored text on the screen (draw.c). */
#ifndef GRIDCASE_TUI_DRAW_H
#define GRIDCASE_TUI_DRAW_H

#include "tui/ui.h"

/* s at (y, x), cut to width display columns (padded with spaces when pad),
 * neutralised, ASCII only when the terminal is not UTF-8. */
void draw_text(tui *t, int y, int x, const char *s, int width, int pad);
/* A title in width columns: cut, it ends in ⋯ (U+22EF, one column on
 * every terminal; $ in ASCII mode, as less marks a cut line). */
void draw_text_cut(tui *t, int y, int x, const char *s, int width);
/* The selection bar over a row (a marker in low-bandwidth mode). */
void draw_selected(tui *t, int y, int x, int width, int selected);
/* The selected row of a pane: the selection bar when the pane has the
 * keys (focused), else a dim '>' in its first column. */
void draw_focus(tui *t, int y, int x, int width, int focused);
/* The attributes a due time is drawn with, by its light. */
int draw_light_attr(const tui *t, int light);
/* Show or hide the cursor with the next frame, in its one write. */
void draw_cursor(int visible);

#endif
