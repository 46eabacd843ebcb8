/* SPDX-License-Identifier: MIT */
/* fuzz_xlsx.c - libFuzzer target: the XLSX reader (libzip, expat) on any
 * bytes, with a small part limit so no input can take much memory. */
#include <stdint.h>
#include <stdlib.h>
#include "gridcase/xlsx.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char msg[300];
	xlsx_sheet *s = xlsx_read((const char *)data, size, (size_t)16 << 20, msg, sizeof msg);
	if (!s)
		return 0;
	csv_row row = { 0 };
	for (size_t i = 0; i < xlsx_nrows(s) && i < 1000; i++)
		xlsx_row(s, i, &row);
	csv_row_free(&row);
	xlsx_free(s);
	return 0;
}
