/* SPDX-License-Identifier: MIT */
/* test_core.c - the core against a real LMDB file: scope and roles,
 * workflow rules, time limits and the paused clock, optimistic versions,
 * history and counters. */
#include "unit_core.h"
#include "core/import_mark.h"

static uint64_t new_case(gc_ctx *ctx, const char *node, const char *title)
{
	gc_kv vals[] = { { "title", (char *)title }, { "category", "城市管理" } };
	uint64_t id = 0;
	int rc = core_new(ctx, "case", node, vals, 2, &id);
	for (size_t i = 0; i < ctx->errs.n; i++)
		fprintf(stderr, "%s\n", ctx->errs.msg[i]);
	assert_int_equal(rc, 0);
	return id;
}

#define GRID_A "510304001001001"   /* zhangsan's grid */
#define GRID_B "510304001001002"   /* lisi's grid */

static void scope_limits_reads_and_writes(void **state)
{
	(void)state;
	gc_ctx *zs = open_as("zhangsan"), *ls = open_as("lisi"), *ww = open_as("wangwu"), *zl = open_as("zhaoliu");
	uint64_t a = new_case(zs, GRID_A, "幸福路12号楼道堆物");
	gc_kv vals[] = { { "title", "越界" }, { "category", "城市管理" } };
	uint64_t id;
	assert_int_equal(core_new(zs, "case", GRID_B, vals, 2, &id), GC_EPERM);
	assert_true(errs_have(&zs->errs, "outside your scope"));
	gc_record r;
	/* Another grid's record looks exactly like one that does not exist. */
	assert_int_equal(core_get(ls, a, &r), GC_ENOTFOUND);
	assert_true(errs_have(&ls->errs, "no record"));
	assert_int_equal(core_act(ls, a, "handle", NULL, NULL, 0), GC_ENOTFOUND);
	assert_int_equal(core_get(ww, a, &r), 0);     /* the community sees its grids */
	rec_free(&r);
	assert_int_equal(core_get(zl, a, &r), 0);     /* and the street too */
	rec_free(&r);
	/* A list of the whole district by lisi holds only lisi's grid. */
	gc_query q;
	gc_list l;
	memset(&q, 0, sizeof q);
	q.node = "510304";
	assert_int_equal(core_list(ls, &q, &l), 0);
	for (size_t i = 0; i < l.n; i++)
		assert_int_not_equal(l.recs[i].id, a);
	list_free(&l);
	q.node = GRID_A;
	assert_int_equal(core_list(ls, &q, &l), GC_EPERM);
	/* Counts never show what lies outside the scope. */
	gc_stats st;
	assert_int_equal(core_stats(ls, "510304", 1, NULL, &st), 0);
	assert_int_equal(st.n, 1);
	assert_string_equal(st.rows[0].node->code, GRID_B);
	stats_free(&st);
	core_close(zs);
	core_close(ls);
	core_close(ww);
	core_close(zl);
}

static void workflow_rules(void **state)
{
	(void)state;
	gc_ctx *zs = open_as("zhangsan"), *ww = open_as("wangwu");
	uint64_t id = new_case(zs, GRID_A, "人民路5号井盖破损");
	gc_record r;
	assert_int_equal(core_get(zs, id, &r), 0);
	assert_string_equal(r.state, "reported");
	/* Reported Monday 09:00 with 4 working hours: 3h before lunch, 1h after. */
	char due[40];
	datetime_format_short(r.due, due, sizeof due);
	assert_string_equal(due, "2026-11-23 15:00");
	rec_free(&r);

	assert_int_equal(core_act(zs, id, "accept", NULL, NULL, 0), GC_EPERM);
	assert_true(errs_have(&zs->errs, "transition 'accept' (受理) is for community_staff"));
	assert_int_equal(core_act(ww, id, "return", NULL, NULL, 0), GC_EDATA);
	assert_true(errs_have(&ww->errs, "needs a comment"));
	assert_int_equal(core_act(ww, id, "fly", NULL, NULL, 0), GC_ENOTFOUND);
	assert_int_equal(core_act(ww, id, "close", NULL, NULL, 0), GC_EPERM);
	assert_true(errs_have(&ww->errs, "not allowed from state 'reported'"));
	assert_int_equal(core_act(ww, id, "受理", NULL, NULL, 0), 0);   /* by label too */
	assert_int_equal(core_act(ww, id, "register", NULL, NULL, 0), 0);
	assert_int_equal(core_act(ww, id, "dispatch", NULL, NULL, 0), GC_EDATA);
	assert_true(errs_have(&ww->errs, "needs field 'assignee'"));
	gc_kv bad[] = { { "assignee", "nobody" } };
	assert_int_equal(core_act(ww, id, "dispatch", NULL, bad, 1), GC_EDATA);
	gc_kv who[] = { { "assignee", "zhangsan" } };
	assert_int_equal(core_act(ww, id, "dispatch", "请处理", who, 1), 0);
	assert_int_equal(core_get(ww, id, &r), 0);
	assert_string_equal(r.state, "dispatched");
	assert_string_equal(r.assignee, "zhangsan");
	datetime_format_short(r.due, due, sizeof due);
	assert_string_equal(due, "2026-11-26 09:00");   /* 3 working days */
	assert_int_equal(r.version, 4);
	rec_free(&r);
	assert_int_equal(core_act(zs, id, "handle", NULL, NULL, 0), GC_EDATA);
	gc_kv res[] = { { "result", "已清理" } };
	assert_int_equal(core_act(zs, id, "handle", NULL, res, 1), 0);
	assert_int_equal(core_act(ww, id, "verify", NULL, NULL, 0), 0);
	assert_int_equal(core_act(ww, id, "close", NULL, NULL, 0), 0);
	assert_int_equal(core_get(ww, id, &r), 0);
	assert_true(r.due == 0);
	assert_false(core_is_open(ww, r.form, r.state));
	rec_free(&r);

	gc_hist *h;
	size_t n;
	assert_int_equal(core_history(ww, id, &h, &n), 0);
	assert_int_equal(n, 7);
	assert_string_equal(h[0].action, "create");
	assert_string_equal(h[3].action, "dispatch");
	assert_string_equal(h[3].comment, "请处理");
	assert_string_equal(h[3].from, "registered");
	assert_string_equal(h[3].to, "dispatched");
	assert_string_equal(h[3].changes[0].field, "assignee");
	assert_string_equal(h[3].user, "wangwu");
	for (size_t i = 0; i < n; i++)
		hist_free(&h[i]);
	free(h);
	core_close(zs);
	core_close(ww);
}

static void field_values_are_checked(void **state)
{
	(void)state;
	gc_ctx *zs = open_as("zhangsan");
	uint64_t id;
	gc_kv vals[] = { { "title", "" }, { "category", "天气" }, { "phone", "12345" }, { "colour", "red" },
			 { "detail", "ok\x1b[2J" } };
	assert_int_equal(core_new(zs, "case", GRID_A, vals, 5, &id), GC_EDATA);
	assert_true(errs_have(&zs->errs, "field 'category' (类别): '天气' is not one of the choices"));
	assert_true(errs_have(&zs->errs, "field 'phone' (联系电话): '12345' is not right here: 11位手机号码"));
	assert_true(errs_have(&zs->errs, "form 'case' has no field 'colour'"));
	assert_true(errs_have(&zs->errs, "field 'detail' (描述): contains a control character"));
	assert_int_equal(core_new(zs, "case", "510304001001", vals, 0, &id), GC_EPERM);
	core_close(zs);
}

static void stale_versions_conflict(void **state)
{
	(void)state;
	gc_ctx *zs = open_as("zhangsan"), *ww = open_as("wangwu");
	uint64_t id = new_case(zs, GRID_A, "原标题");
	gc_kv a[] = { { "title", "张三改的" } }, b[] = { { "title", "王五改的" } };
	gc_set_result res;
	assert_int_equal(core_set(zs, id, a, 1, SET_STRICT, 1, NULL, &res), 0);
	assert_int_equal(res.version, 2);
	core_set_result_free(&res);
	assert_int_equal(core_set(ww, id, b, 1, SET_STRICT, 1, NULL, &res), GC_ECONFLICT);
	assert_int_equal(res.current.version, 2);
	assert_string_equal(rec_field(&res.current, "title"), "张三改的");
	core_set_result_free(&res);
	gc_record r;
	assert_int_equal(core_get(ww, id, &r), 0);
	assert_string_equal(rec_field(&r, "title"), "张三改的");   /* nothing overwritten */
	rec_free(&r);
	core_close(zs);
	core_close(ww);
}

/* Saves merged by field against the version each side started from. */
static void saves_merge_by_field(void **state)
{
	(void)state;
	gc_ctx *zs = open_as("zhangsan"), *ww = open_as("wangwu");
	uint64_t id = new_case(zs, GRID_A, "合并测试");
	gc_kv phone[] = { { "phone", "13800000001" } }, loc[] = { { "location", "幸福路1号" } };
	gc_kv title[] = { { "title", "王五的标题" } }, title2[] = { { "title", "张三的标题" } };
	gc_set_result res;
	/* Both start from version 1; different fields: both kept. */
	assert_int_equal(core_set(zs, id, phone, 1, SET_MERGE, 1, NULL, &res), 0);
	core_set_result_free(&res);
	assert_int_equal(core_set(ww, id, loc, 1, SET_MERGE, 1, NULL, &res), 0);
	assert_int_equal(res.found, 2);
	assert_int_equal(res.version, 3);
	core_set_result_free(&res);
	gc_record r;
	assert_int_equal(core_get(ww, id, &r), 0);
	assert_string_equal(rec_field(&r, "phone"), "13800000001");
	assert_string_equal(rec_field(&r, "location"), "幸福路1号");
	rec_free(&r);
	/* The same field from version 3 on both sides: the second is a conflict. */
	assert_int_equal(core_set(ww, id, title, 1, SET_MERGE, 3, NULL, &res), 0);
	core_set_result_free(&res);
	assert_int_equal(core_set(zs, id, title2, 1, SET_MERGE, 3, NULL, &res), GC_ECONFLICT);
	assert_int_equal(res.nconflicts, 1);
	assert_string_equal(res.conflicts[0].field, "title");
	assert_string_equal(res.conflicts[0].stored, "王五的标题");
	assert_string_equal(res.conflicts[0].yours, "张三的标题");
	assert_string_equal(res.conflicts[0].base, "合并测试");
	assert_int_equal(res.current.version, 4);
	core_set_result_free(&res);
	assert_true(errs_have(&zs->errs, "stored now '王五的标题', yours '张三的标题', at version 3 '合并测试'"));
	/* Giving the value of the start (a field you did not change) writes nothing. */
	gc_kv same[] = { { "title", "合并测试" }, { "phone", "13900000002" } };
	assert_int_equal(core_set(zs, id, same, 2, SET_MERGE, 3, NULL, &res), 0);
	core_set_result_free(&res);
	assert_int_equal(core_get(ww, id, &r), 0);
	assert_string_equal(rec_field(&r, "title"), "王五的标题");
	assert_string_equal(rec_field(&r, "phone"), "13900000002");
	assert_int_equal(r.version, 5);
	rec_free(&r);
	/* A version the record never had. */
	assert_int_equal(core_set(zs, id, phone, 1, SET_MERGE, 9, NULL, NULL), GC_EUSAGE);
	core_close(zs);
	core_close(ww);
}

static void counters_follow_changes(void **state)
{
	(void)state;
	gc_ctx *ad = open_as("admin");
	gc_errs report;
	uint64_t n;
	errs_init(&report);
	assert_int_equal(core_verify(ad, &report, &n), 0);
	assert_true(n > 0);
	gc_stats st;
	assert_int_equal(core_stats(ad, "510304", 0, "case", &st), 0);
	assert_int_equal(st.rows[0].total, n);
	stats_free(&st);
	errs_free(&report);
	core_close(ad);
	gc_ctx *zs = open_as("zhangsan");
	assert_int_equal(core_verify(zs, &report, &n), GC_EPERM);
	core_close(zs);
}

/* Pages of a list (offset, limit) are the slices of the whole list, from
 * either end; the review queue holds what others changed since one's own
 * review, not what one wrote oneself. */
static void lists_page_and_queue(void **state)
{
	(void)state;
	gc_ctx *zs = open_as("zhangsan"), *ww = open_as("wangwu");
	uint64_t made[30];
	for (int i = 0; i < 30; i++)
		made[i] = new_case(zs, GRID_A, "分页");
	gc_query q;
	gc_list all, page;
	memset(&q, 0, sizeof q);
	q.node = "510304001001";
	assert_int_equal(core_list(ww, &q, &all), 0);
	assert_true(all.n >= 30 && all.n == all.total);
	size_t offs[] = { 0, 7, all.n / 2, all.n - 10, all.n - 3, all.n - 1, all.n };
	for (size_t k = 0; k < ARRAY_LEN(offs); k++) {
		for (int by_due = 0; by_due < 2; by_due++) {
			q.sort = by_due ? "due" : NULL;   /* the counters' path, and a sorted scan */
			q.limit = 5;
			q.offset = offs[k];
			gc_list whole;
			gc_query wq = q;
			wq.limit = wq.offset = 0;
			assert_int_equal(core_list(ww, &wq, &whole), 0);
			assert_int_equal(core_list(ww, &q, &page), 0);
			assert_int_equal(page.total, all.n);
			size_t want = offs[k] + 5 <= all.n ? 5 : all.n - offs[k];
			assert_int_equal(page.n, want);
			for (size_t i = 0; i < page.n; i++)
				assert_int_equal(page.recs[i].id, whole.recs[offs[k] + i].id);
			list_free(&page);
			list_free(&whole);
		}
	}
	/* The page after (or before) a record, by its id, is the same slice. */
	for (int desc = 0; desc < 2; desc++) {
		gc_list whole;
		memset(&q, 0, sizeof q);
		q.node = "510304001001";
		q.sort = desc ? "-id" : "id";
		assert_int_equal(core_list(ww, &q, &whole), 0);
		for (size_t at = 0; at + 1 < whole.n; at += 7) {
			q.limit = 5;
			q.after = whole.recs[at].id;
			q.before = 0;
			assert_int_equal(core_list(ww, &q, &page), 0);
			assert_int_equal(page.total, whole.n);
			for (size_t i = 0; i < page.n; i++)
				assert_int_equal(page.recs[i].id, whole.recs[at + 1 + i].id);
			assert_int_equal(page.n, at + 1 + 5 <= whole.n ? 5 : whole.n - at - 1);
			list_free(&page);
			q.before = 1;
			assert_int_equal(core_list(ww, &q, &page), 0);
			size_t from = at > 5 ? at - 5 : 0;
			assert_int_equal(page.n, at - from);
			for (size_t i = 0; i < page.n; i++)
				assert_int_equal(page.recs[i].id, whole.recs[from + i].id);
			list_free(&page);
		}
		list_free(&whole);
	}
	list_free(&all);
	/* The queue: zhangsan wrote these, so none is his to review. */
	memset(&q, 0, sizeof q);
	q.node = GRID_A;
	q.unreviewed = 1;
	assert_int_equal(core_list(zs, &q, &page), 0);
	for (size_t i = 0; i < page.n; i++)
		for (int j = 0; j < 30; j++)
			assert_true(page.recs[i].id != made[j]);
	list_free(&page);
	assert_int_equal(core_list(ww, &q, &all), 0);
	assert_true(all.total >= 30);
	/* What wangwu does himself leaves his queue; what he reviewed too. */
	uint64_t acted = all.recs[0].id, seen = all.recs[1].id;   /* the newest two: 上报 */
	assert_string_equal(all.recs[0].state, "reported");
	int rc = core_act(ww, acted, "accept", NULL, NULL, 0);
	for (size_t i = 0; i < ww->errs.n; i++)
		fprintf(stderr, "%s\n", ww->errs.msg[i]);
	assert_int_equal(rc, 0);
	assert_int_equal(core_mark_reviewed(ww, seen, all.recs[1].version), 0);
	assert_int_equal(core_list(ww, &q, &page), 0);
	assert_int_equal(page.total, all.total - 2);
	for (size_t i = 0; i < page.n; i++)
		assert_true(page.recs[i].id != acted && page.recs[i].id != seen);
	list_free(&page);
	/* zhangsan's change puts it back in wangwu's queue. */
	gc_kv loc = { "location", "幸福路" };
	assert_int_equal(core_set(zs, seen, &loc, 1, SET_ANY, 0, NULL, NULL), 0);
	assert_int_equal(core_list(ww, &q, &page), 0);
	assert_int_equal(page.total, all.total - 1);
	list_free(&page);
	list_free(&all);
	core_close(zs);
	core_close(ww);
}

/* A large import's transactions: 50,000 rows into a database of fewer
 * than 1,000,000 records, 20,000 into a larger one; the tests' own size
 * for both. */
static void import_transactions_by_size(void **state)
{
	(void)state;
	unsetenv("GRIDCASE_IMPORT_TXN");
	assert_int_equal(import_chunk_rows(0), 50000);
	assert_int_equal(import_chunk_rows(999999), 50000);
	assert_int_equal(import_chunk_rows(1000000), 20000);
	assert_int_equal(import_chunk_rows(5000000), 20000);
	setenv("GRIDCASE_IMPORT_TXN", "100", 1);
	assert_int_equal(import_chunk_rows(0), 100);
	assert_int_equal(import_chunk_rows(5000000), 100);
	unsetenv("GRIDCASE_IMPORT_TXN");
}

int main(void)
{
	unit_locale();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(scope_limits_reads_and_writes),
		cmocka_unit_test(workflow_rules),
		cmocka_unit_test(field_values_are_checked),
		cmocka_unit_test(stale_versions_conflict),
		cmocka_unit_test(saves_merge_by_field),
		cmocka_unit_test(counters_follow_changes),
		cmocka_unit_test(lists_page_and_queue),
		cmocka_unit_test(import_transactions_by_size),
	};
	return cmocka_run_group_tests_name("core", tests, setup, teardown);
}
