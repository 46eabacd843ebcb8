/* SPDX-License-Identifier: MIT */
/* test_record.c - record and history encoding round trips, zero-copy peeks,
 * and refusal of damaged bytes. */
#include "unit.h"
#include "gridcase/record.h"

static void make(gc_record *r)
{
	rec_init(r);
	r->id = 123456789012ULL;
	r->seq = 77;
	r->version = 3;
	r->node_id = 550;
	r->created = 1763772000;
	r->updated = 1763775600;
	r->due = 1763800000;
	r->state_since = 1763775600;
	r->paused_left = 5400;
	r->late = 2;
	r->form = xstrdup("case");
	r->state = xstrdup("dispatched");
	r->creator = xstrdup("zhangsan");
	r->assignee = xstrdup("lisi");
	rec_set_field(r, "title", "幸福路12号楼道堆物");
	rec_set_field(r, "detail", "第一行\n第二行\t有制表符");
	rec_set_field(r, "category", "消防应急");
}

static void round_trip(void **state)
{
	(void)state;
	gc_record a, b;
	gc_buf buf;
	make(&a);
	buf_init(&buf);
	rec_encode(&a, &buf);
	assert_int_equal(rec_decode(buf.p, buf.len, &b), 0);
	assert_true(b.id == a.id && b.seq == a.seq && b.version == a.version && b.node_id == a.node_id);
	assert_true(b.created == a.created && b.updated == a.updated && b.due == a.due);
	assert_true(b.state_since == a.state_since && b.paused_left == a.paused_left && b.late == 2);
	assert_string_equal(b.form, "case");
	assert_string_equal(b.state, "dispatched");
	assert_string_equal(b.creator, "zhangsan");
	assert_string_equal(b.assignee, "lisi");
	assert_int_equal(b.nfields, 3);
	assert_string_equal(rec_field(&b, "title"), "幸福路12号楼道堆物");
	assert_string_equal(rec_field(&b, "detail"), "第一行\n第二行\t有制表符");
	assert_string_equal(rec_field(&b, "missing"), "");
	rec_free(&a);
	rec_free(&b);
	buf_free(&buf);
}

static void set_and_remove_fields(void **state)
{
	(void)state;
	gc_record r;
	make(&r);
	rec_set_field(&r, "title", "新标题");
	assert_string_equal(rec_field(&r, "title"), "新标题");
	assert_int_equal(r.nfields, 3);
	rec_set_field(&r, "title", "");
	assert_int_equal(r.nfields, 2);
	assert_string_equal(rec_field(&r, "title"), "");
	rec_free(&r);
}

static void peek_without_decoding(void **state)
{
	(void)state;
	gc_record a;
	gc_buf buf;
	rec_view v;
	size_t len;
	make(&a);
	buf_init(&buf);
	rec_encode(&a, &buf);
	assert_int_equal(rec_peek(buf.p, buf.len, &v), 0);
	assert_true(v.id == a.id && v.version == 3 && v.due == a.due && v.node_id == 550);
	assert_int_equal(v.state_n, strlen("dispatched"));
	assert_memory_equal(v.state, "dispatched", v.state_n);
	const char *val = view_field(&v, "category", &len);
	assert_non_null(val);
	assert_int_equal(len, strlen("消防应急"));
	assert_memory_equal(val, "消防应急", len);
	assert_null(view_field(&v, "nope", &len));
	rec_free(&a);
	buf_free(&buf);
}

/* Records written before `late` existed (format 1) still read, as on time. */
static void format_1_still_reads(void **state)
{
	(void)state;
	gc_record a, b;
	gc_buf buf;
	make(&a);
	buf_init(&buf);
	rec_encode(&a, &buf);
	/* Format 1: the same bytes without the u32 after the seven numbers. */
	size_t at = 1 + 8 + 8 + 4 + 4 + 5 * 8;
	memmove(buf.p + at, buf.p + at + 4, buf.len - at - 4);
	buf.len -= 4;
	buf.p[0] = 1;
	assert_int_equal(rec_decode(buf.p, buf.len, &b), 0);
	assert_int_equal(b.late, 0);
	assert_int_equal(b.paused_left, 5400);
	assert_string_equal(b.state, "dispatched");
	assert_string_equal(rec_field(&b, "title"), "幸福路12号楼道堆物");
	rec_view v;
	assert_int_equal(rec_peek(buf.p, buf.len, &v), 0);
	assert_int_equal(v.late, 0);
	assert_int_equal(v.state_n, strlen("dispatched"));
	rec_free(&a);
	rec_free(&b);
	buf_free(&buf);
}

static void damaged_bytes_are_refused(void **state)
{
	(void)state;
	gc_record a, b;
	gc_buf buf;
	rec_view v;
	make(&a);
	buf_init(&buf);
	rec_encode(&a, &buf);
	/* Every truncation is refused, never read past the end. */
	for (size_t n = 0; n < buf.len; n++) {
		assert_int_equal(rec_decode(buf.p, n, &b), -1);
		if (n < 60)
			assert_int_equal(rec_peek(buf.p, n, &v), -1);
	}
	buf.p[0] = 9;   /* unknown format */
	assert_int_equal(rec_decode(buf.p, buf.len, &b), -1);
	rec_free(&a);
	buf_free(&buf);
}

static void history_round_trip(void **state)
{
	(void)state;
	gc_hist h, g;
	gc_buf buf;
	hist_init(&h);
	h.time = 1763772000;
	h.user = xstrdup("wangwu");
	h.client = xstrdup("10.0.0.8 52144");
	h.action = xstrdup("dispatch");
	h.from = xstrdup("registered");
	h.to = xstrdup("dispatched");
	h.comment = xstrdup("请尽快处理");
	hist_add_change(&h, "assignee", "", "lisi");
	hist_add_change(&h, "title", "旧", "新");
	buf_init(&buf);
	hist_encode(&h, &buf);
	assert_int_equal(hist_decode(buf.p, buf.len, &g), 0);
	assert_true(g.time == h.time);
	assert_string_equal(g.user, "wangwu");
	assert_string_equal(g.client, "10.0.0.8 52144");
	assert_string_equal(g.comment, "请尽快处理");
	assert_int_equal(g.nchanges, 2);
	assert_string_equal(g.changes[1].old, "旧");
	assert_string_equal(g.changes[1].new_, "新");
	hist_free(&g);
	assert_int_equal(hist_decode(buf.p, buf.len - 1, &g), -1);
	hist_free(&h);
	buf_free(&buf);
}

/* A run holds consecutive versions' entries in one compact value: times
 * and every string come back, a "from" left out (the previous "to") too;
 * a single entry reads as a value of one; a cut run is damaged. */
static void history_runs(void **state)
{
	(void)state;
	gc_hist h, got[4];
	gc_buf run, one;
	hist_run r;
	const char *actions[3] = { "create", "accept", "register" };
	const char *states[4] = { "", "reported", "accepted", "registered" };
	buf_init(&run);
	buf_init(&one);
	hist_run_begin(&r, &run);
	for (int i = 0; i < 3; i++) {
		hist_init(&h);
		h.time = 1763772000 + 3600 * i;
		h.user = xstrdup(i ? "wangwu" : "wg001001001");
		h.client = xstrdup("");
		h.action = xstrdup(actions[i]);
		h.from = xstrdup(states[i]);
		h.to = xstrdup(states[i + 1]);
		h.comment = xstrdup(i == 1 ? "已受理" : "");
		if (i == 2)
			hist_add_change(&h, "assignee", "", "lisi");
		hist_run_add(&r, &h);
		if (i == 0)
			hist_encode(&h, &one);
		hist_free(&h);
	}
	assert_int_equal(hist_value_count(run.p, run.len), 3);
	assert_int_equal(hist_value_decode(run.p, run.len, got, 4), 3);
	for (int i = 0; i < 3; i++) {
		assert_true(got[i].time == 1763772000 + 3600 * i);
		assert_string_equal(got[i].action, actions[i]);
		assert_string_equal(got[i].from, states[i]);
		assert_string_equal(got[i].to, states[i + 1]);
		assert_string_equal(got[i].user, i ? "wangwu" : "wg001001001");
	}
	assert_string_equal(got[1].comment, "已受理");
	assert_int_equal(got[2].nchanges, 1);
	assert_string_equal(got[2].changes[0].new_, "lisi");
	for (int i = 0; i < 3; i++)
		hist_free(&got[i]);
	assert_int_equal(hist_value_count(one.p, one.len), 1);
	assert_int_equal(hist_value_decode(one.p, one.len, got, 4), 1);
	assert_string_equal(got[0].action, "create");
	hist_free(&got[0]);
	assert_int_equal(hist_value_decode(run.p, run.len, got, 2), -1);       /* no room */
	assert_int_equal(hist_value_decode(run.p, run.len - 5, got, 4), -1);   /* cut short */
	assert_int_equal(hist_value_decode(run.p, 2, got, 4), -1);
	buf_free(&run);
	buf_free(&one);
}

static void big_endian_keys_sort_numerically(void **state)
{
	(void)state;
	unsigned char a[8], b[8];
	put_be64(a, 255);
	put_be64(b, 256);
	assert_true(memcmp(a, b, 8) < 0);
	assert_true(get_be64(b) == 256);
	put_be32(a, 0x01020304);
	assert_int_equal(a[0], 1);
	assert_int_equal(get_be32(a), 0x01020304);
}

int main(void)
{
	unit_locale();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(round_trip),
		cmocka_unit_test(set_and_remove_fields),
		cmocka_unit_test(peek_without_decoding),
		cmocka_unit_test(format_1_still_reads),
		cmocka_unit_test(damaged_bytes_are_refused),
		cmocka_unit_test(history_round_trip),
		cmocka_unit_test(history_runs),
		cmocka_unit_test(big_endian_keys_sort_numerically),
	};
	return cmocka_run_group_tests_name("record", tests, NULL, NULL);
}
