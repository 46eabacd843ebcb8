/* SPDX-License-Identifier: MIT */
/* config_lookup.c - finding things in a loaded configuration by key. It
 * depends on nothing but the structs, so field checks (field.c) and every
 * layer above can use it without reaching into the loader. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "gridcase/config.h"
#include "gridcase/i18n.h"

const gc_field config_assignee = { .key = (char *)"assignee", .label = (char *)N_("assignee"), .type = FT_USER };

const char *config_label(const gc_field *f)
{
	if (f == &config_assignee)
		return _(f->label);   /* the program's own word, in the user's language */
	return f->label ? f->label : f->key;
}

const gc_field *config_slot(const gc_form *f, const char *key)
{
	int i = config_field_index(f, key);
	if (i >= 0)
		return &f->fields[i];
	return !strcmp(key, config_assignee.key) ? &config_assignee : NULL;
}

int config_choice_index(const gc_field *f, const char *s, size_t n)
{
	size_t lo = 0, hi = f->choice_order ? f->nchoices : 0;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const char *c = f->choices[f->choice_order[mid]];
		/* cmp_bytes without measuring c: s holds no NUL */
		int d = strncmp(s, c, n);
		if (d == 0 && c[n])
			d = -1;
		if (d == 0)
			return (int)f->choice_order[mid];
		if (d < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return -1;
}

int config_form_index(const gc_config *cfg, const char *key)
{
	/* Callers often pass the configuration's own string: compare it first. */
	for (size_t i = 0; i < cfg->nforms; i++)
		if (cfg->forms[i].key == key || !strcmp(cfg->forms[i].key, key))
			return (int)i;
	return -1;
}

const gc_form *config_form(const gc_config *cfg, const char *key)
{
	int i = config_form_index(cfg, key);
	return i < 0 ? NULL : &cfg->forms[i];
}

int config_field_index(const gc_form *f, const char *key)
{
	for (size_t i = 0; i < f->nfields; i++)
		if (f->fields[i].key == key || !strcmp(f->fields[i].key, key))
			return (int)i;
	return -1;
}

int config_state_index(const gc_workflow *wf, const char *key)
{
	for (size_t i = 0; i < wf->nstates; i++)
		if (!strcmp(wf->states[i].key, key))
			return (int)i;
	return -1;
}

int config_level_index(const gc_config *cfg, const char *key)
{
	for (size_t i = 0; i < cfg->nlevels; i++)
		if (!strcmp(cfg->levels[i].key, key))
			return (int)i;
	return -1;
}

/* The users' index: open addressing on FNV-1a of the login, a slot
 * holding a user's index + 1 (0: empty), twice as many slots as users,
 * built in one pass (sorting 678 logins was 0.29 million instructions of
 * every command). */
static size_t user_slots(size_t n)
{
	size_t cap = 16;
	while (cap < 2 * n)
		cap *= 2;
	return cap;
}

gc_config *config_index_users(gc_config *cfg)
{
	size_t cap = user_slots(cfg->nusers);
	free(cfg->user_order);
	cfg->user_order = xcalloc(cap, sizeof *cfg->user_order);
	for (size_t i = 0; i < cfg->nusers; i++) {
		size_t at = (size_t)hash_str(cfg->users[i].login) & (cap - 1);
		while (cfg->user_order[at] && strcmp(cfg->users[cfg->user_order[at] - 1].login, cfg->users[i].login))
			at = (at + 1) & (cap - 1);
		if (!cfg->user_order[at])   /* of equal logins the first, as the scan below */
			cfg->user_order[at] = (uint32_t)i + 1;
	}
	cfg->nuser_order = cfg->nusers;
	return cfg;
}

/* A district has thousands of users and an import asks twice a row: by
 * the index, the first of equal logins (as the scan below). */
const gc_user *config_user(const gc_config *cfg, const char *login)
{
	if (cfg->user_order && cfg->nuser_order == cfg->nusers) {
		size_t cap = user_slots(cfg->nusers), at = (size_t)hash_str(login) & (cap - 1);
		for (; cfg->user_order[at]; at = (at + 1) & (cap - 1))
			if (!strcmp(cfg->users[cfg->user_order[at] - 1].login, login))
				return &cfg->users[cfg->user_order[at] - 1];
		if (cfg->demo && !cfg->demo->staff_made) {   /* one of the demo's staff, made now */
			config_make_staff(cfg);
			return config_user(cfg, login);
		}
		return NULL;
	}
	for (size_t i = 0; i < cfg->nusers; i++)
		if (!strcmp(cfg->users[i].login, login))
			return &cfg->users[i];
	if (cfg->demo && !cfg->demo->staff_made) {
		config_make_staff(cfg);
		return config_user(cfg, login);
	}
	return NULL;
}

int config_role_index(const gc_config *cfg, const char *key)
{
	for (size_t i = 0; i < cfg->nroles; i++)
		if (!strcmp(cfg->roles[i].key, key))
			return (int)i;
	return -1;
}

const gc_form *config_form_named(const gc_config *cfg, const char *s)
{
	const gc_form *f = config_form(cfg, s);
	for (size_t i = 0; !f && i < cfg->nforms; i++)
		if (!strcmp(cfg->forms[i].label, s))
			f = &cfg->forms[i];
	return f;
}

const char *config_state_named(const gc_config *cfg, const gc_form *form, const char *s)
{
	for (int by_label = 0; by_label < 2; by_label++)
		for (size_t i = 0; i < cfg->nforms; i++) {
			const gc_workflow *wf = cfg->forms[i].wf;
			if (form && form != &cfg->forms[i])
				continue;
			for (size_t j = 0; wf && j < wf->nstates; j++)
				if (!strcmp(by_label ? wf->states[j].label : wf->states[j].key, s))
					return wf->states[j].key;
		}
	return NULL;
}

void config_state_names(const gc_config *cfg, const gc_form *form, gc_buf *out)
{
	size_t start = out->len;
	for (size_t i = 0; i < cfg->nforms; i++) {
		const gc_workflow *wf = cfg->forms[i].wf;
		if (form && form != &cfg->forms[i])
			continue;
		for (size_t j = 0; wf && j < wf->nstates; j++) {
			char one[300];
			snprintf(one, sizeof one, "%s (%s)", wf->states[j].label, wf->states[j].key);
			if (out->len > start && strstr(out->p + start, one))
				continue;   /* a state several workflows share, once */
			buf_printf(out, "%s%s", out->len > start ? ", " : "", one);
		}
	}
}
