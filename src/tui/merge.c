/* merge.c - the conflict screen. A save met fields that someone else
 * changed too since the form was opened; nothing was saved. Each such
 * field shows the value stored now, yours, and the one you started from,
 * and the user keeps one of them per field. Saving then moves the form to
 * the stored version (form_merge_save) and saves again, so what nobody
 * touched is never written. The stored value is the default: keeping the
 * other change is the choice that loses nothing unless asked. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "tui/ui.h"
#include "gridcase/i18n.h"

enum { HEAD = 3, BLOCK = 5 };   /* header rows; rows per field (4 and a gap) */

void merge_open(tui *t, gc_set_result *res)
{
	merge_close(t);
	t->merge = *res;
	memset(res, 0, sizeof *res);
	t->take_mine = xcalloc(t->merge.nconflicts + 1, 1);
	t->mcur = 0;
	t->merging = 1;
	t->form_err[0] = 0;
	t->view = V_MERGE;
	tui_message(t, "conflict: nothing saved yet; pick per field, then s saves");
}

void merge_close(tui *t)
{
	if (!t->merging)
		return;
	core_set_result_free(&t->merge);
	free(t->take_mine);
	t->take_mine = NULL;
	t->merging = 0;
}

static const char *field_label(const tui *t, const char *key)
{
	int fi = t->form ? config_field_index(t->form, key) : -1;
	return fi >= 0 ? t->form->fields[fi].label : !strcmp(key, "assignee") ? _("assignee") : key;
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

void merge_draw(tui *t, int y, int x, int h, int w)
{
	(void)x;
	(void)w;   /* the whole width */
	const gc_set_result *m = &t->merge;
	char s[300], stored[60], base[60];
	snprintf(s, sizeof s, _("#%llu was changed by someone else while you edited it (version %u -> %u)."),
		 (unsigned long long)t->form_id, t->form_version, m->current.version);
	draw_text(t, y, 0, s, t->cols, 1);
	snprintf(s, sizeof s, _("%zu field(s) changed on both sides; nothing saved yet. Keep one value of each:"),
		 m->nconflicts);
	draw_text(t, y + 1, 0, s, t->cols, 1);
	snprintf(stored, sizeof stored, _("stored now (v%u)"), m->current.version);
	snprintf(base, sizeof base, _("start (v%u)"), t->form_version);
	size_t fit = h > HEAD + BLOCK ? (size_t)(h - HEAD) / BLOCK : 1;
	size_t top = t->mcur >= fit ? t->mcur - fit + 1 : 0;
	for (size_t i = top; i < m->nconflicts && i < top + fit; i++) {
		const gc_conflict *c = &m->conflicts[i];
		int row = y + HEAD + (int)(i - top) * BLOCK, mine = t->take_mine[i];
		snprintf(s, sizeof s, "%s (%s)", field_label(t, c->field), c->field);
		draw_text(t, row, 1, s, t->cols - 16, 1);
		draw_text(t, row, t->cols - 15, mine ? _("[take yours]") : _("[keep stored]"), 14, 1);
		draw_selected(t, row, 0, t->cols, i == t->mcur);
		draw_value(t, row + 1, !mine, stored, c->stored);
		draw_value(t, row + 2, mine, _("yours"), c->yours);
		draw_value(t, row + 3, 0, base, c->base);
	}
}

/* The selected field's three values in full, on a page (q comes back). */
static void show_field(tui *t)
{
	const gc_conflict *c = &t->merge.conflicts[t->mcur];
	gc_buf b;
	buf_init(&b);
	buf_printf(&b, "%s (%s)\n\n", field_label(t, c->field), c->field);
	buf_printf(&b, _("stored now (v%u):\n%s\n\n"), t->merge.current.version, *c->stored ? c->stored : _("(empty)"));
	buf_printf(&b, _("yours:\n%s\n\n"), *c->yours ? c->yours : _("(empty)"));
	buf_printf(&b, _("start (v%u):\n%s\n"), t->form_version, *c->base ? c->base : _("(empty)"));
	page_set(t, b.p);
	buf_free(&b);
	t->view = V_HELP;   /* a read-only page; back returns to this screen */
}

void merge_key(tui *t, int action)
{
	size_t n = t->merge.nconflicts;
	long c = (long)t->mcur;
	switch (action) {
	case ACT_UP: c--; break;
	case ACT_DOWN: c++; break;
	case ACT_PGUP: c -= 3; break;
	case ACT_PGDN: c += 3; break;
	case ACT_TOP: c = 0; break;
	case ACT_BOTTOM: c = (long)n - 1; break;
	case ACT_TOGGLE: t->take_mine[t->mcur] ^= 1; return;
	case ACT_TAKE_MINE:
	case ACT_TAKE_STORED:
		t->take_mine[t->mcur] = action == ACT_TAKE_MINE;
		c++;   /* on to the next field */
		break;
	case ACT_TAKE_ALL_MINE:
	case ACT_TAKE_ALL_STORED:
		memset(t->take_mine, action == ACT_TAKE_ALL_MINE, n);
		return;
	case ACT_OPEN:
		show_field(t);
		return;
	case ACT_SAVE:
		form_merge_save(t);
		return;
	case ACT_BACK:
		merge_close(t);
		t->view = V_FORM;
		tui_message(t, "nothing saved; your values are still in the form (s shows the conflict again)");
		return;
	}
	if (c >= (long)n)
		c = (long)n - 1;
	t->mcur = c < 0 ? 0 : (size_t)c;
}
