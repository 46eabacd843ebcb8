/* SPDX-License-Identifier: MIT */
/* test_ycache.c - the cache of parsed YAML trees (src/format/ycache.c), on
 * real files: a tree read from the cache is the parsed tree, node for node
 * (kind, text, quoting, line, column); the cache is looked up by the file's
 * bytes; a truncated, garbage, flipped or other-version cache file is not
 * trusted and is written again; a syntax error is never cached. */
#include "unit.h"
#include <dirent.h>
#include "format/yamldoc.h"
#include "format/ycache.h"

static const char *text_x =
	"title: \"Grid 网格\"\n"
	"levels:\n"
	"  - {key: district, label: 'District'}\n"
	"  - key: grid\n"
	"    label: |\n"
	"      two\n"
	"      lines\n"
	"empty:\n"
	"list: [1, 2.5, yes, ~, \"\"]\n";
static const char *text_y = "other: [a, {b: c}]\n";

static int same_tree(const ynode *a, const ynode *b)
{
	if (a->kind != b->kind || a->quoted != b->quoted || a->line != b->line || a->col != b->col ||
	    a->n != b->n || strcmp(a->file, b->file))
		return 0;
	if (a->kind == Y_SCALAR)
		return strcmp(a->val, b->val) == 0;
	for (size_t i = 0; i < a->n; i++)
		if (!same_tree(a->items[i], b->items[i]))
			return 0;
	return 1;
}

/* The one *.tree file in dir (its path in out), or how many there are. */
static int tree_files(const char *dir, char *out, size_t outsz)
{
	DIR *d = opendir(dir);
	int n = 0;
	struct dirent *de;
	if (!d)
		return 0;
	while ((de = readdir(d)))
		if (strstr(de->d_name, ".tree")) {
			n++;
			snprintf(out, outsz, "%s/%s", dir, de->d_name);
		}
	closedir(d);
	return n;
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	char *b = xmalloc(1 << 16);
	*len = fread(b, 1, 1 << 16, f);
	fclose(f);
	return b;
}

static void put(const char *path, const char *b, size_t len)
{
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(b, 1, len, f), len);
	fclose(f);
}

/* Load as the configuration does: a tree not from the cache is kept. */
static ynode *load(const char *path, const char *cache)
{
	gc_errs errs;
	errs_init(&errs);
	ynode *t = ydoc_load(path, cache, &errs);
	assert_non_null(t);
	assert_int_equal(errs.n, 0);
	errs_free(&errs);
	if (!ydoc_cached(t))
		ydoc_keep(t);
	return t;
}

/* Whether a load of path came from the cache. */
static int hit(const char *path, const char *cache)
{
	gc_errs errs;
	errs_init(&errs);
	ynode *t = ydoc_load(path, cache, &errs);
	assert_non_null(t);
	int h = ydoc_cached(t);
	ydoc_free(t);
	errs_free(&errs);
	return h;
}

/* Load through the cache and check the tree is the parser's. */
static void check_load(const char *path, const char *cache, const ynode *want)
{
	ynode *t = load(path, cache);
	assert_true(same_tree(t->items[0], want->items[0]));
	ydoc_free(t);
}

static void test_cache(void **state)
{
	(void)state;
	char *dir = unit_tmpdir();
	char path[600], cache[600], tree[900];
	snprintf(path, sizeof path, "%s/c.yaml", dir);
	snprintf(cache, sizeof cache, "%s/cache/gridcase", dir);
	unit_write(dir, "c.yaml", text_x);
	ynode *parsed = load(path, NULL);

	/* A miss parses; kept, the tree is written (directories 0700, file 0600). */
	assert_false(hit(path, cache));
	assert_int_equal(tree_files(cache, tree, sizeof tree), 0);
	check_load(path, cache, parsed);
	assert_int_equal(tree_files(cache, tree, sizeof tree), 1);
	struct stat st;
	assert_int_equal(stat(tree, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(stat(cache, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0700);
	size_t good_len;
	char *good = slurp(tree, &good_len);
	/* A hit gives the same tree, and leaves the file as it is. */
	assert_true(hit(path, cache));
	check_load(path, cache, parsed);
	assert_int_equal(stat(tree, &st), 0);
	ino_t ino = st.st_ino;
	check_load(path, cache, parsed);
	assert_int_equal(stat(tree, &st), 0);
	assert_true(st.st_ino == ino);

	/* Damaged files are ignored and written again (a new file: rename). */
	for (int k = 0; k < 4; k++) {
		char *bad = xmalloc(good_len);
		memcpy(bad, good, good_len);
		size_t len = good_len;
		if (k == 0)
			len = good_len / 2;                 /* truncated */
		else if (k == 1)
			for (size_t i = 0; i < len; i++)    /* garbage */
				bad[i] = (char)(i * 131 + 7);
		else if (k == 2)
			bad[len - 3] ^= 0x20;               /* one byte of the body */
		else
			bad[16] ^= 1;                       /* the version string */
		put(tree, bad, len);
		free(bad);
		assert_false(hit(path, cache));
		check_load(path, cache, parsed);
		size_t again_len;
		char *again = slurp(tree, &again_len);
		assert_int_equal(again_len, good_len);
		assert_memory_equal(again, good, good_len);
		free(again);
	}

	/* The cache is what is read: a tree stored under other bytes' key comes
	 * back for those bytes (only the cache can have put it there). */
	ycache_key ky;
	ycache_key_of(&ky, text_y, strlen(text_y));
	ycache_write(cache, &ky, parsed->items[0]);
	unit_write(dir, "c.yaml", text_y);
	check_load(path, cache, parsed);
	ynode *ytree = load(path, NULL);
	assert_false(same_tree(ytree->items[0], parsed->items[0]));
	ydoc_free(ytree);

	/* A syntax error is never cached: the same message every time. */
	char errdir[700];
	snprintf(errdir, sizeof errdir, "%s/errcache", dir);
	unit_write(dir, "c.yaml", "a: [1, 2\nb: c\n");
	for (int i = 0; i < 2; i++) {
		gc_errs errs;
		errs_init(&errs);
		assert_null(ydoc_load(path, errdir, &errs));
		assert_int_equal(errs.n, 1);
		assert_non_null(strstr(errs.msg[0], "c.yaml:2:2: YAML syntax error"));
		errs_free(&errs);
		assert_int_equal(tree_files(errdir, tree, sizeof tree), 0);
	}

	/* A cache directory that cannot be made: parsed, nothing written. */
	unit_write(dir, "c.yaml", text_x);
	snprintf(errdir, sizeof errdir, "%s/c.yaml/cache", dir);
	check_load(path, errdir, parsed);
	check_load(path, errdir, parsed);

	free(good);
	ydoc_free(parsed);
	unit_rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cache),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
