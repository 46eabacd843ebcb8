/* SPDX-License-Identifier: MIT */
/* codec.h - the pieces the stored encodings share (record.c, history.c):
 * a bounds-checked reader over stored bytes, big-endian numbers and
 * varints (7 bits a byte, low bits first, the high bit set on every byte
 * but the last), zigzag for signed ones, strings with a varint length. */
#ifndef GRIDCASE_STORE_CODEC_H
#define GRIDCASE_STORE_CODEC_H

#include <stdint.h>
#include <string.h>
#include "gridcase/util.h"

typedef struct reader {
	const unsigned char *p, *end;
	int bad;
} reader;

static inline const unsigned char *take(reader *rd, size_t n)
{
	if (rd->bad || (size_t)(rd->end - rd->p) < n) {
		rd->bad = 1;
		return NULL;
	}
	const unsigned char *q = rd->p;
	rd->p += n;
	return q;
}

static inline uint64_t rd_u64(reader *rd)
{
	const unsigned char *q = take(rd, 8);
	return q ? get_be64(q) : 0;
}

static inline uint32_t rd_u32(reader *rd)
{
	const unsigned char *q = take(rd, 4);
	return q ? get_be32(q) : 0;
}

static inline uint16_t rd_u16(reader *rd)
{
	const unsigned char *q = take(rd, 2);
	return q ? (uint16_t)(q[0] << 8 | q[1]) : 0;
}

static inline void put_varint(gc_buf *b, uint64_t v)
{
	unsigned char tmp[10];
	size_t n = 0;
	if (v < 0x80) {   /* most lengths and many numbers: one byte */
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

static inline uint64_t rd_varint(reader *rd)
{
	if (!rd->bad && rd->p < rd->end && *rd->p < 0x80)
		return *rd->p++;
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

static inline uint64_t zigzag(int64_t v)
{
	return v < 0 ? ~((uint64_t)v << 1) : (uint64_t)v << 1;
}

static inline int64_t unzigzag(uint64_t v)
{
	return (v & 1) ? (int64_t)~(v >> 1) : (int64_t)(v >> 1);
}

/* A string as a varint length and its bytes; returns where the bytes
 * begin in b. */
static inline size_t put_vstr(gc_buf *b, const char *s, size_t n)
{
	put_varint(b, n);
	size_t at = b->len;
	buf_add(b, s ? s : "", n);
	return at;
}

/* A view of a varint-length string (NULL and rd->bad when cut short). */
static inline const char *rd_vview(reader *rd, size_t *n)
{
	uint64_t l = rd_varint(rd);
	if (rd->bad || l > (uint64_t)(rd->end - rd->p)) {
		rd->bad = 1;
		*n = 0;
		return NULL;
	}
	*n = (size_t)l;
	return (const char *)take(rd, (size_t)l);
}

static inline char *rd_vstr(reader *rd)
{
	size_t n;
	const char *s = rd_vview(rd, &n);
	return s ? xstrndup(s, n) : xstrdup("");
}

#endif
