/* SPDX-License-Identifier: MIT */
/* rollup.c - the per-day rollup counters (see rollup.h). One LMDB entry
 * per cell: node id be32 + form NUL + local day be32 + category NUL ->
 * (counter byte, int64 BE) pairs; a node's cells of one form are one key
 * range, in day order. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/rollup.h"
#include "store/keys.h"
#include "gridcase/calendar.h"

size_t roll_counted(const gc_form *f, const gc_field **out, size_t max)
{
	size_t n = 0;
	for (size_t i = 0; f->wf && i < f->wf->ntrans && n < max; i++) {
		int fi = f->wf->trans[i].count ? config_field_index(f, f->wf->trans[i].count) : -1;
		int seen = 0;
		for (size_t j = 0; j < n && fi >= 0; j++)
			seen |= out[j] == &f->fields[fi];
		if (fi >= 0 && !seen)
			out[n++] = &f->fields[fi];
	}
	return n;
}

/* The category field of a form: its first choice field (as core_assess). */
static const gc_field *category_field(const gc_form *f)
{
	for (size_t i = 0; i < f->nfields; i++)
		if (f->fields[i].type == FT_CHOICE)
			return &f->fields[i];
	return NULL;
}

static size_t key_roll(unsigned char *out, uint32_t node_id, const char *form, long day, const char *cat,
		       size_t catlen, int counter)
{
	size_t at = key_str(out, key_node(out, node_id), form);
	put_be32(out + at, (uint32_t)day);
	at += 4;
	if (at + catlen + 2 > KEY_MAX)
		catlen = KEY_MAX - at - 2;
	memcpy(out + at, cat, catlen);
	out[at + catlen] = 0;
	out[at + catlen + 1] = (unsigned char)counter;
	return at + catlen + 2;
}

static int64_t view_int(const rec_view *v, const char *key)
{
	size_t n;
	const char *s = view_field(v, key, &n);
	char b[32];
	if (!s || !n)
		return 0;
	snprintf(b, sizeof b, "%.*s", (int)(n < 31 ? n : 31), s);
	return atoll(b);
}

const char *roll_category(const gc_form *f, const rec_view *v, size_t *len)
{
	const gc_field *cf = category_field(f);
	size_t catlen = 0;
	const char *cat = cf ? view_field(v, cf->key, &catlen) : NULL;
	if (!cat)
		cat = "", catlen = 0;
	const char *slash = memchr(cat, '/', catlen);
	*len = slash ? (size_t)(slash - cat) : catlen;
	return cat;
}

void roll_record(const gc_ctx *ctx, cmap *m, const void *blob, size_t len, int64_t d)
{
	rec_view v;
	char form[256], state[256];
	if (rec_peek(blob, len, &v) || !core_node(ctx, v.node_id))
		return;
	snprintf(form, sizeof form, "%.*s", (int)v.form_n, v.form);
	snprintf(state, sizeof state, "%.*s", (int)v.state_n, v.state);
	const gc_form *f = config_form(ctx->cfg, form);
	if (!f || !f->wf)
		return;
	size_t catlen;
	const char *cat = roll_category(f, &v, &catlen);
	long day = day_of(v.created);
	unsigned char k[KEY_MAX];
	int s = config_state_index(f->wf, state);
	cmap_add(m, k, key_roll(k, v.node_id, form, day, cat, catlen, ROLL_REPORTED), d);
	if (s >= 0 && s < 256 - ROLL_STATE)
		cmap_add(m, k, key_roll(k, v.node_id, form, day, cat, catlen, ROLL_STATE + s), d);
	if (s >= 0 && f->wf->states[s].final) {
		cmap_add(m, k, key_roll(k, v.node_id, form, day, cat, catlen, ROLL_CLOSED), d);
		if (v.late == 0)
			cmap_add(m, k, key_roll(k, v.node_id, form, day, cat, catlen, ROLL_ON_TIME), d);
		int64_t secs = cal_working_between(&ctx->cfg->cal, v.created, v.state_since);
		if (secs)
			cmap_add(m, k, key_roll(k, v.node_id, form, day, cat, catlen, ROLL_HANDLING), d * secs);
		const gc_field *counted[ASSESS_MAX_COUNTED];
		size_t nc = roll_counted(f, counted, ASSESS_MAX_COUNTED);
		for (size_t i = 0; i < nc; i++)
			if (view_int(&v, counted[i]->key) > 0)
				cmap_add(m, k, key_roll(k, v.node_id, form, day, cat, catlen, ROLL_COUNTED + (int)i), d);
	} else {
		cmap_add(m, k, key_roll(k, v.node_id, form, day, cat, catlen, ROLL_OPEN), d);
	}
}

void roll_key_name(const gc_ctx *ctx, const unsigned char *key, size_t klen, char *out, size_t n)
{
	const char *form = (const char *)key + 4;
	size_t fl = klen > 4 ? strnlen(form, klen - 4) : 0;
	if (klen < 4 + fl + 1 + 4 + 2) {
		snprintf(out, n, "(a key of %zu bytes)", klen);
		return;
	}
	const unsigned char *p = key + 4 + fl + 1;
	char day[32];
	date_format((long)(int32_t)get_be32(p), day, sizeof day);
	const char *cat = (const char *)p + 4;
	size_t cl = klen - (4 + fl + 1 + 4) - 2;
	int c = key[klen - 1];
	const gc_node *node = core_node(ctx, get_be32(key));
	char fbuf[256], counter[300];
	snprintf(fbuf, sizeof fbuf, "%.*s", (int)fl, form);
	const gc_form *f = config_form(ctx->cfg, fbuf);
	const char *names[] = { "reported", "open", "closed", "on_time", "handling_seconds" };
	if (c <= ROLL_HANDLING)
		snprintf(counter, sizeof counter, "%s", names[c]);
	else if (c >= ROLL_STATE && f && f->wf && (size_t)(c - ROLL_STATE) < f->wf->nstates)
		snprintf(counter, sizeof counter, "state %s", f->wf->states[c - ROLL_STATE].key);
	else if (c >= ROLL_COUNTED && c < ROLL_COUNTED + ASSESS_MAX_COUNTED)
		snprintf(counter, sizeof counter, "counted %d", c - ROLL_COUNTED);
	else
		snprintf(counter, sizeof counter, "%d", c);
	snprintf(out, n, "node %s form %s day %s category '%.*s' counter %s", node ? node->code : "?", fbuf, day,
		 (int)cl, cat, counter);
}

/* A child's cells, added to its parent's (sum_cells). */
typedef struct sum_arg {
	cmap *m;
	uint32_t parent;
} sum_arg;

static int sum_cells(const store_item *e, void *arg)
{
	sum_arg *a = arg;
	unsigned char k[KEY_MAX];
	if (e->klen < 4 || e->klen + 1 > KEY_MAX)
		return 0;
	memcpy(k, e->key, e->klen);
	put_be32(k, a->parent);
	for (size_t o = 0; o + ROLL_PAIR <= e->vlen; o += ROLL_PAIR) {
		k[e->klen] = e->val[o];
		cmap_add(a->m, k, e->klen + 1, (int64_t)get_be64(e->val + o + 1));
	}
	return 0;
}

int roll_sum_up(gc_ctx *ctx, MDB_txn *txn, const char *form, int level, int release_map)
{
	int rc = 0;
	for (int l = level - 1; l >= 0 && !rc; l--)
		for (uint32_t a = 1; a < ctx->nnodes && !rc; a++) {
			const gc_node *an = core_node(ctx, a);
			if (!an || an->level != l)
				continue;
			cmap m;
			memset(&m, 0, sizeof m);
			sum_arg sa = { &m, a };
			for (uint32_t c = 1; c < ctx->nnodes && !rc; c++) {
				const gc_node *cn = core_node(ctx, c);
				unsigned char k[KEY_MAX];
				if (!cn || cn->parent != a || strlen(form) + 6 > KEY_MAX)
					continue;
				size_t plen = key_str(k, key_node(k, c), form);
				rc = store_each(ctx->st, txn, TBL_ROLL, k, plen, plen, sum_cells, &sa);
			}
			if (!rc)
				rc = roll_flush(ctx, txn, &m, 0, release_map);
			else
				cmap_free(&m);
			if (release_map)
				store_release_map(ctx->st);
		}
	return rc;
}

typedef struct rv {
	gc_ctx *ctx;
	cmap *expected;
	gc_errs *report;
	size_t seen, bad;
} rv;

static void roll_bad(rv *r, const unsigned char *key, size_t klen, long long stored, long long want)
{
	if (r->bad++ >= 20)
		return;
	char name[800];
	roll_key_name(r->ctx, key, klen, name, sizeof name);
	errs_add(r->report, GC_EDATA, "rollup %s: stored %lld, records give %lld", name, stored, want);
}

static int check_entry(const store_item *e, void *arg)
{
	rv *r = arg;
	unsigned char k[KEY_MAX];
	if (e->klen + 1 > KEY_MAX || e->vlen % ROLL_PAIR || !e->vlen) {
		if (r->bad++ < 20) {
			char name[800];
			memcpy(k, e->key, e->klen);
			k[e->klen] = 0;
			roll_key_name(r->ctx, k, e->klen + 1, name, sizeof name);
			errs_add(r->report, GC_EDATA, "rollup %s: a value of %zu bytes (pairs of 9 expected)", name, e->vlen);
		}
		return 0;
	}
	memcpy(k, e->key, e->klen);
	for (size_t o = 0; o < e->vlen; o += ROLL_PAIR) {
		k[e->klen] = e->val[o];
		counter_delta *c = cmap_find(r->expected, k, e->klen + 1);
		long long stored = (long long)get_be64(e->val + o + 1);
		long long want = c ? (long long)c->delta : 0;
		if (want != stored)
			roll_bad(r, k, e->klen + 1, stored, want);
		if (c) {   /* seen: what is left nonzero afterwards is missing */
			c->delta = 0;
			r->seen++;
		}
	}
	return 0;
}

void roll_verify(gc_ctx *ctx, MDB_txn *txn, cmap *expected, gc_errs *report)
{
	counts_roll_up(ctx, expected);
	rv r = { ctx, expected, report, 0, 0 };
	store_each(ctx->st, txn, TBL_ROLL, NULL, 0, 0, check_entry, &r);
	for (size_t i = 0; i < expected->cap; i++) {
		counter_delta *c = &expected->slots[i];
		if (c->key && c->delta)
			roll_bad(&r, c->key, c->klen, 0, (long long)c->delta);
	}
	if (r.bad > 20)
		errs_add(report, GC_EDATA, "rollups: %zu wrong entries in all (20 named); gridcase reindex rebuilds them",
			 r.bad);
	cmap_free(expected);
}

typedef struct rr {
	size_t plen;
	long day_to;
	roll_fn fn;
	void *arg;
} rr;

static int read_entry(const store_item *e, void *arg)
{
	rr *r = arg;
	if (e->klen < r->plen + 4 + 1)
		return 0;
	long day = (long)(int32_t)get_be32(e->key + r->plen);
	if (day > r->day_to)
		return 1;
	const char *cat = (const char *)e->key + r->plen + 4;
	size_t catlen = e->klen - r->plen - 4 - 1;
	for (size_t o = 0; o + ROLL_PAIR <= e->vlen; o += ROLL_PAIR) {
		int stop = r->fn(day, cat, catlen, e->val[o], (int64_t)get_be64(e->val + o + 1), r->arg);
		if (stop)
			return stop;
	}
	return 0;
}

int roll_read(gc_ctx *ctx, MDB_txn *txn, uint32_t node_id, const char *form, long day_from, long day_to,
	      roll_fn fn, void *arg)
{
	unsigned char k[KEY_MAX];
	size_t plen = key_str(k, key_node(k, node_id), form);
	put_be32(k + plen, (uint32_t)day_from);
	rr r = { plen, day_to, fn, arg };
	return store_each(ctx->st, txn, TBL_ROLL, k, plen + 4, plen, read_entry, &r);
}
