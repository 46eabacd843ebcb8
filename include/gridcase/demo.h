/* demo.h - a deterministic demo district: nodes and cases in every state. */
#ifndef GRIDCASE_DEMO_H
#define GRIDCASE_DEMO_H

#include "gridcase/core.h"

typedef struct demo_report {
	size_t streets, communities, grids;
	uint64_t cases;
	double seconds_cases;   /* time spent writing cases */
} demo_report;

/* Fill an empty database. The tree is always the same; seed decides the
 * cases. Refuses a database that already has nodes. */
int core_demo(gc_ctx *ctx, uint64_t cases, uint64_t seed, demo_report *rep);

#endif
