/* SPDX-License-Identifier: MIT */
/* wtext.h - text being edited (wtext.c), one wide character per cell, so
 * editing moves and deletes whole characters: the state of the line prompt
 * and of the long-text editor. */
#ifndef GRIDCASE_TUI_WTEXT_H
#define GRIDCASE_TUI_WTEXT_H

#define NCURSES_WIDECHAR 1
#include <curses.h>
#include <wchar.h>

#define WTEXT_MAX 4000   /* characters: a long text field of 2,000 Chinese characters and more */
typedef struct wtext {
	wchar_t w[WTEXT_MAX + 1];
	size_t n, cur;
} wtext;

void wtext_from(wtext *e, const char *utf8);
void wtext_to(wtext *e, char *buf, size_t size);
/* Keys every editor shares: moving by character, deleting a whole
 * character, inserting printable text. Returns 1 when the key was used. */
int wtext_key(wtext *e, int is_code, wint_t ch, int multiline);

#endif
