/* SPDX-License-Identifier: MIT */
/* page.c - the record page: what a record is, every field by label, then
 * its history; scrolled line by line (pager.c). From it: a acts, e edits
 * (nav_edit_record), r marks it reviewed and n / N step through the list
 * (nav_list_review, nav_list_step). The same view shows the results of a
 * change to tagged records, as a page of no record. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "tui/page.h"
#include "tui/act.h"
#include "tui/keys.h"
#include "tui/nav.h"
#include "tui/pager.h"
#include "gridcase/i18n.h"
#include "gridcase/present.h"
#include "gridcase/text.h"

struct page_view {
	pager body;
	uint64_t id;          /* the record shown; 0 on a page of results */
	uint32_t version;     /* the version shown: acting on a newer one shows it first */
};

static void page_init(tui *t)
{
	t->page = xcalloc(1, sizeof *t->page);
	pager_init(&t->page->body);
}

static void page_done(tui *t)
{
	pager_free(&t->page->body);
	free(t->page);
	t->page = NULL;
}

/* Lines of a value after its first, each indented: a multi-line value
 * stays under the entry it belongs to (the pager wraps each line under
 * its own indent). */
static void add_lines(gc_buf *b, const present_lines *l, int indent)
{
	for (size_t i = 0; i < l->n; i++) {
		if (i)
			buf_printf(b, "\n%*s", indent, "");
		buf_adds(b, l->line[i]);
	}
}

/* A person as people read them: 张三 (zhangsan), or the login alone. */
static void person(gc_buf *b, const char *login, const char *name)
{
	if (name)
		buf_printf(b, "%s (%s)", name, login);
	else
		buf_adds(b, login);
}

/* The record's head: what it is, where, its state and time limit, who. */
static void head_text(const present_record *p, gc_buf *b)
{
	buf_printf(b, "#%llu  %s\n", (unsigned long long)p->id, p->title);
	buf_printf(b, _("%s  %s %s  version %u\n"), p->form_label, p->node, p->node_name, p->version);
	const char *light = *core_light_names[p->light] ? _(core_light_names[p->light]) : "";
	buf_printf(b, _("state: %s   due: %s"), p->state_label, p->due);
	if (p->light)
		buf_printf(b, p->light == LIGHT_RED ? _(" (%s, overdue)") : " (%s)", light);
	buf_adds(b, _("   assignee "));
	person(b, p->assignee, p->assignee_name);
	buf_addc(b, '\n');
	buf_printf(b, _("created %s by "), p->created);
	person(b, p->creator, p->creator_name);
	buf_printf(b, _("   updated %s"), p->updated);
	buf_adds(b, "\n\n");
}

/* The record as lines (the presentation's, present.h): what it is, every
 * field by label, then its history, by labels too (受理, 标题) and people
 * by name. Long text keeps its newlines as lines; anything else that could
 * reach the terminal is neutralised when drawn. */
static void detail_text(const present_record *p, gc_buf *b)
{
	head_text(p, b);
	for (size_t i = 0; i < p->nfields; i++) {
		const present_field *f = &p->fields[i];
		if (f->lost)
			continue;   /* the page shows the fields the configuration knows */
		if (f->longtext) {
			buf_printf(b, "%s:\n", f->label);
			for (size_t j = 0; j < f->value.n; j++)
				if (j + 1 < f->value.n || *f->value.line[j])   /* a final newline opens no line */
					buf_printf(b, "  %s\n", f->value.line[j]);
		} else {
			buf_printf(b, "%s: ", f->label);
			add_lines(b, &f->value, 2);
			buf_addc(b, '\n');
		}
	}
	/* The review queue: what changed since this user last reviewed it. */
	buf_addc(b, '\n');
	if (p->reviewed && p->reviewed < p->version)
		buf_printf(b, _("history (* changed since your review of version %u)\n"), p->reviewed);
	else
		buf_printf(b, "%s\n", p->reviewed ? _("history (reviewed)") : _("history"));
	for (size_t i = 0; i < p->nhistory; i++) {
		const present_entry *e = &p->history[i];
		buf_printf(b, "%c v%u %s ", e->unseen ? '*' : ' ', e->version, e->when);
		person(b, e->user, e->user_name);
		buf_printf(b, "%s%s %s", *e->client ? "@" : "", e->client, e->action_label);
		if (e->moved)
			buf_printf(b, "  %s -> %s", e->from, e->to);
		buf_addc(b, '\n');
		for (size_t j = 0; j < e->nchanges; j++) {
			buf_printf(b, "      %s: ", e->changes[j].label);
			add_lines(b, &e->changes[j].old, 8);
			buf_adds(b, " -> ");
			add_lines(b, &e->changes[j].new_, 8);
			buf_addc(b, '\n');
		}
		if (e->comment.n) {
			buf_printf(b, "      %s", _("comment: "));
			add_lines(b, &e->comment, 8);
			buf_addc(b, '\n');
		}
	}
}

/* Show record id. Only the page's own reloads keep the line it was
 * scrolled to (keep), and only for the record it already shows. */
static void page_show(tui *t, uint64_t id, int keep)
{
	struct page_view *pv = t->page;
	present_record p;
	if (present_load(t->ctx, id, PRESENT_REVIEW, &p)) {
		tui_message(t, "%s", t->ctx->errs.n ? t->ctx->errs.msg[0] : "cannot read the record");
		present_free(&p);
		return;
	}
	present_history(t->ctx, &p);   /* unreadable: the page without it, as before */
	gc_buf b;
	buf_init(&b);
	detail_text(&p, &b);
	pv->version = p.version;
	size_t top = keep && pv->id == id && ui_top(t) == &page_ops ? pv->body.top : 0;
	pager_set(&pv->body, b.p);
	pv->body.top = top;   /* a row of the same width: the layout keeps it in range */
	buf_free(&b);
	present_free(&p);
	pv->id = id;
	ui_open(t, &page_ops);
}

void page_open_record(tui *t, uint64_t id)
{
	page_show(t, id, 0);
}

void page_show_results(tui *t, const char *text)
{
	pager_set(&t->page->body, text);
	t->page->id = 0;
	ui_open(t, &page_ops);
}

/* a: the act menu for the record shown, for the version shown. */
static void page_act(tui *t)
{
	struct page_view *p = t->page;
	gc_record r;
	act_answers answers;
	if (!p->id || core_get(t->ctx, p->id, &r))
		return;
	if (r.version != p->version) {
		/* It moved on since the page was drawn: show it before offering anything. */
		uint32_t shown = p->version;
		page_show(t, r.id, 1);
		tui_message(t, "#%llu was changed meanwhile (version %u -> %u); look again, then act",
			    (unsigned long long)r.id, shown, r.version);
		rec_free(&r);
		return;
	}
	const gc_transition *tr = act_ask(t, &r, &answers);
	if (tr) {
		/* The version the menu was made from: a change while it was open is a conflict. */
		int rc = core_act_seen(t->ctx, r.id, tr->key, answers.comment, answers.vals, answers.nvals, r.version, NULL);
		gc_record now;
		if (rc == 0) {
			tui_message(t, "#%llu %s", (unsigned long long)r.id, tr->label);
		} else if (rc == GC_ECONFLICT && core_get(t->ctx, r.id, &now) == 0) {
			/* Both states in a line that fits: the core's message is longer. */
			tui_message(t, "conflict: #%llu is now %s, version %u (it was %s when you chose); nothing done",
				    (unsigned long long)r.id, core_state_label(t->cfg, now.form, now.state), now.version,
				    core_state_label(t->cfg, r.form, r.state));
			rec_free(&now);
		} else {
			tui_message(t, "%s", t->ctx->errs.n ? t->ctx->errs.msg[0] : "nothing done");
		}
		page_show(t, r.id, 1);
	}
	rec_free(&r);
}

void page_act_record(tui *t, uint64_t id)
{
	page_show(t, id, 0);
	if (ui_top(t) == &page_ops && t->page->id == id)
		page_act(t);
}

static void page_draw(tui *t, int y, int x, int h, int w)
{
	(void)x;
	(void)w;   /* pages use the whole width */
	pager_draw(t, &t->page->body, y, h);
}

static int page_key(tui *t, int action)
{
	struct page_view *p = t->page;
	uint64_t id;
	switch (action) {
	case ACT_NEXT:
	case ACT_PREV:
		/* n / N: the next or previous record of the list. */
		if (p->id && (id = nav_list_step(t, action)) != 0)
			page_show(t, id, 1);
		return ACT_NONE;
	case ACT_REVIEW:
		/* Reviewed; on to the next unreviewed record of the list. */
		if ((id = nav_list_review(t, p->id)) != 0)
			page_show(t, id, 1);
		return ACT_NONE;
	case ACT_ACT:
		page_act(t);
		return ACT_NONE;
	case ACT_EDIT:
		if (p->id)
			nav_edit_record(t, p->id);
		return ACT_NONE;
	}
	return pager_key(t, &p->body, action);
}

/* The data changed: the record again, at the line it was scrolled to. */
static void page_refresh(tui *t)
{
	if (t->page->id)
		page_show(t, t->page->id, 1);
}

const view_ops page_ops = {
	.keys = V_DETAIL, .page = 1,
	.init = page_init, .done = page_done, .draw = page_draw, .key = page_key, .reload = page_refresh,
};
