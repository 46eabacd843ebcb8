/* SPDX-License-Identifier: MIT */
/* text.h - UTF-8 checks, display width and neutralising stored text. */
#ifndef GRIDCASE_TEXT_H
#define GRIDCASE_TEXT_H

#include <stddef.h>
#include <stdint.h>
#include "gridcase/util.h"

/* Decode one UTF-8 sequence at s (n bytes available). Returns its length and
 * stores the code point, or returns 0 for an invalid or truncated sequence. */
size_t utf8_decode(const char *s, size_t n, uint32_t *cp);
/* Append code point cp as UTF-8 (the caller has checked it is a scalar value). */
void utf8_encode(gc_buf *b, uint32_t cp);

/* Bytes of the longest valid UTF-8 start of s: n when all of it is. */
size_t utf8_valid_prefix(const char *s, size_t n);

/* Convert GB18030 (and so GBK and GB2312, what Chinese Excel and WPS save
 * as "CSV") to UTF-8 with the C library's iconv, appending to out. Returns
 * 0, or -1 with *bad_at the offset of the first byte that is not GB18030
 * (out then holds the text before it). */
int text_from_gb18030(const char *s, size_t n, gc_buf *out, size_t *bad_at);

/* Number of code points, or -1 when s is not valid UTF-8. */
long utf8_chars(const char *s, size_t n);

/* The text rule, the one check every entry applies (CLI arguments, CSV and
 * JSON Lines cells, configuration text, what the UI saves): why text is
 * refused, or NULL when it is acceptable. Refused: invalid UTF-8, NUL, C0
 * controls (newline, tab and CRLF allowed only when multiline), DEL, C1
 * controls, Bidi_Control characters and invisible format characters (a
 * ZERO WIDTH JOINER only between two emoji); see docs/configuration.md.
 * The message names the character and its position ("contains U+200B ZERO
 * WIDTH SPACE, an invisible character at character 3"); it lives in a
 * per-thread buffer that the next call overwrites. */
const char *text_refusal(const char *s, size_t n, int multiline);

/* True for code points that must never reach a terminal raw: every code
 * point the text rule refuses, but the joiner (drawn as itself). */
int text_is_dangerous(uint32_t cp);

/* Display columns of a code point (0, 1 or 2); dangerous ones count as the
 * width of their placeholder. */
int text_cp_width(uint32_t cp);

/* Display columns of a string as text_fit would draw it. */
int text_width(const char *s, size_t n);

/* Append s to out, neutralised: control and bidi characters become a visible
 * placeholder ("?" style "<1b>"), invalid bytes become "\xNN". Newlines become
 * a space unless keep_newlines. */
void text_sanitize(gc_buf *out, const char *s, size_t n, int keep_newlines);

/* Append at most cols display columns of s, neutralised, never half a wide
 * glyph; pads with spaces to exactly cols when pad. Returns columns used. */
int text_fit(gc_buf *out, const char *s, size_t n, int cols, int pad);

/* How many bytes of s text_fit would draw in cols columns: where a line of
 * text wraps by display width (a zero-width mark stays with its glyph). */
size_t text_fit_len(const char *s, size_t n, int cols);

#endif
