/* SPDX-License-Identifier: MIT */
/* test_output.c - the output contract read back by the project's own strict
 * readers: every read command's --format json is one JSON document
 * (json_validate), jsonl one value a line, csv RFC 4180 rows as wide as
 * their header (csv_next); a record is one flat object in show, list and
 * export (json_parse_flat refuses nesting and duplicate keys). The commands
 * run through cli_main, the binary's own entry, on a demo database. */
#include "unit.h"
#include <fcntl.h>
#include "gridcase/cli.h"
#include "gridcase/csv.h"
#include "gridcase/json.h"

static char *dir;
static char db[600], out[600];

/* Run gridcase with the n words of args, stdout to the file out; its status. */
static int run_v(const char *const *args, int n)
{
	char *argv[40];
	int argc = 0;
	const char *head[] = { "gridcase", "--config", "config/demo", "--db", db, "--user", "admin" };
	for (size_t i = 0; i < ARRAY_LEN(head); i++)
		argv[argc++] = (char *)head[i];
	for (int i = 0; i < n && argc < 39; i++)
		argv[argc++] = (char *)args[i];
	argv[argc] = NULL;
	fflush(stdout);
	int keep = dup(1), fd = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	assert_true(keep >= 0 && fd >= 0);
	dup2(fd, 1);
	close(fd);
	int rc = cli_main(argc, argv);
	fflush(stdout);
	dup2(keep, 1);
	close(keep);
	return rc;
}

static int run(const char *first, ...)
{
	const char *args[32];
	int n = 0;
	va_list ap;
	va_start(ap, first);
	for (const char *a = first; a && n < 32; a = va_arg(ap, const char *))
		args[n++] = a;
	va_end(ap);
	return run_v(args, n);
}

static char *slurp(size_t *len)
{
	FILE *f = fopen(out, "rb");
	assert_non_null(f);
	gc_buf b;
	char chunk[8192];
	size_t n;
	buf_init(&b);
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_add(&b, chunk, n);
	fclose(f);
	*len = b.len;
	return b.p ? b.p : xstrdup("");
}

static int setup(void **state)
{
	(void)state;
	dir = unit_tmpdir();
	snprintf(db, sizeof db, "%s/t.db", dir);
	snprintf(out, sizeof out, "%s/out", dir);
	setenv("GRIDCASE_NOW", "2026-11-23T09:00:00+08:00", 1);
	unsetenv("GRIDCASE_DB");
	assert_int_equal(run("demo", "--cases", "300", "--seed", "7", NULL), 0);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	unit_rmdir(dir);
	return 0;
}

/* The read commands and their arguments (NULL-separated). */
static const char *const reads[][5] = {
	{ "show", "5" }, { "list", "--limit", "20" }, { "history", "5" }, { "stats" }, { "stats", "--form", "case" },
	{ "stats", "--from", "2026-10-01", "--to", "2026-11-30" }, { "tree" }, { "node", "510304001" },
	{ "report" }, { "match" }, { "whoami" }, { "export" }, { "export", "nodes" },
};

static int run_read(const char *const *cmd, const char *format)
{
	const char *args[8];
	int n = 0;
	while (n < 5 && cmd[n]) {
		args[n] = cmd[n];
		n++;
	}
	args[n++] = "--format";
	args[n++] = format;
	return run_v(args, n);
}

static void test_json_documents(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(reads); i++) {
		assert_int_equal(run_read(reads[i], "json"), 0);
		size_t len;
		char *text = slurp(&len), msg[128];
		if (json_validate(text, len, msg, sizeof msg))
			fail_msg("%s --format json: %s", reads[i][0], msg);
		assert_true(len > 2);
		free(text);
	}
}

static void test_jsonl_lines(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(reads); i++) {
		assert_int_equal(run_read(reads[i], "jsonl"), 0);
		size_t len, lines = 0;
		char *text = slurp(&len), msg[128];
		for (char *p = text, *nl; *p; p = nl + 1, lines++) {
			assert_non_null(nl = strchr(p, '\n'));
			if (json_validate(p, (size_t)(nl - p), msg, sizeof msg))
				fail_msg("%s --format jsonl, line %zu: %s", reads[i][0], lines + 1, msg);
			assert_int_equal(p[0], '{');
		}
		assert_true(lines > 0);
		free(text);
	}
}

static void test_csv_rows(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(reads); i++) {
		assert_int_equal(run_read(reads[i], "csv"), 0);
		size_t len, rows = 0, width = 0;
		char *text = slurp(&len), msg[128];
		csv_reader r;
		csv_row row;
		memset(&row, 0, sizeof row);
		csv_open(&r, text, len);
		int rc;
		while ((rc = csv_next(&r, &row, msg, sizeof msg)) == 1) {
			if (rows++ == 0)
				width = row.n;
			else if (row.n != width)
				fail_msg("%s --format csv, line %ld: %zu fields under a header of %zu", reads[i][0], row.line, row.n,
					 width);
		}
		if (rc < 0)
			fail_msg("%s --format csv: %s", reads[i][0], msg);
		assert_true(rows >= 2);
		csv_row_free(&row);
		free(text);
	}
}

/* One record, three commands: the same flat object, key for key and value
 * for value (show's light is --json's, not --format's). */
static void test_one_record_layout(void **state)
{
	(void)state;
	size_t len, n[3];
	gc_kv *kv[3];
	char msg[128];
	const char *what[3] = { "show", "list", "export" };
	for (int k = 0; k < 3; k++) {
		if (k == 0)
			assert_int_equal(run("show", "5", "--format", "jsonl", NULL), 0);
		else if (k == 1)
			assert_int_equal(run("list", "--sort", "id", "--limit", "5", "--format", "jsonl", NULL), 0);
		else
			assert_int_equal(run("export", "--format", "jsonl", NULL), 0);
		char *text = slurp(&len), *line = text;
		for (int skip = 0; k && skip < 4; skip++)   /* the fifth record by id */
			line = strchr(line, '\n') + 1;
		char *nl = strchr(line, '\n');
		if (json_parse_flat(line, (size_t)(nl - line), &kv[k], &n[k], msg, sizeof msg))
			fail_msg("%s: %s", what[k], msg);
		free(text);
	}
	for (int k = 1; k < 3; k++) {
		assert_int_equal(n[k], n[0]);
		for (size_t i = 0; i < n[0]; i++) {
			assert_string_equal(kv[k][i].key, kv[0][i].key);
			assert_string_equal(kv[k][i].val, kv[0][i].val);
		}
	}
	assert_string_equal(kv[0][0].key, "id");
	assert_string_equal(kv[0][0].val, "5");
	for (int k = 0; k < 3; k++)
		kv_free(kv[k], n[k]);
}

int main(void)
{
	unit_locale();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_json_documents),
		cmocka_unit_test(test_jsonl_lines),
		cmocka_unit_test(test_csv_rows),
		cmocka_unit_test(test_one_record_layout),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
