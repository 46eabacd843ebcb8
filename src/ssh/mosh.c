/* SPDX-License-Identifier: MIT */
/* mosh.c - the mosh client's request in SSH mode. mosh logs in over SSH,
 * asks for "mosh-server new OPTIONS", reads the UDP port and key that
 * mosh-server prints, and then talks UDP to it; the SSH session ends. Each
 * option is checked against what mosh's client sends; a client's own
 * command (after --) is refused, since the only program of a gridcase
 * session is gridcase, in SSH mode, for the same person: the caller puts
 * it after -- itself. No shell runs at any point (mosh-server execs its
 * command). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "gridcase/ssh.h"
#include "gridcase/i18n.h"

/* The UDP ports a client may ask for: mosh's own default range, which
 * docs/deploy.md tells the administrator to open. */
#define MOSH_PORT_LOW 60000
#define MOSH_PORT_HIGH 61000

static int refuse(char *why, size_t n, const char *what, const char *word)
{
	snprintf(why, n, _("mosh-server: %s '%s' is not accepted"), gettext(what), word);
	return -1;
}

static int only(const char *s, const char *chars, size_t max)
{
	size_t n = strlen(s);
	return n > 0 && n <= max && strspn(s, chars) == n;
}

/* PORT or PORT:PORT2, inside the allowed range. */
static int port_ok(const char *s)
{
	if (!only(s, "0123456789:", 11))
		return 0;
	char *end;
	long a = strtol(s, &end, 10), b = a;
	if (*end == ':')
		b = strtol(end + 1, &end, 10);
	return !*end && a >= MOSH_PORT_LOW && b <= MOSH_PORT_HIGH && a <= b;
}

/* NAME=VALUE of a locale variable, as the client sends its own. */
static int locale_ok(const char *s, char *lang, size_t langlen, int *lang_rank)
{
	const char *eq = strchr(s, '=');
	if (!eq)
		return 0;
	size_t nl = (size_t)(eq - s);
	int name_ok = (nl == 4 && !strncmp(s, "LANG", 4)) || (nl == 8 && !strncmp(s, "LANGUAGE", 8)) ||
		      (nl > 3 && !strncmp(s, "LC_", 3) && strspn(s + 3, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") == nl - 3);
	if (!name_ok || (eq[1] && !only(eq + 1, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.@-", 64)))
		return 0;
	/* The language the person reads: LC_ALL, then LC_MESSAGES, then LANG. */
	int rank = nl == 6 && !strncmp(s, "LC_ALL", 6) ? 3 : nl == 11 && !strncmp(s, "LC_MESSAGES", 11) ? 2
		 : nl == 4 ? 1 : 0;
	if (rank > *lang_rank && eq[1]) {
		snprintf(lang, langlen, "%s", eq + 1);
		*lang_rank = rank;
	}
	return 1;
}

static int add(ssh_words *out, const char *s)
{
	char **w = realloc(out->w, (size_t)(out->n + 2) * sizeof *w);
	if (!w)
		return -1;
	out->w = w;
	if (!(w[out->n] = strdup(s)))
		return -1;
	w[++out->n] = NULL;
	return 0;
}

int ssh_mosh_argv(const ssh_words *req, int from, char *const *self, ssh_words *out,
		  char *lang, size_t langlen, char *why, size_t whylen)
{
	memset(out, 0, sizeof *out);
	int lang_rank = 0;
	*lang = 0;
	if (from + 1 >= req->n || strcmp(req->w[from + 1], "new")) {
		snprintf(why, whylen, "%s", _("mosh-server: only 'mosh-server new' is accepted"));
		return -1;
	}
	if (add(out, "mosh-server") || add(out, "new"))
		goto nomem;
	for (int i = from + 2; i < req->n; i++) {
		const char *o = req->w[i], *v = i + 1 < req->n ? req->w[i + 1] : NULL;
		if (!strcmp(o, "--"))
			return refuse(why, whylen, N_("a command of the client's"), i + 1 < req->n ? req->w[i + 1] : "--");
		if (!strcmp(o, "-s") || !strcmp(o, "-v")) {
			if (add(out, o))
				goto nomem;
			continue;
		}
		if (strcmp(o, "-c") && strcmp(o, "-p") && strcmp(o, "-i") && strcmp(o, "-l"))
			return refuse(why, whylen, N_("the option"), o);
		int ok = !v ? 0 : o[1] == 'c' ? only(v, "0123456789", 3)
			: o[1] == 'p' ? port_ok(v)
			: o[1] == 'i' ? only(v, "0123456789abcdefABCDEF.:", 45)
			: locale_ok(v, lang, langlen, &lang_rank);
		if (!ok)
			return refuse(why, whylen, o[1] == 'p' ? N_("a port outside 60000-61000,") : N_("the value"), v ? v : o);
		/* Locale variables are not passed on: the caller gives mosh-server
		 * a UTF-8 locale of its own and the language apart. */
		if (strcmp(o, "-l") && (add(out, o) || add(out, v)))
			goto nomem;
		i++;
	}
	if (add(out, "--"))
		goto nomem;
	for (; *self; self++)
		if (add(out, *self))
			goto nomem;
	return 0;
nomem:
	snprintf(why, whylen, "%s", _("out of memory"));
	return -1;
}
