/* SPDX-License-Identifier: MIT */
/* util.h - growable buffers, error lists and exit codes shared by every module. */
#ifndef GRIDCASE_UTIL_H
#define GRIDCASE_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <stdarg.h>

/* Exit codes of the command line; the core returns the same values so the
 * CLI can pass them straight through. Documented in gridcase(1). */
enum gc_status {
	GC_OK = 0,
	GC_EIO = 1,        /* storage or system error (disk full, unreadable file) */
	GC_EUSAGE = 2,     /* bad command line */
	GC_EDATA = 3,      /* bad data: configuration, CSV row, field value */
	GC_EPERM = 4,      /* permission denied: role or scope */
	GC_ECONFLICT = 5,  /* the record changed since it was read */
	GC_ENOTFOUND = 6,  /* unknown record, node, user or form */
};

/* FNV-1a of n bytes: the hash of every in-memory table keyed by short
 * strings (logins, posting and counter keys, demo names). */
static inline uint64_t hash_bytes(const void *p, size_t n)
{
	const unsigned char *b = p;
	uint64_t h = 1469598103934665603ULL;
	for (size_t i = 0; i < n; i++)
		h = (h ^ b[i]) * 1099511628211ULL;
	return h;
}

static inline uint64_t hash_str(const char *s)
{
	uint64_t h = 1469598103934665603ULL;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

/* An arena: many small blocks taken one after another from chunks of 64 KiB
 * or more, all freed at once. A configuration's YAML trees, the node tree
 * and a batch's counter keys each made thousands of mallocs, and freeing
 * them one by one cost more than making them. NULL is an empty arena. */
typedef struct gc_arena_chunk {
	struct gc_arena_chunk *next;
	size_t used, cap;
	max_align_t data[];
} gc_arena_chunk;
typedef gc_arena_chunk *gc_arena;

void *arena_grow(gc_arena *a, size_t n);
void arena_free(gc_arena *a);

/* n bytes, with no alignment (text, keys). */
static inline void *arena_bytes(gc_arena *a, size_t n)
{
	gc_arena_chunk *c = *a;
	if (!c || c->cap - c->used < n)
		c = arena_grow(a, n);
	void *p = (char *)c->data + c->used;
	c->used += n;
	return p;
}

/* n bytes aligned for any type. */
static inline void *arena_alloc(gc_arena *a, size_t n)
{
	gc_arena_chunk *c = *a;
	size_t at = c ? (c->used + sizeof(max_align_t) - 1) / sizeof(max_align_t) * sizeof(max_align_t) : 0;
	if (!c || at > c->cap || c->cap - at < n) {
		c = arena_grow(a, n);
		at = 0;
	}
	c->used = at + n;
	return (char *)c->data + at;
}

/* A growable byte buffer. Always NUL-terminated so it can be used as a string. */
typedef struct gc_buf {
	char *p;
	size_t len, cap;
} gc_buf;

void buf_init(gc_buf *b);
void buf_free(gc_buf *b);
void buf_reset(gc_buf *b);
void buf_add_slow(gc_buf *b, const void *p, size_t n);
/* Append n bytes; the common case (room left) is inline. */
static inline void buf_add(gc_buf *b, const void *p, size_t n)
{
	if (b->len + n + 1 <= b->cap) {
		__builtin_memcpy(b->p + b->len, p, n);
		b->len += n;
		b->p[b->len] = 0;
	} else {
		buf_add_slow(b, p, n);
	}
}
void buf_adds(gc_buf *b, const char *s);
/* s between double quotes, '"' and '\\' escaped: a YAML double-quoted scalar
 * (the users files gridcase writes; the text rule keeps controls out). */
void buf_add_quoted(gc_buf *b, const char *s);
static inline void buf_addc(gc_buf *b, char c)
{
	buf_add(b, &c, 1);
}
void buf_printf(gc_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_vprintf(gc_buf *b, const char *fmt, va_list ap);
void buf_u16(gc_buf *b, uint16_t v);
void buf_u32(gc_buf *b, uint32_t v);
void buf_u64(gc_buf *b, uint64_t v);

/* Big-endian helpers: keys are big-endian so memcmp order is numeric order. */
void put_be32(unsigned char *p, uint32_t v);
void put_be64(unsigned char *p, uint64_t v);
uint32_t get_be32(const unsigned char *p);
uint64_t get_be64(const unsigned char *p);

/* A list of error messages. Validation collects every error, not only the
 * first, so a user can fix a file in one pass. */
typedef struct gc_errs {
	char **msg;
	size_t n, cap;
	int status;       /* the gc_status of the first error */
} gc_errs;

void errs_init(gc_errs *e);
void errs_free(gc_errs *e);

/* Free n strings and the array holding them. */
void strv_free(char **v, size_t n);
void errs_add(gc_errs *e, int status, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void errs_vadd(gc_errs *e, int status, const char *fmt, va_list ap);
void errs_clear(gc_errs *e);

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t m);
void *xrealloc(void *p, size_t n);
/* Finish a file written beside its final name: when writing it failed
 * (written: an errno) drop it, else fsync, close, rename over path and
 * sync the directory. On any failure the temporary file is removed and
 * path left as it was. Returns 0 or the first errno. */
int file_finish(int fd, const char *tmp, const char *path, int written);
/* Write all n bytes (again after EINTR or a short write): 0, or -1 (errno). */
int write_all(int fd, const void *data, size_t n);

char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

/* A key and its value: a record's field, a row's cell, a typed field=value. */
typedef struct gc_kv {
	char *key, *val;
} gc_kv;
void kv_free(gc_kv *kv, size_t n);

/* Record ids stay below 2^53: JSON readers (JavaScript, jq, spreadsheets)
 * hold numbers as doubles and lose exactness above it, and the id counter
 * (meta next_id) stays far from 2^64, so it never wraps. Import refuses
 * larger ids; `new` fails cleanly once the last id is taken. */
#define GC_ID_CEILING 9007199254740992ULL   /* 2^53: the first id never used */

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

#endif
