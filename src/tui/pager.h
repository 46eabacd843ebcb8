/* SPDX-License-Identifier: MIT */
/* pager.h - a page of text lines scrolled line by line (pager.c): the
 * body of the record page, the help and the other read-only pages. */
#ifndef GRIDCASE_TUI_PAGER_H
#define GRIDCASE_TUI_PAGER_H

#include "tui/ui.h"

typedef struct pager {
	gc_buf text;              /* lines separated by '\n' */
	size_t *line_at, nlines;  /* where each line starts */
	size_t top;               /* the first line on the screen */
} pager;

void pager_init(pager *p);
void pager_free(pager *p);
/* New text, shown from its first line. */
void pager_set(pager *p, const char *text);
/* h lines from the top one, at row y, the whole width. */
void pager_draw(tui *t, const pager *p, int y, int h);
/* The moves (up, down, page, first, last line); returns any other action. */
int pager_key(tui *t, pager *p, int action);

#endif
