/* SPDX-License-Identifier: MIT */
/* config_measure.c - the measures: and ranking: sections of the
 * configuration (docs/configuration.md): measures over the fields of a
 * form's records, beside the workflow's counts, and the flags a ranking
 * gives its bottom rows. Read by config_load once the forms are in; the
 * counting is src/core/measure.c, the ranking src/core/rank.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "config/yread.h"

const char *const gc_measure_kinds[] = { "average", "share", "count", "ratio", NULL };

static const char *const measure_keys[] = {
	"label", "form", "kind", "field", "value", "where", "by", "per", "better", NULL,
};

const gc_measure *config_measure(const gc_config *cfg, const char *key)
{
	for (size_t i = 0; i < cfg->nmeasures; i++)
		if (!strcmp(cfg->measures[i].key, key))
			return &cfg->measures[i];
	return NULL;
}

/* A field of the measure's form, of type type (-1: any), or NULL with an error. */
static const gc_field *form_field(yread *r, const ynode *at, const gc_form *f, const char *key, int type,
				  const char *what)
{
	int fi = f && key ? config_field_index(f, key) : -1;
	if (fi < 0 || (type >= 0 && f->fields[fi].type != type)) {
		yread_fail(r, at, "form '%s' has no %s field '%s' (%s)", f ? f->key : "?",
			   type >= 0 ? gc_ftype_names[type] : "", key ? key : "", what);
		return NULL;
	}
	return &f->fields[fi];
}

/* A value as the field stores it (是 -> true), or NULL with an error. */
static char *canonical(yread *r, const ynode *at, const gc_field *f, const char *in)
{
	gc_buf out;
	char msg[300];
	buf_init(&out);
	const char *why = field_canonical(r->cfg, f, in, &out, msg, sizeof msg);
	if (why) {
		yread_fail(r, at, "value '%s' of field '%s': %s", in, f->key, why);
		buf_free(&out);
		return NULL;
	}
	return out.p ? out.p : xstrdup("");
}

static void read_where(yread *r, const ynode *w, const gc_form *f, gc_measure *m)
{
	if (!yread_is(r, w, Y_MAP, "where: {FIELD: VALUE}"))
		return;
	if (w->n != 2 || w->items[1]->kind != Y_SCALAR) {
		yread_fail(r, w, "where: names one field and its value ({FIELD: VALUE})");
		return;
	}
	if ((m->where = form_field(r, w, f, w->items[0]->val, -1, "where")))
		m->where_value = canonical(r, w->items[1], m->where, w->items[1]->val);
}

static void read_kind(yread *r, const ynode *n, const gc_form *f, gc_measure *m)
{
	const ynode *v;
	char *field = (v = ymap_get(n, "field")) ? yread_scalar(r, v, "field") : NULL;
	if (m->kind == MEASURE_AVERAGE)
		m->field = field ? form_field(r, v, f, field, FT_INT, "average") : NULL;
	else if (m->kind == MEASURE_SHARE)
		m->field = field ? form_field(r, v, f, field, -1, "share") : NULL;
	else if (field)
		yread_fail(r, v, "a %s measure takes no field:", gc_measure_kinds[m->kind]);
	if (!field && (m->kind == MEASURE_AVERAGE || m->kind == MEASURE_SHARE))
		yread_fail(r, n, "a %s measure needs field:", gc_measure_kinds[m->kind]);
	free(field);
	if ((v = ymap_get(n, "value"))) {
		char *val = yread_scalar(r, v, "value");
		if (m->kind != MEASURE_SHARE)
			yread_fail(r, v, "value: belongs to a share measure");
		else if (val && m->field)
			m->value = canonical(r, v, m->field, val);
		free(val);
	}
	if ((v = ymap_get(n, "by"))) {
		char *by = yread_scalar(r, v, "by");
		if (m->kind != MEASURE_COUNT)
			yread_fail(r, v, "by: belongs to a count measure");
		else if (by)
			m->by = form_field(r, v, f, by, FT_CHOICE, "by");
		free(by);
	}
	if ((v = ymap_get(n, "per"))) {
		m->per = yread_scalar(r, v, "per");
		if (m->kind != MEASURE_RATIO)
			yread_fail(r, v, "per: belongs to a ratio measure");
		else if (m->per && !config_form(r->cfg, m->per))
			yread_fail(r, v, "undefined form '%s'", m->per);
	} else if (m->kind == MEASURE_RATIO) {
		yread_fail(r, n, "a ratio measure needs per: FORM");
	}
}

static void read_measure(yread *r, const ynode *key, const ynode *n, gc_measure *m)
{
	const ynode *v;
	m->key = yread_name(r, key, "measure key");
	if (!m->key)
		m->key = xstrdup(key->val ? key->val : "");
	if (!yread_is(r, n, Y_MAP, "a measure {label, form, kind, ...}"))
		return;
	yread_keys(r, n, "measure", measure_keys);
	m->label = (v = ymap_get(n, "label")) ? yread_scalar(r, v, "label") : xstrdup(m->key);
	m->form = yread_text(r, n, "form");
	const gc_form *f = m->form ? config_form(r->cfg, m->form) : NULL;
	if (m->form && !f)
		yread_fail(r, ymap_get(n, "form"), "undefined form '%s'", m->form);
	char *kind = yread_text(r, n, "kind");
	m->kind = -1;
	for (int i = 0; kind && gc_measure_kinds[i]; i++)
		if (!strcmp(kind, gc_measure_kinds[i]))
			m->kind = i;
	if (kind && m->kind < 0)
		yread_fail(r, ymap_get(n, "kind"), "kind must be average, share, count or ratio, not '%s'", kind);
	free(kind);
	if ((v = ymap_get(n, "better"))) {
		char *b = yread_scalar(r, v, "better");
		if (b && strcmp(b, "higher") && strcmp(b, "lower"))
			yread_fail(r, v, "better must be higher or lower, not '%s'", b);
		m->lower_better = b && !strcmp(b, "lower");
		free(b);
	}
	if (!f || m->kind < 0)
		return;
	read_kind(r, n, f, m);
	if ((v = ymap_get(n, "where")))
		read_where(r, v, f, m);
}

/* The built-in keys a ranking takes besides the measures (rank.c). */
static int builtin_key(const char *k)
{
	static const char *const keys[] = { "reported", "open", "overdue", "closed", "closed_rate",
					    "on_time_rate", "hours", NULL };
	for (size_t i = 0; keys[i]; i++)
		if (!strcmp(keys[i], k))
			return 1;
	return !strncmp(k, "rate_", 5);
}

void config_read_measures(const ynode *top, gc_config *cfg, gc_errs *errs)
{
	yread r = { cfg, errs, "measures", 0 };
	if (!yread_is(&r, top, Y_MAP, "measures"))
		return;
	cfg->measures = xcalloc(top->n / 2 + 1, sizeof *cfg->measures);
	for (size_t i = 0; i + 1 < top->n; i += 2) {
		gc_measure *m = &cfg->measures[cfg->nmeasures];
		read_measure(&r, top->items[i], top->items[i + 1], m);
		if (m->key && builtin_key(m->key))
			yread_fail(&r, top->items[i], "'%s' is a built-in measure of rankings; choose another key", m->key);
		for (size_t j = 0; j < cfg->nmeasures; j++)
			if (m->key && !strcmp(cfg->measures[j].key, m->key))
				yread_fail(&r, top->items[i], "measure '%s' is defined twice", m->key);
		cfg->nmeasures++;
	}
}

static const char *const flag_keys[] = { "label", "bottom", "below", "measure", NULL };

static void read_flag(yread *r, const ynode *n, gc_rank_flag *fl)
{
	const ynode *v;
	if (!yread_is(r, n, Y_MAP, "a flag {label, bottom: N} or {label, below: VALUE}"))
		return;
	yread_keys(r, n, "flag", flag_keys);
	fl->label = yread_text(r, n, "label");
	if ((v = ymap_get(n, "bottom")) && yread_int(r, v, "bottom", &fl->bottom) && fl->bottom < 1)
		yread_fail(r, v, "bottom: a number of rows, 1 or more");
	if ((v = ymap_get(n, "below")) && yread_is(r, v, Y_SCALAR, "below")) {
		char *end;
		fl->below = strtod(v->val, &end);
		fl->has_below = 1;
		if (end == v->val || *end)
			yread_fail(r, v, "below: a number, not '%s'", v->val);
	}
	if (!ymap_get(n, "bottom") == !fl->has_below)
		yread_fail(r, n, "a flag needs one of bottom: N or below: VALUE");
	if ((v = ymap_get(n, "measure"))) {
		fl->measure = yread_scalar(r, v, "measure");
		if (fl->measure && !builtin_key(fl->measure) && !config_measure(r->cfg, fl->measure))
			yread_fail(r, v, "undefined measure '%s'", fl->measure);
	}
}

void config_read_ranking(const ynode *top, gc_config *cfg, gc_errs *errs)
{
	yread r = { cfg, errs, "ranking", 0 };
	static const char *const keys[] = { "flags", NULL };
	if (!yread_is(&r, top, Y_MAP, "ranking: {flags: [...]}"))
		return;
	yread_keys(&r, top, "ranking", keys);
	const ynode *fl = ymap_get(top, "flags");
	if (!fl || !yread_is(&r, fl, Y_SEQ, "flags: a list of {label, bottom | below, measure}"))
		return;
	cfg->rank_flags = xcalloc(fl->n + 1, sizeof *cfg->rank_flags);
	for (size_t i = 0; i < fl->n; i++)
		read_flag(&r, fl->items[i], &cfg->rank_flags[cfg->nrank_flags++]);
}

void config_measures_free(gc_config *cfg)
{
	for (size_t i = 0; i < cfg->nmeasures; i++) {
		gc_measure *m = &cfg->measures[i];
		free(m->key);
		free(m->label);
		free(m->form);
		free(m->value);
		free(m->where_value);
		free(m->per);
	}
	free(cfg->measures);
	for (size_t i = 0; i < cfg->nrank_flags; i++) {
		free(cfg->rank_flags[i].label);
		free(cfg->rank_flags[i].measure);
	}
	free(cfg->rank_flags);
	cfg->measures = NULL;
	cfg->rank_flags = NULL;
	cfg->nmeasures = cfg->nrank_flags = 0;
}
