/* SPDX-License-Identifier: MIT */
/* verify_post.c - verify's check of the postings (postings.h): every
 * record's postings present, and, when a table holds more entries than the
 * records need, each entry that no record explains named. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/verify_post.h"

static const char *tag_name(int tag)
{
	switch (tag) {
	case POST_FORM: return "form";
	case POST_STATE: return "state";
	case POST_ASSIGNEE: return "assignee";
	case POST_OPEN: return "open";
	case POST_VALUE: return "value";
	case 'd': return "due of form";
	case 'g': return "bigram";
	case 'q': return "digits";
	}
	return "?";
}

/* "state 'dispatched' at node 510304001001001" for a key. */
static void describe(const gc_ctx *ctx, const unsigned char *key, size_t klen, char *out, size_t n)
{
	size_t pl = 4 * (size_t)ctx->st->depth;
	if (klen == 6 && key[0] == POST_CREATED) {   /* a day: no path */
		snprintf(out, n, "created on day %u", get_be32(key + 1));
		return;
	}
	if (klen >= 2 && (key[0] == 'g' || key[0] == 'q')) {   /* a gram: no path */
		snprintf(out, n, "%s '%.*s'", tag_name(key[0]), (int)(klen - 2), (const char *)key + 1);
		return;
	}
	if (klen < pl + 2) {
		snprintf(out, n, "a key of %zu bytes", klen);
		return;
	}
	const gc_node *node = core_node(ctx, post_path_node(key + klen - pl, ctx->st->depth));
	snprintf(out, n, "%s '%.*s' at node %s", tag_name(key[0]), (int)(klen - pl - 2), (const char *)key + 1,
		 node ? node->code : "(none)");
}

int verify_post_begin(verify_post *vp, gc_ctx *ctx, MDB_txn *txn, gc_errs *report)
{
	memset(vp, 0, sizeof *vp);
	vp->ctx = ctx;
	vp->txn = txn;
	vp->report = report;
	post_set_init(&vp->set);
	int rc = store_cursor_open(ctx->st, txn, TBL_POST, &vp->post);
	if (!rc)
		rc = store_cursor_open(ctx->st, txn, TBL_POST_DUE, &vp->due);
	return rc;
}

void verify_post_record(verify_post *vp, const void *blob, size_t len)
{
	char what[600];
	post_set *s = &vp->set;
	if (post_set_of_blob(vp->ctx, blob, len, s))
		return;
	unsigned long long id = (unsigned long long)get_be64(s->id_val);
	for (size_t i = 0; i < s->n; i++) {
		const unsigned char *k = (const unsigned char *)s->b.p + s->off[i];
		vp->want_post++;
		if (store_has_dup(vp->post, k, s->len[i], s->id_val, 8)) {
			describe(vp->ctx, k, s->len[i], what, sizeof what);
			errs_add(vp->report, GC_EDATA, "record %llu: postings entry %s missing", id, what);
			vp->missing++;
		}
	}
	if (s->has_due) {
		vp->want_due++;
		if (store_has_dup(vp->due, s->due_key, s->due_klen, s->due_val, 16)) {
			describe(vp->ctx, s->due_key, s->due_klen, what, sizeof what);
			errs_add(vp->report, GC_EDATA, "record %llu: postings entry %s missing (due order)", id, what);
			vp->missing_due++;
		}
	}
}

/* The postings of the record an entry names, or NULL when none is stored. */
static const post_set *record_set(verify_post *vp, uint64_t id)
{
	unsigned char k[KEY_MAX];
	store_item it, rd;
	gc_ctx *ctx = vp->ctx;
	if (store_get(ctx->st, vp->txn, TBL_REC_ID, k, key_id(k, id), &it) || it.vlen != 4)
		return NULL;
	const gc_node *n = core_node(ctx, get_be32(it.val));
	if (!n)
		return NULL;
	size_t kl = key_record(k, n->path, ctx->st->depth, id);
	if (store_get(ctx->st, vp->txn, TBL_RECORDS, k, kl, &rd) || post_set_of_blob(ctx, rd.val, rd.vlen, &vp->set))
		return NULL;
	return &vp->set;
}

typedef struct extra_walk {
	verify_post *vp;
	int table;
	size_t vlen, named;
} extra_walk;

static int check_extra(const store_item *it, void *arg)
{
	extra_walk *x = arg;
	verify_post *vp = x->vp;
	char what[600];
	uint64_t id = it->vlen == x->vlen ? get_be64(it->val + x->vlen - 8) : 0;
	const post_set *s = id ? record_set(vp, id) : NULL;
	int ok = s && (x->table == TBL_POST ? post_set_has(s, it->key, it->klen)
			: s->has_due && s->due_klen == it->klen && !memcmp(s->due_key, it->key, it->klen) &&
			  !memcmp(s->due_val, it->val, 16));
	if (ok)
		return 0;
	describe(vp->ctx, it->key, it->klen, what, sizeof what);
	errs_add(vp->report, GC_EDATA, "postings entry %s holds record %llu, which %s", what,
		 (unsigned long long)id, s ? "does not have it" : "is not stored");
	return ++x->named == 20;
}

/* Name each entry of a table that no record explains (at most 20). */
static void extras(verify_post *vp, int table, size_t vlen)
{
	extra_walk x = { vp, table, vlen, 0 };
	store_each(vp->ctx->st, vp->txn, table, NULL, 0, 0, check_extra, &x);
}

void verify_post_end(verify_post *vp)
{
	gc_store *st = vp->ctx->st;
	size_t have = store_entries(st, vp->txn, TBL_POST), have_due = store_entries(st, vp->txn, TBL_POST_DUE);
	/* Entries beyond those found: some no record explains. */
	if (have != vp->want_post)
		errs_add(vp->report, GC_EDATA, "postings hold %zu entries, records need %llu", have,
			 (unsigned long long)vp->want_post);
	if (have + vp->missing > vp->want_post)
		extras(vp, TBL_POST, 8);
	if (have_due != vp->want_due)
		errs_add(vp->report, GC_EDATA, "due postings hold %zu entries, records need %llu", have_due,
			 (unsigned long long)vp->want_due);
	if (have_due + vp->missing_due > vp->want_due)
		extras(vp, TBL_POST_DUE, 16);
	store_cursor_close(vp->post);
	store_cursor_close(vp->due);
	post_set_free(&vp->set);
}
