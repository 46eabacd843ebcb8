/* SPDX-License-Identifier: MIT */
/* i18n.h - the program's own words in the user's language (gettext), with
 * English, the words in the source, as the fallback. Messages given to
 * core_fail, cli_usage, tui_message and the configuration's error
 * functions are translated where they are formatted, so a call site
 * writes plain English; other strings are marked _() or N_(). */
#ifndef GRIDCASE_I18N_H
#define GRIDCASE_I18N_H

#include <libintl.h>

#define _(s) gettext(s)
#define N_(s) (s)

/* Choose the language from the locale (LANGUAGE, LC_ALL, LC_MESSAGES,
 * LANG), even when that locale is not installed, and find the message
 * catalogue beside the program (build tree) or under PREFIX/share/locale. */
void i18n_init(void);

#endif
