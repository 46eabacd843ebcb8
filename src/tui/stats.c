/* SPDX-License-Identifier: MIT */
/* stats.c - the statistics view: the assessment measures of the node in
 * the list (assess.c) as horizontal bar charts, a page that fits 80
 * columns and scrolls like the record page. */
#include <stdlib.h>
#include <string.h>
#include "tui/stats.h"
#include "tui/keys.h"
#include "tui/pager.h"
#include "gridcase/i18n.h"
#include "gridcase/text.h"

#define BAR 24     /* columns of the longest bar */
#define BAR_AT 13  /* its column: after the 12-column name and a space */

/* A bar is drawn as reverse-video spaces over the page's text: U+2588 is
 * East Asian "ambiguous" and doubles on a CJK terminal (docs/ui.md). */
typedef struct bar_span {
	size_t line;
	int len;
} bar_span;

struct stats_view {
	pager body;
	bar_span *bars;
	size_t nbars, cap;
};

static void stats_init(tui *t)
{
	t->stats = xcalloc(1, sizeof *t->stats);
	pager_init(&t->stats->body);
	t->stats->body.nowrap = 1;   /* the bars are drawn at their line's row */
}

static void stats_done(tui *t)
{
	pager_free(&t->stats->body);
	free(t->stats->bars);
	free(t->stats);
	t->stats = NULL;
}

static size_t lines_in(const gc_buf *b)
{
	size_t n = 0;
	for (size_t i = 0; i < b->len; i++)
		n += b->p[i] == '\n';
	return n;
}

/* A bar of n cells of `of` for value v: '#' in ASCII and where every byte
 * counts, otherwise spaces that stats_draw turns to reverse video. */
static void bar(tui *t, gc_buf *b, uint64_t v, uint64_t of)
{
	struct stats_view *s = t->stats;
	int n = of ? (int)((v * BAR + of / 2) / of) : 0;
	if (v && !n)
		n = 1;   /* something is not nothing */
	int hash = t->ascii || t->low_bw;
	if (!hash && n) {
		if (s->nbars == s->cap)
			s->bars = xrealloc(s->bars, (s->cap = s->cap ? s->cap * 2 : 32) * sizeof *s->bars);
		s->bars[s->nbars++] = (bar_span){ lines_in(b), n };
	}
	for (int i = 0; i < BAR; i++)
		buf_addc(b, i < n && hash ? '#' : ' ');
}

static void name_cell(gc_buf *b, const char *name)
{
	text_fit(b, name, strlen(name), 12, 1);
	buf_addc(b, ' ');
}

static void pct(gc_buf *b, int tenths)
{
	if (tenths < 0)
		buf_printf(b, " %6s", "-");
	else
		buf_printf(b, " %4d.%d%%", tenths / 10, tenths % 10);
}

/* Volume: how many were reported, with the closure rates beside it. */
static void volume_chart(tui *t, gc_buf *b, const char *title, const assess_row *rows, size_t n, int by_name)
{
	uint64_t max = 0;
	for (size_t i = 0; i < n; i++)
		if (rows[i].c.reported > max)
			max = rows[i].c.reported;
	buf_printf(b, "%s\n", title);
	buf_printf(b, "%-12s %-*s %6s %7s %7s %7s\n", "", BAR, _("reported"), "", _("closed"), _("ontime"), _("overdue"));
	for (size_t i = 0; i < n; i++) {
		const assess_counts *c = &rows[i].c;
		name_cell(b, by_name ? (*rows[i].name ? rows[i].name : "-") : rows[i].node->name);
		bar(t, b, c->reported, max);
		buf_printf(b, " %6llu", (unsigned long long)c->reported);
		pct(b, assess_rate(c->closed, c->reported));
		pct(b, assess_rate(c->on_time, c->closed));
		buf_printf(b, " %7llu\n", (unsigned long long)c->overdue);
	}
	buf_addc(b, '\n');
}

/* A rate as a bar of 100 %: the on-time closure of each row. */
static void rate_chart(tui *t, gc_buf *b, const char *title, const assess_row *rows, size_t n,
		       int (*measure)(const assess_counts *c))
{
	buf_printf(b, "%s\n", title);
	for (size_t i = 0; i < n; i++) {
		int r = measure(&rows[i].c);
		name_cell(b, rows[i].node->name);
		bar(t, b, r < 0 ? 0 : (uint64_t)r, 1000);
		pct(b, r);
		buf_addc(b, '\n');
	}
	buf_addc(b, '\n');
}

static int on_time_rate(const assess_counts *c)
{
	return assess_rate(c->on_time, c->closed);
}

static int closed_rate(const assess_counts *c)
{
	return assess_rate(c->closed, c->reported);
}

void stats_open(tui *t, uint32_t node, int64_t from, int64_t to)
{
	const gc_node *n = core_node(t->ctx, node);
	gc_assess a;
	if (!n || core_assess(t->ctx, n->code, NULL, from, to, &a)) {
		tui_message(t, "%s", t->ctx->errs.n ? t->ctx->errs.msg[0] : _("no statistics here"));
		return;
	}
	gc_buf b;
	char when[40], period[64];
	buf_init(&b);
	t->stats->nbars = 0;
	assess_period(&a, period, sizeof period);
	when_format(a.made, when, sizeof when);
	buf_printf(&b, _("%s  %s %s\nreported %s, as of %s   (:stats FROM [TO] for a period)\n\n"), a.form->label,
		   n->code, n->name, period, when);
	/* The node's base data (the level's attributes), when it has any. */
	const gc_level *lv = &t->cfg->levels[n->level];
	for (size_t i = 0; i < lv->nattrs; i++)
		for (size_t j = 0; j < n->nattrs; j++)
			if (!strcmp(n->attrs[j].key, lv->attrs[i].key) && *n->attrs[j].val)
				buf_printf(&b, "%s %s   ", lv->attrs[i].label ? lv->attrs[i].label : lv->attrs[i].key, n->attrs[j].val);
	if (lv->nattrs)
		buf_adds(&b, "\n\n");
	const assess_counts *c = &a.total.c;
	buf_printf(&b, _("reported %llu   open %llu   overdue %llu   closed %llu"), (unsigned long long)c->reported,
		   (unsigned long long)c->open, (unsigned long long)c->overdue, (unsigned long long)c->closed);
	pct(&b, assess_rate(c->closed, c->reported));
	buf_adds(&b, _("\non time"));
	pct(&b, assess_rate(c->on_time, c->closed));
	for (size_t i = 0; i < a.ncounted; i++) {
		buf_printf(&b, "   %s", a.counted[i]->label);
		pct(&b, assess_rate(c->counted[i], c->closed));
	}
	int h = assess_hours(c);
	if (h >= 0)
		buf_printf(&b, _("   %d.%d working hours to close"), h / 10, h % 10);
	buf_adds(&b, "\n\n");
	if (a.nrows) {
		volume_chart(t, &b, _("Per node"), a.rows, a.nrows, 0);
		rate_chart(t, &b, _("Closed of reported"), a.rows, a.nrows, closed_rate);
		rate_chart(t, &b, _("Closed on time, of the closed"), a.rows, a.nrows, on_time_rate);
	}
	if (a.ncats)
		volume_chart(t, &b, _("Per category"), a.cats, a.ncats, 1);
	pager_set(&t->stats->body, b.p);
	buf_free(&b);
	assess_free(&a);
	ui_open(t, &stats_ops);
}

static void stats_draw(tui *t, int y, int x, int h, int w)
{
	(void)x;
	(void)w;   /* pages use the whole width */
	struct stats_view *s = t->stats;
	pager_draw(t, &s->body, y, h);
	for (size_t i = 0; i < s->nbars; i++) {
		const bar_span *b = &s->bars[i];
		int len = b->len < t->cols - BAR_AT ? b->len : t->cols - BAR_AT;
		if (b->line >= s->body.top && b->line < s->body.top + (size_t)h && len > 0)
			mvchgat(y + (int)(b->line - s->body.top), BAR_AT, len, A_REVERSE, 0, NULL);
	}
}

static int stats_key(tui *t, int action)
{
	return pager_key(t, &t->stats->body, action);
}

/* A read-only page, like help: its keys, and back to what was under it. */
const view_ops stats_ops = {
	.keys = V_HELP, .page = 1,
	.init = stats_init, .done = stats_done, .draw = stats_draw, .key = stats_key,
};
