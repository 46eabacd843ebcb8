/* SPDX-License-Identifier: MIT */
/* demo.h - a deterministic demo district made from the configuration's
 * demo: section (config/demo.yaml): the tree, its base data and records in
 * every state. Nothing about the district is written in the program. */
#ifndef GRIDCASE_DEMO_H
#define GRIDCASE_DEMO_H

#include "gridcase/core.h"

typedef struct demo_report {
	size_t nodes[GC_MAX_DEPTH + 1];      /* per level, the root's first */
	size_t nlevels;
	uint64_t cases;
	uint64_t records;       /* of the other kinds, projects included */
	double seconds_cases;   /* time spent writing cases */
} demo_report;

/* Fill an empty database. The tree is always the same; seed decides the
 * cases. Refuses a database that already has nodes. */
int core_demo(gc_ctx *ctx, uint64_t cases, uint64_t seed, demo_report *rep);

#endif
