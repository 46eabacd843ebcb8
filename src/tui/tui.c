/* tui.c - the main loop. Keys are read until none is waiting, then the
 * screen is drawn once; ncurses sends only the cells that changed. While
 * no key comes, the change feed is polled every second and the data
 * reloaded only when it moved: an idle screen writes nothing. No read
 * transaction is open while waiting (the core opens one per call). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "gridcase/tui.h"
#include "tui/ui.h"
#include "gridcase/i18n.h"
#include "gridcase/text.h"

static void reload(tui *t)
{
	t->seq = core_change_seq(t->ctx);
	tree_load(t);
	list_load(t);
	if (t->view == V_DETAIL && t->detail_id)
		detail_open(t, t->detail_id);
}

static void draw_title(tui *t)
{
	char title[400];
	const gc_user *u = t->ctx->user;
	snprintf(title, sizeof title, "%s  [%s%s%s]", t->cfg->title, t->ctx->login, u ? " " : "",
		 u ? t->cfg->roles[u->role].label : "");
	draw_text(t, 0, 0, title, t->cols, 1);
	if (!t->low_bw)
		mvchgat(0, 0, t->cols, A_BOLD, 0, NULL);
}

static void draw_hint(tui *t)
{
	gc_buf b;
	buf_init(&b);
	if (t->msg[0])
		buf_adds(&b, t->msg);
	else
		keys_hint(t->view ? t->view : (unsigned)t->focus, &b);
	draw_text(t, t->rows - 1, 0, b.p ? b.p : "", t->cols - 1, 1);
	buf_free(&b);
}

static const view_ops views[] = {
	{ V_TREE, tree_draw, tree_key },
	{ V_LIST, list_draw, list_key },
	{ V_DETAIL, page_draw, page_key },
	{ V_HELP, page_draw, page_key },
	{ V_FORM, form_draw, form_key },
	{ V_MERGE, merge_draw, merge_key },
};

const view_ops *view_of(unsigned view)
{
	for (size_t i = 0; i < ARRAY_LEN(views); i++)
		if (views[i].view == view)
			return &views[i];
	return &views[0];
}

void tui_draw(tui *t)
{
	erase();
	if (t->rows < 6 || t->cols < 20) {
		mvaddstr(0, 0, _("terminal too small"));
		refresh();
		return;
	}
	draw_title(t);
	int h = t->rows - 2;
	if (t->view) {
		view_of(t->view)->draw(t, 1, 0, h, t->cols);
	} else if (t->cols >= 60) {
		int tw = t->cols * 3 / 8;
		tw = tw < 24 ? 24 : tw > 40 ? 40 : tw;
		view_of(V_TREE)->draw(t, 1, 0, h, tw);
		mvvline(1, tw, '|', h);   /* box lines have ambiguous width in CJK fonts */
		view_of(V_LIST)->draw(t, 1, tw + 1, h, t->cols - tw - 1);
	} else {
		view_of((unsigned)t->focus)->draw(t, 1, 0, h, t->cols);   /* narrow: one pane */
	}
	draw_hint(t);
	refresh();
}

static void go_node(tui *t, const char *what)
{
	const gc_node *n = core_node_by_code(t->ctx, what);
	for (size_t i = 1; !n && i < t->ctx->nnodes; i++)
		if (t->ctx->nodes[i].name && strstr(t->ctx->nodes[i].name, what) && core_can_see(t->ctx, (uint32_t)i))
			n = &t->ctx->nodes[i];
	if (!n || !core_can_see(t->ctx, n->id)) {
		tui_message(t, "no node '%s' in your scope", what);
		return;
	}
	/* Open the path down to it, then list it. */
	for (const gc_node *p = core_node(t->ctx, n->parent); p; p = core_node(t->ctx, p->parent))
		t->expanded[p->id] = 1;
	tree_load(t);
	for (size_t i = 0; i < t->ntrow; i++)
		if (t->trow[i].node == n->id)
			t->tcur = i;
	tree_key(t, ACT_OPEN);
}

static void command(tui *t)
{
	char line[200] = "";
	if (prompt(t, ":", line, sizeof line))
		return;
	char *arg = line + strcspn(line, " ");
	if (*arg)
		*arg++ = 0;
	while (*arg == ' ')
		arg++;
	if (!strcmp(line, "q") || !strcmp(line, "quit"))
		t->quit = 1;
	else if (!strcmp(line, "node") && *arg)
		go_node(t, arg);
	else if (!strcmp(line, "filter")) {
		t->f_overdue = !strcmp(arg, "overdue");
		t->f_mine = !strcmp(arg, "mine");
		t->f_unreviewed = !strcmp(arg, "unreviewed");
		t->f_state[0] = t->f_form[0] = t->f_field[0] = t->f_value[0] = 0;
		char *eq = strchr(arg, '=');
		if (!strcmp(arg, "all") || !*arg) {
			t->search[0] = 0;
		} else if (!strncmp(arg, "form ", 5)) {
			snprintf(t->f_form, sizeof t->f_form, "%s", arg + 5);
		} else if (eq) {
			/* FIELD=VALUE, by key or by label. */
			*eq = 0;
			snprintf(t->f_field, sizeof t->f_field, "%s", arg);
			snprintf(t->f_value, sizeof t->f_value, "%s", eq + 1);
			for (size_t i = 0; i < t->cfg->nforms; i++)
				for (size_t j = 0; j < t->cfg->forms[i].nfields; j++)
					if (!strcmp(t->cfg->forms[i].fields[j].label, arg))
						snprintf(t->f_field, sizeof t->f_field, "%s", t->cfg->forms[i].fields[j].key);
		} else if (!t->f_overdue && !t->f_mine && !t->f_unreviewed) {
			snprintf(t->f_state, sizeof t->f_state, "%s", arg);   /* a state key */
		}
		list_load(t);
	} else if (!strcmp(line, "stats")) {
		/* :stats [FROM [TO]], days, both included */
		char *to = arg + strcspn(arg, " ");
		long d1 = 0, d2 = 0;
		if (*to)
			*to++ = 0;
		if ((*arg && date_parse(arg, &d1)) || (*to && date_parse(to, &d2)))
			tui_message(t, "stats: dates are YYYY-MM-DD");
		else
			stats_open(t, *arg ? day_start(d1) : 0, *to ? day_start(d2 + 1) : 0);
	} else if (!strcmp(line, "match")) {
		match_accept(t, arg);
	} else if (!strcmp(line, "sort")) {
		snprintf(t->sort, sizeof t->sort, "%s", *arg ? arg : "-id");
		list_load(t);
	} else if (*line)
		tui_message(t, "unknown command ':%s' (node, filter, sort, stats, match, quit)", line);
}

/* Mark the record reviewed and move to the next unreviewed one. */
static void review_next(tui *t)
{
	uint64_t id = t->view == V_DETAIL && t->detail_id ? t->detail_id : t->list.n ? t->list.recs[t->lcur].id : 0;
	gc_record r;
	if (!id || core_get(t->ctx, id, &r))
		return;
	core_mark_reviewed(t->ctx, id, r.version);
	rec_free(&r);
	/* One read for the marks of the rest of the list. */
	size_t from = t->lcur + 1, n = t->list.n > from ? t->list.n - from : 0;
	uint32_t *seen = xcalloc(n + 1, sizeof *seen);
	core_reviewed_many(t->ctx, t->list.recs + from, n, seen);
	for (size_t i = 0; i < n; i++)
		if (seen[i] < t->list.recs[from + i].version) {
			t->lcur = from + i;
			if (t->view == V_DETAIL)
				detail_open(t, t->list.recs[t->lcur].id);
			tui_message(t, "#%llu reviewed", (unsigned long long)id);
			free(seen);
			return;
		}
	free(seen);
	tui_message(t, "#%llu reviewed; nothing unreviewed below it", (unsigned long long)id);
}

static void handle(tui *t, int key)
{
	unsigned v = t->view ? t->view : (unsigned)t->focus;
	int a = keys_action(v, key);
	t->msg[0] = 0;
	switch (a) {
	case ACT_NONE:
		return;
	case ACT_QUIT:
		t->quit = 1;
		return;
	case ACT_HELP:
		help_open(t);
		return;
	case ACT_REDRAW:
		clearok(curscr, TRUE);   /* the one place a full repaint is asked for */
		return;
	case ACT_PANE:
		t->focus = t->focus == V_TREE ? V_LIST : V_TREE;
		return;
	case ACT_COMMAND:
		command(t);
		return;
	case ACT_SEARCH: {
		char q[200];
		snprintf(q, sizeof q, "%s", t->search);
		if (prompt(t, "/", q, sizeof q) == 0) {
			snprintf(t->search, sizeof t->search, "%s", q);
			t->lcur = 0;
			list_load(t);
			t->focus = V_LIST;
		}
		return;
	}
	case ACT_OVERDUE:
		t->f_overdue = !t->f_overdue;
		list_load(t);
		return;
	case ACT_MINE:
		t->f_mine = !t->f_mine;
		list_load(t);
		return;
	case ACT_STATS:
		stats_open(t, 0, 0);
		return;
	case ACT_MATCH:
		match_open(t);
		return;
	case ACT_NEW:
		form_new(t);
		return;
	case ACT_EDIT:
		if (t->view == V_DETAIL && t->detail_id)
			form_edit(t, t->detail_id);
		else if (!t->view && t->list.n)
			form_edit(t, t->list.recs[t->lcur].id);
		return;
	case ACT_REVIEW:
		review_next(t);
		return;
	case ACT_ASSIGN_TAGGED:
		tags_assign(t);
		return;
	}
	if (t->view == V_DETAIL && (a == ACT_NEXT || a == ACT_PREV) && t->detail_id) {
		/* n / N in a record: the next or previous record of the list. */
		list_key(t, a);
		if (t->list.n)
			detail_open(t, t->list.recs[t->lcur].id);
	} else if (t->view == V_DETAIL && a == ACT_ACT) {
		detail_act(t);
	} else {
		view_of(t->view ? t->view : (unsigned)t->focus)->key(t, a);
	}
}

/* Read one key (a character or a KEY_ code); ERR when none came. A typed
 * character beyond Latin-1 is no command and could share its number with
 * a KEY_ code, so it reads as 0 (no binding). */
static int read_key(void)
{
	wint_t ch;
	int r = get_wch(&ch);
	if (r == ERR)
		return ERR;
	return r != KEY_CODE_YES && ch > 0xff ? 0 : (int)ch;
}

int tui_main(gc_ctx *ctx, int low_bandwidth, int ascii)
{
	tui t;
	memset(&t, 0, sizeof t);
	t.ctx = ctx;
	t.cfg = ctx->cfg;
	t.low_bw = low_bandwidth || ctx->cfg->low_bandwidth;
	t.ascii = ascii;
	t.focus = V_TREE;
	buf_init(&t.page);
	const gc_node *top = core_scope_node(ctx, NULL);
	if (!top) {
		fprintf(stderr, "gridcase: %s\n", ctx->errs.n ? ctx->errs.msg[0] : _("nothing to show"));
		return ctx->errs.status ? ctx->errs.status : GC_ENOTFOUND;
	}
	if (!initscr()) {
		fprintf(stderr, _("gridcase: cannot start the terminal UI (is TERM set?)\n"));
		return GC_EIO;
	}
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	set_escdelay(25);
	curs_set(0);
	if (has_colors() && !getenv("NO_COLOR") && start_color() == OK) {
		/* Time limits: green, yellow at 80 %, red past due (pair = light). */
		use_default_colors();
		init_pair(LIGHT_GREEN, COLOR_GREEN, -1);
		init_pair(LIGHT_YELLOW, COLOR_YELLOW, -1);
		init_pair(LIGHT_RED, COLOR_RED, -1);
		t.color = 1;
	}
	getmaxyx(stdscr, t.rows, t.cols);
	t.list_node = top->id;
	reload(&t);
	tui_draw(&t);
	while (!t.quit) {
		timeout(1000);
		int key = read_key();
		if (key == ERR && tui_terminal_gone()) {
			/* The link dropped or the window closed: ncurses would now
			 * return at once forever; leave instead of spinning. */
			t.quit = 1;
			break;
		}
		if (key == ERR) {
			/* Idle: look at the change feed; draw only if data moved. */
			if (core_change_seq(t.ctx) != t.seq) {
				reload(&t);
				tui_draw(&t);
			}
			continue;
		}
		/* Take every key already waiting, then draw once. */
		nodelay(stdscr, TRUE);
		do {
			if (key == KEY_RESIZE) {
				getmaxyx(stdscr, t.rows, t.cols);
				clearok(curscr, TRUE);
			} else {
				handle(&t, key == '\r' ? '\n' : key);
			}
		} while (!t.quit && (key = read_key()) != ERR);
		nodelay(stdscr, FALSE);
		tui_draw(&t);
	}
	endwin();
	list_free(&t.list);
	free(t.trow);
	free(t.expanded);
	free(t.open_of);
	free(t.over_of);
	free(t.tags);
	free(t.line_at);
	buf_free(&t.page);
	return 0;
}
