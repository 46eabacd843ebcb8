/* SPDX-License-Identifier: MIT */
/* replay.c - runs a fuzz target's function once on each file named, without
 * libFuzzer: make check replays every regression input (and the seeds)
 * through the normal and the sanitizer builds. Prints "replayed N". */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include "gridcase/util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int main(int argc, char **argv)
{
	int n = 0;
	for (int i = 1; i < argc; i++) {
		FILE *f = fopen(argv[i], "rb");
		if (!f) {
			perror(argv[i]);
			return 1;
		}
		gc_buf b;
		char chunk[65536];
		size_t got;
		buf_init(&b);
		while ((got = fread(chunk, 1, sizeof chunk, f)) > 0)
			buf_add(&b, chunk, got);
		fclose(f);
		LLVMFuzzerTestOneInput((const uint8_t *)(b.p ? b.p : ""), b.len);
		buf_free(&b);
		n++;
	}
	printf("replayed %d\n", n);
	return 0;
}
