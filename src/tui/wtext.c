/* SPDX-License-Identifier: MIT */
/* wtext.c - text being edited as wide characters, shared by the line
 * prompt and the long-text editor. */
#include <string.h>
#include "tui/wtext.h"
#include "gridcase/text.h"

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
