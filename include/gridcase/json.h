/* SPDX-License-Identifier: MIT */
/* json.h - JSON per RFC 8259: a writer for JSON Lines export, a strict
 * reader of any value, and the flat objects JSON Lines rows are. */
#ifndef GRIDCASE_JSON_H
#define GRIDCASE_JSON_H

#include "gridcase/util.h"

/* Append s as a JSON string: valid UTF-8 only (an invalid byte becomes
 * \ufffd), controls and what the text rule refuses as \u escapes. */
void json_str(gc_buf *out, const char *s);

/* Whether text is one JSON value by RFC 8259 (any value: an object, an
 * array, a string, a number, true, false, null), with nothing but
 * whitespace around it. Refused: numbers outside the grammar (+1, -, 01,
 * .5, 1., 1eE2, 0.1.2), raw control characters and invalid UTF-8 inside
 * strings, bytes other than space, tab, CR and LF outside strings (NUL
 * included), invalid escapes, lone surrogates, nesting deeper than 512.
 * Duplicate keys are allowed here, as RFC 8259 allows them. Returns 0, or
 * -1 with msg "column C: why" ("line L, column C: why"). */
int json_validate(const char *text, size_t len, char *msg, size_t msgsize);

/* Parse one line holding a flat object into key/value pairs, by the same
 * grammar (numbers as they are written, true and false as their words,
 * null as ""). Refused besides: anything but an object, nested values,
 * \u0000 (no NUL can be stored) and duplicate keys (a reviewer's JSON
 * tool and the import could take different ones). Keys are linear in
 * number (duplicates found by sorting). Returns 0, or -1 with msg. */
int json_parse_flat(const char *line, size_t len, gc_kv **kv, size_t *n, char *msg, size_t msgsize);

#endif
