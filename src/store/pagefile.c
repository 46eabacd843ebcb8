/* SPDX-License-Identifier: MIT */
/* pagefile.c - read an LMDB data file page by page with pread, never
 * through the map. LMDB maps the file and trusts it: a page beyond the end
 * of a truncated file is a SIGBUS, not an error code. This reader answers
 * the two questions LMDB cannot: at open, "does every page the database
 * needs exist?" (cheaply, from the free list), and for `verify`, "which
 * pages can be read at all?" (a walk of every tree).
 *
 * The layout follows LMDB 0.9's mdb.c (MDB_page, MDB_node, MDB_db,
 * MDB_meta) on a 64-bit host; nothing here writes. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <sys/stat.h>
#include "store/pagefile.h"

#define MDB_MAGIC     0xBEEFC0DEu
#define PAGEHDRSZ     16
#define P_BRANCH      0x01
#define P_LEAF        0x02
#define P_OVERFLOW    0x04
#define P_LEAF2       0x20
#define F_BIGDATA     0x01
#define F_SUBDATA     0x02
#define F_DUPDATA     0x04
#define NODESIZE      8
#define P_INVALID     (~(uint64_t)0)
#define MAX_DEPTH     32

/* Offsets inside a meta page (page header, then MDB_meta). */
#define META_MAGIC    (PAGEHDRSZ + 0)
#define META_DBS      (PAGEHDRSZ + 24)
#define META_LAST_PG  (PAGEHDRSZ + 24 + 2 * 48)
#define META_TXNID    (META_LAST_PG + 8)
#define DB_SIZE       48
#define DB_ROOT       40

typedef struct pf {
	int fd;
	uint32_t psize;
	uint64_t file_pages;   /* whole pages the file holds */
	uint64_t last_pg;
	unsigned char free_db[DB_SIZE], main_db[DB_SIZE];
	unsigned char *page;   /* scratch, one page per tree level */
	pagefile_report *rep;
	const char *tree;      /* the table being walked, for messages */
	uint64_t *freed;       /* free-list pages at or past the end (open check) */
	size_t nfreed, capfreed;
} pf;

static uint16_t get16(const unsigned char *p) { uint16_t v; memcpy(&v, p, 2); return v; }
static uint32_t get32(const unsigned char *p) { uint32_t v; memcpy(&v, p, 4); return v; }
static uint64_t get64(const unsigned char *p) { uint64_t v; memcpy(&v, p, 8); return v; }

static void note(pf *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void note(pf *f, const char *fmt, ...)
{
	va_list ap;
	f->rep->bad++;
	if (f->rep->nmsg >= PAGEFILE_MAX_MSG)
		return;
	va_start(ap, fmt);
	vsnprintf(f->rep->msg[f->rep->nmsg++], sizeof f->rep->msg[0], fmt, ap);
	va_end(ap);
}

/* Read page pgno into buf; -1 (and a note) when it is not in the file. */
static int read_page(pf *f, uint64_t pgno, unsigned char *buf)
{
	if (pgno >= f->file_pages) {
		note(f, "%s: page %llu lies beyond the end of the file (%llu pages)", f->tree,
		     (unsigned long long)pgno, (unsigned long long)f->file_pages);
		return -1;
	}
	ssize_t n = pread(f->fd, buf, f->psize, (off_t)(pgno * f->psize));
	if (n != (ssize_t)f->psize) {
		note(f, "%s: page %llu cannot be read: %s", f->tree, (unsigned long long)pgno,
		     n < 0 ? strerror(errno) : "short read");
		return -1;
	}
	if (get64(buf) != pgno) {
		note(f, "%s: page %llu holds page number %llu", f->tree, (unsigned long long)pgno,
		     (unsigned long long)get64(buf));
		return -1;
	}
	return 0;
}

/* The value of a leaf node: inline, or on overflow pages read whole. */
static unsigned char *leaf_value(pf *f, const unsigned char *node, size_t *len, int *owned)
{
	size_t dsize = get16(node) | ((size_t)get16(node + 2) << 16);
	const unsigned char *data = node + NODESIZE + get16(node + 6);
	*len = dsize;
	*owned = 0;
	if (!(get16(node + 4) & F_BIGDATA))
		return (unsigned char *)data;
	uint64_t pgno = get64(data);
	unsigned char *buf = xmalloc(f->psize);
	if (read_page(f, pgno, buf) || !(get16(buf + 10) & P_OVERFLOW)) {
		if (!(get16(buf + 10) & P_OVERFLOW))
			note(f, "%s: page %llu should be an overflow page", f->tree, (unsigned long long)pgno);
		free(buf);
		return NULL;
	}
	uint64_t pages = get32(buf + 12);
	if (pgno + pages > f->file_pages) {
		note(f, "%s: overflow pages %llu-%llu run past the end of the file", f->tree,
		     (unsigned long long)pgno, (unsigned long long)(pgno + pages - 1));
		free(buf);
		return NULL;
	}
	f->rep->pages += pages;
	unsigned char *all = xmalloc(pages * f->psize);
	ssize_t n = pread(f->fd, all, pages * f->psize, (off_t)(pgno * f->psize));
	free(buf);
	if (n != (ssize_t)(pages * f->psize) || dsize > pages * f->psize - PAGEHDRSZ) {
		note(f, "%s: overflow pages at %llu cannot be read", f->tree, (unsigned long long)pgno);
		free(all);
		return NULL;
	}
	memmove(all, all + PAGEHDRSZ, dsize);
	*owned = 1;
	return all;
}

typedef void (*leaf_fn)(pf *f, const unsigned char *key, size_t klen, const unsigned char *val,
			size_t vlen, unsigned flags);

static void walk(pf *f, uint64_t pgno, int depth, leaf_fn fn);

/* A tree met inside another (a named table, a duplicate sub-tree) gets its
 * own page buffers: the outer walk is still reading its own. */
static void walk_nested(pf *f, const char *tree, uint64_t root)
{
	pf sub = *f;
	sub.tree = tree;
	sub.page = xmalloc((size_t)MAX_DEPTH * f->psize);
	walk(&sub, root, 0, NULL);
	free(sub.page);
}

/* Each node of one leaf page: its value read, then handed to fn. */
static void walk_leaf(pf *f, const unsigned char *pg, unsigned nkeys, leaf_fn fn)
{
	for (unsigned i = 0; i < nkeys; i++) {
		unsigned off = get16(pg + PAGEHDRSZ + 2 * i);
		if (off < PAGEHDRSZ || off + NODESIZE > f->psize) {
			note(f, "%s: page %llu has a node outside the page", f->tree, (unsigned long long)get64(pg));
			return;
		}
		const unsigned char *node = pg + off;
		unsigned flags = get16(node + 4);
		size_t klen = get16(node + 6), vlen;
		int owned;
		if (off + NODESIZE + klen > f->psize) {
			note(f, "%s: page %llu has a key past its end", f->tree, (unsigned long long)get64(pg));
			return;
		}
		f->rep->entries++;
		if ((flags & (F_DUPDATA | F_SUBDATA)) == F_DUPDATA)
			continue;   /* duplicates on a sub-page inside this page */
		unsigned char *val = leaf_value(f, node, &vlen, &owned);
		if (!val)
			continue;
		if (fn)
			fn(f, node + NODESIZE, klen, val, vlen, flags);
		if ((flags & F_SUBDATA) && (flags & F_DUPDATA) && vlen >= DB_SIZE)
			walk_nested(f, f->tree, get64(val + DB_ROOT));   /* a sorted-duplicate sub-tree */
		if (owned)
			free(val);
	}
}

static void walk(pf *f, uint64_t pgno, int depth, leaf_fn fn)
{
	if (pgno == P_INVALID)
		return;   /* an empty tree */
	if (depth >= MAX_DEPTH) {
		note(f, "%s: the tree is deeper than %d levels (a loop?)", f->tree, MAX_DEPTH);
		return;
	}
	unsigned char *pg = f->page + (size_t)depth * f->psize;
	if (read_page(f, pgno, pg))
		return;
	f->rep->pages++;
	unsigned flags = get16(pg + 10), lower = get16(pg + 12);
	unsigned nkeys = lower >= PAGEHDRSZ ? (lower - PAGEHDRSZ) / 2 : 0;
	if (lower < PAGEHDRSZ || lower > f->psize) {
		note(f, "%s: page %llu has a broken header", f->tree, (unsigned long long)pgno);
	} else if (flags & P_BRANCH) {
		for (unsigned i = 0; i < nkeys; i++) {
			unsigned off = get16(pg + PAGEHDRSZ + 2 * i);
			if (off < PAGEHDRSZ || off + NODESIZE > f->psize) {
				note(f, "%s: page %llu has a node outside the page", f->tree, (unsigned long long)pgno);
				return;
			}
			const unsigned char *node = pg + off;
			uint64_t child = get16(node) | ((uint64_t)get16(node + 2) << 16) |
					 ((uint64_t)get16(node + 4) << 32);
			walk(f, child, depth + 1, fn);
		}
	} else if (flags & P_LEAF2) {
		f->rep->entries += nkeys;   /* fixed-size duplicates: keys only */
	} else if (flags & P_LEAF) {
		walk_leaf(f, pg, nkeys, fn);
	} else {
		note(f, "%s: page %llu is neither a branch nor a leaf (flags 0x%x)", f->tree,
		     (unsigned long long)pgno, flags);
	}
}

/* The free list: txnid -> [n, pgno...]. Keep the listed pages that lie at
 * or past the end of the file: those may be missing without harm. */
static void free_leaf(pf *f, const unsigned char *key, size_t klen, const unsigned char *val, size_t vlen,
		      unsigned flags)
{
	(void)key, (void)klen, (void)flags;
	if (vlen < 8)
		return;
	uint64_t n = get64(val);
	for (uint64_t i = 1; i <= n && (i + 1) * 8 <= vlen; i++) {
		uint64_t pg = get64(val + i * 8);
		if (pg < f->file_pages || !f->freed)
			continue;
		if (f->nfreed == f->capfreed) {
			f->capfreed = f->capfreed ? 2 * f->capfreed : 64;
			f->freed = xrealloc(f->freed, f->capfreed * sizeof *f->freed);
		}
		f->freed[f->nfreed++] = pg;
	}
}

/* The main tree's leaves are the named tables: walk each. */
static void main_leaf(pf *f, const unsigned char *key, size_t klen, const unsigned char *val, size_t vlen,
		      unsigned flags)
{
	if (!(flags & F_SUBDATA) || vlen < DB_SIZE)
		return;
	char name[64];
	uint64_t before = f->rep->pages;
	snprintf(name, sizeof name, "table '%.*s'", (int)(klen < 40 ? klen : 40), (const char *)key);
	walk_nested(f, name, get64(val + DB_ROOT));
	if (f->rep->ntables < PAGEFILE_MAX_TABLES) {
		pagefile_report *r = f->rep;
		snprintf(r->table[r->ntables].name, sizeof r->table[0].name, "%.*s", (int)(klen < 40 ? klen : 40),
			 (const char *)key);
		r->table[r->ntables++].pages = r->pages - before;
	}
}

static int u64_cmp(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

/* Read both meta pages and keep the newer. */
static int open_meta(pf *f, const char *path, pagefile_report *rep)
{
	struct stat sb;
	unsigned char m[2][PAGEHDRSZ + 160];
	memset(rep, 0, sizeof *rep);
	f->rep = rep;
	if ((f->fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return errno == ENOENT ? PAGEFILE_MISSING : PAGEFILE_ERROR;
	if (fstat(f->fd, &sb) || sb.st_size == 0) {
		close(f->fd);
		return sb.st_size == 0 ? PAGEFILE_MISSING : PAGEFILE_ERROR;   /* LMDB makes a new one */
	}
	if (pread(f->fd, m[0], sizeof m[0], 0) != (ssize_t)sizeof m[0] || get32(m[0] + META_MAGIC) != MDB_MAGIC) {
		close(f->fd);
		return PAGEFILE_NOT_LMDB;
	}
	f->psize = get32(m[0] + META_DBS);   /* the free table's md_pad holds the page size */
	if (f->psize < 512 || f->psize > 65536 || (f->psize & (f->psize - 1))) {
		close(f->fd);
		return PAGEFILE_NOT_LMDB;
	}
	int use = 0;
	if (pread(f->fd, m[1], sizeof m[1], f->psize) == (ssize_t)sizeof m[1] &&
	    get32(m[1] + META_MAGIC) == MDB_MAGIC && get64(m[1] + META_TXNID) > get64(m[0] + META_TXNID))
		use = 1;
	memcpy(f->free_db, m[use] + META_DBS, DB_SIZE);
	memcpy(f->main_db, m[use] + META_DBS + DB_SIZE, DB_SIZE);
	f->last_pg = get64(m[use] + META_LAST_PG);
	/* Size after the meta: a writer writes its pages before its meta. */
	if (fstat(f->fd, &sb)) {
		close(f->fd);
		return PAGEFILE_ERROR;
	}
	f->file_pages = (uint64_t)sb.st_size / f->psize;
	rep->psize = f->psize;
	rep->file_pages = f->file_pages;
	rep->need_pages = f->last_pg + 1;
	return 0;
}

static void close_pf(pf *f)
{
	free(f->page);
	free(f->freed);
	close(f->fd);
}

int pagefile_check(const char *path, pagefile_report *rep)
{
	pf f;
	memset(&f, 0, sizeof f);
	int rc = open_meta(&f, path, rep);
	if (rc)
		return rc;
	if (f.file_pages < 2) {
		note(&f, "the file is too short to hold its two meta pages");
	} else if (f.file_pages <= f.last_pg) {
		/* LMDB leaves a page freed at commit unwritten, so a healthy file
		 * may end early: the missing pages must all be on the free list. */
		f.freed = xmalloc(64 * sizeof *f.freed);
		f.capfreed = 64;
		f.tree = "free list";
		f.page = xmalloc((size_t)MAX_DEPTH * f.psize);   /* only a short file needs them */
		walk(&f, get64(f.free_db + DB_ROOT), 0, free_leaf);
		qsort(f.freed, f.nfreed, sizeof *f.freed, u64_cmp);
		size_t j = 0;
		for (uint64_t pg = f.file_pages; pg <= f.last_pg && !rep->bad; pg++) {
			while (j < f.nfreed && f.freed[j] < pg)
				j++;
			if (j >= f.nfreed || f.freed[j] != pg)
				note(&f, "page %llu is missing", (unsigned long long)pg);
		}
	}
	close_pf(&f);
	return rep->bad ? PAGEFILE_DAMAGED : 0;
}

int pagefile_walk(const char *path, pagefile_report *rep)
{
	pf f;
	memset(&f, 0, sizeof f);
	int rc = open_meta(&f, path, rep);
	if (rc)
		return rc;
	f.tree = "free list";
	f.page = xmalloc((size_t)MAX_DEPTH * f.psize);
	walk(&f, get64(f.free_db + DB_ROOT), 0, NULL);
	rep->free_pages = rep->pages;
	f.tree = "main table";
	walk(&f, get64(f.main_db + DB_ROOT), 0, main_leaf);
	close_pf(&f);
	return rep->bad ? PAGEFILE_DAMAGED : 0;
}
