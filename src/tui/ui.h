/* SPDX-License-Identifier: MIT */
/* ui.h - what the files of the terminal UI share (private to src/tui/):
 * the screen, the message line, the stack of views over the browser, and
 * the ops table every view fills in. Each view keeps its own state in a
 * struct of its own file; struct tui only points at it.
 *
 * The files, from the bottom up (a file calls only files below it):
 *   ui.c keys.c draw.c wtext.c   the shared struct and the stack, the key
 *                                table, drawing text, text being edited
 *   listrow.c                    a row of the list and its columns
 *   prompt.c editor.c pager.c    the line prompt, the long-text editor, a
 *   picker.c                     page of lines, the choice picker
 *   act.c                        the act menu, changes to many records
 *   tree.c list.c page.c form.c merge.c stats.c matchview.c textview.c
 *                                the views; they reach each other only
 *                                through nav.h's table, never by name
 *   command.c                    the ':' commands (their table)
 *   tui.c                        the main loop; fills nav.h's table */
#ifndef GRIDCASE_TUI_UI_H
#define GRIDCASE_TUI_UI_H

#define NCURSES_WIDECHAR 1
#include <curses.h>
#include "gridcase/core.h"

typedef struct tui tui;

/* A view: one file, one state struct, one of these tables. key gets an
 * action of the key table and returns what it did not use (ACT_NONE when
 * it used it); the main loop acts on the rest (quit, help, back, the
 * command line). Drawing is always of the whole screen, after the keys:
 * ncurses sends only what changed. */
typedef struct view_ops {
	unsigned keys;     /* its bit in the key table (V_LIST...): its keys and hint line */
	int page;          /* a page of text: a page opened over it takes its place */
	void (*init)(tui *t);       /* at start: make the state */
	void (*done)(tui *t);       /* at the end: free it */
	void (*draw)(tui *t, int y, int x, int h, int w);
	int (*key)(tui *t, int action);
	void (*reload)(tui *t);     /* the data changed while it is shown; NULL: nothing to read again */
	void (*close)(tui *t);      /* it leaves the stack; NULL: nothing to let go */
} view_ops;

#define UI_DEPTH 8

struct tui {
	gc_ctx *ctx;
	gc_config *cfg;
	int rows, cols;
	int low_bw, ascii, color;
	int quit;
	char msg[400];            /* one-line message in place of the hints */
	char typed[16384];        /* what an editor held when the terminal went away (for the draft) */
	unsigned focus;           /* V_TREE or V_LIST: the pane of the browser that gets the keys */
	gc_work work;             /* the title line's counts, read again when the data changes */
	int recheck;              /* tui.c: looks at the change number left after a wake-up */
	/* The views over the browser (tree and list), the one shown last. */
	const view_ops *stack[UI_DEPTH];
	size_t depth;
	const struct nav_table *nav;   /* how one view opens another (nav.h) */
	/* Each view's own state, defined in its file. */
	struct tree_view *tree;
	struct list_view *list;
	struct page_view *page;
	struct form_view *form;
	struct merge_view *merge;
	struct stats_view *stats;
	struct matchview *match;
	struct textview *text;
};

/* The message shown in place of the hints until the next key (fmt is
 * translated). Named tui_message, not ui_message: `make po` finds the
 * UI's messages by this name (the Makefile's XGETTEXT_KEYS). */
void tui_message(tui *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A record id as a user types it: digits, after an optional '#' (a
 * hotline's "21889号" is typed as 21889). 0 when s is not one. */
uint64_t ui_record_id(const char *s);
/* Whether the terminal went away (hang-up, closed window, dropped link). */
int ui_terminal_gone(void);
/* SIGHUP and SIGTERM make ui_terminal_gone true instead of killing the UI,
 * so a form open then is kept as a draft (form.c). */
void ui_catch_hangup(void);

/* The view shown over the browser, or NULL when the browser is shown. */
const view_ops *ui_top(const tui *t);
/* Show v: a page over a page takes its place; a view already open comes
 * back to the top, closing what was over it. */
void ui_open(tui *t, const view_ops *v);
/* Close v and whatever was opened over it (nothing when it is not open). */
void ui_close(tui *t, const view_ops *v);

#endif
