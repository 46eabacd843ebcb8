/* SPDX-License-Identifier: MIT */
/* ycache.h - the parsed trees of YAML files kept on disk, keyed by a hash of
 * each file's bytes (yamldoc.c's own: see ycache.c). */
#ifndef GRIDCASE_YCACHE_H
#define GRIDCASE_YCACHE_H

#include <stddef.h>
#include <stdint.h>
#include "gridcase/util.h"
#include "format/yamldoc.h"

/* A file bigger than this is parsed every time and never cached. */
#define YDOC_CACHE_MAX (16 << 20)

typedef struct ycache_key {
	uint64_t len, h1, h2;   /* the source's length and two hashes of its bytes */
} ycache_key;

/* What the holder of a document points to (yamldoc.h's meta). */
typedef struct ydoc_meta {
	gc_arena chunks;           /* the arena: every node, text and this */
	const char *cache_dir;    /* in the arena, or NULL */
	ycache_key key;           /* of the file's bytes, when cache_dir */
	int from_cache;
} ydoc_meta;

void ycache_key_of(ycache_key *k, const char *src, size_t len);
/* The tree cached for these bytes, its nodes in the arena and naming file;
 * NULL when there is none or it is short, damaged or of another version. */
ynode *ycache_read(const char *dir, const ycache_key *k, gc_arena *arena, const char *file);
/* Write root's tree for k (tmp + rename, 0600); silent when it cannot. */
void ycache_write(const char *dir, const ycache_key *k, const ynode *root);

#endif
