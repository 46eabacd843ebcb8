/* SPDX-License-Identifier: MIT */
/* pager.h - a page of text lines scrolled row by row (pager.c): the body
 * of the record page, the help and the other read-only pages. A line
 * wider than the screen wraps by display width onto rows indented under
 * it; the rows are laid out again only when the width changes. */
#ifndef GRIDCASE_TUI_PAGER_H
#define GRIDCASE_TUI_PAGER_H

#include "tui/ui.h"

typedef struct pager_row {
	size_t line;          /* the text line it is part of */
	size_t at, len;       /* its bytes in the text */
	int indent;           /* columns left blank before it */
} pager_row;

typedef struct pager {
	gc_buf text;              /* lines separated by '\n' */
	size_t *line_at, nlines;  /* where each line starts */
	pager_row *rows;          /* the lines as screen rows, for width */
	size_t nrows;
	int width, ascii;         /* what the rows were laid out for; 0: not yet */
	int nowrap;               /* one row per line, cut at the edge (the statistics' bars) */
	int margin;               /* columns left free at the right edge */
	size_t top;               /* the first row on the screen */
} pager;

void pager_init(pager *p);
void pager_free(pager *p);
/* New text, shown from its first row. */
void pager_set(pager *p, const char *text);
/* h rows from the top one, at row y, the whole width. */
void pager_draw(tui *t, pager *p, int y, int h);
/* How many rows the text takes at the screen's width. */
size_t pager_rows(tui *t, pager *p);
/* The moves (up, down, page, first, last row); returns any other action. */
int pager_key(tui *t, pager *p, int action);

#endif
