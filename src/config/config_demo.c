/* SPDX-License-Identifier: MIT */
/* config_demo.c - the demo: section of the configuration (see
 * docs/configuration.md): the demo district's tree, names and the
 * templates of its records. Read by config_load with the rest; the demo
 * itself is demo.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdarg.h>
#include "config/yread.h"

static demo_kv *templates(yread *r, const ynode *n, const char *what, size_t *count)
{
	*count = 0;
	if (!yread_is(r, n, Y_MAP, what))
		return NULL;
	if (n->n / 2 > GC_DEMO_MAX_FIELDS && strcmp(what, "attrs"))
		yread_fail(r, n, "%s: at most %d templates, found %zu", what, GC_DEMO_MAX_FIELDS, n->n / 2);
	demo_kv *out = xcalloc(n->n / 2 + 1, sizeof *out);
	for (size_t i = 0; i + 1 < n->n; i += 2)
		if (yread_is(r, n->items[i + 1], Y_SCALAR, what)) {
			out[*count].key = xstrdup(n->items[i]->val);
			out[(*count)++].tpl = xstrdup(n->items[i + 1]->val);
		}
	return out;
}

static void read_tree(yread *r, const ynode *top, demo_cfg *d)
{
	const gc_config *cfg = r->cfg;
	const ynode *v = ymap_get(top, "root");
	if (!yread_is(r, v, Y_MAP, "root") || !yread_is(r, ymap_get(v, "code"), Y_SCALAR, "root code") ||
	    !yread_is(r, ymap_get(v, "name"), Y_SCALAR, "root name")) {
		if (!r->bad)
			yread_fail(r, top, "needs root: {code: CODE, name: NAME}");
		return;
	}
	d->root_code = xstrdup(ymap_get(v, "code")->val);
	d->root_name = xstrdup(ymap_get(v, "name")->val);
	d->depth = cfg->nlevels ? cfg->nlevels - 1 : 0;
	d->digits = 3;
	if ((v = ymap_get(top, "digits")) && yread_is(r, v, Y_SCALAR, "digits") &&
	    ((d->digits = atoi(v->val)) < 1 || d->digits > 6)) {
		yread_fail(r, v, "digits must be a whole number from 1 to 6");
		d->digits = 3;   /* the staff are still generated: keep codes in their buffers */
	}
	if ((v = ymap_get(top, "children")) && yread_is(r, v, Y_SEQ, "children")) {
		if (v->n != d->depth)
			yread_fail(r, v, "children needs one number per level below the root (%zu), found %zu", d->depth, v->n);
		for (size_t i = 0; i < v->n && i < d->depth; i++)
			if (yread_is(r, v->items[i], Y_SCALAR, "children") && (d->children[i] = (unsigned)atoi(v->items[i]->val)) < 1)
				yread_fail(r, v->items[i], "children must be whole numbers of at least 1");
	} else if (!v) {
		yread_fail(r, top, "needs children: [N, ...], one number per level below the root");
	}
	if ((v = ymap_get(top, "names")) && yread_is(r, v, Y_SEQ, "names")) {
		if (v->n != d->depth)
			yread_fail(r, v, "names needs one entry per level below the root (%zu), found %zu", d->depth, v->n);
		for (size_t i = 0; i < v->n && i < d->depth; i++) {
			const ynode *e = v->items[i];
			demo_names *nm = &d->names[i];
			if (e->kind == Y_SEQ && e->n == 2 && e->items[0]->kind == Y_SEQ) {
				nm->a = yread_strings(r, e->items[0], "names", &nm->na);
				nm->b = yread_strings(r, e->items[1], "names", &nm->nb);
			} else {
				nm->a = yread_strings(r, e, "names", &nm->na);
			}
		}
	} else if (!v) {
		yread_fail(r, top, "needs names: one list per level below the root");
	}
	if ((v = ymap_get(top, "attrs")) && yread_is(r, v, Y_MAP, "attrs"))
		for (size_t i = 0; i + 1 < v->n; i += 2) {
			int level = config_level_index(cfg, v->items[i]->val);
			if (level < 1) {
				yread_fail(r, v->items[i], "attrs: '%s' is not a level below the root", v->items[i]->val);
				continue;
			}
			d->attrs[level - 1] = templates(r, v->items[i + 1], "attrs", &d->nattrs[level - 1]);
			for (size_t k = 0; k < d->nattrs[level - 1]; k++) {
				int known = 0;
				for (size_t a = 0; a < cfg->levels[level].nattrs; a++)
					known |= !strcmp(cfg->levels[level].attrs[a].key, d->attrs[level - 1][k].key);
				if (!known)
					yread_fail(r, v->items[i + 1], "level '%s' has no attribute '%s'", v->items[i]->val,
					     d->attrs[level - 1][k].key);
			}
		}
	if ((v = ymap_get(top, "people")) && yread_is(r, v, Y_SEQ, "people")) {
		if (v->n != 2)
			yread_fail(r, v, "people needs two lists: surnames and given names");
		else {
			d->surnames = yread_strings(r, v->items[0], "people", &d->nsurnames);
			d->given = yread_strings(r, v->items[1], "people", &d->ngiven);
		}
	}
	if ((v = ymap_get(top, "places")))
		d->places = yread_strings(r, v, "places", &d->nplaces);
}

static void read_cases(yread *r, const ynode *top, demo_cfg *d)
{
	const ynode *c = ymap_get(top, "cases"), *v;
	if (!c)
		return;
	if (!yread_is(r, c, Y_MAP, "cases"))
		return;
	const gc_form *f = NULL;
	if ((v = ymap_get(c, "form")) && yread_is(r, v, Y_SCALAR, "form")) {
		d->form = xstrdup(v->val);
		if (!(f = config_form(r->cfg, v->val)) || !f->wf)
			yread_fail(r, v, "cases: '%s' is not a form with a workflow", v->val);
	} else if (!v) {
		yread_fail(r, c, "cases needs form: FORM");
	}
	if ((v = ymap_get(c, "category")) && yread_is(r, v, Y_SCALAR, "category")) {
		int fi = f ? config_field_index(f, v->val) : -1;
		d->category = xstrdup(v->val);
		if (f && (fi < 0 || f->fields[fi].type != FT_CHOICE))
			yread_fail(r, v, "cases: '%s' is not a choice field of form '%s'", v->val, f->key);
	}
	if ((v = ymap_get(c, "weights")) && yread_is(r, v, Y_MAP, "weights")) {
		d->wkeys = xcalloc(v->n / 2 + 1, sizeof *d->wkeys);
		d->weights = xcalloc(v->n / 2 + 1, sizeof *d->weights);
		for (size_t i = 0; i + 1 < v->n; i += 2)
			if (yread_is(r, v->items[i + 1], Y_SCALAR, "weights")) {
				d->wkeys[d->nweights] = xstrdup(v->items[i]->val);
				d->weights[d->nweights++] = (unsigned)atoi(v->items[i + 1]->val);
			}
	}
	if ((v = ymap_get(c, "fields"))) {
		d->fields = templates(r, v, "fields", &d->nfields);
		for (size_t i = 0; f && i < d->nfields; i++)
			if (config_field_index(f, d->fields[i].key) < 0)
				yread_fail(r, v, "cases: form '%s' has no field '%s'", f->key, d->fields[i].key);
	}
	if ((v = ymap_get(c, "filled")) && yread_is(r, v, Y_SCALAR, "filled"))
		d->filled = xstrdup(v->val);
	if ((v = ymap_get(c, "creator")) && yread_is(r, v, Y_SCALAR, "creator"))
		d->creator = xstrdup(v->val);
}

static void read_records(yread *r, const ynode *top, demo_cfg *d)
{
	const ynode *list = ymap_get(top, "records"), *v;
	if (!list || !yread_is(r, list, Y_SEQ, "records"))
		return;
	d->records = xcalloc(list->n + 1, sizeof *d->records);
	for (size_t i = 0; i < list->n; i++) {
		const ynode *e = list->items[i];
		struct demo_records *rec = &d->records[d->nrecords];
		if (!yread_is(r, e, Y_MAP, "a records entry"))
			continue;
		d->nrecords++;
		rec->form = yread_text(r, e, "form");
		const gc_form *f = rec->form ? config_form(r->cfg, rec->form) : NULL;
		if (rec->form && !f)
			yread_fail(r, e, "records: undefined form '%s'", rec->form);
		rec->level = f ? f->at_level : -1;
		rec->count = (v = ymap_get(e, "count")) && v->kind == Y_SCALAR ? (unsigned)atoi(v->val) : 1;
		/* total: N records in all, in turn over the level's nodes (the first `nodes:` of them). */
		if ((v = ymap_get(e, "total")) && yread_is(r, v, Y_SCALAR, "total"))
			rec->total = (unsigned)atoi(v->val);
		if ((v = ymap_get(e, "nodes")) && yread_is(r, v, Y_SCALAR, "nodes")) {
			rec->nodes = (unsigned)atoi(v->val);
			if (!rec->total)
				yread_fail(r, v, "records: nodes: goes with total:");
		}
		if ((v = ymap_get(e, "fields")))
			rec->fields = templates(r, v, "fields", &rec->nfields);
		if ((v = ymap_get(e, "done")))
			rec->done = templates(r, v, "done", &rec->ndone);
		rec->state = -1;
		if ((v = ymap_get(e, "state")) && yread_is(r, v, Y_SCALAR, "state")) {
			for (size_t k = 0; f && f->wf && k < f->wf->nstates && rec->state < 0; k++)
				if (!strcmp(f->wf->states[k].key, v->val))
					rec->state = (int)k;
			if (f && rec->state < 0)
				yread_fail(r, v, "records: form '%s' has no state '%s'", f->key, v->val);
		}
		for (size_t k = 0; f && k < rec->nfields + rec->ndone; k++) {
			const char *key = k < rec->nfields ? rec->fields[k].key : rec->done[k - rec->nfields].key;
			if (config_field_index(f, key) < 0)
				yread_fail(r, e, "records: form '%s' has no field '%s'", f->key, key);
		}
	}
	/* A share for every matching, or {matching: share} each its own. */
	if ((v = ymap_get(top, "match_percent")) && v->kind == Y_MAP) {
		d->match_keys = xcalloc(v->n / 2 + 1, sizeof *d->match_keys);
		d->match_percents = xcalloc(v->n / 2 + 1, sizeof *d->match_percents);
		for (size_t i = 0; i + 1 < v->n; i += 2) {
			int known = 0;
			for (size_t j = 0; j < r->cfg->nmatchings; j++)
				known |= !strcmp(r->cfg->matchings[j].key, v->items[i]->val);
			if (!known)
				yread_fail(r, v->items[i], "match_percent: undefined matching '%s'", v->items[i]->val);
			if (yread_is(r, v->items[i + 1], Y_SCALAR, "match_percent")) {
				d->match_keys[d->nmatch] = xstrdup(v->items[i]->val);
				d->match_percents[d->nmatch++] = (unsigned)atoi(v->items[i + 1]->val);
			}
		}
	} else if (v && yread_is(r, v, Y_SCALAR, "match_percent")) {
		d->match_percent = (unsigned)atoi(v->val);
	}
}

/* ---- staff: one person per node of a level, as configured users ---- */

typedef struct demo_staff_entry staff_spec;

/* The logins taken so far (open addressing on FNV-1a, the strings the
 * users own): each staff login is checked in O(1), not against every
 * user before it (672 staff in the demo: 225,000 comparisons at every
 * start). */
typedef struct login_set {
	const char **slot;
	size_t cap, n;
	size_t users_cap;   /* room in cfg->users, grown by doubling */
} login_set;

static const char **set_slot(login_set *s, const char *login)
{
	size_t i = (size_t)hash_str(login) & (s->cap - 1);
	while (s->slot[i] && strcmp(s->slot[i], login))
		i = (i + 1) & (s->cap - 1);
	return &s->slot[i];
}

static void set_add(login_set *s, const char *login)
{
	if (2 * (s->n + 1) > s->cap) {
		login_set g = { xcalloc(2 * s->cap, sizeof *g.slot), 2 * s->cap, 0, s->users_cap };
		for (size_t i = 0; i < s->cap; i++)
			if (s->slot[i])
				set_add(&g, s->slot[i]);
		free(s->slot);
		*s = g;
	}
	const char **at = set_slot(s, login);
	if (!*at) {
		*at = login;
		s->n++;
	}
}

/* Append n bytes of s at *at in out (size cap), cut as snprintf cuts: the
 * staff's logins, names and codes are made for every node at every start,
 * where snprintf was a tenth of a short command's instructions. */
static void cat(char *out, size_t cap, size_t *at, const char *s, size_t n)
{
	if (*at + n > cap - 1)
		n = cap - 1 - *at;
	memcpy(out + *at, s, n);
	*at += n;
	out[*at] = 0;
}

static void add_staff(gc_config *cfg, const demo_cfg *d, login_set *taken, const staff_spec *sp, const char *code)
{
	const char *suffix = code + strlen(d->root_code), *at = strstr(sp->login, "{node}");
	char login[128], name[128];
	size_t ll = 0, nl = 0;
	cat(login, sizeof login, &ll, sp->login, at ? (size_t)(at - sp->login) : strlen(sp->login));
	cat(login, sizeof login, &ll, suffix, strlen(suffix));
	if (at)
		cat(login, sizeof login, &ll, at + 6, strlen(at + 6));
	if (*set_slot(taken, login))
		return;   /* a configured person of that login comes first */
	uint64_t h = hash_str(code);   /* the same name every time */
	const char *sur = d->surnames[h % d->nsurnames], *given = d->ngiven ? d->given[(h >> 16) % d->ngiven] : "";
	cat(name, sizeof name, &nl, sur, strlen(sur));
	cat(name, sizeof name, &nl, given, strlen(given));
	if (cfg->nusers + 2 > taken->users_cap)   /* doubling: not one copy of every user per staff member */
		cfg->users = xrealloc(cfg->users, (taken->users_cap = 2 * (cfg->nusers + 2)) * sizeof *cfg->users);
	cfg->users[cfg->nusers++] = (gc_user){ .login = xstrdup(login), .name = xstrdup(name), .role = sp->role,
						.node = xstrdup(code) };
	set_add(taken, cfg->users[cfg->nusers - 1].login);
}

/* Every node of the demo tree at sp->level, by the same codes demo.c makes. */
static void staff_under(gc_config *cfg, const demo_cfg *d, login_set *taken, const staff_spec *sp, const char *code,
			int level)
{
	if (level == sp->level) {
		add_staff(cfg, d, taken, sp, code);
		return;
	}
	if (level >= (int)d->depth + 1 || level < 0)
		return;
	size_t cl = strlen(code);
	for (unsigned i = 0; i < d->children[level]; i++) {
		char child[64], num[16];
		int nd = 0;
		for (unsigned v = i + 1; v; v /= 10)
			num[sizeof num - 1 - nd++] = (char)('0' + v % 10);
		while (nd < d->digits)   /* "%0*u" */
			num[sizeof num - 1 - nd++] = '0';
		size_t at = 0;
		cat(child, sizeof child, &at, code, cl);
		cat(child, sizeof child, &at, num + sizeof num - nd, (size_t)nd);
		staff_under(cfg, d, taken, sp, child, level + 1);
	}
}

int config_staff_on_demand;

/* Staff made on demand join cfg->users while the command holds pointers
 * into it (its own user, a record's people): the room for all of them is
 * made now, at load, so adding them later never moves the array. 0 when
 * the tree is too big to reserve for (then they are made now). */
static int reserve_staff(gc_config *cfg, demo_cfg *d)
{
	size_t room = cfg->nusers + 2;   /* add_staff keeps two spare */
	for (size_t i = 0; i < d->nstaff; i++) {
		size_t nodes = 1;
		for (int l = 0; l < d->staff[i].level && l < (int)d->depth + 1; l++)
			if ((nodes *= d->children[l]) > 1000000)
				return 0;
		room += nodes;
	}
	cfg->users = xrealloc(cfg->users, room * sizeof *cfg->users);
	d->users_room = room;
	return 1;
}

static void make_staff(gc_config *cfg)
{
	demo_cfg *d = cfg->demo;
	if (!d || d->staff_made)
		return;
	d->staff_made = 1;
	login_set taken = { xcalloc(256, sizeof *taken.slot), 256, 0, d->users_room };
	for (size_t i = 0; i < cfg->nusers; i++)
		set_add(&taken, cfg->users[i].login);
	for (size_t i = 0; i < d->nstaff; i++)
		staff_under(cfg, d, &taken, &d->staff[i], d->root_code, 0);
	free(taken.slot);
}

void config_make_staff(const gc_config *cfg)
{
	if (!cfg->demo || cfg->demo->staff_made)
		return;
	gc_config *own = (gc_config *)cfg;   /* the one change after load: see config.h */
	make_staff(own);
	config_index_users(own);
}

/* The staff entries, checked now; their users made now or on demand. */
static void read_staff(yread *r, const ynode *top, demo_cfg *d, gc_config *cfg)
{
	const ynode *list = ymap_get(top, "staff");
	d->staff_made = 1;   /* none to make unless the entries below are sound */
	if (!list || !yread_is(r, list, Y_SEQ, "staff") || !d->root_code)
		return;
	d->staff = xcalloc(list->n + 1, sizeof *d->staff);
	for (size_t i = 0; i < list->n; i++) {
		const ynode *e = list->items[i], *v;
		if (!yread_is(r, e, Y_MAP, "a staff entry"))
			continue;
		staff_spec sp = { -1, -1, NULL };
		const char *login = NULL;
		if ((v = ymap_get(e, "level")) && yread_is(r, v, Y_SCALAR, "level") &&
		    (sp.level = config_level_index(cfg, v->val)) < 1)
			yread_fail(r, v, "staff: '%s' is not a level below the root", v->val);
		if ((v = ymap_get(e, "role")) && yread_is(r, v, Y_SCALAR, "role") &&
		    (sp.role = config_role_index(cfg, v->val)) < 0)
			yread_fail(r, v, "staff: undefined role '%s'", v->val);
		if ((v = ymap_get(e, "login")) && yread_is(r, v, Y_SCALAR, "login"))
			login = v->val;
		if (sp.level < 1 || sp.role < 0 || !login) {
			if (!r->bad)
				yread_fail(r, e, "staff needs {level: LEVEL, role: ROLE, login: TEMPLATE}");
			continue;
		}
		sp.login = xstrdup(login);   /* the tree is freed after the load */
		d->staff[d->nstaff++] = sp;
	}
	/* With no configured user the staff are all of them: made now, so
	 * "no users" (a single-user install) never stands for them. */
	d->staff_made = 0;
	if (!config_staff_on_demand || !cfg->nusers || !reserve_staff(cfg, d))
		make_staff(cfg);
}

void config_read_demo(const ynode *top, gc_config *cfg, gc_errs *errs)
{
	yread r = { cfg, errs, "demo", 0 };
	if (!yread_is(&r, top, Y_MAP, "demo"))
		return;
	demo_cfg *out = cfg->demo = xcalloc(1, sizeof *cfg->demo);
	read_tree(&r, top, out);
	read_cases(&r, top, out);
	read_records(&r, top, out);
	if (!out->surnames) {
		out->surnames = xcalloc(2, sizeof *out->surnames);
		out->surnames[out->nsurnames++] = xstrdup("demo");
	}
	read_staff(&r, top, out, cfg);
}

static void free_kv(demo_kv *kv, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(kv[i].key);
		free(kv[i].tpl);
	}
	free(kv);
}

void config_demo_free(demo_cfg *d)
{
	free(d->root_code);
	free(d->root_name);
	for (size_t i = 0; i < GC_MAX_DEPTH; i++) {
		strv_free(d->names[i].a, d->names[i].na);
		strv_free(d->names[i].b, d->names[i].nb);
		free_kv(d->attrs[i], d->nattrs[i]);
	}
	strv_free(d->surnames, d->nsurnames);
	strv_free(d->given, d->ngiven);
	strv_free(d->places, d->nplaces);
	free(d->form);
	free(d->category);
	strv_free(d->wkeys, d->nweights);
	free(d->weights);
	free_kv(d->fields, d->nfields);
	free(d->filled);
	free(d->creator);
	for (size_t i = 0; i < d->nmatch; i++)
		free(d->match_keys[i]);
	free(d->match_keys);
	free(d->match_percents);
	for (size_t i = 0; i < d->nstaff; i++)
		free(d->staff[i].login);
	free(d->staff);
	for (size_t i = 0; i < d->nrecords; i++) {
		free(d->records[i].form);
		free_kv(d->records[i].fields, d->records[i].nfields);
		free_kv(d->records[i].done, d->records[i].ndone);
	}
	free(d->records);
	memset(d, 0, sizeof *d);
}
