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

/* The record as lines: what it is, every field by label, then its history. */
static void detail_text(tui *t, const gc_record *r, gc_hist *h, size_t nh, gc_buf *b)
{
	const gc_form *f = config_form(t->cfg, r->form);
	const gc_node *n = core_node(t->ctx, r->node_id);
	char t1[40], t2[40];
	buf_printf(b, "#%llu  %s\n", (unsigned long long)r->id, core_record_title(t->cfg, r));
	buf_printf(b, "%s  %s %s  version %u\n", f ? f->label : r->form, n ? n->code : "?", n ? n->name : "", r->version);
	when_format(r->due, t1, sizeof t1);
	int light = core_light(t->ctx, r, gc_now());
	buf_printf(b, _("state: %s   due: %s%s%s%s\n"), core_state_label(t->cfg, r->form, r->state), t1,
		   light ? " (" : "", core_light_names[light], light == LIGHT_RED ? ", overdue)" : light ? ")" : "");
	when_format(r->created, t1, sizeof t1);
	when_format(r->updated, t2, sizeof t2);
	buf_printf(b, _("created %s by %s   updated %s   assignee %s\n\n"), t1, r->creator, t2, *r->assignee ? r->assignee : "-");
	for (size_t i = 0; f && i < f->nfields; i++) {
		const char *v = rec_field(r, f->fields[i].key);
		if (!*v)
			continue;
		if (f->fields[i].type == FT_LONGTEXT) {
			buf_printf(b, "%s:\n", f->fields[i].label);
			for (const char *p = v; *p;) {
				size_t l = strcspn(p, "\n");
				buf_printf(b, "  %.*s\n", (int)l, p);
				p += l + (p[l] == '\n');
			}
		} else {
			buf_printf(b, "%s: %s\n", f->fields[i].label, v);
		}
	}
	/* The review queue: what changed since this user last reviewed it. */
	uint32_t seen = core_reviewed(t->ctx, r->id);
	if (seen && seen < r->version)
		buf_printf(b, "\nhistory (* changed since your review of version %u)\n", seen);
	else
		buf_printf(b, "\nhistory%s\n", seen ? " (reviewed)" : "");
	for (size_t i = 0; i < nh; i++) {
		when_format(h[i].time, t1, sizeof t1);
		buf_printf(b, "%c v%u %s %s%s%s %s", seen && h[i].version > seen ? '*' : ' ', h[i].version, t1, h[i].user,
			   *h[i].client ? "@" : "", h[i].client, h[i].action);
		if (strcmp(h[i].from, h[i].to))
			buf_printf(b, "  %s -> %s", *h[i].from ? core_state_label(t->cfg, r->form, h[i].from) : "",
				   core_state_label(t->cfg, r->form, h[i].to));
		buf_addc(b, '\n');
		for (size_t j = 0; j < h[i].nchanges; j++)
			buf_printf(b, "      %s: %s -> %s\n", h[i].changes[j].field,
				   *h[i].changes[j].old ? h[i].changes[j].old : "(empty)",
				   *h[i].changes[j].new_ ? h[i].changes[j].new_ : "(empty)");
		if (*h[i].comment)
			buf_printf(b, "      comment: %s\n", h[i].comment);
	}
	/* Long text may hold newlines: keep them as lines; anything else that
	 * could reach the terminal is neutralised when drawn. */
}

/* Show record id. Only the page's own reloads keep the line it was
 * scrolled to (keep), and only for the record it already shows. */
static void page_show(tui *t, uint64_t id, int keep)
{
	struct page_view *p = t->page;
	gc_record r;
	gc_hist *h;
	size_t nh = 0;
	if (core_get(t->ctx, id, &r)) {
		tui_message(t, "%s", t->ctx->errs.n ? t->ctx->errs.msg[0] : "cannot read the record");
		return;
	}
	gc_buf b;
	buf_init(&b);
	if (core_history(t->ctx, id, &h, &nh))
		nh = 0;
	detail_text(t, &r, h, nh, &b);
	p->version = r.version;
	size_t top = keep && p->id == id && ui_top(t) == &page_ops ? p->body.top : 0;
	pager_set(&p->body, b.p);
	p->body.top = top < p->body.nlines ? top : 0;
	for (size_t i = 0; i < nh; i++)
		hist_free(&h[i]);
	free(h);
	buf_free(&b);
	rec_free(&r);
	p->id = id;
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
