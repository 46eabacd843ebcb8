/* SPDX-License-Identifier: MIT */
/* test_record.c - record and history encoding round trips (record formats
 * 1, 2 and 3), zero-copy peeks, renumbering, and refusal of damaged bytes. */
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

/* The bytes of formats 1 and 2, as gridcase wrote them before format 3:
 * fixed-width big-endian numbers, u16 lengths (u32 for field values);
 * format 1 lacks `late`. Old files hold records like these. */
static void str16(gc_buf *b, const char *s)
{
	buf_u16(b, (uint16_t)strlen(s));
	buf_adds(b, s);
}

static void encode_old(const gc_record *r, int format, gc_buf *b)
{
	buf_reset(b);
	buf_addc(b, (char)format);
	buf_u64(b, r->id);
	buf_u64(b, r->seq);
	buf_u32(b, r->version);
	buf_u32(b, r->node_id);
	buf_u64(b, (uint64_t)r->created);
	buf_u64(b, (uint64_t)r->updated);
	buf_u64(b, (uint64_t)r->due);
	buf_u64(b, (uint64_t)r->state_since);
	buf_u64(b, (uint64_t)r->paused_left);
	if (format == 2)
		buf_u32(b, r->late);
	str16(b, r->form);
	str16(b, r->state);
	str16(b, r->creator);
	str16(b, r->assignee);
	buf_u16(b, (uint16_t)r->nfields);
	for (size_t i = 0; i < r->nfields; i++) {
		str16(b, r->fields[i].key);
		buf_u32(b, (uint32_t)strlen(r->fields[i].val));
		buf_adds(b, r->fields[i].val);
	}
}

static void same_record(const gc_record *a, const gc_record *b, uint32_t late)
{
	assert_true(b->id == a->id && b->seq == a->seq && b->version == a->version && b->node_id == a->node_id);
	assert_true(b->created == a->created && b->updated == a->updated && b->due == a->due);
	assert_true(b->state_since == a->state_since && b->paused_left == a->paused_left && b->late == late);
	assert_string_equal(b->form, a->form);
	assert_string_equal(b->state, a->state);
	assert_string_equal(b->creator, a->creator);
	assert_string_equal(b->assignee, a->assignee);
	assert_int_equal(b->nfields, a->nfields);
	for (size_t i = 0; i < a->nfields; i++) {
		assert_string_equal(b->fields[i].key, a->fields[i].key);
		assert_string_equal(b->fields[i].val, a->fields[i].val);
	}
}

/* Records of formats 1 and 2 (files written before format 3) still read,
 * decoded and peeked; format 1 as on time. */
static void old_formats_still_read(void **state)
{
	(void)state;
	gc_record a, b;
	gc_buf buf;
	rec_view v;
	size_t len;
	make(&a);
	buf_init(&buf);
	for (int format = 1; format <= 2; format++) {
		encode_old(&a, format, &buf);
		assert_int_equal(rec_decode(buf.p, buf.len, &b), 0);
		same_record(&a, &b, format == 1 ? 0 : 2);
		rec_free(&b);
		assert_int_equal(rec_peek(buf.p, buf.len, &v), 0);
		assert_int_equal(v.format, format);
		assert_true(v.id == a.id && v.seq == 77 && v.due == a.due && v.paused_left == 5400);
		assert_int_equal(v.late, format == 1 ? 0 : 2);
		assert_int_equal(v.nfields, 3);
		assert_memory_equal(v.state, "dispatched", v.state_n);
		const char *val = view_field(&v, "detail", &len);
		assert_non_null(val);
		assert_int_equal(len, strlen("第一行\n第二行\t有制表符"));
		assert_null(view_field(&v, "nope", &len));
		/* A bulk writer's renumbering keeps the format. */
		gc_buf out;
		buf_init(&out);
		assert_int_equal(rec_renumber(buf.p, buf.len, 99, 1000, &out), 0);
		assert_int_equal(out.len, buf.len);
		assert_int_equal(rec_decode(out.p, out.len, &b), 0);
		assert_true(b.id == 99 && b.seq == 1000 && b.created == a.created);
		rec_free(&b);
		buf_free(&out);
		for (size_t n = 0; n < buf.len; n++)
			assert_int_equal(rec_decode(buf.p, n, &b), -1);
	}
	rec_free(&a);
	buf_free(&buf);
}

/* Format 3 holds numbers as varints and times as differences from
 * `created`: far smaller than format 2 for the same record, and every
 * value comes back exactly, the extremes and negative times included. */
static void format_3_is_small_and_exact(void **state)
{
	(void)state;
	gc_record a, b;
	gc_buf buf, old;
	make(&a);
	buf_init(&buf);
	buf_init(&old);
	rec_encode(&a, &buf);
	encode_old(&a, 2, &old);
	assert_int_equal(buf.p[0], 3);
	/* The format byte and 68 bytes of fixed numbers become 1 + id 6,
	 * seq 1, version 1, node 2, created 5, updated 2, due 3, state_since
	 * 2, paused_left 2, late 1; the 4 short strings and the 3 fields lose
	 * 1 and 4 bytes of length each, the field count 1. */
	assert_int_equal(old.len - buf.len, (69 - 26) + 4 * 1 + 1 + 3 * 4);
	assert_int_equal(rec_decode(buf.p, buf.len, &b), 0);
	same_record(&a, &b, 2);
	rec_free(&b);
	int64_t times[] = { 0, 1, -1, 1763772000, -86400 * 365 * 50, INT64_MAX, INT64_MIN + 1, INT64_MIN };
	for (size_t i = 0; i < sizeof times / sizeof *times; i++)
		for (size_t j = 0; j < sizeof times / sizeof *times; j++) {
			a.created = times[i];
			a.updated = times[j];
			a.state_since = times[(i + j) % 8];
			a.paused_left = times[j];
			a.due = times[j] == INT64_MIN ? 5 : times[j];   /* due - created = -2^63 is not held */
			if (a.due - (uint64_t)a.created == (uint64_t)INT64_MIN)
				a.due = 7;
			a.id = i * 1000003 + ((uint64_t)j << 40);
			a.seq = UINT64_MAX - i;
			a.version = UINT32_MAX - (uint32_t)j;
			a.node_id = (uint32_t)(i << 28);
			a.late = (uint32_t)j * 0x10000001u;
			buf_reset(&buf);
			rec_encode(&a, &buf);
			assert_int_equal(rec_decode(buf.p, buf.len, &b), 0);
			same_record(&a, &b, a.late);
			rec_free(&b);
		}
	rec_free(&a);
	buf_free(&buf);
	buf_free(&old);
}

/* The demo encodes a record before its id and change number are known:
 * rec_renumber puts them in, whatever their size in varints. */
static void renumber(void **state)
{
	(void)state;
	gc_record a, b;
	gc_buf buf, out;
	make(&a);
	a.id = 0;
	a.seq = 0;
	buf_init(&buf);
	buf_init(&out);
	rec_encode(&a, &buf);
	uint64_t ids[] = { 1, 127, 128, 1000000, (1ULL << 53) - 1 };
	for (size_t i = 0; i < 5; i++) {
		assert_int_equal(rec_renumber(buf.p, buf.len, ids[i], ids[4 - i] + 1, &out), 0);
		assert_int_equal(rec_decode(out.p, out.len, &b), 0);
		a.id = ids[i];
		a.seq = ids[4 - i] + 1;
		same_record(&a, &b, 2);
		rec_free(&b);
	}
	assert_int_equal(rec_renumber(buf.p, 2, 1, 1, &out), -1);
	buf.p[0] = 9;
	assert_int_equal(rec_renumber(buf.p, buf.len, 1, 1, &out), -1);
	rec_free(&a);
	buf_free(&buf);
	buf_free(&out);
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
	/* Every truncation is refused, never read past the end; the header
	 * (up to the field count) cannot even be peeked. */
	rec_view full;
	assert_int_equal(rec_peek(buf.p, buf.len, &full), 0);
	size_t head = (size_t)(full.fields - (const unsigned char *)buf.p);
	for (size_t n = 0; n < buf.len; n++) {
		assert_int_equal(rec_decode(buf.p, n, &b), -1);
		if (n < head)
			assert_int_equal(rec_peek(buf.p, n, &v), -1);
	}
	/* Trailing bytes after the last field are damage too. */
	buf_addc(&buf, 'x');
	assert_int_equal(rec_decode(buf.p, buf.len, &b), -1);
	/* A varint that never ends. */
	memset(buf.p + 1, 0xFF, 11);
	assert_int_equal(rec_peek(buf.p, buf.len, &v), -1);
	buf.p[0] = 9;   /* unknown format */
	assert_int_equal(rec_decode(buf.p, buf.len, &b), -1);
	buf.p[0] = 0;
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
		cmocka_unit_test(old_formats_still_read),
		cmocka_unit_test(format_3_is_small_and_exact),
		cmocka_unit_test(renumber),
		cmocka_unit_test(damaged_bytes_are_refused),
		cmocka_unit_test(history_round_trip),
		cmocka_unit_test(history_runs),
		cmocka_unit_test(big_endian_keys_sort_numerically),
	};
	return cmocka_run_group_tests_name("record", tests, NULL, NULL);
}
