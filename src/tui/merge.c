/* SPDX-License-Identifier: MIT */
/* merge.c - the conflict screen. A save met fields that someone else
 * changed too since the form was opened; nothing was saved. Each such
 * field shows the value stored now, yours, and the one you started from,
 * and the user keeps one of them per field. Saving hands the picks back
 * to the form that opened the screen (nav_conflict.save), which moves to
 * the stored version and saves again, so what nobody touched is never
 * written. The stored value is the default: keeping the
 * other change is the choice that loses nothing unless asked. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "tui/merge.h"
#include "tui/draw.h"
#include "tui/keys.h"
#include "gridcase/i18n.h"

enum { HEAD = 3, BLOCK = 5 };   /* header rows; rows per field (4 and a gap) */

struct merge_view {
	gc_set_result res;        /* the record stored now and the fields in conflict */
	unsigned char *take_mine; /* per conflict: 1 takes yours, 0 keeps the stored value; NULL: none held */
	size_t cur;
	nav_conflict about;       /* the form's record, version and fields, and its save */
};

static void merge_init(tui *t)
{
	t->merge = xcalloc(1, sizeof *t->merge);
}

/* The screen leaves: the conflict it held goes. */
static void merge_close(tui *t)
{
	struct merge_view *m = t->merge;
	if (!m->take_mine)
		return;
	core_set_result_free(&m->res);
	free(m->take_mine);
	m->take_mine = NULL;
}

static void merge_done(tui *t)
{
	merge_close(t);
	free(t->merge);
	t->merge = NULL;
}

void merge_open(tui *t, gc_set_result *res, const nav_conflict *about)
{
	struct merge_view *m = t->merge;
	merge_close(t);
	m->res = *res;
	memset(res, 0, sizeof *res);
	m->take_mine = xcalloc(m->res.nconflicts + 1, 1);
	m->cur = 0;
	m->about = *about;
	ui_open(t, &merge_ops);
	tui_message(t, "conflict: nothing saved yet; pick per field, then s saves");
}

static const char *field_label(const tui *t, const char *key)
{
	const gc_form *form = t->merge->about.form;
	const gc_field *f = form ? config_slot(form, key) : NULL;
	return f ? config_label(f) : key;
}

/* One value on one row: its first line, and how many more it has. */
static void draw_value(tui *t, int row, int chosen, const char *what, const char *v)
{
	char line[4200];
	size_t first = strcspn(v, "\n"), more = 0;
	for (const char *p = v + first; *p; p++)
		more += *p == '\n';
	if (!*v)
		snprintf(line, sizeof line, "%s", _("(empty)"));
	else if (more)
		snprintf(line, sizeof line, more == 1 ? _("%.*s  (+%zu line, v shows all)") : _("%.*s  (+%zu lines, v shows all)"),
			 (int)(first < 4000 ? first : 4000), v, more);
	else
		snprintf(line, sizeof line, "%.4000s", v);
	draw_text(t, row, 2, chosen ? "*" : " ", 1, 1);
	draw_text(t, row, 4, what, 20, 1);
	draw_text(t, row, 25, line, t->cols - 26, 1);
}

static void merge_draw(tui *t, int y, int x, int h, int w)
{
	(void)x;
	(void)w;   /* the whole width */
	const struct merge_view *mv = t->merge;
	const gc_set_result *m = &mv->res;
	char s[300], stored[60], base[60];
	snprintf(s, sizeof s, _("#%llu was changed by someone else while you edited it (version %u -> %u)."),
		 (unsigned long long)mv->about.id, mv->about.version, m->current.version);
	draw_text(t, y, 0, s, t->cols, 1);
	snprintf(s, sizeof s, _("%zu field(s) changed on both sides; nothing saved yet. Keep one value of each:"),
		 m->nconflicts);
	draw_text(t, y + 1, 0, s, t->cols, 1);
	snprintf(stored, sizeof stored, _("stored now (v%u)"), m->current.version);
	snprintf(base, sizeof base, _("start (v%u)"), mv->about.version);
	size_t fit = h > HEAD + BLOCK ? (size_t)(h - HEAD) / BLOCK : 1;
	size_t top = mv->cur >= fit ? mv->cur - fit + 1 : 0;
	for (size_t i = top; i < m->nconflicts && i < top + fit; i++) {
		const gc_conflict *c = &m->conflicts[i];
		int row = y + HEAD + (int)(i - top) * BLOCK, mine = mv->take_mine[i];
		snprintf(s, sizeof s, "%s (%s)", field_label(t, c->field), c->field);
		draw_text(t, row, 1, s, t->cols - 16, 1);
		draw_text(t, row, t->cols - 15, mine ? _("[take yours]") : _("[keep stored]"), 14, 1);
		draw_selected(t, row, 0, t->cols, i == mv->cur);
		draw_value(t, row + 1, !mine, stored, c->stored);
		draw_value(t, row + 2, mine, _("yours"), c->yours);
		draw_value(t, row + 3, 0, base, c->base);
	}
}

/* The selected field's three values in full, on a page (q comes back). */
static void show_field(tui *t)
{
	const struct merge_view *m = t->merge;
	const gc_conflict *c = &m->res.conflicts[m->cur];
	gc_buf b;
	buf_init(&b);
	buf_printf(&b, "%s (%s)\n\n", field_label(t, c->field), c->field);
	buf_printf(&b, _("stored now (v%u):\n%s\n\n"), m->res.current.version, *c->stored ? c->stored : _("(empty)"));
	buf_printf(&b, _("yours:\n%s\n\n"), *c->yours ? c->yours : _("(empty)"));
	buf_printf(&b, _("start (v%u):\n%s\n"), m->about.version, *c->base ? c->base : _("(empty)"));
	nav_show_text(t, b.p);   /* a read-only page; back returns to this screen */
	buf_free(&b);
}

/* s: the screen closes and hands the picks to the form, which saves (and
 * may open the screen again, for a third person's fields). */
static void merge_save(tui *t)
{
	struct merge_view *m = t->merge;
	nav_conflict about = m->about;
	gc_set_result res = m->res;
	unsigned char *take_mine = m->take_mine;
	memset(&m->res, 0, sizeof m->res);   /* now the save's: closing leaves them be */
	m->take_mine = NULL;
	ui_close(t, &merge_ops);
	about.save(t, &res, take_mine);
	core_set_result_free(&res);
	free(take_mine);
}

static int merge_key(tui *t, int action)
{
	struct merge_view *m = t->merge;
	size_t n = m->res.nconflicts;
	long c = (long)m->cur;
	switch (action) {
	case ACT_UP: c--; break;
	case ACT_DOWN: c++; break;
	case ACT_PGUP: c -= 3; break;
	case ACT_PGDN: c += 3; break;
	case ACT_TOP: c = 0; break;
	case ACT_BOTTOM: c = (long)n - 1; break;
	case ACT_TOGGLE: m->take_mine[m->cur] ^= 1; return ACT_NONE;
	case ACT_TAKE_MINE:
	case ACT_TAKE_STORED:
		m->take_mine[m->cur] = action == ACT_TAKE_MINE;
		c++;   /* on to the next field */
		break;
	case ACT_TAKE_ALL_MINE:
	case ACT_TAKE_ALL_STORED:
		memset(m->take_mine, action == ACT_TAKE_ALL_MINE, n);
		return ACT_NONE;
	case ACT_OPEN:
		show_field(t);
		return ACT_NONE;
	case ACT_SAVE:
		merge_save(t);
		return ACT_NONE;
	case ACT_BACK:
		ui_close(t, &merge_ops);
		tui_message(t, "nothing saved; your values are still in the form (s shows the conflict again)");
		return ACT_NONE;
	default:
		return action;
	}
	if (c >= (long)n)
		c = (long)n - 1;
	m->cur = c < 0 ? 0 : (size_t)c;
	return ACT_NONE;
}

const view_ops merge_ops = {
	.keys = V_MERGE,
	.init = merge_init, .done = merge_done, .draw = merge_draw, .key = merge_key, .close = merge_close,
};
