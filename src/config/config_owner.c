/* SPDX-License-Identifier: MIT */
/* config_owner.c - which fields a form's workflow owns. A field named by a
 * transition (in its fields, count, extend or clear) is written only
 * through that transition: the creator does not fill it and `set` does not
 * change it, so a 处置结果 or a 返工次数 always comes from its step of the
 * workflow. Worked out once per form at load; the core asks config_owners.
 * Part of config_load (config.c). */
#include <stdlib.h>
#include <string.h>
#include "config/config_int.h"

static int names(const gc_transition *t, const char *key)
{
	if (transition_writes(t, key))
		return 1;
	if ((t->count && !strcmp(t->count, key)) || (t->extend && !strcmp(t->extend, key)))
		return 1;
	for (size_t i = 0; i < t->nclear; i++)
		if (!strcmp(t->clear[i], key))
			return 1;
	return 0;
}

int transition_writes(const gc_transition *t, const char *key)
{
	for (size_t i = 0; i < t->nfields; i++)
		if (!strcmp(t->fields[i], key))
			return 1;
	return 0;
}

/* The owners of one key: the transitions that write its value first, then
 * those that only count or clear it, so a message names the step to take. */
static const gc_transition **owners_of(const gc_workflow *wf, const char *key)
{
	const gc_transition **out = NULL;
	size_t n = 0;
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < wf->ntrans; i++) {
			const gc_transition *t = &wf->trans[i];
			if (pass == 0 ? !transition_writes(t, key) : transition_writes(t, key) || !names(t, key))
				continue;
			out = xrealloc(out, (n + 2) * sizeof *out);
			out[n++] = t;
			out[n] = NULL;
		}
	return out;
}

void config_resolve_owners(loader *ld, gc_form *f, const ynode *where)
{
	f->owners = xcalloc(f->nfields + 1, sizeof *f->owners);
	for (size_t i = 0; i <= f->nfields; i++) {
		const gc_field *fd = i < f->nfields ? &f->fields[i] : &config_assignee;
		f->owners[i] = owners_of(f->wf, fd->key);
		if (!f->owners[i] || i == f->nfields)
			continue;
		/* The creator cannot fill an owned field: it may not be required
		 * at creation, and a transition cannot write a read-only one. */
		const gc_transition *t = f->owners[i][0];
		if (fd->required && !fd->def)
			yread_fail(&ld->r, where, "form '%s': field '%s' is required, but only transition '%s' of workflow '%s' "
				   "writes it; drop required or take it out of the transition",
				   f->key, fd->key, t->key, f->wf->key);
		if (fd->readonly && transition_writes(t, fd->key))
			yread_fail(&ld->r, where, "form '%s': field '%s' is readonly, but transition '%s' asks for it in fields",
				   f->key, fd->key, t->key);
	}
}

void config_free_owners(gc_form *f)
{
	for (size_t i = 0; f->owners && i <= f->nfields; i++)
		free(f->owners[i]);
	free(f->owners);
	f->owners = NULL;
}

const gc_transition *const *config_owners(const gc_form *f, const char *key)
{
	if (!f->owners)
		return NULL;
	if (!strcmp(key, config_assignee.key))
		return f->owners[f->nfields];
	int i = config_field_index(f, key);
	return i >= 0 ? f->owners[i] : NULL;
}
