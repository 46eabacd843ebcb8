/* SPDX-License-Identifier: MIT */
/* unit.h - helpers shared by the cmocka unit tests: temporary directories,
 * configuration files written from strings, the locale. */
#ifndef GRIDCASE_UNIT_H
#define GRIDCASE_UNIT_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <locale.h>
#include <sys/stat.h>
#include "gridcase/util.h"

/* A fresh directory under /tmp, removed by unit_rmdir. */
static inline char *unit_tmpdir(void)
{
	char *t = xstrdup("/tmp/gridcase-unit-XXXXXX");
	if (!mkdtemp(t))
		abort();
	return t;
}

static inline void unit_rmdir(char *dir)
{
	char cmd[512];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
	free(dir);
}

static inline void unit_write(const char *dir, const char *name, const char *text)
{
	char path[512];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	if (!f)
		abort();
	fputs(text, f);
	fclose(f);
}

static inline void unit_locale(void)
{
	if (!setlocale(LC_ALL, "C.UTF-8"))
		setlocale(LC_ALL, "en_US.UTF-8");
}

/* True when some message in errs contains needle. */
static inline int errs_have(const gc_errs *e, const char *needle)
{
	for (size_t i = 0; i < e->n; i++)
		if (strstr(e->msg[i], needle))
			return 1;
	return 0;
}

#endif
