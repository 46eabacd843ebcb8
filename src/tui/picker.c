/* SPDX-License-Identifier: MIT */
/* picker.c - choosing one of a choice field's values from a list that
 * fits the screen. Choices written GROUP/KIND (五网合一's 消防应急/灭火器过期)
 * are shown in two levels: the groups first, Enter (or Right) opens one,
 * Left or Backspace goes back. Whatever is typed narrows the list at once
 * to every choice that holds it anywhere (消防 gives 消防应急 and all its
 * kinds), across the groups; the typed text is always on the last row.
 * Up/Down/PgUp/PgDn/Home/End move, Enter picks, ^U clears what was typed,
 * Esc cancels. It takes the
 * whole screen, waits for keys like the line prompt, and draws only when
 * no key is waiting (a paste is digested first). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "tui/picker.h"
#include "tui/draw.h"
#include "tui/prompt.h"
#include "tui/wtext.h"
#include "gridcase/i18n.h"
#include "gridcase/text.h"

/* A row of the list: a choice (its index), a group to open (-1), or no
 * value (NONE, for a field that may stay empty). */
#define NONE (-2)
typedef struct pick_row {
	const char *text;     /* as shown */
	long choice;          /* index into the choices, -1 for a group */
	size_t group;         /* the group's index */
	size_t kinds;         /* a group: how many choices are in it */
} pick_row;

typedef struct picker {
	const char *const *choices;
	size_t n;
	char **groups;        /* the part before '/', by first appearance */
	size_t ngroups;
	int two_levels;       /* some choice is GROUP/KIND */
	int none;             /* offer "(none)": the field may be left empty */
	long open;            /* the group opened (level two), -1: the groups */
	pick_row *rows;
	size_t nrows, sel, top;
	char filter[400];
} picker;

static size_t group_len(const char *s)
{
	return strcspn(s, "/");
}

static long group_of(const picker *p, const char *s)
{
	size_t len = group_len(s);
	for (size_t g = 0; g < p->ngroups; g++)
		if (strlen(p->groups[g]) == len && !strncmp(p->groups[g], s, len))
			return (long)g;
	return -1;
}

static void groups_make(picker *p)
{
	p->groups = xcalloc(p->n + 1, sizeof *p->groups);
	for (size_t i = 0; i < p->n; i++) {
		if (strchr(p->choices[i], '/'))
			p->two_levels = 1;
		if (group_of(p, p->choices[i]) < 0)
			p->groups[p->ngroups++] = xstrndup(p->choices[i], group_len(p->choices[i]));
	}
}

static void add_row(picker *p, const char *text, long choice, size_t group)
{
	p->rows[p->nrows++] = (pick_row){ text, choice, group, 0 };
}

/* The rows for the filter and the level: every choice holding the filter;
 * with none typed, the groups (or the choices of a one-level list), or the
 * opened group's own choices. */
static void rows_make(picker *p)
{
	p->nrows = 0;
	if (p->none && !*p->filter && p->open < 0)
		add_row(p, _("(none)"), NONE, (size_t)-1);
	if (*p->filter || !p->two_levels) {
		for (size_t i = 0; i < p->n; i++)
			if (!*p->filter || strstr(p->choices[i], p->filter))
				add_row(p, p->choices[i], (long)i, 0);
	} else if (p->open < 0) {
		for (size_t g = 0; g < p->ngroups; g++) {
			add_row(p, p->groups[g], -1, g);
			for (size_t i = 0; i < p->n; i++)
				p->rows[p->nrows - 1].kinds += group_of(p, p->choices[i]) == (long)g;
		}
	} else {
		for (size_t i = 0; i < p->n; i++)
			if (group_of(p, p->choices[i]) == p->open)
				add_row(p, p->choices[i], (long)i, (size_t)p->open);
	}
	if (p->sel >= p->nrows)
		p->sel = p->nrows ? p->nrows - 1 : 0;
}

/* A group with a single choice that is the group itself is picked, not opened. */
static long single_choice(const picker *p, const pick_row *r)
{
	if (r->choice >= 0 || r->kinds != 1)
		return r->choice;
	for (size_t i = 0; i < p->n; i++)
		if (group_of(p, p->choices[i]) == (long)r->group && !strchr(p->choices[i], '/'))
			return (long)i;
	return -1;
}

static void draw_row(tui *t, const picker *p, const pick_row *r, int y)
{
	char line[600];
	const char *text = r->text;
	/* In an opened group its name goes without saying: the kind alone. */
	if (p->open >= 0 && !*p->filter && strchr(text, '/'))
		text = strchr(text, '/') + 1;
	if (r->choice == NONE)
		snprintf(line, sizeof line, "%s", text);
	else if (r->choice < 0 && single_choice(p, r) < 0)
		snprintf(line, sizeof line, "%s/  (%zu)", text, r->kinds);
	else
		snprintf(line, sizeof line, "%s", text);
	draw_text(t, y, 1, line, t->cols - 1, 1);
}

static void draw(tui *t, picker *p, const char *label)
{
	int h = t->rows - 2 > 1 ? t->rows - 2 : 1;
	char head[400], count[64];
	erase();
	if (p->open >= 0 && !*p->filter)
		snprintf(head, sizeof head, _("%s > %s   (Left: back, Enter picks, Esc cancels)"), label, p->groups[p->open]);
	else
		snprintf(head, sizeof head, _("%s   (type to narrow, Enter picks, Esc cancels)"), label);
	draw_text(t, 0, 0, head, t->cols, 1);
	if (!t->low_bw)
		mvchgat(0, 0, t->cols, A_BOLD, 0, NULL);
	if (p->sel < p->top)
		p->top = p->sel;
	if (p->sel >= p->top + (size_t)h)
		p->top = p->sel + 1 - (size_t)h;
	for (int r = 0; r < h && p->top + (size_t)r < p->nrows; r++) {
		draw_row(t, p, &p->rows[p->top + (size_t)r], 1 + r);
		draw_selected(t, 1 + r, 0, t->cols, p->top + (size_t)r == p->sel);
	}
	if (!p->nrows)
		draw_text(t, 1, 1, _("nothing matches what you typed"), t->cols - 1, 1);
	/* The last row: what was typed, whole; the count where it fits. */
	size_t shown = p->nrows - (p->nrows && p->rows[0].choice == NONE);
	if (p->two_levels && p->open < 0 && !*p->filter)
		snprintf(count, sizeof count, _("  (%zu groups, %zu choices)"), shown, p->n);
	else
		snprintf(count, sizeof count, _("  (%zu of %zu)"), shown, p->n);
	int fw = text_width(p->filter, strlen(p->filter)), lw = text_width(label, strlen(label)) + 2;
	int cw = text_width(count, strlen(count));
	int room = t->cols - 1;
	gc_buf row;
	buf_init(&row);
	if (lw + fw + cw <= room) {
		buf_printf(&row, "%s: %s%s", label, p->filter, count);
	} else {
		/* Too long: its end, which is where the user types. */
		const char *s = p->filter;
		while (*s && text_width(s, strlen(s)) > room - 1) {
			uint32_t cp;
			size_t l = utf8_decode(s, strlen(s), &cp);
			s += l ? l : 1;
		}
		buf_adds(&row, s);
	}
	draw_text(t, t->rows - 1, 0, row.p, room, 1);
	int cx = text_width(row.p, row.len) - (lw + fw + cw <= room ? cw : 0);
	move(t->rows - 1, cx < room ? cx : room);
	buf_free(&row);
	refresh();
}

static void picker_free(picker *p)
{
	for (size_t g = 0; g < p->ngroups; g++)
		free(p->groups[g]);
	free(p->groups);
	free(p->rows);
}

/* The row of the current value, to start on: its group, then itself. */
static void start_at(picker *p, const char *current)
{
	long g = *current ? group_of(p, current) : -1;
	if (p->two_levels && g >= 0) {
		p->open = strchr(current, '/') ? g : -1;
		rows_make(p);
		for (size_t i = 0; i < p->nrows; i++)
			if (p->open < 0 ? p->rows[i].group == (size_t)g : !strcmp(p->rows[i].text, current))
				p->sel = i;
		return;
	}
	rows_make(p);
	for (size_t i = 0; i < p->nrows; i++)
		if (!strcmp(p->rows[i].text, current))
			p->sel = i;
}

/* Enter or Right on the selected row: 1 when a choice was picked. */
static int enter(picker *p, wtext *e, long *picked)
{
	if (!p->nrows)
		return 0;
	const pick_row *r = &p->rows[p->sel];
	long c = single_choice(p, r);
	if (c >= 0 || c == NONE) {
		*picked = c;
		return 1;
	}
	p->open = (long)r->group;
	p->sel = p->top = 0;
	wtext_from(e, "");
	p->filter[0] = 0;
	rows_make(p);
	return 0;
}

int picker_choose(tui *t, const char *label, const char *const *choices, size_t n, int none, char *buf, size_t size)
{
	picker p;
	memset(&p, 0, sizeof p);
	p.choices = choices;
	p.n = n;
	p.none = none;
	p.open = -1;
	p.rows = xcalloc(n + 2, sizeof *p.rows);
	groups_make(&p);
	start_at(&p, buf);
	wtext *e = xcalloc(1, sizeof *e);
	wtext_from(e, "");
	long picked = -1;   /* or NONE */
	draw_cursor(1);
	for (int done = 0; !done;) {
		if (!prompt_key_waiting())
			draw(t, &p, label);
		wint_t ch;
		int code = prompt_key(t, &ch) == KEY_CODE_YES;
		long page = t->rows - 2 > 1 ? t->rows - 2 : 1;
		wint_t k;
		if (!code && ch == 27 && prompt_escape_key(t, &k)) {
			if (!k)
				continue;   /* an unknown key: nothing */
			ch = k;
			code = 1;
		} else if (!code && ch == 27) {
			break;
		}
		if ((code && ch == KEY_ENTER) || (!code && (ch == '\n' || ch == '\r'))) {
			done = enter(&p, e, &picked);
			continue;
		}
		if (code && ch == KEY_RIGHT && p.nrows && p.rows[p.sel].choice < 0) {
			done = enter(&p, e, &picked);
			continue;
		}
		int back = (code && (ch == KEY_LEFT || ch == KEY_BACKSPACE)) || (!code && (ch == 127 || ch == 8));
		if (back && !e->n && p.open >= 0) {
			size_t was = (size_t)p.open;
			p.open = -1;
			rows_make(&p);
			for (size_t i = 0; i < p.nrows; i++)
				if (p.rows[i].choice == -1 && p.rows[i].group == was)
					p.sel = i;   /* back on the group it came from */
			continue;
		}
		if (code && (ch == KEY_UP || ch == KEY_DOWN || ch == KEY_PPAGE || ch == KEY_NPAGE || ch == KEY_HOME ||
			     ch == KEY_END)) {
			long s = (long)p.sel;
			s += ch == KEY_UP ? -1 : ch == KEY_DOWN ? 1 : ch == KEY_PPAGE ? -page : ch == KEY_NPAGE ? page : 0;
			s = ch == KEY_HOME ? 0 : ch == KEY_END ? (long)p.nrows - 1 : s;
			p.sel = s < 0 ? 0 : s >= (long)p.nrows ? (p.nrows ? p.nrows - 1 : 0) : (size_t)s;
			continue;
		}
		char was[sizeof p.filter];
		snprintf(was, sizeof was, "%s", p.filter);
		if (!code && ch == 21)   /* ^U: clear what was typed */
			e->n = e->cur = 0;
		if ((!code && ch == 21) || wtext_key(e, code, ch, 0)) {
			wtext_to(e, p.filter, sizeof p.filter);
			if (strcmp(was, p.filter)) {
				p.sel = p.top = 0;   /* narrowed (or widened): from its first row */
				rows_make(&p);
			}
		}
	}
	draw_cursor(0);
	if (picked >= 0 || picked == NONE)
		snprintf(buf, size, "%s", picked >= 0 ? choices[picked] : "");
	free(e);
	picker_free(&p);
	t->msg[0] = 0;
	return picked == -1 ? -1 : 0;
}
