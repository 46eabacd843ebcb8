/* SPDX-License-Identifier: MIT */
/* form.h - the form (form.c): create a record or edit one. */
#ifndef GRIDCASE_TUI_FORM_H
#define GRIDCASE_TUI_FORM_H

#include "tui/ui.h"

extern const view_ops form_ops;

/* For nav.h (see there). */
void form_new(tui *t, uint32_t node);
void form_edit(tui *t, uint64_t id);
/* At start: the draft a dropped connection left, offered back (tui.c). */
void form_offer_draft(tui *t);

#endif
