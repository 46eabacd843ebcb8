/* SPDX-License-Identifier: MIT */
/* yamldoc.c - libyaml events to a tree. Aliases are refused: a configuration
 * that must be read by people should say things once, where they are. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <yaml.h>
#include "format/yamldoc.h"

/* A document's nodes, their item arrays and their text come from one arena
 * (chunks of 64 KiB or more) that its holder owns: loading a configuration
 * of a few thousand nodes made as many mallocs, and freeing them cost a
 * sixth of a short command's instructions. */
typedef struct ychunk {
	struct ychunk *next;
	size_t used, cap;
	max_align_t data[];
} ychunk;

static void *yalloc(ychunk **arena, size_t n)
{
	n = (n + sizeof(max_align_t) - 1) / sizeof(max_align_t) * sizeof(max_align_t);
	ychunk *c = *arena;
	if (!c || c->cap - c->used < n) {
		size_t cap = n > 65536 ? n : 65536;
		c = xmalloc(sizeof *c + cap);
		c->next = *arena;
		c->used = 0;
		c->cap = cap;
		*arena = c;
	}
	void *p = (char *)c->data + c->used;
	c->used += n;
	return p;
}

static ynode *ynew(ychunk **arena, int kind, const yaml_mark_t *m, const char *file)
{
	ynode *n = yalloc(arena, sizeof *n);
	memset(n, 0, sizeof *n);
	n->kind = kind;
	n->line = (int)m->line + 1;
	n->col = (int)m->column + 1;
	n->file = file;
	return n;
}

static void yadd(ychunk **arena, ynode *parent, ynode *child)
{
	/* Grow by powers of two; n is small for configuration files. */
	if ((parent->n & (parent->n - 1)) == 0) {
		ynode **items = yalloc(arena, (parent->n ? parent->n * 2 : 1) * sizeof *items);
		if (parent->n)
			memcpy(items, parent->items, parent->n * sizeof *items);
		parent->items = items;   /* the old array stays in the arena */
	}
	parent->items[parent->n++] = child;
}

/* The holder (what ydoc_load returns) owns the arena: every node is freed
 * with it. */
void ydoc_free(ynode *n)
{
	if (!n || !n->arena)
		return;
	for (ychunk *c = n->arena, *next; c; c = next) {
		next = c->next;
		free(c);
	}
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

	ychunk *arena = NULL;
	ynode *holder = yalloc(&arena, sizeof *holder);   /* owns the arena */
	memset(holder, 0, sizeof *holder);
	holder->kind = Y_SEQ;
	holder->val = strcpy(yalloc(&arena, strlen(path) + 1), path);
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
			n = ynew(&arena, Y_SCALAR, &ev.start_mark, file);
			n->val = yalloc(&arena, ev.data.scalar.length + 1);
			memcpy(n->val, ev.data.scalar.value, ev.data.scalar.length);
			n->val[ev.data.scalar.length] = 0;
			n->quoted = ev.data.scalar.style != YAML_PLAIN_SCALAR_STYLE;
			break;
		case YAML_SEQUENCE_START_EVENT:
		case YAML_MAPPING_START_EVENT:
			n = ynew(&arena, ev.type == YAML_SEQUENCE_START_EVENT ? Y_SEQ : Y_MAP, &ev.start_mark, file);
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
				yadd(&arena, stack[depth - 1], n);
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
	holder->arena = arena;
	if (!ok) {
		ydoc_free(holder);   /* and every node made so far */
		return NULL;
	}
	if (!root) {
		/* An empty file is an empty mapping. */
		yaml_mark_t m = { 0, 0, 0 };
		root = ynew(&arena, Y_MAP, &m, file);
	}
	yadd(&arena, holder, root);
	holder->arena = arena;   /* the last chunks made */
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
