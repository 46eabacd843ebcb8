/* SPDX-License-Identifier: MIT */
/* util.c - buffers, error lists, allocation that never returns NULL. */
#include <fcntl.h>
#include <unistd.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "gridcase/util.h"

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p) {
		fputs("gridcase: out of memory\n", stderr);
		exit(GC_EIO);
	}
	return p;
}

void *xcalloc(size_t n, size_t m)
{
	void *p = calloc(n ? n : 1, m ? m : 1);
	if (!p) {
		fputs("gridcase: out of memory\n", stderr);
		exit(GC_EIO);
	}
	return p;
}

void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p) {
		fputs("gridcase: out of memory\n", stderr);
		exit(GC_EIO);
	}
	return p;
}

char *xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = 0;
	return p;
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

void buf_init(gc_buf *b)
{
	b->p = NULL;
	b->len = b->cap = 0;
}

void buf_free(gc_buf *b)
{
	free(b->p);
	buf_init(b);
}

void buf_reset(gc_buf *b)
{
	b->len = 0;
	if (b->p)
		b->p[0] = 0;
}

static void buf_grow(gc_buf *b, size_t extra)
{
	if (b->len + extra + 1 <= b->cap)
		return;
	size_t cap = b->cap ? b->cap : 64;
	while (cap < b->len + extra + 1)
		cap *= 2;
	b->p = xrealloc(b->p, cap);
	b->cap = cap;
}

void buf_add_slow(gc_buf *b, const void *p, size_t n)
{
	buf_grow(b, n);
	if (n)
		memcpy(b->p + b->len, p, n);
	b->len += n;
	b->p[b->len] = 0;
}

void buf_adds(gc_buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

void buf_add_quoted(gc_buf *b, const char *s)
{
	buf_addc(b, '"');
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			buf_addc(b, '\\');
		buf_addc(b, *s);
	}
	buf_addc(b, '"');
}

void buf_vprintf(gc_buf *b, const char *fmt, va_list ap)
{
	va_list cp;
	va_copy(cp, ap);
	int n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0)
		return;
	buf_grow(b, (size_t)n);
	vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
}

void buf_printf(gc_buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(b, fmt, ap);
	va_end(ap);
}

void put_be32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24); p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);  p[3] = (unsigned char)v;
}

void put_be64(unsigned char *p, uint64_t v)
{
	put_be32(p, (uint32_t)(v >> 32));
	put_be32(p + 4, (uint32_t)v);
}

uint32_t get_be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

uint64_t get_be64(const unsigned char *p)
{
	return (uint64_t)get_be32(p) << 32 | get_be32(p + 4);
}

void buf_u16(gc_buf *b, uint16_t v)
{
	unsigned char t[2] = { (unsigned char)(v >> 8), (unsigned char)v };
	buf_add(b, t, 2);
}

void buf_u32(gc_buf *b, uint32_t v)
{
	unsigned char t[4];
	put_be32(t, v);
	buf_add(b, t, 4);
}

void buf_u64(gc_buf *b, uint64_t v)
{
	unsigned char t[8];
	put_be64(t, v);
	buf_add(b, t, 8);
}

void errs_init(gc_errs *e)
{
	e->msg = NULL;
	e->n = e->cap = 0;
	e->status = GC_OK;
}

void errs_clear(gc_errs *e)
{
	for (size_t i = 0; i < e->n; i++)
		free(e->msg[i]);
	e->n = 0;
	e->status = GC_OK;
}

void errs_free(gc_errs *e)
{
	errs_clear(e);
	free(e->msg);
	errs_init(e);
}

void errs_add(gc_errs *e, int status, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	errs_vadd(e, status, fmt, ap);
	va_end(ap);
}

void errs_vadd(gc_errs *e, int status, const char *fmt, va_list ap)
{
	gc_buf b;
	buf_init(&b);
	buf_vprintf(&b, fmt, ap);
	if (e->n == e->cap) {
		e->cap = e->cap ? e->cap * 2 : 8;
		e->msg = xrealloc(e->msg, e->cap * sizeof *e->msg);
	}
	e->msg[e->n++] = b.p ? b.p : xstrdup("");
	if (e->status == GC_OK)
		e->status = status;
}

int file_finish(int fd, const char *tmp, const char *path, int written)
{
	if (written) {
		close(fd);
		unlink(tmp);
		return written;
	}
	int rc = fsync(fd) ? errno : 0;
	if (close(fd) && !rc)
		rc = errno;
	if (!rc && rename(tmp, path))
		rc = errno;
	if (rc) {
		unlink(tmp);
		return rc;
	}
	/* The rename itself reaches the disk only with its directory. */
	const char *slash = strrchr(path, '/');
	char *dir = slash ? xstrndup(path, slash == path ? 1 : (size_t)(slash - path)) : xstrdup(".");
	int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	free(dir);
	if (dfd >= 0) {
		if (fsync(dfd) && errno != EINVAL)
			rc = errno;
		close(dfd);
	}
	return rc;
}

void strv_free(char **v, size_t n)
{
	for (size_t i = 0; v && i < n; i++)
		free(v[i]);
	free(v);
}

void kv_free(gc_kv *kv, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(kv[i].key);
		free(kv[i].val);
	}
	free(kv);
}

int write_all(int fd, const void *data, size_t n)
{
	const char *p = data;
	while (n) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* A fresh chunk at the head (the old one's free tail is given up: blocks are
 * small beside 64 KiB); its start is aligned for any type. */
void *arena_grow(gc_arena *a, size_t n)
{
	size_t cap = n > 65536 ? n : 65536;
	gc_arena_chunk *c = xmalloc(sizeof *c + cap);
	c->next = *a;
	c->used = 0;
	c->cap = cap;
	*a = c;
	return c;
}

void arena_free(gc_arena *a)
{
	for (gc_arena_chunk *c = *a, *next; c; c = next) {
		next = c->next;
		free(c);
	}
	*a = NULL;
}
