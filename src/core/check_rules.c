/* SPDX-License-Identifier: MIT */
/* check_rules.c - stored records that break the workflow's rules (access.c),
 * for check-config with a database: an open record whose assignee cannot
 * see it (or is no configured user), and a field the workflow owns that
 * its history shows written outside a transition that owns it (at
 * creation, or by a set without an administrator's reason). Data made
 * before the rules, or by an older configuration, shows up here. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/core_int.h"

static int owned(const gc_form *f, const char *key)
{
	const gc_field *fd = config_slot(f, key);
	const gc_transition *const *o = config_owners(f, key);
	return fd && ((o && o[0]) || fd->readonly);
}

/* Whether transition key of f names field (fields, count, extend, clear):
 * then its change is the transition's own. gridcase's own actions (a
 * matching, an import restoring records) are not checked. */
static int action_owns(const gc_form *f, const char *action, const char *field)
{
	if (!strcmp(action, "match") || !strcmp(action, "import"))
		return 1;
	if (strcmp(action, "create") && strcmp(action, "set") && f->wf)
		for (size_t i = 0; i < f->wf->ntrans; i++) {
			const gc_transition *t = &f->wf->trans[i];
			if (strcmp(t->key, action))
				continue;
			if (t->create && !strcmp(t->create->link, field))
				return 1;   /* the id of the record it made (create:) */
			const gc_transition *const *o = config_owners(f, field);
			for (size_t k = 0; o && o[k]; k++)
				if (o[k] == t)
					return 1;
		}
	return 0;
}

static void check_history(gc_ctx *ctx, MDB_txn *txn, const gc_form *f, const gc_record *r, rule_note_fn note,
			  void *arg)
{
	gc_hist *h;
	size_t n;
	char what[400];
	if (core_read_history(ctx, txn, r->id, &h, &n)) {
		errs_clear(&ctx->errs);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		const gc_user *u = config_user(ctx->cfg, h[i].user);
		int reasoned = !strcmp(h[i].action, "set") && u && ctx->cfg->roles[u->role].admin && *h[i].comment;
		for (size_t c = 0; c < h[i].nchanges && !reasoned; c++) {
			const char *k = h[i].changes[c].field;
			if (!strcmp(k, "due") || !owned(f, k) || action_owns(f, h[i].action, k))
				continue;
			snprintf(what, sizeof what, "field '%s' of form '%s', the workflow's, written by '%s' outside its transitions",
				 k, f->key, h[i].action);
			note(arg, what, r->id);
		}
	}
	core_history_free(h, n);
}

void core_rule_problems(gc_ctx *ctx, MDB_txn *txn, const gc_record *r, rule_note_fn note, void *arg)
{
	const gc_form *f = config_form(ctx->cfg, r->form);
	int s = f ? core_state_of(f, r) : -1;
	char what[400], why[300];
	if (!f)
		return;
	if (*r->assignee && ctx->cfg->nusers && !(s >= 0 && f->wf->states[s].final)) {
		const gc_user *u = config_user(ctx->cfg, r->assignee);
		if (!u)
			snprintf(what, sizeof what, "open %s records assigned to '%s', who is no configured user", f->key,
				 r->assignee);
		else if (core_assign_refusal(ctx, u, r->node_id, NULL, why, sizeof why))
			snprintf(what, sizeof what, "open %s records assigned to %s, who cannot see them", f->key,
				 u->login);
		if (!u || core_assign_refusal(ctx, u, r->node_id, NULL, why, sizeof why))
			note(arg, what, r->id);
	}
	if (f->wf)
		check_history(ctx, txn, f, r, note, arg);
}
