/* SPDX-License-Identifier: MIT */
/* post_search.c - a search's grams' district-wide lists intersected
 * (postings.h, post_search), newest first: each list answers "the largest
 * id at most the candidate" from the page of ids it holds when it can
 * (a page of a DUPFIXED list is an array of about 500 ids), and seeks
 * only when the candidate lies before that page. */
#include <stdlib.h>
#include <string.h>
#include "core/postings.h"
#include "core/ngram.h"

typedef struct gram_list {
	store_cursor *c;
	unsigned char key[KEY_MAX];
	size_t kl, len;
	const unsigned char *pg;   /* the cursor's page of ids (u64 BE, ascending) */
	size_t npg;
	uint64_t upto;             /* no id of the list in (last of pg, upto] */
} gram_list;

/* The largest id of l at most cand: 0 with *got, MDB_NOTFOUND when none. */
static int at_most(gram_list *l, uint64_t cand, uint64_t *got)
{
	if (l->npg && get_be64(l->pg) <= cand && cand <= l->upto) {
		size_t lo = 0, hi = l->npg;   /* the first id past cand */
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			if (get_be64(l->pg + 8 * mid) <= cand)
				lo = mid + 1;
			else
				hi = mid;
		}
		*got = get_be64(l->pg + 8 * (lo - 1));
		return 0;
	}
	store_item it, pg;
	unsigned char v[8];
	put_be64(v, cand);
	int rc = store_cursor_seek_dup(l->c, l->key, l->kl, v, 8, &it);
	if (rc == 0 && get_be64(it.val) != cand)
		rc = store_cursor_prev_dup(l->c, &it);
	else if (rc == MDB_NOTFOUND && (rc = store_cursor_seek_key(l->c, l->key, l->kl, &it)) == 0)
		rc = store_cursor_last_dup(l->c, &it);
	if (rc)
		return rc;
	*got = get_be64(it.val);
	l->npg = 0;
	if (store_cursor_dup_page(l->c, 0, &pg) == 0 && pg.vlen >= 8 && pg.vlen % 8 == 0) {
		l->pg = pg.val;
		l->npg = pg.vlen / 8;
		uint64_t last = get_be64(l->pg + 8 * (l->npg - 1));
		l->upto = *got == last ? cand : last;   /* got was the largest at most cand */
	}
	return 0;
}

int post_search(gc_ctx *ctx, MDB_txn *txn, const ngram *g, size_t n, post_fn fn, void *arg)
{
	gram_list l[NGRAM_QUERY_MAX];
	store_item it;
	int rc = 0;
	uint64_t cand = UINT64_MAX;
	if (n > NGRAM_QUERY_MAX)
		n = NGRAM_QUERY_MAX;
	memset(l, 0, sizeof l);
	for (size_t i = 0; i < n && !rc; i++) {
		l[i].kl = key_post(l[i].key, g[i].tag, g[i].g, g[i].len, NULL, 0);
		if ((rc = store_cursor_open(ctx->st, txn, TBL_POST, &l[i].c)) == 0 &&
		    (rc = store_cursor_seek_key(l[i].c, l[i].key, l[i].kl, &it)) == 0)
			l[i].len = store_cursor_dups(l[i].c);
	}
	/* The shortest list first: its ids are the candidates the others check. */
	for (size_t i = 1; i < n && !rc; i++)
		for (size_t j = i; j > 0 && l[j].len < l[j - 1].len; j--) {
			gram_list t = l[j];
			l[j] = l[j - 1];
			l[j - 1] = t;
		}
	/* Newest first: the candidate is the largest id every list may hold;
	 * a list whose largest id at or below it is smaller lowers it. */
	for (size_t i = 0; !rc && n;) {
		uint64_t got;
		if ((rc = at_most(&l[i], cand, &got)))
			break;
		if (got != cand) {
			cand = got;
			i = 0;
			continue;
		}
		if (++i < n)
			continue;
		/* In every list: a match. */
		store_item rid;
		unsigned char k[8];
		if (store_get(ctx->st, txn, TBL_REC_ID, k, key_id(k, cand), &rid) == 0 && rid.vlen == 4 &&
		    fn(get_be32(rid.val), cand, arg))
			break;
		if (cand == 0)
			break;
		cand--;
		i = 0;
	}
	for (size_t i = 0; i < n; i++)
		store_cursor_close(l[i].c);
	return rc == MDB_NOTFOUND ? 0 : rc;
}
