/* match.h - matching two kinds of record (需求清单 and 资源清单 in the
 * default configuration) by a shared value and area, and, once both sides
 * accept a pair, creating a third record that links them (联建共建项目).
 * Everything is named by the configuration's matching: section. */
#ifndef GRIDCASE_MATCH_H
#define GRIDCASE_MATCH_H

#include "gridcase/core.h"

typedef struct match_pair {
	gc_record left, right;
	int left_accepted, right_accepted;   /* each side's own acceptance */
	int mine;                            /* sides the user may accept: 1 left, 2 right */
} match_pair;

/* Open pairs (neither side in a project, equal values, one area) of which
 * the user sees at least one side, under node (NULL: their scope). The
 * other side's record is shown across scopes on purpose: the lists are
 * there to be matched. */
int core_match_propose(gc_ctx *ctx, const gc_matching *m, const char *node, match_pair **out, size_t *n);
void match_pairs_free(match_pair *p, size_t n);

/* Accept a pair for the sides the user may see. When both sides have
 * accepted each other, the project is created in the same transaction and
 * its id stored in *project (else 0). */
int core_match_accept(gc_ctx *ctx, const gc_matching *m, uint64_t left, uint64_t right, uint64_t *project);

#endif
