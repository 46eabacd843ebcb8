/* SPDX-License-Identifier: MIT */
/* config_forms.c - the configuration's forms, roles and users, and the checks left for the end of a load.
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

/* ---- forms, roles, users --------------------------------------------- */

void config_parse_form(loader *ld, const ynode *keyn, const ynode *n, gc_form *f, pending_form *pf)
{
	static const char *const keys[] = { "label", "short", "at", "workflow", "title", "fields", "directory", NULL };
	const ynode *v;
	memset(f, 0, sizeof *f);
	f->title_field = -1;
	f->at_level = -1;
	pf->f = f;
	pf->node = n;
	f->key = yread_name(&ld->r, keyn, "form name");
	if (!f->key)
		f->key = xstrdup("?");
	if (!yread_is(&ld->r, n, Y_MAP, "a form"))
		return;
	yread_keys(&ld->r, n, "form", keys);
	f->label = (v = ymap_get(n, "label")) ? yread_scalar(&ld->r, v, "label") : NULL;
	if (!f->label)
		f->label = xstrdup(f->key);
	f->short_label = (v = ymap_get(n, "short")) ? yread_scalar(&ld->r, v, "short") : NULL;
	if (!f->short_label) {
		/* The label's first 4 columns, whole characters only. */
		size_t len = text_fit_len(f->label, strlen(f->label), 4);
		f->short_label = xstrndup(f->label, len);
	}
	if ((v = ymap_get(n, "directory")))
		yread_bool(&ld->r, v, "directory", &f->directory);
	pf->workflow = ymap_get(n, "workflow");
	pf->at = ymap_get(n, "at");
	pf->title = ymap_get(n, "title");
	char owner[96];
	snprintf(owner, sizeof owner, "form '%s'", f->key);
	if ((v = ymap_get(n, "fields")))
		config_parse_fields(ld, v, &f->fields, &f->nfields, owner);
	else
		yread_fail(&ld->r, n, "form '%s' has no fields", f->key);
}

/* A transition's create: names a form, this form's record field for it
 * (readonly: gridcase keeps it), a node field to make it at, and fields of
 * both forms to copy or set. */
static void check_create(loader *ld, pending_form *pf, const gc_transition *t)
{
	const gc_form *f = pf->f;
	const gc_create *c = t->create;
	const gc_form *to = c->form ? config_form(ld->cfg, c->form) : NULL;
	int li = c->link ? config_field_index(f, c->link) : -1;
	int ai = c->at ? config_field_index(f, c->at) : -2;
	if (!to)
		yread_fail(&ld->r, pf->workflow, "form '%s': transition '%s' creates undefined form '%s'", f->key, t->key,
			   c->form ? c->form : "");
	if (li < 0 || f->fields[li].type != FT_RECORD || !f->fields[li].readonly ||
	    (to && (!f->fields[li].form || strcmp(f->fields[li].form, to->key))))
		yread_fail(&ld->r, pf->workflow, "form '%s': transition '%s' links what it creates in '%s', which needs a readonly record field of form '%s'",
			   f->key, t->key, c->link ? c->link : "", c->form ? c->form : "");
	if (ai == -1 || (ai >= 0 && f->fields[ai].type != FT_NODE))
		yread_fail(&ld->r, pf->workflow, "form '%s': transition '%s' creates at '%s', which needs a node field", f->key,
			   t->key, c->at);
	for (size_t i = 0; to && i < c->ncopy + c->nset; i++) {
		const char *k = i < c->ncopy ? c->copy_to[i] : c->set_key[i - c->ncopy];
		if (config_field_index(to, k) < 0 || (i < c->ncopy && config_field_index(f, c->copy_from[i]) < 0))
			yread_fail(&ld->r, pf->workflow, "form '%s': transition '%s' fills '%s' of form '%s' from a field one of them does not define",
				   f->key, t->key, k, to->key);
	}
}

void config_resolve_form(loader *ld, pending_form *pf)
{
	gc_config *cfg = ld->cfg;
	gc_form *f = pf->f;
	const ynode *v;
	if (!(v = pf->at))
		yread_fail(&ld->r, pf->node, "form '%s' has no 'at' (the level its records hang under)", f->key);
	else if (yread_is(&ld->r, v, Y_SCALAR, "at") && (f->at_level = config_level_index(cfg, v->val)) < 0)
		yread_fail(&ld->r, v, "form '%s': undefined level '%s'", f->key, v->val);
	if ((v = pf->workflow) && yread_is(&ld->r, v, Y_SCALAR, "workflow")) {
		for (size_t i = 0; i < cfg->nworkflows; i++)
			if (!strcmp(cfg->workflows[i].key, v->val))
				f->wf = &cfg->workflows[i];
		if (!f->wf)
			yread_fail(&ld->r, v, "form '%s': undefined workflow '%s'", f->key, v->val);
	}
	if ((v = pf->title) && yread_is(&ld->r, v, Y_SCALAR, "title")) {
		f->title_field = config_field_index(f, v->val);
		if (f->title_field < 0)
			yread_fail(&ld->r, v, "form '%s': title names undefined field '%s'", f->key, v->val);
	}
	for (size_t i = 0; i < f->nfields; i++)
		if (f->fields[i].type == FT_RECORD && f->fields[i].form && config_form_index(cfg, f->fields[i].form) < 0)
			yread_fail(&ld->r, pf->node, "form '%s': field '%s' refers to undefined form '%s'", f->key,
			    f->fields[i].key, f->fields[i].form);
	/* Fields a transition requires must exist in every form using the workflow. */
	if (f->wf)
		for (size_t i = 0; i < f->wf->ntrans; i++)
			for (size_t j = 0; j < f->wf->trans[i].nfields; j++) {
				const char *k = f->wf->trans[i].fields[j];
				if (!config_slot(f, k))
					yread_fail(&ld->r, pf->workflow, "form '%s': transition '%s' of workflow '%s' requires field '%s', which the form does not define",
					    f->key, f->wf->trans[i].key, f->wf->key, k);
			}
	/* What a transition counts, extends by, requires or clears must be a
	 * field of every form using the workflow, of the right type. */
	for (size_t i = 0; f->wf && i < f->wf->ntrans; i++) {
		const gc_transition *t = &f->wf->trans[i];
		const char *refs[2] = { t->count, t->extend };
		const char *what[2] = { "count", "extend" };
		for (int k = 0; k < 2; k++) {
			int fi = refs[k] ? config_field_index(f, refs[k]) : -2;
			if (fi == -1 || (fi >= 0 && k == 0 && f->fields[fi].type != FT_INT) ||
			    (fi >= 0 && k == 1 && f->fields[fi].type != FT_TEXT))
				yread_fail(&ld->r, pf->workflow, "form '%s': transition '%s' of workflow '%s' has %s: %s, which needs %s field of the form",
				    f->key, t->key, f->wf->key, what[k], refs[k], k == 0 ? "an int" : "a text");
		}
		for (size_t j = 0; j < t->nrequires + t->nclear; j++) {
			const char *k = j < t->nrequires ? t->requires[j] : t->clear[j - t->nrequires];
			if (!config_slot(f, k))
				yread_fail(&ld->r, pf->workflow, "form '%s': transition '%s' of workflow '%s' names field '%s', which the form does not define",
				    f->key, t->key, f->wf->key, k);
		}
	}
	for (size_t i = 0; f->wf && i < f->wf->ntrans; i++)
		if (f->wf->trans[i].create)
			check_create(ld, pf, &f->wf->trans[i]);
	if (f->wf)
		config_resolve_owners(ld, f, pf->workflow);
	/* A state's limit taken from a field needs a choice field of that name. */
	for (size_t i = 0; f->wf && i < f->wf->nstates; i++) {
		const char *k = f->wf->states[i].sla_by;
		int fi = k ? config_field_index(f, k) : -1;
		if (k && (fi < 0 || f->fields[fi].type != FT_CHOICE))
			yread_fail(&ld->r, pf->workflow, "form '%s': state '%s' of workflow '%s' takes its time limit from '%s', which is not a choice field of the form",
			    f->key, f->wf->states[i].key, f->wf->key, k);
	}
}

static unsigned char *form_set(loader *ld, const ynode *n, const char *what)
{
	gc_config *cfg = ld->cfg;
	unsigned char *set = xcalloc(cfg->nforms + 1, 1);
	size_t cnt;
	const ynode **list = yread_list(&ld->r, n, what, &cnt);
	for (size_t i = 0; i < cnt; i++) {
		int fi = config_form_index(cfg, list[i]->val);
		if (fi < 0)
			yread_fail(&ld->r, list[i], "%s: undefined form '%s'", what, list[i]->val);
		else
			set[fi] = 1;
	}
	free(list);
	return set;
}

void config_parse_roles(loader *ld, const ynode *n)
{
	static const char *const keys[] = { "label", "scope", "create", "edit", "admin", NULL };
	gc_config *cfg = ld->cfg;
	if (!yread_is(&ld->r, n, Y_MAP, "roles"))
		return;
	yread_keys(&ld->r, n, "roles", NULL);
	cfg->roles = xcalloc(n->n / 2 + 1, sizeof *cfg->roles);
	for (size_t i = 0; i + 1 < n->n; i += 2) {
		const ynode *rn = n->items[i + 1], *v;
		gc_role *r = &cfg->roles[cfg->nroles];
		r->key = yread_name(&ld->r, n->items[i], "role name");
		if (!r->key)
			continue;
		cfg->nroles++;
		r->label = xstrdup(r->key);
		r->scope = SCOPE_OWN;
		r->create = xcalloc(cfg->nforms + 1, 1);
		if (!yread_is(&ld->r, rn, Y_MAP, "a role")) {
			r->edit = xcalloc(cfg->nforms + 1, 1);
			continue;
		}
		yread_keys(&ld->r, rn, "role", keys);
		if ((v = ymap_get(rn, "label"))) {
			char *l = yread_scalar(&ld->r, v, "label");
			if (l) {
				free(r->label);
				r->label = l;
			}
		}
		if ((v = ymap_get(rn, "scope")) && yread_is(&ld->r, v, Y_SCALAR, "scope")) {
			if (!strcmp(v->val, "own")) r->scope = SCOPE_OWN;
			else if (!strcmp(v->val, "subtree")) r->scope = SCOPE_SUBTREE;
			else if (!strcmp(v->val, "all")) r->scope = SCOPE_ALL;
			else yread_fail(&ld->r, v, "role '%s': scope must be own, subtree or all, found '%s'", r->key, v->val);
		}
		if ((v = ymap_get(rn, "admin")))
			yread_bool(&ld->r, v, "admin", &r->admin);
		if ((v = ymap_get(rn, "create"))) {
			free(r->create);
			r->create = form_set(ld, v, "create");
		}
		if ((v = ymap_get(rn, "edit")))
			r->edit = form_set(ld, v, "edit");
		else {
			r->edit = xcalloc(cfg->nforms + 1, 1);
			memcpy(r->edit, r->create, cfg->nforms);
		}
	}
}

int config_valid_login(const char *s)
{
	if (!*s || strlen(s) > 64 || *s == '-')
		return 0;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && *s != '_' && *s != '-' && *s != '.')
			return 0;
	return 1;
}

void config_parse_users(loader *ld, const ynode *n)
{
	static const char *const keys[] = { "login", "name", "role", "node", NULL };
	gc_config *cfg = ld->cfg;
	if (!yread_is(&ld->r, n, Y_SEQ, "users"))
		return;
	/* Several files may each hold users: this list adds to the others. */
	cfg->users = xrealloc(cfg->users, (cfg->nusers + n->n + 1) * sizeof *cfg->users);
	ld->user_at = xrealloc(ld->user_at, (cfg->nusers + n->n + 1) * sizeof *ld->user_at);
	for (size_t i = 0; i < n->n; i++) {
		const ynode *un = n->items[i], *v;
		if (!yread_is(&ld->r, un, Y_MAP, "a user"))
			continue;
		yread_keys(&ld->r, un, "user", keys);
		gc_user u = { 0 };
		u.role = -1;
		if (!(v = ymap_get(un, "login")) || !yread_is(&ld->r, v, Y_SCALAR, "login")) {
			if (!v)
				yread_fail(&ld->r, un, "user has no login");
			continue;
		}
		if (!config_valid_login(v->val)) {
			yread_fail(&ld->r, v, "login '%s' may use letters, digits, '.', '_' and '-' only", v->val);
			continue;
		}
		const gc_user *dup = config_user(cfg, v->val);
		if (dup) {
			const ynode *at = ld->user_at[dup - cfg->users];
			yread_fail(&ld->r, v, "duplicate user '%s' (also at %s:%d)", v->val, at->file, at->line);
			continue;
		}
		ld->user_at[cfg->nusers] = v;
		u.login = xstrdup(v->val);
		u.file = xstrdup(v->file);
		u.line = v->line;
		u.name = (v = ymap_get(un, "name")) ? yread_scalar(&ld->r, v, "name") : NULL;
		if (!u.name)
			u.name = xstrdup(u.login);
		if (!(v = ymap_get(un, "role")))
			yread_fail(&ld->r, un, "user '%s' has no role", u.login);
		else if (yread_is(&ld->r, v, Y_SCALAR, "role") && (u.role = config_role_index(cfg, v->val)) < 0)
			yread_fail(&ld->r, v, "user '%s': undefined role '%s'", u.login, v->val);
		if ((v = ymap_get(un, "node")) && yread_is(&ld->r, v, Y_SCALAR, "node"))
			u.node = xstrdup(v->val);
		else if (u.role >= 0 && cfg->roles[u.role].scope != SCOPE_ALL)
			yread_fail(&ld->r, un, "user '%s' has no node; a role with scope own or subtree needs one", u.login);
		if (u.role < 0)
			u.role = 0;
		cfg->users[cfg->nusers++] = u;
	}
}

void config_pend_roles(loader *ld, const void *tag, const char *kind, const char *key, int **roles, size_t *n,
		       const ynode *v)
{
	ld->proles = xrealloc(ld->proles, (ld->nproles + 1) * sizeof *ld->proles);
	ld->proles[ld->nproles++] = (pending_roles){ tag, kind, key, roles, n, v };
}

void config_unpend_roles(loader *ld, const void *tag)
{
	while (ld->nproles && ld->proles[ld->nproles - 1].tag == tag)
		ld->nproles--;
}

void config_resolve_transition_roles(loader *ld)
{
	for (size_t i = 0; i < ld->nproles; i++) {
		pending_roles *p = &ld->proles[i];
		size_t cnt;
		const ynode **list = yread_list(&ld->r, p->n, "roles", &cnt);
		*p->roles = xcalloc(cnt + 1, sizeof **p->roles);
		*p->nroles = 0;
		for (size_t j = 0; j < cnt; j++) {
			int r = config_role_index(ld->cfg, list[j]->val);
			if (r < 0)
				yread_fail(&ld->r, list[j], "%s '%s': undefined role '%s'", p->kind, p->key ? p->key : "?", list[j]->val);
			else
				(*p->roles)[(*p->nroles)++] = r;
		}
		free(list);
	}
}

void config_check_defaults(loader *ld)
{
	gc_buf out;
	buf_init(&out);
	for (size_t i = 0; i < ld->npending; i++) {
		char msg[256];
		buf_reset(&out);
		const char *why = field_canonical(ld->cfg, ld->pending[i].f, ld->pending[i].n->val, &out, msg, sizeof msg);
		if (why)
			yread_fail(&ld->r, ld->pending[i].n, "default of field '%s' %s", ld->pending[i].f->key, why);
		else
			ld->pending[i].f->def = xstrdup(out.p ? out.p : "");
	}
	buf_free(&out);
}

