/* SPDX-License-Identifier: MIT */
/* demo_int.h - what the demo's files share: the random numbers and the
 * compiled templates (demo_tpl.c) and the bulk writer of cases
 * (demo_case.c). Not for anything outside src/demo/. */
#ifndef GRIDCASE_DEMO_INT_H
#define GRIDCASE_DEMO_INT_H

#include <time.h>
#include "gridcase/demo.h"
#include "core/core_int.h"

static inline double demo_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}


/* What a template's placeholders stand for in one case or node. */
typedef struct tpl_vars {
	const demo_cfg *d;
	const char *place, *kind, *node;
	unsigned number;
	char phone[16];
} tpl_vars;

/* A template compiled once: literal text and placeholders, so a million
 * cases do not parse it a million times. */
enum { T_TEXT, T_PLACE, T_KIND, T_NODE, T_NUMBER, T_PERSON, T_RANGE };
#define TPL_PARTS 32

typedef struct tpl_part {
	int kind;
	const char *text;          /* T_TEXT: points into the template */
	size_t len;
	unsigned lo, hi;           /* T_RANGE */
	int width;                 /* T_RANGE: digits, zero padded ({01-28}), or 1 */
} tpl_part;

typedef struct tpl {
	tpl_part part[TPL_PARTS];
	size_t n;
} tpl;

void tpl_compile(tpl *t, const char *s);
void tpl_expand(char *out, size_t cap, const tpl *t, const tpl_vars *v, uint64_t *s);
void tpl_expand_text(char *out, size_t cap, const char *template, const tpl_vars *v, uint64_t *s);

/* xorshift64*: small, fast and the same on every machine; rnd: 0 .. n-1. */
uint64_t rnd_next(uint64_t *s);
unsigned rnd(uint64_t *s, unsigned n);
/* Small string builders: snprintf costs more than the rest of a case. */
char *put_text(char *p, const char *s);
char *put_uint(char *p, unsigned v, int width);

/* The shortest path of transitions from the initial state to target, and
 * the final state furthest from the start, and the id the next new
 * record gets (demo_case.c). */
size_t demo_path_to(const gc_workflow *wf, int target, int *path, const gc_transition **via, size_t max);
int demo_furthest_final(const gc_workflow *wf);
uint64_t demo_next_id(gc_ctx *ctx);

/* Who does what in each place (demo_staff.c): per node and transition of
 * a workflow, the person who takes it there (someone whose role may and
 * whose area holds the node), and for a transition that assigns, the
 * people it may assign to. NULL and 0 when nobody: the demo's record then
 * stops before that step, as a real one would wait. */
typedef struct demo_staff {
	const gc_workflow *wf;
	size_t nnodes;
	const char **taker;          /* [node * ntrans + k] */
	const char ***assignees;     /* [node * ntrans + k]: NULL-ended */
	size_t *nassignees;
} demo_staff;
void demo_staff_init(demo_staff *s, gc_ctx *ctx, const gc_workflow *wf, const uint32_t *nodes, size_t n);
void demo_staff_free(demo_staff *s);
/* For the node at index i of the list given to init. */
const char *demo_taker(const demo_staff *s, size_t i, const gc_transition *t);
const char *const *demo_assignees(const demo_staff *s, size_t i, const gc_transition *t, size_t *n);

/* Every case, built on builder threads and written in bulk. */
int demo_make_cases(gc_ctx *ctx, const demo_cfg *d, const gc_form *form, uint64_t cases, uint64_t seed);

#endif
