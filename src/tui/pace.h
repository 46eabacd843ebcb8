/* SPDX-License-Identifier: MIT */
/* pace.h - frames at the pace the terminal takes them (pace.c). */
#ifndef GRIDCASE_TUI_PACE_H
#define GRIDCASE_TUI_PACE_H

#include <curses.h>

/* The key code of the terminal's answer to a status request (ESC [ 0 n):
 * every frame before the request has reached the terminal. */
#define PACE_KEY_ACK (KEY_MAX + 1)

/* At start, after the first frame: teach ncurses the answer and ask once,
 * to learn whether this terminal answers at all. */
void pace_start(void);
/* A key came: PACE_KEY_ACK ends the wait for a frame. */
void pace_key(int key);
/* Whether a frame may be drawn now (none is still on its way). */
int pace_may_draw(void);
/* A frame was just drawn. */
void pace_drawn(void);
/* While a frame is on its way, the wait for the next key in ms; else -1. */
int pace_wait_ms(void);

#endif
