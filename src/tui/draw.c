/* SPDX-License-Identifier: MIT */
/* draw.c - putting stored text on the screen: neutralised, cut by display
 * columns, never half a wide glyph; ASCII-only when the terminal is not
 * UTF-8. */
#include <string.h>
#include "tui/draw.h"
#include "gridcase/text.h"
#include <term.h>   /* tputs, after everything that could use its names */

/* In ASCII mode every non-ASCII character is drawn as one '?'. */
static void to_ascii(gc_buf *out, const char *s, int width, int pad)
{
	int used = 0;
	size_t i = 0, n = strlen(s);
	uint32_t cp;
	while (i < n && used < width) {
		size_t l = utf8_decode(s + i, n - i, &cp);
		if (!l) {
			l = 1;
			cp = '?';
		}
		buf_addc(out, cp >= 0x20 && cp < 0x7f ? (char)cp : '?');
		used++;
		i += l;
	}
	while (pad && used++ < width)
		buf_addc(out, ' ');
}

void draw_text(tui *t, int y, int x, const char *s, int width, int pad)
{
	gc_buf b;
	if (width <= 0 || y < 0 || y >= t->rows)
		return;
	buf_init(&b);
	if (t->ascii)
		to_ascii(&b, s, width, pad);
	else
		text_fit(&b, s, strlen(s), width, pad);
	mvaddstr(y, x, b.p ? b.p : "");
	buf_free(&b);
}

void draw_text_cut(tui *t, int y, int x, const char *s, int width)
{
	size_t n = strlen(s);
	/* ASCII mode draws one column per character. */
	int wide = t->ascii ? (int)utf8_chars(s, n) : text_width(s, n);
	if (width < 2 || wide <= width) {
		draw_text(t, y, x, s, width, 1);
		return;
	}
	/* Cut: what fits in one column less, then the mark. U+22EF is
	 * neutral width, one column on every terminal, where U+2026 (…) is
	 * ambiguous: two columns on many Chinese ones. */
	int used = width - 1;
	if (!t->ascii)
		used = text_width(s, text_fit_len(s, n, width - 1));
	draw_text(t, y, x, s, used, 0);
	draw_text(t, y, x + used, t->ascii ? "$" : "\xe2\x8b\xaf", 1, 0);
	for (int c = x + used + 1; c < x + width; c++)
		mvaddch(y, c, ' ');
}

/* The selection: a reverse bar, or in low-bandwidth mode a one-column
 * marker, which costs a few bytes to move instead of two full rows. */
void draw_selected(tui *t, int y, int x, int width, int selected)
{
	if (t->low_bw) {
		mvaddstr(y, x, selected ? ">" : " ");
		return;
	}
	if (selected)
		mvchgat(y, x, width, A_REVERSE, 0, NULL);
}

void draw_focus(tui *t, int y, int x, int width, int focused)
{
	if (focused) {
		draw_selected(t, y, x, width, 1);
		return;
	}
	/* The pane without the keys keeps its row: a dim marker in the column
	 * left free for it (a reverse bar would say it has the keys). */
	attron(A_DIM);
	mvaddstr(y, x, ">");
	attroff(A_DIM);
}

/* ncurses's own output routine, which queues a byte in the frame's buffer
 * (exported by libtinfo since 5.0, not in its headers). */
extern int _nc_outch(int) __attribute__((weak));

void draw_cursor(int visible)
{
	/* curs_set writes and flushes at once, so a prompt opened or closed
	 * left in two writes; queued in ncurses's buffer, the string leaves
	 * with the frame. ncurses still restores the cursor at endwin, as it
	 * believes it hidden (tui.c hides it at start). */
	char *s = tigetstr(visible ? "cnorm" : "civis");
	if (!_nc_outch || !s || s == (char *)-1)
		curs_set(visible);
	else
		tputs(s, 1, _nc_outch);
}

int draw_light_attr(const tui *t, int light)
{
	/* Green and yellow text is hard to read on the white backgrounds many
	 * offices use: a running limit is drawn plainly, a near one bold, and
	 * only a passed one in colour (red reads on white and on black). The
	 * marks ~ and ! say the same without any attribute. */
	if (light == LIGHT_RED)
		return A_BOLD | (t->color ? COLOR_PAIR(LIGHT_RED) : 0);
	return light == LIGHT_YELLOW ? A_BOLD : A_NORMAL;
}
