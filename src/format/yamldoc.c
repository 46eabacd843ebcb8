/* SPDX-License-Identifier: MIT */
/* yamldoc.c - libyaml events to a tree. Aliases are refused: a configuration
 * that must be read by people should say things once, where they are. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <yaml.h>
#include "format/yamldoc.h"

static ynode *ynew(int kind, const yaml_mark_t *m, const char *file)
{
	ynode *n = xcalloc(1, sizeof *n);
	n->kind = kind;
	n->line = (int)m->line + 1;
	n->col = (int)m->column + 1;
	n->file = file;
	return n;
}

static void yadd(ynode *parent, ynode *child)
{
	/* Grow by powers of two; n is small for configuration files. */
	if ((parent->n & (parent->n - 1)) == 0)
		parent->items = xrealloc(parent->items, (parent->n ? parent->n * 2 : 1) * sizeof *parent->items);
	parent->items[parent->n++] = child;
}

void ydoc_free(ynode *n)
{
	if (!n)
		return;
	for (size_t i = 0; i < n->n; i++)
		ydoc_free(n->items[i]);
	free(n->items);
	free(n->val);
	free(n);
}

/* The file name lives in a hidden root scalar's val so it is freed with the tree. */
ynode *ydoc_load(const char *path, gc_errs *errs)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		errs_add(errs, GC_EDATA, "%s: cannot open: %s", path, strerror(errno));
		return NULL;
	}
	yaml_parser_t p;
	yaml_event_t ev;
	yaml_parser_initialize(&p);
	yaml_parser_set_input_file(&p, f);

	ynode *holder = xcalloc(1, sizeof *holder);   /* owns the file name */
	holder->kind = Y_SEQ;
	holder->val = xstrdup(path);
	const char *file = holder->val;
	ynode *stack[64];
	int depth = 0;
	ynode *root = NULL;
	int ok = 1, done = 0;

	while (ok && !done) {
		if (!yaml_parser_parse(&p, &ev)) {
			errs_add(errs, GC_EDATA, "%s:%zu:%zu: YAML syntax error: %s%s%s", path,
				 p.problem_mark.line + 1, p.problem_mark.column + 1,
				 p.problem ? p.problem : "unknown problem",
				 p.context ? " " : "", p.context ? p.context : "");
			ok = 0;
			break;
		}
		ynode *n = NULL;
		switch (ev.type) {
		case YAML_STREAM_END_EVENT:
			done = 1;
			break;
		case YAML_DOCUMENT_START_EVENT:
			if (root) {
				errs_add(errs, GC_EDATA, "%s:%zu:%zu: only one YAML document per file is allowed",
					 path, ev.start_mark.line + 1, ev.start_mark.column + 1);
				ok = 0;
			}
			break;
		case YAML_ALIAS_EVENT:
			errs_add(errs, GC_EDATA, "%s:%zu:%zu: aliases (*name) are not supported; write the value out",
				 path, ev.start_mark.line + 1, ev.start_mark.column + 1);
			ok = 0;
			break;
		case YAML_SCALAR_EVENT:
			n = ynew(Y_SCALAR, &ev.start_mark, file);
			n->val = xstrndup((const char *)ev.data.scalar.value, ev.data.scalar.length);
			n->quoted = ev.data.scalar.style != YAML_PLAIN_SCALAR_STYLE;
			break;
		case YAML_SEQUENCE_START_EVENT:
		case YAML_MAPPING_START_EVENT:
			n = ynew(ev.type == YAML_SEQUENCE_START_EVENT ? Y_SEQ : Y_MAP, &ev.start_mark, file);
			break;
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT:
			depth--;
			break;
		default:
			break;
		}
		if (n) {
			if (depth > 0)
				yadd(stack[depth - 1], n);
			else
				root = n;
			if (n->kind != Y_SCALAR) {
				if (depth >= (int)ARRAY_LEN(stack)) {
					errs_add(errs, GC_EDATA, "%s:%d:%d: nesting too deep", path, n->line, n->col);
					ok = 0;
				} else {
					stack[depth++] = n;
				}
			}
		}
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&p);
	fclose(f);
	if (!ok) {
		if (root && depth == 0)
			ydoc_free(root);
		else if (depth > 0)
			ydoc_free(stack[0]);
		ydoc_free(holder);
		return NULL;
	}
	if (!root) {
		/* An empty file is an empty mapping. */
		yaml_mark_t m = { 0, 0, 0 };
		root = ynew(Y_MAP, &m, file);
	}
	yadd(holder, root);
	return holder;
}

ynode *ymap_get(const ynode *map, const char *key)
{
	if (!map || map->kind != Y_MAP)
		return NULL;
	for (size_t i = 0; i + 1 < map->n; i += 2)
		if (map->items[i]->kind == Y_SCALAR && strcmp(map->items[i]->val, key) == 0)
			return map->items[i + 1];
	return NULL;
}
