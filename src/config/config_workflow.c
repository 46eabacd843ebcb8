/* SPDX-License-Identifier: MIT */
/* config_workflow.c - the configuration's workflows: states, transitions, what each asks for.
 * Part of config_load (config.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <ctype.h>
#include <errno.h>
#include "config/config_int.h"
#include "gridcase/i18n.h"
#include "gridcase/text.h"

/* ---- workflows -------------------------------------------------------- */

void config_free_transition(gc_transition *t)
{
	free(t->key);
	free(t->label);
	free(t->from);
	free(t->roles);
	free(t->assign_roles);
	strv_free(t->fields, t->nfields);
	strv_free(t->requires, t->nrequires);
	strv_free(t->clear, t->nclear);
	free(t->count);
	free(t->extend);
	if (t->create) {
		free(t->create->form);
		free(t->create->link);
		free(t->create->at);
		strv_free(t->create->copy_to, t->create->ncopy);
		strv_free(t->create->copy_from, t->create->ncopy);
		strv_free(t->create->set_key, t->create->nset);
		strv_free(t->create->set_val, t->create->nset);
		free(t->create);
	}
}

/* create: {form, link, at, copy: {FIELD: FIELD}, set: {FIELD: VALUE}}; the
 * fields are checked against the forms by config_resolve_form. */
static void parse_create(loader *ld, const ynode *n, gc_transition *t)
{
	static const char *const keys[] = { "form", "link", "at", "copy", "set", NULL };
	const ynode *v;
	if (!yread_is(&ld->r, n, Y_MAP, "create: {form, link, at, copy, set}"))
		return;
	yread_keys(&ld->r, n, "create", keys);
	gc_create *c = t->create = xcalloc(1, sizeof *c);
	c->form = yread_text(&ld->r, n, "form");
	c->link = yread_text(&ld->r, n, "link");
	if ((v = ymap_get(n, "at")))
		c->at = yread_scalar(&ld->r, v, "at");
	for (int k = 0; k < 2; k++) {
		const ynode *m = ymap_get(n, k ? "set" : "copy");
		if (!m || !yread_is(&ld->r, m, Y_MAP, k ? "set: {FIELD: VALUE}" : "copy: {FIELD: FIELD}"))
			continue;
		char ***a = k ? &c->set_key : &c->copy_to, ***b = k ? &c->set_val : &c->copy_from;
		size_t *cnt = k ? &c->nset : &c->ncopy;
		*a = xcalloc(m->n / 2 + 1, sizeof **a);
		*b = xcalloc(m->n / 2 + 1, sizeof **b);
		for (size_t i = 0; i + 1 < m->n; i += 2)
			if (yread_is(&ld->r, m->items[i + 1], Y_SCALAR, k ? "set" : "copy")) {
				(*a)[*cnt] = xstrdup(m->items[i]->val);
				(*b)[(*cnt)++] = xstrdup(m->items[i + 1]->val);
			}
	}
}

/* A list of field keys (fields, requires, clear). */
static char **field_list(loader *ld, const ynode *v, const char *what, size_t *n)
{
	size_t cnt;
	const ynode **list = yread_list(&ld->r, v, what, &cnt);
	char **out = xcalloc(cnt ? cnt : 1, sizeof *out);
	*n = 0;
	for (size_t i = 0; i < cnt; i++)
		out[(*n)++] = xstrdup(list[i]->val);
	free(list);
	return out;
}

/* A state's edit: the roles that may edit the creator's fields in it
 * (a list, or none for nobody). */
static void pend_edit(loader *ld, gc_state *s, const ynode *v)
{
	s->has_edit = 1;
	if (v->kind == Y_SCALAR && !strcmp(v->val, "none"))
		return;
	config_pend_roles(ld, s, "state", s->key, &s->edit, &s->nedit, v);
}

static int state_ref(loader *ld, gc_workflow *wf, const ynode *n)
{
	if (!yread_is(&ld->r, n, Y_SCALAR, "state"))
		return -1;
	int i = config_state_index(wf, n->val);
	if (i < 0)
		yread_fail(&ld->r, n, "workflow '%s': undefined state '%s'", wf->key, n->val);
	return i;
}

static void parse_transition(loader *ld, gc_workflow *wf, const ynode *n, gc_transition *t)
{
	static const char *const keys[] = { "key", "from", "to", "label", "roles", "fields", "comment",
					    "when", "requires", "count", "extend", "clear", "by", "assign_roles", "create", NULL };
	const ynode *v;
	memset(t, 0, sizeof *t);
	t->to = -1;
	if (!yread_is(&ld->r, n, Y_MAP, "a transition"))
		return;
	yread_keys(&ld->r, n, "transition", keys);
	if (!(v = ymap_get(n, "to")))
		yread_fail(&ld->r, n, "workflow '%s': transition has no 'to' state (a state, or same)", wf->key);
	else if (v->kind == Y_SCALAR && !strcmp(v->val, "same"))
		t->stay = 1;
	else
		t->to = state_ref(ld, wf, v);
	if (!(v = ymap_get(n, "from"))) {
		yread_fail(&ld->r, n, "workflow '%s': transition has no 'from' (a state, a list of states, or any)", wf->key);
	} else if (v->kind == Y_SCALAR && !strcmp(v->val, "any")) {
		t->from_any = 1;
	} else {
		size_t cnt;
		const ynode **list = yread_list(&ld->r, v, "from", &cnt);
		t->from = xcalloc(cnt, sizeof *t->from);
		for (size_t i = 0; i < cnt; i++) {
			int s = state_ref(ld, wf, list[i]);
			if (s >= 0)
				t->from[t->nfrom++] = s;
		}
		free(list);
	}
	if ((v = ymap_get(n, "key")))
		t->key = yread_name(&ld->r, v, "transition key");
	else if (t->to >= 0)
		t->key = xstrdup(wf->states[t->to].key);
	else if (t->stay)
		yread_fail(&ld->r, n, "workflow '%s': a transition to the same state needs a key", wf->key);
	t->label = (v = ymap_get(n, "label")) ? yread_scalar(&ld->r, v, "label") : NULL;
	if (!t->label && t->key)
		t->label = xstrdup(t->key);
	if ((v = ymap_get(n, "roles")))
		config_pend_roles(ld, t, "transition", t->key, &t->roles, &t->nroles, v);
	if ((v = ymap_get(n, "assign_roles")))
		config_pend_roles(ld, t, "transition", t->key, &t->assign_roles, &t->nassign_roles, v);
	if ((v = ymap_get(n, "by")) && yread_is(&ld->r, v, Y_SCALAR, "by")) {
		if (!strcmp(v->val, "assignee"))
			t->by_assignee = 1;
		else if (strcmp(v->val, "role"))
			yread_fail(&ld->r, v, "by must be assignee or role, found '%s'", v->val);
	}
	if ((v = ymap_get(n, "fields")))
		t->fields = field_list(ld, v, "fields", &t->nfields);
	if ((v = ymap_get(n, "requires")))
		t->requires = field_list(ld, v, "requires", &t->nrequires);
	if ((v = ymap_get(n, "clear")))
		t->clear = field_list(ld, v, "clear", &t->nclear);
	if ((v = ymap_get(n, "count")) && yread_is(&ld->r, v, Y_SCALAR, "count"))
		t->count = xstrdup(v->val);
	if ((v = ymap_get(n, "create")))
		parse_create(ld, v, t);
	if ((v = ymap_get(n, "extend")) && yread_is(&ld->r, v, Y_SCALAR, "extend"))
		t->extend = xstrdup(v->val);
	if ((v = ymap_get(n, "when")) && yread_is(&ld->r, v, Y_SCALAR, "when")) {
		if (!strcmp(v->val, "overdue"))
			t->when_overdue = 1;
		else
			yread_fail(&ld->r, v, "when must be overdue, found '%s'", v->val);
	}
	if ((v = ymap_get(n, "comment")) && yread_is(&ld->r, v, Y_SCALAR, "comment")) {
		if (!strcmp(v->val, "required") || !strcmp(v->val, "true") || !strcmp(v->val, "yes"))
			t->comment_required = 1;
		else if (strcmp(v->val, "optional") && strcmp(v->val, "false") && strcmp(v->val, "no"))
			yread_fail(&ld->r, v, "comment must be required or optional, found '%s'", v->val);
	}
}

int transition_leaves(const gc_transition *t, int state)
{
	if (t->from_any)
		return 1;
	for (size_t i = 0; i < t->nfrom; i++)
		if (t->from[i] == state)
			return 1;
	return 0;
}

static void check_reachable(loader *ld, gc_workflow *wf, const ynode *states)
{
	if (wf->initial < 0)
		return;
	unsigned char *seen = xcalloc(wf->nstates, 1);
	int changed = 1;
	seen[wf->initial] = 1;
	while (changed) {
		changed = 0;
		for (size_t i = 0; i < wf->ntrans; i++) {
			gc_transition *t = &wf->trans[i];
			if (t->to < 0 || seen[t->to])
				continue;
			for (size_t s = 0; s < wf->nstates; s++)
				if (seen[s] && transition_leaves(t, (int)s)) {
					seen[t->to] = 1;
					changed = 1;
					break;
				}
		}
	}
	for (size_t s = 0; s < wf->nstates; s++)
		if (!seen[s])
			yread_fail(&ld->r, states->items[2 * s], "workflow '%s': state '%s' cannot be reached from the initial state '%s'",
			    wf->key, wf->states[s].key, wf->states[wf->initial].key);
	free(seen);
}

void config_parse_workflow(loader *ld, const ynode *keyn, const ynode *n, gc_workflow *wf)
{
	static const char *const keys[] = { "initial", "states", "transitions", "edit", NULL };
	static const char *const state_keys[] = { "label", "sla", "sla_by", "pause", "final", "edit", NULL };
	const ynode *v, *states;
	memset(wf, 0, sizeof *wf);
	wf->initial = -1;
	wf->key = yread_name(&ld->r, keyn, "workflow name");
	if (!wf->key)
		wf->key = xstrdup("?");
	if (!yread_is(&ld->r, n, Y_MAP, "a workflow"))
		return;
	yread_keys(&ld->r, n, "workflow", keys);
	if (!(states = ymap_get(n, "states"))) {
		yread_fail(&ld->r, n, "workflow '%s' has no states", wf->key);
		return;
	}
	if (!yread_is(&ld->r, states, Y_MAP, "states"))
		return;
	wf->states = xcalloc(states->n / 2 + 1, sizeof *wf->states);
	for (size_t i = 0; i + 1 < states->n; i += 2) {
		gc_state *s = &wf->states[wf->nstates++];
		const ynode *sn = states->items[i + 1];
		s->key = yread_name(&ld->r, states->items[i], "state");
		if (!s->key)
			s->key = xstrdup("?");
		s->label = xstrdup(s->key);
		if (sn->kind == Y_SCALAR && !*sn->val)
			continue;   /* "closed:" with nothing after it */
		if (!yread_is(&ld->r, sn, Y_MAP, "a state"))
			continue;
		yread_keys(&ld->r, sn, "state", state_keys);
		if ((v = ymap_get(sn, "label"))) {
			char *l = yread_scalar(&ld->r, v, "label");
			if (l) {
				free(s->label);
				s->label = l;
			}
		}
		if ((v = ymap_get(sn, "pause")))
			yread_bool(&ld->r, v, "pause", &s->pause);
		if ((v = ymap_get(sn, "final")))
			yread_bool(&ld->r, v, "final", &s->final);
		if ((v = ymap_get(sn, "edit")))
			pend_edit(ld, s, v);
		if ((v = ymap_get(sn, "sla")) && yread_is(&ld->r, v, Y_SCALAR, "sla")) {
			if (sla_parse(v->val, &ld->cfg->cal, &s->sla))
				yread_fail(&ld->r, v, "state '%s': bad time limit '%s' (expected e.g. 4wh, 15wd, 2h, 3d, 30m)",
				    s->key, v->val);
			else if (s->pause || s->final)
				yread_fail(&ld->r, v, "state '%s': a %s state has no time limit", s->key, s->pause ? "paused" : "final");
		}
		if ((v = ymap_get(sn, "sla_by")) && yread_is(&ld->r, v, Y_SCALAR, "sla_by")) {
			if (s->pause || s->final)
				yread_fail(&ld->r, v, "state '%s': a %s state has no time limit", s->key, s->pause ? "paused" : "final");
			else
				s->sla_by = xstrdup(v->val);   /* checked against each form using the workflow */
		}
	}
	yread_keys(&ld->r, states, "states", NULL);
	/* The workflow's edit: is every state's that has none of its own. */
	if ((v = ymap_get(n, "edit")))
		for (size_t i = 0; i < wf->nstates; i++)
			if (!wf->states[i].has_edit && !wf->states[i].final)
				pend_edit(ld, &wf->states[i], v);
	if (!(v = ymap_get(n, "initial")))
		yread_fail(&ld->r, n, "workflow '%s' has no initial state (add initial: STATE)", wf->key);
	else
		wf->initial = state_ref(ld, wf, v);
	if ((v = ymap_get(n, "transitions")) && yread_is(&ld->r, v, Y_SEQ, "transitions")) {
		wf->trans = xcalloc(v->n + 1, sizeof *wf->trans);
		for (size_t i = 0; i < v->n; i++) {
			gc_transition *t = &wf->trans[wf->ntrans];
			parse_transition(ld, wf, v->items[i], t);
			if (!t->key || (t->to < 0 && !t->stay)) {
				/* Already reported; drop it and its pending role lists. */
				config_unpend_roles(ld, t);
				config_free_transition(t);
				continue;
			}
			/* One key may leave several states, but never twice from one state. */
			for (size_t j = 0; j < wf->ntrans; j++) {
				gc_transition *o = &wf->trans[j];
				if (strcmp(o->key, t->key))
					continue;
				for (size_t s = 0; s < wf->nstates; s++)
					if (transition_leaves(o, (int)s) && transition_leaves(t, (int)s)) {
						yread_fail(&ld->r, v->items[i], "workflow '%s': transition '%s' leaves state '%s' twice; give one of them another key:",
						    wf->key, t->key, wf->states[s].key);
						break;
					}
			}
			wf->ntrans++;
		}
	}
	check_reachable(ld, wf, states);
}

