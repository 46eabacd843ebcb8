/* prompt.c - a one-line editor on the last row. It edits characters, not
 * bytes, and moves by display width, so Chinese typed through an input
 * method edits correctly. Esc cancels. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <limits.h>
#include "tui/ui.h"
#include "gridcase/text.h"


static int wide_width(const wchar_t *w, size_t n)
{
	int cols = 0;
	for (size_t i = 0; i < n; i++)
		cols += text_cp_width((uint32_t)w[i]);
	return cols;
}

static void show(tui *t, const char *label, const wchar_t *w, size_t n, size_t cur)
{
	int y = t->rows - 1, lw;
	move(y, 0);
	clrtoeol();
	draw_text(t, y, 0, label, t->cols - 1, 0);
	lw = text_width(label, strlen(label));
	/* Scroll the text so the cursor stays visible. */
	size_t from = 0;
	while (from < cur && lw + wide_width(w + from, cur - from) >= t->cols - 1)
		from++;
	char mb[MB_LEN_MAX * WTEXT_MAX + 1];
	size_t len = 0;
	mbstate_t st;
	memset(&st, 0, sizeof st);
	for (size_t i = from; i < n; i++) {
		size_t k = wcrtomb(mb + len, w[i], &st);
		if (k != (size_t)-1)
			len += k;
	}
	mb[len] = 0;
	draw_text(t, y, lw, mb, t->cols - lw - 1, 0);
	move(y, lw + wide_width(w + from, cur - from));
}

/* ---- text being edited as wide characters (shared with form.c) ---- */

void wtext_from(wtext *e, const char *utf8)
{
	mbstate_t st;
	const char *p = utf8;
	memset(&st, 0, sizeof st);
	e->n = mbsrtowcs(e->w, &p, WTEXT_MAX - 1, &st);
	if (e->n == (size_t)-1)
		e->n = 0;
	e->cur = e->n;
}

void wtext_to(wtext *e, char *buf, size_t size)
{
	mbstate_t st;
	const wchar_t *wp = e->w;
	e->w[e->n] = 0;
	memset(&st, 0, sizeof st);
	size_t len = wcsrtombs(buf, &wp, size - 1, &st);
	buf[len == (size_t)-1 ? 0 : len] = 0;
}

static void wtext_delete(wtext *e, size_t at)
{
	memmove(e->w + at, e->w + at + 1, (e->n - at - 1) * sizeof *e->w);
	e->n--;
}

/* Keys every editor shares: moving by character, deleting a whole
 * character, inserting printable text. Returns 1 when the key was used. */
int wtext_key(wtext *e, int is_code, wint_t ch, int multiline)
{
	if (is_code) {
		switch (ch) {
		case KEY_LEFT: if (e->cur) e->cur--; return 1;
		case KEY_RIGHT: if (e->cur < e->n) e->cur++; return 1;
		case KEY_HOME: e->cur = 0; return 1;
		case KEY_END: e->cur = e->n; return 1;
		case KEY_BACKSPACE: if (e->cur) wtext_delete(e, --e->cur); return 1;
		case KEY_DC: if (e->cur < e->n) wtext_delete(e, e->cur); return 1;
		}
		return 0;
	}
	if (ch == 127 || ch == 8) {
		if (e->cur)
			wtext_delete(e, --e->cur);
		return 1;
	}
	int allowed = multiline && (ch == '\n' || ch == '\t');
	if (!allowed && (ch < 0x20 || text_is_dangerous((uint32_t)ch)))
		return 0;   /* control characters never enter the text */
	if (e->n + 1 >= WTEXT_MAX)
		return 1;
	memmove(e->w + e->cur + 1, e->w + e->cur, (e->n - e->cur) * sizeof *e->w);
	e->w[e->cur++] = (wchar_t)ch;
	e->n++;
	return 1;
}

int editor_key(tui *t, wint_t *ch)
{
	for (;;) {
		int r = get_wch(ch);
		if (r == ERR && tui_terminal_gone()) {
			*ch = 27;   /* as if Esc: every editor cancels, the main loop then leaves */
			return OK;
		}
		if (r == ERR)
			continue;
		if (r == KEY_CODE_YES && *ch == KEY_RESIZE)
			getmaxyx(stdscr, t->rows, t->cols);
		return r;
	}
}

int prompt(tui *t, const char *label, char *buf, size_t size)
{
	wtext e;
	wtext_from(&e, buf);
	curs_set(1);
	for (;;) {
		show(t, label, e.w, e.n, e.cur);
		refresh();
		wint_t ch;
		int r = editor_key(t, &ch);
		if (r == KEY_CODE_YES && ch == KEY_ENTER)
			break;
		if (r != KEY_CODE_YES && ch == 27) {
			curs_set(0);
			t->msg[0] = 0;
			return -1;
		}
		if (r != KEY_CODE_YES && (ch == '\n' || ch == '\r'))
			break;
		if (r != KEY_CODE_YES && ch == 21) {   /* Ctrl-U: clear */
			e.n = e.cur = 0;
			continue;
		}
		wtext_key(&e, r == KEY_CODE_YES, ch, 0);
	}
	curs_set(0);
	wtext_to(&e, buf, size);
	t->msg[0] = 0;
	return 0;
}
