/* SPDX-License-Identifier: MIT */
/* access.c - who may write what, and to whom a record may be assigned.
 * One rule for every path that writes field values (new, set, act, the
 * field merge, import, the UI and SSH all come through core_apply_values):
 *   - a field the workflow owns is written only by a transition that asks
 *     for it; a readonly field only by gridcase itself;
 *   - the creator's fields are corrected only by the roles a state's
 *     edit: names, and never in a final state;
 *   - an administrator may override either with a comment, which the
 *     history keeps.
 * A record is assigned only to someone whose area holds it, and whose
 * role the assigning transition's assign_roles lists. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "gridcase/core.h"
#include "core/core_int.h"
#include "gridcase/i18n.h"

static const char *label_of(const gc_field *f)
{
	return config_label(f);
}

static const gc_field *field_of(const gc_form *form, const char *key)
{
	const gc_field *f = config_slot(form, key);
	return f ? f : &config_assignee;
}

/* "dispatch (派遣), reassign (改派)": the transitions that write key's
 * value, or when none does, those that count or clear it. */
static void owner_names(const gc_transition *const *ts, const char *key, gc_buf *out)
{
	int writers = ts && ts[0] && transition_writes(ts[0], key);
	for (size_t i = 0; ts && ts[i] && (!writers || transition_writes(ts[i], key)); i++)
		buf_printf(out, "%s%s (%s)", i ? ", " : "", ts[i]->key, ts[i]->label);
}

static int role_listed(const int *roles, size_t n, int role)
{
	for (size_t i = 0; i < n; i++)
		if (roles[i] == role)
			return 1;
	return 0;
}

/* Whether an administrator's correction is allowed: by set, with a reason
 * (a transition's comment is not one: its fields are its own). */
static int admin_override(const gc_ctx *ctx, const gc_write *w)
{
	return ctx->admin && w->how == WRITE_SET && w->comment && *w->comment;
}

static int refuse_owned(gc_ctx *ctx, const gc_form *form, const gc_write *w, const char *key)
{
	const gc_field *f = field_of(form, key);
	const gc_transition *const *owners = config_owners(form, key);
	gc_buf names;
	buf_init(&names);
	owner_names(owners, key, &names);
	int rc;
	if (!owners || !owners[0])
		rc = core_fail(ctx, GC_EPERM, "field '%s' (%s) is kept by gridcase (a matching or a count) and cannot be set by hand",
			       key, label_of(f));
	else if (w->how == WRITE_ACT)
		rc = core_fail(ctx, GC_EPERM, "field '%s' (%s) belongs to the workflow: transition '%s' (%s) does not write it; "
			       "it is written by %s", key, label_of(f), w->via->key, w->via->label, names.p);
	else
		rc = core_fail(ctx, GC_EPERM, "field '%s' (%s) belongs to the workflow: it is written by %s "
			       "(gridcase act ID %s ...)", key, label_of(f), names.p, owners[0]->key);
	buf_free(&names);
	return rc;
}

/* The creator's fields in the record's present state. */
static int refuse_edit(gc_ctx *ctx, const gc_form *form, const gc_record *rec, const gc_write *w, const char *key)
{
	const gc_state *s = form->wf && w->state >= 0 ? &form->wf->states[w->state] : NULL;
	if (!s)
		return 0;
	if (s->final) {
		if (admin_override(ctx, w))
			return 0;
		if (ctx->admin)
			return core_fail(ctx, GC_EPERM, "record %llu is %s (%s), a final state: an administrator's correction "
					 "needs a comment (--comment TEXT) saying why", (unsigned long long)rec->id,
					 s->label, s->key);
		return core_fail(ctx, GC_EPERM, "record %llu is %s (%s), a final state: it is read-only",
				 (unsigned long long)rec->id, s->label, s->key);
	}
	if (!s->has_edit || ctx->admin || (ctx->user && role_listed(s->edit, s->nedit, ctx->user->role)))
		return 0;
	gc_buf roles;
	buf_init(&roles);
	for (size_t i = 0; i < s->nedit; i++)
		buf_printf(&roles, "%s%s", i ? ", " : "", ctx->cfg->roles[s->edit[i]].label);
	int rc = core_fail(ctx, GC_EPERM, "field '%s' (%s): in state %s (%s) only %s may change it", key,
			   label_of(field_of(form, key)), s->label, s->key, roles.len ? roles.p : _("an administrator"));
	buf_free(&roles);
	return rc;
}

int core_may_write(gc_ctx *ctx, const gc_form *form, const gc_record *rec, const gc_write *w, const char *key)
{
	const gc_field *f = config_slot(form, key);
	const gc_transition *const *owners = config_owners(form, key);
	int owned = owners && owners[0];
	if (w->how == WRITE_IMPORT) {
		/* A row in a later state carries what its transitions wrote; what
		 * gridcase itself keeps (a matching's ids) is carried as it was. */
		if (form->wf && w->state == form->wf->initial && owned)
			return refuse_owned(ctx, form, w, key);
		return 0;
	}
	if ((f && f->readonly) || owned) {
		if (w->how == WRITE_ACT && owned && transition_writes(w->via, key) && !(f && f->readonly))
			return 0;
		if (admin_override(ctx, w))
			return 0;
		return refuse_owned(ctx, form, w, key);
	}
	return w->how == WRITE_NEW ? 0 : refuse_edit(ctx, form, rec, w, key);
}

int core_user_sees(const gc_ctx *ctx, const gc_user *u, uint32_t node_id)
{
	const gc_role *r = &ctx->cfg->roles[u->role];
	if (r->scope == SCOPE_ALL)
		return 1;
	const gc_node *n = core_node(ctx, node_id), *home = u->node ? core_node_by_code(ctx, u->node) : NULL;
	if (!n || !home)
		return 0;
	return r->scope == SCOPE_OWN ? n->id == home->id : core_node_contains(ctx, home, n);
}

const char *core_assign_refusal(const gc_ctx *ctx, const gc_user *u, uint32_t node_id, const gc_transition *via,
				char *why, size_t n)
{
	const gc_role *r = &ctx->cfg->roles[u->role];
	if (via && via->nassign_roles && !role_listed(via->assign_roles, via->nassign_roles, u->role)) {
		gc_buf roles;
		buf_init(&roles);
		for (size_t i = 0; i < via->nassign_roles; i++)
			buf_printf(&roles, "%s%s", i ? ", " : "", ctx->cfg->roles[via->assign_roles[i]].label);
		snprintf(why, n, _("%s (%s) is %s; %s (%s) assigns to %s only"), u->name ? u->name : u->login, u->login,
			 r->label, via->label, via->key, roles.p);
		buf_free(&roles);
		return why;
	}
	if (!core_user_sees(ctx, u, node_id)) {
		const gc_node *nd = core_node(ctx, node_id);
		snprintf(why, n, _("%s (%s, %s of %s) cannot see records of %s %s: choose someone whose area holds it"),
			 u->name ? u->name : u->login, u->login, r->label, u->node ? u->node : "?",
			 nd ? nd->name : "?", nd ? nd->code : "?");
		return why;
	}
	return NULL;
}

const gc_user *core_user_named(gc_ctx *ctx, const char *who, uint32_t node_id, const gc_transition *via)
{
	const gc_user *u = config_user(ctx->cfg, who);
	if (u)
		return u;
	/* A name, unambiguous among the people the record may go to (or among all). */
	const gc_user *hit = NULL, *any = NULL;
	size_t nhit = 0, nany = 0;
	char why[300];
	for (size_t i = 0; i < ctx->cfg->nusers; i++) {
		const gc_user *c = &ctx->cfg->users[i];
		if (!c->name || strcmp(c->name, who))
			continue;
		any = c;
		nany++;
		if (!node_id || !core_assign_refusal(ctx, c, node_id, via, why, sizeof why)) {
			hit = c;
			nhit++;
		}
	}
	if (nhit == 1)
		return hit;
	if (nhit == 0 && nany == 1)
		return any;   /* the refusal then says why they cannot have it */
	if (nany == 0) {
		core_fail(ctx, GC_EDATA, "assignee: no user has the login or the name '%s'", who);
		return NULL;
	}
	/* Name those who could have it when several could, else everyone of the name. */
	gc_buf list;
	buf_init(&list);
	for (size_t i = 0; i < ctx->cfg->nusers; i++) {
		const gc_user *c = &ctx->cfg->users[i];
		if (c->name && !strcmp(c->name, who) &&
		    (nhit < 2 || !node_id || !core_assign_refusal(ctx, c, node_id, via, why, sizeof why)))
			buf_printf(&list, "%s%s (%s)", list.len ? ", " : "", c->login, ctx->cfg->roles[c->role].label);
	}
	core_fail(ctx, GC_EDATA, "assignee: '%s' is the name of %zu people: %s; give the login", who,
		  nhit >= 2 ? nhit : nany, list.p);
	buf_free(&list);
	return NULL;
}

size_t core_assignable(gc_ctx *ctx, const gc_record *rec, const gc_transition *via, const gc_user ***out)
{
	size_t n = 0;
	char why[300];
	config_make_staff(ctx->cfg);   /* every user: the demo's staff too */
	*out = xcalloc(ctx->cfg->nusers + 1, sizeof **out);
	for (size_t i = 0; i < ctx->cfg->nusers; i++) {
		const gc_user *u = &ctx->cfg->users[i];
		if (ctx->cfg->roles[u->role].admin && !(via && via->nassign_roles))
			continue;   /* administrators are not handlers unless a transition says so */
		if (!core_assign_refusal(ctx, u, rec->node_id, via, why, sizeof why))
			(*out)[n++] = u;
	}
	return n;
}

int core_state_of(const gc_form *form, const gc_record *rec)
{
	return form->wf && rec ? config_state_index(form->wf, rec->state) : -1;
}

int core_field_writable(gc_ctx *ctx, const gc_form *form, const gc_record *rec, const char *key, char *why, size_t n)
{
	/* An administrator may write what a reason allows: the form asks for it. */
	gc_write w = { rec ? WRITE_SET : WRITE_NEW, core_state_of(form, rec), NULL, ctx->admin ? "-" : NULL };
	/* Asked to draw a form, not to refuse: keep the caller's errors. */
	gc_errs saved = ctx->errs;
	errs_init(&ctx->errs);
	int ok = core_may_write(ctx, form, rec, &w, key) == 0;
	if (why && n)
		snprintf(why, n, "%s", ctx->errs.n ? ctx->errs.msg[0] : "");
	errs_free(&ctx->errs);
	ctx->errs = saved;
	return ok;
}

const gc_transition *core_assigning_transition(gc_ctx *ctx, const gc_record *rec)
{
	const gc_form *form = config_form(ctx->cfg, rec->form);
	int s = form ? core_state_of(form, rec) : -1;
	for (size_t i = 0; s >= 0 && i < form->wf->ntrans; i++) {
		const gc_transition *t = &form->wf->trans[i];
		if (transition_leaves(t, s) && transition_writes(t, config_assignee.key) && core_may_take(ctx, t))
			return t;
	}
	return NULL;
}
