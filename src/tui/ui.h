/* ui.h - what the files of the terminal UI share (private to src/tui/).
 * One browser (tree + list) and full-screen views over the core API. Every
 * key is an action in one table (keys.c) that also makes the help screen
 * and the hint line. */
#ifndef GRIDCASE_TUI_UI_H
#define GRIDCASE_TUI_UI_H

#define NCURSES_WIDECHAR 1
#include <curses.h>
#include "gridcase/core.h"
#include "gridcase/query.h"

/* Views, as bits so a key can belong to several. */
enum { V_TREE = 1, V_LIST = 2, V_DETAIL = 4, V_HELP = 8, V_FORM = 16, V_MERGE = 32, V_ANY = 63 };

enum tui_action {
	ACT_NONE, ACT_QUIT, ACT_BACK, ACT_UP, ACT_DOWN, ACT_PGUP, ACT_PGDN, ACT_TOP, ACT_BOTTOM,
	ACT_OPEN, ACT_PANE, ACT_TOGGLE, ACT_SEARCH, ACT_NEXT, ACT_PREV, ACT_COMMAND, ACT_HELP,
	ACT_REDRAW, ACT_TAG, ACT_TAG_ALL, ACT_UNTAG, ACT_ACT, ACT_ACT_TAGGED, ACT_OVERDUE, ACT_MINE,
	ACT_NEW, ACT_EDIT, ACT_SAVE, ACT_REVIEW, ACT_ASSIGN_TAGGED, ACT_STATS, ACT_MATCH,
	ACT_TAKE_MINE, ACT_TAKE_STORED, ACT_TAKE_ALL_MINE, ACT_TAKE_ALL_STORED,
};

typedef struct keybind {
	int key;              /* a character or a KEY_ code */
	const char *name;     /* as shown in help */
	int action;
	unsigned views;
	const char *help;
	const char *hint;     /* its word on the hint line, or NULL */
} keybind;

extern const keybind tui_keys[];
extern const size_t tui_nkeys;

typedef struct tree_row {
	uint32_t node;
	int depth;
} tree_row;

typedef struct tui {
	gc_ctx *ctx;
	gc_config *cfg;
	int rows, cols;
	int low_bw, ascii, color;
	unsigned view;            /* V_DETAIL or V_HELP over the browser, or 0 */
	int focus;                /* V_TREE or V_LIST in the browser */
	int quit;
	uint64_t seq;             /* change number of the data on screen */
	char msg[400];            /* one-line message in place of the hints */
	/* tree */
	unsigned char *expanded;  /* per node id */
	tree_row *trow;
	size_t ntrow, tcur, ttop;
	uint64_t *open_of, *over_of;   /* per node id, from the counters */
	/* list */
	gc_list list;
	size_t lcur, ltop;
	uint32_t list_node;
	int f_overdue, f_mine, f_unreviewed;
	char f_state[64];
	char f_form[64];
	char f_field[64], f_value[200];   /* FIELD=VALUE filter */
	char sort[32];
	char search[200];
	uint64_t *tags;
	size_t ntags;
	/* detail, help and results share a page of text lines */
	gc_buf page;              /* lines separated by '\n' */
	size_t *line_at, nlines, ptop;
	uint64_t detail_id;
	uint32_t detail_version;  /* the version the record page shows */
	/* form: a new record (form_id 0) or an edit of form_id at form_version */
	const gc_form *form;
	uint32_t form_node, form_version;
	uint64_t form_id;
	char **form_vals;         /* per field, as typed; assignee last */
	char **form_orig;         /* the same at form_version: a save sends only what differs */
	size_t fcur;
	int form_dirty;
	char form_err[300];
	/* the conflict screen (V_MERGE): a save met fields someone else changed */
	gc_set_result merge;      /* the record stored now and the fields in conflict */
	unsigned char *take_mine; /* per conflict: 1 takes yours, 0 keeps the stored value */
	size_t mcur;
	int merging;
} tui;

/* ui.c: whether the terminal went away (hang-up, closed window, dropped link). */
int tui_terminal_gone(void);

/* keys.c */
int keys_action(unsigned view, int key);
void keys_hint(unsigned view, gc_buf *out);
void keys_help(gc_buf *out);

/* draw.c */
void draw_text(tui *t, int y, int x, const char *s, int width, int pad);
void draw_selected(tui *t, int y, int x, int width, int selected);

/* Every view is a draw function for its part of the screen and a key
 * handler for the actions of the key table. */
typedef struct view_ops {
	unsigned view;
	void (*draw)(tui *t, int y, int x, int h, int w);
	void (*key)(tui *t, int action);
} view_ops;
const view_ops *view_of(unsigned view);

/* views */
void tree_load(tui *t);
void tree_draw(tui *t, int y, int x, int h, int w);
void tree_key(tui *t, int action);
void list_load(tui *t);
void list_draw(tui *t, int y, int x, int h, int w);
void list_key(tui *t, int action);
void page_set(tui *t, const char *text);
void page_draw(tui *t, int y, int x, int h, int w);
void page_key(tui *t, int action);
void detail_open(tui *t, uint64_t id);
void detail_act(tui *t);
void help_open(tui *t);
/* stats.c: the assessment of the listed node over [from, to) (0: open). */
void stats_open(tui *t, int64_t from, int64_t to);
/* matchview.c: proposed pairs under the listed node; accept "LEFT RIGHT". */
void match_open(tui *t);
void match_accept(tui *t, const char *args);
void tags_act(tui *t);
void tags_assign(tui *t);
void form_new(tui *t);
void form_edit(tui *t, uint64_t id);
void form_draw(tui *t, int y, int x, int h, int w);
void form_key(tui *t, int action);
/* After the conflict screen: the form moves to the stored version with the
 * values picked, and is saved again. */
void form_merge_save(tui *t);
/* merge.c: the conflict screen over an open form; takes over *res. */
void merge_open(tui *t, gc_set_result *res);
void merge_close(tui *t);
void merge_draw(tui *t, int y, int x, int h, int w);
void merge_key(tui *t, int action);
/* A multi-line editor for long text on the whole screen; 0 when kept. */
int edit_lines(tui *t, const char *label, char *buf, size_t size);

/* prompt.c: text being edited, one wide character per cell, so editing
 * moves and deletes whole characters. */
#define WTEXT_MAX 2000
typedef struct wtext {
	wchar_t w[WTEXT_MAX + 1];
	size_t n, cur;
} wtext;
void wtext_from(wtext *e, const char *utf8);
void wtext_to(wtext *e, char *buf, size_t size);
int wtext_key(wtext *e, int is_code, wint_t ch, int multiline);
/* The next key for an editor (waits; a resize updates the screen size and
 * is returned so the editor redraws). KEY_CODE_YES for a function key. */
int editor_key(tui *t, wint_t *ch);

/* A line editor on the last row; returns 0 when entered, -1 when
 * cancelled with Esc. */
int prompt(tui *t, const char *label, char *buf, size_t size);
void tui_message(tui *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void tui_draw(tui *t);

#endif
