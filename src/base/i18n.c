/* SPDX-License-Identifier: MIT */
/* i18n.c - see i18n.h. */
#include <locale.h>
#include <stdio.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <glob.h>
#include "gridcase/i18n.h"
#include "gridcase/util.h"

#ifndef GRIDCASE_LOCALEDIR
#define GRIDCASE_LOCALEDIR "/usr/local/share/locale"
#endif

/* A user whose language's locale is not installed (common on a server
 * reached over SSH) still gets their language: the messages category
 * falls back to C.UTF-8 and the language goes to LANGUAGE. */
static void language_without_locale(void)
{
	const char *cur = setlocale(LC_MESSAGES, NULL);
	if (cur && strcmp(cur, "C") && strcmp(cur, "POSIX"))
		return;
	const char *names[] = { "LC_ALL", "LC_MESSAGES", "LANG" }, *lang = NULL;
	for (size_t i = 0; i < ARRAY_LEN(names) && !lang; i++) {
		const char *v = getenv(names[i]);
		if (v && *v)
			lang = v;
	}
	if (!lang || !strcmp(lang, "C") || !strncmp(lang, "C.", 2) || !strcmp(lang, "POSIX"))
		return;
	char code[32];
	size_t n = strcspn(lang, ".@");
	if (n == 0 || n >= sizeof code)
		return;
	memcpy(code, lang, n);
	code[n] = 0;
	setenv("LANGUAGE", code, 0);
	setlocale(LC_MESSAGES, "C.UTF-8");
}

static int is_dir(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* Whether DIR holds a translation of gridcase (DIR/LANG/LC_MESSAGES/gridcase.mo). */
static int has_catalog(const char *dir)
{
	char pattern[PATH_MAX + 32 + 48];
	glob_t g;
	snprintf(pattern, sizeof pattern, "%s/*/LC_MESSAGES/gridcase.mo", dir);
	int found = glob(pattern, GLOB_NOSORT, NULL, &g) == 0 && g.gl_pathc > 0;
	globfree(&g);
	return found;
}

/* build/locale beside a program run from the source tree, locale beside
 * one in a build directory, BIN/../share/locale for an installed one
 * (wherever its prefix is: make install PREFIX=... after make with
 * another), else the path compiled in. */
static const char *locale_dir(char *buf, size_t size)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n > 0) {
		exe[n] = 0;
		char *slash = strrchr(exe, '/');
		if (slash) {
			*slash = 0;
			const char *try[] = { "build/locale", "locale" };
			for (size_t i = 0; i < ARRAY_LEN(try); i++) {
				snprintf(buf, size, "%s/%s", exe, try[i]);
				if (is_dir(buf))
					return buf;
			}
			snprintf(buf, size, "%s/../share/locale", exe);
			if (has_catalog(buf))
				return buf;
		}
	}
	return GRIDCASE_LOCALEDIR;
}

void i18n_init(void)
{
	char buf[PATH_MAX + 32];
	language_without_locale();
	bindtextdomain("gridcase", locale_dir(buf, sizeof buf));
	bind_textdomain_codeset("gridcase", "UTF-8");
	textdomain("gridcase");
}
