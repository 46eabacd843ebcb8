/* SPDX-License-Identifier: MIT */
/* pagefile.h - an LMDB data file read with pread, page by page, so that a
 * truncated or damaged file is reported instead of ending in SIGBUS. */
#ifndef GRIDCASE_PAGEFILE_H
#define GRIDCASE_PAGEFILE_H

#include <stdint.h>
#include <stddef.h>
#include "gridcase/util.h"

#define PAGEFILE_MAX_MSG 20
#define PAGEFILE_MAX_TABLES 32

enum {
	PAGEFILE_DAMAGED = 1,   /* pages the database needs cannot be read: see msg */
	PAGEFILE_MISSING,       /* no file, or an empty one: LMDB will make it */
	PAGEFILE_NOT_LMDB,      /* no LMDB meta page at the start */
	PAGEFILE_ERROR,         /* the file could not be opened or read: errno */
};

typedef struct pagefile_report {
	uint32_t psize;
	uint64_t file_pages;   /* whole pages in the file */
	uint64_t need_pages;   /* pages up to the last one the newest meta uses */
	uint64_t pages;        /* pages walked and read */
	uint64_t entries;      /* leaf entries seen */
	uint64_t free_pages;   /* pages of the free list's own tree */
	size_t ntables;        /* the named tables walked, each with its pages (its trees and overflow pages) */
	struct { char name[48]; uint64_t pages; } table[PAGEFILE_MAX_TABLES];
	size_t bad;            /* problems found (msg holds the first ones) */

	size_t nmsg;
	char msg[PAGEFILE_MAX_MSG][160];
} pagefile_report;

/* At open: does every page the newest snapshot needs exist? Cheap: only
 * when the file ends before its last page is the free list read. */
int pagefile_check(const char *path, pagefile_report *rep);

/* For verify: walk every tree (free list, main table, each named table)
 * and note every page that cannot be read or is not what it should be. */
int pagefile_walk(const char *path, pagefile_report *rep);

#endif
