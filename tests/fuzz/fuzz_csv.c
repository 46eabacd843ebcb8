/* SPDX-License-Identifier: MIT */
/* fuzz_csv.c - libFuzzer target: the CSV reader on any bytes, and the
 * writer's promise that every field it writes reads back the same (the
 * formula guard removed again). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "gridcase/csv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	csv_reader r, back;
	csv_row row = { 0 }, again = { 0 };
	char msg[200];
	gc_buf out;
	int rc, rows = 0;
	buf_init(&out);
	csv_open(&r, (const char *)data, size);
	while ((rc = csv_next(&r, &row, msg, sizeof msg)) != 0 && rows++ < 10000) {
		if (rc < 0)
			continue;
		/* A byte order mark first, as the reader skips one at the start:
		 * a first field that begins with U+FEFF keeps it. */
		buf_reset(&out);
		buf_adds(&out, "\xEF\xBB\xBF");
		for (size_t i = 0; i < row.n; i++)
			if (!memchr(row.f[i], 0, row.len[i]))   /* the writer takes C strings */
				csv_field(&out, row.f[i], i + 1 == row.n);
			else
				csv_field(&out, "", i + 1 == row.n);
		csv_open(&back, out.p, out.len);
		if (csv_next(&back, &again, msg, sizeof msg) != 1 || again.n != row.n)
			abort();
		for (size_t i = 0; i < row.n; i++) {
			csv_unguard(again.f[i]);
			if (!memchr(row.f[i], 0, row.len[i]) && strcmp(again.f[i], row.f[i]))
				abort();
		}
	}
	csv_row_free(&row);
	csv_row_free(&again);
	buf_free(&out);
	return 0;
}
