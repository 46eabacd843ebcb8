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
#include "tui/listrow.h"
#include "tui/nav.h"
#include "tui/prompt.h"
#include "gridcase/i18n.h"
#include "gridcase/text.h"

/* The list is read a page at a time: the window holds the records at
 * [base, base + win.n) of the ordered matches, never all of them. */
#define LIST_PAGE 200

struct list_view {
	gc_list win;                    /* the window; win.total: every match */
	uint32_t *seen;                 /* review marks of the window's records */
	size_t base;                    /* the window's first position */
	size_t all;                     /* records of the node, no filter */
	size_t cur, top;                /* positions in the whole list */
	uint32_t node;                  /* the node listed, with its subtree */
	int overdue, mine, unreviewed, open, closed_too;   /* filters, combined */
	int count_all;                  /* G asked for the real end: count past the budget */
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
	list_free(&t->list->win);
	free(t->list->seen);
	free(t->list->tags);
	free(t->list);
	t->list = NULL;
}

static int filtered(const struct list_view *l)
{
	return l->overdue || l->mine || l->unreviewed || l->open || *l->state || *l->form || *l->field || *l->search;
}

/* The query of the list with its filters, all of them at once. */
static void make_query(tui *t, gc_query *q)
{
	struct list_view *l = t->list;
	const gc_node *n = core_node(t->ctx, l->node);
	memset(q, 0, sizeof *q);
	q->node = n ? n->code : NULL;
	q->overdue = l->overdue;
	q->assignee = l->mine ? t->ctx->login : NULL;
	q->search = *l->search ? l->search : NULL;
	q->state = *l->state ? l->state : NULL;
	q->form = *l->form ? l->form : NULL;
	q->field_key = *l->field ? l->field : NULL;
	q->field_value = *l->field ? l->value : NULL;
	q->sort = *l->sort ? l->sort : NULL;
	q->unreviewed = l->unreviewed;
	/* The review queue leaves closed records out unless asked. */
	q->open_only = l->open || (l->unreviewed && !l->closed_too);
	q->limit = LIST_PAGE;
	q->count_all = l->count_all;
}

/* Read the window that starts at position from; 0 when read. after (an
 * id, 0: none): the window is the page after that record (or, before,
 * the page up to it), which the store finds in a page of steps wherever
 * the list is, where an offset walks from the start. */
static int fetch_at(tui *t, size_t from, uint64_t after, int before)
{
	struct list_view *l = t->list;
	gc_query q;
	gc_list got;
	make_query(t, &q);
	q.offset = from;
	q.after = after;
	q.before = before;
	if (core_list(t->ctx, &q, &got)) {
		tui_message(t, "%s", t->ctx->errs.n ? t->ctx->errs.msg[0] : "cannot list");
		return -1;
	}
	list_free(&l->win);
	l->win = got;
	l->base = from;
	free(l->seen);
	l->seen = xcalloc(got.n + 1, sizeof *l->seen);
	core_reviewed_many(t->ctx, got.recs, got.n, l->seen);
	return 0;
}

static int fetch(tui *t, size_t from)
{
	return fetch_at(t, from, 0, 0);
}

/* Whether the page next to one is read from a record of it: always. The
 * store finds it in a page of steps in id order and in the postings'
 * orders (a filtered list, due order included), and in a list it sorts
 * whole (another sort, a search) it finds the record among the matches,
 * or reads by the position when the record is gone. */
static int by_id(const struct list_view *l)
{
	(void)l;
	return 1;
}

/* Make the window hold positions [from, from + n) (n at most a page). */
static void cover(tui *t, size_t from, size_t n)
{
	struct list_view *l = t->list;
	size_t total = l->win.total;
	if (from + n > total && !l->win.more)   /* more: the total is a lower bound, read on */
		n = total > from ? total - from : 0;
	if (!n || (from >= l->base && from + n <= l->base + l->win.n))
		return;
	/* A quarter of a page before, for moving back up. */
	size_t start = from > LIST_PAGE / 4 ? from - LIST_PAGE / 4 : 0;
	if (from + n > start + LIST_PAGE)
		start = from + n - LIST_PAGE;
	size_t end = start + LIST_PAGE, have = l->base + l->win.n;
	if (by_id(l) && start > l->base && start - 1 < have) {
		fetch_at(t, start, l->win.recs[start - 1 - l->base].id, 0);   /* on down from a record we have */
		return;
	}
	if (by_id(l) && end >= l->base && end < have && end >= LIST_PAGE) {
		fetch_at(t, end - LIST_PAGE, l->win.recs[end - l->base].id, 1);   /* back up from one */
		return;
	}
	fetch(t, start);
}

/* The record at position i, NULL when it is not in the window. */
static const gc_record *rec_at(const struct list_view *l, size_t i)
{
	return i >= l->base && i < l->base + l->win.n ? &l->win.recs[i - l->base] : NULL;
}

static uint64_t id_at(tui *t, size_t i)
{
	cover(t, i, 1);
	const gc_record *r = rec_at(t->list, i);
	return r ? r->id : 0;
}

/* Read the list again with the filters; keep: the cursor stays on the
 * same record when it is still near where it was. */
static void load(tui *t, int keep)
{
	struct list_view *l = t->list;
	if (!keep)
		l->count_all = 0;   /* another list: its count bounded again */
	const gc_record *was = keep ? rec_at(l, l->cur) : NULL;
	uint64_t at = was ? was->id : 0;
	size_t start = l->top > LIST_PAGE / 4 ? l->top - LIST_PAGE / 4 : 0;
	/* The same list read again (the change feed moved): on from a record
	 * of the window, so a reload deep in a district list costs a page. */
	const gc_record *prev = keep && by_id(l) && start ? rec_at(l, start - 1) : NULL;
	if (fetch_at(t, start, prev ? prev->id : 0, 0))
		return;
	if (start && !l->win.n && l->win.total)
		fetch(t, 0);   /* fewer than before: from the top */
	l->all = l->win.total;
	if (filtered(l)) {
		/* The node's records without filters, for the header (from the counters). */
		gc_query q;
		gc_list one;
		const gc_node *n = core_node(t->ctx, l->node);
		memset(&q, 0, sizeof q);
		q.node = n ? n->code : NULL;
		q.limit = 1;
		if (core_list(t->ctx, &q, &one) == 0)
			l->all = one.total;
		list_free(&one);
	}
	if (l->cur >= l->win.total)
		l->cur = l->win.total ? l->win.total - 1 : 0;
	for (size_t i = 0; at && i < l->win.n; i++)
		if (l->win.recs[i].id == at)
			l->cur = l->base + i;
}

static void list_load(tui *t)
{
	load(t, 1);
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
	l->count_all = 0;
	list_load(t);
	t->focus = V_LIST;
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
static void unknown_filter(tui *t, const char *what, int is_form)
{
	const gc_form *f = t->cfg->nforms ? &t->cfg->forms[0] : NULL;
	const gc_state *s = f && f->wf && f->wf->nstates ? &f->wf->states[f->wf->initial] : NULL;
	if (is_form)
		tui_message(t, "no form '%s': name a form by its label or key, such as %s (%s)", what,
			    f ? f->label : "", f ? f->key : "");
	else
		tui_message(t, "no state '%s': name a state by its label or key, such as %s (%s), or overdue, mine, "
			       "open, unreviewed, closed, all", what, s ? s->label : "", s ? s->key : "");
}

/* One word of :filter applied to l (a copy until every word is known);
 * *i moves past what it took. -1 when it names nothing known. */
static int filter_word(tui *t, struct list_view *l, char **w, size_t n, size_t *i)
{
	char *a = w[*i];
	if (!strcmp(a, "all")) {
		l->overdue = l->mine = l->unreviewed = l->open = l->closed_too = 0;
		l->state[0] = l->form[0] = l->field[0] = l->value[0] = l->search[0] = 0;
	} else if (!strcmp(a, "overdue")) {
		l->overdue = 1;
	} else if (!strcmp(a, "mine")) {
		l->mine = 1;
	} else if (!strcmp(a, "open")) {
		l->open = 1;
	} else if (!strcmp(a, "unreviewed")) {
		l->unreviewed = 1;
	} else if (!strcmp(a, "closed")) {
		l->closed_too = 1;   /* closed records in the review queue too */
	} else if (!strcmp(a, "form")) {
		const gc_form *form = *i + 1 < n ? config_form_named(t->cfg, w[*i + 1]) : NULL;
		if (!form) {
			unknown_filter(t, *i + 1 < n ? w[*i + 1] : "", 1);
			return -1;
		}
		snprintf(l->form, sizeof l->form, "%s", form->key);
		++*i;
	} else if (strchr(a, '=')) {
		/* FIELD=VALUE, by key or by label. */
		char *eq = strchr(a, '=');
		*eq = 0;
		snprintf(l->field, sizeof l->field, "%s", a);
		snprintf(l->value, sizeof l->value, "%s", eq + 1);
		for (size_t f = 0; f < t->cfg->nforms; f++)
			for (size_t j = 0; j < t->cfg->forms[f].nfields; j++)
				if (!strcmp(t->cfg->forms[f].fields[j].label, a))
					snprintf(l->field, sizeof l->field, "%s", t->cfg->forms[f].fields[j].key);
	} else {
		const char *state = config_state_named(t->cfg, NULL, a);
		if (!state) {
			unknown_filter(t, a, 0);
			return -1;
		}
		snprintf(l->state, sizeof l->state, "%s", state);   /* its key, whichever was typed */
	}
	++*i;
	return 0;
}

void list_filter(tui *t, char *arg)
{
	struct list_view *l = t->list, next = *l;
	char *words[32];
	size_t n = 0;
	for (char *w = strtok(arg, " "); w && n < ARRAY_LEN(words); w = strtok(NULL, " "))
		words[n++] = w;
	if (!n)
		words[n++] = "all";
	/* Each word adds to the filters in force (a state replaces the state);
	 * all clears them. Nothing changes unless every word is known. */
	for (size_t i = 0; i < n;)
		if (filter_word(t, &next, words, n, &i))
			return;
	*l = next;
	l->cur = l->top = 0;
	load(t, 0);
}

void list_sort(tui *t, const char *key)
{
	/* The cursor goes to the first row of the new order. */
	snprintf(t->list->sort, sizeof t->list->sort, "%s", *key ? key : "-id");
	t->list->cur = t->list->top = 0;
	load(t, 0);
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

/* The header: the node, how many records match of how many it has, the
 * filters in force by the words the user reads, the search, the tags,
 * and at the right the cursor's position. */
static void header(tui *t, int y, int x, int w)
{
	const struct list_view *l = t->list;
	const gc_node *n = core_node(t->ctx, l->node);
	gc_buf h, f;
	buf_init(&h);
	buf_init(&f);
	const gc_form *form = *l->form ? config_form(t->cfg, l->form) : NULL;
	if (*l->state)
		buf_printf(&f, " %s", state_label(t->cfg, l->state));
	if (*l->form)
		buf_printf(&f, " %s", form ? form->label : l->form);
	if (*l->field)
		buf_printf(&f, " %s=%s", l->field, l->value);
	/* The words typed after :filter, as typed. */
	static const char *const words[] = { "overdue", "mine", "open", "unreviewed", "closed" };
	const int on[] = { l->overdue, l->mine, l->open && !l->overdue, l->unreviewed, l->unreviewed && l->closed_too };
	for (size_t i = 0; i < ARRAY_LEN(words); i++)
		if (on[i])
			buf_printf(&f, " %s", words[i]);
	/* N+ when no counter says how many match: at least N. */
	buf_printf(&h, _("%s %s  %zu%s of %zu"), n ? n->code : "", n ? n->name : "", l->win.total,
		   l->win.more ? "+" : "", l->all);
	size_t head_len = h.len;
	if (f.len)
		buf_printf(&h, "  [%s]", f.p + 1);
	if (*l->search)
		buf_printf(&h, "  /%s", l->search);
	if (l->ntags)
		buf_printf(&h, _("  tagged %zu"), l->ntags);
	char pos[48] = "";
	/* (Not in low-bandwidth mode: it would change with every move.) */
	int pw = l->win.total && !t->low_bw ? snprintf(pos, sizeof pos, " %zu/%zu", l->cur + 1, l->win.total) : 0;
	int hw = text_width(h.p, h.len);
	const char *show = h.p;
	if (hw > w && n) {
		/* Too long: the node by its name only, so the filters stay in sight. */
		size_t cut = strlen(n->code) + 1;
		show = h.p + (cut < head_len ? cut : 0);
		hw = text_width(show, strlen(show));
	}
	draw_text(t, y, x, show, w, 1);
	if (pw && hw + pw + 1 <= w)
		draw_text(t, y, x + w - pw, pos, pw, 0);
	buf_free(&h);
	buf_free(&f);
}

static void list_draw(tui *t, int y, int x, int h, int w)
{
	struct list_view *l = t->list;
	int64_t now = gc_now();
	header(t, y, x, w);
	y++;
	h--;
	if (h <= 0)
		return;
	if (l->cur < l->top)
		l->top = l->cur;
	if (l->cur >= l->top + (size_t)h)
		l->top = l->cur - (size_t)h + 1;
	cover(t, l->top, (size_t)h);
	const gc_record *rows[256];
	size_t n = 0;
	for (; n < (size_t)h && n < ARRAY_LEN(rows) && rec_at(l, l->top + n); n++)
		rows[n] = rec_at(l, l->top + n);
	list_cols c;
	listrow_columns(t, rows, n, w, &c);
	for (size_t r = 0; r < n; r++) {
		size_t i = l->top + r - l->base;
		listrow_draw(t, y + (int)r, x, &c, rows[r], is_tagged(l, rows[r]->id), l->seen[i] >= rows[r]->version, now);
		if (l->top + r == l->cur)
			draw_focus(t, y + (int)r, x, w, t->focus == V_LIST);
	}
	if (!l->win.total)
		draw_text(t, y, x + 2, _("(no records)"), w - 2, 0);
}

/* The first unreviewed record after position from, read a page at a time
 * from the store; its position, or SIZE_MAX. */
static size_t next_unreviewed(tui *t, size_t from)
{
	struct list_view *l = t->list;
	for (size_t i = from; i < l->win.total; i++) {
		cover(t, i, LIST_PAGE);
		const gc_record *r = rec_at(l, i);
		if (!r)
			break;
		if (l->seen[i - l->base] < r->version)
			return i;
	}
	return SIZE_MAX;
}

uint64_t list_review(tui *t, uint64_t id)
{
	struct list_view *l = t->list;
	gc_record r;
	if (!id)
		id = id_at(t, l->cur);
	if (!id || core_get(t->ctx, id, &r))
		return 0;
	core_mark_reviewed(t->ctx, id, r.version);
	/* The row shows it at once. */
	for (size_t i = 0; i < l->win.n; i++)
		if (l->win.recs[i].id == id)
			l->seen[i] = r.version;
	rec_free(&r);
	size_t next = next_unreviewed(t, l->cur + 1);
	if (next != SIZE_MAX) {
		l->cur = next;
		tui_message(t, "#%llu reviewed", (unsigned long long)id);
		return id_at(t, next);
	}
	cover(t, l->cur, 1);
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

/* T: every record of the list, a page at a time. */
static void tag_all(tui *t)
{
	struct list_view *l = t->list;
	size_t keep = l->base;
	for (size_t i = 0; i < l->win.total; i += LIST_PAGE) {
		cover(t, i, LIST_PAGE);
		for (size_t j = 0; j < l->win.n; j++)
			tag(l, l->win.recs[j].id, 1);
		if (!l->win.n)
			break;
	}
	fetch(t, keep);
	tui_message(t, "%zu records tagged", l->ntags);
}

/* /: a record by its id, else the text of the subtree. */
static void search(tui *t)
{
	struct list_view *l = t->list;
	char q[200];
	snprintf(q, sizeof q, "%s", l->search);
	if (prompt(t, "/", q, sizeof q))
		return;
	uint64_t want = ui_record_id(q);
	gc_record r;
	if (want && core_get(t->ctx, want, &r) == 0) {
		rec_free(&r);
		nav_open_record(t, want);   /* /21889: that record, as :21889 */
		return;
	}
	snprintf(l->search, sizeof l->search, "%s", q);
	l->cur = l->top = 0;
	load(t, 0);
	t->focus = V_LIST;
	if (want && !l->win.total)
		tui_message(t, "no record %llu", (unsigned long long)want);   /* nor text that has it */
}

/* Keys that do something other than move the cursor; returns what it did
 * not use. */
static int list_command(tui *t, int action)
{
	struct list_view *l = t->list;
	uint64_t id = id_at(t, l->cur);
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
		load(t, 1);
		break;
	case ACT_MINE:
		l->mine = !l->mine;
		load(t, 1);
		break;
	case ACT_SEARCH: search(t); break;
	default:
		return action;
	}
	return ACT_NONE;
}

static int list_key(tui *t, int action)
{
	struct list_view *l = t->list;
	long page = t->rows - 4 > 1 ? t->rows - 4 : 1, c = (long)l->cur, total = (long)l->win.total;
	switch (action) {
	case ACT_UP: case ACT_PREV: c--; break;
	case ACT_DOWN: case ACT_NEXT: c++; break;
	case ACT_PGUP: c -= page; l->top = l->top > (size_t)page ? l->top - (size_t)page : 0; break;
	case ACT_PGDN: c += page; if (c < total) l->top += (size_t)page; break;
	case ACT_TOP: c = 0; break;
	case ACT_BOTTOM:
		if (l->win.more && !l->count_all) {
			/* A total that is a lower bound: count it all (this list keeps
			 * counting so while it is shown), then read from the other end. */
			l->count_all = 1;
			load(t, 1);
			total = (long)l->win.total;
		}
		c = total - 1;   /* the real last record: read from the other end */
		break;
	case ACT_TAG: {
		uint64_t id = id_at(t, l->cur);
		if (id) {
			tag(l, id, !is_tagged(l, id));
			c++;
		}
		break;
	}
	case ACT_TAG_ALL: tag_all(t); break;
	case ACT_UNTAG: l->ntags = 0; break;
	default:
		return list_command(t, action);
	}
	if (c >= total && l->win.more) {
		cover(t, (size_t)c, 1);   /* past a lower bound: read on */
		total = (long)l->win.total;
	}
	if (c >= total)
		c = total - 1;
	l->cur = c < 0 ? 0 : (size_t)c;
	return ACT_NONE;
}

uint64_t list_step(tui *t, int action)
{
	struct list_view *l = t->list;
	list_key(t, action == ACT_PREV ? ACT_PREV : ACT_NEXT);
	return id_at(t, l->cur);
}

const view_ops list_ops = {
	.keys = V_LIST,
	.init = list_init, .done = list_done, .draw = list_draw, .key = list_key, .reload = list_load,
};
