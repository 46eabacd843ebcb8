/* ui.c - what every file of the UI may call and that calls no view: the
 * message line and whether the terminal is still there. It sits below the
 * views and the main loop, so none of them needs the other for these. */
#include <stdio.h>
#include <errno.h>
#include <poll.h>
#include <unistd.h>
#include "tui/ui.h"
#include "gridcase/i18n.h"

/* Named tui_message, not ui_message: `make po` finds the messages of the
 * UI by this name (the Makefile's XGETTEXT_KEYS). */
void tui_message(tui *t, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(t->msg, sizeof t->msg, gettext(fmt), ap);
	va_end(ap);
}

int tui_terminal_gone(void)
{
	struct pollfd p = { STDIN_FILENO, POLLIN, 0 };
	if (poll(&p, 1, 0) < 0)
		return errno != EINTR;
	if (p.revents & (POLLHUP | POLLERR | POLLNVAL))
		return 1;
	/* Readable yet ncurses found no key: a read would say end of file. */
	char c;
	return (p.revents & POLLIN) && read(STDIN_FILENO, &c, 0) < 0 && errno == EIO;
}
