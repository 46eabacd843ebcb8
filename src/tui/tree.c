/* SPDX-License-Identifier: MIT */
/* tree.c - the left pane: the hierarchy within the user's scope, each node
 * with its open and overdue counts from the rollup counters. Enter lists
 * the node (nav_list_node); c opens a form at it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "tui/tree.h"
#include "tui/draw.h"
#include "tui/keys.h"
#include "tui/nav.h"
#include "tui/prompt.h"
#include "gridcase/i18n.h"
#include "gridcase/text.h"

typedef struct tree_row {
	uint32_t node;
	int depth;
} tree_row;

struct tree_view {
	unsigned char *expanded;       /* per node id */
	tree_row *rows;                /* the visible rows */
	size_t nrows, cur, top;
	uint64_t *open_of, *over_of;   /* per node id, from the counters */
};

static void add_rows(tui *t, const gc_node *n, int depth, size_t *cap)
{
	struct tree_view *v = t->tree;
	if (v->nrows == *cap)
		v->rows = xrealloc(v->rows, (*cap = *cap ? *cap * 2 : 64) * sizeof *v->rows);
	v->rows[v->nrows].node = n->id;
	v->rows[v->nrows].depth = depth;
	v->nrows++;
	if (!v->expanded[n->id] || t->ctx->scope == SCOPE_OWN)
		return;
	for (size_t i = 0; i < n->nchildren; i++)
		add_rows(t, core_node(t->ctx, n->children[i]), depth + 1, cap);
}

/* Rebuild the visible rows, keeping the cursor on the same node. */
static void tree_rows(tui *t)
{
	struct tree_view *v = t->tree;
	uint32_t at = v->nrows ? v->rows[v->cur].node : 0;
	size_t cap = 0;
	free(v->rows);
	v->rows = NULL;
	v->nrows = 0;
	const gc_node *top = core_scope_node(t->ctx, NULL);
	if (!top)
		return;
	if (t->ctx->scope == SCOPE_ALL) {
		for (size_t i = 0; i < t->ctx->nroots; i++)
			add_rows(t, core_node(t->ctx, t->ctx->roots[i]), 0, &cap);
	} else {
		add_rows(t, top, 0, &cap);
	}
	v->cur = 0;
	for (size_t i = 0; i < v->nrows; i++)
		if (v->rows[i].node == at)
			v->cur = i;
}

static void tree_init(tui *t)
{
	struct tree_view *v = t->tree = xcalloc(1, sizeof *t->tree);
	v->expanded = xcalloc(t->ctx->nnodes + 1, 1);
	const gc_node *top = core_scope_node(t->ctx, NULL);
	if (top)
		v->expanded[top->id] = 1;
}

static void tree_done(tui *t)
{
	struct tree_view *v = t->tree;
	free(v->rows);
	free(v->expanded);
	free(v->open_of);
	free(v->over_of);
	free(v);
	t->tree = NULL;
}

/* The counts of every node, then the rows. */
static void tree_refresh(tui *t)
{
	struct tree_view *v = t->tree;
	gc_stats st;
	size_t n = t->ctx->nnodes + 1;
	free(v->open_of);
	free(v->over_of);
	v->open_of = xcalloc(n, sizeof *v->open_of);
	v->over_of = xcalloc(n, sizeof *v->over_of);
	/* One call reads the counters of every node in scope. */
	if (core_stats(t->ctx, NULL, GC_MAX_DEPTH, NULL, &st) == 0) {
		for (size_t i = 0; i < st.n; i++) {
			v->open_of[st.rows[i].node->id] = st.rows[i].open;
			v->over_of[st.rows[i].node->id] = st.rows[i].overdue;
		}
		stats_free(&st);
	}
	tree_rows(t);
}

/* The row's lead: indent, then + or - for a node with children. */
static int row_lead(const tui *t, const tree_row *row, int w, char *lead, size_t size)
{
	const gc_node *n = core_node(t->ctx, row->node);
	int indent = row->depth * 2 < w / 3 ? row->depth * 2 : w / 3;
	return snprintf(lead, size, "%*s%c ", indent, "",
			n->nchildren && t->ctx->scope != SCOPE_OWN ? (t->tree->expanded[n->id] ? '-' : '+') : ' ');
}

enum { COUNTS_W = 11 };   /* "%5llu%5llu!" */

int tree_width(const tui *t, int most)
{
	const struct tree_view *v = t->tree;
	int need = 16;
	for (size_t i = 0; i < v->nrows; i++) {
		const gc_node *n = core_node(t->ctx, v->rows[i].node);
		char lead[40];
		/* marker, lead, name, a space, the counts */
		int w = 1 + row_lead(t, &v->rows[i], most, lead, sizeof lead) + text_width(n->name, strlen(n->name)) + 1 +
			COUNTS_W;
		if (w > need)
			need = w;
	}
	return need > most ? most : need;
}

static void tree_draw(tui *t, int y, int x, int h, int w)
{
	struct tree_view *v = t->tree;
	if (v->cur < v->top)
		v->top = v->cur;
	if (v->cur >= v->top + (size_t)h)
		v->top = v->cur - (size_t)h + 1;
	for (int r = 0; r < h && v->top + (size_t)r < v->nrows; r++) {
		const tree_row *row = &v->rows[v->top + (size_t)r];
		const gc_node *n = core_node(t->ctx, row->node);
		char counts[40], lead[40];
		snprintf(counts, sizeof counts, "%5llu%5llu%s", (unsigned long long)v->open_of[n->id],
			 (unsigned long long)v->over_of[n->id], v->over_of[n->id] ? "!" : " ");
		int ll = row_lead(t, row, w, lead, sizeof lead);
		int cw = (int)strlen(counts);
		draw_text(t, y + r, x + 1, lead, w - 1, 0);
		draw_text(t, y + r, x + 1 + ll, n->name, w - 1 - ll - cw, 1);
		if (w > cw + 8)
			mvaddstr(y + r, x + w - cw, counts);
		if (v->top + (size_t)r == v->cur)
			draw_focus(t, y + r, x, w, t->focus == V_TREE);
	}
}

static void tree_move(struct tree_view *v, long d)
{
	long c = (long)v->cur + d;
	if (c < 0)
		c = 0;
	if (c >= (long)v->nrows)
		c = (long)v->nrows - 1;
	v->cur = c < 0 ? 0 : (size_t)c;
}

/* The tree's own keys; the rest (search, filters, statistics) go on to
 * the list. */
static int tree_key(tui *t, int action)
{
	struct tree_view *v = t->tree;
	int page = t->rows - 3 > 1 ? t->rows - 3 : 1;
	const gc_node *n = v->nrows ? core_node(t->ctx, v->rows[v->cur].node) : NULL;
	switch (action) {
	case ACT_UP: tree_move(v, -1); break;
	case ACT_DOWN: tree_move(v, 1); break;
	case ACT_PGUP: tree_move(v, -page); break;
	case ACT_PGDN: tree_move(v, page); break;
	case ACT_TOP: v->cur = 0; break;
	case ACT_BOTTOM: v->cur = v->nrows ? v->nrows - 1 : 0; break;
	case ACT_TOGGLE:
		if (n && n->nchildren) {
			v->expanded[n->id] = !v->expanded[n->id];
			tree_rows(t);
		}
		break;
	case ACT_BACK:
		/* Left: collapse an open node, else go up to the parent. */
		if (n && v->expanded[n->id] && n->nchildren) {
			v->expanded[n->id] = 0;
			tree_rows(t);
		} else if (n) {
			for (size_t i = 0; i < v->nrows; i++)
				if (v->rows[i].node == n->parent)
					v->cur = i;
		}
		break;
	case ACT_OPEN:
		if (n)
			nav_list_node(t, n->id);
		break;
	case ACT_NEW:
		if (!n)
			return action;   /* nothing selected: the list's node */
		nav_new_record(t, n->id);
		break;
	default:
		return action;
	}
	return ACT_NONE;
}

/* The nodes in scope whose name holds what (the first max in *out, in
 * code order): how many. *whole: the one whose whole name it is, when
 * only one is. */
static size_t nodes_named(tui *t, const char *what, const gc_node **out, size_t max, const gc_node **whole)
{
	size_t n = 0, total = 0, nwhole = 0;
	for (size_t i = 0; i < t->ctx->ncodes; i++) {
		const gc_node *c = &t->ctx->nodes[t->ctx->by_code[i]];
		if (c->name && strstr(c->name, what) && core_can_see(t->ctx, c->id)) {
			if (n < max)
				out[n++] = c;
			if (!strcmp(c->name, what) && !nwhole++)
				*whole = c;
			total++;
		}
	}
	if (nwhole != 1)
		*whole = NULL;
	return total;
}

/* Several nodes have the name: the user picks one by its number from a
 * page that lists them, each under its parent (东华社区/第一网格) with its
 * code; the screen is drawn again after. */
static const gc_node *choose_node(tui *t, const char *what, const gc_node **cand, size_t n, size_t total)
{
	const char *keys[9], *labels[9];
	char line[400];
	erase();
	snprintf(line, sizeof line, _("%zu nodes named '%s':"), total, what);
	draw_text(t, 0, 0, line, t->cols, 1);
	for (size_t i = 0; i < n && (int)i + 2 < t->rows - 2; i++) {
		const gc_node *p = core_node(t->ctx, cand[i]->parent);
		snprintf(line, sizeof line, "%zu  %s%s%s  %s", i + 1, p ? p->name : "", p ? "/" : "", cand[i]->name,
			 cand[i]->code);
		draw_text(t, 2 + (int)i, 2, line, t->cols - 3, 1);
		keys[i] = labels[i] = "";   /* by number only: the names start alike */
	}
	if (total > n)
		draw_text(t, 3 + (int)n, 2, _("(more: type more of the name, or its code)"), t->cols - 3, 1);
	int pick = prompt_choice(t, _("which node? its number (Esc cancels)"), keys, labels, n);
	return pick < 0 ? NULL : cand[pick];
}

void tree_go(tui *t, const char *what)
{
	struct tree_view *v = t->tree;
	const gc_node *n = core_node_by_code(t->ctx, what);
	if (!n || !core_can_see(t->ctx, n->id)) {
		const gc_node *cand[9], *whole = NULL;
		size_t total = nodes_named(t, what, cand, 9, &whole);
		n = total == 1 ? cand[0] : whole;
		size_t fit = t->rows > 6 ? (size_t)t->rows - 6 : 1;   /* the rows the page has for them */
		if (total > 1 && !n)
			n = choose_node(t, what, cand, total < 9 ? (total < fit ? total : fit) : (fit < 9 ? fit : 9), total);
		if (!n) {
			if (total <= 1)
				tui_message(t, "no node '%s' in your scope", what);
			return;
		}
	}
	/* Open the path down to it, then list it. */
	for (const gc_node *p = core_node(t->ctx, n->parent); p; p = core_node(t->ctx, p->parent))
		v->expanded[p->id] = 1;
	tree_refresh(t);
	for (size_t i = 0; i < v->nrows; i++)
		if (v->rows[i].node == n->id)
			v->cur = i;
	tree_key(t, ACT_OPEN);
}

const view_ops tree_ops = {
	.keys = V_TREE,
	.init = tree_init, .done = tree_done, .draw = tree_draw, .key = tree_key, .reload = tree_refresh,
};
