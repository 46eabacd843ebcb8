/* SPDX-License-Identifier: MIT */
/* matchview.c - the matching view (M): the proposed pairs of each matching
 * under the listed node, as a page; `:match LEFT RIGHT` accepts one. */
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include "tui/matchview.h"
#include "tui/keys.h"
#include "tui/pager.h"
#include "gridcase/i18n.h"
#include "gridcase/text.h"

struct matchview {
	pager body;
};

static void matchview_init(tui *t)
{
	t->match = xcalloc(1, sizeof *t->match);
	pager_init(&t->match->body);
}

static void matchview_done(tui *t)
{
	pager_free(&t->match->body);
	free(t->match);
	t->match = NULL;
}

static void pair_line(tui *t, gc_buf *b, const gc_matching *m, const match_pair *p)
{
	const char *lt = core_record_title(t->cfg, &p->left), *rt = core_record_title(t->cfg, &p->right);
	const char *v = rec_field(&p->left, m->left.by);
	buf_printf(b, "%6llu ", (unsigned long long)p->left.id);
	text_fit(b, lt, strlen(lt), 18, 1);
	buf_printf(b, " <-> %6llu ", (unsigned long long)p->right.id);
	text_fit(b, rt, strlen(rt), 18, 1);
	buf_addc(b, ' ');
	text_fit(b, v, strlen(v), 8, 1);
	buf_printf(b, " %s%s\n", p->left_accepted ? "L" : "-", p->right_accepted ? "R" : "-");
}

/* The matchings of the configuration (read with it, once). */
static size_t match_list(tui *t, const gc_matching **ms)
{
	*ms = t->cfg->matchings;
	if (!t->cfg->nmatchings)
		tui_message(t, "no matching in the configuration");
	return t->cfg->nmatchings;
}

void matchview_open(tui *t, uint32_t node)
{
	const gc_matching *ms;
	size_t nm = match_list(t, &ms);
	const gc_node *n = core_node(t->ctx, node);
	if (!nm)
		return;
	gc_buf b;
	buf_init(&b);
	for (size_t i = 0; i < nm; i++) {
		match_pair *p;
		size_t np;
		buf_printf(&b, "%s  %s %s\n", ms[i].label, n ? n->code : "", n ? n->name : "");
		if (core_match_propose(t->ctx, &ms[i], n ? n->code : NULL, &p, &np)) {
			buf_printf(&b, "%s\n\n", t->ctx->errs.n ? t->ctx->errs.msg[0] : _("cannot propose pairs"));
			continue;
		}
		buf_printf(&b, _("%zu proposed pairs; L/R: accepted by that side.  :match LEFT RIGHT accepts\n\n"), np);
		for (size_t j = 0; j < np; j++)
			pair_line(t, &b, &ms[i], &p[j]);
		buf_addc(&b, '\n');
		match_pairs_free(p, np);
	}
	pager_set(&t->match->body, b.p);
	buf_free(&b);
	ui_open(t, &matchview_ops);
}

void matchview_accept(tui *t, const char *args, uint32_t node)
{
	const gc_matching *ms;
	size_t nm;
	unsigned long long l, r;
	uint64_t project = 0;
	if (sscanf(args, "%llu %llu", &l, &r) != 2) {
		tui_message(t, "match: give the two ids, :match LEFT RIGHT");
		return;
	}
	if ((nm = match_list(t, &ms)) == 0)
		return;
	int rc = 1;
	for (size_t i = 0; i < nm && rc; i++)
		rc = core_match_accept(t->ctx, &ms[i], l, r, &project);
	if (rc)
		tui_message(t, "%s", t->ctx->errs.n ? t->ctx->errs.msg[0] : _("not accepted"));
	else if (project)
		tui_message(t, "#%llu and #%llu matched: #%llu created", l, r, (unsigned long long)project);
	else
		tui_message(t, "#%llu and #%llu accepted on your side", l, r);
	/* Accepted from a read-only page (this one, or help over the list):
	 * the pairs again, this one's new state among them. */
	if (!rc && ui_top(t) && ui_top(t)->keys == V_HELP)
		matchview_open(t, node);
}

static void matchview_draw(tui *t, int y, int x, int h, int w)
{
	(void)x;
	(void)w;   /* pages use the whole width */
	pager_draw(t, &t->match->body, y, h);
}

static int matchview_key(tui *t, int action)
{
	return pager_key(t, &t->match->body, action);
}

/* A read-only page, like help. */
const view_ops matchview_ops = {
	.keys = V_HELP, .page = 1,
	.init = matchview_init, .done = matchview_done, .draw = matchview_draw, .key = matchview_key,
};
