/* SPDX-License-Identifier: MIT */
/* stats.h - the statistics view (stats.c). */
#ifndef GRIDCASE_TUI_STATS_H
#define GRIDCASE_TUI_STATS_H

#include "tui/ui.h"

extern const view_ops stats_ops;

/* The assessment of node over [from, to) (0: open); for nav.h and :stats. */
void stats_open(tui *t, uint32_t node, int64_t from, int64_t to);

#endif
