/* SPDX-License-Identifier: MIT */
/* config_match.c - the matching: section of the configuration (see
 * docs/configuration.md): which two forms are matched, by which field,
 * within which area (a level, or a pair form: its records' two node fields
 * pair the nodes), and the project that links an accepted pair. Read by
 * config_load with the rest; the matching itself is match.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "config/yread.h"

static const gc_field *field_of(yread *r, const ynode *at, const char *form_key, const char *key, int type)
{
	const gc_form *f = form_key ? config_form(r->cfg, form_key) : NULL;
	int fi = f && key ? config_field_index(f, key) : -1;
	if (f && key && (fi < 0 || (type >= 0 && f->fields[fi].type != type)))
		yread_fail(r, at, "form '%s' has no %s field '%s'", form_key, type == FT_RECORD ? "record" : "", key);
	return fi >= 0 ? &f->fields[fi] : NULL;
}

static void read_side(yread *r, const ynode *n, match_side *s)
{
	if (!yread_is(r, n, Y_MAP, "a side"))
		return;
	s->form = yread_text(r, n, "form");
	s->by = yread_text(r, n, "by");
	s->accepted = yread_text(r, n, "accepted");
	s->project = yread_text(r, n, "project");
	if (s->form && !config_form(r->cfg, s->form))
		yread_fail(r, n, "undefined form '%s'", s->form);
	field_of(r, n, s->form, s->by, -1);
	field_of(r, n, s->form, s->accepted, FT_RECORD);
	field_of(r, n, s->form, s->project, FT_RECORD);
}

/* area: a level, or a form with two node fields whose open records pair
 * their two nodes (a level's key wins; a name that is both is refused). */
static void read_area(yread *r, const ynode *n, gc_matching *m)
{
	char *area = yread_text(r, n, "area");
	const gc_form *pf = area ? config_form(r->cfg, area) : NULL;
	if (area && (m->area = config_level_index(r->cfg, area)) >= 0 && pf)
		yread_fail(r, ymap_get(n, "area"), "area '%s' is both a level and a form", area);
	else if (area && m->area < 0 && pf) {
		for (size_t i = 0; i < pf->nfields && !m->pair_b; i++)
			if (pf->fields[i].type == FT_NODE)
				*(m->pair_a ? &m->pair_b : &m->pair_a) = xstrdup(pf->fields[i].key);
		if (!m->pair_b)
			yread_fail(r, ymap_get(n, "area"), "form '%s' has not two node fields to pair", area);
		m->pair_form = xstrdup(area);
	} else if (area && m->area < 0)
		yread_fail(r, ymap_get(n, "area"), "undefined level or form '%s'", area);
	free(area);
}

static void read_matching(yread *r, const ynode *key, const ynode *n, gc_matching *m)
{
	const ynode *v;
	m->key = xstrdup(key->val);
	m->area = -1;
	if (!yread_is(r, n, Y_MAP, "a matching"))
		return;
	m->label = (v = ymap_get(n, "label")) && v->kind == Y_SCALAR ? xstrdup(v->val) : xstrdup(m->key);
	read_area(r, n, m);
	if ((v = ymap_get(n, "left")))
		read_side(r, v, &m->left);
	else
		yread_fail(r, n, "needs left: {form, by, accepted, project}");
	if ((v = ymap_get(n, "right")))
		read_side(r, v, &m->right);
	else
		yread_fail(r, n, "needs right: {form, by, accepted, project}");
	if (!(v = ymap_get(n, "project")) || !yread_is(r, v, Y_MAP, "project")) {
		if (!v)
			yread_fail(r, n, "needs project: {form, left, right, copy}");
		return;
	}
	m->project_form = yread_text(r, v, "form");
	m->project_left = yread_text(r, v, "left");
	m->project_right = yread_text(r, v, "right");
	if (m->project_form && !config_form(r->cfg, m->project_form))
		yread_fail(r, v, "undefined form '%s'", m->project_form);
	field_of(r, v, m->project_form, m->project_left, FT_RECORD);
	field_of(r, v, m->project_form, m->project_right, FT_RECORD);
	m->project_pair = ymap_get(v, "pair") ? yread_text(r, v, "pair") : NULL;
	const gc_field *pfd = field_of(r, v, m->project_form, m->project_pair, FT_RECORD);
	if (m->project_pair && !m->pair_form)
		yread_fail(r, ymap_get(v, "pair"), "pair: needs an area that is a pair form");
	else if (pfd && pfd->form && strcmp(pfd->form, m->pair_form))
		yread_fail(r, ymap_get(v, "pair"), "field '%s' refers to form '%s', not to the pair form '%s'",
			   m->project_pair, pfd->form, m->pair_form);
	const ynode *c = ymap_get(v, "copy");
	if (c && yread_is(r, c, Y_MAP, "copy")) {
		m->copy = xcalloc(c->n / 2 + 1, sizeof *m->copy);
		for (size_t i = 0; i + 1 < c->n; i += 2) {
			if (!yread_is(r, c->items[i + 1], Y_SCALAR, "copy"))
				continue;
			m->copy[m->ncopy].to = xstrdup(c->items[i]->val);
			m->copy[m->ncopy].from = xstrdup(c->items[i + 1]->val);
			field_of(r, c, m->project_form, m->copy[m->ncopy].to, -1);
			field_of(r, c, m->left.form, m->copy[m->ncopy].from, -1);
			m->ncopy++;
		}
	}
}

void config_read_matching(const ynode *top, gc_config *cfg, gc_errs *errs)
{
	yread r = { cfg, errs, "matching", 0 };
	if (!yread_is(&r, top, Y_MAP, "matching"))
		return;
	cfg->matchings = xcalloc(top->n / 2 + 1, sizeof *cfg->matchings);
	for (size_t i = 0; i + 1 < top->n; i += 2)
		read_matching(&r, top->items[i], top->items[i + 1], &cfg->matchings[cfg->nmatchings++]);
}

static void free_side(match_side *s)
{
	free(s->form);
	free(s->by);
	free(s->accepted);
	free(s->project);
}

void config_matching_free(gc_matching *m, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(m[i].key);
		free(m[i].label);
		free_side(&m[i].left);
		free_side(&m[i].right);
		free(m[i].project_form);
		free(m[i].project_left);
		free(m[i].project_right);
		free(m[i].project_pair);
		free(m[i].pair_form);
		free(m[i].pair_a);
		free(m[i].pair_b);
		for (size_t j = 0; j < m[i].ncopy; j++) {
			free(m[i].copy[j].to);
			free(m[i].copy[j].from);
		}
		free(m[i].copy);
	}
	free(m);
}
