/* SPDX-License-Identifier: MIT */
/* listrow.c - one row of the list and the columns the rows on the screen
 * get: what each record is (its form's short label and its state), its
 * due time when a row on the screen has one, its title in what is left,
 * and on wide panes its category, assignee and grid. */
#include <stdio.h>
#include <string.h>
#include "tui/listrow.h"
#include "tui/draw.h"
#include "gridcase/text.h"

/* Text width of s, at most most. */
static int width_of(const char *s, int most)
{
	int w = text_width(s, strlen(s));
	return w > most ? most : w;
}

const char *listrow_state(const gc_config *cfg, const gc_record *rec)
{
	/* A form without a workflow has no state: say so, never a blank. */
	return *rec->state ? core_state_label(cfg, rec->form, rec->state) : "-";
}

void listrow_columns(const tui *t, const gc_record *const *rows, size_t n, int w, list_cols *c)
{
	memset(c, 0, sizeof *c);
	c->idw = 2;
	c->statew = 2;
	int narrow = w < 50;
	for (size_t i = 0; i < n; i++) {
		const gc_record *r = rows[i];
		char id[24];
		int iw = snprintf(id, sizeof id, "%llu", (unsigned long long)r->id);
		if (iw > c->idw)
			c->idw = iw;
		int sw = width_of(listrow_state(t->cfg, r), narrow ? 6 : 10);
		if (sw > c->statew)
			c->statew = sw;
		const gc_form *f = config_form(t->cfg, r->form);
		int fw = f ? width_of(f->short_label, 4) : 0;
		if (fw > c->formw)
			c->formw = fw;
		if (r->due)
			c->duew = 12;   /* 11-23 17:30 and the mark */
	}
	if (narrow && c->formw > 2)
		c->formw = 2;   /* its first character: 事, 走 */
	if (w >= 90) {
		c->catw = 10;
		c->whow = 8;
		c->gridw = 10;
	}
	int fixed = 3 + c->idw + 1 + (c->formw ? c->formw + 1 : 0) + c->statew + 1 + (c->duew ? c->duew + 1 : 0) +
		    (c->catw ? c->catw + 1 : 0) + (c->whow ? c->whow + 1 : 0) + (c->gridw ? c->gridw + 1 : 0);
	c->titlew = w - fixed;
	if (c->titlew < 6 && c->duew && w < 45) {
		/* Very narrow: the due time goes before the title does. */
		c->titlew += c->duew + 1;
		c->duew = 0;
	}
}

/* A category "group/kind" is shown by its kind. */
static const char *category(const gc_config *cfg, const gc_record *rec)
{
	const gc_form *f = config_form(cfg, rec->form);
	for (size_t i = 0; f && i < f->nfields; i++)
		if (f->fields[i].type == FT_CHOICE) {
			const char *v = rec_field(rec, f->fields[i].key), *slash = strrchr(v, '/');
			return slash ? slash + 1 : v;
		}
	return "";
}

void listrow_draw(tui *t, int y, int x, const list_cols *c, const gc_record *rec, int tagged, int reviewed,
		  int64_t now)
{
	char id[24];
	int cx = x + 1;
	draw_text(t, y, cx, tagged ? "*" : " ", 1, 1);
	draw_text(t, y, cx + 1, reviewed ? "=" : " ", 1, 1);
	cx += 2;
	snprintf(id, sizeof id, "%*llu", c->idw, (unsigned long long)rec->id);
	draw_text(t, y, cx, id, c->idw + 1, 1);
	cx += c->idw + 1;
	if (c->formw) {
		const gc_form *f = config_form(t->cfg, rec->form);
		draw_text(t, y, cx, f ? f->short_label : rec->form, c->formw + 1, 1);
		cx += c->formw + 1;
	}
	draw_text(t, y, cx, listrow_state(t->cfg, rec), c->statew + 1, 1);
	cx += c->statew + 1;
	if (c->duew) {
		char due[24] = "", full[40];
		int light = core_light(t->ctx, rec, now);
		if (rec->due) {
			/* The mark says it without colour: ~ most of the limit used, ! overdue. */
			datetime_format_short(rec->due, full, sizeof full);
			snprintf(due, sizeof due, "%.11s%c", full + 5, core_light_marks[light]);
		}
		attron(draw_light_attr(t, light));
		draw_text(t, y, cx, due, c->duew + 1, 1);
		attroff(draw_light_attr(t, light));
		cx += c->duew + 1;
	}
	draw_text_cut(t, y, cx, core_record_title(t->cfg, rec), c->titlew);
	cx += c->titlew;
	if (c->catw) {
		draw_text(t, y, cx + 1, category(t->cfg, rec), c->catw, 1);
		cx += c->catw + 1;
	}
	if (c->whow) {
		const gc_user *u = *rec->assignee ? config_user(t->cfg, rec->assignee) : NULL;
		draw_text(t, y, cx + 1, u && u->name ? u->name : *rec->assignee ? rec->assignee : "-", c->whow, 1);
		cx += c->whow + 1;
	}
	if (c->gridw) {
		const gc_node *n = core_node(t->ctx, rec->node_id);
		draw_text(t, y, cx + 1, n ? n->name : "", c->gridw, 1);
	}
}
