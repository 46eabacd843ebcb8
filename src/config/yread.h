/* SPDX-License-Identifier: MIT */
/* yread.h - the helpers every part of the configuration is read with (the
 * configuration layer's own: nothing above it reads YAML). Each reports
 * "file:line:col: [section: ]message" and sets bad; loading goes on. */
#ifndef GRIDCASE_YREAD_H
#define GRIDCASE_YREAD_H

#include "gridcase/config.h"
#include "format/yamldoc.h"

typedef struct yread {
	const gc_config *cfg;
	gc_errs *errs;
	const char *section;   /* named in every message, or NULL */
	int bad;
} yread;

void yread_fail(yread *r, const ynode *n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Whether n is of kind (Y_SCALAR, Y_SEQ, Y_MAP); says what was expected if
 * not. A missing n (NULL) is false without a message. */
int yread_is(yread *r, const ynode *n, int kind, const char *what);
/* Unknown (allowed ends with NULL; NULL: any) and duplicate keys of a mapping. */
void yread_keys(yread *r, const ynode *map, const char *what, const char *const *allowed);
/* A scalar that is a plain name (letters, digits, _): a copy, or NULL. */
char *yread_name(yread *r, const ynode *n, const char *what);
/* The text rule (text_refusal) on every scalar of a tree: keys as one line,
 * values may hold newlines and tabs (yread_scalar refuses those where a
 * value is one line). The trees are at most 64 deep (ydoc_load). */
void yread_text_rule(yread *r, const ynode *n, int is_key);
/* A scalar that is valid text: a copy, or NULL. */
char *yread_scalar(yread *r, const ynode *n, const char *what);
/* map's key, which must be there: a copy of its text, or NULL. */
char *yread_text(yread *r, const ynode *map, const char *key);
int yread_bool(yread *r, const ynode *n, const char *what, int *out);
int yread_int(yread *r, const ynode *n, const char *what, long long *out);
/* A single scalar or a list of scalars (from: a or from: [a, b]). */
const ynode **yread_list(yread *r, const ynode *n, const char *what, size_t *count);
/* A non-empty list of scalars; *count set (free with strv_free). */
char **yread_strings(yread *r, const ynode *n, const char *what, size_t *count);

/* The optional sections, read by config_load once forms and levels are in. */
void config_read_matching(const ynode *top, gc_config *cfg, gc_errs *errs);
void config_matching_free(gc_matching *m, size_t n);
void config_read_measures(const ynode *top, gc_config *cfg, gc_errs *errs);
void config_read_ranking(const ynode *top, gc_config *cfg, gc_errs *errs);
void config_measures_free(gc_config *cfg);
void config_read_demo(const ynode *top, gc_config *cfg, gc_errs *errs);
void config_demo_free(demo_cfg *d);

#endif
