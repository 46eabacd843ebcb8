/* SPDX-License-Identifier: MIT */
/* fuzz_config.c - libFuzzer target: the configuration loader (libyaml, the
 * YAML tree, every section's checks) on any bytes as one configuration
 * file. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include "gridcase/config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char path[64];
	if (!*path) {
		snprintf(path, sizeof path, "/tmp/gridcase-fuzz-%ld.yaml", (long)getpid());
	}
	FILE *f = fopen(path, "wb");
	if (!f)
		return 0;
	fwrite(data, 1, size, f);
	fclose(f);
	gc_errs errs;
	errs_init(&errs);
	gc_config *cfg = config_load(path, &errs);
	if (cfg)
		config_free(cfg);
	errs_free(&errs);
	unlink(path);
	return 0;
}
