/* SPDX-License-Identifier: MIT */
/* record.c - record and node encoding. The numbers first, then the
 * strings, so a list can peek at the header without decoding the rest
 * (rec_peek). Format 3 (written now) holds the numbers as varints, the
 * times as differences from `created`, and every length as a varint;
 * formats 1 and 2 (fixed-width numbers, u16/u32 lengths) still read.
 * Layout in docs/storage.md. */
#include <stdlib.h>
#include <string.h>
#include "gridcase/record.h"
#include "codec.h"

/* Format 2 added `late` after paused_left (format 1 reads as late 0);
 * format 3 is varints throughout. */
#define REC_FORMAT 3

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

/* A short string (form, state, creator, assignee): at most 0xFFFF bytes,
 * as formats 1 and 2 kept them. */
static size_t short_len(const char *s)
{
	size_t n = s ? strlen(s) : 0;
	return n > 0xFFFF ? 0xFFFF : n;
}

/* A time as its difference from `created`, wrapping (so any value comes
 * back exactly). */
static uint64_t rel(int64_t t, int64_t created)
{
	return zigzag((int64_t)((uint64_t)t - (uint64_t)created));
}

static int64_t unrel(uint64_t v, int64_t created)
{
	return (int64_t)((uint64_t)created + (uint64_t)unzigzag(v));
}

void rec_encode(const gc_record *r, gc_buf *out)
{
	buf_addc(out, REC_FORMAT);
	put_varint(out, r->id);
	put_varint(out, r->seq);
	put_varint(out, r->version);
	put_varint(out, r->node_id);
	put_varint(out, zigzag(r->created));
	put_varint(out, rel(r->updated, r->created));
	/* 0: no time limit; else 1 + the difference (a due time exactly
	 * 2^63 seconds before `created` cannot be held: none is). */
	put_varint(out, r->due ? rel(r->due, r->created) + 1 : 0);
	put_varint(out, rel(r->state_since, r->created));
	put_varint(out, zigzag(r->paused_left));
	put_varint(out, r->late);
	put_vstr(out, r->form, short_len(r->form));
	put_vstr(out, r->state, short_len(r->state));
	put_vstr(out, r->creator, short_len(r->creator));
	put_vstr(out, r->assignee, short_len(r->assignee));
	put_varint(out, r->nfields);
	for (size_t i = 0; i < r->nfields; i++) {
		put_vstr(out, r->fields[i].key, short_len(r->fields[i].key));
		put_vstr(out, r->fields[i].val, r->fields[i].val ? strlen(r->fields[i].val) : 0);
	}
}

int rec_renumber(const void *blob, size_t len, uint64_t id, uint64_t seq, gc_buf *out)
{
	const unsigned char *b = blob;
	buf_reset(out);
	if (len >= 17 && (b[0] == 1 || b[0] == 2)) {
		buf_add(out, b, len);
		put_be64((unsigned char *)out->p + 1, id);
		put_be64((unsigned char *)out->p + 9, seq);
		return 0;
	}
	reader rd = { b, b + len, 0 };
	const unsigned char *fmt = take(&rd, 1);
	rd_varint(&rd);
	rd_varint(&rd);
	if (!fmt || *fmt != 3 || rd.bad)
		return -1;
	buf_addc(out, 3);
	put_varint(out, id);
	put_varint(out, seq);
	buf_add(out, rd.p, (size_t)(rd.end - rd.p));
	return 0;
}

static const char *rd_view16(reader *rd, uint16_t *n)
{
	*n = rd_u16(rd);
	return (const char *)take(rd, *n);
}

/* A short string of format 3 (form, state, creator, assignee). */
static const char *rd_short(reader *rd, uint16_t *n)
{
	size_t l;
	const char *s = rd_vview(rd, &l);
	if (l > 0xFFFF)
		rd->bad = 1;
	*n = (uint16_t)l;
	return s;
}

/* The fixed-width header of formats 1 and 2. */
static void peek_old(reader *rd, unsigned fmt, rec_view *v)
{
	v->id = rd_u64(rd);
	v->seq = rd_u64(rd);
	v->version = rd_u32(rd);
	v->node_id = rd_u32(rd);
	v->created = (int64_t)rd_u64(rd);
	v->updated = (int64_t)rd_u64(rd);
	v->due = (int64_t)rd_u64(rd);
	v->state_since = (int64_t)rd_u64(rd);
	v->paused_left = (int64_t)rd_u64(rd);
	v->late = fmt >= 2 ? rd_u32(rd) : 0;
	v->form = rd_view16(rd, &v->form_n);
	v->state = rd_view16(rd, &v->state_n);
	v->creator = rd_view16(rd, &v->creator_n);
	v->assignee = rd_view16(rd, &v->assignee_n);
	v->nfields = rd_u16(rd);
}

static void peek_3(reader *rd, rec_view *v)
{
	uint64_t x;
	v->id = rd_varint(rd);
	v->seq = rd_varint(rd);
	v->version = (uint32_t)(x = rd_varint(rd));
	if (x > UINT32_MAX)
		rd->bad = 1;
	v->node_id = (uint32_t)(x = rd_varint(rd));
	if (x > UINT32_MAX)
		rd->bad = 1;
	v->created = unzigzag(rd_varint(rd));
	v->updated = unrel(rd_varint(rd), v->created);
	x = rd_varint(rd);
	v->due = x ? unrel(x - 1, v->created) : 0;
	v->state_since = unrel(rd_varint(rd), v->created);
	v->paused_left = unzigzag(rd_varint(rd));
	v->late = (uint32_t)(x = rd_varint(rd));
	if (x > UINT32_MAX)
		rd->bad = 1;
	v->form = rd_short(rd, &v->form_n);
	v->state = rd_short(rd, &v->state_n);
	v->creator = rd_short(rd, &v->creator_n);
	v->assignee = rd_short(rd, &v->assignee_n);
	x = rd_varint(rd);
	if (x > (uint64_t)(rd->end - rd->p))   /* each field takes at least 2 bytes */
		rd->bad = 1;
	v->nfields = (size_t)x;
}

int rec_peek(const void *p, size_t n, rec_view *v)
{
	reader rd = { p, (const unsigned char *)p + n, 0 };
	const unsigned char *fmt = take(&rd, 1);
	if (!fmt || *fmt < 1 || *fmt > REC_FORMAT)
		return -1;
	v->format = *fmt;
	if (*fmt == 3)
		peek_3(&rd, v);
	else
		peek_old(&rd, *fmt, v);
	v->fields = rd.p;
	v->end = rd.end;
	return rd.bad ? -1 : 0;
}

int view_next_field(const rec_view *v, const unsigned char **pos, const char **key,
		    size_t *klen, const char **val, size_t *vlen)
{
	reader rd = { *pos ? *pos : v->fields, v->end, 0 };
	if (rd.p >= rd.end)
		return 0;
	if (v->format == 3) {
		*key = rd_vview(&rd, klen);
		*val = rd_vview(&rd, vlen);
	} else {
		uint16_t kn;
		*key = rd_view16(&rd, &kn);
		uint32_t vn = rd_u32(&rd);
		*val = (const char *)take(&rd, vn);
		*klen = kn;
		*vlen = vn;
	}
	if (rd.bad)
		return 0;
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
	rec_view v;
	rec_init(r);
	if (rec_peek(p, n, &v))
		return -1;
	r->id = v.id;
	r->seq = v.seq;
	r->version = v.version;
	r->node_id = v.node_id;
	r->created = v.created;
	r->updated = v.updated;
	r->due = v.due;
	r->state_since = v.state_since;
	r->paused_left = v.paused_left;
	r->late = v.late;
	r->form = xstrndup(v.form, v.form_n);
	r->state = xstrndup(v.state, v.state_n);
	r->creator = xstrndup(v.creator, v.creator_n);
	r->assignee = xstrndup(v.assignee, v.assignee_n);
	r->fields = xcalloc(v.nfields + 1, sizeof *r->fields);
	const unsigned char *pos = NULL;
	const char *k, *val;
	size_t kl, vl;
	while (r->nfields < v.nfields && view_next_field(&v, &pos, &k, &kl, &val, &vl)) {
		r->fields[r->nfields].key = xstrndup(k, kl);
		r->fields[r->nfields].val = xstrndup(val, vl);
		r->nfields++;
	}
	if (r->nfields < v.nfields || (v.format == 3 && (pos ? pos : v.fields) != v.end)) {
		rec_free(r);
		return -1;
	}
	return 0;
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

static void *heap_alloc(void *arg, size_t n)
{
	(void)arg;
	return xmalloc(n);
}

static int node_str16(const unsigned char **p, const unsigned char *end, char **out, node_alloc_fn a, void *arg)
{
	if (end - *p < 2)
		return -1;
	size_t l = (size_t)((*p)[0] << 8 | (*p)[1]);
	*p += 2;
	if ((size_t)(end - *p) < l)
		return -1;
	*out = a(arg, l + 1);
	memcpy(*out, *p, l);
	(*out)[l] = 0;
	*p += l;
	return 0;
}

int node_decode_in(const void *data, size_t len, node_data *n, node_alloc_fn a, void *arg)
{
	const unsigned char *p = data, *end = p + len;
	memset(n, 0, sizeof *n);
	if (node_peek(data, len, &n->parent, &n->level))
		return -1;
	p += 6;
	if (node_str16(&p, end, &n->code, a, arg) || node_str16(&p, end, &n->name, a, arg) || end - p < 2)
		return -1;
	n->nattrs = (size_t)(p[0] << 8 | p[1]);
	p += 2;
	n->attrs = a(arg, (n->nattrs + 1) * sizeof *n->attrs);
	memset(n->attrs, 0, (n->nattrs + 1) * sizeof *n->attrs);
	for (size_t i = 0; i < n->nattrs; i++)
		if (node_str16(&p, end, &n->attrs[i].key, a, arg) || node_str16(&p, end, &n->attrs[i].val, a, arg))
			return -1;
	return 0;
}

int node_decode(const void *data, size_t len, node_data *n)
{
	return node_decode_in(data, len, n, heap_alloc, NULL);
}

