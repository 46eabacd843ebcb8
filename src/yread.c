/* yread.c - see yread.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdarg.h>
#include "gridcase/yread.h"
#include "gridcase/i18n.h"

const ynode *yread_section(const gc_config *cfg, const char *key)
{
	for (size_t i = 0; i < cfg->ndocs; i++) {
		/* A document's first item is its root mapping. */
		const ynode *root = cfg->docs[i] && cfg->docs[i]->n ? cfg->docs[i]->items[0] : NULL;
		const ynode *v = root && root->kind == Y_MAP ? ymap_get(root, key) : NULL;
		if (v)
			return v;
	}
	return NULL;
}

void yread_fail(yread *r, const ynode *n, const char *fmt, ...)
{
	gc_buf b;
	va_list ap;
	buf_init(&b);
	va_start(ap, fmt);
	buf_vprintf(&b, gettext(fmt), ap);
	va_end(ap);
	errs_add(r->errs, GC_EDATA, "%s:%d:%d: %s: %s", n->file, n->line, n->col, r->section, b.p);
	buf_free(&b);
	r->bad = 1;
}

int yread_is(yread *r, const ynode *n, int kind, const char *what)
{
	static const char *const kinds[] = { "a value", "a list", "a mapping" };
	if (n && n->kind == kind)
		return 1;
	if (n)
		yread_fail(r, n, "%s must be %s", what, kinds[kind]);
	return 0;
}

char *yread_text(yread *r, const ynode *map, const char *key)
{
	const ynode *v = ymap_get(map, key);
	if (!v) {
		yread_fail(r, map, "needs %s:", key);
		return NULL;
	}
	return yread_is(r, v, Y_SCALAR, key) ? xstrdup(v->val) : NULL;
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
