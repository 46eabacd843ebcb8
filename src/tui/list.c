/* list.c - the right pane: records of the selected subtree with filters,
 * search and tags. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "tui/ui.h"
#include "gridcase/text.h"

#define LIST_LIMIT 2000

void list_load(tui *t)
{
	gc_query q;
	const gc_node *n = core_node(t->ctx, t->list_node);
	uint64_t at = t->list.n ? t->list.recs[t->lcur].id : 0;
	memset(&q, 0, sizeof q);
	q.node = n ? n->code : NULL;
	q.overdue = t->f_overdue;
	q.assignee = t->f_mine ? t->ctx->login : NULL;
	q.search = *t->search ? t->search : NULL;
	q.state = *t->f_state ? t->f_state : NULL;
	q.form = *t->f_form ? t->f_form : NULL;
	q.field_key = *t->f_field ? t->f_field : NULL;
	q.field_value = *t->f_field ? t->f_value : NULL;
	q.sort = *t->sort ? t->sort : NULL;
	q.limit = LIST_LIMIT;
	list_free(&t->list);
	if (core_list(t->ctx, &q, &t->list)) {
		tui_message(t, "%s", t->ctx->errs.n ? t->ctx->errs.msg[0] : "cannot list");
		return;
	}
	if (t->f_unreviewed) {
		/* Keep only what changed since this user last reviewed it. */
		size_t k = 0;
		uint32_t *seen = xcalloc(t->list.n + 1, sizeof *seen);
		core_reviewed_many(t->ctx, t->list.recs, t->list.n, seen);
		for (size_t i = 0; i < t->list.n; i++) {
			if (seen[i] < t->list.recs[i].version)
				t->list.recs[k++] = t->list.recs[i];
			else
				rec_free(&t->list.recs[i]);
		}
		free(seen);
		t->list.n = t->list.total = k;
	}
	/* Keep the cursor on the same record when it is still listed. */
	if (t->lcur >= t->list.n)
		t->lcur = t->list.n ? t->list.n - 1 : 0;
	for (size_t i = 0; at && i < t->list.n; i++)
		if (t->list.recs[i].id == at)
			t->lcur = i;
}

static int is_tagged(const tui *t, uint64_t id)
{
	for (size_t i = 0; i < t->ntags; i++)
		if (t->tags[i] == id)
			return 1;
	return 0;
}

static void tag(tui *t, uint64_t id, int on)
{
	for (size_t i = 0; i < t->ntags; i++)
		if (t->tags[i] == id) {
			if (!on)
				t->tags[i] = t->tags[--t->ntags];
			return;
		}
	if (on) {
		t->tags = xrealloc(t->tags, (t->ntags + 1) * sizeof *t->tags);
		t->tags[t->ntags++] = id;
	}
}

static void header(tui *t, int y, int x, int w)
{
	const gc_node *n = core_node(t->ctx, t->list_node);
	char head[1200];
	char tagged[40] = "";
	if (t->ntags)
		snprintf(tagged, sizeof tagged, "  tagged %zu", t->ntags);
	char filt[600] = "";
	if (*t->f_state || *t->f_form || *t->f_field)
		snprintf(filt, sizeof filt, "  [%s%s%s%s%s]", t->f_state, t->f_form, t->f_field, *t->f_field ? "=" : "",
			 t->f_value);
	snprintf(head, sizeof head, "%s %s  %zu of %zu%s%s%s%s%s%s", n ? n->code : "", n ? n->name : "",
		 t->list.n, t->list.total, t->f_overdue ? "  [overdue]" : "", t->f_mine ? "  [mine]" : "",
		 t->f_unreviewed ? "  [unreviewed]" : "", filt, *t->search ? "  /" : "", t->search);
	strncat(head, tagged, sizeof head - strlen(head) - 1);
	draw_text(t, y, x, head, w, 1);
}

/* The value of the record's first choice field, a natural second column. */
static const char *first_choice(const gc_config *cfg, const gc_record *rec)
{
	const gc_form *f = config_form(cfg, rec->form);
	for (size_t i = 0; f && i < f->nfields; i++)
		if (f->fields[i].type == FT_CHOICE)
			return rec_field(rec, f->fields[i].key);
	return "";
}

/* The state column: as wide as the widest state label on the screen (4 to
 * 10 columns), and a space. */
static int state_width(const tui *t, size_t from, int rows)
{
	int w = 4;
	for (size_t i = from; i < t->list.n && i < from + (size_t)rows; i++) {
		const char *l = core_state_label(t->cfg, t->list.recs[i].form, t->list.recs[i].state);
		int lw = text_width(l, strlen(l));
		if (lw > w)
			w = lw;
	}
	return (w > 10 ? 10 : w) + 1;
}

void list_draw(tui *t, int y, int x, int h, int w)
{
	int64_t now = gc_now();
	header(t, y, x, w);
	y++;
	h--;
	if (t->lcur < t->ltop)
		t->ltop = t->lcur;
	if (h > 0 && t->lcur >= t->ltop + (size_t)h)
		t->ltop = t->lcur - (size_t)h + 1;
	int sw = state_width(t, t->ltop, h);
	for (int r = 0; r < h && t->ltop + (size_t)r < t->list.n; r++) {
		const gc_record *rec = &t->list.recs[t->ltop + (size_t)r];
		char id[24], due[24];
		snprintf(id, sizeof id, "%7llu", (unsigned long long)rec->id);
		due[0] = 0;
		int light = core_light(t->ctx, rec, now);
		if (rec->due) {
			/* The mark says it without colour: ~ most of the limit used, ! overdue. */
			char full[40];
			datetime_format_short(rec->due, full, sizeof full);
			snprintf(due, sizeof due, "%.11s%c", full + 5, core_light_marks[light]);
		}
		int cx = x + 1;
		draw_text(t, y + r, cx, is_tagged(t, rec->id) ? "*" : " ", 1, 1);
		cx += 1;
		draw_text(t, y + r, cx, id, 8, 1);
		cx += 8;
		draw_text(t, y + r, cx, core_state_label(t->cfg, rec->form, rec->state), sw, 1);
		cx += sw;
		if (w >= 45) {
			if (t->color && light)
				attron(COLOR_PAIR(light));
			draw_text(t, y + r, cx, due, 13, 1);
			if (t->color && light)
				attroff(COLOR_PAIR(light));
			cx += 13;
		}
		int rest = x + w - cx;
		if (w >= 90) {
			/* Wide screens add the form's first choice field (the category in the
			 * default configuration), the assignee and, wider still, the last change. */
			int right = x + w;
			if (w >= 110) {
				char upd[40], full[40];
				datetime_format_short(rec->updated, full, sizeof full);
				snprintf(upd, sizeof upd, "%.11s", full + 5);
				right -= 12;
				draw_text(t, y + r, right, upd, 11, 1);
				rest -= 12;
			}
			right -= 11;
			draw_text(t, y + r, right, *rec->assignee ? rec->assignee : "-", 10, 1);
			right -= 11;
			draw_text(t, y + r, right, first_choice(t->cfg, rec), 10, 1);
			rest -= 22;
		}
		draw_text(t, y + r, cx, core_record_title(t->cfg, rec), rest, 1);
		draw_selected(t, y + r, x, w, t->ltop + (size_t)r == t->lcur && (t->focus == V_LIST || t->low_bw));
	}
	if (!t->list.n)
		draw_text(t, y, x + 2, "(no records)", w - 2, 0);
}

void list_key(tui *t, int action)
{
	long page = t->rows - 4 > 1 ? t->rows - 4 : 1, c = (long)t->lcur;
	switch (action) {
	case ACT_UP: case ACT_PREV: c--; break;
	case ACT_DOWN: case ACT_NEXT: c++; break;
	case ACT_PGUP: c -= page; break;
	case ACT_PGDN: c += page; break;
	case ACT_TOP: c = 0; break;
	case ACT_BOTTOM: c = (long)t->list.n - 1; break;
	case ACT_OPEN:
		if (t->list.n)
			detail_open(t, t->list.recs[t->lcur].id);
		return;
	case ACT_TAG:
		if (t->list.n) {
			uint64_t id = t->list.recs[t->lcur].id;
			tag(t, id, !is_tagged(t, id));
			c++;
		}
		break;
	case ACT_TAG_ALL:
		for (size_t i = 0; i < t->list.n; i++)
			tag(t, t->list.recs[i].id, 1);
		tui_message(t, "%zu records tagged", t->ntags);
		break;
	case ACT_UNTAG:
		t->ntags = 0;
		break;
	case ACT_ACT:
		if (t->list.n) {
			detail_open(t, t->list.recs[t->lcur].id);
			detail_act(t);
		}
		return;
	case ACT_ACT_TAGGED:
		tags_act(t);
		return;
	}
	if (c >= (long)t->list.n)
		c = (long)t->list.n - 1;
	t->lcur = c < 0 ? 0 : (size_t)c;
}
