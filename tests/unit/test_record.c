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

static void make_hist(gc_hist *h)
{
	hist_init(h);
	h->time = 1763772000;
	h->user = xstrdup("wangwu");
	h->client = xstrdup("10.0.0.8 52144");
	h->action = xstrdup("dispatch");
	h->from = xstrdup("registered");
	h->to = xstrdup("dispatched");
	h->comment = xstrdup("请尽快处理");
	hist_add_change(h, "assignee", "", "lisi");
	hist_add_change(h, "title", "旧", "新");
}

static void same_hist(const gc_hist *a, const gc_hist *b)
{
	assert_true(a->time == b->time);
	assert_string_equal(b->user, a->user);
	assert_string_equal(b->client, a->client);
	assert_string_equal(b->action, a->action);
	assert_string_equal(b->from, a->from);
	assert_string_equal(b->to, a->to);
	assert_string_equal(b->comment, a->comment);
	assert_int_equal(b->nchanges, a->nchanges);
	for (size_t i = 0; i < a->nchanges; i++) {
		assert_string_equal(b->changes[i].field, a->changes[i].field);
		assert_string_equal(b->changes[i].old, a->changes[i].old);
		assert_string_equal(b->changes[i].new_, a->changes[i].new_);
	}
}

/* A single entry (what every command writes) is a run of one. */
static void history_round_trip(void **state)
{
	(void)state;
	gc_hist h, g;
	gc_buf buf;
	make_hist(&h);
	buf_init(&buf);
	hist_encode(&h, &buf);
	assert_int_equal(buf.p[0], 3);
	assert_int_equal(hist_value_count(buf.p, buf.len), 1);
	assert_int_equal(hist_value_decode(buf.p, buf.len, &g, 1), 1);
	same_hist(&h, &g);
	hist_free(&g);
	for (size_t n = 0; n < buf.len; n++)
		assert_int_equal(hist_value_decode(buf.p, n, &g, 1), -1);
	hist_free(&h);
	buf_free(&buf);
}

/* The values older files hold: one entry of format 1 (u64 time, u16 and
 * u32 lengths) and runs of format 2 (strings in full; a flag leaves out a
 * "from" that was the previous "to"), built here byte by byte. */
static void vstr(gc_buf *b, const char *s)
{
	size_t n = strlen(s);
	if (n >= 0x80)
		buf_addc(b, (char)(0x80 | (n & 0x7F))), n >>= 7;
	buf_addc(b, (char)n);
	buf_adds(b, s);
}

static void history_old_formats_read(void **state)
{
	(void)state;
	gc_hist h, got[2];
	gc_buf b;
	make_hist(&h);
	buf_init(&b);
	buf_addc(&b, 1);
	buf_u64(&b, (uint64_t)h.time);
	const char *strs[5] = { h.user, h.client, h.action, h.from, h.to };
	for (int i = 0; i < 5; i++)
		str16(&b, strs[i]);
	buf_u32(&b, (uint32_t)strlen(h.comment));
	buf_adds(&b, h.comment);
	buf_u16(&b, 2);
	for (int i = 0; i < 2; i++) {
		str16(&b, h.changes[i].field);
		buf_u32(&b, (uint32_t)strlen(h.changes[i].old));
		buf_adds(&b, h.changes[i].old);
		buf_u32(&b, (uint32_t)strlen(h.changes[i].new_));
		buf_adds(&b, h.changes[i].new_);
	}
	assert_int_equal(hist_value_count(b.p, b.len), 1);
	assert_int_equal(hist_value_decode(b.p, b.len, got, 2), 1);
	same_hist(&h, &got[0]);
	hist_free(&got[0]);
	assert_int_equal(hist_value_decode(b.p, b.len - 1, got, 2), -1);
	/* Format 2: two entries, the second's "from" left out (flag 1). */
	buf_reset(&b);
	buf_addc(&b, 2);
	buf_u16(&b, 2);
	for (int e = 0; e < 2; e++) {
		if (e)
			buf_adds(&b, "\xa0\x38");   /* zigzag(+3600) = 7200 */
		else
			buf_adds(&b, "\xc0\x99\x88\x92\x0d");   /* zigzag(1763772000) */
		vstr(&b, h.user);
		vstr(&b, h.client);
		vstr(&b, e ? "handle" : h.action);
		buf_addc(&b, e ? 1 : 0);
		if (!e)
			vstr(&b, h.from);
		vstr(&b, e ? "handled" : h.to);
		vstr(&b, e ? "" : h.comment);
		buf_addc(&b, 0);
	}
	assert_int_equal(hist_value_count(b.p, b.len), 2);
	assert_int_equal(hist_value_decode(b.p, b.len, got, 2), 2);
	assert_true(got[0].time == 1763772000 && got[1].time == 1763772000 + 3600);
	assert_string_equal(got[0].from, "registered");
	assert_string_equal(got[1].from, "dispatched");
	assert_string_equal(got[1].to, "handled");
	assert_string_equal(got[1].user, "wangwu");
	for (int i = 0; i < 2; i++)
		hist_free(&got[i]);
	hist_free(&h);
	buf_free(&b);
}

/* A run holds consecutive versions' entries in one compact value: times
 * and every string come back, repeated ones (the same user, a "from" that
 * was the previous "to") written once and referred to after; a cut run,
 * or a reference to a string not yet seen, is damaged. */
static void history_runs(void **state)
{
	(void)state;
	gc_hist h, got[4];
	gc_buf run;
	hist_run r;
	const char *actions[3] = { "create", "accept", "register" };
	const char *states[4] = { "", "reported", "accepted", "registered" };
	buf_init(&run);
	hist_run_begin(&r, &run);
	size_t full = 3;
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
		/* Each string in full would be its length and a byte. */
		full += (i ? 2 : 5) + 7 + strlen(h.user) + strlen(h.action) + strlen(h.from) + strlen(h.to) +
			strlen(h.comment) + (i == 2 ? 3 + 8 + 4 : 0);
		hist_free(&h);
	}
	/* wangwu and two "from"s are references: 6 + 8 + 8 bytes less. */
	assert_int_equal(run.len, full - 6 - 8 - 8);
	assert_int_equal(hist_value_count(run.p, run.len), 3);
	assert_int_equal(hist_value_decode(run.p, run.len, got, 4), 3);
	for (int i = 0; i < 3; i++) {
		assert_true(got[i].time == 1763772000 + 3600 * i);
		assert_string_equal(got[i].action, actions[i]);
		assert_string_equal(got[i].from, states[i]);
		assert_string_equal(got[i].to, states[i + 1]);
		assert_string_equal(got[i].user, i ? "wangwu" : "wg001001001");
		assert_string_equal(got[i].client, "");
	}
	assert_string_equal(got[1].comment, "已受理");
	assert_int_equal(got[2].nchanges, 1);
	assert_string_equal(got[2].changes[0].new_, "lisi");
	for (int i = 0; i < 3; i++)
		hist_free(&got[i]);
	assert_int_equal(hist_value_decode(run.p, run.len, got, 2), -1);       /* no room */
	for (size_t n = 0; n < run.len; n++)
		assert_int_equal(hist_value_decode(run.p, n, got, 4), -1);       /* cut short */
	/* The first entry's user as a reference (to nothing yet): damaged. */
	size_t at = 3 + 5;   /* u8 3, u16 count, the time's 5 bytes */
	assert_int_equal(run.p[at], (char)(11 << 1));
	run.p[at] = 1;
	assert_int_equal(hist_value_decode(run.p, run.len, got, 4), -1);
	buf_free(&run);
}

/* Only the last HIST_RUN_STRS strings can be referred to: a run of many
 * entries, each with a new comment and the first one's user, still
 * reads back whole. */
static void history_long_run(void **state)
{
	(void)state;
	enum { N = 300 };
	gc_hist h, *got = xcalloc(N, sizeof *got);
	gc_buf run;
	hist_run r;
	char c[32];
	buf_init(&run);
	hist_run_begin(&r, &run);
	for (int i = 0; i < N; i++) {
		hist_init(&h);
		h.time = 1763772000 + 60 * i - (i % 7) * 3600;
		h.user = xstrdup(i % 100 == 99 ? "rare" : "zhangsan");
		snprintf(c, sizeof c, "第%d次", i);
		h.comment = xstrdup(c);
		h.action = xstrdup(i % 2 ? "set" : "note");
		h.from = xstrdup("");
		h.to = xstrdup("");
		h.client = xstrdup(i == 0 || i == N - 1 ? "10.0.0.8 52144" : "");
		hist_run_add(&r, &h);
		hist_free(&h);
	}
	assert_int_equal(hist_value_decode(run.p, run.len, got, N), N);
	for (int i = 0; i < N; i++) {
		snprintf(c, sizeof c, "第%d次", i);
		assert_string_equal(got[i].comment, c);
		assert_string_equal(got[i].user, i % 100 == 99 ? "rare" : "zhangsan");
		assert_string_equal(got[i].client, i == 0 || i == N - 1 ? "10.0.0.8 52144" : "");
		assert_true(got[i].time == 1763772000 + 60 * i - (i % 7) * 3600);
		hist_free(&got[i]);
	}
	free(got);
	buf_free(&run);
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
		cmocka_unit_test(history_old_formats_read),
		cmocka_unit_test(history_runs),
		cmocka_unit_test(history_long_run),
		cmocka_unit_test(big_endian_keys_sort_numerically),
	};
	return cmocka_run_group_tests_name("record", tests, NULL, NULL);
}
