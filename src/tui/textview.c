/* SPDX-License-Identifier: MIT */
/* textview.c - a read-only page of text: scrolls, and back (q, Esc)
 * returns to what was under it (the main loop closes it). */
#include <stdlib.h>
#include "tui/textview.h"
#include "tui/keys.h"
#include "tui/pager.h"

struct textview {
	pager body;
};

static void textview_init(tui *t)
{
	t->text = xcalloc(1, sizeof *t->text);
	pager_init(&t->text->body);
}

static void textview_done(tui *t)
{
	pager_free(&t->text->body);
	free(t->text);
	t->text = NULL;
}

void textview_show(tui *t, const char *text)
{
	pager_set(&t->text->body, text);
	ui_open(t, &textview_ops);
}

static void textview_draw(tui *t, int y, int x, int h, int w)
{
	(void)x;
	(void)w;   /* pages use the whole width */
	pager_draw(t, &t->text->body, y, h);
}

static int textview_key(tui *t, int action)
{
	return pager_key(t, &t->text->body, action);
}

const view_ops textview_ops = {
	.keys = V_HELP, .page = 1,
	.init = textview_init, .done = textview_done, .draw = textview_draw, .key = textview_key,
};
