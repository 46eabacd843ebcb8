/* SPDX-License-Identifier: MIT */
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
	/* Three-byte CJK is taken without a decode call: its edges still refused. */
	assert_non_null(text_refusal("标\xed\xa0\x80", 6, 0));      /* a surrogate after CJK */
	assert_non_null(text_refusal("标\xe6\xa0", 5, 0));           /* cut short */
	assert_non_null(text_refusal("标\xe6\xa0x", 6, 0));          /* not a continuation byte */
	assert_non_null(text_refusal("标\xe6x\x80", 6, 0));
	assert_null(text_refusal("\xe4\xb8\x80\xee\xbf\xbf", 6, 0));  /* U+4E00, U+EFFF */
	assert_string_equal(text_refusal("标题\x7f", 7, 0), "contains the control character DEL (U+007F) at character 3");
	assert_string_equal(text_refusal("\xe2\x80\xae", 3, 0),
			    "contains U+202E RIGHT-TO-LEFT OVERRIDE, a bidirectional control character at character 1");
}

/* One refused code point of each class, in the middle of Chinese text,
 * and the words its message must have. */
static void refuses_each_class(void **s)
{
	(void)s;
	static const struct { const char *utf8; size_t len; const char *says; } bad[] = {
		{ "ab\0cd", 5, "contains a NUL byte at character 3" },
		{ "标\x01题", 7, "control character U+0001" },
		{ "标\x1b[2J", 7, "control character U+001B" },
		{ "标\r题", 7, "control character U+000D" },       /* a CR without its LF */
		{ "标\x7f", 4, "DEL (U+007F)" },
		{ "标\xc2\x85", 5, "C1 control character U+0085" },
		{ "标\xc2\x9f", 5, "C1 control character U+009F" },
		{ "标\xd8\x9c", 5, "U+061C ARABIC LETTER MARK, a bidirectional control" },
		{ "标\xe2\x80\x8e", 6, "U+200E LEFT-TO-RIGHT MARK, a bidirectional" },
		{ "标\xe2\x80\x8f", 6, "U+200F RIGHT-TO-LEFT MARK" },
		{ "标\xe2\x80\xaa", 6, "U+202A" },
		{ "标\xe2\x80\xac", 6, "U+202C POP DIRECTIONAL FORMATTING" },
		{ "标\xe2\x81\xa9", 6, "U+2069 POP DIRECTIONAL ISOLATE" },
		{ "标\xe2\x80\x8b题", 9, "U+200B ZERO WIDTH SPACE, an invisible character at character 2" },
		{ "标\xe2\x80\x8c题", 9, "U+200C ZERO WIDTH NON-JOINER" },
		{ "标\xe2\x80\x8d题", 9, "U+200D ZERO WIDTH JOINER outside an emoji sequence" },
		{ "标\xe2\x81\xa0题", 9, "U+2060 WORD JOINER" },
		{ "标\xe2\x81\xa3题", 9, "U+2063 INVISIBLE SEPARATOR" },
		{ "标\xe2\x81\xaa题", 9, "U+206A, an invisible format character" },
		{ "标\xef\xbb\xbf题", 9, "U+FEFF ZERO WIDTH NO-BREAK SPACE" },
		{ "\xef\xbb\xbf题", 6, "U+FEFF" },                     /* a BOM is a file's, not a value's */
		{ "标\xc2\xad题", 8, "U+00AD SOFT HYPHEN" },
		{ "标\xe1\xa0\x8e题", 9, "U+180E MONGOLIAN VOWEL SEPARATOR" },
		{ "标\xe3\x85\xa4题", 9, "U+3164 HANGUL FILLER" },
		{ "标\xe2\x80\xa8题", 9, "U+2028 LINE SEPARATOR" },
		{ "标\xf3\xa0\x80\x81", 7, "U+E0001, an invisible format character" },   /* LANGUAGE TAG */
		{ "标\xf3\xa0\x81\xa1", 7, "U+E0061" },                 /* TAG LATIN SMALL LETTER A */
		{ "标\xf3\xa0\x81\xbf", 7, "U+E007F" },                 /* CANCEL TAG */
		{ "标\xff", 4, "is not valid UTF-8 (byte 0xFF) at character 2" },
		{ "标\xe7\xbd", 5, "is not valid UTF-8" },              /* cut in the middle */
		{ "\xf4\x90\x80\x80", 4, "is not valid UTF-8" },        /* past U+10FFFF */
	};
	for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
		const char *why = text_refusal(bad[i].utf8, bad[i].len, 1);
		if (!why || !strstr(why, bad[i].says))
			fail_msg("case %zu: wanted '%s', got '%s'", i, bad[i].says, why ? why : "(accepted)");
	}
	/* One line of text: newline and tab are refused too, and say so. */
	assert_non_null(strstr(text_refusal("a\tb", 3, 0), "contains a tab"));
	assert_non_null(strstr(text_refusal("a\r\nb", 4, 0), "U+000D"));
	assert_null(text_refusal("a\r\nb", 4, 1));                  /* CRLF from a spreadsheet */
}

/* What must stay accepted: the scripts and symbols of real data. */
static void accepts_real_text(void **s)
{
	(void)s;
	static const char *const good[] = {
		"幸福路12号楼道堆物", "𠀀𪚥", "（全角）：、。《》", "ＡＢＣ１２３", "Ünïcödé café",
		"👍", "👍🏽", "❤️", "🇨🇳",
		"👨\xe2\x80\x8d👩\xe2\x80\x8d👧",                 /* a family: ZWJ between emoji */
		"👩🏽\xe2\x80\x8d💻",                                 /* skin tone, ZWJ, laptop */
		"🏳️\xe2\x80\x8d🌈",                                 /* VS16 before the ZWJ */
		"葛\xf3\xa0\x84\x80",                                /* an ideographic variation selector */
		"\xe1\xa0\xa0\xe1\xa0\x8b",                          /* Mongolian with a free variation selector */
		"\xee\x80\x80",                                       /* private use (GB18030 maps some there) */
		"tab\tand\nnewline",
	};
	for (size_t i = 0; i < ARRAY_LEN(good); i++) {
		const char *why = text_refusal(good[i], strlen(good[i]), 1);
		if (why)
			fail_msg("'%s' refused: %s", good[i], why);
	}
	assert_non_null(text_refusal("a\xe2\x80\x8d👍", strlen("a\xe2\x80\x8d👍"), 0));   /* a letter before */
	assert_non_null(text_refusal("👍\xe2\x80\x8d", strlen("👍\xe2\x80\x8d"), 0));     /* nothing after */
	assert_non_null(text_refusal("\xe2\x80\x8d👍", strlen("\xe2\x80\x8d👍"), 0));     /* nothing before */
}

/* The display side: what is refused is drawn as a placeholder. */
static void dangerous_is_drawn_visibly(void **s)
{
	(void)s;
	assert_true(text_is_dangerous(0x200B));
	assert_true(text_is_dangerous(0xFEFF));
	assert_true(text_is_dangerous(0x200F));
	assert_true(text_is_dangerous(0xE0041));
	assert_false(text_is_dangerous(0x200D));   /* emoji need it */
	assert_false(text_is_dangerous(0x7F51));   /* 网 */
	gc_buf b;
	buf_init(&b);
	text_sanitize(&b, "a\xe2\x80\x8b" "b", 5, 0);
	assert_string_equal(b.p, "a<200b>b");
	buf_free(&b);
}

static void widths(void **s)
{
	(void)s;
	assert_int_equal(text_width("abc", 3), 3);
	assert_int_equal(text_width("网格", strlen("网格")), 4);
	assert_int_equal(utf8_chars("网格a", strlen("网格a")), 3);
	assert_int_equal(utf8_chars("\xe7\xbd", 2), -1);
	assert_int_equal(utf8_chars("网\xed\xa0\x80", 6), -1);   /* a surrogate after CJK */
	assert_int_equal(utf8_chars("网\xe4\xb8\x80\xee\xbf\xbf", 9), 3);
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

/* Where a row wraps: whole glyphs only, a combining mark kept with its
 * letter, an escape as wide as its placeholder. */
static void fit_len_wraps_whole_glyphs(void **s)
{
	(void)s;
	assert_int_equal(text_fit_len("网格员", strlen("网格员"), 5), 6);      /* two of three */
	assert_int_equal(text_fit_len("A网格员", strlen("A网格员"), 4), 4);    /* A and one */
	assert_int_equal(text_fit_len("e\xcc\x81x", 4, 1), 3);                /* e + U+0301 */
	assert_int_equal(text_fit_len("\x1b[", 2, 3), 0);                     /* <1b> is 4 wide */
	assert_int_equal(text_fit_len("ab", 2, 10), 2);
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

/* GB18030 as Chinese Excel saves it: two- and four-byte sequences, the
 * C library's iconv; UTF-8 validity of a whole file. */
static void gb18030(void **s)
{
	(void)s;
	const char gb[] = "code,\xcd\xf8\xb8\xf1\xa2\xe3\x95\x32\x82\x36\r\n";   /* 网格€𠀀 */
	gc_buf out;
	size_t bad_at = 99;
	buf_init(&out);
	assert_int_equal(utf8_valid_prefix(gb, sizeof gb - 1), 5);     /* "code," */
	assert_int_equal(text_from_gb18030(gb, sizeof gb - 1, &out, &bad_at), 0);
	assert_string_equal(out.p, "code,网格€𠀀\r\n");
	assert_int_equal(utf8_valid_prefix(out.p, out.len), out.len);
	buf_reset(&out);
	/* 0x80 alone, and a lead byte with no trail, are not GB18030. */
	assert_int_equal(text_from_gb18030("ab\x80" "cd", 5, &out, &bad_at), -1);
	assert_int_equal(bad_at, 2);
	assert_string_equal(out.p, "ab");
	buf_reset(&out);
	assert_int_equal(text_from_gb18030("ab\xcd", 3, &out, &bad_at), -1);
	assert_int_equal(bad_at, 2);
	buf_free(&out);
	assert_int_equal(utf8_valid_prefix("网格", strlen("网格")), strlen("网格"));
	assert_int_equal(utf8_valid_prefix("a\xe7\xbd", 3), 1);
	assert_int_equal(utf8_valid_prefix("网\xed\xa0\x80", 6), 3);   /* a surrogate after CJK */
	assert_int_equal(utf8_valid_prefix("网\xe6x\x80", 6), 3);
	assert_int_equal(utf8_valid_prefix("a\0b", 3), 3);   /* NUL is UTF-8: the text rule refuses it per cell */
}

int main(void)
{
	unit_locale();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(refusals),
		cmocka_unit_test(refuses_each_class),
		cmocka_unit_test(accepts_real_text),
		cmocka_unit_test(dangerous_is_drawn_visibly),
		cmocka_unit_test(widths),
		cmocka_unit_test(fit_never_cuts_a_glyph),
		cmocka_unit_test(fit_len_wraps_whole_glyphs),
		cmocka_unit_test(sanitize_shows_controls),
		cmocka_unit_test(gb18030),
	};
	return cmocka_run_group_tests_name("text", tests, NULL, NULL);
}
