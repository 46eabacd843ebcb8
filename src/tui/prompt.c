/* prompt.c - a one-line editor on the last row. It edits characters, not
 * bytes, and moves by display width, so Chinese typed through an input
 * method edits correctly. Esc cancels. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <limits.h>
#include "gridcase/tui.h"
#include "gridcase/text.h"

#define MAXC 400

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
	char mb[MB_LEN_MAX * MAXC + 1];
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

int prompt(tui *t, const char *label, char *buf, size_t size)
{
	wchar_t w[MAXC];
	size_t n = 0, cur = 0;
	mbstate_t st;
	memset(&st, 0, sizeof st);
	/* Start from what buf holds. */
	const char *p = buf;
	n = mbsrtowcs(w, &p, MAXC - 1, &st);
	if (n == (size_t)-1)
		n = 0;
	cur = n;
	curs_set(1);
	for (;;) {
		show(t, label, w, n, cur);
		refresh();
		wint_t ch;
		int r = get_wch(&ch);
		if (r == ERR)
			continue;
		if (r == KEY_CODE_YES) {
			switch (ch) {
			case KEY_LEFT: if (cur) cur--; break;
			case KEY_RIGHT: if (cur < n) cur++; break;
			case KEY_HOME: cur = 0; break;
			case KEY_END: cur = n; break;
			case KEY_BACKSPACE:
				if (cur) {
					memmove(w + cur - 1, w + cur, (n - cur) * sizeof *w);
					cur--;
					n--;
				}
				break;
			case KEY_DC:
				if (cur < n) {
					memmove(w + cur, w + cur + 1, (n - cur - 1) * sizeof *w);
					n--;
				}
				break;
			case KEY_ENTER: goto done;
			case KEY_RESIZE: getmaxyx(stdscr, t->rows, t->cols); break;
			}
			continue;
		}
		if (ch == 27) {
			curs_set(0);
			t->msg[0] = 0;
			return -1;
		}
		if (ch == '\n' || ch == '\r')
			break;
		if (ch == 127 || ch == 8) {
			if (cur) {
				memmove(w + cur - 1, w + cur, (n - cur) * sizeof *w);
				cur--;
				n--;
			}
			continue;
		}
		if (ch == 21) {   /* Ctrl-U: clear */
			n = cur = 0;
			continue;
		}
		if (ch < 0x20 || text_is_dangerous((uint32_t)ch) || n + 1 >= MAXC)
			continue;   /* control characters never enter the text */
		memmove(w + cur + 1, w + cur, (n - cur) * sizeof *w);
		w[cur++] = (wchar_t)ch;
		n++;
	}
done:
	curs_set(0);
	w[n] = 0;
	const wchar_t *wp = w;
	memset(&st, 0, sizeof st);
	size_t len = wcsrtombs(buf, &wp, size - 1, &st);
	buf[len == (size_t)-1 ? 0 : len] = 0;
	t->msg[0] = 0;
	return 0;
}
