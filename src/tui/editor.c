/* SPDX-License-Identifier: MIT */
/* editor.c - the multi-line editor for long text on the whole screen,
 * with the same editing keys as the line prompt (wtext.c); Up and Down
 * keep the column. F2 or ^D keeps, Esc cancels. */
#include <stdio.h>
#include <string.h>
#include "tui/editor.h"
#include "tui/draw.h"
#include "tui/prompt.h"
#include "tui/wtext.h"
#include "gridcase/text.h"

static void editor_draw(tui *t, const char *label, const wchar_t *w, size_t n, size_t cur)
{
	int h = t->rows - 2;
	size_t line = 0, col = 0, start = 0;
	for (size_t i = 0; i < cur; i++)
		if (w[i] == '\n') {
			line++;
			start = i + 1;
		}
	col = cur - start;
	size_t top = line >= (size_t)h ? line - (size_t)h + 1 : 0;
	erase();
	char head[200];
	snprintf(head, sizeof head, "%s  (F2 or ^D keeps, Esc cancels)", label);
	draw_text(t, 0, 0, head, t->cols, 1);
	size_t ln = 0, i = 0;
	int cy = 1, cx = 0;
	while (i <= n) {
		size_t e = i;
		while (e < n && w[e] != '\n')
			e++;
		if (ln >= top && ln < top + (size_t)h) {
			char mb[8 * WTEXT_MAX + 1];
			size_t len = 0;
			mbstate_t st;
			memset(&st, 0, sizeof st);
			int width = 0;
			for (size_t k = i; k < e; k++) {
				size_t m = wcrtomb(mb + len, w[k], &st);
				if (m != (size_t)-1)
					len += m;
				if (ln == line && k - i < col)
					width += text_cp_width((uint32_t)w[k]);
			}
			mb[len] = 0;
			draw_text(t, 1 + (int)(ln - top), 0, mb, t->cols, 0);
			if (ln == line) {
				cy = 1 + (int)(ln - top);
				cx = width < t->cols ? width : t->cols - 1;
			}
		}
		ln++;
		i = e + 1;
	}
	move(cy, cx);
	refresh();
}

/* Up or Down: to the same column of the line above or below. */
static void editor_vertical(wtext *e, wint_t ch)
{
	size_t start = e->cur, col;
	while (start && e->w[start - 1] != '\n')
		start--;
	col = e->cur - start;
	if (ch == KEY_UP && start) {
		size_t ps = start - 1;
		while (ps && e->w[ps - 1] != '\n')
			ps--;
		e->cur = ps + col < start - 1 ? ps + col : start - 1;
	} else if (ch == KEY_DOWN) {
		size_t end = e->cur;
		while (end < e->n && e->w[end] != '\n')
			end++;
		if (end < e->n) {
			size_t ns = end + 1, ne = ns;
			while (ne < e->n && e->w[ne] != '\n')
				ne++;
			e->cur = ns + col < ne ? ns + col : ne;
		}
	}
}

int editor_edit(tui *t, const char *label, char *buf, size_t size)
{
	wtext e;
	wtext_from(&e, buf);
	draw_cursor(1);
	for (;;) {
		if (!prompt_key_waiting())   /* a paste: draw once it is in */
			editor_draw(t, label, e.w, e.n, e.cur);
		wint_t ch;
		int r = prompt_key(t, &ch);
		if (r == KEY_CODE_YES && (ch == KEY_UP || ch == KEY_DOWN)) {
			editor_vertical(&e, ch);
			continue;
		}
		if (r == KEY_CODE_YES && ch == KEY_F(2))
			break;
		if (r != KEY_CODE_YES && ch == 27) {
			draw_cursor(0);
			return -1;
		}
		if (r != KEY_CODE_YES && ch == 4)   /* ^D keeps */
			break;
		if (r != KEY_CODE_YES && ch == '\r')
			ch = '\n';
		wtext_key(&e, r == KEY_CODE_YES, ch, 1);
	}
	draw_cursor(0);
	wtext_to(&e, buf, size);
	return 0;
}
