/* SPDX-License-Identifier: MIT */
/* test_postings.c - the postings index (src/core/postings.c): a record's
 * postings follow its changes, a filtered list walks them, and verify names
 * a posting that is missing and one that no record explains. A real LMDB
 * file holding the demo district's tree (unit_core.h). */
#include "unit_core.h"
#include "core/postings.h"

static uint64_t make_case(void)
{
	gc_ctx *zs = open_as("zhangsan"), *ww = open_as("wangwu");
	gc_kv vals[] = { { "title", "楼道堆物" }, { "category", "消防应急" } };
	uint64_t id = 0;
	assert_int_equal(core_new(zs, "case", "510304001001001", vals, 2, &id), 0);
	gc_kv who[] = { { "assignee", "zhangsan" } };
	assert_int_equal(core_act(ww, id, "accept", NULL, NULL, 0), 0);
	assert_int_equal(core_act(ww, id, "register", NULL, NULL, 0), 0);
	assert_int_equal(core_act(ww, id, "dispatch", NULL, who, 1), 0);
	core_close(zs);
	core_close(ww);
	return id;
}

/* The postings of the stored record id. */
static void stored_set(gc_ctx *ctx, uint64_t id, post_set *s)
{
	gc_record r;
	gc_buf b;
	buf_init(&b);
	assert_int_equal(core_get(ctx, id, &r), 0);
	rec_encode(&r, &b);
	assert_int_equal(post_set_of_blob(ctx, b.p, b.len, s), 0);
	rec_free(&r);
	buf_free(&b);
}

static int has_term(const post_set *s, gc_ctx *ctx, int tag, const char *term)
{
	unsigned char k[KEY_MAX];
	const gc_node *n = core_node_by_code(ctx, "510304001001001");
	size_t kl = key_post(k, tag, term, strlen(term), n->path, 4 * (size_t)ctx->st->depth);
	return post_set_has(s, k, kl);
}

static void postings_follow_changes(void **state)
{
	(void)state;
	uint64_t id = make_case();
	gc_ctx *ad = open_as("admin");
	post_set s;
	post_set_init(&s);
	stored_set(ad, id, &s);
	assert_true(has_term(&s, ad, POST_FORM, "case"));
	assert_true(has_term(&s, ad, POST_STATE, "dispatched"));
	assert_true(has_term(&s, ad, POST_ASSIGNEE, "zhangsan"));
	assert_true(has_term(&s, ad, POST_OPEN, ""));
	assert_true(has_term(&s, ad, POST_VALUE, "category=消防应急"));
	assert_false(has_term(&s, ad, POST_STATE, "registered"));
	/* Its day of creation, one list for the district (a period's report reads it). */
	gc_record r;
	assert_int_equal(core_get(ad, id, &r), 0);
	unsigned char day[4], k[KEY_MAX];
	put_be32(day, (uint32_t)(r.created / 86400));
	assert_true(post_set_has(&s, k, key_post(k, POST_CREATED, (const char *)day, 4, NULL, 0)));
	rec_free(&r);
	assert_true(s.has_due);
	/* Listed through them, with the state, the assignee and the value. */
	gc_query q;
	gc_list l;
	memset(&q, 0, sizeof q);
	q.state = "dispatched";
	q.assignee = "zhangsan";
	q.field_key = "category";
	q.field_value = "消防应急";
	q.limit = 10;
	assert_int_equal(core_list(ad, &q, &l), 0);
	assert_int_equal(l.n, 1);
	assert_int_equal(l.recs[0].id, id);
	list_free(&l);
	/* Handled by the assignee: another state. */
	gc_ctx *ww = open_as("zhangsan");
	gc_kv res[] = { { "result", "已清理" } };
	assert_int_equal(core_act(ww, id, "handle", NULL, res, 1), 0);
	stored_set(ad, id, &s);
	assert_false(has_term(&s, ad, POST_STATE, "dispatched"));
	assert_true(has_term(&s, ad, POST_STATE, "handled"));
	q.state = "dispatched";
	assert_int_equal(core_list(ad, &q, &l), 0);
	assert_int_equal(l.n, 0);
	list_free(&l);
	gc_errs report;
	uint64_t n;
	errs_init(&report);
	assert_int_equal(core_verify(ad, &report, &n), 0);
	errs_free(&report);
	post_set_free(&s);
	core_close(ww);
	core_close(ad);
}

typedef struct damage {
	gc_ctx *ctx;
	post_set *s;
	unsigned char bogus[KEY_MAX];
	size_t blen;
} damage;

/* Drop the record's state posting and give it one for a state it is not in. */
static int do_damage(MDB_txn *txn, void *arg)
{
	damage *d = arg;
	gc_store *st = d->ctx->st;
	for (size_t i = 0; i < d->s->n; i++) {
		const unsigned char *k = (const unsigned char *)d->s->b.p + d->s->off[i];
		if (k[0] != POST_STATE)
			continue;
		MDB_val key = { d->s->len[i], (void *)k }, val = { 8, d->s->id_val };
		assert_int_equal(mdb_del(txn, store_dbi(st, TBL_POST), &key, &val), 0);
	}
	return store_put(st, txn, TBL_POST, d->bogus, d->blen, d->s->id_val, 8);
}

static int report_has(const gc_errs *e, const char *text)
{
	for (size_t i = 0; i < e->n; i++)
		if (strstr(e->msg[i], text))
			return 1;
	return 0;
}

static void verify_names_damage(void **state)
{
	(void)state;
	uint64_t id = make_case();
	gc_ctx *ad = open_as("admin");
	post_set s;
	post_set_init(&s);
	stored_set(ad, id, &s);
	damage d = { ad, &s, { 0 }, 0 };
	const gc_node *n = core_node_by_code(ad, "510304001001001");
	d.blen = key_post(d.bogus, POST_STATE, "closed", 6, n->path, 4 * (size_t)ad->st->depth);
	gc_errs report;
	errs_init(&report);
	assert_int_equal(store_write(ad->st, do_damage, &d, &report), 0);
	uint64_t nrec;
	assert_int_equal(core_verify(ad, &report, &nrec), GC_EDATA);
	char want[200];
	snprintf(want, sizeof want, "record %llu: postings entry state 'dispatched' at node 510304001001001 missing",
		 (unsigned long long)id);
	assert_true(report_has(&report, want));
	snprintf(want, sizeof want, "postings entry state 'closed' at node 510304001001001 holds record %llu, "
		 "which does not have it", (unsigned long long)id);
	assert_true(report_has(&report, want));
	errs_free(&report);
	post_set_free(&s);
	core_close(ad);
}

int main(void)
{
	unit_locale();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(postings_follow_changes),
		cmocka_unit_test(verify_names_damage),
	};
	return cmocka_run_group_tests_name("postings", tests, setup, teardown);
}
