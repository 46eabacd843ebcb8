/* tree.c - the left pane: the hierarchy within the user's scope, each node
 * with its open and overdue counts from the rollup counters. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "tui/ui.h"

static void add_rows(tui *t, const gc_node *n, int depth, size_t *cap)
{
	if (t->ntrow == *cap)
		t->trow = xrealloc(t->trow, (*cap = *cap ? *cap * 2 : 64) * sizeof *t->trow);
	t->trow[t->ntrow].node = n->id;
	t->trow[t->ntrow].depth = depth;
	t->ntrow++;
	if (!t->expanded[n->id] || t->ctx->scope == SCOPE_OWN)
		return;
	for (size_t i = 0; i < n->nchildren; i++)
		add_rows(t, core_node(t->ctx, n->children[i]), depth + 1, cap);
}

/* Rebuild the visible rows, keeping the cursor on the same node. */
static void tree_rows(tui *t)
{
	uint32_t at = t->ntrow ? t->trow[t->tcur].node : 0;
	size_t cap = 0;
	free(t->trow);
	t->trow = NULL;
	t->ntrow = 0;
	const gc_node *top = core_scope_node(t->ctx, NULL);
	if (!top)
		return;
	if (t->ctx->scope == SCOPE_ALL) {
		for (size_t i = 0; i < t->ctx->nroots; i++)
			add_rows(t, core_node(t->ctx, t->ctx->roots[i]), 0, &cap);
	} else {
		add_rows(t, top, 0, &cap);
	}
	t->tcur = 0;
	for (size_t i = 0; i < t->ntrow; i++)
		if (t->trow[i].node == at)
			t->tcur = i;
}

void tree_load(tui *t)
{
	gc_stats st;
	size_t n = t->ctx->nnodes + 1;
	if (!t->expanded) {
		t->expanded = xcalloc(n, 1);
		const gc_node *top = core_scope_node(t->ctx, NULL);
		if (top)
			t->expanded[top->id] = 1;
	}
	free(t->open_of);
	free(t->over_of);
	t->open_of = xcalloc(n, sizeof *t->open_of);
	t->over_of = xcalloc(n, sizeof *t->over_of);
	/* One call reads the counters of every node in scope. */
	if (core_stats(t->ctx, NULL, GC_MAX_DEPTH, NULL, &st) == 0) {
		for (size_t i = 0; i < st.n; i++) {
			t->open_of[st.rows[i].node->id] = st.rows[i].open;
			t->over_of[st.rows[i].node->id] = st.rows[i].overdue;
		}
		stats_free(&st);
	}
	tree_rows(t);
}

void tree_draw(tui *t, int y, int x, int h, int w)
{
	if (t->tcur < t->ttop)
		t->ttop = t->tcur;
	if (t->tcur >= t->ttop + (size_t)h)
		t->ttop = t->tcur - (size_t)h + 1;
	for (int r = 0; r < h && t->ttop + (size_t)r < t->ntrow; r++) {
		const tree_row *row = &t->trow[t->ttop + (size_t)r];
		const gc_node *n = core_node(t->ctx, row->node);
		char counts[40], lead[40];
		int indent = row->depth * 2 < w / 3 ? row->depth * 2 : w / 3;
		snprintf(counts, sizeof counts, "%5llu%5llu%s", (unsigned long long)t->open_of[n->id],
			 (unsigned long long)t->over_of[n->id], t->over_of[n->id] ? "!" : " ");
		snprintf(lead, sizeof lead, "%*s%c ", indent, "",
			 n->nchildren && t->ctx->scope != SCOPE_OWN ? (t->expanded[n->id] ? '-' : '+') : ' ');
		int cw = (int)strlen(counts);
		draw_text(t, y + r, x + 1, lead, w - 1, 0);
		draw_text(t, y + r, x + 1 + (int)strlen(lead), n->name, w - 1 - (int)strlen(lead) - cw, 1);
		if (w > cw + 8)
			mvaddstr(y + r, x + w - cw, counts);
		draw_selected(t, y + r, x, w, t->ttop + (size_t)r == t->tcur && (t->focus == V_TREE || t->low_bw));
	}
}

static void tree_move(tui *t, long d)
{
	long c = (long)t->tcur + d;
	if (c < 0)
		c = 0;
	if (c >= (long)t->ntrow)
		c = (long)t->ntrow - 1;
	t->tcur = c < 0 ? 0 : (size_t)c;
}

void tree_key(tui *t, int action)
{
	int page = t->rows - 3 > 1 ? t->rows - 3 : 1;
	if (!t->ntrow)
		return;
	const gc_node *n = core_node(t->ctx, t->trow[t->tcur].node);
	switch (action) {
	case ACT_UP: tree_move(t, -1); break;
	case ACT_DOWN: tree_move(t, 1); break;
	case ACT_PGUP: tree_move(t, -page); break;
	case ACT_PGDN: tree_move(t, page); break;
	case ACT_TOP: t->tcur = 0; break;
	case ACT_BOTTOM: t->tcur = t->ntrow - 1; break;
	case ACT_TOGGLE:
		if (n->nchildren) {
			t->expanded[n->id] = !t->expanded[n->id];
			tree_rows(t);
		}
		break;
	case ACT_BACK:
		/* Left: collapse an open node, else go up to the parent. */
		if (t->expanded[n->id] && n->nchildren) {
			t->expanded[n->id] = 0;
			tree_rows(t);
		} else {
			for (size_t i = 0; i < t->ntrow; i++)
				if (t->trow[i].node == n->parent)
					t->tcur = i;
		}
		break;
	case ACT_OPEN:
		t->list_node = n->id;
		t->lcur = t->ltop = 0;
		list_load(t);
		t->focus = V_LIST;
		break;
	}
}
