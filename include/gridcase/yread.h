/* yread.h - small helpers for reading an optional configuration section
 * straight from the YAML tree (demo:, matching:), with file:line:col
 * errors like the rest of the configuration. */
#ifndef GRIDCASE_YREAD_H
#define GRIDCASE_YREAD_H

#include "gridcase/config.h"

typedef struct yread {
	const gc_config *cfg;
	gc_errs *errs;
	const char *section;   /* named in every message */
	int bad;
} yread;

/* The section's value in any of the configuration's files, or NULL. */
const ynode *yread_section(const gc_config *cfg, const char *key);
void yread_fail(yread *r, const ynode *n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Whether n is of kind (Y_SCALAR, Y_SEQ, Y_MAP); says what was expected if not. */
int yread_is(yread *r, const ynode *n, int kind, const char *what);
/* A copy of a scalar, or NULL (reported) when missing or not a scalar. */
char *yread_text(yread *r, const ynode *map, const char *key);
/* A non-empty list of scalars; *count set (free with strv_free). */
char **yread_strings(yread *r, const ynode *n, const char *what, size_t *count);

#endif
