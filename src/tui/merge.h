/* SPDX-License-Identifier: MIT */
/* merge.h - the conflict screen (merge.c), over the form whose save met
 * fields someone else changed too. */
#ifndef GRIDCASE_TUI_MERGE_H
#define GRIDCASE_TUI_MERGE_H

#include "tui/nav.h"

extern const view_ops merge_ops;

/* For nav.h (nav_resolve_conflict). */
void merge_open(tui *t, gc_set_result *res, const nav_conflict *about);

#endif
