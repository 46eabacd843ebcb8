/* SPDX-License-Identifier: MIT */
/* test_present.c - one presentation of a record: fields by label in the
 * form's order, long text as lines, state labels and the paused clock,
 * history entries with their changes, comments and review marks, and a
 * field the configuration lost. */
#include "unit.h"
#include "gridcase/core.h"
#include "gridcase/demo.h"
#include "gridcase/calendar.h"
#include "gridcase/present.h"

static char *dir;
static gc_config *cfg;
static char dbpath[600];
static uint64_t id;

static gc_ctx *open_with(gc_config *c, const char *login)
{
	gc_ctx *ctx;
	gc_errs e;
	errs_init(&e);
	int rc = core_open(&ctx, c, dbpath, login, 1, &e);
	for (size_t i = 0; i < e.n; i++)
		fprintf(stderr, "%s\n", e.msg[i]);
	assert_int_equal(rc, 0);
	errs_free(&e);
	return ctx;
}

static void must(gc_ctx *ctx, int rc)
{
	for (size_t i = 0; i < ctx->errs.n; i++)
		fprintf(stderr, "%s\n", ctx->errs.msg[i]);
	assert_int_equal(rc, 0);
}

static int setup(void **state)
{
	(void)state;
	gc_errs e;
	errs_init(&e);
	dir = unit_tmpdir();
	snprintf(dbpath, sizeof dbpath, "%s/t.db", dir);
	cfg = config_load("config/demo", &e);   /* the demo district's configuration */
	assert_non_null(cfg);
	cal_apply_timezone(&cfg->cal);
	setenv("GRIDCASE_NOW", "2026-11-23T09:00:00+08:00", 1);   /* a Monday */
	gc_ctx *admin = open_with(cfg, "admin");
	demo_report rep;
	assert_int_equal(core_demo(admin, 0, 1, &rep), 0);
	gc_kv vals[] = { { "title", "幸福路12号楼道堆物" }, { "category", "城市管理" },
			 { "detail", "一楼\n二楼\n" }, { "reporter", "张三" } };
	must(admin, core_new(admin, "case", "510304001001001", vals, 4, &id));
	core_close(admin);
	errs_free(&e);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	config_free(cfg);
	unit_rmdir(dir);
	unsetenv("GRIDCASE_NOW");
	return 0;
}

static void fields_by_label_in_order(void **state)
{
	(void)state;
	gc_ctx *ctx = open_with(cfg, "admin");
	present_record p;
	must(ctx, present_load(ctx, id, PRESENT_ACTIONS, &p));
	assert_string_equal(p.title, "幸福路12号楼道堆物");
	assert_string_equal(p.form_label, "事件");
	assert_string_equal(p.state_label, "上报");
	assert_string_equal(p.node, "510304001001001");
	assert_string_equal(p.assignee, "-");
	assert_true(p.has_due && !p.paused && p.light == LIGHT_GREEN);
	assert_string_equal(p.due, "2026-11-23 15:00");
	/* The form's order (title, category, reporter, detail), not the order given. */
	assert_int_equal(p.nfields, 4);
	assert_string_equal(p.fields[0].label, "标题");
	assert_string_equal(p.fields[2].label, "反映人");
	assert_string_equal(p.fields[3].key, "detail");
	assert_true(p.fields[3].longtext && !p.fields[3].lost);
	/* Every newline splits, so the lines join back to the value. */
	assert_int_equal(p.fields[3].value.n, 3);
	assert_string_equal(p.fields[3].value.line[1], "二楼");
	assert_string_equal(p.fields[3].value.line[2], "");
	assert_true(p.nactions > 0);
	present_free(&p);
	assert_int_equal(present_load(ctx, 999999, 0, &p), GC_ENOTFOUND);
	present_free(&p);
	core_close(ctx);
}

static void history_as_entries(void **state)
{
	(void)state;
	gc_ctx *ww = open_with(cfg, "wangwu");
	/* zhaoliu (the street) reviewed version 1; wangwu then changed it. */
	gc_ctx *ctx = open_with(cfg, "zhaoliu");
	must(ctx, core_mark_reviewed(ctx, id, 1));
	must(ww, core_act(ww, id, "accept", "甲\n乙", NULL, 0));
	must(ww, core_act(ww, id, "register", NULL, NULL, 0));
	must(ww, core_act(ww, id, "park", "等待", NULL, 0));
	present_record p;
	/* What wangwu wrote himself he has seen. */
	must(ww, present_load(ww, id, PRESENT_REVIEW, &p));
	assert_int_equal(p.reviewed, 4);
	present_free(&p);
	core_close(ww);
	must(ctx, present_load(ctx, id, PRESENT_REVIEW, &p));
	assert_int_equal(p.reviewed, 1);
	assert_string_equal(p.state_label, "挂账");
	assert_true(!p.has_due && p.paused && p.paused_minutes > 0);
	assert_string_equal(p.due, "-");
	must(ctx, present_history(ctx, &p));
	assert_int_equal(p.nhistory, 4);
	const present_entry *e = &p.history[0];
	assert_true(e->moved && !e->unseen && e->comment.n == 0);
	assert_string_equal(e->from, "");
	assert_string_equal(e->to, "上报");
	assert_string_equal(e->changes[0].key, "title");
	assert_string_equal(e->changes[0].label, "标题");
	assert_int_equal(e->changes[0].old.n, 1);
	assert_string_equal(e->changes[0].old.line[0], "(empty)");
	assert_string_equal(e->changes[0].new_.line[0], "幸福路12号楼道堆物");
	e = &p.history[1];
	assert_true(e->unseen && e->version == 2);
	assert_string_equal(e->user, "wangwu");
	assert_string_equal(e->action, "accept");
	assert_string_equal(e->from, "上报");
	assert_int_equal(e->comment.n, 2);
	assert_string_equal(e->comment.line[1], "乙");
	present_free(&p);
	core_close(ctx);
}

static void a_lost_field_by_its_key(void **state)
{
	(void)state;
	char cmd[1400];
	snprintf(cmd, sizeof cmd, "cp -r config '%s/c2' && sed -i '/key: reporter/d' '%s/c2/forms.yaml'", dir, dir);
	assert_int_equal(system(cmd), 0);
	snprintf(cmd, sizeof cmd, "%s/c2", dir);
	gc_errs e;
	errs_init(&e);
	gc_config *lost = config_load(cmd, &e);
	assert_non_null(lost);
	gc_ctx *ctx = open_with(lost, "admin");
	present_record p;
	must(ctx, present_load(ctx, id, 0, &p));
	assert_int_equal(p.nfields, 4);
	const present_field *f = &p.fields[3];
	assert_true(f->lost && !f->longtext);
	assert_string_equal(f->label, "reporter");
	assert_string_equal(f->value.line[0], "张三");
	assert_string_equal(p.fields[2].key, "detail");
	present_free(&p);
	core_close(ctx);
	config_free(lost);
	errs_free(&e);
}

int main(void)
{
	unit_locale();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(fields_by_label_in_order),
		cmocka_unit_test(history_as_entries),
		cmocka_unit_test(a_lost_field_by_its_key),
	};
	return cmocka_run_group_tests_name("present", tests, setup, teardown);
}
