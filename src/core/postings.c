/* SPDX-License-Identifier: MIT */
/* postings.c - which postings a record has, and the filtered walk over
 * them (postings.h). Written by the write batch (write.c), checked by
 * verify (admin.c), read by lists (query.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/postings.h"
#include "core/ngram.h"

void post_set_init(post_set *s)
{
	memset(s, 0, sizeof *s);
	buf_init(&s->b);
}

void post_set_free(post_set *s)
{
	buf_free(&s->b);
	free(s->off);
	free(s->len);
	memset(s, 0, sizeof *s);
}

static size_t key_slot(const unsigned char *key, size_t klen)
{
	uint64_t h = hash_bytes(key, klen);
	return (size_t)(h ^ h >> 32) & (POST_SET_SLOTS - 1);
}

static int same_key(const post_set *s, size_t i, const unsigned char *key, size_t klen)
{
	return s->len[i] == klen && !memcmp(s->b.p + s->off[i], key, klen);
}

static void add_key(post_set *s, int tag, const char *term, size_t tlen, const unsigned char *path, size_t plen)
{
	unsigned char k[KEY_MAX];
	if (s->n == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 64;
		s->off = xrealloc(s->off, s->cap * sizeof *s->off);
		s->len = xrealloc(s->len, s->cap * sizeof *s->len);
	}
	size_t kl = key_post(k, tag, term, tlen, path, plen);
	s->off[s->n] = s->b.len;
	s->len[s->n] = kl;
	s->n++;
	buf_add(&s->b, k, kl);
	if (s->n <= POST_SET_SLOTS / 2) {   /* past that, post_set_has scans */
		size_t j = key_slot(k, kl);
		while (s->slot[j])
			j = (j + 1) & (POST_SET_SLOTS - 1);
		s->slot[j] = (uint16_t)s->n;
	}
}

int post_set_has(const post_set *s, const unsigned char *key, size_t klen)
{
	if (s->n <= POST_SET_SLOTS / 2) {
		for (size_t j = key_slot(key, klen); s->slot[j]; j = (j + 1) & (POST_SET_SLOTS - 1))
			if (same_key(s, s->slot[j] - 1u, key, klen))
				return 1;
		return 0;
	}
	for (size_t i = 0; i < s->n; i++)
		if (same_key(s, i, key, klen))
			return 1;
	return 0;
}

/* The choice fields' values: one term "key=value" each. */
static void add_values(post_set *s, const gc_form *f, const rec_view *v, const unsigned char *path, size_t plen)
{
	char term[POST_TERM_MAX + 1];
	for (size_t i = 0; f && i < f->nfields; i++) {
		const gc_field *fd = &f->fields[i];
		size_t vl, kl = strlen(fd->key);
		const char *val;
		if (fd->type != FT_CHOICE || !(val = view_field(v, fd->key, &vl)) || !vl || kl + 1 + vl > POST_TERM_MAX)
			continue;
		memcpy(term, fd->key, kl);
		term[kl] = '=';
		memcpy(term + kl + 1, val, vl);
		add_key(s, POST_VALUE, term, kl + 1 + vl, path, plen);
	}
}

typedef struct gram_add {
	post_set *s;
	const unsigned char *path;   /* unused: grams have no path */
	size_t plen;
} gram_add;

/* A gram's key has no path: its list holds the district's ids (a search
 * checks each match's node), so a gram costs one key, not one per node. */
static void add_gram(const ngram *g, void *arg)
{
	gram_add *ga = arg;
	unsigned char k[KEY_MAX];
	size_t kl = key_post(k, g->tag, g->g, g->len, NULL, 0);
	if (!post_set_has(ga->s, k, kl))   /* a gram twice in a record is one posting */
		add_key(ga->s, g->tag, g->g, g->len, NULL, 0);
}

/* The grams of the form's search fields. */
static void add_grams(post_set *s, const gc_form *f, const rec_view *v)
{
	gram_add ga = { s, NULL, 0 };
	for (size_t i = 0; f && i < f->nfields; i++) {
		size_t vl;
		const char *val;
		if (f->fields[i].search && (val = view_field(v, f->fields[i].key, &vl)) && vl)
			ngram_index(val, vl, add_gram, &ga);
	}
}

int post_set_of_blob(const gc_ctx *ctx, const void *blob, size_t len, post_set *s)
{
	rec_view v;
	buf_reset(&s->b);
	s->n = 0;
	memset(s->slot, 0, sizeof s->slot);
	s->has_due = 0;
	if (rec_peek(blob, len, &v))
		return -1;
	put_be64(s->id_val, v.id);
	const gc_node *n = core_node(ctx, v.node_id);
	if (!n)
		return 0;
	size_t plen = 4 * (size_t)ctx->st->depth;
	char form[256], state[256];
	snprintf(form, sizeof form, "%.*s", (int)v.form_n, v.form);
	snprintf(state, sizeof state, "%.*s", (int)v.state_n, v.state);
	add_key(s, POST_FORM, v.form, v.form_n, n->path, plen);
	unsigned char day[4];
	put_be32(day, (uint32_t)(v.created > 0 ? v.created / 86400 : 0));
	add_key(s, POST_CREATED, (const char *)day, 4, NULL, 0);
	if (v.state_n)
		add_key(s, POST_STATE, v.state, v.state_n, n->path, plen);
	if (v.assignee_n)
		add_key(s, POST_ASSIGNEE, v.assignee, v.assignee_n, n->path, plen);
	int open = core_is_open(ctx, form, state);
	if (open)
		add_key(s, POST_OPEN, "", 0, n->path, plen);
	const gc_form *f = config_form(ctx->cfg, form);
	add_values(s, f, &v, n->path, plen);
	add_grams(s, f, &v);
	if (open && v.due) {
		s->has_due = 1;
		s->due_klen = key_post_due(s->due_key, v.form, v.form_n, n->path, plen);
		put_be64(s->due_val, (uint64_t)v.due);
		put_be64(s->due_val + 8, v.id);
	}
	return 0;
}

int post_plan_term_n(post_plan *p, int tag, const char *term, size_t tlen)
{
	if (p->nterms == 8)
		return -1;
	/* The key's own layout, without the path. */
	p->tlen[p->nterms] = key_post(p->term[p->nterms], tag, term, tlen, NULL, 0);
	p->nterms++;
	return 0;
}

int post_plan_term(post_plan *p, int tag, const char *term)
{
	return post_plan_term_n(p, tag, term, strlen(term));
}

uint32_t post_path_node(const unsigned char *path, int depth)
{
	uint32_t id = 0;
	for (int i = 0; i < depth; i++) {
		uint32_t part = get_be32(path + 4 * i);
		if (!part)
			break;
		id = part;
	}
	return id;
}

/* ---- the walk: one head per node list, merged on a heap ---- */

typedef struct phead {
	store_cursor *cur;           /* opened when the head first moves (head_cursor) */
	size_t koff, klen;           /* its list's key, in the walk's keys */
	uint32_t node;
	const unsigned char *path;   /* the node's path (ctx->nodes) */
	unsigned char sk[16];        /* sort key: due + id, or id */
	uint64_t id;
	unsigned char probe[8];      /* which plan terms to check, besides the one walked */
	size_t nprobe;
} phead;

typedef struct pwalk {
	gc_ctx *ctx;
	MDB_txn *txn;
	const post_plan *p;
	phead *h;
	size_t n, cap;
	size_t pathlen;              /* 4 * depth */
	size_t sklen;
	store_cursor *probe[8];
	store_cursor *at;            /* finds each head's first value */
	gc_buf keys;                 /* the heads' list keys */
	/* Counting (post_count, post_walk_counted): each list as its head is
	 * put, with the cursor that found the head (ok NULL: no count). */
	int (*ok)(uint32_t node, void *arg);
	void *okarg;
	size_t count, steps, max_steps;   /* count SIZE_MAX: past max_steps */
	int rc;
} pwalk;

static int before(const pwalk *w, const phead *a, const phead *b)
{
	int c = memcmp(a->sk, b->sk, w->sklen);
	return w->p->desc ? c > 0 : c < 0;
}

static void sift_down(pwalk *w, size_t i)
{
	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, best = i;
		if (l < w->n && before(w, &w->h[l], &w->h[best]))
			best = l;
		if (r < w->n && before(w, &w->h[r], &w->h[best]))
			best = r;
		if (best == i)
			return;
		phead t = w->h[i];
		w->h[i] = w->h[best];
		w->h[best] = t;
		i = best;
	}
}

static void sift_up(pwalk *w, size_t i)
{
	while (i && before(w, &w->h[i], &w->h[(i - 1) / 2])) {
		phead t = w->h[i];
		w->h[i] = w->h[(i - 1) / 2];
		w->h[(i - 1) / 2] = t;
		i = (i - 1) / 2;
	}
}

/* Take the cursor's value into the head: 0, or 1 when it lies past the
 * plan's due range (the head is done). */
static int head_take(const pwalk *w, phead *h, const store_item *it)
{
	if (it->vlen != w->sklen)
		return 1;
	memcpy(h->sk, it->val, w->sklen);
	h->id = get_be64(it->val + w->sklen - 8);
	if (w->p->by_due) {
		int64_t due = (int64_t)get_be64(it->val);
		if (w->p->desc ? due < w->p->due_lo : due >= w->p->due_hi)
			return 1;
	}
	return 0;
}

/* The value a bounded walk seeks (postings.h, from_id): just past the
 * bound in the walk's order, kept inside the plan's due range. */
static void bound_value(const post_plan *p, unsigned char *v)
{
	uint64_t id = p->desc ? p->from_id : p->from_id + 1;
	if (!p->by_due) {
		put_be64(v, id);
		return;
	}
	int64_t due = p->from_due;
	if (!p->desc && due < p->due_lo)
		due = p->due_lo, id = 0;
	if (p->desc && due >= p->due_hi)
		due = p->due_hi, id = 0;
	put_be64(v, (uint64_t)due);
	put_be64(v + 8, id);
}

/* The first of the n due values (16 bytes: due, id) at or past due. */
static size_t due_bound(const unsigned char *v, size_t n, int64_t due)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if ((int64_t)get_be64(v + 16 * mid) < due)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* How many of key's due values lie in the plan's range, a page of values
 * at a time (the list is DUPFIXED, so a page is an array): about 250
 * entries a step instead of one. From the range's first value: where the
 * walk goes back (desc) its head is the last. */
static size_t count_due_pages(pwalk *w, store_cursor *c, const unsigned char *key, size_t klen)
{
	store_item pg;
	size_t n = 0;
	if (w->p->desc) {
		unsigned char lo[16] = { 0 };
		put_be64(lo, (uint64_t)w->p->due_lo);
		int rc = store_cursor_seek_dup(c, key, klen, lo, 16, &pg);
		if (rc) {
			w->rc = rc;   /* the head lies in the range: never MDB_NOTFOUND */
			return 0;
		}
	}
	for (int next = 0;; next = 1) {
		int rc = store_cursor_dup_page(c, next, &pg);
		if (rc) {
			if (rc != MDB_NOTFOUND)
				w->rc = rc;
			return n;
		}
		w->steps += 8;   /* a page's read and search: about a probe's cost */
		if (w->max_steps && w->steps > w->max_steps)
			return SIZE_MAX;
		size_t k = pg.vlen / 16;
		size_t from = next ? 0 : due_bound(pg.val, k, w->p->due_lo);
		size_t to = due_bound(pg.val, k, w->p->due_hi);
		n += to > from ? to - from : 0;
		if (to < k)
			return n;
	}
}

static int probes_pass(pwalk *w, const phead *h);

/* Count a new head's list into w->count (when counting and ok() takes its
 * node), its cursor at the head's first value; the head keeps its value. */
static void head_count(pwalk *w, const phead *first, const unsigned char *key, size_t klen)
{
	phead h = *first;
	if (!w->ok || w->count == SIZE_MAX || !w->ok(h.node, w->okarg))
		return;
	if (!h.nprobe && !w->p->by_due) {   /* nothing else to check: its length */
		w->count += store_cursor_dups(h.cur);
		return;
	}
	if (!h.nprobe) {
		size_t k = count_due_pages(w, h.cur, key, klen);
		w->count = k == SIZE_MAX ? SIZE_MAX : w->count + k;
		return;
	}
	for (;;) {
		store_item it;
		w->steps += 8;   /* a probe costs about 8 steps of a list */
		if (w->max_steps && w->steps > w->max_steps) {
			w->count = SIZE_MAX;
			return;
		}
		w->count += probes_pass(w, &h);
		int rc = w->p->desc ? store_cursor_prev_dup(h.cur, &it) : store_cursor_next_dup(h.cur, &it);
		if (rc || head_take(w, &h, &it)) {
			if (rc && rc != MDB_NOTFOUND)
				w->rc = rc;
			return;
		}
	}
}

/* Put a head on key's list at the plan's first value, and on the heap. */
static void head_add(pwalk *w, const unsigned char *key, size_t klen, phead *h)
{
	store_item it;
	int tbl = w->p->by_due ? TBL_POST_DUE : TBL_POST, rc;
	/* One cursor finds every head's first value; a head gets a cursor of
	 * its own only when it moves (a district's 550 lists gave 550 cursors,
	 * about 300 KiB of fresh memory, for a page of 50). */
	if (w->rc || (!w->at && (w->rc = store_cursor_open(w->ctx->st, w->txn, tbl, &w->at))))
		return;
	h->cur = w->at;
	if (w->p->from_id) {
		/* Past a bound: the first entry after it, or (desc) the last before it. */
		unsigned char from[16];
		bound_value(w->p, from);
		rc = store_cursor_seek_dup(h->cur, key, klen, from, w->sklen, &it);
		if (w->p->desc)
			rc = rc == 0 ? store_cursor_prev_dup(h->cur, &it)
				     : (rc = store_cursor_seek_key(h->cur, key, klen, &it)) ? rc : store_cursor_last_dup(h->cur, &it);
	} else if (w->p->by_due) {
		unsigned char from[16] = { 0 };
		put_be64(from, (uint64_t)(w->p->desc ? w->p->due_hi : w->p->due_lo));
		rc = store_cursor_seek_dup(h->cur, key, klen, from, 16, &it);
		if (w->p->desc)
			rc = rc == 0 ? store_cursor_prev_dup(h->cur, &it)
				     : (rc = store_cursor_seek_key(h->cur, key, klen, &it)) ? rc : store_cursor_last_dup(h->cur, &it);
	} else {
		rc = store_cursor_seek_key(h->cur, key, klen, &it);
		if (!rc && w->p->desc)
			rc = store_cursor_last_dup(h->cur, &it);
	}
	if (rc || head_take(w, h, &it)) {
		h->cur = NULL;
		if (rc != MDB_NOTFOUND && rc)
			w->rc = rc;
		return;
	}
	head_count(w, h, key, klen);   /* moves the shared cursor: the head keeps its value */
	h->cur = NULL;
	h->koff = w->keys.len;
	h->klen = klen;
	buf_add(&w->keys, key, klen);
	if (w->n == w->cap)
		w->h = xrealloc(w->h, (w->cap = w->cap ? w->cap * 2 : 64) * sizeof *w->h);
	w->h[w->n++] = *h;
	sift_up(w, w->n - 1);
}

static size_t term_key(const pwalk *w, size_t t, const unsigned char *path, unsigned char *out)
{
	memcpy(out, w->p->term[t], w->p->tlen[t]);
	memcpy(out + w->p->tlen[t], path, w->pathlen);
	return w->p->tlen[t] + w->pathlen;
}

/* A node that has the first term: walk its shortest list of the plan's
 * terms and check the others; a node lacking one has nothing. */
static void node_terms(pwalk *w, const unsigned char *path)
{
	phead h;
	unsigned char k[KEY_MAX];
	size_t best = 0, best_n = SIZE_MAX;
	store_item it;
	memset(&h, 0, sizeof h);
	/* One term: its list is the one the keys were enumerated from, so it
	 * is there and nothing is to be chosen (a seek a node saved). */
	for (size_t t = 0; t < w->p->nterms && w->p->nterms > 1; t++) {
		int rc = store_cursor_seek_key(w->probe[t], k, term_key(w, t, path, k), &it);
		if (rc) {
			if (rc != MDB_NOTFOUND)
				w->rc = rc;
			return;
		}
		size_t n = store_cursor_dups(w->probe[t]);
		if (n < best_n) {
			best_n = n;
			best = t;
		}
	}
	for (size_t t = 0; t < w->p->nterms; t++)
		if (t != best)
			h.probe[h.nprobe++] = (unsigned char)t;
	h.node = post_path_node(path, w->ctx->st->depth);
	const gc_node *n = core_node(w->ctx, h.node);
	if (!n)
		return;
	h.path = n->path;
	head_add(w, k, term_key(w, best, path, k), &h);
}

/* Every key of the range prefix[0..plen) of tbl: for each, fn with the key. */
static void each_key(pwalk *w, int tbl, const unsigned char *prefix, size_t plen, size_t pathoff,
		     void (*fn)(pwalk *, const unsigned char *, size_t, size_t))
{
	store_cursor *c;
	store_item it;
	if (w->rc || (w->rc = store_cursor_open(w->ctx->st, w->txn, tbl, &c)))
		return;
	int rc = store_cursor_seek(c, prefix, plen, &it);
	while (!rc && !w->rc && it.klen >= plen && !memcmp(it.key, prefix, plen)) {
		if (it.klen == pathoff + w->pathlen)
			fn(w, it.key, it.klen, pathoff);
		rc = store_cursor_next_key(c, &it);
	}
	if (rc && rc != MDB_NOTFOUND && !w->rc)
		w->rc = rc;
	store_cursor_close(c);
}

static void on_term_key(pwalk *w, const unsigned char *key, size_t klen, size_t pathoff)
{
	(void)klen;
	unsigned char path[4 * GC_MAX_DEPTH];
	memcpy(path, key + pathoff, w->pathlen);   /* key is the enumerating cursor's: copy it */
	node_terms(w, path);
}

static void on_due_key(pwalk *w, const unsigned char *key, size_t klen, size_t pathoff)
{
	phead h;
	unsigned char k[KEY_MAX];
	memset(&h, 0, sizeof h);
	memcpy(k, key, klen);
	h.node = post_path_node(key + pathoff, w->ctx->st->depth);
	const gc_node *n = core_node(w->ctx, h.node);
	if (!n)
		return;
	h.path = n->path;
	for (size_t t = 0; t < w->p->nterms; t++)
		h.probe[h.nprobe++] = (unsigned char)t;
	head_add(w, k, klen, &h);
}

static void add_heads(pwalk *w)
{
	const post_plan *p = w->p;
	size_t plen = p->exact ? w->pathlen : 4 * ((size_t)p->node->level + 1);
	unsigned char pre[KEY_MAX];
	if (!p->by_due) {
		memcpy(pre, p->term[0], p->tlen[0]);
		memcpy(pre + p->tlen[0], p->node->path, plen);
		each_key(w, TBL_POST, pre, p->tlen[0] + plen, p->tlen[0], on_term_key);
		return;
	}
	for (size_t i = 0; i < w->ctx->cfg->nforms; i++) {
		const char *f = w->ctx->cfg->forms[i].key;
		if (p->form && strcmp(p->form, f))
			continue;
		size_t fl = key_post_due(pre, f, strlen(f), NULL, 0);
		memcpy(pre + fl, p->node->path, plen);
		each_key(w, TBL_POST_DUE, pre, fl + plen, fl, on_due_key);
	}
}

/* Whether the head's record has every term the head does not walk. */
static int probes_pass(pwalk *w, const phead *h)
{
	unsigned char k[KEY_MAX], idv[8];
	put_be64(idv, h->id);
	for (size_t j = 0; j < h->nprobe; j++) {
		int rc = store_has_dup(w->probe[h->probe[j]], k, term_key(w, h->probe[j], h->path, k), idv, 8);
		if (rc) {
			if (rc != MDB_NOTFOUND)
				w->rc = rc;
			return 0;
		}
	}
	return 1;
}

/* The head's own cursor, at its value (opened at its first move). */
static int head_cursor(pwalk *w, phead *h)
{
	store_item it;
	if (h->cur)
		return 0;
	int rc = store_cursor_open(w->ctx->st, w->txn, w->p->by_due ? TBL_POST_DUE : TBL_POST, &h->cur);
	if (!rc)
		rc = store_cursor_seek_dup(h->cur, (const unsigned char *)w->keys.p + h->koff, h->klen, h->sk, w->sklen, &it);
	return rc;
}

static void walk_end(pwalk *w)
{
	for (size_t i = 0; i < w->n; i++)
		store_cursor_close(w->h[i].cur);
	for (size_t t = 0; t < w->p->nterms; t++)
		store_cursor_close(w->probe[t]);
	store_cursor_close(w->at);
	buf_free(&w->keys);
	free(w->h);
}

/* Set w up for p's walk: the probes' cursors open and each node's list at
 * its head. 1 when the plan has nothing to walk (no term, no due order). */
static int walk_start(pwalk *w, gc_ctx *ctx, MDB_txn *txn, const post_plan *p, int (*ok)(uint32_t node, void *arg),
		      void *okarg, size_t max_steps)
{
	memset(w, 0, sizeof *w);
	w->ctx = ctx;
	w->txn = txn;
	w->p = p;
	w->ok = ok;
	w->okarg = okarg;
	w->max_steps = max_steps;
	w->pathlen = 4 * (size_t)ctx->st->depth;
	w->sklen = p->by_due ? 16 : 8;
	if (!p->by_due && !p->nterms)
		return 1;
	for (size_t t = 0; t < p->nterms && !w->rc; t++)
		w->rc = store_cursor_open(ctx->st, txn, TBL_POST, &w->probe[t]);
	if (!w->rc)
		add_heads(w);
	return 0;
}

static int walk_run(pwalk *w0, post_fn fn, void *arg)
{
	pwalk w = *w0;
	const post_plan *p = w.p;
	while (w.n && !w.rc) {
		phead *top = &w.h[0];
		if (probes_pass(&w, top) && !w.rc && fn(top->node, top->id, arg))
			break;
		store_item it;
		int rc = head_cursor(&w, top);
		if (!rc)
			rc = p->desc ? store_cursor_prev_dup(top->cur, &it) : store_cursor_next_dup(top->cur, &it);
		if (rc || head_take(&w, top, &it)) {
			if (rc && rc != MDB_NOTFOUND)
				w.rc = rc;
			store_cursor_close(top->cur);
			w.h[0] = w.h[--w.n];
		}
		sift_down(&w, 0);
	}
	walk_end(&w);
	return w.rc;
}

int post_walk(gc_ctx *ctx, MDB_txn *txn, const post_plan *p, post_fn fn, void *arg)
{
	pwalk w;
	if (walk_start(&w, ctx, txn, p, NULL, NULL, 0))
		return 0;
	return walk_run(&w, fn, arg);
}

int post_walk_counted(gc_ctx *ctx, MDB_txn *txn, const post_plan *p, int (*ok)(uint32_t node, void *arg), void *okarg,
		      size_t max_steps, size_t *count, post_fn fn, void *arg)
{
	pwalk w;
	*count = 0;
	if (walk_start(&w, ctx, txn, p, ok, okarg, max_steps))
		return 0;
	*count = w.count;
	if (w.rc) {
		walk_end(&w);
		return w.rc;
	}
	return walk_run(&w, fn, arg);
}

/* How many records the plan's walk would give whose node ok() accepts
 * (counted as the heads are put: each list on its own, no heap). */
size_t post_count(gc_ctx *ctx, MDB_txn *txn, const post_plan *p, int (*ok)(uint32_t node, void *arg), void *arg,
		  size_t max_steps, int *rcp)
{
	pwalk w;
	*rcp = 0;
	if (walk_start(&w, ctx, txn, p, ok, arg, max_steps))
		return 0;
	walk_end(&w);
	*rcp = w.rc;
	return w.count;
}

/* ---- a period: the created days' lists merged in id order ---- */

typedef struct dhead {
	store_cursor *cur;
	uint64_t id;
} dhead;

static void dsift(dhead *h, size_t n, size_t i)
{
	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, best = i;
		if (l < n && h[l].id < h[best].id)
			best = l;
		if (r < n && h[r].id < h[best].id)
			best = r;
		if (best == i)
			return;
		dhead t = h[i];
		h[i] = h[best];
		h[best] = t;
		i = best;
	}
}

int post_days(gc_ctx *ctx, MDB_txn *txn, int64_t from, int64_t to, post_fn fn, void *arg)
{
	uint32_t d0 = from > 0 ? (uint32_t)(from / 86400) : 0, d1 = to > 0 ? (uint32_t)((to - 1) / 86400) : UINT32_MAX;
	unsigned char k[8], day[4];
	store_cursor *keys;
	store_item it;
	dhead *h = NULL;
	size_t n = 0, cap = 0;
	put_be32(day, d0);
	size_t kl = key_post(k, POST_CREATED, (const char *)day, 4, NULL, 0);
	int rc = store_cursor_open(ctx->st, txn, TBL_POST, &keys);
	for (rc = rc ? rc : store_cursor_seek(keys, k, kl, &it); !rc; rc = store_cursor_next_key(keys, &it)) {
		if (it.klen != kl || it.key[0] != POST_CREATED || get_be32(it.key + 1) > d1)
			break;
		dhead d;
		if ((rc = store_cursor_open(ctx->st, txn, TBL_POST, &d.cur)))
			break;
		store_item first;
		if (store_cursor_seek_key(d.cur, it.key, it.klen, &first) || first.vlen != 8) {
			store_cursor_close(d.cur);
			continue;
		}
		d.id = get_be64(first.val);
		if (n == cap)
			h = xrealloc(h, (cap = cap ? 2 * cap : 64) * sizeof *h);
		h[n++] = d;
	}
	store_cursor_close(keys);
	for (size_t i = n / 2; i-- > 0;)
		dsift(h, n, i);
	if (rc == MDB_NOTFOUND)
		rc = 0;
	while (n && !rc) {
		store_item rid, nx;
		unsigned char ik[8];
		uint64_t id = h[0].id;
		if (store_get(ctx->st, txn, TBL_REC_ID, ik, key_id(ik, id), &rid) == 0 && rid.vlen == 4 &&
		    fn(get_be32(rid.val), id, arg))
			break;
		int r = store_cursor_next_dup(h[0].cur, &nx);
		if (r == 0 && nx.vlen == 8) {
			h[0].id = get_be64(nx.val);
		} else {
			if (r && r != MDB_NOTFOUND)
				rc = r;
			store_cursor_close(h[0].cur);
			h[0] = h[--n];
		}
		dsift(h, n, 0);
	}
	for (size_t i = 0; i < n; i++)
		store_cursor_close(h[i].cur);
	free(h);
	return rc;
}
