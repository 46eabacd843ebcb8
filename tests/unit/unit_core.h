/* SPDX-License-Identifier: MIT */
/* unit_core.h - the core's unit tests share one fixture: the default
 * configuration, an empty demo district (its tree, no cases) in a real
 * LMDB file, the clock on a Monday morning, and opening it as someone. */
#ifndef GRIDCASE_UNIT_CORE_H
#define GRIDCASE_UNIT_CORE_H

#include "unit.h"
#include "gridcase/core.h"
#include "gridcase/demo.h"

static char *dir;
static gc_config *cfg;
static char dbpath[600];

static gc_ctx *open_as(const char *login)
{
	gc_ctx *ctx;
	gc_errs e;
	errs_init(&e);
	int rc = core_open(&ctx, cfg, dbpath, login, 1, &e);
	for (size_t i = 0; i < e.n; i++)
		fprintf(stderr, "%s\n", e.msg[i]);
	assert_int_equal(rc, 0);
	errs_free(&e);
	return ctx;
}

static int setup(void **state)
{
	(void)state;
	gc_errs e;
	errs_init(&e);
	dir = unit_tmpdir();
	snprintf(dbpath, sizeof dbpath, "%s/t.db", dir);
	cfg = config_load("config/demo", &e);   /* the demo district's configuration */
	assert_non_null(cfg);
	cal_apply_timezone(&cfg->cal);
	setenv("GRIDCASE_NOW", "2026-11-23T09:00:00+08:00", 1);   /* a Monday */
	gc_ctx *admin = open_as("admin");
	demo_report rep;
	assert_int_equal(core_demo(admin, 0, 1, &rep), 0);
	assert_true(rep.nlevels == 4 && rep.nodes[3] >= 500 && rep.nodes[2] >= 100 && rep.nodes[1] >= 10);
	core_close(admin);
	errs_free(&e);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	config_free(cfg);
	unit_rmdir(dir);
	unsetenv("GRIDCASE_NOW");
	return 0;
}

#endif
