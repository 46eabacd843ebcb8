/* SPDX-License-Identifier: MIT */
/* config_int.h - what the files of the configuration layer share while
 * one load runs: the loader (a yread and the checks left for the end) and
 * each section's reader. Not for anything outside src/config/. */
#ifndef GRIDCASE_CONFIG_INT_H
#define GRIDCASE_CONFIG_INT_H

#include "gridcase/config.h"
#include "config/yread.h"

/* Field keys the store uses for every record; forms may not reuse them. */
extern const char *const config_reserved_fields[];

/* Things checked once everything is parsed, remembered with where they
 * were written: field defaults (they may name users) and the role lists of
 * workflows (roles, assign_roles, edit: workflows are read before roles). */
typedef struct pending_default {
	gc_field *f;
	const ynode *n;
} pending_default;

typedef struct pending_roles {
	const void *tag;            /* the transition or state the list belongs to */
	const char *kind, *key;     /* "transition", "dispatch": for messages */
	int **roles;                /* where the role indexes go */
	size_t *nroles;
	const ynode *n;
} pending_roles;

/* The state of one load: the reader (yread.c) first, so every helper
 * takes &ld->r. */
typedef struct loader {
	yread r;
	gc_config *cfg;
	pending_default *pending;
	size_t npending;
	pending_roles *proles;
	size_t nproles;
	const ynode **user_at;     /* where each of cfg->users was defined */
} loader;

typedef struct pending_form {
	gc_form *f;
	const ynode *workflow;
	const ynode *at;
	const ynode *title;
	const ynode *node;
} pending_form;

void config_parse_field(loader *ld, const ynode *n, gc_field *f, const char *owner);
void config_parse_fields(loader *ld, const ynode *n, gc_field **out, size_t *count, const char *owner);
void config_free_field(gc_field *f);
void config_parse_levels(loader *ld, const ynode *n);
void config_parse_calendar(loader *ld, const ynode *n);
void config_add_holidays(loader *ld, const ynode *n);
void config_free_transition(gc_transition *t);
void config_parse_workflow(loader *ld, const ynode *keyn, const ynode *n, gc_workflow *wf);
void config_parse_form(loader *ld, const ynode *keyn, const ynode *n, gc_form *f, pending_form *pf);
void config_resolve_form(loader *ld, pending_form *pf);
void config_parse_roles(loader *ld, const ynode *n);
void config_parse_users(loader *ld, const ynode *n);
void config_resolve_transition_roles(loader *ld);
/* Remember a role list to resolve once roles are read; forget a tag's. */
void config_pend_roles(loader *ld, const void *tag, const char *kind, const char *key, int **roles, size_t *n,
		       const ynode *v);
void config_unpend_roles(loader *ld, const void *tag);
/* Which transitions own each field of a form (config_owner.c). */
void config_resolve_owners(loader *ld, gc_form *f, const ynode *where);
void config_free_owners(gc_form *f);
void config_check_defaults(loader *ld);

/* A field's pattern (pattern.c): PCRE2 in UTF mode, anchored at both
 * ends, under match, depth and heap limits. pattern_compile fills msg
 * (PCRE2's message and the offset, or the limit a probe hit) and returns
 * NULL when the pattern is refused. pattern_match returns 1 (the whole
 * value matches), 0 (it does not) or -1 (a limit was hit; why says which). */
gc_pattern *pattern_compile(const char *src, char *msg, size_t size);
int pattern_match(const gc_pattern *p, const char *s, const char **why);
void pattern_free(gc_pattern *p);

#endif
