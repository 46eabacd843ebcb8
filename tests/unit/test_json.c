/* SPDX-License-Identifier: MIT */
/* test_json.c - the strict RFC 8259 reader: every class of refusal with its
 * position and reason, rows (flat objects, no duplicate keys), the writer
 * read back, and JSONTestSuite (nst/JSONTestSuite, MIT licensed) when it is
 * at hand: $GRIDCASE_JSONTESTSUITE (tests/run.sh sets it to what tests/data.sh
 * fetched), or ../shared/JSONTestSuite/test_parsing
 * beside the checkout. Every y_ file must be accepted by the value reader,
 * every n_ file refused; i_ files may go either way but must not crash. */
#include "unit.h"
#include <dirent.h>
#include "gridcase/json.h"

static void expect_refused(const char *text, size_t len, const char *says)
{
	char msg[300];
	msg[0] = 0;
	int rc = json_validate(text, len, msg, sizeof msg);
	if (rc != -1 || !strstr(msg, says))
		fail_msg("'%.*s': wanted a refusal with '%s', got %s '%s'", (int)len, text, says, rc ? "refusal" : "acceptance",
			 msg);
}
#define REFUSED(lit, says) expect_refused(lit, sizeof lit - 1, says)

static void accepted(const char *text)
{
	char msg[300];
	if (json_validate(text, strlen(text), msg, sizeof msg))
		fail_msg("'%s' refused: %s", text, msg);
}

static void number_grammar(void **s)
{
	(void)s;
	const char *good[] = { "0", "-0", "12", "-12", "0.5", "1e5", "1E+5", "1e-5", "-1.25e10", "123456789012345678901234567890",
			       "[1,2.5,-3e2]" };
	for (size_t i = 0; i < ARRAY_LEN(good); i++)
		accepted(good[i]);
	REFUSED("[++1234]", "column 2: a number must start with a digit or '-'");
	REFUSED("[+1]", "a number must start with a digit or '-'");
	REFUSED("[-]", "column 3: a number needs a digit after '-'");
	REFUSED("[0.1.2]", "column 5: a malformed number ('.' after '0.1')");
	REFUSED("[1eE2]", "column 4: a number needs a digit in its exponent");
	REFUSED("[01]", "column 3: a number must not have a leading zero");
	REFUSED("[-01]", "a number must not have a leading zero");
	REFUSED("[.5]", "column 2: a number must start with a digit or '-'");
	REFUSED("[1.]", "column 4: a number needs a digit after its '.'");
	REFUSED("[1.e5]", "a number needs a digit after its '.'");
	REFUSED("[1e]", "a number needs a digit in its exponent");
	REFUSED("[1e+]", "a number needs a digit in its exponent");
	REFUSED("[0x1F]", "expected ',' or ']', found 'x'");
	REFUSED("[Infinity]", "expected a string, number");
	REFUSED("[NaN]", "expected a string, number");
	REFUSED("[1 2]", "expected ',' or ']', found '2'");
}

static void strings(void **s)
{
	(void)s;
	accepted("\"\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u00e9 \\ud83d\\ude00\"");
	accepted("\"网格\"");
	accepted("[\"\\u0000\"]");   /* a valid document; a row refuses it (no NUL is stored) */
	REFUSED("[\"a\tb\"]", "column 4: a raw tab in a string (write it as \\t)");
	REFUSED("[\"a\nb\"]", "an unescaped control character U+000A in a string");
	REFUSED("[\"a\x01\"]", "an unescaped control character U+0001");
	REFUSED("[\"a\0b\"]", "column 4: a NUL byte in a string");
	REFUSED("[\"\xff\"]", "the string is not valid UTF-8 (byte 0xFF)");
	REFUSED("[\"\xc0\xaf\"]", "not valid UTF-8");               /* overlong */
	REFUSED("[\"\xed\xa0\x80\"]", "not valid UTF-8");           /* a surrogate in UTF-8 */
	REFUSED("[\"\\x41\"]", "column 3: an invalid escape");
	REFUSED("[\"\\a\"]", "an invalid escape");
	REFUSED("[\"\\'\"]", "an invalid escape");
	REFUSED("[\"\\u12\"]", "\\u needs four hexadecimal digits");
	REFUSED("[\"\\uD800\"]", "column 3: a lone high surrogate \\uD800");
	REFUSED("[\"\\uD800\\u0041\"]", "a lone high surrogate \\uD800 (followed by \\u0041");
	REFUSED("[\"\\uDC00\"]", "a lone low surrogate \\uDC00");
	REFUSED("[\"\\uDFFF\\uD800\"]", "a lone low surrogate");
	REFUSED("[\"abc", "a string is not closed");
	REFUSED("['single']", "found '''");
}

static void outside_strings(void **s)
{
	(void)s;
	accepted(" \t\r\n[ 1 , 2 ]\r\n ");
	REFUSED("[1]\0", "column 4: expected nothing after the value, found a NUL byte");
	REFUSED("[\0 1]", "found a NUL byte");
	REFUSED("\xef\xbb\xbf[1]", "found the byte 0xEF");          /* a BOM is a file's: JSON Lines skips it first */
	REFUSED("[1,\x0c 2]", "found the byte 0x0C");               /* form feed is not JSON whitespace */
	REFUSED("[1,\xc2\xa0 2]", "found the byte 0xC2");           /* nor is NO-BREAK SPACE */
	REFUSED("[1,]", "column 4: expected a string, number, true, false, null, an object or an array, found ']'");
	REFUSED("{\"a\":1,}", "expected a key in quotes, found '}'");
	REFUSED("{a:1}", "expected a key in quotes, found 'a'");
	REFUSED("{\"a\" 1}", "expected ':'");
	REFUSED("[1", "expected ',' or ']', found the end");
	REFUSED("", "expected a value, found the end");
	REFUSED("[1]x", "expected nothing after the value");
	REFUSED("tru", "expected a string, number");
	REFUSED("[1,\n2,\n+3]", "line 3, column 1: a number must start");
	/* Deep nesting is refused, not a crash. */
	gc_buf b;
	buf_init(&b);
	for (int i = 0; i < 100000; i++)
		buf_addc(&b, '[');
	char msg[200];
	assert_int_equal(json_validate(b.p, b.len, msg, sizeof msg), -1);
	assert_non_null(strstr(msg, "nested deeper than 512 levels"));
	buf_free(&b);
}

static void rows(void **s)
{
	(void)s;
	gc_kv *kv;
	size_t n;
	char msg[300];
	const char *line = "{\"id\": 12, \"title\": \"\\u6d4b\\u8bd5 \\\"q\\\"\", \"ok\": true, \"none\": null, \"n\": -1.5e3}";
	assert_int_equal(json_parse_flat(line, strlen(line), &kv, &n, msg, sizeof msg), 0);
	assert_int_equal(n, 5);
	assert_string_equal(kv[0].val, "12");
	assert_string_equal(kv[1].val, "测试 \"q\"");
	assert_string_equal(kv[2].val, "true");
	assert_string_equal(kv[3].val, "");
	assert_string_equal(kv[4].val, "-1.5e3");   /* a number as it is written */
	kv_free(kv, n);
	line = "{\"code\": 123456789012345678901}";
	assert_int_equal(json_parse_flat(line, strlen(line), &kv, &n, msg, sizeof msg), 0);
	assert_string_equal(kv[0].val, "123456789012345678901");   /* no double in between */
	kv_free(kv, n);
	static const struct { const char *line, *says; } bad[] = {
		{ "{\"node\": \"a\", \"title\": \"x\", \"node\": \"b\"}",
		  "column 29: the key \"node\" appears twice in the object (first at column 2)" },
		{ "{\"a\": 1, \"a\": 1}", "the key \"a\" appears twice" },
		{ "{\"a\": {\"nested\": 1}}", "column 7: a row holds strings, numbers, true, false and null only, not nested objects" },
		{ "{\"a\": [1]}", "not nested arrays" },
		{ "[1, 2]", "column 1: a row must be an object" },
		{ "\"text\"", "a row must be an object" },
		{ "42", "a row must be an object" },
		{ "{\"a\": \"x\\u0000y\"}", "column 9: a NUL character (\\u0000) cannot be stored" },
		{ "{\"a\": 1} trailing", "expected nothing after the object, found 't'" },
		{ "{\"a\": ++1}", "a number must start with a digit or '-'" },
		{ "{\"a\": \"\t\"}", "a raw tab in a string" },
		{ "{\"a\": 1}\0", "found a NUL byte" },
	};
	for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
		size_t len = strlen(bad[i].line) + (i == ARRAY_LEN(bad) - 1);   /* the last one keeps its NUL */
		msg[0] = 0;
		if (json_parse_flat(bad[i].line, len, &kv, &n, msg, sizeof msg) != -1 || !strstr(msg, bad[i].says))
			fail_msg("row %zu: wanted '%s', got '%s'", i, bad[i].says, msg);
		assert_null(kv);
		assert_int_equal(n, 0);
	}
	/* Many keys: the duplicate check stays fast (sorted, not pairwise). */
	gc_buf b;
	buf_init(&b);
	buf_addc(&b, '{');
	for (int i = 0; i < 50000; i++)
		buf_printf(&b, "%s\"k%d\":%d", i ? "," : "", i, i);
	buf_adds(&b, ",\"k7\":0}");
	assert_int_equal(json_parse_flat(b.p, b.len, &kv, &n, msg, sizeof msg), -1);
	assert_non_null(strstr(msg, "the key \"k7\" appears twice"));
	buf_free(&b);
}

static void writer_is_strict(void **s)
{
	(void)s;
	const char *vals[] = { "a\"b\\c\n\x01网", "\x7f", "x\xffy", ("\xe2\x80\x8f" "rlm"), "👍 \xf3\xa0\x81\xa1", "" };
	const char *want[] = { "\"a\\\"b\\\\c\\n\\u0001网\"", "\"\\u007f\"", "\"x\\ufffdy\"", "\"\\u200frlm\"",
			       "\"👍 \\udb40\\udc61\"", "\"\"" };
	for (size_t i = 0; i < ARRAY_LEN(vals); i++) {
		gc_buf out;
		char msg[200];
		buf_init(&out);
		json_str(&out, vals[i]);
		assert_string_equal(out.p, want[i]);
		if (json_validate(out.p, out.len, msg, sizeof msg))
			fail_msg("the writer's %s is refused: %s", out.p, msg);
		buf_free(&out);
	}
}

/* ---- JSONTestSuite ---- */

static char *read_all(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	gc_buf b;
	char chunk[65536];
	size_t got;
	if (!f)
		return NULL;
	buf_init(&b);
	while ((got = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_add(&b, chunk, got);
	fclose(f);
	*len = b.len;
	return b.p ? b.p : xstrdup("");
}

static const char *suite_dir(void)
{
	const char *env = getenv("GRIDCASE_JSONTESTSUITE");
	return env && *env ? env : "../shared/JSONTestSuite/test_parsing";
}

/* y_ accepted, n_ refused, i_ either (and never a crash). A y_ document
 * that is an object must be accepted as a row too unless it repeats a key
 * (rows refuse duplicates; RFC 8259 only says names SHOULD be unique) or
 * holds nested values or \u0000; every n_ document is refused as a row. */
static void json_test_suite(void **s)
{
	(void)s;
	DIR *d = opendir(suite_dir());
	if (!d) {
		print_message("JSONTestSuite not found at %s (set GRIDCASE_JSONTESTSUITE): skipped\n", suite_dir());
		skip();
	}
	struct dirent *e;
	int counts[3] = { 0, 0, 0 }, bad = 0, i_refused = 0;
	while ((e = readdir(d))) {
		const char *nm = e->d_name;
		size_t l = strlen(nm);
		if (l < 7 || strcmp(nm + l - 5, ".json") || nm[1] != '_' || !strchr("yni", nm[0]))
			continue;
		char path[1024], msg[300];
		size_t len;
		snprintf(path, sizeof path, "%s/%s", suite_dir(), nm);
		char *text = read_all(path, &len);
		assert_non_null(text);
		int rc = json_validate(text, len, msg, sizeof msg);
		gc_kv *kv;
		size_t n;
		char rmsg[300];
		int row = json_parse_flat(text, len, &kv, &n, rmsg, sizeof rmsg);
		if (!row)
			kv_free(kv, n);
		if (nm[0] == 'y' && rc) {
			print_error("%s: refused: %s\n", nm, msg);
			bad++;
		} else if (nm[0] == 'n' && !rc) {
			print_error("%s: accepted\n", nm);
			bad++;
		} else if (nm[0] == 'n' && !row) {
			print_error("%s: accepted as a row\n", nm);
			bad++;
		}
		i_refused += nm[0] == 'i' && rc;
		counts[nm[0] == 'y' ? 0 : nm[0] == 'n' ? 1 : 2]++;
		free(text);
	}
	closedir(d);
	print_message("JSONTestSuite: %d y_ accepted, %d n_ refused, %d i_ read (%d refused)\n", counts[0], counts[1],
		      counts[2], i_refused);
	assert_int_equal(bad, 0);
	assert_true(counts[0] > 50 && counts[1] > 100);
}

/* The decisions on implementation-defined documents that matter here. */
static void implementation_defined(void **s)
{
	(void)s;
	accepted("[1E400]");                       /* a huge number: kept as text, no double */
	accepted("[123123e100000]");
	accepted("[-123123123123123123123123123123]");
	REFUSED("[\"\\uDADA\"]", "a lone high surrogate");
	REFUSED("[\"\xe9\"]", "not valid UTF-8");   /* Latin-1 */
	REFUSED("\xff\xfe[\0\"\0]\0", "found the byte 0xFF");   /* UTF-16 */
	REFUSED("\xef\xbb\xbf{}", "found the byte 0xEF");      /* a BOM (JSON Lines skips one at the file's start) */
}

int main(void)
{
	unit_locale();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(number_grammar),
		cmocka_unit_test(strings),
		cmocka_unit_test(outside_strings),
		cmocka_unit_test(rows),
		cmocka_unit_test(writer_is_strict),
		cmocka_unit_test(implementation_defined),
		cmocka_unit_test(json_test_suite),
	};
	return cmocka_run_group_tests_name("json", tests, NULL, NULL);
}
