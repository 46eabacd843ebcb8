/* SPDX-License-Identifier: MIT */
/* page.h - the record page (page.c): a record with its history, and the
 * results of a change to tagged records. */
#ifndef GRIDCASE_TUI_PAGE_H
#define GRIDCASE_TUI_PAGE_H

#include "tui/ui.h"

extern const view_ops page_ops;

/* For nav.h (see there). */
void page_open_record(tui *t, uint64_t id);
void page_act_record(tui *t, uint64_t id);
void page_show_results(tui *t, const char *text);

#endif
