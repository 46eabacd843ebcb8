/* SPDX-License-Identifier: MIT */
/* history.c - history values: a run of the entries of consecutive versions
 * (format 3, written: a single entry is a run of one), or what older
 * files hold: one entry (format 1) or a run of format 2. Layout in
 * docs/storage.md. */
#include <stdlib.h>
#include <string.h>
#include "gridcase/record.h"
#include "codec.h"

#define HIST_FORMAT 1   /* one entry, fixed-width numbers (read, no longer written) */
#define HIST_RUN 2      /* a run, "from" left out when it is the previous "to" (read) */
#define HIST_RUN3 3     /* a run, repeated strings as references (written) */

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
	gc_buf one;
	hist_run run;
	buf_init(&one);
	hist_run_begin(&run, &one);
	hist_run_add(&run, h);
	buf_add(out, one.p, one.len);
	buf_free(&one);
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
	buf_addc(out, HIST_RUN3);
	buf_u16(out, 0);
}

/* A string of a run of format 3: a reference (varint 2i+1) to the i-th
 * newest of the last HIST_RUN_STRS strings written out in full, or the
 * string (varint 2 x length, the bytes), which then joins them. */
static void put_rstr(hist_run *run, const char *s)
{
	gc_buf *b = run->out;
	size_t n = s ? strlen(s) : 0;
	unsigned have = run->nstr < HIST_RUN_STRS ? run->nstr : HIST_RUN_STRS;
	for (unsigned i = 0; n && i < have; i++) {
		unsigned slot = (run->nstr - 1 - i) % HIST_RUN_STRS;
		if (run->str_len[slot] == n && !memcmp(b->p + run->str_off[slot], s, n)) {
			put_varint(b, (uint64_t)i << 1 | 1);
			return;
		}
	}
	put_varint(b, (uint64_t)n << 1);
	if (!n)
		return;
	unsigned slot = run->nstr++ % HIST_RUN_STRS;
	run->str_off[slot] = b->len;
	run->str_len[slot] = n;
	buf_add(b, s, n);
}

void hist_run_add(hist_run *run, const gc_hist *h)
{
	gc_buf *b = run->out;
	put_varint(b, zigzag(h->time - run->prev_time));
	put_rstr(run, h->user);
	put_rstr(run, h->client);
	put_rstr(run, h->action);
	put_rstr(run, h->from);
	put_rstr(run, h->to);
	put_rstr(run, h->comment);
	put_varint(b, h->nchanges);
	for (size_t i = 0; i < h->nchanges; i++) {
		put_rstr(run, h->changes[i].field);
		put_rstr(run, h->changes[i].old);
		put_rstr(run, h->changes[i].new_);
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
	return (b[0] == HIST_RUN || b[0] == HIST_RUN3) && n >= 3 ? (size_t)(b[1] << 8 | b[2]) : 0;
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

/* The strings of a run of format 3 seen so far (put_rstr). */
typedef struct rstrs {
	const char *p[HIST_RUN_STRS];
	size_t n[HIST_RUN_STRS];
	unsigned count;
} rstrs;

static char *rd_rstr(reader *rd, rstrs *t)
{
	uint64_t v = rd_varint(rd);
	if (v & 1) {
		uint64_t i = v >> 1;
		if (rd->bad || i >= t->count || i >= HIST_RUN_STRS) {
			rd->bad = 1;
			return xstrdup("");
		}
		unsigned slot = (unsigned)((t->count - 1 - i) % HIST_RUN_STRS);
		return xstrndup(t->p[slot], t->n[slot]);
	}
	uint64_t n = v >> 1;
	const char *s = !rd->bad && n <= (uint64_t)(rd->end - rd->p) ? (const char *)take(rd, (size_t)n) : NULL;
	if (!s) {
		rd->bad = 1;
		return xstrdup("");
	}
	if (n) {
		unsigned slot = t->count++ % HIST_RUN_STRS;
		t->p[slot] = s;
		t->n[slot] = (size_t)n;
	}
	return xstrndup(s, (size_t)n);
}

static int run3_entry(reader *rd, gc_hist *h, int64_t prev_time, rstrs *t)
{
	hist_init(h);
	h->time = prev_time + unzigzag(rd_varint(rd));
	h->user = rd_rstr(rd, t);
	h->client = rd_rstr(rd, t);
	h->action = rd_rstr(rd, t);
	h->from = rd_rstr(rd, t);
	h->to = rd_rstr(rd, t);
	h->comment = rd_rstr(rd, t);
	uint64_t nc = rd_varint(rd);
	if (nc > (uint64_t)(rd->end - rd->p))   /* each change takes at least 3 bytes */
		rd->bad = 1;
	h->changes = xcalloc(rd->bad ? 1 : (size_t)nc + 1, sizeof *h->changes);
	for (uint64_t i = 0; i < nc && !rd->bad; i++) {
		h->changes[i].field = rd_rstr(rd, t);
		h->changes[i].old = rd_rstr(rd, t);
		h->changes[i].new_ = rd_rstr(rd, t);
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
	int three = ((const unsigned char *)p)[0] == HIST_RUN3;
	rstrs t;
	t.count = 0;
	for (size_t i = 0; i < count; i++)
		if (three ? run3_entry(&rd, &out[i], i ? out[i - 1].time : 0, &t)
			  : run_entry(&rd, &out[i], i ? out[i - 1].time : 0, i ? out[i - 1].to : NULL)) {
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

