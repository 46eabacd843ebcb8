/* SPDX-License-Identifier: MIT */
/* yamldoc.c - libyaml events to a tree. Aliases are refused: a configuration
 * that must be read by people should say things once, where they are. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <sys/stat.h>
#include <yaml.h>
#include "format/yamldoc.h"
#include "format/ycache.h"

static ynode *ynew(gc_arena *arena, int kind, const yaml_mark_t *m, const char *file)
{
	ynode *n = arena_alloc(arena, sizeof *n);
	memset(n, 0, sizeof *n);
	n->kind = kind;
	n->line = (int)m->line + 1;
	n->col = (int)m->column + 1;
	n->file = file;
	return n;
}

static void yadd(gc_arena *arena, ynode *parent, ynode *child)
{
	/* Grow by powers of two; n is small for configuration files. */
	if ((parent->n & (parent->n - 1)) == 0) {
		ynode **items = arena_alloc(arena, (parent->n ? parent->n * 2 : 1) * sizeof *items);
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
	if (!n || !n->meta)
		return;
	gc_arena a = n->meta->chunks;   /* a copy: the meta lives in the arena */
	arena_free(&a);
}

/* The events of one document to a tree under holder (its arena). */
static int parse_events(yaml_parser_t *p, gc_arena *arena, const char *path, const char *file,
			ynode **rootp, gc_errs *errs)
{
	yaml_event_t ev;
	ynode *stack[64];
	int depth = 0;
	ynode *root = NULL;
	int ok = 1, done = 0;

	while (ok && !done) {
		if (!yaml_parser_parse(p, &ev)) {
			errs_add(errs, GC_EDATA, "%s:%zu:%zu: YAML syntax error: %s%s%s", path,
				 p->problem_mark.line + 1, p->problem_mark.column + 1,
				 p->problem ? p->problem : "unknown problem",
				 p->context ? " " : "", p->context ? p->context : "");
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
			n = ynew(arena, Y_SCALAR, &ev.start_mark, file);
			n->val = arena_alloc(arena, ev.data.scalar.length + 1);
			memcpy(n->val, ev.data.scalar.value, ev.data.scalar.length);
			n->val[ev.data.scalar.length] = 0;
			n->quoted = ev.data.scalar.style != YAML_PLAIN_SCALAR_STYLE;
			break;
		case YAML_SEQUENCE_START_EVENT:
		case YAML_MAPPING_START_EVENT:
			n = ynew(arena, ev.type == YAML_SEQUENCE_START_EVENT ? Y_SEQ : Y_MAP, &ev.start_mark, file);
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
				yadd(arena, stack[depth - 1], n);
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
	*rootp = root;
	return ok;
}

/* The whole file in memory (configuration files are small), or NULL. */
static char *read_all(const char *path, size_t *len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size > YDOC_CACHE_MAX) {
		close(fd);
		return NULL;
	}
	size_t cap = (size_t)st.st_size + 1, n = 0;
	char *b = xmalloc(cap);
	for (;;) {
		if (n == cap)
			b = xrealloc(b, cap *= 2);
		ssize_t r = read(fd, b + n, cap - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			free(b);
			close(fd);
			return NULL;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	close(fd);
	*len = n;
	return b;
}

/* The file name lives in the hidden holder's val so it is freed with the
 * tree. A file's tree comes from the cache when its bytes are there
 * (ycache.c); ydoc_keep puts one there. */
ynode *ydoc_load(const char *path, const char *cache_dir, gc_errs *errs)
{
	size_t len = 0;
	char *src = read_all(path, &len);
	FILE *f = NULL;
	if (!src && !(f = fopen(path, "rb"))) {
		errs_add(errs, GC_EDATA, "%s: cannot open: %s", path, strerror(errno));
		return NULL;
	}
	gc_arena first = NULL;
	ydoc_meta *meta = arena_alloc(&first, sizeof *meta);   /* in the arena it owns */
	memset(meta, 0, sizeof *meta);
	meta->chunks = first;
	gc_arena *arena = &meta->chunks;
	ynode *holder = arena_alloc(arena, sizeof *holder);
	memset(holder, 0, sizeof *holder);
	holder->kind = Y_SEQ;
	holder->meta = meta;
	holder->val = strcpy(arena_alloc(arena, strlen(path) + 1), path);
	const char *file = holder->val;
	ynode *root = NULL;
	if (src && cache_dir) {
		meta->cache_dir = strcpy(arena_alloc(arena, strlen(cache_dir) + 1), cache_dir);
		ycache_key_of(&meta->key, src, len);
		root = ycache_read(cache_dir, &meta->key, arena, file);
		if (root) {
			free(src);
			meta->from_cache = 1;
			yadd(arena, holder, root);
			return holder;
		}
	}

	yaml_parser_t p;
	yaml_parser_initialize(&p);
	if (src)
		yaml_parser_set_input_string(&p, (const unsigned char *)src, len);
	else
		yaml_parser_set_input_file(&p, f);
	int ok = parse_events(&p, arena, path, file, &root, errs);
	yaml_parser_delete(&p);
	if (f)
		fclose(f);
	free(src);
	if (!ok) {
		ydoc_free(holder);   /* and every node made so far */
		return NULL;
	}
	if (!root) {
		/* An empty file is an empty mapping. */
		yaml_mark_t m = { 0, 0, 0 };
		root = ynew(arena, Y_MAP, &m, file);
	}
	yadd(arena, holder, root);
	return holder;
}

int ydoc_cached(const ynode *doc)
{
	return doc->meta->from_cache;
}

/* A YAML error never gets here: ydoc_load returned no tree. */
void ydoc_keep(const ynode *doc)
{
	const ydoc_meta *m = doc->meta;
	if (!m->from_cache && m->cache_dir)
		ycache_write(m->cache_dir, &m->key, doc->items[0]);
}

ynode *ymap_get(const ynode *map, const char *key)
{
	if (!map || map->kind != Y_MAP)
		return NULL;
	/* The first byte before strcmp: most keys of a mapping differ there. */
	for (size_t i = 0; i + 1 < map->n; i += 2) {
		const ynode *k = map->items[i];
		if (k->kind == Y_SCALAR && k->val[0] == key[0] && strcmp(k->val, key) == 0)
			return map->items[i + 1];
	}
	return NULL;
}
