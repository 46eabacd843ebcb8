/* SPDX-License-Identifier: MIT */
/* test_ngram.c - the search index's grams (src/core/ngram.c): bigrams of
 * Chinese, Latin (lowered) and mixed text, quads of digit runs, and the
 * grams a query walks (a one-character query has none: it is a scan). */
#include "unit.h"
#include "core/ngram.h"

typedef struct grams {
	char s[64][NGRAM_MAX + 3];
	size_t n;
} grams;

static void keep(const ngram *g, void *arg)
{
	grams *v = arg;
	if (v->n < 64)
		snprintf(v->s[v->n++], sizeof v->s[0], "%c:%.*s", g->tag, (int)g->len, g->g);
}

static grams index_of(const char *s)
{
	grams v;
	v.n = 0;
	ngram_index(s, strlen(s), keep, &v);
	return v;
}

static int has(const grams *v, const char *g)
{
	for (size_t i = 0; i < v->n; i++)
		if (!strcmp(v->s[i], g))
			return 1;
	return 0;
}

static void chinese_bigrams(void **state)
{
	(void)state;
	grams v = index_of("楼道堆物");
	assert_int_equal(v.n, 3);
	assert_string_equal(v.s[0], "g:楼道");
	assert_string_equal(v.s[1], "g:道堆");
	assert_string_equal(v.s[2], "g:堆物");
	v = index_of("楼");
	assert_int_equal(v.n, 0);
}

static void latin_lowered(void **state)
{
	(void)state;
	grams v = index_of("Mill Lane");
	assert_int_equal(v.n, 8);
	assert_true(has(&v, "g:mi") && has(&v, "g:l ") && has(&v, "g: l") && has(&v, "g:ne"));
	assert_false(has(&v, "g:Mi"));
}

static void digits_have_quads(void **state)
{
	(void)state;
	grams v = index_of("13812345678");
	assert_int_equal(v.n, 10 + 8);   /* ten bigrams, eight quads */
	assert_true(has(&v, "q:1381") && has(&v, "q:5678") && has(&v, "g:13") && has(&v, "g:78"));
	v = index_of("12号");   /* three digits: no quad */
	assert_int_equal(v.n, 2);
	assert_true(has(&v, "g:12") && has(&v, "g:2号"));
}

static void mixed_text(void **state)
{
	(void)state;
	grams v = index_of("幸福路12号A座");
	assert_true(has(&v, "g:路1") && has(&v, "g:号a") && has(&v, "g:a座"));
	assert_int_equal(v.n, 7);
}

static void query_grams(void **state)
{
	(void)state;
	ngram g[NGRAM_QUERY_MAX];
	size_t nch;
	/* Each gram a query walks is one the text it is part of has. */
	const char *text = "幸福路12号楼道堆放杂物，联系13812345678";
	const char *queries[] = { "幸福路12号", "楼道", "12345678", "3812", "路12", "联系138" };
	grams v = index_of(text);
	for (size_t q = 0; q < sizeof queries / sizeof *queries; q++) {
		size_t n = ngram_query(queries[q], g, NGRAM_QUERY_MAX, &nch);
		assert_true(n > 0 && n <= NGRAM_QUERY_MAX);
		for (size_t i = 0; i < n; i++) {
			char s[NGRAM_MAX + 3];
			snprintf(s, sizeof s, "%c:%.*s", g[i].tag, (int)g[i].len, g[i].g);
			assert_true(has(&v, s));
		}
	}
	/* A phone number walks quads, not its common digit bigrams. */
	size_t n = ngram_query("13812345678", g, NGRAM_QUERY_MAX, &nch);
	assert_int_equal(nch, 11);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(g[i].tag, NGRAM_QUAD);
	/* Latin queries are lowered as the text is. */
	n = ngram_query("LANE", g, NGRAM_QUERY_MAX, &nch);
	assert_int_equal(n, 3);
	assert_memory_equal(g[0].g, "la", 2);
	/* One character: no gram, the caller scans. */
	assert_int_equal(ngram_query("楼", g, NGRAM_QUERY_MAX, &nch), 0);
	assert_int_equal(nch, 1);
	/* A long query walks at most NGRAM_QUERY_MAX, the first and the last among them. */
	n = ngram_query("幸福路十二号楼道堆放杂物", g, NGRAM_QUERY_MAX, &nch);
	assert_int_equal(n, NGRAM_QUERY_MAX);
	assert_memory_equal(g[0].g, "幸福", g[0].len);
	assert_memory_equal(g[n - 1].g, "杂物", g[n - 1].len);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(chinese_bigrams),
		cmocka_unit_test(latin_lowered),
		cmocka_unit_test(digits_have_quads),
		cmocka_unit_test(mixed_text),
		cmocka_unit_test(query_grams),
	};
	return cmocka_run_group_tests_name("ngram", tests, NULL, NULL);
}
