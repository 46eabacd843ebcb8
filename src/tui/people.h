/* SPDX-License-Identifier: MIT */
/* people.h - choosing a person by name (people.c): the people a record may
 * be assigned to, filtered as you type, never a bare login prompt. */
#ifndef GRIDCASE_TUI_PEOPLE_H
#define GRIDCASE_TUI_PEOPLE_H

#include "tui/ui.h"

/* Offer the people rec may be given through via (NULL: by hand); 0 with
 * the chosen login in login (an empty one for "nobody" when allow_none),
 * -1 when cancelled or nobody may have it (a message says so). */
int people_pick(tui *t, const gc_record *rec, const gc_transition *via, int allow_none, char *login, size_t size);

#endif
