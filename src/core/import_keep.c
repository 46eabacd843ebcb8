/* SPDX-License-Identifier: MIT */
/* import_keep.c - the rows a large import's check built, kept for its
 * write (import_rec.h). The check parses and validates every row anyway;
 * kept, each record and history entry is written as the check encoded it
 * instead of the file being read and built a second time (that was as
 * much work again as the check). The rows go to a file of no name in the
 * database's directory (O_TMPFILE: nothing is left when the process ends,
 * however it ends), written and read back in order through buffers, so
 * memory stays a few megabytes whatever the size of the file. */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "core/import_rec.h"
#include "store/keys.h"

#define KEEP_BUF (1u << 20)   /* bytes written or read at once (resident all the while) */
#define KEEP_HEAD 52          /* an entry's fixed part with its length, below */

/* An entry: u32 length of what follows, i64 line, u64 row, u64 id, i64
 * due, u32 version, u32 node id, u32 record length, u32 history length,
 * then form, state and assignee each NUL-terminated, the record (id in
 * place, seq 0) and the history entry (hist_encode). */

int keep_open(keep_file *k, const char *db_path)
{
	memset(k, 0, sizeof *k);
	buf_init(&k->out);
	const char *slash = strrchr(db_path, '/');
	char *dir = slash ? xstrndup(db_path, (size_t)(slash - db_path) + (slash == db_path)) : xstrdup(".");
	k->fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
	free(dir);
	return k->fd < 0 ? -1 : 0;
}

static int flush_out(keep_file *k)
{
	for (size_t done = 0; done < k->out.len;) {
		ssize_t w = pwrite(k->fd, k->out.p + done, k->out.len - done, (off_t)(k->size + done));
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			k->failed = 1;
			return -1;
		}
		done += (size_t)w;
	}
	k->size += k->out.len;
	buf_reset(&k->out);
	return 0;
}

static void add_u32(gc_buf *b, uint32_t v)
{
	unsigned char x[4];
	put_be32(x, v);
	buf_add(b, x, 4);
}

static void add_u64(gc_buf *b, uint64_t v)
{
	unsigned char x[8];
	put_be64(x, v);
	buf_add(b, x, 8);
}

int keep_add(keep_file *k, const gc_record *rec, const gc_hist *h, long line, uint64_t row)
{
	if (k->fd < 0 || k->failed)
		return -1;
	gc_buf *b = &k->out;
	size_t at = b->len;
	add_u32(b, 0);
	add_u64(b, (uint64_t)(int64_t)line);
	add_u64(b, row);
	add_u64(b, rec->id);
	add_u64(b, (uint64_t)rec->due);
	add_u32(b, rec->version);
	add_u32(b, rec->node_id);
	size_t lens = b->len;
	add_u32(b, 0);
	add_u32(b, 0);
	buf_add(b, rec->form, strlen(rec->form) + 1);
	buf_add(b, rec->state, strlen(rec->state) + 1);
	buf_add(b, rec->assignee, strlen(rec->assignee) + 1);
	size_t blob = b->len;
	rec_encode(rec, b);
	size_t hist = b->len;
	gc_hist with = *h;   /* the changes borrowed, not copied: nothing of it is freed */
	if (!h->nchanges && rec->nfields) {
		if (rec->nfields > k->chg_cap)
			k->chg = xrealloc(k->chg, (k->chg_cap = rec->nfields) * sizeof *k->chg);
		for (size_t i = 0; i < rec->nfields; i++)
			k->chg[i] = (gc_change){ rec->fields[i].key, "", rec->fields[i].val };
		with.changes = k->chg;
		with.nchanges = rec->nfields;
	}
	hist_encode(&with, b);
	put_be32((unsigned char *)b->p + at, (uint32_t)(b->len - at - 4));
	put_be32((unsigned char *)b->p + lens, (uint32_t)(hist - blob));
	put_be32((unsigned char *)b->p + lens + 4, (uint32_t)(b->len - hist));
	k->rows++;
	return b->len >= KEEP_BUF ? flush_out(k) : 0;
}

int keep_end(keep_file *k)
{
	if (k->fd < 0 || k->failed)
		return -1;
	int rc = flush_out(k);
	buf_free(&k->out);
	return rc;
}

/* Bytes [at, at + n) of the file in the read buffer. */
static int have(keep_file *k, uint64_t at, size_t n)
{
	if (at >= k->in_off && at + n <= k->in_off + k->in_len)
		return 0;
	if (at + n > k->size)
		return -1;
	size_t want = n > KEEP_BUF ? n : KEEP_BUF;
	if (want > k->size - at)
		want = (size_t)(k->size - at);
	if (want > k->in_cap)
		k->in = xrealloc(k->in, k->in_cap = want);
	k->in_off = at;
	k->in_len = 0;
	while (k->in_len < want) {
		ssize_t r = pread(k->fd, k->in + k->in_len, want - k->in_len, (off_t)(at + k->in_len));
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		k->in_len += (size_t)r;
	}
	return k->in_len >= n ? 0 : -1;
}

int keep_next(keep_file *k, uint64_t *at, kept_row *r)
{
	if (*at >= k->size)
		return 0;
	if (have(k, *at, 4))
		return -1;
	size_t len = get_be32(k->in + (*at - k->in_off));
	if (len < KEEP_HEAD - 4 || have(k, *at, len + 4))
		return -1;
	const unsigned char *p = k->in + (*at - k->in_off) + 4, *end = p + len;
	memset(r, 0, sizeof *r);
	r->line = (long)(int64_t)get_be64(p);
	r->row = get_be64(p + 8);
	r->m.id = get_be64(p + 16);
	r->m.due = (int64_t)get_be64(p + 24);
	r->m.version = get_be32(p + 32);
	r->m.node_id = get_be32(p + 36);
	size_t blen = get_be32(p + 40), hlen = get_be32(p + 44);
	const char *s[3];
	p += KEEP_HEAD - 4;
	for (int i = 0; i < 3; i++) {
		const unsigned char *nul = memchr(p, 0, (size_t)(end - p));
		if (!nul)
			return -1;
		s[i] = (const char *)p;
		p = nul + 1;
	}
	if ((size_t)(end - p) != blen + hlen)
		return -1;
	r->m.form = s[0];
	r->m.state = s[1];
	r->m.assignee = s[2];
	r->blob = p;
	r->len = blen;
	r->hist = p + blen;
	r->hlen = hlen;
	*at += len + 4;
	return 1;
}

void keep_release(keep_file *k, uint64_t upto)
{
	/* Whole blocks only: the file system frees what the hole covers. */
	uint64_t from = k->released & ~(uint64_t)4095, to = upto & ~(uint64_t)4095;
	if (k->fd < 0 || to <= from)
		return;
	if (fallocate(k->fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, (off_t)from, (off_t)(to - from)) == 0)
		k->released = to;
}

void keep_close(keep_file *k)
{
	if (k->fd >= 0)
		close(k->fd);
	buf_free(&k->out);
	free(k->in);
	free(k->chg);
	memset(k, 0, sizeof *k);
	k->fd = -1;
}
