/* SPDX-License-Identifier: MIT */
/* history.c - history entries: one entry (format 1) or a run of the
 * entries of consecutive versions (format 2). Layout in docs/storage.md. */
#include <stdlib.h>
#include <string.h>
#include "gridcase/record.h"
#include "codec.h"

#define HIST_FORMAT 1
#define HIST_RUN 2

static void put_str16(gc_buf *b, const char *s)
{
	size_t n = s ? strlen(s) : 0;
	if (n > 0xFFFF)
		n = 0xFFFF;
	buf_u16(b, (uint16_t)n);
	buf_add(b, s ? s : "", n);
}

static void put_str32(gc_buf *b, const char *s)
{
	size_t n = s ? strlen(s) : 0;
	buf_u32(b, (uint32_t)n);
	buf_add(b, s ? s : "", n);
}

static char *rd_str16(reader *rd)
{
	uint16_t n = rd_u16(rd);
	const char *s = (const char *)take(rd, n);
	return s ? xstrndup(s, n) : xstrdup("");
}

static char *rd_str32(reader *rd)
{
	uint32_t n = rd_u32(rd);
	const char *s = (const char *)take(rd, n);
	return s ? xstrndup(s, n) : xstrdup("");
}

static size_t put_str(gc_buf *b, const char *s)
{
	return put_vstr(b, s, s ? strlen(s) : 0);
}

void hist_init(gc_hist *h)
{
	memset(h, 0, sizeof *h);
}

void hist_free(gc_hist *h)
{
	free(h->user);
	free(h->client);
	free(h->action);
	free(h->from);
	free(h->to);
	free(h->comment);
	for (size_t i = 0; i < h->nchanges; i++) {
		free(h->changes[i].field);
		free(h->changes[i].old);
		free(h->changes[i].new_);
	}
	free(h->changes);
	hist_init(h);
}

void hist_add_change(gc_hist *h, const char *field, const char *old, const char *new_)
{
	h->changes = xrealloc(h->changes, (h->nchanges + 1) * sizeof *h->changes);
	h->changes[h->nchanges].field = xstrdup(field);
	h->changes[h->nchanges].old = xstrdup(old ? old : "");
	h->changes[h->nchanges].new_ = xstrdup(new_ ? new_ : "");
	h->nchanges++;
}

void hist_encode(const gc_hist *h, gc_buf *out)
{
	buf_addc(out, HIST_FORMAT);
	buf_u64(out, (uint64_t)h->time);
	put_str16(out, h->user);
	put_str16(out, h->client);
	put_str16(out, h->action);
	put_str16(out, h->from);
	put_str16(out, h->to);
	put_str32(out, h->comment);
	buf_u16(out, (uint16_t)h->nchanges);
	for (size_t i = 0; i < h->nchanges; i++) {
		put_str16(out, h->changes[i].field);
		put_str32(out, h->changes[i].old);
		put_str32(out, h->changes[i].new_);
	}
}

int hist_decode(const void *p, size_t n, gc_hist *h)
{
	reader rd = { p, (const unsigned char *)p + n, 0 };
	hist_init(h);
	const unsigned char *fmt = take(&rd, 1);
	if (!fmt || *fmt != HIST_FORMAT)
		return -1;
	h->time = (int64_t)rd_u64(&rd);
	h->user = rd_str16(&rd);
	h->client = rd_str16(&rd);
	h->action = rd_str16(&rd);
	h->from = rd_str16(&rd);
	h->to = rd_str16(&rd);
	h->comment = rd_str32(&rd);
	uint16_t nc = rd_u16(&rd);
	h->changes = xcalloc(nc + 1u, sizeof *h->changes);
	for (uint16_t i = 0; i < nc && !rd.bad; i++) {
		h->changes[i].field = rd_str16(&rd);
		h->changes[i].old = rd_str32(&rd);
		h->changes[i].new_ = rd_str32(&rd);
		h->nchanges++;
	}
	if (rd.bad) {
		hist_free(h);
		return -1;
	}
	return 0;
}

/* ---- history runs: varint lengths, times as differences, and a "from"
 * left out when it is the previous entry's "to" (record.h) ---- */

void hist_run_begin(hist_run *run, gc_buf *out)
{
	memset(run, 0, sizeof *run);
	run->out = out;
	buf_reset(out);
	buf_addc(out, HIST_RUN);
	buf_u16(out, 0);
}

void hist_run_add(hist_run *run, const gc_hist *h)
{
	gc_buf *b = run->out;
	size_t fl = h->from ? strlen(h->from) : 0;
	int same_from = run->count && fl == run->prev_to_len && !memcmp(b->p + run->prev_to_off, h->from ? h->from : "", fl);
	put_varint(b, zigzag(h->time - run->prev_time));
	put_str(b, h->user);
	put_str(b, h->client);
	put_str(b, h->action);
	buf_addc(b, same_from ? 1 : 0);
	if (!same_from)
		put_str(b, h->from);
	run->prev_to_off = put_str(b, h->to);
	run->prev_to_len = b->len - run->prev_to_off;
	put_str(b, h->comment);
	put_varint(b, h->nchanges);
	for (size_t i = 0; i < h->nchanges; i++) {
		put_str(b, h->changes[i].field);
		put_str(b, h->changes[i].old);
		put_str(b, h->changes[i].new_);
	}
	run->prev_time = h->time;
	run->count++;
	((unsigned char *)b->p)[1] = (unsigned char)(run->count >> 8);
	((unsigned char *)b->p)[2] = (unsigned char)run->count;
}

size_t hist_value_count(const void *p, size_t n)
{
	const unsigned char *b = p;
	if (n == 0)
		return 0;
	if (b[0] == HIST_FORMAT)
		return 1;
	return b[0] == HIST_RUN && n >= 3 ? (size_t)(b[1] << 8 | b[2]) : 0;
}

/* One entry of a run; from: the previous entry's "to" (NULL for the first). */
static int run_entry(reader *rd, gc_hist *h, int64_t prev_time, const char *prev_to)
{
	hist_init(h);
	h->time = prev_time + unzigzag(rd_varint(rd));
	h->user = rd_vstr(rd);
	h->client = rd_vstr(rd);
	h->action = rd_vstr(rd);
	const unsigned char *flags = take(rd, 1);
	h->from = flags && (*flags & 1) && prev_to ? xstrdup(prev_to) : rd_vstr(rd);
	h->to = rd_vstr(rd);
	h->comment = rd_vstr(rd);
	uint64_t nc = rd_varint(rd);
	if (nc > (uint64_t)(rd->end - rd->p))   /* each change takes at least 3 bytes */
		rd->bad = 1;
	h->changes = xcalloc(rd->bad ? 1 : (size_t)nc + 1, sizeof *h->changes);
	for (uint64_t i = 0; i < nc && !rd->bad; i++) {
		h->changes[i].field = rd_vstr(rd);
		h->changes[i].old = rd_vstr(rd);
		h->changes[i].new_ = rd_vstr(rd);
		h->nchanges++;
	}
	if (rd->bad) {
		hist_free(h);
		return -1;
	}
	return 0;
}

int hist_value_decode(const void *p, size_t n, gc_hist *out, size_t max)
{
	size_t count = hist_value_count(p, n);
	if (count == 0 || count > max)
		return -1;
	if (((const unsigned char *)p)[0] == HIST_FORMAT)
		return hist_decode(p, n, &out[0]) ? -1 : 1;
	reader rd = { (const unsigned char *)p + 3, (const unsigned char *)p + n, 0 };
	for (size_t i = 0; i < count; i++)
		if (run_entry(&rd, &out[i], i ? out[i - 1].time : 0, i ? out[i - 1].to : NULL)) {
			while (i)
				hist_free(&out[--i]);
			return -1;
		}
	if (rd.p != rd.end) {
		for (size_t i = 0; i < count; i++)
			hist_free(&out[i]);
		return -1;
	}
	return (int)count;
}

