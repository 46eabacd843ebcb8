/* SPDX-License-Identifier: MIT */
/* config.c - YAML configuration to validated structs. Every problem is
 * reported with file:line:col and loading goes on, so one run lists them all. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <ctype.h>
#include <dirent.h>
#include <sys/stat.h>
#include <errno.h>
#include "config/config_int.h"
#include "gridcase/i18n.h"
#include "gridcase/text.h"

/* Field keys the store uses for every record; forms may not reuse them. */
const char *const config_reserved_fields[] = {
	"id", "form", "node", "state", "version", "created", "updated", "due",
	"creator", "assignee", NULL,
};

const char *const gc_ftype_names[FT_COUNT] = {
	"text", "longtext", "int", "date", "datetime", "choice",
	"multichoice", "bool", "user", "node", "record",
};



/* ---- top level -------------------------------------------------------- */

typedef struct top_entry {
	const ynode *key, *val;
} top_entry;

static const char *const top_keys[] = {
	"title", "database", "low_bandwidth", "ascii", "~mosh", "levels", "calendar", "forms", "workflows",
	"roles", "users", "holidays", "demo", "matching", "measures", "ranking", NULL,
	/* demo:, matching:, measures: and ranking: read by config_demo.c, config_match.c, config_measure.c */
};

/* Keys that several files may each hold, merged in file name order: twenty
 * street offices keep their own lists of people, an office its holidays. */
static const char *const merged_keys[] = { "users", "holidays", NULL };

static int merged(const char *key)
{
	for (size_t i = 0; merged_keys[i]; i++)
		if (!strcmp(merged_keys[i], key))
			return 1;
	return 0;
}

static const ynode *top_get(top_entry *e, size_t n, const char *key)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(e[i].key->val, key))
			return e[i].val;
	return NULL;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The *.yaml files of a directory in name order, or the path itself. */
static char **list_files(const char *path, size_t *count, gc_errs *errs)
{
	struct stat st;
	*count = 0;
	if (stat(path, &st) != 0) {
		errs_add(errs, GC_EDATA, "%s: cannot read configuration: %s", path, strerror(errno));
		return NULL;
	}
	if (!S_ISDIR(st.st_mode)) {
		char **v = xmalloc(sizeof *v);
		v[0] = xstrdup(path);
		*count = 1;
		return v;
	}
	DIR *d = opendir(path);
	if (!d) {
		errs_add(errs, GC_EDATA, "%s: cannot open directory: %s", path, strerror(errno));
		return NULL;
	}
	char **v = NULL;
	size_t cap = 0;
	struct dirent *de;
	while ((de = readdir(d))) {
		size_t l = strlen(de->d_name);
		if (de->d_name[0] == '.' || l < 6 || strcmp(de->d_name + l - 5, ".yaml"))
			continue;
		if (*count == cap)
			v = xrealloc(v, (cap = cap ? cap * 2 : 8) * sizeof *v);
		gc_buf b;
		buf_init(&b);
		buf_printf(&b, "%s/%s", path, de->d_name);
		v[(*count)++] = b.p;
	}
	closedir(d);
	qsort(v, *count, sizeof *v, cmp_str);
	if (*count == 0)
		errs_add(errs, GC_EDATA, "%s: no *.yaml files in the configuration directory", path);
	return v;
}

static void apply_defaults(gc_config *cfg)
{
	/* Monday to Friday, 08:30-12:00 and 14:00-17:30, the usual office day. */
	cfg->cal.workdays = 0x3E;
	cfg->cal.nspans = 2;
	cfg->cal.span_start[0] = 8 * 60 + 30;
	cfg->cal.span_end[0] = 12 * 60;
	cfg->cal.span_start[1] = 14 * 60;
	cfg->cal.span_end[1] = 17 * 60 + 30;
}

/* The top-level true/false keys of gridcase.yaml. */
static void read_switches(loader *ld, top_entry *entries, size_t nentries, gc_config *cfg)
{
	const struct { const char *key; int *to; } sw[] = {
		{ "low_bandwidth", &cfg->low_bandwidth }, { "ascii", &cfg->ascii },
	};
	for (size_t i = 0; i < sizeof sw / sizeof sw[0]; i++) {
		const ynode *v = top_get(entries, nentries, sw[i].key);
		if (v)
			yread_bool(&ld->r, v, sw[i].key, sw[i].to);
	}
	/* An older release could start mosh-server; this one starts no
	 * program in SSH mode. "mosh: false" still reads; true is refused,
	 * so an administrator who asked for mosh learns it is gone. */
	const ynode *v = top_get(entries, nentries, "mosh");
	int mosh = 0;
	if (v && yread_bool(&ld->r, v, "mosh", &mosh) && mosh)
		yread_fail(&ld->r, v, "mosh: true is no longer supported: SSH mode starts no program (docs/deploy.md, \"Links that drop\")");
}

/* Every text of a file, once, at the door. The cache keeps only trees that
 * passed, so a tree from it is not checked again. */
static void check_texts(yread *r, const ynode *doc)
{
	if (ydoc_cached(doc))
		return;
	size_t had = r->errs->n;
	yread_text_rule(r, doc->items[0], 0);
	if (r->errs->n == had)
		ydoc_keep(doc);
}

gc_config *config_load(const char *path, gc_errs *errs)
{
	gc_config *cfg = xcalloc(1, sizeof *cfg);
	loader ld = { { cfg, errs, NULL, 0 }, cfg, NULL, 0, NULL, 0, NULL };
	size_t nfiles, nentries = 0;
	size_t before = errs->n;
	char **files = list_files(path, &nfiles, errs);
	top_entry *entries = NULL;
	apply_defaults(cfg);
	cfg->dir = xstrdup(path);
	/* The YAML trees live only while loading: everything is copied out. */
	ynode **docs = xcalloc(nfiles + 1, sizeof *docs);
	size_t ndocs = 0;
	/* Parsed trees are kept in $XDG_CACHE_HOME/gridcase (~/.cache/gridcase):
	 * without it (no HOME, read-only), every file is parsed, just slower. */
	char *cache = config_xdg_dir("XDG_CACHE_HOME", ".cache");

	for (size_t i = 0; i < nfiles; i++) {
		ynode *doc = ydoc_load(files[i], cache, errs);
		free(files[i]);
		if (!doc)
			continue;
		docs[ndocs++] = doc;
		ynode *root = doc->items[0];
		check_texts(&ld.r, doc);
		if (!yread_is(&ld.r, root, Y_MAP, "a configuration file"))
			continue;
		yread_keys(&ld.r, root, "configuration", top_keys);
		for (size_t j = 0; j + 1 < root->n; j += 2) {
			const ynode *k = root->items[j];
			if (k->kind != Y_SCALAR)
				continue;
			const ynode *prev = NULL;
			for (size_t e = 0; e < nentries; e++)
				if (!strcmp(entries[e].key->val, k->val))
					prev = entries[e].key;
			if (prev && prev->file != k->file && !merged(k->val)) {
				yread_fail(&ld.r, k, "'%s' is already defined in %s:%d", k->val, prev->file, prev->line);
				continue;
			}
			entries = xrealloc(entries, (nentries + 1) * sizeof *entries);
			entries[nentries].key = k;
			entries[nentries].val = root->items[j + 1];
			nentries++;
		}
	}
	free(files);
	free(cache);

	const ynode *v;
	if ((v = top_get(entries, nentries, "title")))
		cfg->title = yread_scalar(&ld.r, v, "title");
	if (!cfg->title)
		cfg->title = xstrdup("gridcase");
	if ((v = top_get(entries, nentries, "database")) && yread_is(&ld.r, v, Y_SCALAR, "database"))
		cfg->database = xstrdup(v->val);
	read_switches(&ld, entries, nentries, cfg);
	if ((v = top_get(entries, nentries, "calendar")))
		config_parse_calendar(&ld, v);
	for (size_t e = 0; e < nentries; e++)
		if (!strcmp(entries[e].key->val, "holidays"))
			config_add_holidays(&ld, entries[e].val);
	if ((v = top_get(entries, nentries, "levels")))
		config_parse_levels(&ld, v);
	else if (errs->n == before)
		errs_add(errs, GC_EDATA, "%s: no levels defined (add levels: [{key: ..., label: ...}, ...])", path);

	/* Workflows before forms (forms name them), forms before roles. */
	if ((v = top_get(entries, nentries, "workflows")) && yread_is(&ld.r, v, Y_MAP, "workflows")) {
		yread_keys(&ld.r, v, "workflows", NULL);
		cfg->workflows = xcalloc(v->n / 2 + 1, sizeof *cfg->workflows);
		for (size_t i = 0; i + 1 < v->n; i += 2)
			config_parse_workflow(&ld, v->items[i], v->items[i + 1], &cfg->workflows[cfg->nworkflows++]);
	}
	pending_form *pforms = NULL;
	if ((v = top_get(entries, nentries, "forms")) && yread_is(&ld.r, v, Y_MAP, "forms")) {
		yread_keys(&ld.r, v, "forms", NULL);
		cfg->forms = xcalloc(v->n / 2 + 1, sizeof *cfg->forms);
		pforms = xcalloc(v->n / 2 + 1, sizeof *pforms);
		for (size_t i = 0; i + 1 < v->n; i += 2) {
			config_parse_form(&ld, v->items[i], v->items[i + 1], &cfg->forms[cfg->nforms], &pforms[cfg->nforms]);
			cfg->nforms++;
		}
		for (size_t i = 0; i < cfg->nforms; i++)
			config_resolve_form(&ld, &pforms[i]);
	}
	free(pforms);
	if ((v = top_get(entries, nentries, "roles")))
		config_parse_roles(&ld, v);
	config_resolve_transition_roles(&ld);
	for (size_t e = 0; e < nentries; e++) {
		if (strcmp(entries[e].key->val, "users"))
			continue;
		if (cfg->nroles == 0)
			yread_fail(&ld.r, entries[e].val, "users are defined but no roles are");
		else
			config_parse_users(&ld, entries[e].val);
	}
	config_check_defaults(&ld);
	/* The optional sections name forms, fields and levels: read them last,
	 * and only from a configuration that is sound so far. */
	if (errs->n == before && (v = top_get(entries, nentries, "matching")))
		config_read_matching(v, cfg, errs);
	if (errs->n == before && (v = top_get(entries, nentries, "measures")))
		config_read_measures(v, cfg, errs);
	if (errs->n == before && (v = top_get(entries, nentries, "ranking")))
		config_read_ranking(v, cfg, errs);
	if (errs->n == before && (v = top_get(entries, nentries, "demo")))
		config_read_demo(v, cfg, errs);
	free(entries);
	for (size_t i = 0; i < ndocs; i++)
		ydoc_free(docs[i]);
	free(docs);
	free(ld.pending);
	free(ld.proles);
	free(ld.user_at);
	if (errs->n > before) {
		config_free(cfg);
		return NULL;
	}
	return config_index_users(cfg);
}

void config_free(gc_config *cfg)
{
	if (!cfg)
		return;
	for (size_t i = 0; i < cfg->nlevels; i++) {
		free(cfg->levels[i].key);
		free(cfg->levels[i].label);
		for (size_t j = 0; j < cfg->levels[i].nattrs; j++)
			config_free_field(&cfg->levels[i].attrs[j]);
		free(cfg->levels[i].attrs);
	}
	free(cfg->levels);
	for (size_t i = 0; i < cfg->nforms; i++) {
		gc_form *f = &cfg->forms[i];
		free(f->key);
		free(f->label);
		free(f->short_label);
		for (size_t j = 0; j < f->nfields; j++)
			config_free_field(&f->fields[j]);
		free(f->fields);
		config_free_owners(f);
	}
	free(cfg->forms);
	for (size_t i = 0; i < cfg->nworkflows; i++) {
		gc_workflow *w = &cfg->workflows[i];
		for (size_t j = 0; j < w->nstates; j++) {
			free(w->states[j].key);
			free(w->states[j].label);
			free(w->states[j].sla_by);
			free(w->states[j].edit);
		}
		free(w->states);
		for (size_t j = 0; j < w->ntrans; j++)
			config_free_transition(&w->trans[j]);
		free(w->trans);
		free(w->key);
	}
	free(cfg->workflows);
	for (size_t i = 0; i < cfg->nroles; i++) {
		free(cfg->roles[i].key);
		free(cfg->roles[i].label);
		free(cfg->roles[i].create);
		free(cfg->roles[i].edit);
	}
	free(cfg->roles);
	for (size_t i = 0; i < cfg->nusers; i++) {
		free(cfg->users[i].login);
		free(cfg->users[i].name);
		free(cfg->users[i].node);
		free(cfg->users[i].file);
	}
	free(cfg->users);
	free(cfg->user_order);
	free(cfg->cal.timezone);
	free(cfg->cal.holidays);
	free(cfg->cal.extra_workdays);
	config_matching_free(cfg->matchings, cfg->nmatchings);
	config_measures_free(cfg);
	if (cfg->demo)
		config_demo_free(cfg->demo);
	free(cfg->demo);
	free(cfg->title);
	free(cfg->database);
	free(cfg->dir);
	free(cfg);
}

#ifndef GRIDCASE_SYSCONFDIR
#define GRIDCASE_SYSCONFDIR "/etc"
#endif

static int is_dir(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* $XDG_*_HOME/gridcase when that is set to an absolute path (the XDG base
 * directory rule: a relative one is ignored), else ~/FALLBACK/gridcase. */
char *config_xdg_dir(const char *var, const char *fallback)
{
	const char *xdg = getenv(var), *home = getenv("HOME");
	gc_buf b;
	buf_init(&b);
	if (xdg && xdg[0] == '/')
		buf_printf(&b, "%s/gridcase", xdg);
	else if (home && *home)
		buf_printf(&b, "%s/%s/gridcase", home, fallback);
	else
		return NULL;
	return b.p;
}

/* --config, $GRIDCASE_CONFIG, $XDG_CONFIG_HOME/gridcase (~/.config/gridcase),
 * /etc/gridcase; never the current directory. */
char *config_locate(const char *explicit_path)
{
	if (explicit_path)
		return xstrdup(explicit_path);
	const char *env = getenv("GRIDCASE_CONFIG");
	if (env && *env)
		return xstrdup(env);
	char *user = config_xdg_dir("XDG_CONFIG_HOME", ".config");
	if (user && is_dir(user))
		return user;
	free(user);
	if (is_dir(GRIDCASE_SYSCONFDIR "/gridcase"))
		return xstrdup(GRIDCASE_SYSCONFDIR "/gridcase");
	return NULL;
}
