/* SPDX-License-Identifier: MIT */
/* stats.c - the statistics view: the assessment measures of the node in
 * the list (assess.c) as a table of its child nodes with bars, a page that
 * fits the screen's width and scrolls like the record page.
 *
 * A cursor ('>') is on one child's row: Enter shows that node's own
 * statistics, q or Backspace goes back up (the levels are kept, so going
 * back is instant and the cursor is where it was). s sorts the rows by the
 * next column, S reverses the order: by 按期结案率 ascending the worst node
 * comes first. The columns are one table (stats_cols): a measure is a row
 * there. The page is laid out again when the width, the order or the level
 * changes; the numbers always fit, the bars take what is left. */
#include <stdlib.h>
#include <string.h>
#include "tui/stats.h"
#include "tui/keys.h"
#include "tui/pager.h"
#include "gridcase/i18n.h"
#include "gridcase/text.h"

#define BAR_MAX 24     /* columns of the longest bar */
#define NAME_MAX 11    /* columns of a node's name */
#define NAME_MIN 6
#define LEVELS (GC_MAX_DEPTH + 1)

/* A bar is drawn as reverse-video spaces over the page's text: U+2588 is
 * East Asian "ambiguous" and doubles on a CJK terminal (docs/ui.md). */
typedef struct bar_span {
	size_t line;
	int len;
} bar_span;

/* A column of the table: its header, its width (with the space before
 * it) and its value; a rate is in tenths of a percent, -1 when it has no
 * base (such a row sorts last either way). */
typedef struct stats_col {
	const char *label;
	int width, rate;
	long long (*value)(const assess_counts *c);
} stats_col;

static long long v_reported(const assess_counts *c) { return (long long)c->reported; }
static long long v_closed(const assess_counts *c) { return assess_rate(c->closed, c->reported); }
static long long v_on_time(const assess_counts *c) { return assess_rate(c->on_time, c->closed); }
static long long v_overdue(const assess_counts *c) { return (long long)c->overdue; }

/* Column 0 is the tree's order (no value): the order the rows come in. */
static const stats_col stats_cols[] = {
	{ N_("tree order"), 0, 0, NULL },
	{ N_("reported"), 7, 0, v_reported },
	{ N_("closed"), 7, 1, v_closed },
	{ N_("ontime"), 7, 1, v_on_time },
	{ N_("overdue"), 7, 0, v_overdue },
};
#define NCOLS (sizeof stats_cols / sizeof stats_cols[0])

/* One level of the drill-down: a node's assessment, where the cursor was. */
typedef struct stats_level {
	gc_assess a;
	size_t *order, *cat_order;   /* the rows, the categories, as sorted */
	size_t cur, top;             /* the cursor's place in order, the page's top row */
} stats_level;

struct stats_view {
	pager body;
	bar_span *bars;
	size_t nbars, cap;
	stats_level lv[LEVELS];
	size_t depth;             /* levels open; the last is shown */
	int64_t from, to;
	int sort, desc;           /* the column sorted by, descending */
	size_t table_line;        /* the page line of the nodes' table's title */
	size_t first_row;         /* the page line of its first row */
	size_t rank;              /* 0: not ranked, else 1 + the index in rank_key */
	int width;                /* the width laid out for; 0: lay out again */
	int restore;              /* when laid out, go to the level's own top row */
	int name_w, bar_w, bar_at;
};

static void stats_init(tui *t)
{
	t->stats = xcalloc(1, sizeof *t->stats);
	pager_init(&t->stats->body);
	t->stats->body.nowrap = 1;   /* every line is made to fit; the bars are drawn at their line's row */
}

static void level_free(stats_level *l)
{
	assess_free(&l->a);
	free(l->order);
	free(l->cat_order);
	memset(l, 0, sizeof *l);
}

static void levels_free(struct stats_view *s)
{
	while (s->depth)
		level_free(&s->lv[--s->depth]);
}

static void stats_done(tui *t)
{
	levels_free(t->stats);
	pager_free(&t->stats->body);
	free(t->stats->bars);
	free(t->stats);
	t->stats = NULL;
}

static void stats_close(tui *t)
{
	levels_free(t->stats);
}

static stats_level *level(struct stats_view *s)
{
	return &s->lv[s->depth - 1];
}

static size_t lines_in(const gc_buf *b)
{
	size_t n = 0;
	for (size_t i = 0; i < b->len; i++)
		n += b->p[i] == '\n';
	return n;
}

/* ---- sorting ------------------------------------------------------------ */

typedef struct sort_ctx {
	const assess_row *rows;
	int col, desc;
} sort_ctx;

static int cmp_rows(const void *x, const void *y, void *arg)
{
	const sort_ctx *k = arg;
	size_t i = *(const size_t *)x, j = *(const size_t *)y;
	const stats_col *c = &stats_cols[k->col];
	if (c->value) {
		long long a = c->value(&k->rows[i].c), b = c->value(&k->rows[j].c);
		if (c->rate && (a < 0) != (b < 0))
			return a < 0 ? 1 : -1;   /* no rate: last, whichever the direction */
		if (a != b)
			return (a < b ? -1 : 1) * (k->desc ? -1 : 1);
	} else if (k->desc) {
		return i < j ? 1 : i > j ? -1 : 0;
	}
	return i < j ? -1 : i > j ? 1 : 0;   /* ties keep the tree's order */
}

static size_t *sorted(size_t *order, const assess_row *rows, size_t n, int col, int desc)
{
	order = xrealloc(order, (n ? n : 1) * sizeof *order);
	for (size_t i = 0; i < n; i++)
		order[i] = i;
	sort_ctx k = { rows, col, desc };
	qsort_r(order, n, sizeof *order, cmp_rows, &k);
	return order;
}

/* Sort the level shown, the cursor staying on its node (a level come
 * back to may have been sorted otherwise when it was left). */
static void resort(struct stats_view *s)
{
	stats_level *l = level(s);
	size_t at = l->order && l->cur < l->a.nrows ? l->order[l->cur] : 0;
	l->order = sorted(l->order, l->a.rows, l->a.nrows, s->sort, s->desc);
	l->cat_order = sorted(l->cat_order, l->a.cats, l->a.ncats, s->sort, s->desc);
	for (size_t i = 0; i < l->a.nrows; i++)
		if (l->order[i] == at)
			l->cur = i;
	s->width = 0;
}

/* ---- the page ------------------------------------------------------------ */

/* Items of a summary put on lines no wider than the screen. */
typedef struct flow {
	gc_buf *b;
	int cols, used;
} flow;

static void flow_add(flow *f, const char *item)
{
	int w = text_width(item, strlen(item));
	if (f->used && f->used + 3 + w > f->cols) {
		buf_addc(f->b, '\n');
		f->used = 0;
	}
	if (f->used) {
		buf_adds(f->b, "   ");
		f->used += 3;
	}
	buf_adds(f->b, item);
	f->used += w;
}

static void flow_end(flow *f)
{
	buf_adds(f->b, "\n\n");
	f->used = 0;
}

static void fmt_rate(char *out, size_t n, int tenths)
{
	if (tenths < 0)
		snprintf(out, n, "-");
	else
		snprintf(out, n, "%d.%d%%", tenths / 10, tenths % 10);
}

/* A bar of n cells of `of` for value v: '#' in ASCII and where every byte
 * counts, otherwise spaces that stats_draw turns to reverse video. */
static void bar(tui *t, gc_buf *b, uint64_t v, uint64_t of, int cells)
{
	struct stats_view *s = t->stats;
	int n = of ? (int)((v * (uint64_t)cells + of / 2) / of) : 0;
	if (v && !n)
		n = 1;   /* something is not nothing */
	int hash = t->ascii || t->low_bw;
	if (!hash && n) {
		if (s->nbars == s->cap)
			s->bars = xrealloc(s->bars, (s->cap = s->cap ? s->cap * 2 : 32) * sizeof *s->bars);
		s->bars[s->nbars++] = (bar_span){ lines_in(b), n };
	}
	for (int i = 0; i < cells; i++)
		buf_addc(b, i < n && hash ? '#' : ' ');
	buf_addc(b, ' ');
}

/* The marker column (the cursor is drawn there), then the name. */
static void name_cell(struct stats_view *s, gc_buf *b, const char *name)
{
	buf_addc(b, ' ');
	text_fit(b, name, strlen(name), s->name_w, 1);
	buf_addc(b, ' ');
}

/* A column's width: its numbers, or its header and a space when wider. */
static int col_width(const stats_col *c)
{
	const char *l = _(c->label);
	int w = text_width(l, strlen(l)) + 1;
	return w > c->width ? w : c->width;
}

static void cell(gc_buf *b, const stats_col *c, const assess_counts *v)
{
	char num[32];
	long long x = c->value(v);
	if (c->rate)
		fmt_rate(num, sizeof num, (int)x);
	else
		snprintf(num, sizeof num, "%lld", x);
	buf_printf(b, "%*s", col_width(c), num);
}

/* A header cell right-aligned over its column (labels may be Chinese). */
static void head_cell(gc_buf *b, const char *label, int width)
{
	int w = text_width(label, strlen(label));
	for (int i = w; i < width; i++)
		buf_addc(b, ' ');
	text_fit(b, label, strlen(label), width < w ? width : w, 0);
}

/* ---- rankings and measures ------------------------------------------------ */

#define RANK_W 10      /* the ranking's value column, with its space, at least */
#define RANK_W_MAX 17  /* and at most: a long measure's label is cut */
#define MEASURE_W 9    /* a measure's narrowest column, with its space */

/* What r steps through: the configured measures, then the workflow's rates. */
static const char *const builtin_rank[] = { "closed_rate", "on_time_rate", "overdue" };

static size_t rank_keys(const gc_config *cfg)
{
	return cfg->nmeasures + sizeof builtin_rank / sizeof builtin_rank[0];
}

static const char *rank_key(const gc_config *cfg, size_t i)
{
	return i < cfg->nmeasures ? cfg->measures[i].key : builtin_rank[i - cfg->nmeasures];
}

/* The ranking's column: its label and a space, within RANK_W..RANK_W_MAX. */
static int rank_width(const gc_assess *a)
{
	int w = a->rank_label ? text_width(a->rank_label, strlen(a->rank_label)) + 2 : 0;
	return w < RANK_W ? RANK_W : w > RANK_W_MAX ? RANK_W_MAX : w;
}

static int flag_width(const gc_config *cfg)
{
	int w = 0;
	for (size_t i = 0; i < cfg->nrank_flags; i++) {
		int fw = text_width(cfg->rank_flags[i].label, strlen(cfg->rank_flags[i].label)) + 1;
		w = fw > w ? fw : w;
	}
	return w;
}

static int tree_place(const gc_assess *a, const assess_row *r)
{
	if (r->node == a->node)
		return -1;
	for (size_t i = 0; i < a->node->nchildren; i++)
		if (a->node->children[i] == r->node->id)
			return (int)i;
	return (int)a->node->nchildren;
}

static int cmp_tree(const void *x, const void *y, void *arg)
{
	return tree_place(arg, x) - tree_place(arg, y);
}

/* The level shown ranked by the chosen key (rank.c), or back in the tree's order. */
static void apply_rank(tui *t)
{
	struct stats_view *s = t->stats;
	gc_assess *a = &level(s)->a;
	if (s->rank) {
		assess_rank(t->ctx, a, rank_key(t->cfg, s->rank - 1));
		return;
	}
	if (!a->rank_key)
		return;
	if (a->nrows)
		qsort_r(a->rows, a->nrows, sizeof *a->rows, cmp_tree, a);
	for (size_t i = 0; i < a->nrows; i++) {
		a->rows[i].rank = 0;
		a->rows[i].flag = NULL;
	}
	a->rank_key = NULL;
}

/* A ranked row's value, then its flag (通报批评, 约谈) when it has one. */
static void rank_cells(tui *t, gc_buf *b, const gc_assess *a, const assess_row *r)
{
	char v[64];
	assess_rank_format(a, r, v, sizeof v);
	buf_printf(b, "%*s", rank_width(a), v);
	if (r->flag) {
		buf_addc(b, ' ');
		text_fit(b, r->flag, strlen(r->flag), flag_width(t->cfg) - 1, 0);
	}
}

static int measure_width(const gc_measure *m)
{
	int w = text_width(m->label, strlen(m->label)) + 1;
	return w > MEASURE_W ? w : MEASURE_W;
}

/* The configured measures per node and in total, as many columns as fit
 * side by side, the rest in another table below. */
static void measures(tui *t, gc_buf *b, const gc_assess *a, const size_t *order)
{
	struct stats_view *s = t->stats;
	const gc_config *cfg = t->cfg;
	char v[64];
	for (size_t from = 0, to; from < cfg->nmeasures; from = to) {
		int used = s->bar_at;
		for (to = from; to < cfg->nmeasures && (to == from || used + measure_width(&cfg->measures[to]) <= t->cols);
		     to++)
			used += measure_width(&cfg->measures[to]);
		buf_printf(b, "%s\n", from ? "" : _("Measures"));
		for (int i = 0; i < s->bar_at; i++)
			buf_addc(b, ' ');
		for (size_t j = from; j < to; j++)
			head_cell(b, cfg->measures[j].label, measure_width(&cfg->measures[j]));
		buf_addc(b, '\n');
		for (size_t k = 0; k <= a->nrows; k++) {
			const assess_row *r = k < a->nrows ? &a->rows[order[k]] : &a->total;
			name_cell(s, b, k < a->nrows ? r->node->name : _("total"));
			for (size_t j = from; j < to; j++) {
				measure_format(&cfg->measures[j], &r->c.meas[j], 1, v, sizeof v);
				buf_printf(b, "%*s", measure_width(&cfg->measures[j]), v);
			}
			buf_addc(b, '\n');
		}
	}
	if (cfg->nmeasures)
		buf_addc(b, '\n');
}

/* The table: a row per node (or category) with its bar and numbers. */
static void table(tui *t, gc_buf *b, const char *title, const assess_row *rows, const size_t *order, size_t n,
		  int by_name)
{
	struct stats_view *s = t->stats;
	uint64_t max = 0;
	for (size_t i = 0; i < n; i++)
		if (rows[i].c.reported > max)
			max = rows[i].c.reported;
	const gc_assess *a = &level(s)->a;
	int ranked = !by_name && a->rank_key;
	if (!by_name) {
		char sort[200];
		s->table_line = lines_in(b);
		flow f = { b, t->cols, 0 };
		if (ranked && !s->sort && !s->desc)
			snprintf(sort, sizeof sort, _("ranked by %s, %s is better"), a->rank_label,
				 a->rank_lower_better ? _("lower") : _("higher"));
		else
			snprintf(sort, sizeof sort, _("sorted by %s, %s"), _(stats_cols[s->sort].label),
				 s->desc ? _("descending") : _("ascending"));
		flow_add(&f, title);
		flow_add(&f, sort);
		buf_addc(b, '\n');
	} else {
		buf_printf(b, "%s\n", title);
	}
	for (int i = 0; i < s->bar_at + s->bar_w; i++)
		buf_addc(b, ' ');
	for (size_t c = 1; c < NCOLS; c++)
		head_cell(b, _(stats_cols[c].label), col_width(&stats_cols[c]));
	if (ranked) {
		buf_addc(b, ' ');
		head_cell(b, a->rank_label, rank_width(a) - 1);
	}
	buf_addc(b, '\n');
	if (!by_name)
		s->first_row = lines_in(b);
	for (size_t k = 0; k < n; k++) {
		const assess_row *r = &rows[order[k]];
		name_cell(s, b, by_name ? (*r->name ? r->name : "-") : r->node->name);
		if (s->bar_w)
			bar(t, b, r->c.reported, max, s->bar_w - 1);
		for (size_t c = 1; c < NCOLS; c++)
			cell(b, &stats_cols[c], &r->c);
		if (ranked)
			rank_cells(t, b, a, r);
		buf_addc(b, '\n');
	}
	buf_addc(b, '\n');
}

/* A rate as a bar of 100 % per node, in the table's order. */
static void rate_chart(tui *t, gc_buf *b, const char *title, const assess_row *rows, const size_t *order,
		       size_t n, long long (*measure)(const assess_counts *c))
{
	struct stats_view *s = t->stats;
	int cells = t->cols - s->bar_at - 8;
	cells = cells > BAR_MAX ? BAR_MAX : cells;
	if (cells < 4)
		return;   /* the table has the same numbers */
	buf_printf(b, "%s\n", title);
	for (size_t k = 0; k < n; k++) {
		int r = (int)measure(&rows[order[k]].c);
		char num[16];
		name_cell(s, b, rows[order[k]].node->name);
		bar(t, b, r < 0 ? 0 : (uint64_t)r, 1000, cells);
		fmt_rate(num, sizeof num, r);
		buf_printf(b, "%6s\n", num);
	}
	buf_addc(b, '\n');
}

/* The page's head: the form, the path down from where the user started,
 * the period, the node's base data and the totals, flowed to the width. */
static void summary(tui *t, gc_buf *b)
{
	struct stats_view *s = t->stats;
	const gc_assess *a = &level(s)->a;
	char when[40], period[64], item[160];
	assess_period(a, period, sizeof period);
	when_format(a->made, when, sizeof when);
	/* The path down, its first steps left out (..) when it is too wide. */
	gc_buf head;
	for (size_t from = 0; from < s->depth; from++) {
		buf_init(&head);
		buf_printf(&head, "%s  %s %s", a->form->label, a->node->code, from ? ".. > " : "");
		for (size_t i = from; i < s->depth; i++)
			buf_printf(&head, "%s%s", i > from ? " > " : "", s->lv[i].a.node->name);
		if (text_width(head.p, head.len) <= t->cols || from + 1 == s->depth)
			break;
		buf_free(&head);
	}
	buf_printf(b, "%s\n", head.p);
	buf_free(&head);
	flow f = { b, t->cols, 0 };
	snprintf(item, sizeof item, _("reported %s"), period);
	flow_add(&f, item);
	snprintf(item, sizeof item, _("as of %s"), when);
	flow_add(&f, item);
	flow_add(&f, s->depth > 1 ? _("(q: back up)") : _("(:stats FROM [TO] for a period)"));
	flow_end(&f);
	const gc_level *lv = &t->cfg->levels[a->node->level];
	const gc_node *n = a->node;
	for (size_t i = 0; i < lv->nattrs; i++)
		for (size_t j = 0; j < n->nattrs; j++)
			if (!strcmp(n->attrs[j].key, lv->attrs[i].key) && *n->attrs[j].val) {
				snprintf(item, sizeof item, "%s %s", lv->attrs[i].label ? lv->attrs[i].label : lv->attrs[i].key,
					 n->attrs[j].val);
				flow_add(&f, item);
			}
	if (f.used)
		flow_end(&f);
	const assess_counts *c = &a->total.c;
	char r[16];
	static const char *const fmts[] = { N_("reported %llu"), N_("open %llu"), N_("overdue %llu"), N_("closed %llu") };
	const uint64_t vals[] = { c->reported, c->open, c->overdue, c->closed };
	for (size_t i = 0; i < 4; i++) {
		snprintf(item, sizeof item, _(fmts[i]), (unsigned long long)vals[i]);
		if (i == 3) {
			fmt_rate(r, sizeof r, assess_rate(c->closed, c->reported));
			snprintf(item + strlen(item), sizeof item - strlen(item), " %s", r);
		}
		flow_add(&f, item);
	}
	fmt_rate(r, sizeof r, assess_rate(c->on_time, c->closed));
	snprintf(item, sizeof item, _("on time %s"), r);
	flow_add(&f, item);
	for (size_t i = 0; i < a->ncounted; i++) {
		fmt_rate(r, sizeof r, assess_rate(c->counted[i], c->closed));
		snprintf(item, sizeof item, "%s %s", a->counted[i]->label, r);
		flow_add(&f, item);
	}
	int h = assess_hours(c);
	if (h >= 0) {
		snprintf(item, sizeof item, _("%d.%d working hours to close"), h / 10, h % 10);
		flow_add(&f, item);
	}
	flow_end(&f);
}

/* The widths for the screen: the numbers whole, then the name, then bars. */
static void widths(tui *t)
{
	struct stats_view *s = t->stats;
	int nums = 0;
	for (size_t c = 1; c < NCOLS; c++)
		nums += col_width(&stats_cols[c]);
	if (level(s)->a.rank_key)
		nums += rank_width(&level(s)->a) + flag_width(t->cfg);
	int room = t->cols - 2 - nums;   /* the marker column and the space after the name */
	s->name_w = room < NAME_MAX ? (room < NAME_MIN ? NAME_MIN : room) : NAME_MAX;
	s->bar_w = room - s->name_w > BAR_MAX + 1 ? BAR_MAX + 1 : room - s->name_w;
	if (s->bar_w < 5)
		s->bar_w = 0;   /* no bar is better than a bar of a few cells */
	s->bar_at = 1 + s->name_w + 1;
}

static void layout(tui *t)
{
	struct stats_view *s = t->stats;
	if (s->width == t->cols)
		return;
	stats_level *l = level(s);
	const gc_assess *a = &l->a;
	size_t top = s->restore ? l->top : s->body.top;
	gc_buf b;
	buf_init(&b);
	s->nbars = 0;
	widths(t);
	summary(t, &b);
	if (a->nrows) {
		table(t, &b, _("Per node"), a->rows, l->order, a->nrows, 0);
		rate_chart(t, &b, _("Closed of reported"), a->rows, l->order, a->nrows, v_closed);
		rate_chart(t, &b, _("Closed on time, of the closed"), a->rows, l->order, a->nrows, v_on_time);
	}
	if (a->nrows)
		measures(t, &b, a, l->order);
	if (a->ncats)
		table(t, &b, _("Per category"), a->cats, l->cat_order, a->ncats, 1);
	pager_set(&s->body, b.p);
	buf_free(&b);
	pager_rows(t, &s->body);
	s->body.top = top < s->body.nrows ? top : 0;
	s->width = t->cols;
	s->restore = 0;
}

/* Open a level for node: the first, or one below the level shown. */
static int push(tui *t, const gc_node *n)
{
	struct stats_view *s = t->stats;
	if (s->depth == LEVELS)
		return -1;
	stats_level *l = &s->lv[s->depth];
	memset(l, 0, sizeof *l);
	if (core_assess(t->ctx, n->code, NULL, s->from, s->to, &l->a)) {
		tui_message(t, "%s", t->ctx->errs.n ? t->ctx->errs.msg[0] : _("no statistics here"));
		return -1;
	}
	if (s->depth)
		level(s)->top = s->body.top;
	s->depth++;
	apply_rank(t);
	resort(s);
	l->cur = 0;
	s->restore = 1;
	return 0;
}

void stats_open(tui *t, uint32_t node, int64_t from, int64_t to)
{
	struct stats_view *s = t->stats;
	const gc_node *n = core_node(t->ctx, node);
	if (!n) {
		tui_message(t, "%s", _("no statistics here"));
		return;
	}
	if (ui_top(t) == &stats_ops)
		ui_close(t, &stats_ops);
	levels_free(s);
	s->from = from;
	s->to = to;
	if (push(t, n))
		return;
	ui_open(t, &stats_ops);
}

static void stats_draw(tui *t, int y, int x, int h, int w)
{
	(void)x;
	(void)w;   /* pages use the whole width */
	struct stats_view *s = t->stats;
	layout(t);
	pager_draw(t, &s->body, y, h);
	for (size_t i = 0; i < s->nbars; i++) {
		const bar_span *b = &s->bars[i];
		int len = b->len < t->cols - s->bar_at ? b->len : t->cols - s->bar_at;
		if (b->line >= s->body.top && b->line < s->body.top + (size_t)h && len > 0)
			mvchgat(y + (int)(b->line - s->body.top), s->bar_at, len, A_REVERSE, 0, NULL);
	}
	stats_level *l = level(s);
	size_t line = s->first_row + l->cur;
	if (l->a.nrows && line >= s->body.top && line < s->body.top + (size_t)h) {
		mvaddch(y + (int)(line - s->body.top), 0, '>');
		if (!t->low_bw)
			mvchgat(y + (int)(line - s->body.top), 0, s->bar_at, A_BOLD, 0, NULL);
	}
}

/* The cursor moved: scroll so its row is on the screen, with the table's
 * title and header when they fit too. */
static void show_cursor(tui *t)
{
	struct stats_view *s = t->stats;
	size_t line = s->first_row + level(s)->cur, page = t->rows > 4 ? (size_t)t->rows - 3 : 1;
	if (line >= s->body.top && line < s->body.top + page)
		return;
	if (line >= s->table_line && line < s->table_line + page)
		s->body.top = s->table_line;
	else if (line < s->body.top)
		s->body.top = line;
	else
		s->body.top = line + 1 - page;
}

static int drill(tui *t)
{
	struct stats_view *s = t->stats;
	stats_level *l = level(s);
	if (!l->a.nrows)
		return ACT_NONE;
	const gc_node *n = l->a.rows[l->order[l->cur]].node;
	if (n == l->a.node || !n->nchildren) {
		tui_message(t, _("%s has no nodes below it"), n->name);
		return ACT_NONE;
	}
	if (!push(t, n)) {
		layout(t);
		show_cursor(t);
	}
	return ACT_NONE;
}

static int stats_key(tui *t, int action)
{
	struct stats_view *s = t->stats;
	stats_level *l = level(s);
	layout(t);
	switch (action) {
	case ACT_UP:
	case ACT_DOWN:
		if (!l->a.nrows)
			break;
		if (action == ACT_UP ? l->cur > 0 : l->cur + 1 < l->a.nrows)
			l->cur += action == ACT_UP ? (size_t)-1 : 1;
		show_cursor(t);
		return ACT_NONE;
	case ACT_OPEN:
		return drill(t);
	case ACT_SORT:
	case ACT_SORT_REVERSE:
		/* The cursor goes to the first row of the new order: sorted
		 * ascending by a rate, Enter drills into the worst node. */
		if (action == ACT_SORT)
			s->sort = (s->sort + 1) % (int)NCOLS;
		else
			s->desc = !s->desc;
		resort(s);
		l->cur = 0;
		show_cursor(t);
		return ACT_NONE;
	case ACT_RANK:
		/* The next measure (then none): best first, the bottom flagged. */
		s->rank = (s->rank + 1) % (rank_keys(t->cfg) + 1);
		s->sort = s->desc = 0;
		apply_rank(t);
		resort(s);
		l->cur = 0;
		show_cursor(t);
		return ACT_NONE;
	case ACT_BACK:
		if (s->depth < 2)
			return ACT_BACK;   /* the main loop closes the view */
		level_free(l);
		s->depth--;
		apply_rank(t);   /* the ranking may have changed below */
		resort(s);   /* the order may have changed below */
		s->restore = 1;
		layout(t);
		show_cursor(t);
		return ACT_NONE;
	}
	return pager_key(t, &s->body, action);
}

/* A page of its own keys (keys.c's V_STATS); back returns to what was under it. */
const view_ops stats_ops = {
	.keys = V_STATS, .page = 1,
	.init = stats_init, .done = stats_done, .draw = stats_draw, .key = stats_key, .close = stats_close,
};
