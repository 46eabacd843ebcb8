/* SPDX-License-Identifier: MIT */
/* demo_staff.c - who does what in each place of the demo district, so
 * the demo keeps the rules a real district keeps (access.c): each step is
 * taken by someone whose role may take it and whose area holds the case,
 * and a case goes only to someone who can see it. Worked out once per
 * node, before a million cases are built on other threads. */
#include <stdlib.h>
#include "demo/demo_int.h"

static int role_in(const int *roles, size_t n, int role)
{
	if (!n)
		return 1;
	for (size_t i = 0; i < n; i++)
		if (roles[i] == role)
			return 1;
	return 0;
}

void demo_staff_init(demo_staff *s, gc_ctx *ctx, const gc_workflow *wf, const uint32_t *nodes, size_t n)
{
	const gc_config *cfg = ctx->cfg;
	size_t nt = wf->ntrans;
	s->wf = wf;
	s->nnodes = n;
	s->taker = xcalloc(n * nt + 1, sizeof *s->taker);
	s->assignees = xcalloc(n * nt + 1, sizeof *s->assignees);
	s->nassignees = xcalloc(n * nt + 1, sizeof *s->nassignees);
	const gc_user **here = xcalloc(cfg->nusers + 1, sizeof *here);
	for (size_t g = 0; g < n; g++) {
		/* The people whose area holds this node, most local first (the
		 * configuration lists the named demo people, then the staff). */
		size_t nh = 0;
		for (size_t u = 0; u < cfg->nusers; u++)
			if (!cfg->roles[cfg->users[u].role].admin && core_user_sees(ctx, &cfg->users[u], nodes[g]))
				here[nh++] = &cfg->users[u];
		for (size_t k = 0; k < nt; k++) {
			const gc_transition *t = &wf->trans[k];
			size_t at = g * nt + k;
			for (size_t u = 0; u < nh && !s->taker[at]; u++)
				if (role_in(t->roles, t->nroles, here[u]->role))
					s->taker[at] = here[u]->login;
			if (!transition_writes(t, config_assignee.key))
				continue;
			s->assignees[at] = xcalloc(nh + 1, sizeof **s->assignees);
			for (size_t u = 0; u < nh; u++)
				if (role_in(t->assign_roles, t->nassign_roles, here[u]->role))
					s->assignees[at][s->nassignees[at]++] = here[u]->login;
		}
	}
	free(here);
}

void demo_staff_free(demo_staff *s)
{
	for (size_t i = 0; s->assignees && i < s->nnodes * s->wf->ntrans; i++)
		free(s->assignees[i]);
	free(s->assignees);
	free(s->taker);
	free(s->nassignees);
}

const char *demo_taker(const demo_staff *s, size_t i, const gc_transition *t)
{
	return s->taker[i * s->wf->ntrans + (size_t)(t - s->wf->trans)];
}

const char *const *demo_assignees(const demo_staff *s, size_t i, const gc_transition *t, size_t *n)
{
	size_t at = i * s->wf->ntrans + (size_t)(t - s->wf->trans);
	*n = s->nassignees[at];
	return s->assignees[at];
}
