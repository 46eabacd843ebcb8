/* SPDX-License-Identifier: MIT */
/* prompt.h - reading text from the user (prompt.c): the line editor on
 * the last row, and the next key for any editor. Both wait for the user
 * and return; they draw only the row they edit. */
#ifndef GRIDCASE_TUI_PROMPT_H
#define GRIDCASE_TUI_PROMPT_H

#include "tui/ui.h"

/* A line editor on the last row; returns 0 when entered, -1 when
 * cancelled with Esc. buf holds the starting text and the result. */
int prompt(tui *t, const char *label, char *buf, size_t size);
/* A question answered by one key, no Enter: 1 for y (or Y), 0 for n, N,
 * Esc, ^C, q or Enter (no is the default); other keys are not answers and
 * leave the question asked. A terminal gone answers no. */
int prompt_yes(tui *t, const char *question);
/* One of n choices by one key, no Enter: its number (1 to 9), the first
 * letter of its key or the first character of its label (事 for 事件),
 * a letter or character only where no other choice starts with it. The
 * question (on the last row) should list them. Returns the index chosen,
 * -1 when cancelled (Esc, ^C, a terminal gone); other keys are no answer. */
int prompt_choice(tui *t, const char *question, const char *const *keys, const char *const *labels, size_t n);
/* The next key for an editor (waits; a resize updates the screen size and
 * is returned so the editor redraws). KEY_CODE_YES for a function key.
 * A terminal gone reads as Esc, so every editor cancels. */
int prompt_key(tui *t, wint_t *ch);
/* Whether a key is already waiting (it stays waiting): editors draw only
 * when none is, so a pasted text is digested before it is drawn. */
int prompt_key_waiting(void);
/* After an Esc: 1 when more bytes came right behind it, a key the terminal
 * database did not name (a terminal's own Home, ESC [ 1 ~), never a cancel;
 * *ch is then KEY_HOME or KEY_END for their common forms, 0 for any other
 * (its bytes read and dropped). 0 for an Esc alone. */
int prompt_escape_key(tui *t, wint_t *ch);

#endif
