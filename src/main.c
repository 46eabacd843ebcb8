/* main.c - the locale, then the command line. */
#include <locale.h>
#include <langinfo.h>
#include <string.h>
#include "gridcase/cli.h"

int main(int argc, char **argv)
{
	/* Data is always UTF-8: widths and patterns need a UTF-8 character
	 * type even when the user's locale is something else. */
	setlocale(LC_ALL, "");
	cli_terminal_utf8 = !strcmp(nl_langinfo(CODESET), "UTF-8");
	if (!cli_terminal_utf8 && !setlocale(LC_CTYPE, "C.UTF-8"))
		setlocale(LC_CTYPE, "en_US.UTF-8");
	return cli_main(argc, argv);
}
