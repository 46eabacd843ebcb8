/* SPDX-License-Identifier: MIT */
/* editor.c - the multi-line editor for long text on the whole screen,
 * with the same editing keys as the line prompt (wtext.c). Lines wrap
 * softly by display width (a Chinese character is two columns and never
 * cut), and every move is on the rows the user sees: Up and Down go to the
 * same column of the row above or below, Home and End to the start and
 * end of the row, PgUp and PgDn by a screen of rows; deleting takes the
 * character before (Backspace) or under (Delete) the cursor. The rows are
 * laid out again after every change, for the width. F2 or ^D keeps, Esc
 * cancels. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "tui/editor.h"
#include "tui/draw.h"
#include "tui/prompt.h"
#include "tui/wtext.h"
#include "gridcase/i18n.h"
#include "gridcase/text.h"

/* A screen row: the characters [at, end) of the text; last: the end of a
 * line (a newline or the end of the text follows), not a wrap. */
typedef struct erow {
	size_t at, end;
	int last;
} erow;

typedef struct editor {
	wtext *e;
	erow *rows;
	size_t nrows, cap, top;
	int width;
	int at_end;     /* the cursor is at the end of its row, not the start of the next (End) */
	int goal;       /* the column Up and Down keep, -1: the cursor's own */
} editor;

static int cw(wchar_t c)
{
	return c == '\t' ? 1 : text_cp_width((uint32_t)c);
}

/* The rows for the width: each line cut where the next character would
 * pass the edge; one column stays free for the cursor after a full row. */
static void layout(editor *ed)
{
	const wtext *e = ed->e;
	ed->nrows = 0;
	size_t i = 0;
	for (;;) {
		size_t at = i;
		int used = 0;
		while (i < e->n && e->w[i] != '\n' && used + cw(e->w[i]) <= ed->width)
			used += cw(e->w[i++]);
		if (i == at && i < e->n && e->w[i] != '\n')
			i++;   /* a character wider than the screen still takes a row */
		if (ed->nrows == ed->cap)
			ed->rows = xrealloc(ed->rows, (ed->cap = ed->cap ? ed->cap * 2 : 64) * sizeof *ed->rows);
		int last = i >= e->n || e->w[i] == '\n';
		ed->rows[ed->nrows++] = (erow){ at, i, last };
		if (i >= e->n)
			break;
		if (e->w[i] == '\n')
			i++;   /* the newline ends its row; the next line starts a row */
	}
}

/* The row the cursor is on: a cursor at the end of a wrapped row is at the
 * start of the next one, unless End put it there. */
static size_t cursor_row(const editor *ed)
{
	size_t c = ed->e->cur;
	for (size_t r = 0; r < ed->nrows; r++) {
		const erow *w = &ed->rows[r];
		if (c >= w->at && (c < w->end || (c == w->end && (w->last || ed->at_end))))
			return r;
	}
	return ed->nrows ? ed->nrows - 1 : 0;
}

static int cols_between(const wtext *e, size_t from, size_t to)
{
	int n = 0;
	for (size_t i = from; i < to; i++)
		n += cw(e->w[i]);
	return n;
}

/* The place in row r nearest to column col, never past what it shows. */
static void to_column(editor *ed, size_t r, int col)
{
	const erow *w = &ed->rows[r];
	size_t i = w->at;
	int used = 0;
	while (i < w->end && used + cw(ed->e->w[i]) <= col)
		used += cw(ed->e->w[i++]);
	ed->e->cur = i;
	ed->at_end = i == w->end && !w->last;
}

static void draw(tui *t, editor *ed, const char *label)
{
	int h = t->rows - 2 > 1 ? t->rows - 2 : 1;
	size_t cr = cursor_row(ed);
	if (cr < ed->top)
		ed->top = cr;
	if (cr >= ed->top + (size_t)h)
		ed->top = cr + 1 - (size_t)h;
	erase();
	char head[300];
	snprintf(head, sizeof head, _("%s  (F2 or ^D keeps, Esc cancels)"), label);
	draw_text(t, 0, 0, head, t->cols, 1);
	for (int y = 0; y < h && ed->top + (size_t)y < ed->nrows; y++) {
		const erow *w = &ed->rows[ed->top + (size_t)y];
		char *mb = xmalloc((w->end - w->at) * 8 + 1);
		size_t len = 0;
		mbstate_t st;
		memset(&st, 0, sizeof st);
		for (size_t k = w->at; k < w->end; k++) {
			size_t m = wcrtomb(mb + len, ed->e->w[k] == '\t' ? L' ' : ed->e->w[k], &st);
			if (m != (size_t)-1)
				len += m;
		}
		mb[len] = 0;
		draw_text(t, 1 + y, 0, mb, t->cols, 0);
		free(mb);
	}
	char foot[120];
	snprintf(foot, sizeof foot, _("%zu characters"), ed->e->n);
	draw_text(t, t->rows - 1, 0, foot, t->cols - 1, 1);
	const erow *w = &ed->rows[cr];
	move(1 + (int)(cr - ed->top), cols_between(ed->e, w->at, ed->e->cur));
	refresh();
}

/* The moves on the rows the user sees; 1 when the key was one. */
static int move_key(tui *t, editor *ed, wint_t ch)
{
	size_t r = cursor_row(ed);
	const erow *w = &ed->rows[r];
	long page = t->rows - 2 > 1 ? t->rows - 2 : 1, to;
	int col = ed->goal >= 0 ? ed->goal : cols_between(ed->e, w->at, ed->e->cur);
	switch (ch) {
	case KEY_UP: case KEY_DOWN: case KEY_PPAGE: case KEY_NPAGE:
		to = (long)r + (ch == KEY_UP ? -1 : ch == KEY_DOWN ? 1 : ch == KEY_PPAGE ? -page : page);
		to = to < 0 ? 0 : to >= (long)ed->nrows ? (long)ed->nrows - 1 : to;
		if (to != (long)r || ch == KEY_PPAGE || ch == KEY_NPAGE)
			to_column(ed, (size_t)to, col);
		ed->goal = col;
		return 1;
	case KEY_HOME:
		ed->e->cur = w->at;
		ed->at_end = 0;
		break;
	case KEY_END:
		ed->e->cur = w->end;
		ed->at_end = !w->last;
		break;
	default:
		return 0;
	}
	ed->goal = -1;
	return 1;
}

int editor_edit(tui *t, const char *label, char *buf, size_t size)
{
	editor ed;
	memset(&ed, 0, sizeof ed);
	ed.e = xcalloc(1, sizeof *ed.e);
	wtext_from(ed.e, buf);
	ed.goal = -1;
	int rc = -1;
	draw_cursor(1);
	for (;;) {
		ed.width = t->cols - 1 > 1 ? t->cols - 1 : 1;
		layout(&ed);
		if (!prompt_key_waiting())   /* a paste: draw once it is in */
			draw(t, &ed, label);
		wint_t ch;
		int code = prompt_key(t, &ch) == KEY_CODE_YES;
		if (code && ch == KEY_RESIZE)
			continue;
		if (code && move_key(t, &ed, ch))
			continue;
		if ((code && ch == KEY_F(2)) || (!code && ch == 4)) {   /* F2 or ^D keeps */
			rc = 0;
			break;
		}
		if (!code && ch == 27 && prompt_escape_key(t, &ch)) {
			int k = (int)ch;
			if (k)
				move_key(t, &ed, (wint_t)k);
			continue;
		}
		if (!code && ch == 27) {
			/* Esc, or the terminal gone: what was typed goes to the draft. */
			if (ui_terminal_gone())
				wtext_to(ed.e, t->typed, sizeof t->typed);
			break;
		}
		if (!code && ch == '\r')
			ch = '\n';
		ed.at_end = 0;
		ed.goal = -1;
		wtext_key(ed.e, code, ch, 1);
	}
	draw_cursor(0);
	if (rc == 0)
		wtext_to(ed.e, buf, size);
	free(ed.rows);
	free(ed.e);
	return rc;
}
