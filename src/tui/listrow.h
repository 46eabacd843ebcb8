/* SPDX-License-Identifier: MIT */
/* listrow.h - a row of the list and its columns (listrow.c). */
#ifndef GRIDCASE_TUI_LISTROW_H
#define GRIDCASE_TUI_LISTROW_H

#include "tui/ui.h"

/* The columns of the rows on the screen, in display columns (0: left
 * out): chosen from the pane's width and what the rows hold. */
typedef struct list_cols {
	int idw;       /* digits of the largest id */
	int formw;     /* the form's short label (2 below 50 columns: its first character) */
	int statew;
	int duew;      /* 0 when no row on the screen has a due time */
	int titlew;    /* what is left */
	int catw, whow, gridw;   /* category, assignee, grid: 90 columns and more */
} list_cols;

void listrow_columns(const tui *t, const gc_record *const *rows, size_t n, int w, list_cols *c);
/* Row y from x: the selection's column, tag (*), reviewed (=), then the
 * columns. */
void listrow_draw(tui *t, int y, int x, const list_cols *c, const gc_record *rec, int tagged, int reviewed,
		  int64_t now);
/* The state as a person reads it; "-" for a record of a form without states. */
const char *listrow_state(const gc_config *cfg, const gc_record *rec);

#endif
