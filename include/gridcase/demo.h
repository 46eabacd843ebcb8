/* demo.h - a deterministic demo district made from the configuration's
 * demo: section (config/demo.yaml): the tree, its base data and records in
 * every state. Nothing about the district is written in the program. */
#ifndef GRIDCASE_DEMO_H
#define GRIDCASE_DEMO_H

#include "gridcase/core.h"

/* Names of the nodes of one level: a list used in turn, or two lists
 * joined (the first by the parent's position, the second by the node's). */
typedef struct demo_names {
	char **a, **b;
	size_t na, nb;
} demo_names;

/* key: template. Templates hold text and {place} {number} {kind} {phone}
 * {person} {node} {N-M} (a whole number from N to M). */
typedef struct demo_kv {
	char *key, *tpl;
} demo_kv;

typedef struct demo_cfg {
	char *root_code, *root_name;
	size_t depth;                        /* levels below the root */
	int digits;                          /* a child's code: its parent's and this many digits (3) */
	unsigned children[GC_MAX_DEPTH];     /* per node of the level above */
	demo_names names[GC_MAX_DEPTH];
	demo_kv *attrs[GC_MAX_DEPTH];        /* base data per level below the root */
	size_t nattrs[GC_MAX_DEPTH];
	char **surnames, **given;            /* {person} */
	size_t nsurnames, ngiven;
	char **places;                       /* {place} */
	size_t nplaces;
	/* cases */
	char *form;                          /* the form of the cases */
	char *category;                      /* its choice field whose kinds give {kind} */
	char **wkeys;                        /* weights of the groups before '/' */
	unsigned *weights;
	size_t nweights;
	demo_kv *fields;                     /* field: template */
	size_t nfields;
	char *filled;                        /* a value for fields a transition requires */
	char *creator;                       /* template of the creator's login */
	/* other kinds of record, made one by one through the core */
	struct demo_records {
		char *form;
		int level;                       /* made under every node of this level */
		unsigned count;                  /* per node */
		demo_kv *fields, *done;          /* templates; values for fields transitions ask for */
		size_t nfields, ndone;
	} *records;
	size_t nrecords;
	unsigned match_percent;              /* share of proposed pairs accepted on both sides */
} demo_cfg;

/* Read the demo: section of a loaded configuration. Returns 0, GC_ENOTFOUND
 * when there is none, or GC_EDATA with file:line:col errors. */
int demo_config(const gc_config *cfg, demo_cfg *out, gc_errs *errs);
void demo_config_free(demo_cfg *d);

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
