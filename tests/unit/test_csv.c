/* SPDX-License-Identifier: MIT */
/* test_csv.c - the RFC 4180 reader and writer, and the JSON Lines parser. */
#include "unit.h"
#include "gridcase/csv.h"
#include "gridcase/json.h"

static void plain_and_quoted(void **s)
{
	(void)s;
	const char *data = "\xEF\xBB\xBF" "code,name,note\r\n"
			   "1,\"大安区, 自贡\",\"she said \"\"hi\"\"\"\r\n"
			   "2,\"two\nlines\",\r\n"
			   "3,last,x";
	csv_reader r;
	csv_row row = { 0 };
	char msg[200];
	csv_open(&r, data, strlen(data));
	assert_int_equal(csv_next(&r, &row, msg, sizeof msg), 1);
	assert_int_equal(row.n, 3);
	assert_string_equal(row.f[0], "code");   /* BOM skipped */
	assert_int_equal(csv_next(&r, &row, msg, sizeof msg), 1);
	assert_string_equal(row.f[1], "大安区, 自贡");
	assert_string_equal(row.f[2], "she said \"hi\"");
	assert_int_equal(row.line, 2);
	assert_int_equal(csv_next(&r, &row, msg, sizeof msg), 1);
	assert_string_equal(row.f[1], "two\nlines");
	assert_string_equal(row.f[2], "");
	assert_int_equal(row.line, 3);
	assert_int_equal(csv_next(&r, &row, msg, sizeof msg), 1);
	assert_int_equal(row.line, 5);      /* the embedded newline counted */
	assert_string_equal(row.f[2], "x");
	assert_int_equal(csv_next(&r, &row, msg, sizeof msg), 0);
	csv_row_free(&row);
}

static void malformed_rows(void **s)
{
	(void)s;
	const char *data = "a,b\n1,\"open\n";
	csv_reader r;
	csv_row row = { 0 };
	char msg[200];
	csv_open(&r, data, strlen(data));
	assert_int_equal(csv_next(&r, &row, msg, sizeof msg), 1);
	assert_int_equal(csv_next(&r, &row, msg, sizeof msg), -1);
	assert_non_null(strstr(msg, "not closed"));
	data = "a,b\n1,x\"y\n2,z\n";
	csv_open(&r, data, strlen(data));
	csv_next(&r, &row, msg, sizeof msg);
	assert_int_equal(csv_next(&r, &row, msg, sizeof msg), -1);
	assert_non_null(strstr(msg, "quote inside an unquoted field"));
	/* The reader goes on with the next line. */
	assert_int_equal(csv_next(&r, &row, msg, sizeof msg), 1);
	assert_string_equal(row.f[0], "2");
	assert_int_equal(row.line, 3);
	data = "a\n\"x\"y\n";
	csv_open(&r, data, strlen(data));
	csv_next(&r, &row, msg, sizeof msg);
	assert_int_equal(csv_next(&r, &row, msg, sizeof msg), -1);
	assert_non_null(strstr(msg, "after a closing quote"));
	csv_row_free(&row);
}

static void writer_round_trip(void **s)
{
	(void)s;
	const char *vals[] = { "plain", "with,comma", "with \"quote\"", "multi\nline", " padded ", "" };
	gc_buf out;
	buf_init(&out);
	for (size_t i = 0; i < 6; i++)
		csv_field(&out, vals[i], i == 5);
	assert_string_equal(out.p, "plain,\"with,comma\",\"with \"\"quote\"\"\",\"multi\nline\",\" padded \",\r\n");
	csv_reader r;
	csv_row row = { 0 };
	char msg[100];
	csv_open(&r, out.p, out.len);
	assert_int_equal(csv_next(&r, &row, msg, sizeof msg), 1);
	assert_int_equal(row.n, 6);
	for (size_t i = 0; i < 6; i++)
		assert_string_equal(row.f[i], vals[i]);
	csv_row_free(&row);
	buf_free(&out);
}

/* The formula guard (CWE-1236): written with a leading ', read back as
 * the same value; a value that really starts with ' survives too. */
static void formula_guard(void **s)
{
	(void)s;
	const char *vals[] = { "=1+1", "+8613812345678", "-5", "@SUM(A1)", "\tx", "\rx", "'=x", "''", "'", "'hello",
			       "plain", "a=b", "=\"q\",1", "" };
	const char *want = "'=1+1,'+8613812345678,'-5,'@SUM(A1),'\tx,\"'\rx\",''=x,''',',"
			   "'hello,plain,a=b,\"'=\"\"q\"\",1\",\r\n";
	size_t n = ARRAY_LEN(vals);
	gc_buf out;
	buf_init(&out);
	for (size_t i = 0; i < n; i++)
		csv_field(&out, vals[i], i + 1 == n);
	assert_string_equal(out.p, want);
	csv_reader r;
	csv_row row = { 0 };
	char msg[100];
	csv_open(&r, out.p, out.len);
	assert_int_equal(csv_next(&r, &row, msg, sizeof msg), 1);
	assert_int_equal(row.n, n);
	for (size_t i = 0; i < n; i++) {
		csv_unguard(row.f[i]);
		assert_string_equal(row.f[i], vals[i]);
	}
	assert_false(csv_guarded("'hello"));
	assert_true(csv_guarded("''"));
	csv_row_free(&row);
	buf_free(&out);
}

/* A NUL inside a field is kept with the field's length, not an end. */
static void nul_is_not_an_end(void **s)
{
	(void)s;
	const char data[] = "a,b\r\nx,ab\0cd\r\n";
	csv_reader r;
	csv_row row = { 0 };
	char msg[100];
	csv_open(&r, data, sizeof data - 1);
	assert_int_equal(csv_next(&r, &row, msg, sizeof msg), 1);
	assert_int_equal(csv_next(&r, &row, msg, sizeof msg), 1);
	assert_int_equal(row.len[1], 5);
	assert_int_equal(memcmp(row.f[1], "ab\0cd", 5), 0);
	csv_row_free(&row);
}

static void json_flat_objects(void **s)
{
	(void)s;
	gc_kv *kv;
	size_t n;
	char msg[200];
	const char *line = "{\"id\": 12, \"title\": \"\\u6d4b\\u8bd5 \\\"q\\\"\", \"ok\": true, \"none\": null}";
	assert_int_equal(json_parse_flat(line, strlen(line), &kv, &n, msg, sizeof msg), 0);
	assert_int_equal(n, 4);
	assert_string_equal(kv[0].val, "12");
	assert_string_equal(kv[1].val, "测试 \"q\"");
	assert_string_equal(kv[2].val, "true");
	assert_string_equal(kv[3].val, "");
	kv_free(kv, n);
	line = "{\"a\": {\"nested\": 1}}";
	assert_int_equal(json_parse_flat(line, strlen(line), &kv, &n, msg, sizeof msg), -1);
	assert_non_null(strstr(msg, "column 7"));
	line = "{\"a\": \"x\\u0000y\"}";
	assert_int_equal(json_parse_flat(line, strlen(line), &kv, &n, msg, sizeof msg), -1);
	line = "{\"a\": 1} trailing";
	assert_int_equal(json_parse_flat(line, strlen(line), &kv, &n, msg, sizeof msg), -1);
	gc_buf out;
	buf_init(&out);
	json_str(&out, "a\"b\\c\n\x01网");
	assert_string_equal(out.p, "\"a\\\"b\\\\c\\n\\u0001网\"");
	buf_free(&out);
}

int main(void)
{
	unit_locale();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(plain_and_quoted),
		cmocka_unit_test(malformed_rows),
		cmocka_unit_test(writer_round_trip),
		cmocka_unit_test(formula_guard),
		cmocka_unit_test(nul_is_not_an_end),
		cmocka_unit_test(json_flat_objects),
	};
	return cmocka_run_group_tests_name("csv", tests, NULL, NULL);
}
