/* SPDX-License-Identifier: MIT */
/* ui.c - what every file of the UI may call and that calls no view by
 * name: the message line, whether the terminal is still there, and the
 * stack of views (through their ops tables). It sits below the views and
 * the main loop, so none of them needs the other for these. */
#include <stdio.h>
#include <errno.h>
#include <poll.h>
#include <unistd.h>
#include <signal.h>
#include <string.h>
#include "tui/ui.h"
#include "gridcase/i18n.h"

void tui_message(tui *t, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(t->msg, sizeof t->msg, gettext(fmt), ap);
	va_end(ap);
}

uint64_t ui_record_id(const char *s)
{
	uint64_t id = 0;
	if (*s == '#')
		s++;
	if (!*s)
		return 0;
	for (; *s; s++) {
		if (*s < '0' || *s > '9' || id > 900719925474099ULL)   /* ids stay below 2^53 */
			return 0;
		id = id * 10 + (uint64_t)(*s - '0');
	}
	return id;
}

static volatile sig_atomic_t hung_up;

static void on_hangup(int sig)
{
	(void)sig;
	hung_up = 1;
}

void ui_catch_hangup(void)
{
	/* No SA_RESTART: the key read returns, and the UI sees it is alone. */
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_hangup;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

int ui_terminal_gone(void)
{
	if (hung_up)
		return 1;
	struct pollfd p = { STDIN_FILENO, POLLIN, 0 };
	if (poll(&p, 1, 0) < 0)
		return errno != EINTR;
	if (p.revents & (POLLHUP | POLLERR | POLLNVAL))
		return 1;
	/* Readable yet ncurses found no key: a read would say end of file. */
	char c;
	return (p.revents & POLLIN) && read(STDIN_FILENO, &c, 0) < 0 && errno == EIO;
}

const view_ops *ui_top(const tui *t)
{
	return t->depth ? t->stack[t->depth - 1] : NULL;
}

/* Close the views from the top down to depth. */
static void close_to(tui *t, size_t depth)
{
	while (t->depth > depth) {
		const view_ops *v = t->stack[--t->depth];
		if (v->close)
			v->close(t);
	}
}

void ui_open(tui *t, const view_ops *v)
{
	for (size_t i = 0; i < t->depth; i++)
		if (t->stack[i] == v) {
			close_to(t, i + 1);
			return;
		}
	/* Pages do not pile up: back from any of them returns to what was
	 * under the first (the browser, a form, the conflict screen). */
	if (t->depth && v->page && t->stack[t->depth - 1]->page)
		close_to(t, t->depth - 1);
	if (t->depth == UI_DEPTH)
		close_to(t, t->depth - 1);   /* cannot happen with the views there are */
	t->stack[t->depth++] = v;
}

void ui_close(tui *t, const view_ops *v)
{
	for (size_t i = 0; i < t->depth; i++)
		if (t->stack[i] == v) {
			close_to(t, i);
			return;
		}
}
