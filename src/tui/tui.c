/* SPDX-License-Identifier: MIT */
/* tui.c - the main loop. Keys are read until none is waiting, then the
 * screen is drawn once; ncurses sends only the cells that changed. While
 * no key comes, the UI sleeps in poll(2) until a key, a commit to the
 * database (the store's change descriptor) or the next minute (due marks
 * follow the clock), and reloads only when the data moved: an idle screen
 * writes nothing and costs no CPU. No read transaction is open while
 * waiting (the core opens one per call).
 *
 * Each key goes to the view shown (the one on top of the stack, or the
 * browser's pane in focus); what it does not use goes to the browser's
 * other pane, then to the few keys of the whole UI here: quit, help, back,
 * the command line, the pane switch, redraw. This file also fills nav.h's
 * table: the one place where the views meet by name. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <poll.h>
#include <time.h>
#include <unistd.h>
#include "gridcase/tui.h"
#include "tui/ui.h"
#include "tui/command.h"
#include "tui/draw.h"
#include "tui/form.h"
#include "tui/keys.h"
#include "tui/list.h"
#include "tui/matchview.h"
#include "tui/merge.h"
#include "tui/nav.h"
#include "tui/pace.h"
#include "tui/page.h"
#include "tui/prompt.h"
#include "tui/pager.h"
#include "tui/stats.h"
#include "tui/textview.h"
#include "tui/tree.h"
#include "gridcase/i18n.h"
#include "gridcase/text.h"

/* Every view, made at the start and freed at the end. */
static const view_ops *const views[] = {
	&tree_ops, &list_ops, &page_ops, &form_ops, &merge_ops, &stats_ops, &matchview_ops, &textview_ops,
};

static const nav_table nav = {
	.list_node = list_show_node,
	.step_in_list = list_step,
	.review_in_list = list_review,
	.open_record = page_open_record,
	.act_record = page_act_record,
	.show_results = page_show_results,
	.new_record = form_new,
	.edit_record = form_edit,
	.resolve_conflict = merge_open,
	.show_text = textview_show,
	.show_stats = stats_open,
	.show_matches = matchview_open,
};

/* The view that gets the keys and makes the hint line. */
static const view_ops *shown(const tui *t)
{
	const view_ops *v = ui_top(t);
	return v ? v : t->focus == V_TREE ? &tree_ops : &list_ops;
}

/* The data moved: the browser, and the view on top if it shows data. */
static void reload(tui *t)
{
	core_my_work(t->ctx, &t->work);
	tree_ops.reload(t);
	list_ops.reload(t);
	const view_ops *v = ui_top(t);
	if (v && v->reload)
		v->reload(t);
}

/* The title line: the district, who works, and their work: open records
 * assigned to them, of which ~ near and ! past their limit. */
static void draw_title(tui *t)
{
	char title[400], work[120];
	const gc_user *u = t->ctx->user;
	snprintf(title, sizeof title, "%s  [%s%s%s]", t->cfg->title, t->ctx->login, u ? " " : "",
		 u ? t->cfg->roles[u->role].label : "");
	int ww = snprintf(work, sizeof work, _("mine %llu  ~%llu  !%llu"), (unsigned long long)t->work.mine,
			  (unsigned long long)t->work.soon, (unsigned long long)t->work.overdue);
	ww = text_width(work, (size_t)(ww > 0 ? ww : 0));
	int tw = text_width(title, strlen(title));
	draw_text(t, 0, 0, title, t->cols, 1);
	if (tw + ww + 2 <= t->cols)
		draw_text(t, 0, t->cols - ww - 1, work, ww, 0);
	if (!t->low_bw)
		mvchgat(0, 0, t->cols, A_BOLD, 0, NULL);
}

/* The hint line, or the message wrapped by display width onto as many
 * rows as it needs (a third of the screen at most, its end cut). Returns
 * the rows used: the view above ends there. */
static int draw_hint(tui *t)
{
	if (t->msg[0]) {
		pager m;
		pager_init(&m);
		m.margin = 1;   /* the bottom right cell would scroll the screen */
		pager_set(&m, t->msg);
		size_t n = pager_rows(t, &m), most = (size_t)(t->rows / 3);
		n = n > most ? most : n ? n : 1;
		pager_draw(t, &m, t->rows - (int)n, (int)n);
		pager_free(&m);
		return (int)n;
	}
	gc_buf b;
	buf_init(&b);
	keys_hint(shown(t)->keys, &b);
	draw_text(t, t->rows - 1, 0, b.p ? b.p : "", t->cols - 1, 1);
	buf_free(&b);
	return 1;
}

static void draw(tui *t)
{
	erase();
	if (t->rows < 6 || t->cols < 20) {
		mvaddstr(0, 0, _("terminal too small"));
		refresh();
		return;
	}
	draw_title(t);
	int h = t->rows - 1 - draw_hint(t);   /* the view draws above the hints or the message */
	if (ui_top(t)) {
		ui_top(t)->draw(t, 1, 0, h, t->cols);
	} else if (t->cols >= 60) {
		/* The tree as wide as its names need, a third of the screen at
		 * most; the list gets the rest. */
		int tw = tree_width(t, t->cols / 3);
		tree_ops.draw(t, 1, 0, h, tw);
		mvvline(1, tw, '|', h);   /* box lines have ambiguous width in CJK fonts */
		list_ops.draw(t, 1, tw + 1, h, t->cols - tw - 1);
	} else {
		shown(t)->draw(t, 1, 0, h, t->cols);   /* narrow: one pane */
	}
	refresh();
}

/* ?: the keys of every view, then the ':' commands. */
static void help_open(tui *t)
{
	gc_buf b;
	buf_init(&b);
	keys_help(&b);
	command_help(&b);
	textview_show(t, b.p);
	buf_free(&b);
}

static void handle(tui *t, int key)
{
	const view_ops *v = shown(t);
	int action = keys_action(v->keys, key);
	t->msg[0] = 0;
	if (action == ACT_NONE)
		return;
	if (action == ACT_IGNORE) {
		/* Said, so nobody takes the silence for a frozen screen. */
		snprintf(t->msg, sizeof t->msg, "%s", _("^Z, ^\\, ^S and ^Q do nothing here; Q quits"));
		return;
	}
	action = v->key(t, action);
	/* The browser's panes share their keys: the list answers what the
	 * tree does not (search, filters, statistics), and the other way. */
	if (action != ACT_NONE && !ui_top(t))
		action = (v == &tree_ops ? &list_ops : &tree_ops)->key(t, action);
	switch (action) {
	case ACT_QUIT:
		t->quit = key == 0x03 ? 128 + 2 : 1;   /* ^C: the status of an interrupt, as a shell reports it */
		break;
	case ACT_QUIT_ASK:   /* ^C answered yes ends as an interrupt does: 130 */
		t->quit = prompt_yes(t, _("quit? (y/n) ")) ? (key == 0x03 ? 128 + 2 : 1) : 0;
		break;
	case ACT_TO_TREE:
		t->focus = V_TREE;
		break;
	case ACT_HELP:
		help_open(t);
		break;
	case ACT_REDRAW:
		clearok(curscr, TRUE);   /* the one place a full repaint is asked for */
		break;
	case ACT_PANE:
		t->focus = t->focus == V_TREE ? V_LIST : V_TREE;
		break;
	case ACT_COMMAND:
		command_line(t);
		break;
	case ACT_JUMP:
		command_jump(t);
		break;
	case ACT_BACK:
		if (ui_top(t))
			ui_close(t, ui_top(t));
		break;
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

/* Milliseconds to the next minute of the wall clock. */
static int ms_to_minute(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int)(60000 - (ts.tv_sec % 60) * 1000 - ts.tv_nsec / 1000000) + 5;
}

/* A key, or ERR after at most wait_ms (-1: until the next minute) or
 * sooner when the data may have changed. Keys ncurses has already read
 * come first; then the wait is a poll(2) on the terminal and the store's
 * change descriptor, never a spin. Without the descriptor the change feed
 * is asked every second, as the caller does on each ERR. */
static int wait_key(tui *t, int wait_ms)
{
	timeout(0);
	int key = read_key();
	if (key != ERR)
		return key;
	int fd = core_change_fd(t->ctx), ms = ms_to_minute();
	if (fd < 0 && ms > 1000)
		ms = 1000;
	if (wait_ms >= 0 && wait_ms < ms)
		ms = wait_ms;
	/* A commit's last write to the file (its meta page) wakes us a moment
	 * before LMDB lets readers see it (the lock file's transaction number
	 * follows the write), so after a wake-up the change number is looked
	 * at again a few times, 20 ms apart: else the last of several quick
	 * commits could wait for the next minute. */
	if (t->recheck > 0 && ms > 20)
		ms = 20;
	struct pollfd p[2] = { { STDIN_FILENO, POLLIN, 0 }, { fd, POLLIN, 0 } };
	poll(p, fd >= 0 ? 2 : 1, ms);
	if (fd >= 0 && p[1].revents) {
		core_change_clear(t->ctx);
		t->recheck = 5;
	} else if (t->recheck > 0) {
		t->recheck--;
	}
	return read_key();
}

static void start_curses(tui *t)
{
	/* Raw, not cbreak: ^C, ^\ and ^Z come as keys instead of signals that
	 * would kill or stop the UI, and ^S/^Q no longer freeze the screen
	 * (keys.c says what each does). */
	raw();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	set_escdelay(25);
	curs_set(0);
	/* One write per frame. ncurses 6.4 marks a screen running only when
	 * it comes back from endwin, and until then flushes its buffer at every
	 * cursor move: a first paint left in some 50 writes of 20-90 bytes,
	 * each its own TCP segment over SSH. Going through endwin once, before
	 * anything is drawn (and before colours, whose reset string endwin
	 * would send), puts it in the running state. */
	endwin();
	refresh();
	const char *no_color = getenv("NO_COLOR");   /* no-color.org: set and not empty */
	if (has_colors() && !(no_color && *no_color) && start_color() == OK) {
		/* Only a passed limit is coloured (draw_light_attr says why). */
		use_default_colors();
		init_pair(LIGHT_RED, COLOR_RED, -1);
		t->color = 1;
	}
	getmaxyx(stdscr, t->rows, t->cols);
}

/* Until quit: every key waiting handled, then one draw, when the last
 * frame has reached the terminal (pace.c); when idle, the change feed. */
static void run(tui *t)
{
	uint64_t seq = core_change_seq(t->ctx);   /* the change number of the data on screen */
	int dirty = 0;                            /* keys handled since the last frame */
	reload(t);
	draw(t);
	pace_start();
	time_t minute = time(NULL) / 60;          /* the clock's minute on screen */
	while (!t->quit) {
		int key = wait_key(t, pace_wait_ms());
		if (key == ERR && ui_terminal_gone()) {
			/* The link dropped or the window closed: ncurses would now
			 * return at once forever; leave instead of spinning. */
			break;
		}
		if (key == ERR) {
			/* Idle, or the answer never came: draw what changed, the
			 * data or the minute (ncurses sends only changed cells).
			 * While a frame's answer is awaited the reload still
			 * happens, and its frame follows the answer. */
			uint64_t now_seq = core_change_seq(t->ctx);
			if (now_seq != seq) {
				t->recheck = 0;
				seq = now_seq;
				minute = time(NULL) / 60;
				reload(t);
				dirty = 1;
			} else if (time(NULL) / 60 != minute) {
				/* Only time moved: what counts against the clock (the
				 * tree's overdue, the title's ~ and !). The list draws its
				 * lights from the clock and keeps its rows: a review
				 * queue does not lose the rows just reviewed. */
				minute = time(NULL) / 60;
				core_my_work(t->ctx, &t->work);
				tree_ops.reload(t);
				if (ui_top(t) && ui_top(t)->reload)
					ui_top(t)->reload(t);
				dirty = 1;
			}
			if (dirty && pace_may_draw()) {
				draw(t);
				pace_drawn();
				dirty = 0;
			}
			continue;
		}
		/* Take every key already waiting, then draw once. */
		nodelay(stdscr, TRUE);
		do {
			if (key == PACE_KEY_ACK) {
				pace_key(key);
				continue;
			}
			dirty = 1;
			if (key == KEY_RESIZE) {
				getmaxyx(stdscr, t->rows, t->cols);
				clearok(curscr, TRUE);
			} else {
				handle(t, key == '\r' ? '\n' : key);
			}
		} while (!t->quit && (key = read_key()) != ERR);
		nodelay(stdscr, FALSE);
		/* A change whose wake-up came with the keys: read it now. */
		uint64_t now_seq = core_change_seq(t->ctx);
		if (now_seq != seq) {
			seq = now_seq;
			reload(t);
			dirty = 1;
		}
		if (dirty && pace_may_draw()) {
			draw(t);
			pace_drawn();
			dirty = 0;
		}
	}
}

int tui_main(gc_ctx *ctx, int low_bandwidth, int ascii)
{
	tui t;
	memset(&t, 0, sizeof t);
	t.ctx = ctx;
	t.cfg = ctx->cfg;
	t.low_bw = low_bandwidth || ctx->cfg->low_bandwidth;
	t.ascii = ascii || ctx->cfg->ascii;
	t.focus = V_TREE;
	t.nav = &nav;
	const gc_node *top = core_scope_node(ctx, NULL);
	if (!top) {
		fprintf(stderr, "gridcase: %s\n", ctx->errs.n ? ctx->errs.msg[0] : _("nothing to show"));
		return ctx->errs.status ? ctx->errs.status : GC_ENOTFOUND;
	}
	if (!initscr()) {
		fprintf(stderr, _("gridcase: cannot start the terminal UI (is TERM set?)\n"));
		return GC_EIO;
	}
	ui_catch_hangup();
	start_curses(&t);
	for (size_t i = 0; i < ARRAY_LEN(views); i++)
		views[i]->init(&t);
	form_offer_draft(&t);   /* a form a dropped connection left */
	run(&t);
	endwin();
	if (t.depth)
		ui_close(&t, t.stack[0]);
	for (size_t i = 0; i < ARRAY_LEN(views); i++)
		views[i]->done(&t);
	return t.quit == 128 + 2 ? 128 + 2 : 0;
}
