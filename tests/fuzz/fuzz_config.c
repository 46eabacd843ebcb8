/* SPDX-License-Identifier: MIT */
/* fuzz_config.c - libFuzzer target: the configuration loader (libyaml, the
 * YAML tree, every section's checks) on any bytes as one configuration
 * file, twice: the second load reads the tree the first one put in the
 * cache (src/format/ycache.c) and must say exactly the same. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <unistd.h>
#include "gridcase/config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The messages of one load, joined, and whether it gave a configuration. */
static char *load(const char *path, int *got)
{
	gc_errs errs;
	errs_init(&errs);
	gc_config *cfg = config_load(path, &errs);
	*got = cfg != NULL;
	if (cfg)
		config_free(cfg);
	gc_buf b;
	buf_init(&b);
	for (size_t i = 0; i < errs.n; i++)
		buf_printf(&b, "%s\n", errs.msg[i]);
	errs_free(&errs);
	return b.p ? b.p : xstrdup("");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char path[64], cache[64], sub[96];
	if (!*path) {
		snprintf(path, sizeof path, "/tmp/gridcase-fuzz-%ld.yaml", (long)getpid());
		snprintf(cache, sizeof cache, "/tmp/gridcase-fuzz-cache-%ld", (long)getpid());
		snprintf(sub, sizeof sub, "%s/gridcase", cache);
		setenv("XDG_CACHE_HOME", cache, 1);
	}
	FILE *f = fopen(path, "wb");
	if (!f)
		return 0;
	fwrite(data, 1, size, f);
	fclose(f);
	int got1, got2;
	char *m1 = load(path, &got1), *m2 = load(path, &got2);
	if (got1 != got2 || strcmp(m1, m2)) {
		fprintf(stderr, "parsed and cached loads differ:\n%s---\n%s", m1, m2);
		abort();
	}
	free(m1);
	free(m2);
	DIR *d = opendir(sub);   /* one input's tree at a time */
	struct dirent *de;
	while (d && (de = readdir(d))) {
		char p[400];
		if (de->d_name[0] == '.')
			continue;
		snprintf(p, sizeof p, "%s/%s", sub, de->d_name);
		unlink(p);
	}
	if (d)
		closedir(d);
	unlink(path);
	return 0;
}
