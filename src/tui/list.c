/* SPDX-License-Identifier: MIT */
/* list.c - the right pane: records of the selected subtree with filters,
 * search and tags. Enter opens the record page (nav_open_record); the
 * record page steps through this list with n / N and r (nav_list_step,
 * nav_list_review). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "tui/list.h"
#include "tui/act.h"
#include "tui/draw.h"
#include "tui/keys.h"
#include "tui/nav.h"
#include "tui/prompt.h"
#include "gridcase/text.h"

#define LIST_LIMIT 2000

struct list_view {
	gc_list list;
	size_t cur, top;
	uint32_t node;                  /* the node listed, with its subtree */
	int overdue, mine, unreviewed;  /* filters */
	char state[64];
	char form[64];
	char field[64], value[200];     /* FIELD=VALUE */
	char sort[32];
	char search[200];
	uint64_t *tags;
	size_t ntags;
};

static void list_init(tui *t)
{
	struct list_view *l = t->list = xcalloc(1, sizeof *t->list);
	const gc_node *top = core_scope_node(t->ctx, NULL);
	l->node = top ? top->id : 0;
}

static void list_done(tui *t)
{
	list_free(&t->list->list);
	free(t->list->tags);
	free(t->list);
	t->list = NULL;
}

/* Read the list again with the filters, keeping the cursor on the same
 * record when it is still listed. */
static void list_load(tui *t)
{
	struct list_view *l = t->list;
	gc_query q;
	const gc_node *n = core_node(t->ctx, l->node);
	uint64_t at = l->list.n ? l->list.recs[l->cur].id : 0;
	memset(&q, 0, sizeof q);
	q.node = n ? n->code : NULL;
	q.overdue = l->overdue;
	q.assignee = l->mine ? t->ctx->login : NULL;
	q.search = *l->search ? l->search : NULL;
	q.state = *l->state ? l->state : NULL;
	q.form = *l->form ? l->form : NULL;
	q.field_key = *l->field ? l->field : NULL;
	q.field_value = *l->field ? l->value : NULL;
	q.sort = *l->sort ? l->sort : NULL;
	q.limit = LIST_LIMIT;
	list_free(&l->list);
	if (core_list(t->ctx, &q, &l->list)) {
		tui_message(t, "%s", t->ctx->errs.n ? t->ctx->errs.msg[0] : "cannot list");
		return;
	}
	if (l->unreviewed) {
		/* Keep only what changed since this user last reviewed it. */
		size_t k = 0;
		uint32_t *seen = xcalloc(l->list.n + 1, sizeof *seen);
		core_reviewed_many(t->ctx, l->list.recs, l->list.n, seen);
		for (size_t i = 0; i < l->list.n; i++) {
			if (seen[i] < l->list.recs[i].version)
				l->list.recs[k++] = l->list.recs[i];
			else
				rec_free(&l->list.recs[i]);
		}
		free(seen);
		l->list.n = l->list.total = k;
	}
	if (l->cur >= l->list.n)
		l->cur = l->list.n ? l->list.n - 1 : 0;
	for (size_t i = 0; at && i < l->list.n; i++)
		if (l->list.recs[i].id == at)
			l->cur = i;
}

uint32_t list_listed_node(const tui *t)
{
	return t->list->node;
}

void list_show_node(tui *t, uint32_t node)
{
	struct list_view *l = t->list;
	l->node = node;
	l->cur = l->top = 0;
	list_load(t);
	t->focus = V_LIST;
}

/* A form by its key or label; NULL when no form has it. */
static const gc_form *find_form(const gc_config *cfg, const char *s)
{
	for (size_t i = 0; i < cfg->nforms; i++)
		if (!strcmp(cfg->forms[i].key, s) || !strcmp(cfg->forms[i].label, s))
			return &cfg->forms[i];
	return NULL;
}

/* A state's key from its key or its label (上报) in any form's workflow,
 * keys first; NULL when no workflow has it. */
static const char *find_state(const gc_config *cfg, const char *s)
{
	for (int by_label = 0; by_label < 2; by_label++)
		for (size_t i = 0; i < cfg->nforms; i++) {
			const gc_workflow *wf = cfg->forms[i].wf;
			for (size_t j = 0; wf && j < wf->nstates; j++)
				if (!strcmp(by_label ? wf->states[j].label : wf->states[j].key, s))
					return wf->states[j].key;
		}
	return NULL;
}

/* The label of a state key, from the first workflow that has it. */
static const char *state_label(const gc_config *cfg, const char *key)
{
	for (size_t i = 0; i < cfg->nforms; i++) {
		const char *label = core_state_label(cfg, cfg->forms[i].key, key);
		if (label != key)
			return label;
	}
	return key;
}

/* What the user meant by a filter that named nothing known: said, and the
 * list stays as it was (never a silent "0 of 0"). */
static void unknown_filter(tui *t, const char *what)
{
	const gc_form *f = t->cfg->nforms ? &t->cfg->forms[0] : NULL;
	const gc_state *s = f && f->wf && f->wf->nstates ? &f->wf->states[f->wf->initial] : NULL;
	if (!strncmp(what, "form ", 5))
		tui_message(t, "no form '%s': name a form by its label or key, such as %s (%s)", what + 5,
			    f ? f->label : "", f ? f->key : "");
	else
		tui_message(t, "no state '%s': name a state by its label or key, such as %s (%s), or overdue, mine, "
			       "unreviewed, all", what, s ? s->label : "", s ? s->key : "");
}

void list_filter(tui *t, char *arg)
{
	struct list_view *l = t->list;
	int word = !*arg || !strcmp(arg, "overdue") || !strcmp(arg, "mine") || !strcmp(arg, "unreviewed") ||
		   !strcmp(arg, "all");
	int by_form = !strncmp(arg, "form ", 5), by_state = !word && !by_form && !strchr(arg, '=');
	const gc_form *form = by_form ? find_form(t->cfg, arg + 5) : NULL;
	const char *state = by_state ? find_state(t->cfg, arg) : NULL;
	if ((by_form && !form) || (by_state && !state)) {
		unknown_filter(t, arg);
		return;
	}
	l->overdue = !strcmp(arg, "overdue");
	l->mine = !strcmp(arg, "mine");
	l->unreviewed = !strcmp(arg, "unreviewed");
	l->state[0] = l->form[0] = l->field[0] = l->value[0] = 0;
	char *eq = strchr(arg, '=');
	if (!strcmp(arg, "all") || !*arg) {
		l->search[0] = 0;
	} else if (form) {
		snprintf(l->form, sizeof l->form, "%s", form->key);
	} else if (eq) {
		/* FIELD=VALUE, by key or by label. */
		*eq = 0;
		snprintf(l->field, sizeof l->field, "%s", arg);
		snprintf(l->value, sizeof l->value, "%s", eq + 1);
		for (size_t i = 0; i < t->cfg->nforms; i++)
			for (size_t j = 0; j < t->cfg->forms[i].nfields; j++)
				if (!strcmp(t->cfg->forms[i].fields[j].label, arg))
					snprintf(l->field, sizeof l->field, "%s", t->cfg->forms[i].fields[j].key);
	} else if (state) {
		snprintf(l->state, sizeof l->state, "%s", state);   /* its key, whichever was typed */
	}
	list_load(t);
}

void list_sort(tui *t, const char *key)
{
	snprintf(t->list->sort, sizeof t->list->sort, "%s", *key ? key : "-id");
	list_load(t);
}

static int is_tagged(const struct list_view *l, uint64_t id)
{
	for (size_t i = 0; i < l->ntags; i++)
		if (l->tags[i] == id)
			return 1;
	return 0;
}

static void tag(struct list_view *l, uint64_t id, int on)
{
	for (size_t i = 0; i < l->ntags; i++)
		if (l->tags[i] == id) {
			if (!on)
				l->tags[i] = l->tags[--l->ntags];
			return;
		}
	if (on) {
		l->tags = xrealloc(l->tags, (l->ntags + 1) * sizeof *l->tags);
		l->tags[l->ntags++] = id;
	}
}

static void header(tui *t, int y, int x, int w)
{
	const struct list_view *l = t->list;
	const gc_node *n = core_node(t->ctx, l->node);
	char head[1200];
	char tagged[40] = "";
	if (l->ntags)
		snprintf(tagged, sizeof tagged, "  tagged %zu", l->ntags);
	char filt[600] = "";
	const gc_form *form = *l->form ? config_form(t->cfg, l->form) : NULL;
	if (*l->state || *l->form || *l->field)   /* by the labels the user reads */
		snprintf(filt, sizeof filt, "  [%s%s%s%s%s]", *l->state ? state_label(t->cfg, l->state) : "",
			 form ? form->label : l->form, l->field, *l->field ? "=" : "", l->value);
	snprintf(head, sizeof head, "%s %s  %zu of %zu%s%s%s%s%s%s", n ? n->code : "", n ? n->name : "",
		 l->list.n, l->list.total, l->overdue ? "  [overdue]" : "", l->mine ? "  [mine]" : "",
		 l->unreviewed ? "  [unreviewed]" : "", filt, *l->search ? "  /" : "", l->search);
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
	const gc_list *list = &t->list->list;
	int w = 4;
	for (size_t i = from; i < list->n && i < from + (size_t)rows; i++) {
		const char *l = core_state_label(t->cfg, list->recs[i].form, list->recs[i].state);
		int lw = text_width(l, strlen(l));
		if (lw > w)
			w = lw;
	}
	return (w > 10 ? 10 : w) + 1;
}

/* One record on row y: tag, id, state, due time, title, and on wide
 * screens the first choice, the assignee and the last change. */
static void draw_row(tui *t, int y, int x, int w, int sw, const gc_record *rec, int64_t now)
{
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
	draw_text(t, y, cx, is_tagged(t->list, rec->id) ? "*" : " ", 1, 1);
	cx += 1;
	draw_text(t, y, cx, id, 8, 1);
	cx += 8;
	draw_text(t, y, cx, core_state_label(t->cfg, rec->form, rec->state), sw, 1);
	cx += sw;
	if (w >= 45) {
		attron(draw_light_attr(t, light));
		draw_text(t, y, cx, due, 13, 1);
		attroff(draw_light_attr(t, light));
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
			draw_text(t, y, right, upd, 11, 1);
			rest -= 12;
		}
		right -= 11;
		draw_text(t, y, right, *rec->assignee ? rec->assignee : "-", 10, 1);
		right -= 11;
		draw_text(t, y, right, first_choice(t->cfg, rec), 10, 1);
		rest -= 22;
	}
	draw_text(t, y, cx, core_record_title(t->cfg, rec), rest, 1);
}

static void list_draw(tui *t, int y, int x, int h, int w)
{
	struct list_view *l = t->list;
	int64_t now = gc_now();
	header(t, y, x, w);
	y++;
	h--;
	if (l->cur < l->top)
		l->top = l->cur;
	if (h > 0 && l->cur >= l->top + (size_t)h)
		l->top = l->cur - (size_t)h + 1;
	int sw = state_width(t, l->top, h);
	for (int r = 0; r < h && l->top + (size_t)r < l->list.n; r++) {
		draw_row(t, y + r, x, w, sw, &l->list.recs[l->top + (size_t)r], now);
		draw_selected(t, y + r, x, w, l->top + (size_t)r == l->cur && (t->focus == V_LIST || t->low_bw));
	}
	if (!l->list.n)
		draw_text(t, y, x + 2, "(no records)", w - 2, 0);
}

uint64_t list_review(tui *t, uint64_t id)
{
	struct list_view *l = t->list;
	gc_record r;
	if (!id)
		id = l->list.n ? l->list.recs[l->cur].id : 0;
	if (!id || core_get(t->ctx, id, &r))
		return 0;
	core_mark_reviewed(t->ctx, id, r.version);
	rec_free(&r);
	/* One read for the marks of the rest of the list. */
	size_t from = l->cur + 1, n = l->list.n > from ? l->list.n - from : 0;
	uint32_t *seen = xcalloc(n + 1, sizeof *seen);
	core_reviewed_many(t->ctx, l->list.recs + from, n, seen);
	for (size_t i = 0; i < n; i++)
		if (seen[i] < l->list.recs[from + i].version) {
			l->cur = from + i;
			tui_message(t, "#%llu reviewed", (unsigned long long)id);
			free(seen);
			return l->list.recs[l->cur].id;
		}
	free(seen);
	tui_message(t, "#%llu reviewed; nothing unreviewed below it", (unsigned long long)id);
	return 0;
}

static int have_tags(tui *t)
{
	if (!t->list->ntags)
		tui_message(t, "nothing tagged (t tags a record, T the whole list)");
	return t->list->ntags != 0;
}

/* ; and A: one change to every tagged record, the result of each on a page. */
static void change_tagged(tui *t, int assign)
{
	struct list_view *l = t->list;
	gc_buf out;
	if (!have_tags(t))
		return;
	buf_init(&out);
	if ((assign ? act_assign_many : act_many)(t, l->tags, l->ntags, &out) == 0) {
		l->ntags = 0;
		nav_show_results(t, out.p);
	}
	buf_free(&out);
}

/* Keys that do something other than move the cursor; returns what it did
 * not use. */
static int list_command(tui *t, int action)
{
	struct list_view *l = t->list;
	uint64_t id = l->list.n ? l->list.recs[l->cur].id : 0;
	switch (action) {
	case ACT_OPEN: if (id) nav_open_record(t, id); break;
	case ACT_ACT: if (id) nav_act_record(t, id); break;
	case ACT_EDIT: if (id) nav_edit_record(t, id); break;
	case ACT_NEW: nav_new_record(t, l->node); break;
	case ACT_REVIEW: list_review(t, 0); break;
	case ACT_ACT_TAGGED: change_tagged(t, 0); break;
	case ACT_ASSIGN_TAGGED: change_tagged(t, 1); break;
	case ACT_STATS: nav_show_stats(t, l->node, 0, 0); break;
	case ACT_MATCH: nav_show_matches(t, l->node); break;
	case ACT_OVERDUE:
		l->overdue = !l->overdue;
		list_load(t);
		break;
	case ACT_MINE:
		l->mine = !l->mine;
		list_load(t);
		break;
	case ACT_SEARCH: {
		char q[200];
		snprintf(q, sizeof q, "%s", l->search);
		if (prompt(t, "/", q, sizeof q) == 0) {
			uint64_t want = ui_record_id(q);
			gc_record r;
			if (want && core_get(t->ctx, want, &r) == 0) {
				rec_free(&r);
				nav_open_record(t, want);   /* /21889: that record, as :21889 */
				break;
			}
			snprintf(l->search, sizeof l->search, "%s", q);
			l->cur = 0;
			list_load(t);
			t->focus = V_LIST;
			if (want && !l->list.n)
				tui_message(t, "no record %llu", (unsigned long long)want);   /* nor text that has it */
		}
		break;
	}
	default:
		return action;
	}
	return ACT_NONE;
}

static int list_key(tui *t, int action)
{
	struct list_view *l = t->list;
	long page = t->rows - 4 > 1 ? t->rows - 4 : 1, c = (long)l->cur;
	switch (action) {
	case ACT_UP: case ACT_PREV: c--; break;
	case ACT_DOWN: case ACT_NEXT: c++; break;
	case ACT_PGUP: c -= page; break;
	case ACT_PGDN: c += page; break;
	case ACT_TOP: c = 0; break;
	case ACT_BOTTOM: c = (long)l->list.n - 1; break;
	case ACT_TAG:
		if (l->list.n) {
			uint64_t id = l->list.recs[l->cur].id;
			tag(l, id, !is_tagged(l, id));
			c++;
		}
		break;
	case ACT_TAG_ALL:
		for (size_t i = 0; i < l->list.n; i++)
			tag(l, l->list.recs[i].id, 1);
		tui_message(t, "%zu records tagged", l->ntags);
		break;
	case ACT_UNTAG:
		l->ntags = 0;
		break;
	default:
		return list_command(t, action);
	}
	if (c >= (long)l->list.n)
		c = (long)l->list.n - 1;
	l->cur = c < 0 ? 0 : (size_t)c;
	return ACT_NONE;
}

uint64_t list_step(tui *t, int action)
{
	struct list_view *l = t->list;
	list_key(t, action == ACT_PREV ? ACT_PREV : ACT_NEXT);
	return l->list.n ? l->list.recs[l->cur].id : 0;
}

const view_ops list_ops = {
	.keys = V_LIST,
	.init = list_init, .done = list_done, .draw = list_draw, .key = list_key, .reload = list_load,
};
