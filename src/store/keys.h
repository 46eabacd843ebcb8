/* SPDX-License-Identifier: MIT */
/* keys.h - every key layout of the tables, built in one place (see
 * docs/storage.md). Integers are big-endian so memcmp order is numeric
 * order; a string part ends with a NUL so one login or form never prefixes
 * another. Each builder writes into out and returns the key's length; out
 * must hold KEY_MAX bytes (a string part is cut to fit, which no
 * configuration key or login comes near). */
#ifndef GRIDCASE_KEYS_H
#define GRIDCASE_KEYS_H

#include <stdint.h>
#include <string.h>
#include "gridcase/util.h"
#include "gridcase/config.h"   /* GC_MAX_DEPTH */

#define KEY_MAX 600

static inline size_t key_str(unsigned char *out, size_t at, const char *s)
{
	size_t n = strlen(s);
	if (at + n + 1 > KEY_MAX - 8)
		n = KEY_MAX - 9 - at;
	memcpy(out + at, s, n);
	out[at + n] = 0;
	return at + n + 1;
}

/* records: the node's path (4 bytes a level, depth levels) + id. A node's
 * records are one range, a subtree's one range too. */
static inline size_t key_record(unsigned char *out, const unsigned char *path, int depth, uint64_t id)
{
	size_t w = 4 * (size_t)depth;
	if (path)
		memcpy(out, path, w);
	else
		memset(out, 0, w);
	put_be64(out + w, id);
	return w + 8;
}

/* rec_id: id -> node id. */
static inline size_t key_id(unsigned char *out, uint64_t id)
{
	put_be64(out, id);
	return 8;
}

/* nodes: node id -> node blob; also the first 4 bytes of a counter key. */
static inline size_t key_node(unsigned char *out, uint32_t node_id)
{
	put_be32(out, node_id);
	return 4;
}

/* history: id + version -> one entry or a run (record.h). */
static inline size_t key_history(unsigned char *out, uint64_t id, uint32_t version)
{
	put_be64(out, id);
	put_be32(out + 8, version);
	return 12;
}

/* open_due: due time + id -> node id, for open records with a limit. */
static inline size_t key_due(unsigned char *out, int64_t due, uint64_t id)
{
	put_be64(out, (uint64_t)due);
	put_be64(out + 8, id);
	return 16;
}

/* by_assignee and reviews: login NUL + id. */
static inline size_t key_login(unsigned char *out, const char *login, uint64_t id)
{
	size_t at = key_str(out, 0, login);
	put_be64(out + at, id);
	return at + 8;
}

/* counts: node id + form NUL state -> u64, the node's whole subtree. The
 * prefix of a node's counters is key_node; of one form, add the form. */
static inline size_t key_count(unsigned char *out, uint32_t node_id, const char *form, const char *state)
{
	size_t at = key_str(out, key_node(out, node_id), form);
	size_t n = strlen(state);
	if (at + n > KEY_MAX)
		n = KEY_MAX - at;
	memcpy(out + at, state, n);
	return at + n;
}

/* feed: change number -> id + version. */
static inline size_t key_seq(unsigned char *out, uint64_t seq)
{
	put_be64(out, seq);
	return 8;
}

/* post: tag + term + NUL + node path (4 * depth bytes) -> the ids of the
 * node's own records that have the term (a sorted duplicate list of u64
 * BE ids, oldest first: new ids append). Tags (POST_*): a form, a state, an
 * assignee, open (empty term), a choice field's value (key '=' value);
 * and without a path (one list for the district): the day a record was
 * created (u32 BE, Unix days) and the grams of its search fields. A
 * subtree's entries of one term are one key range. The term is cut to
 * POST_TERM_MAX bytes (LMDB keys stay under 511). */
#define POST_TERM_MAX 400
enum { POST_FORM = 'f', POST_STATE = 's', POST_ASSIGNEE = 'a', POST_OPEN = 'o', POST_VALUE = 'v', POST_CREATED = 'c' };

static inline size_t key_post(unsigned char *out, int tag, const char *term, size_t tlen,
			      const unsigned char *path, size_t plen)
{
	if (tlen > POST_TERM_MAX)
		tlen = POST_TERM_MAX;
	out[0] = (unsigned char)tag;
	memcpy(out + 1, term, tlen);
	out[1 + tlen] = 0;
	if (path)
		memcpy(out + 2 + tlen, path, plen);
	else
		memset(out + 2 + tlen, 0, plen);
	return 2 + tlen + plen;
}

/* post_due: form + NUL + node path -> (due u64 BE, id u64 BE) of the
 * node's open records of the form that have a running time limit, in due
 * order (a sorted duplicate list). */
static inline size_t key_post_due(unsigned char *out, const char *form, size_t flen,
				  const unsigned char *path, size_t plen)
{
	return key_post(out, 'd', form, flen, path, plen);
}

#endif
