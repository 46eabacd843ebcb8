/* SPDX-License-Identifier: MIT */
/* ycache.c - the parsed tree of a YAML file kept in DIR/y-HASH-BUILD.tree, so that
 * a command does not run libyaml's parser over the same configuration again.
 * The key is the file's bytes (length and two 64-bit hashes of them: no
 * staleness from times), this file's format number, the gridcase version
 * and the running program's GNU build id (every build of the same version
 * its own: a changed parser or text rule never meets an old tree). Every node keeps its kind, quoting, line and column, so a later
 * message names the same FILE:LINE:COL; the file name itself is not kept
 * (a tree names the path it was loaded from). A cache file is trusted only
 * when its header matches and the hash of its body is right and the body
 * decodes to exactly one tree: anything else (short, damaged, of another
 * version) is ignored, and the parse that follows writes it again. Only
 * ydoc_keep writes: the configuration calls it for a file whose texts all
 * passed its rule, so a file with any error in its YAML or its texts is
 * parsed (and its messages made) every time.
 *
 *   "gcytree\0"  format(be32)  version length(be32)  version
 *   build id length(be32)  build id
 *   source length, h1, h2 (be64)  body length, body hash (be64)  body
 *   body: node = tag(kind | quoted << 2)  line  col (varints)
 *         scalar: length (varint), bytes, NUL; seq/map: count (varint), nodes
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <dirent.h>
#include <time.h>
#include <sys/stat.h>
#include <link.h>
#include <elf.h>
#include "format/ycache.h"

#define YCACHE_FORMAT 3   /* 2: only trees that passed the text rule (ydoc_keep); 3: build id */
#define YCACHE_MAGIC "gcytree"   /* with its NUL: 8 bytes */
#define YCACHE_DEPTH 66          /* the parser's 64 containers, the scalar in them */
/* An edited file is a new name and the old one is never read again: after
 * a write, the least recently used trees go beyond these. */
#define YCACHE_KEEP_FILES 256
#define YCACHE_KEEP_BYTES (64 << 20)
#define YCACHE_USED_DAY 86400    /* a tree read is marked used at most once a day */
#define YCACHE_TMP_AGE 3600      /* a .tmp this old is a killed writer's */

static uint64_t mix(uint64_t h)
{
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ULL;
	h ^= h >> 33;
	return h;
}

/* Two independent 64-bit hashes, 8 bytes a step. Not cryptographic: the
 * cache directory is the user's own (0700). */
static void hash2(const char *p, size_t len, uint64_t *a, uint64_t *b)
{
	uint64_t h1 = 0x9e3779b97f4a7c15ULL ^ len, h2 = 0x6a09e667f3bcc909ULL + len;
	size_t i = 0;
	for (; i + 8 <= len; i += 8) {
		uint64_t w;
		memcpy(&w, p + i, 8);
		h1 = (h1 ^ w) * 0x87c37b91114253d5ULL;
		h1 = (h1 << 31) | (h1 >> 33);
		h2 = (h2 + w) * 0x4cf5ad432745937fULL;
		h2 ^= h2 >> 29;
	}
	uint64_t w = 0;
	memcpy(&w, p + i, len - i);
	h1 = mix(h1 ^ w);
	h2 = mix(h2 + w + 1);
	*a = h1;
	*b = h2;
}

void ycache_key_of(ycache_key *k, const char *src, size_t len)
{
	k->len = len;
	hash2(src, len, &k->h1, &k->h2);
}


typedef struct build_id {
	const unsigned char *p;
	size_t n;
} build_id;

/* The NT_GNU_BUILD_ID note of the program itself (the first object). */
static int find_build_id(struct dl_phdr_info *info, size_t size, void *arg)
{
	(void)size;
	build_id *id = arg;
	for (int i = 0; i < info->dlpi_phnum; i++) {
		const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
		if (ph->p_type != PT_NOTE)
			continue;
		const unsigned char *p = (const unsigned char *)(info->dlpi_addr + ph->p_vaddr);
		const unsigned char *end = p + ph->p_memsz;
		while ((size_t)(end - p) >= sizeof(ElfW(Nhdr))) {
			const ElfW(Nhdr) *nh = (const ElfW(Nhdr) *)(const void *)p;
			size_t name = (nh->n_namesz + 3) & ~(size_t)3, desc = (nh->n_descsz + 3) & ~(size_t)3;
			if ((size_t)(end - p) - sizeof *nh < name + desc)
				break;
			if (nh->n_type == NT_GNU_BUILD_ID && nh->n_namesz == 4 &&
			    !memcmp(p + sizeof *nh, "GNU", 4)) {
				id->p = p + sizeof *nh + name;
				id->n = nh->n_descsz;
				return 1;
			}
			p += sizeof *nh + name + desc;
		}
	}
	return 1;   /* only the first object: the program */
}

static const build_id *program_id(void)
{
	static build_id id;
	static int looked;
	if (!looked) {
		dl_iterate_phdr(find_build_id, &id);
		looked = 1;
	}
	return &id;
}

/* DIR/y-HASH-BUILD.tree: the build in the name too, so two builds run in
 * turn (a bench, an upgrade beside the old binary) keep a tree each
 * instead of writing one over the other every time; prune takes the old
 * builds' trees in time. */
static char *cache_path(const char *dir, const ycache_key *k)
{
	const build_id *id = program_id();
	uint64_t b1 = 0, b2;
	if (id->p)
		hash2((const char *)id->p, id->n, &b1, &b2);
	gc_buf b;
	buf_init(&b);
	buf_printf(&b, "%s/y-%016llx%016llx-%08x.tree", dir, (unsigned long long)k->h1,
		   (unsigned long long)k->h2, (unsigned)(b1 >> 32));
	return b.p;
}

static void header(gc_buf *b, const ycache_key *k)
{
	build_id id = *program_id();
	buf_add(b, YCACHE_MAGIC, sizeof YCACHE_MAGIC);
	buf_u32(b, YCACHE_FORMAT);
	buf_u32(b, (uint32_t)strlen(GRIDCASE_VERSION));
	buf_adds(b, GRIDCASE_VERSION);
	buf_u32(b, (uint32_t)id.n);
	buf_add(b, id.p ? (const char *)id.p : "", id.n);
	buf_u64(b, k->len);
	buf_u64(b, k->h1);
	buf_u64(b, k->h2);
}

/* ---- writing ---------------------------------------------------------- */

static void put_varint(gc_buf *b, uint64_t v)
{
	unsigned char t[10];
	size_t n = 0;
	do {
		t[n] = (unsigned char)(v & 0x7f);
		v >>= 7;
		if (v)
			t[n] |= 0x80;
		n++;
	} while (v);
	buf_add(b, t, n);
}

static void put_node(gc_buf *b, const ynode *n)
{
	buf_addc(b, (char)(n->kind | (n->quoted ? 4 : 0)));
	put_varint(b, (uint64_t)n->line);
	put_varint(b, (uint64_t)n->col);
	if (n->kind == Y_SCALAR) {
		size_t l = strlen(n->val);
		put_varint(b, l);
		buf_add(b, n->val, l + 1);
		return;
	}
	put_varint(b, n->n);
	for (size_t i = 0; i < n->n; i++)
		put_node(b, n->items[i]);
}

static int mkdirs(const char *dir)
{
	char *p = xstrdup(dir);
	for (char *s = p + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = 0;
		if (mkdir(p, 0700) != 0 && errno != EEXIST) {
			free(p);
			return -1;
		}
		*s = '/';
	}
	int rc = mkdir(p, 0700) != 0 && errno != EEXIST ? -1 : 0;
	free(p);
	return rc;
}

typedef struct entry {
	time_t used;
	off_t size;
	char *name;
} entry;

static int older_first(const void *a, const void *b)
{
	const entry *x = a, *y = b;
	return x->used < y->used ? -1 : x->used > y->used;
}

static int ends_with(const char *s, const char *tail)
{
	size_t n = strlen(s), t = strlen(tail);
	return n >= t && !strcmp(s + n - t, tail);
}

/* Keep the directory bounded: a killed writer's .tmp goes after an hour,
 * and the trees used longest ago go while there are more than
 * YCACHE_KEEP_FILES or YCACHE_KEEP_BYTES of them. Runs only after a write
 * (a miss), so a command that finds its trees pays nothing for it. Only
 * names this file makes are touched. */
static void prune(const char *dir)
{
	int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	DIR *d = dfd < 0 ? NULL : fdopendir(dfd);
	if (!d) {
		if (dfd >= 0)
			close(dfd);
		return;
	}
	entry *v = NULL;
	size_t n = 0, cap = 0;
	uint64_t bytes = 0;
	time_t now = time(NULL);
	struct dirent *e;
	while ((e = readdir(d))) {
		struct stat st;
		if (strncmp(e->d_name, "y-", 2) || fstatat(dfd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) || !S_ISREG(st.st_mode))
			continue;
		if (ends_with(e->d_name, ".tmp")) {
			if (now - st.st_mtime > YCACHE_TMP_AGE)
				unlinkat(dfd, e->d_name, 0);
			continue;
		}
		if (!ends_with(e->d_name, ".tree"))
			continue;
		if (n == cap)
			v = xrealloc(v, (cap = cap ? 2 * cap : 64) * sizeof *v);
		v[n++] = (entry){ st.st_mtime, st.st_size, xstrdup(e->d_name) };
		bytes += (uint64_t)st.st_size;
	}
	qsort(v, n, sizeof *v, older_first);
	size_t left = n;
	for (size_t i = 0; i < n; i++) {
		if (left > YCACHE_KEEP_FILES || bytes > YCACHE_KEEP_BYTES) {
			if (unlinkat(dfd, v[i].name, 0) == 0) {
				left--;
				bytes -= (uint64_t)v[i].size;
			}
		}
		free(v[i].name);
	}
	free(v);
	closedir(d);
}

/* The file is opened before the tree is put into bytes: where the cache
 * cannot be written (a read-only home), a miss costs no more than that. */
void ycache_write(const char *dir, const ycache_key *k, const ynode *root)
{
	char *path = cache_path(dir, k);
	gc_buf tmp;
	buf_init(&tmp);
	buf_printf(&tmp, "%s.%ld.tmp", path, (long)getpid());
	int fd = open(tmp.p, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0 && errno == ENOENT && mkdirs(dir) == 0)
		fd = open(tmp.p, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd >= 0) {
		gc_buf body, out;
		buf_init(&body);
		put_node(&body, root);
		uint64_t bh, unused;
		hash2(body.p, body.len, &bh, &unused);
		buf_init(&out);
		header(&out, k);
		buf_u64(&out, body.len);
		buf_u64(&out, bh);
		buf_add(&out, body.p, body.len);
		buf_free(&body);
		int bad = write_all(fd, out.p, out.len) != 0;
		bad |= close(fd) != 0;
		if (bad || rename(tmp.p, path) != 0)
			unlink(tmp.p);
		else
			prune(dir);
		buf_free(&out);
	}
	buf_free(&tmp);
	free(path);
}

/* ---- reading ---------------------------------------------------------- */

typedef struct rd {
	const unsigned char *p, *end;
	gc_arena *arena;
	const char *file;
} rd;

static int get_varint(rd *r, uint64_t *v)
{
	if (r->p < r->end && *r->p < 0x80) {   /* one byte: most lines, columns, lengths */
		*v = *r->p++;
		return 0;
	}
	*v = 0;
	for (int shift = 0; shift < 64; shift += 7) {
		if (r->p >= r->end)
			return -1;
		unsigned char c = *r->p++;
		*v |= (uint64_t)(c & 0x7f) << shift;
		if (!(c & 0x80))
			return 0;
	}
	return -1;
}

static ynode *get_node(rd *r, int depth)
{
	uint64_t line, col, n;
	if (depth > YCACHE_DEPTH || r->p >= r->end)
		return NULL;
	unsigned tag = *r->p++;
	int kind = (int)(tag & 3);
	if ((tag & ~7u) || kind > Y_MAP || get_varint(r, &line) || get_varint(r, &col) ||
	    get_varint(r, &n) || line > 0x7fffffff || col > 0x7fffffff)
		return NULL;
	ynode *y = arena_alloc(r->arena, sizeof *y);
	*y = (ynode){ .kind = kind, .quoted = (tag & 4) != 0, .line = (int)line, .col = (int)col,
		      .file = r->file };
	if (kind == Y_SCALAR) {
		if (n >= (uint64_t)(r->end - r->p) || r->p[n] != 0)
			return NULL;
		y->val = (char *)r->p;   /* the body lives in the same arena */
		r->p += n + 1;
		return y;
	}
	/* Every node takes at least 4 bytes: a count beyond that is damage. */
	if (n > (uint64_t)(r->end - r->p) / 4 || (kind == Y_MAP && n % 2))
		return NULL;
	y->n = (size_t)n;
	y->items = n ? arena_alloc(r->arena, (size_t)n * sizeof *y->items) : NULL;
	for (size_t i = 0; i < y->n; i++)
		if (!(y->items[i] = get_node(r, depth + 1)))
			return NULL;
	return y;
}

/* The file in memory, in the arena. */
static unsigned char *slurp(const char *path, gc_arena *arena, size_t *len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	struct stat st;
	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size > 8 * (off_t)YDOC_CACHE_MAX ||
	    st.st_size < 64) {
		close(fd);
		return NULL;
	}
	if (time(NULL) - st.st_mtime > YCACHE_USED_DAY)
		futimens(fd, NULL);   /* its time says when it was last used (for prune) */
	size_t want = (size_t)st.st_size, got = 0;
	unsigned char *b = arena_alloc(arena, want);
	while (got < want) {
		ssize_t r = read(fd, b + got, want - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		got += (size_t)r;
	}
	close(fd);
	*len = got;
	return got == want ? b : NULL;
}

ynode *ycache_read(const char *dir, const ycache_key *k, gc_arena *arena, const char *file)
{
	char *path = cache_path(dir, k);
	size_t len = 0;
	unsigned char *b = slurp(path, arena, &len);
	free(path);
	if (!b)
		return NULL;   /* the bytes stay in the arena until the tree goes */
	gc_buf h;
	buf_init(&h);
	header(&h, k);
	ynode *root = NULL;
	if (len >= h.len + 16 && memcmp(b, h.p, h.len) == 0) {
		uint64_t blen = get_be64(b + h.len), bh = get_be64(b + h.len + 8), sum, unused;
		rd r = { b + h.len + 16, b + len, arena, file };
		if (blen == (uint64_t)(r.end - r.p)) {
			hash2((const char *)r.p, (size_t)blen, &sum, &unused);
			if (sum == bh && (root = get_node(&r, 0)) && r.p != r.end)
				root = NULL;
		}
	}
	buf_free(&h);
	return root;
}
