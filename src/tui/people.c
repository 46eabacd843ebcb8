/* SPDX-License-Identifier: MIT */
/* people.c - the person picker: "张三 | 网格员 | 第一网格" per line, only
 * those the core says may have the record (core_assignable), narrowed by
 * what is typed (any part of the name, login, role or place). Up and Down
 * choose, Enter takes, Esc cancels. It draws over the lower rows and waits
 * for keys like the line prompt. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "tui/people.h"
#include "tui/draw.h"
#include "tui/prompt.h"
#include "tui/wtext.h"
#include "gridcase/i18n.h"

/* One line of the list: what people read, and what the filter searches. */
static void describe(tui *t, const gc_user *u, char *out, size_t n)
{
	const gc_node *home = u->node ? core_node_by_code(t->ctx, u->node) : NULL;
	snprintf(out, n, "%s | %s | %s  (%s)", u->name ? u->name : u->login, t->cfg->roles[u->role].label,
		 home ? home->name : _("whole district"), u->login);
}

static size_t narrow(tui *t, const gc_user **all, size_t n, const char *filter, const gc_user **out)
{
	size_t k = 0;
	char line[400];
	for (size_t i = 0; i < n; i++) {
		describe(t, all[i], line, sizeof line);
		if (!*filter || strstr(line, filter))
			out[k++] = all[i];
	}
	return k;
}

static void draw_list(tui *t, const char *title, const gc_user **shown, size_t n, size_t sel, size_t none)
{
	int rows = t->rows - 4 < 12 ? t->rows - 4 : 12;
	int top = t->rows - 2 - rows;
	size_t from = sel >= (size_t)rows ? sel - (size_t)rows + 1 : 0;
	char line[400];
	draw_text(t, top - 1, 0, title, t->cols, 1);
	for (int r = 0; r < rows; r++) {
		size_t i = from + (size_t)r;
		line[0] = 0;
		if (i < none)
			snprintf(line, sizeof line, "%s", _("(nobody)"));
		else if (i < n + none)
			describe(t, shown[i - none], line, sizeof line);
		draw_text(t, top + r, 1, line, t->cols - 1, 1);
		draw_selected(t, top + r, 0, t->cols, i == sel && i < n + none);
	}
}

int people_pick(tui *t, const gc_record *rec, const gc_transition *via, int allow_none, char *login, size_t size)
{
	const gc_user **all, **shown;
	size_t n = core_assignable(t->ctx, rec, via, &all);
	if (!n && !allow_none) {
		if (via)
			tui_message(t, "nobody can be given #%llu by %s: no one whose area holds it has a role it assigns to",
				    (unsigned long long)rec->id, via->label);
		else
			tui_message(t, "nobody can be given #%llu: no one's area holds it", (unsigned long long)rec->id);
		free(all);
		return -1;
	}
	shown = xcalloc(n + 1, sizeof *shown);
	wtext e;
	wtext_from(&e, "");
	char filter[200], title[200];
	size_t sel = 0;
	int rc = -1;
	snprintf(title, sizeof title, _("assign #%llu to (type to narrow, Enter takes, Esc cancels):"),
		 (unsigned long long)rec->id);
	draw_cursor(1);
	for (;;) {
		wtext_to(&e, filter, sizeof filter);
		size_t k = narrow(t, all, n, filter, shown), none = allow_none && !*filter;
		if (sel >= k + none)
			sel = k + none ? k + none - 1 : 0;
		if (!prompt_key_waiting()) {
			erase();
			draw_list(t, title, shown, k, sel, none);
			char label[260];
			snprintf(label, sizeof label, _("%zu of %zu people: %s"), k, n, filter);
			draw_text(t, t->rows - 1, 0, label, t->cols - 1, 1);
			refresh();
		}
		wint_t ch;
		int r = prompt_key(t, &ch);
		if (r == KEY_CODE_YES && (ch == KEY_UP || ch == KEY_DOWN)) {
			sel = ch == KEY_UP ? (sel ? sel - 1 : 0) : sel + 1;
			continue;
		}
		if (r != KEY_CODE_YES && ch == 27)
			break;
		if ((r == KEY_CODE_YES && ch == KEY_ENTER) || (r != KEY_CODE_YES && (ch == '\n' || ch == '\r'))) {
			if (sel < none) {
				snprintf(login, size, "%s", "");
				rc = 0;
			} else if (sel - none < k) {
				snprintf(login, size, "%s", shown[sel - none]->login);
				rc = 0;
			} else {
				continue;   /* nothing matches what was typed */
			}
			break;
		}
		wtext_key(&e, r == KEY_CODE_YES, ch, 0);
		sel = 0;
	}
	draw_cursor(0);
	free(all);
	free(shown);
	t->msg[0] = 0;
	return rc;
}
