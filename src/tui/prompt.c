/* SPDX-License-Identifier: MIT */
/* prompt.c - a one-line editor on the last row. It edits characters, not
 * bytes, and moves by display width, so Chinese typed through an input
 * method edits correctly. Esc cancels. */
#include <string.h>
#include <limits.h>
#include "tui/prompt.h"
#include "tui/draw.h"
#include "tui/pace.h"
#include "tui/wtext.h"
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

int prompt_key(tui *t, wint_t *ch)
{
	/* A prompt may open while the main loop drains keys without waiting
	 * (nodelay): wait here, a second at a time, and give the main loop its
	 * mode back. Never spin: twenty people typing share one small server. */
	int delay = wgetdelay(stdscr);
	timeout(1000);
	for (;;) {
		int r = get_wch(ch);
		if (r == ERR && ui_terminal_gone()) {
			*ch = 27;   /* as if Esc: every editor cancels, the main loop then leaves */
			r = OK;
		} else if (r == ERR) {
			continue;
		}
		if (r == KEY_CODE_YES && *ch == PACE_KEY_ACK) {
			pace_key((int)*ch);   /* the terminal's answer, no key (pace.c) */
			continue;
		}
		if (r != KEY_CODE_YES && *ch == 3)
			*ch = 27;   /* ^C (a key in raw mode) cancels like Esc */
		if (r == KEY_CODE_YES && *ch == KEY_RESIZE)
			getmaxyx(stdscr, t->rows, t->cols);
		timeout(delay);
		return r;
	}
}

int prompt_key_waiting(void)
{
	/* Peek without waiting and put the key back: ncurses may already hold
	 * keys it read, which poll() on the terminal would not see. */
	wint_t ch;
	int delay = wgetdelay(stdscr);
	nodelay(stdscr, TRUE);
	int r = get_wch(&ch);
	timeout(delay);
	if (r == ERR)
		return 0;
	if (r == KEY_CODE_YES)
		ungetch((int)ch);
	else
		unget_wch((wchar_t)ch);
	return 1;
}

int prompt_yes(tui *t, const char *question)
{
	for (;;) {
		wchar_t none[1] = { 0 };
		show(t, question, none, 0, 0);
		refresh();
		wint_t ch;
		int r = prompt_key(t, &ch);
		if (r == KEY_CODE_YES) {
			if (ch == KEY_ENTER)
				break;
			continue;   /* a resize redraws; arrows are no answer */
		}
		if (ch == 'y' || ch == 'Y') {
			t->msg[0] = 0;
			return 1;
		}
		if (ch == 'n' || ch == 'N' || ch == 27 || ch == 'q' || ch == '\n' || ch == '\r')
			break;
	}
	t->msg[0] = 0;
	return 0;
}

/* The choice whose key starts with the letter c (any case) or whose label
 * starts with the character c, when only one does; -1 otherwise. */
static int choice_by_start(wint_t c, const char *const *keys, const char *const *labels, size_t n)
{
	int found = -1;
	for (size_t i = 0; i < n; i++) {
		uint32_t first = 0;
		if (*labels[i])
			utf8_decode(labels[i], strlen(labels[i]), &first);
		int k = (unsigned char)keys[i][0];
		int hit = (c < 0x80 && k && (wint_t)(k | 0x20) == (c | 0x20) && ((c | 0x20) >= 'a' && (c | 0x20) <= 'z'))
			  || (c >= 0x80 && first == (uint32_t)c);
		if (hit && found >= 0)
			return -1;   /* shared: only the number tells them apart */
		if (hit)
			found = (int)i;
	}
	return found;
}

int prompt_choice(tui *t, const char *question, const char *const *keys, const char *const *labels, size_t n)
{
	int pick = -1;
	while (pick < 0) {
		wchar_t none[1] = { 0 };
		show(t, question, none, 0, 0);
		refresh();
		wint_t ch;
		int r = prompt_key(t, &ch);
		if (r == KEY_CODE_YES)
			continue;   /* a resize redraws */
		if (ch == 27)
			break;
		if (ch >= '1' && ch <= '9' && (size_t)(ch - '0') <= n)
			pick = (int)(ch - '1');
		else
			pick = choice_by_start(ch, keys, labels, n);
	}
	t->msg[0] = 0;
	return pick;
}

/* Esc with more bytes right behind it is a key ncurses did not know (a
 * terminal's own Home, \e[1~), never a cancel that would drop the text:
 * its bytes are read to their final one, and the few Home and End forms
 * are understood. Returns the KEY_ code, or 0 for a key to ignore. */
static int prompt_unknown_key(tui *t)
{
	char seq[16];
	size_t n = 0;
	while (n + 1 < sizeof seq && prompt_key_waiting()) {
		wint_t ch;
		if (prompt_key(t, &ch) == KEY_CODE_YES || ch > 0x7e)
			break;
		seq[n++] = (char)ch;
		if (n > 1 && ((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || ch == '~'))
			break;
	}
	seq[n] = 0;
	if (!strcmp(seq, "[1~") || !strcmp(seq, "[7~") || !strcmp(seq, "[H") || !strcmp(seq, "OH"))
		return KEY_HOME;
	if (!strcmp(seq, "[4~") || !strcmp(seq, "[8~") || !strcmp(seq, "[F") || !strcmp(seq, "OF"))
		return KEY_END;
	return 0;
}

int prompt_escape_key(tui *t, wint_t *ch)
{
	if (ui_terminal_gone() || !prompt_key_waiting())
		return 0;
	*ch = (wint_t)prompt_unknown_key(t);
	return 1;
}

int prompt(tui *t, const char *label, char *buf, size_t size)
{
	wtext e;
	wtext_from(&e, buf);
	draw_cursor(1);
	for (;;) {
		/* A paste arrives as thousands of keys: draw once they are in. */
		if (!prompt_key_waiting()) {
			show(t, label, e.w, e.n, e.cur);
			refresh();
		}
		wint_t ch;
		int r = prompt_key(t, &ch);
		if (r == KEY_CODE_YES && ch == KEY_ENTER)
			break;
		wint_t k;
		if (r != KEY_CODE_YES && ch == 27 && prompt_escape_key(t, &k)) {
			if (k)
				wtext_key(&e, 1, k, 0);   /* Home or End; anything else ignored */
			continue;
		}
		if (r != KEY_CODE_YES && ch == 27) {
			if (ui_terminal_gone())
				wtext_to(&e, t->typed, sizeof t->typed);   /* for the draft (form.c) */
			draw_cursor(0);
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
	draw_cursor(0);
	wtext_to(&e, buf, size);
	t->msg[0] = 0;
	return 0;
}
