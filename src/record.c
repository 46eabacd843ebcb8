/* record.c - record and history encoding. Fixed-width numbers first, then
 * length-prefixed strings, so a list can peek at the header without
 * decoding the rest (see rec_peek). Layout in docs/storage.md. */
#include <stdlib.h>
#include <string.h>
#include "gridcase/record.h"

/* Format 2 added `late` after paused_left; format 1 records read as late 0. */
#define REC_FORMAT 2
#define HIST_FORMAT 1
#define HIST_RUN 2

void rec_init(gc_record *r)
{
	memset(r, 0, sizeof *r);
}

void rec_free(gc_record *r)
{
	free(r->form);
	free(r->state);
	free(r->creator);
	free(r->assignee);
	for (size_t i = 0; i < r->nfields; i++) {
		free(r->fields[i].key);
		free(r->fields[i].val);
	}
	free(r->fields);
	rec_init(r);
}

void rec_set_str(char **slot, const char *val)
{
	char *old = *slot;
	*slot = xstrdup(val ? val : "");
	free(old);
}

void rec_copy(gc_record *dst, const gc_record *src)
{
	*dst = *src;
	dst->form = xstrdup(src->form ? src->form : "");
	dst->state = xstrdup(src->state ? src->state : "");
	dst->creator = xstrdup(src->creator ? src->creator : "");
	dst->assignee = xstrdup(src->assignee ? src->assignee : "");
	dst->fields = xcalloc(src->nfields + 1, sizeof *dst->fields);
	for (size_t i = 0; i < src->nfields; i++) {
		dst->fields[i].key = xstrdup(src->fields[i].key);
		dst->fields[i].val = xstrdup(src->fields[i].val);
	}
}

const char *rec_field(const gc_record *r, const char *key)
{
	for (size_t i = 0; i < r->nfields; i++)
		if (!strcmp(r->fields[i].key, key))
			return r->fields[i].val;
	return "";
}

void rec_set_field(gc_record *r, const char *key, const char *val)
{
	for (size_t i = 0; i < r->nfields; i++)
		if (!strcmp(r->fields[i].key, key)) {
			if (!*val) {
				free(r->fields[i].key);
				free(r->fields[i].val);
				r->fields[i] = r->fields[--r->nfields];
				return;
			}
			rec_set_str(&r->fields[i].val, val);
			return;
		}
	if (!*val)
		return;
	r->fields = xrealloc(r->fields, (r->nfields + 1) * sizeof *r->fields);
	r->fields[r->nfields].key = xstrdup(key);
	r->fields[r->nfields].val = xstrdup(val);
	r->nfields++;
}

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

void rec_encode(const gc_record *r, gc_buf *out)
{
	buf_addc(out, REC_FORMAT);
	buf_u64(out, r->id);
	buf_u64(out, r->seq);
	buf_u32(out, r->version);
	buf_u32(out, r->node_id);
	buf_u64(out, (uint64_t)r->created);
	buf_u64(out, (uint64_t)r->updated);
	buf_u64(out, (uint64_t)r->due);
	buf_u64(out, (uint64_t)r->state_since);
	buf_u64(out, (uint64_t)r->paused_left);
	buf_u32(out, r->late);
	put_str16(out, r->form);
	put_str16(out, r->state);
	put_str16(out, r->creator);
	put_str16(out, r->assignee);
	buf_u16(out, (uint16_t)r->nfields);
	for (size_t i = 0; i < r->nfields; i++) {
		put_str16(out, r->fields[i].key);
		put_str32(out, r->fields[i].val);
	}
}

/* A bounds-checked reader over stored bytes. */
typedef struct reader {
	const unsigned char *p, *end;
	int bad;
} reader;

static const unsigned char *take(reader *rd, size_t n)
{
	if (rd->bad || (size_t)(rd->end - rd->p) < n) {
		rd->bad = 1;
		return NULL;
	}
	const unsigned char *q = rd->p;
	rd->p += n;
	return q;
}

static uint64_t rd_u64(reader *rd)
{
	const unsigned char *q = take(rd, 8);
	return q ? get_be64(q) : 0;
}

static uint32_t rd_u32(reader *rd)
{
	const unsigned char *q = take(rd, 4);
	return q ? get_be32(q) : 0;
}

static uint16_t rd_u16(reader *rd)
{
	const unsigned char *q = take(rd, 2);
	return q ? (uint16_t)(q[0] << 8 | q[1]) : 0;
}

static const char *rd_view16(reader *rd, uint16_t *n)
{
	*n = rd_u16(rd);
	return (const char *)take(rd, *n);
}

static char *rd_str16(reader *rd)
{
	uint16_t n;
	const char *s = rd_view16(rd, &n);
	return s ? xstrndup(s, n) : xstrdup("");
}

static char *rd_str32(reader *rd)
{
	uint32_t n = rd_u32(rd);
	const char *s = (const char *)take(rd, n);
	return s ? xstrndup(s, n) : xstrdup("");
}

int rec_peek(const void *p, size_t n, rec_view *v)
{
	reader rd = { p, (const unsigned char *)p + n, 0 };
	const unsigned char *fmt = take(&rd, 1);
	if (!fmt || (*fmt != 1 && *fmt != REC_FORMAT))
		return -1;
	v->id = rd_u64(&rd);
	v->seq = rd_u64(&rd);
	v->version = rd_u32(&rd);
	v->node_id = rd_u32(&rd);
	v->created = (int64_t)rd_u64(&rd);
	v->updated = (int64_t)rd_u64(&rd);
	v->due = (int64_t)rd_u64(&rd);
	v->state_since = (int64_t)rd_u64(&rd);
	rd_u64(&rd);   /* paused_left */
	v->late = *fmt >= 2 ? rd_u32(&rd) : 0;
	v->form = rd_view16(&rd, &v->form_n);
	v->state = rd_view16(&rd, &v->state_n);
	v->creator = rd_view16(&rd, &v->creator_n);
	v->assignee = rd_view16(&rd, &v->assignee_n);
	v->fields = rd.p;
	v->end = rd.end;
	return rd.bad ? -1 : 0;
}

int view_next_field(const rec_view *v, const unsigned char **pos, const char **key,
		    size_t *klen, const char **val, size_t *vlen)
{
	reader rd = { *pos ? *pos : v->fields + 2, v->end, 0 };
	if (rd.p >= rd.end)
		return 0;
	uint16_t kn;
	*key = rd_view16(&rd, &kn);
	uint32_t vn = rd_u32(&rd);
	*val = (const char *)take(&rd, vn);
	if (rd.bad)
		return 0;
	*klen = kn;
	*vlen = vn;
	*pos = rd.p;
	return 1;
}

const char *view_field(const rec_view *v, const char *key, size_t *len)
{
	const unsigned char *pos = NULL;
	const char *k, *val;
	size_t kl, vl, want = strlen(key);
	while (view_next_field(v, &pos, &k, &kl, &val, &vl))
		if (kl == want && !memcmp(k, key, kl)) {
			*len = vl;
			return val;
		}
	return NULL;
}

int rec_decode(const void *p, size_t n, gc_record *r)
{
	reader rd = { p, (const unsigned char *)p + n, 0 };
	rec_init(r);
	const unsigned char *fmt = take(&rd, 1);
	if (!fmt || (*fmt != 1 && *fmt != REC_FORMAT))
		return -1;
	r->id = rd_u64(&rd);
	r->seq = rd_u64(&rd);
	r->version = rd_u32(&rd);
	r->node_id = rd_u32(&rd);
	r->created = (int64_t)rd_u64(&rd);
	r->updated = (int64_t)rd_u64(&rd);
	r->due = (int64_t)rd_u64(&rd);
	r->state_since = (int64_t)rd_u64(&rd);
	r->paused_left = (int64_t)rd_u64(&rd);
	r->late = *fmt >= 2 ? rd_u32(&rd) : 0;
	r->form = rd_str16(&rd);
	r->state = rd_str16(&rd);
	r->creator = rd_str16(&rd);
	r->assignee = rd_str16(&rd);
	uint16_t nf = rd_u16(&rd);
	r->fields = xcalloc(nf + 1u, sizeof *r->fields);
	for (uint16_t i = 0; i < nf && !rd.bad; i++) {
		r->fields[i].key = rd_str16(&rd);
		r->fields[i].val = rd_str32(&rd);
		r->nfields++;
	}
	if (rd.bad) {
		rec_free(r);
		return -1;
	}
	return 0;
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

void hist_run_begin(gc_buf *out)
{
	buf_reset(out);
	buf_addc(out, HIST_RUN);
	buf_u16(out, 0);
}

void hist_run_add(gc_buf *out, const gc_hist *h)
{
	size_t at = out->len;
	buf_u32(out, 0);
	hist_encode(h, out);
	put_be32((unsigned char *)out->p + at, (uint32_t)(out->len - at - 4));
	unsigned char *count = (unsigned char *)out->p + 1;
	unsigned c = (unsigned)(count[0] << 8 | count[1]) + 1;
	count[0] = (unsigned char)(c >> 8);
	count[1] = (unsigned char)c;
}

int hist_next(const void *p, size_t n, const unsigned char **pos, const void **entry, size_t *len)
{
	const unsigned char *b = p, *end = b + n;
	if (n == 0)
		return -1;
	if (b[0] != HIST_RUN) {   /* a single entry */
		if (*pos)
			return 0;
		*pos = end;
		*entry = p;
		*len = n;
		return 1;
	}
	if (!*pos)
		*pos = b + 3;
	if (*pos == end)
		return 0;
	if (end - *pos < 4 || (size_t)(end - *pos - 4) < get_be32(*pos))
		return -1;
	*len = get_be32(*pos);
	*entry = *pos + 4;
	*pos += 4 + *len;
	return 1;
}
