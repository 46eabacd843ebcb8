/* SPDX-License-Identifier: MIT */
/* command.h - the ':' command line (command.c): one table of commands,
 * which also writes their part of the help screen. */
#ifndef GRIDCASE_TUI_COMMAND_H
#define GRIDCASE_TUI_COMMAND_H

#include "tui/ui.h"

/* Read a command on the last row and run it. */
void command_line(tui *t);
/* #: ask for a record id and open its page ("no record N" when there is
 * none the user may see). */
void command_jump(tui *t);
/* The command part of the help screen (and of docs/ui.md's key list). */
void command_help(gc_buf *out);

#endif
