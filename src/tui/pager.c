/* SPDX-License-Identifier: MIT */
/* pager.c - a page of text: the lines are indexed once when it is set,
 * so scrolling and drawing touch only the lines on the screen. */
#include <stdlib.h>
#include <string.h>
#include "tui/pager.h"
#include "tui/draw.h"
#include "tui/keys.h"

void pager_init(pager *p)
{
	memset(p, 0, sizeof *p);
	buf_init(&p->text);
}

void pager_free(pager *p)
{
	buf_free(&p->text);
	free(p->line_at);
	p->line_at = NULL;
	p->nlines = p->top = 0;
}

void pager_set(pager *p, const char *text)
{
	buf_reset(&p->text);
	buf_adds(&p->text, text);
	free(p->line_at);
	p->nlines = 0;
	size_t cap = 64;
	p->line_at = xmalloc(cap * sizeof *p->line_at);
	for (size_t i = 0; i <= p->text.len;) {
		if (p->nlines == cap)
			p->line_at = xrealloc(p->line_at, (cap *= 2) * sizeof *p->line_at);
		p->line_at[p->nlines++] = i;
		const char *nl = strchr(p->text.p + i, '\n');
		if (!nl)
			break;
		i = (size_t)(nl - p->text.p) + 1;
	}
	p->top = 0;
}

void pager_draw(tui *t, const pager *p, int y, int h)
{
	for (int r = 0; r < h && p->top + (size_t)r < p->nlines; r++) {
		const char *s = p->text.p + p->line_at[p->top + (size_t)r];
		size_t n = strcspn(s, "\n");
		char *line = xstrndup(s, n);
		draw_text(t, y + r, 0, line, t->cols, 0);
		free(line);
	}
}

int pager_key(tui *t, pager *p, int action)
{
	long page = t->rows - 3 > 1 ? t->rows - 3 : 1, top = (long)p->top;
	long max = (long)p->nlines - page;
	switch (action) {
	case ACT_UP: top--; break;
	case ACT_DOWN: top++; break;
	case ACT_PGUP: top -= page; break;
	case ACT_PGDN: top += page; break;
	case ACT_TOP: top = 0; break;
	case ACT_BOTTOM: top = max; break;
	default: return action;
	}
	if (top > max)
		top = max;
	p->top = top < 0 ? 0 : (size_t)top;
	return ACT_NONE;
}
