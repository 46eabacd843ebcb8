/* SPDX-License-Identifier: MIT */
/* picker.h - choosing one of a choice field's values (picker.c): a list
 * that fits the screen, narrowed as the user types, in two levels for
 * GROUP/KIND choices. */
#ifndef GRIDCASE_TUI_PICKER_H
#define GRIDCASE_TUI_PICKER_H

#include "tui/ui.h"

/* Offer the n choices under label, and "(none)" first when none; buf
 * holds the current value (the list starts on it) and gets the one picked
 * ("" for none). 0 when picked, -1 when cancelled (Esc, ^C, a terminal
 * gone). */
int picker_choose(tui *t, const char *label, const char *const *choices, size_t n, int none, char *buf, size_t size);

#endif
