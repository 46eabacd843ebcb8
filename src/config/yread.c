/* SPDX-License-Identifier: MIT */
/* yread.c - the one set of helpers for reading the configuration's YAML
 * trees (see yread.h): every section, from levels to matching: and demo:,
 * reports through yread_fail with file:line:col, and loading goes on, so one
 * run lists every problem. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdarg.h>
#include <ctype.h>
#include <errno.h>
#include "config/yread.h"
#include "gridcase/i18n.h"
#include "gridcase/text.h"

void yread_fail(yread *r, const ynode *n, const char *fmt, ...)
{
	gc_buf b;
	va_list ap;
	buf_init(&b);
	buf_printf(&b, "%s:%d:%d: ", n->file, n->line, n->col);
	if (r->section)
		buf_printf(&b, "%s: ", r->section);
	va_start(ap, fmt);
	buf_vprintf(&b, gettext(fmt), ap);
	va_end(ap);
	errs_add(r->errs, GC_EDATA, "%s", b.p);
	buf_free(&b);
	r->bad = 1;
}

static const char *kind_name(int kind)
{
	return kind == Y_SCALAR ? "a single value" : kind == Y_SEQ ? "a list" : "a mapping";
}

int yread_is(yread *r, const ynode *n, int kind, const char *what)
{
	if (n && n->kind == kind)
		return 1;
	if (n)
		yread_fail(r, n, "%s must be %s, found %s", what, kind_name(kind), kind_name(n->kind));
	return 0;
}

/* A plain key and where it stands in its mapping. */
typedef struct {
	const char *val;
	size_t at;
} key_ref;

static int key_ref_cmp(const void *a, const void *b)
{
	const key_ref *x = a, *y = b;
	int c = strcmp(x->val, y->val);
	return c ? c : (x->at > y->at) - (x->at < y->at);
}

/* first[i / 2] = the item index of the first key equal to key i, or i itself.
 * Sorting (name, position) puts every group of equal keys together with its
 * first one at the head: n log n where comparing every pair took seconds
 * for a mapping of 50,000 keys. */
static size_t *first_of_keys(const ynode *map)
{
	size_t nk = map->n / 2, m = 0;
	size_t *first = xcalloc(nk + 1, sizeof *first);
	key_ref *refs = xcalloc(nk + 1, sizeof *refs);
	for (size_t i = 0; i + 1 < map->n; i += 2) {
		first[i / 2] = i;
		if (map->items[i]->kind == Y_SCALAR)
			refs[m++] = (key_ref){ map->items[i]->val, i };
	}
	if (m > 1)
		qsort(refs, m, sizeof *refs, key_ref_cmp);
	for (size_t j = 1; j < m; j++)
		if (!strcmp(refs[j].val, refs[j - 1].val))
			first[refs[j].at / 2] = first[refs[j - 1].at / 2];
	free(refs);
	return first;
}

/* An allowed key written "~name" is retired: still read (its reader says
 * what became of it) but not offered in the list of expected keys. */
static void unknown_key(yread *r, const ynode *k, const char *what, const char *const *allowed)
{
	for (const char *const *a = allowed; *a; a++)
		if (strcmp(*a + (**a == '~'), k->val) == 0)
			return;
	gc_buf list;
	buf_init(&list);
	for (const char *const *a = allowed; *a; a++)
		if (**a != '~')
			buf_printf(&list, "%s%s", list.len ? ", " : "", *a);
	yread_fail(r, k, "%s: unknown key '%s' (expected one of: %s)", what, k->val, list.p);
	buf_free(&list);
}

/* The same for a mapping of a few keys (most of them), comparing each
 * with the ones before it: no allocation, no sort. */
static void first_of_few(const ynode *map, size_t *first)
{
	for (size_t i = 0; i + 1 < map->n; i += 2) {
		first[i / 2] = i;
		if (map->items[i]->kind != Y_SCALAR)
			continue;
		for (size_t j = 0; j < i; j += 2)
			if (map->items[j]->kind == Y_SCALAR && !strcmp(map->items[j]->val, map->items[i]->val)) {
				first[i / 2] = j;
				break;
			}
	}
}

void yread_keys(yread *r, const ynode *map, const char *what, const char *const *allowed)
{
	size_t few[16];
	size_t *first = few;
	if (map->n / 2 <= ARRAY_LEN(few))
		first_of_few(map, few);
	else
		first = first_of_keys(map);
	for (size_t i = 0; i + 1 < map->n; i += 2) {
		const ynode *k = map->items[i];
		if (k->kind != Y_SCALAR) {
			yread_fail(r, k, "%s: keys must be plain names", what);
			continue;
		}
		if (first[i / 2] != i)
			yread_fail(r, k, "%s: duplicate key '%s' (first at line %d)", what, k->val,
				   map->items[first[i / 2]]->line);
		if (allowed)
			unknown_key(r, k, what, allowed);
	}
	if (first != few)
		free(first);
}

static int valid_name(const char *s)
{
	if (!isalpha((unsigned char)*s) && *s != '_')
		return 0;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && *s != '_')
			return 0;
	return 1;
}

char *yread_name(yread *r, const ynode *n, const char *what)
{
	if (!yread_is(r, n, Y_SCALAR, what))
		return NULL;
	if (!valid_name(n->val)) {
		yread_fail(r, n, "%s '%s' is not a valid name (letters, digits and _, not starting with a digit)",
			   what, n->val);
		return NULL;
	}
	return xstrdup(n->val);
}

char *yread_scalar(yread *r, const ynode *n, const char *what)
{
	if (!yread_is(r, n, Y_SCALAR, what))
		return NULL;
	const char *why = text_refusal(n->val, strlen(n->val), 0);
	if (why) {
		yread_fail(r, n, "%s %s", what, why);
		return NULL;
	}
	return xstrdup(n->val);
}

void yread_text_rule(yread *r, const ynode *n, int is_key)
{
	if (n->kind == Y_SCALAR) {
		const char *why = text_refusal(n->val, strlen(n->val), !is_key);
		if (why)
			yread_fail(r, n, "%s %s", is_key ? "the key" : "the value", why);
		return;
	}
	for (size_t i = 0; i < n->n; i++)
		yread_text_rule(r, n->items[i], n->kind == Y_MAP && i % 2 == 0);
}

char *yread_text(yread *r, const ynode *map, const char *key)
{
	const ynode *v = ymap_get(map, key);
	if (!v) {
		yread_fail(r, map, "needs %s:", key);
		return NULL;
	}
	return yread_scalar(r, v, key);
}

int yread_bool(yread *r, const ynode *n, const char *what, int *out)
{
	if (!yread_is(r, n, Y_SCALAR, what))
		return 0;
	const char *v = n->val;
	if (!strcmp(v, "true") || !strcmp(v, "yes") || !strcmp(v, "on")) { *out = 1; return 1; }
	if (!strcmp(v, "false") || !strcmp(v, "no") || !strcmp(v, "off")) { *out = 0; return 1; }
	yread_fail(r, n, "%s must be true or false, found '%s'", what, v);
	return 0;
}

int yread_int(yread *r, const ynode *n, const char *what, long long *out)
{
	if (!yread_is(r, n, Y_SCALAR, what))
		return 0;
	char *end;
	errno = 0;
	long long v = strtoll(n->val, &end, 10);
	if (!*n->val || *end || errno) {
		yread_fail(r, n, "%s must be a whole number, found '%s'", what, n->val);
		return 0;
	}
	*out = v;
	return 1;
}

const ynode **yread_list(yread *r, const ynode *n, const char *what, size_t *count)
{
	*count = 0;
	if (n->kind == Y_SCALAR) {
		const ynode **v = xmalloc(sizeof *v);
		v[0] = n;
		*count = 1;
		return v;
	}
	if (!yread_is(r, n, Y_SEQ, what))
		return NULL;
	const ynode **v = xcalloc(n->n, sizeof *v);
	for (size_t i = 0; i < n->n; i++) {
		if (!yread_is(r, n->items[i], Y_SCALAR, what))
			continue;
		v[(*count)++] = n->items[i];
	}
	return v;
}

char **yread_strings(yread *r, const ynode *n, const char *what, size_t *count)
{
	*count = 0;
	if (!yread_is(r, n, Y_SEQ, what))
		return NULL;
	char **out = xcalloc(n->n + 1, sizeof *out);
	for (size_t i = 0; i < n->n; i++)
		if (yread_is(r, n->items[i], Y_SCALAR, what))
			out[(*count)++] = xstrdup(n->items[i]->val);
	if (*count == 0)
		yread_fail(r, n, "%s must not be empty", what);
	return out;
}
