/* SPDX-License-Identifier: MIT */
/* test_access.c - who may write what (src/core/access.c) against a real
 * LMDB file and the default configuration: the workflow's fields, the
 * states' edit rules, final states, an administrator's reasoned
 * correction, assignment within reach, by: assignee, and the ownership
 * worked out from the configuration. */
#include "unit_core.h"

#define GRID_A "510304001001001"   /* zhangsan's grid */

static uint64_t new_case(gc_ctx *ctx)
{
	gc_kv vals[] = { { "title", "楼道堆物" }, { "category", "城市管理" } };
	uint64_t id = 0;
	assert_int_equal(core_new(ctx, "case", GRID_A, vals, 2, &id), 0);
	return id;
}

static void owners_come_from_the_workflow(void **state)
{
	(void)state;
	const gc_form *f = config_form(cfg, "case");
	const gc_transition *const *o = config_owners(f, "result");
	assert_non_null(o);
	assert_string_equal(o[0]->key, "handle");
	assert_null(o[1]);
	o = config_owners(f, "assignee");
	assert_string_equal(o[0]->key, "dispatch");   /* the writers, in order */
	o = config_owners(f, "extension");
	assert_string_equal(o[0]->key, "ask_extension");   /* writes it; extend and refuse only clear it */
	assert_non_null(o[1]);
	assert_string_equal(config_owners(f, "reworks")[0]->key, "rework");
	assert_null(config_owners(f, "title"));
	const gc_workflow *wf = f->wf;
	const gc_transition *handle = NULL;
	for (size_t i = 0; i < wf->ntrans; i++)
		if (!strcmp(wf->trans[i].key, "handle"))
			handle = &wf->trans[i];
	assert_true(handle && handle->by_assignee);
	assert_true(wf->states[config_state_index(wf, "accepted")].has_edit);
}

static void creator_fills_only_the_creators_fields(void **state)
{
	(void)state;
	gc_ctx *zs = open_as("zhangsan");
	const gc_form *f = config_form(cfg, "case");
	gc_kv vals[] = { { "title", "x" }, { "category", "城市管理" }, { "result", "胡乱填写" } };
	uint64_t id;
	assert_int_equal(core_new(zs, "case", GRID_A, vals, 3, &id), GC_EPERM);
	assert_true(errs_have(&zs->errs, "field 'result'"));
	assert_true(errs_have(&zs->errs, "handle"));
	assert_true(core_field_writable(zs, f, NULL, "title", NULL, 0));
	assert_false(core_field_writable(zs, f, NULL, "result", NULL, 0));
	assert_false(core_field_writable(zs, f, NULL, "assignee", NULL, 0));
	id = new_case(zs);
	gc_kv ext = { "extension", "10wd" };
	assert_int_equal(core_set(zs, id, &ext, 1, SET_ANY, 0, NULL, NULL), GC_EPERM);
	gc_kv title = { "title", "改" };
	assert_int_equal(core_set(zs, id, &title, 1, SET_ANY, 0, NULL, NULL), 0);
	core_close(zs);
}

static void states_decide_who_edits(void **state)
{
	(void)state;
	gc_ctx *zs = open_as("zhangsan"), *ww = open_as("wangwu");
	uint64_t id = new_case(zs);
	assert_int_equal(core_act(ww, id, "accept", NULL, NULL, 0), 0);
	gc_kv title = { "title", "再改" };
	char why[300];
	gc_record r;
	assert_int_equal(core_get(zs, id, &r), 0);
	assert_false(core_field_writable(zs, config_form(cfg, "case"), &r, "title", why, sizeof why));
	assert_non_null(strstr(why, "受理"));
	rec_free(&r);
	assert_int_equal(core_set(zs, id, &title, 1, SET_ANY, 0, NULL, NULL), GC_EPERM);
	assert_int_equal(core_set(ww, id, &title, 1, SET_ANY, 0, NULL, NULL), 0);
	core_close(zs);
	core_close(ww);
}

static void assignment_reaches_only_who_can_see(void **state)
{
	(void)state;
	gc_ctx *zs = open_as("zhangsan"), *ww = open_as("wangwu"), *ls = open_as("lisi");
	uint64_t id = new_case(zs);
	assert_int_equal(core_act(ww, id, "accept", NULL, NULL, 0), 0);
	assert_int_equal(core_act(ww, id, "register", NULL, NULL, 0), 0);
	gc_kv to_lisi = { "assignee", "lisi" }, to_street = { "assignee", "zhaoliu" }, to_zs = { "assignee", "张三" };
	assert_int_equal(core_act(ww, id, "dispatch", NULL, &to_lisi, 1), GC_EPERM);
	assert_true(errs_have(&ww->errs, "cannot see records of"));
	assert_int_equal(core_act(ww, id, "dispatch", NULL, &to_street, 1), GC_EPERM);
	assert_true(errs_have(&ww->errs, "assigns to"));
	assert_int_equal(core_act(ww, id, "dispatch", NULL, &to_zs, 1), 0);
	gc_record r;
	assert_int_equal(core_get(ww, id, &r), 0);
	assert_string_equal(r.assignee, "zhangsan");
	const gc_user **people;
	size_t n = core_assignable(ww, &r, core_assigning_transition(ww, &r), &people);
	int has_zs = 0, has_ls = 0;
	for (size_t i = 0; i < n; i++) {
		has_zs |= !strcmp(people[i]->login, "zhangsan");
		has_ls |= !strcmp(people[i]->login, "lisi");
	}
	assert_true(has_zs && !has_ls);
	free(people);
	rec_free(&r);
	/* 处置 is the assignee's; another grid's worker does not even see it. */
	gc_kv result = { "result", "已处理" };
	assert_int_equal(core_act(ww, id, "handle", NULL, &result, 1), GC_EPERM);
	assert_int_equal(core_act(ls, id, "handle", NULL, &result, 1), GC_ENOTFOUND);
	gc_kv both[] = { { "result", "已处理" }, { "extension", "2wd" } };
	assert_int_equal(core_act(zs, id, "handle", NULL, both, 2), GC_EPERM);
	assert_int_equal(core_act(zs, id, "handle", NULL, &result, 1), 0);
	core_close(zs);
	core_close(ww);
	core_close(ls);
}

static void final_states_are_read_only(void **state)
{
	(void)state;
	gc_ctx *zs = open_as("zhangsan"), *ww = open_as("wangwu"), *ad = open_as("admin");
	uint64_t id = new_case(zs);
	gc_kv to_zs = { "assignee", "zhangsan" }, result = { "result", "已处理" };
	const char *steps[] = { "accept", "register", "dispatch", "handle", "verify", "close" };
	for (size_t i = 0; i < 6; i++) {
		const gc_kv *v = i == 2 ? &to_zs : i == 3 ? &result : NULL;
		gc_ctx *who = i == 3 ? zs : ww;
		assert_int_equal(core_act(who, id, steps[i], NULL, v, v ? 1 : 0), 0);
	}
	gc_kv title = { "title", "结案后改" };
	assert_int_equal(core_set(ww, id, &title, 1, SET_ANY, 0, NULL, NULL), GC_EPERM);
	assert_true(errs_have(&ww->errs, "read-only"));
	assert_int_equal(core_set(ad, id, &title, 1, SET_ANY, 0, NULL, NULL), GC_EPERM);
	assert_true(errs_have(&ad->errs, "--comment"));
	assert_int_equal(core_set(ad, id, &title, 1, SET_ANY, 0, "居民来电更正", NULL), 0);
	gc_hist *h;
	size_t n;
	assert_int_equal(core_history(ad, id, &h, &n), 0);
	assert_string_equal(h[n - 1].action, "set");
	assert_string_equal(h[n - 1].comment, "居民来电更正");
	assert_string_equal(h[n - 1].changes[0].field, "title");
	for (size_t i = 0; i < n; i++)
		hist_free(&h[i]);
	free(h);
	core_close(zs);
	core_close(ww);
	core_close(ad);
}

int main(void)
{
	unit_locale();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(owners_come_from_the_workflow),
		cmocka_unit_test(creator_fills_only_the_creators_fields),
		cmocka_unit_test(states_decide_who_edits),
		cmocka_unit_test(assignment_reaches_only_who_can_see),
		cmocka_unit_test(final_states_are_read_only),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
