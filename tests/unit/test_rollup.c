/* SPDX-License-Identifier: MIT */
/* test_rollup.c - the per-day rollups (src/core/rollup.c): a case's
 * counters stay in the cell of the day it was created when it changes on
 * a later day, follow a transition back, are the same at the grid and at
 * the district root, and verify passes after each change and names a
 * damaged entry. A real LMDB file holding the demo district's tree. */
#include "unit_core.h"
#include "core/rollup.h"
#include "gridcase/calendar.h"

#define GRID "510304001001001"

typedef struct sums {
	long day;
	const char *cat;
	int64_t v[256];
	int64_t other_days;
} sums;

static int add_entry(long day, const char *cat, size_t catlen, int counter, int64_t value, void *arg)
{
	sums *s = arg;
	if (day == s->day && strlen(s->cat) == catlen && !memcmp(cat, s->cat, catlen))
		s->v[counter] += value;
	else if (day != s->day)
		s->other_days += value;
	return 0;
}

/* The rollups of form case at node code over every day, the cell of
 * (day, cat) in s. */
static void read_sums(gc_ctx *ctx, const char *code, long day, const char *cat, sums *s)
{
	memset(s, 0, sizeof *s);
	s->day = day;
	s->cat = cat;
	MDB_txn *txn;
	assert_int_equal(store_read(ctx->st, &txn, &ctx->errs), 0);
	assert_int_equal(roll_read(ctx, txn, core_node_by_code(ctx, code)->id, "case", 0, 1L << 30, add_entry, s), 0);
	store_read_end(txn);
}

static void verify_clean(void)
{
	gc_ctx *ad = open_as("admin");
	gc_errs rep;
	errs_init(&rep);
	uint64_t n = 0;
	int rc = core_verify(ad, &rep, &n);
	for (size_t i = 0; i < rep.n; i++)
		fprintf(stderr, "%s\n", rep.msg[i]);
	assert_int_equal(rc, 0);
	errs_free(&rep);
	core_close(ad);
}

static int state_ix(const char *key)
{
	return ROLL_STATE + config_state_index(config_form(cfg, "case")->wf, key);
}

static void act(gc_ctx *c, uint64_t id, const char *t, const char *comment)
{
	int rc = core_act(c, id, t, comment, NULL, 0);
	if (rc)
		fprintf(stderr, "%s: %s\n", t, c->errs.n ? c->errs.msg[0] : "?");
	assert_int_equal(rc, 0);
}

static void rollups_follow_a_case(void **state)
{
	(void)state;
	gc_ctx *zs = open_as("zhangsan"), *ww = open_as("wangwu");
	gc_kv vals[] = { { "title", "楼道堆物" }, { "category", "消防应急" } };
	uint64_t id = 0;
	assert_int_equal(core_new(zs, "case", GRID, vals, 2, &id), 0);
	gc_record r;
	assert_int_equal(core_get(ww, id, &r), 0);
	long day = day_of(r.created);
	rec_free(&r);
	sums g, root;
	read_sums(ww, GRID, day, "消防应急", &g);
	assert_int_equal(g.v[ROLL_REPORTED], 1);
	assert_int_equal(g.v[ROLL_OPEN], 1);
	assert_int_equal(g.v[state_ix("reported")], 1);
	assert_int_equal(g.v[ROLL_CLOSED], 0);
	gc_kv who[] = { { "assignee", "zhangsan" } };
	act(ww, id, "accept", NULL);
	act(ww, id, "register", NULL);
	assert_int_equal(core_act(ww, id, "dispatch", NULL, who, 1), 0);
	gc_kv res[] = { { "result", "已清理" } };
	assert_int_equal(core_act(zs, id, "handle", NULL, res, 1), 0);
	/* A transition back: handled -> dispatched (返工), counted in reworks. */
	act(ww, id, "rework", "没有清理干净");
	read_sums(ww, GRID, day, "消防应急", &g);
	assert_int_equal(g.v[ROLL_REPORTED], 1);
	assert_int_equal(g.v[ROLL_OPEN], 1);
	assert_int_equal(g.v[state_ix("reported")], 0);
	assert_int_equal(g.v[state_ix("handled")], 0);
	assert_int_equal(g.v[state_ix("dispatched")], 1);
	verify_clean();
	/* The next day (a day boundary): handled, verified, closed. The counts
	 * stay on the day the case was created. */
	setenv("GRIDCASE_NOW", "2026-11-24T10:30:00+08:00", 1);
	assert_int_equal(core_act(zs, id, "handle", NULL, res, 1), 0);
	act(ww, id, "verify", NULL);
	act(ww, id, "close", NULL);
	read_sums(ww, GRID, day, "消防应急", &g);
	read_sums(ww, "510304", day, "消防应急", &root);
	setenv("GRIDCASE_NOW", "2026-11-23T09:00:00+08:00", 1);
	assert_int_equal(g.v[ROLL_REPORTED], 1);
	assert_int_equal(g.v[ROLL_OPEN], 0);
	assert_int_equal(g.v[ROLL_CLOSED], 1);
	assert_int_equal(g.v[state_ix("closed")], 1);
	assert_int_equal(g.v[state_ix("dispatched")], 0);
	assert_int_equal(g.v[ROLL_COUNTED + 0], 1);   /* reworks: the case's first count field */
	assert_true(g.v[ROLL_HANDLING] > 0);
	assert_int_equal(g.other_days, 0);
	/* The root (the district, whose only case this is) holds the grid's counts. */
	for (int i = 0; i < 256; i++)
		assert_int_equal(root.v[i], g.v[i]);
	assert_int_equal(root.other_days, 0);
	verify_clean();
	core_close(zs);
	core_close(ww);
}

/* A wrong rollup value: verify names its node, day, category and counter. */
static void verify_names_a_wrong_rollup(void **state)
{
	(void)state;
	gc_ctx *ad = open_as("admin");
	MDB_txn *txn;
	assert_int_equal(mdb_txn_begin(ad->st->env, NULL, 0, &txn), 0);
	MDB_cursor *cur;
	MDB_val k, v;
	assert_int_equal(mdb_cursor_open(txn, ad->st->dbi[TBL_ROLL], &cur), 0);
	assert_int_equal(mdb_cursor_get(cur, &k, &v, MDB_FIRST), 0);
	/* A cell: (counter, int64 BE) pairs; its first counter gets 5 more. */
	unsigned char key[KEY_MAX], b[256 * ROLL_PAIR];
	assert_true(v.mv_size >= ROLL_PAIR && v.mv_size % ROLL_PAIR == 0 && v.mv_size <= sizeof b);
	size_t kl = k.mv_size;
	memcpy(key, k.mv_data, kl);
	key[kl++] = ((unsigned char *)v.mv_data)[0];   /* the counter's own key, as the deltas have it */
	memcpy(b, v.mv_data, v.mv_size);
	put_be64(b + 1, get_be64(b + 1) + 5);
	MDB_val nv = { v.mv_size, b };
	assert_int_equal(mdb_cursor_put(cur, &k, &nv, MDB_CURRENT), 0);
	mdb_cursor_close(cur);
	assert_int_equal(mdb_txn_commit(txn), 0);
	char name[800];
	roll_key_name(ad, key, kl, name, sizeof name);
	gc_errs rep;
	errs_init(&rep);
	uint64_t n = 0;
	assert_int_equal(core_verify(ad, &rep, &n), GC_EDATA);
	int named = 0;
	for (size_t i = 0; i < rep.n; i++)
		named |= strstr(rep.msg[i], name) != NULL && strstr(rep.msg[i], "rollup") != NULL;
	assert_true(named);
	assert_true(strstr(name, "category '消防应急'") != NULL);
	errs_free(&rep);
	/* reindex rebuilds it. */
	uint64_t recs = 0;
	assert_int_equal(core_reindex(ad, &recs), 0);
	core_close(ad);
	verify_clean();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(rollups_follow_a_case),
		cmocka_unit_test(verify_names_a_wrong_rollup),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
