/* SPDX-License-Identifier: MIT */
/* yamldoc.h - a YAML file read into a small tree that remembers where every
 * node came from, so validation can name file:line:col. */
#ifndef GRIDCASE_YAMLDOC_H
#define GRIDCASE_YAMLDOC_H

#include <stddef.h>
#include "gridcase/util.h"

enum ynode_kind { Y_SCALAR, Y_SEQ, Y_MAP };

typedef struct ynode {
	int kind;
	char *val;              /* scalar text (NUL-terminated) */
	int quoted;             /* scalar was quoted: never null/bool */
	int line, col;          /* 1-based */
	const char *file;       /* owned by the document */
	struct ynode **items;   /* seq: items; map: key, value, key, value... */
	size_t n;               /* number of entries in items */
	struct ydoc_meta *meta; /* the document's memory and cache key: the holder's only */
} ynode;

/* Parse a file. On a syntax error, adds "file:line:col: ..." to errs and
 * returns NULL. The file name string is kept in the returned tree. With a
 * cache_dir (NULL: none), the tree of a file with the same bytes that
 * ydoc_keep put there comes from there (src/format/ycache.c). */
ynode *ydoc_load(const char *path, const char *cache_dir, gc_errs *errs);
/* Whether ydoc_load's tree came from the cache. */
int ydoc_cached(const ynode *doc);
/* Put a parsed tree in the cache (nothing when it came from there or has no
 * cache directory). The configuration keeps only trees that passed its
 * text rule, so a tree from the cache need not be checked again. */
void ydoc_keep(const ynode *doc);
/* Free what ydoc_load returned, every node of it at once (the nodes live
 * in its arena: a node inside is not freed on its own). */
void ydoc_free(ynode *n);

/* Value of key in a map, or NULL. */
ynode *ymap_get(const ynode *map, const char *key);

#endif
