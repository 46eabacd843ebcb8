/* SPDX-License-Identifier: MIT */
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

int rec_is_builtin(const char *key)
{
	return !strcmp(key, REC_ASSIGNEE);
}

const char *rec_slot(const gc_record *r, const char *key)
{
	return rec_is_builtin(key) ? r->assignee : rec_field(r, key);
}

void rec_set_slot(gc_record *r, const char *key, const char *val)
{
	if (rec_is_builtin(key))
		rec_set_str(&r->assignee, val);
	else
		rec_set_field(r, key, val);
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

/* ---- history runs: varint lengths, times as differences, and a "from"
 * left out when it is the previous entry's "to" (record.h) ---- */

static void put_varint(gc_buf *b, uint64_t v)
{
	unsigned char tmp[10];
	size_t n = 0;
	if (v < 0x80) {   /* most lengths and many time steps: one byte */
		buf_addc(b, (char)v);
		return;
	}
	do {
		tmp[n] = (unsigned char)(v & 0x7F);
		v >>= 7;
		if (v)
			tmp[n] |= 0x80;
		n++;
	} while (v);
	buf_add(b, tmp, n);
}

static uint64_t rd_varint(reader *rd)
{
	uint64_t v = 0;
	for (int shift = 0; shift < 64; shift += 7) {
		const unsigned char *q = take(rd, 1);
		if (!q)
			return 0;
		v |= (uint64_t)(*q & 0x7F) << shift;
		if (!(*q & 0x80))
			return v;
	}
	rd->bad = 1;
	return 0;
}

/* Returns where the string's bytes begin in b. */
static size_t put_vstr(gc_buf *b, const char *s)
{
	size_t n = s ? strlen(s) : 0;
	put_varint(b, n);
	size_t at = b->len;
	buf_add(b, s ? s : "", n);
	return at;
}

static char *rd_vstr(reader *rd)
{
	uint64_t n = rd_varint(rd);
	const char *s = n <= (uint64_t)(rd->end - rd->p) ? (const char *)take(rd, (size_t)n) : (rd->bad = 1, NULL);
	return s ? xstrndup(s, (size_t)n) : xstrdup("");
}

static uint64_t zigzag(int64_t v)
{
	return v < 0 ? ~((uint64_t)v << 1) : (uint64_t)v << 1;
}

static int64_t unzigzag(uint64_t v)
{
	return (v & 1) ? (int64_t)~(v >> 1) : (int64_t)(v >> 1);
}

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
	put_vstr(b, h->user);
	put_vstr(b, h->client);
	put_vstr(b, h->action);
	buf_addc(b, same_from ? 1 : 0);
	if (!same_from)
		put_vstr(b, h->from);
	run->prev_to_off = put_vstr(b, h->to);
	run->prev_to_len = b->len - run->prev_to_off;
	put_vstr(b, h->comment);
	put_varint(b, h->nchanges);
	for (size_t i = 0; i < h->nchanges; i++) {
		put_vstr(b, h->changes[i].field);
		put_vstr(b, h->changes[i].old);
		put_vstr(b, h->changes[i].new_);
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

/* ---- nodes: format 1, parent be32, level, then code, name and each
 * attribute's key and value, each with a be16 length ---- */

void node_encode(gc_buf *b, const node_data *n)
{
	buf_addc(b, 1);
	buf_u32(b, n->parent);
	buf_addc(b, (char)n->level);
	buf_u16(b, (uint16_t)strlen(n->code));
	buf_adds(b, n->code);
	buf_u16(b, (uint16_t)strlen(n->name));
	buf_adds(b, n->name);
	buf_u16(b, (uint16_t)n->nattrs);
	for (size_t i = 0; i < n->nattrs; i++) {
		buf_u16(b, (uint16_t)strlen(n->attrs[i].key));
		buf_adds(b, n->attrs[i].key);
		buf_u16(b, (uint16_t)strlen(n->attrs[i].val));
		buf_adds(b, n->attrs[i].val);
	}
}

int node_peek(const void *data, size_t len, uint32_t *parent, int *level)
{
	const unsigned char *p = data;
	if (len < 8 || p[0] != 1)
		return -1;
	*parent = get_be32(p + 1);
	*level = p[5];
	return 0;
}

static int str16(const unsigned char **p, const unsigned char *end, char **out)
{
	if (end - *p < 2)
		return -1;
	size_t l = (size_t)((*p)[0] << 8 | (*p)[1]);
	*p += 2;
	if ((size_t)(end - *p) < l)
		return -1;
	*out = xstrndup((const char *)*p, l);
	*p += l;
	return 0;
}

int node_decode(const void *data, size_t len, node_data *n)
{
	const unsigned char *p = data, *end = p + len;
	memset(n, 0, sizeof *n);
	if (node_peek(data, len, &n->parent, &n->level))
		return -1;
	p += 6;
	if (str16(&p, end, &n->code) || str16(&p, end, &n->name) || end - p < 2)
		return -1;
	n->nattrs = (size_t)(p[0] << 8 | p[1]);
	p += 2;
	n->attrs = xcalloc(n->nattrs + 1, sizeof *n->attrs);
	for (size_t i = 0; i < n->nattrs; i++)
		if (str16(&p, end, &n->attrs[i].key) || str16(&p, end, &n->attrs[i].val))
			return -1;
	return 0;
}
