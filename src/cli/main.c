/* SPDX-License-Identifier: MIT */
/* main.c - the locale, then the command line. */
#include <locale.h>
#include <langinfo.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "gridcase/cli.h"
#include "gridcase/i18n.h"

/* Whether the terminal is UTF-8, by the locale's name: a name with UTF-8
 * (zh_CN.UTF-8) even when that locale is not installed here, as on a
 * server reached over SSH; and no locale at all, C or POSIX, which is what
 * PuTTY and Windows ssh.exe leave (they send no LANG) and what speaks for
 * no other character set. Only a name of another one (zh_CN.GB18030,
 * en_US.ISO-8859-1) means a terminal that is not UTF-8. */
static int names_utf8(void)
{
	const char *names[] = { "LC_ALL", "LC_CTYPE", "LANG" };
	for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
		const char *v = getenv(names[i]);
		if (v && *v)
			return strcasestr(v, "utf-8") || strcasestr(v, "utf8") || !strcmp(v, "C") || !strcmp(v, "POSIX");
	}
	return 1;
}

/* As coreutils does: output that did not reach its file (a full disk,
 * > /dev/full) is a failure, or a script's saved report is empty without
 * a word. */
static int close_stdout(int rc)
{
	int failed = ferror(stdout);
	errno = 0;
	if ((fclose(stdout) != 0 || failed) && rc == 0) {
		/* A command that failed has said why (export names its own write). */
		if (errno)
			fprintf(stderr, _("gridcase: cannot write the output: %s\n"), strerror(errno));
		else
			fprintf(stderr, _("gridcase: cannot write the output (is the disk full?)\n"));
		return 1;
	}
	return rc;
}

int main(int argc, char **argv)
{
	/* Data is always UTF-8: widths and patterns need a UTF-8 character
	 * type even when the user's locale is something else. */
	setlocale(LC_ALL, "");
	int utf8 = !strcmp(nl_langinfo(CODESET), "UTF-8");
	cli_terminal_utf8 = utf8 || names_utf8();
	if (!utf8 && !setlocale(LC_CTYPE, "C.UTF-8"))
		setlocale(LC_CTYPE, "en_US.UTF-8");
	i18n_init();
	int rc = cli_main(argc, argv);
	return close_stdout(rc);
}
