/* test_text.c - UTF-8 input checks, display width and neutralising text. */
#include "unit.h"
#include "gridcase/text.h"

static void refusals(void **s)
{
	(void)s;
	assert_null(text_refusal("网格员张三", strlen("网格员张三"), 0));
	assert_non_null(text_refusal("a\nb", 3, 0));
	assert_null(text_refusal("a\nb\tc", 5, 1));
	assert_non_null(text_refusal("a\x1b[31mb", 7, 1));
	assert_non_null(text_refusal("\x7f", 1, 1));
	assert_non_null(text_refusal("\xc2\x9b", 2, 1));           /* C1 CSI */
	assert_non_null(text_refusal("\xe2\x80\xae", 3, 1));        /* RLO */
	assert_non_null(text_refusal("\xe2\x81\xa6", 3, 1));        /* LRI */
	assert_non_null(text_refusal("\xff", 1, 0));
	assert_non_null(text_refusal("\xc0\xaf", 2, 0));            /* overlong '/' */
	assert_non_null(text_refusal("\xed\xa0\x80", 3, 0));        /* surrogate */
	assert_string_equal(text_refusal("\xe2\x80\xae", 3, 0), "contains a bidirectional override character");
}

static void widths(void **s)
{
	(void)s;
	assert_int_equal(text_width("abc", 3), 3);
	assert_int_equal(text_width("网格", strlen("网格")), 4);
	assert_int_equal(utf8_chars("网格a", strlen("网格a")), 3);
	assert_int_equal(utf8_chars("\xe7\xbd", 2), -1);
}

static void fit_never_cuts_a_glyph(void **s)
{
	(void)s;
	gc_buf b;
	buf_init(&b);
	/* 5 columns: two wide glyphs (4) and no half of the third. */
	assert_int_equal(text_fit(&b, "网格员", strlen("网格员"), 5, 0), 4);
	assert_string_equal(b.p, "网格");
	buf_reset(&b);
	assert_int_equal(text_fit(&b, "网格员", strlen("网格员"), 5, 1), 5);
	assert_string_equal(b.p, "网格 ");
	buf_free(&b);
}

static void sanitize_shows_controls(void **s)
{
	(void)s;
	gc_buf b;
	buf_init(&b);
	const char *evil = "t\x1b]0;pwned\x07\xc2\x9b" "2J\xe2\x80\xae" "x\xff";
	text_sanitize(&b, evil, strlen(evil), 0);
	assert_string_equal(b.p, "t<1b>]0;pwned<07><9b>2J<202e>x\\xff");
	for (size_t i = 0; i < b.len; i++)
		assert_true((unsigned char)b.p[i] >= 0x20 && (unsigned char)b.p[i] != 0x7f);
	buf_reset(&b);
	text_sanitize(&b, "a\nb", 3, 1);
	assert_string_equal(b.p, "a\nb");
	buf_free(&b);
}

int main(void)
{
	unit_locale();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(refusals),
		cmocka_unit_test(widths),
		cmocka_unit_test(fit_never_cuts_a_glyph),
		cmocka_unit_test(sanitize_shows_controls),
	};
	return cmocka_run_group_tests_name("text", tests, NULL, NULL);
}
