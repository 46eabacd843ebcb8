/* main.c - the locale, then the command line. */
#include <locale.h>
#include <langinfo.h>
#include <stdlib.h>
#include <string.h>
#include "gridcase/cli.h"
#include "gridcase/i18n.h"

/* A locale named as UTF-8 (zh_CN.UTF-8) means a UTF-8 terminal even when
 * that locale is not installed here, as on a server reached over SSH. */
static int names_utf8(void)
{
	const char *names[] = { "LC_ALL", "LC_CTYPE", "LANG" };
	for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
		const char *v = getenv(names[i]);
		if (v && *v)
			return strcasestr(v, "utf-8") || strcasestr(v, "utf8");
	}
	return 0;
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
	return cli_main(argc, argv);
}
