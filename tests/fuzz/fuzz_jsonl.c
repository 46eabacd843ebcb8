/* SPDX-License-Identifier: MIT */
/* fuzz_jsonl.c - libFuzzer target: the strict JSON reader on any bytes
 * (the whole input as one value, each line as a flat row), and the
 * writer's promise that what it writes from a row's values is valid JSON. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "gridcase/json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data, *end = p + size;
	char msg[300];
	gc_buf out;
	buf_init(&out);
	json_validate(p, size, msg, sizeof msg);
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p)), *e = nl ? nl : end;
		gc_kv *kv = NULL;
		size_t n = 0;
		if (json_parse_flat(p, (size_t)(e - p), &kv, &n, msg, sizeof msg) == 0) {
			buf_reset(&out);
			buf_addc(&out, '{');
			for (size_t i = 0; i < n; i++) {
				if (i)
					buf_addc(&out, ',');
				json_str(&out, kv[i].key);
				buf_addc(&out, ':');
				json_str(&out, kv[i].val);
			}
			buf_addc(&out, '}');
			if (json_validate(out.p, out.len, msg, sizeof msg))
				abort();   /* the writer wrote what the reader refuses */
			kv_free(kv, n);
		}
		p = nl ? nl + 1 : end;
	}
	buf_free(&out);
	return 0;
}
