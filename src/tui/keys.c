/* SPDX-License-Identifier: MIT */
/* keys.c - every key of the UI in one table. The help screen and the hint
 * line are made from it, so they cannot disagree with what a key does
 * (the ':' commands have a table of their own, command.c). To add a key:
 * a row here, with an action of keys.h that the views it names handle. */
#include <string.h>
#define NCURSES_WIDECHAR 1
#include <curses.h>
#include "tui/keys.h"
#include "gridcase/i18n.h"

#define CTRL(c) ((c) & 0x1f)

typedef struct keybind {
	int key;              /* a character or a KEY_ code */
	const char *name;     /* as shown in help */
	int action;
	unsigned views;
	const char *help;
	const char *hint;     /* its word on the hint line, or NULL */
} keybind;

static const keybind tui_keys[] = {
	/* The statistics: q and Backspace go up the drill-down, then out. */
	{ 'q', "q", ACT_BACK, V_STATS, N_("back up to the node above; at the first, out"), N_("back") },
	{ KEY_BACKSPACE, "Backspace", ACT_BACK, V_STATS, N_("back up to the node above; at the first, out"), NULL },
	{ 127, "Backspace", ACT_BACK, V_STATS, N_("back"), NULL },
	{ '\n', "Enter", ACT_OPEN, V_STATS, N_("the statistics of the node under the cursor"), N_("drill down") },
	{ KEY_ENTER, "Enter", ACT_OPEN, V_STATS, N_("open"), NULL },
	{ 's', "s", ACT_SORT, V_STATS, N_("sort the rows by the next column"), N_("sort") },
	{ 'S', "S", ACT_SORT_REVERSE, V_STATS, N_("reverse the order (ascending, descending)"), N_("reverse") },
	{ 'r', "r", ACT_RANK, V_STATS, N_("rank the rows by the next measure, flagging the bottom ones"), N_("rank") },
	{ 'q', "q", ACT_BACK, V_DETAIL | V_HELP | V_FORM, N_("back to the list (a form asks before dropping changes)"), N_("back") },
	/* q steps back one level: from the list to the tree, from the tree out
	 * of the UI after a question; Q leaves at once (not from a form or the
	 * conflict screen, which hold what the user typed). */
	{ 'q', "q", ACT_QUIT_ASK, V_TREE, N_("quit (asks first)"), N_("quit") },
	{ 'q', "q", ACT_TO_TREE, V_LIST, N_("back to the tree"), N_("tree") },
	{ 'Q', "Q", ACT_QUIT, V_TREE | V_LIST | V_DETAIL | V_HELP | V_STATS, N_("quit at once"), NULL },
	{ 'q', "q", ACT_BACK, V_MERGE, N_("back to the form, nothing saved"), N_("back") },
	/* The UI runs in raw mode (tui.c): ^C is a key, and does what q does. */
	{ CTRL('c'), "^C", ACT_BACK, V_DETAIL | V_HELP | V_FORM | V_MERGE | V_STATS, N_("back"), NULL },
	{ CTRL('c'), "^C", ACT_QUIT_ASK, V_TREE, N_("quit"), NULL },
	{ CTRL('c'), "^C", ACT_TO_TREE, V_LIST, N_("back to the tree"), NULL },
	{ 27, "Esc", ACT_BACK, V_DETAIL | V_HELP | V_FORM | V_MERGE | V_STATS, N_("back"), NULL },
	/* The conflict screen: one value kept per field, then saved. */
	{ '\n', "Enter", ACT_TOGGLE, V_MERGE, N_("switch the field between the stored value and yours"), N_("switch") },
	{ KEY_ENTER, "Enter", ACT_TOGGLE, V_MERGE, N_("switch"), NULL },
	{ ' ', "Space", ACT_TOGGLE, V_MERGE, N_("switch"), NULL },
	{ 'y', "y", ACT_TAKE_MINE, V_MERGE, N_("take your value for the field"), N_("yours") },
	{ 'o', "o", ACT_TAKE_STORED, V_MERGE, N_("keep the stored value (the other person's change)"), N_("stored") },
	{ 'v', "v", ACT_OPEN, V_MERGE, N_("view the field's three values in full"), NULL },
	{ 'Y', "Y", ACT_TAKE_ALL_MINE, V_MERGE, N_("take yours for every field"), NULL },
	{ 'O', "O", ACT_TAKE_ALL_STORED, V_MERGE, N_("keep the stored value of every field"), NULL },
	{ 's', "s", ACT_SAVE, V_MERGE, N_("save the values kept and your other changes"), N_("save") },
	{ KEY_UP, "Up", ACT_UP, V_ANY, N_("move up"), NULL },
	{ 'k', "k", ACT_UP, V_ANY, N_("move up"), NULL },
	{ KEY_DOWN, "Down", ACT_DOWN, V_ANY, N_("move down"), NULL },
	{ 'j', "j", ACT_DOWN, V_ANY, N_("move down"), NULL },
	{ KEY_PPAGE, "PgUp", ACT_PGUP, V_ANY, N_("page up"), NULL },
	{ KEY_NPAGE, "PgDn", ACT_PGDN, V_ANY, N_("page down"), NULL },
	{ ' ', "Space", ACT_PGDN, V_DETAIL | V_HELP | V_STATS, N_("page down"), NULL },
	{ 'g', "g", ACT_TOP, V_ANY, N_("first line"), NULL },
	{ KEY_HOME, "Home", ACT_TOP, V_ANY, N_("first line"), NULL },
	{ 'G', "G", ACT_BOTTOM, V_ANY, N_("last line"), NULL },
	{ KEY_END, "End", ACT_BOTTOM, V_ANY, N_("last line"), NULL },
	{ '\n', "Enter", ACT_OPEN, V_TREE | V_LIST | V_FORM, N_("open: list a node / show a record / edit a field"), N_("open") },
	{ KEY_ENTER, "Enter", ACT_OPEN, V_TREE | V_LIST | V_FORM, N_("open"), NULL },
	{ 'c', "c", ACT_NEW, V_TREE | V_LIST, N_("create a record at the selected node"), N_("new") },
	{ 'e', "e", ACT_EDIT, V_LIST | V_DETAIL, N_("edit the record's fields"), N_("edit") },
	{ 's', "s", ACT_SAVE, V_FORM, N_("save the form"), N_("save") },
	{ 'r', "r", ACT_REVIEW, V_LIST | V_DETAIL, N_("mark reviewed and go to the next unreviewed"), N_("review") },
	{ '\t', "Tab", ACT_PANE, V_TREE | V_LIST, N_("switch between tree and list"), N_("pane") },
	{ KEY_RIGHT, "Right", ACT_TOGGLE, V_TREE, N_("expand or collapse a node"), NULL },
	{ 'l', "l", ACT_TOGGLE, V_TREE, N_("expand or collapse a node"), NULL },
	{ KEY_LEFT, "Left", ACT_BACK, V_TREE, N_("go to the parent node"), NULL },
	{ 'h', "h", ACT_BACK, V_TREE, N_("go to the parent node"), NULL },
	{ '/', "/", ACT_SEARCH, V_TREE | V_LIST, N_("search titles and text in the subtree"), N_("search") },
	{ 'n', "n", ACT_NEXT, V_LIST | V_DETAIL | V_HELP, N_("next record (next match)"), NULL },
	{ 'N', "N", ACT_PREV, V_LIST | V_DETAIL | V_HELP, N_("previous record (previous match)"), NULL },
	{ '#', "#", ACT_JUMP, V_TREE | V_LIST | V_DETAIL, N_("open a record by its id (also :ID and /ID)"), NULL },
	{ ':', ":", ACT_COMMAND, V_TREE | V_LIST | V_HELP | V_STATS, N_("command line: node, filter, sort, stats, match, quit"), N_("cmd") },
	{ '?', "?", ACT_HELP, V_ANY, N_("this help"), N_("help") },
	{ CTRL('l'), "^L", ACT_REDRAW, V_ANY, N_("redraw the screen"), NULL },
	{ 't', "t", ACT_TAG, V_LIST, N_("tag or untag the record"), N_("tag") },
	{ 'T', "T", ACT_TAG_ALL, V_LIST, N_("tag every record of the list"), NULL },
	{ 'U', "U", ACT_UNTAG, V_LIST, N_("untag everything"), NULL },
	{ 'a', "a", ACT_ACT, V_LIST | V_DETAIL, N_("take a transition (act)"), N_("act") },
	{ ';', ";", ACT_ACT_TAGGED, V_LIST, N_("act on every tagged record"), N_("act on tagged") },
	{ 'A', "A", ACT_ASSIGN_TAGGED, V_LIST, N_("assign every tagged record"), NULL },
	{ 'o', "o", ACT_OVERDUE, V_TREE | V_LIST, N_("show only overdue records (toggle)"), NULL },
	{ 'm', "m", ACT_MINE, V_TREE | V_LIST, N_("show only records assigned to me (toggle)"), NULL },
	{ 'M', "M", ACT_MATCH, V_TREE | V_LIST, N_("matching: proposed pairs under the listed node (:match LEFT RIGHT accepts)"), NULL },
	{ 'S', "S", ACT_STATS, V_TREE | V_LIST, N_("statistics of the listed node (:stats FROM TO for a period)"), N_("stats") },
	/* The terminal's quit (SIGQUIT), suspend and flow-control keys reach
	 * the UI as keys and do nothing but say so: over SSH there is no shell
	 * to suspend to, and a frozen screen looks like a dead link. */
	{ CTRL('\\'), "^\\", ACT_IGNORE, V_ANY, N_("nothing (the terminal's quit, suspend and pause keys are off)"), NULL },
	{ CTRL('z'), "^Z", ACT_IGNORE, V_ANY, N_("nothing"), NULL },
	{ CTRL('s'), "^S", ACT_IGNORE, V_ANY, N_("nothing"), NULL },
	{ CTRL('q'), "^Q", ACT_IGNORE, V_ANY, N_("nothing"), NULL },
};
static const size_t tui_nkeys = ARRAY_LEN(tui_keys);

int keys_action(unsigned view, int key)
{
	for (size_t i = 0; i < tui_nkeys; i++)
		if (tui_keys[i].key == key && (tui_keys[i].views & view))
			return tui_keys[i].action;
	return ACT_NONE;
}

void keys_hint(unsigned view, gc_buf *out)
{
	for (size_t i = 0; i < tui_nkeys; i++) {
		const keybind *k = &tui_keys[i];
		if (k->hint && (k->views & view))
			buf_printf(out, "%s%s:%s", out->len ? "  " : "", k->name, _(k->hint));
	}
}

void keys_help(gc_buf *out)
{
	static const struct { unsigned v; const char *title; } groups[] = {
		{ V_TREE, N_("Tree (left pane)") }, { V_LIST, N_("List (right pane)") },
		{ V_DETAIL, N_("Record") }, { V_FORM, N_("Form") },
		{ V_MERGE, N_("Conflict (a save met someone else's changes)") }, { V_HELP, N_("Help") },
		{ V_STATS, N_("Statistics") },
	};
	buf_printf(out, "%s\n\n", _("gridcase keys"));
	for (size_t g = 0; g < ARRAY_LEN(groups); g++) {
		buf_printf(out, "%s\n", _(groups[g].title));
		for (size_t i = 0; i < tui_nkeys; i++) {
			const keybind *k = &tui_keys[i];
			int seen = 0;
			if (!(k->views & groups[g].v))
				continue;
			for (size_t j = 0; j < i; j++)
				if ((tui_keys[j].views & groups[g].v) && tui_keys[j].action == k->action)
					seen = 1;
			if (seen)
				continue;
			/* Every key of this action in this view on one line. */
			char names[64] = "";
			for (size_t j = i; j < tui_nkeys; j++)
				if ((tui_keys[j].views & groups[g].v) && tui_keys[j].action == k->action &&
				    !strstr(names, tui_keys[j].name) &&
				    strlen(names) + strlen(tui_keys[j].name) + 3 < sizeof names) {
					if (*names)
						strcat(names, ", ");
					strcat(names, tui_keys[j].name);
				}
			buf_printf(out, "  %-14s %s\n", names, _(k->help));
		}
		buf_addc(out, '\n');
	}
}
