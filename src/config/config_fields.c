/* SPDX-License-Identifier: MIT */
/* config_fields.c - the configuration's fields: types, rules, choices (and their own time limits).
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

static const char *const field_keys[] = {
	"key", "label", "type", "required", "default", "min", "max", "pattern", "hint",
	"choices", "form", "readonly", "level", "search", NULL,
};

/* Fields searched through the n-gram index unless the configuration says
 * otherwise (search: false); any other text field with search: true. */
static int searched_by_default(const char *key)
{
	static const char *const keys[] = { "title", "location", "reporter", "phone", NULL };
	for (size_t i = 0; keys[i]; i++)
		if (!strcmp(key, keys[i]))
			return 1;
	return 0;
}

static void parse_search(loader *ld, const ynode *n, gc_field *f, const char *what)
{
	const ynode *v = ymap_get(n, "search");
	f->search = f->type == FT_TEXT && f->key && searched_by_default(f->key);
	if (v) {
		yread_bool(&ld->r, v, "search", &f->search);
		if (f->search && f->type != FT_TEXT)
			yread_fail(&ld->r, v, "%s: search applies to text fields only (longtext is searched by a scan)", what);
	}
}

/* Bytes order, shorter first on a common prefix: the order
 * config_choice_index searches in. */
static int cmp_bytes(const char *a, size_t an, const char *b, size_t bn)
{
	int c = memcmp(a, b, an < bn ? an : bn);
	return c ? c : (an > bn) - (an < bn);
}

static int cmp_choice(const void *x, const void *y, void *field)
{
	const gc_field *f = field;
	const char *a = f->choices[*(const size_t *)x], *b = f->choices[*(const size_t *)y];
	return cmp_bytes(a, strlen(a), b, strlen(b));
}

static void sort_choices(gc_field *f)
{
	f->choice_order = xcalloc(f->nchoices + 1, sizeof *f->choice_order);
	for (size_t i = 0; i < f->nchoices; i++)
		f->choice_order[i] = i;
	qsort_r(f->choice_order, f->nchoices, sizeof *f->choice_order, cmp_choice, f);
}

/* A choice given as {value: V, sla: LIMIT}: a category with its own time
 * limit (see sla_by). Sets *value to the value's node. Returns 0 when the
 * mapping is unusable (already reported). */

static int parse_choice_map(loader *ld, const ynode *n, const gc_field *f, const char *what, const ynode **value,
			    gc_sla *sla)
{
	static const char *const keys[] = { "value", "sla", NULL };
	const ynode *v;
	yread_keys(&ld->r, n, "choice", keys);
	if (!(*value = ymap_get(n, "value"))) {
		yread_fail(&ld->r, n, "%s: a choice written as a mapping needs value: (and may have sla:)", what);
		return 0;
	}
	if ((v = ymap_get(n, "sla")) && yread_is(&ld->r, v, Y_SCALAR, "sla")) {
		if (f->type != FT_CHOICE)
			yread_fail(&ld->r, v, "%s: only the choices of a choice field may have a time limit", what);
		else if (sla_parse(v->val, &ld->cfg->cal, sla))
			yread_fail(&ld->r, v, "%s: bad time limit '%s' (expected e.g. 4wh, 15wd, 2h, 3d, 30m)", what, v->val);
	}
	return 1;
}

/* pattern: (a PCRE2 the whole value must match) and hint: (what a value
 * looks like, in words: shown to people in place of the pattern). */
static void parse_pattern(loader *ld, const ynode *n, gc_field *f, const char *what)
{
	const ynode *v;
	if ((v = ymap_get(n, "pattern")) && yread_is(&ld->r, v, Y_SCALAR, "pattern")) {
		if (f->type != FT_TEXT && f->type != FT_LONGTEXT && f->type != FT_INT)
			yread_fail(&ld->r, v, "%s: a pattern applies to text and int fields only", what);
		char msg[300];
		f->re = pattern_compile(v->val, msg, sizeof msg);
		if (!f->re) {
			yread_fail(&ld->r, v, "%s: bad pattern '%s': %s", what, v->val, msg);
		} else {
			f->pattern = xstrdup(v->val);
		}
	}
	if ((v = ymap_get(n, "hint")) && yread_is(&ld->r, v, Y_SCALAR, "hint")) {
		const char *why = text_refusal(v->val, strlen(v->val), 0);
		if (why)
			yread_fail(&ld->r, v, "%s: hint %s", what, why);
		else
			f->hint = xstrdup(v->val);
	}
}

void config_parse_field(loader *ld, const ynode *n, gc_field *f, const char *owner)
{
	memset(f, 0, sizeof *f);
	f->type = FT_TEXT;
	char what[160];
	if (!yread_is(&ld->r, n, Y_MAP, "a field"))
		return;
	yread_keys(&ld->r, n, "field", field_keys);
	const ynode *k = ymap_get(n, "key");
	if (!k) {
		yread_fail(&ld->r, n, "field of %s has no key", owner);
		return;
	}
	f->key = yread_name(&ld->r, k, "field key");
	if (!f->key)
		return;
	snprintf(what, sizeof what, "field '%s' of %s", f->key, owner);
	for (const char *const *r = config_reserved_fields; *r; r++)
		if (!strcmp(*r, f->key))
			yread_fail(&ld->r, k, "%s: '%s' is reserved for the record itself; choose another key", what, f->key);
	const ynode *v;
	f->label = (v = ymap_get(n, "label")) ? yread_scalar(&ld->r, v, "label") : NULL;
	if (!f->label)
		f->label = xstrdup(f->key);
	if ((v = ymap_get(n, "type"))) {
		int t = -1;
		if (yread_is(&ld->r, v, Y_SCALAR, "type"))
			for (int i = 0; i < FT_COUNT; i++)
				if (!strcmp(gc_ftype_names[i], v->val))
					t = i;
		if (t < 0 && v->kind == Y_SCALAR)
			yread_fail(&ld->r, v, "%s: unknown type '%s' (expected text, longtext, int, date, datetime, choice, multichoice, bool, user, node or record)",
			    what, v->val);
		f->type = t < 0 ? FT_TEXT : t;
	}
	if ((v = ymap_get(n, "required")))
		yread_bool(&ld->r, v, "required", &f->required);
	if ((v = ymap_get(n, "readonly")))
		yread_bool(&ld->r, v, "readonly", &f->readonly);
	parse_search(ld, n, f, what);
	const ynode *minn = ymap_get(n, "min"), *maxn = ymap_get(n, "max");
	if (f->type == FT_DATE) {
		long day;
		if (minn && yread_is(&ld->r, minn, Y_SCALAR, "min")) {
			if (date_parse(minn->val, &day))
				yread_fail(&ld->r, minn, "%s: min must be a date YYYY-MM-DD, found '%s'", what, minn->val);
			else
				f->min_date = xstrdup(minn->val);
		}
		if (maxn && yread_is(&ld->r, maxn, Y_SCALAR, "max")) {
			if (date_parse(maxn->val, &day))
				yread_fail(&ld->r, maxn, "%s: max must be a date YYYY-MM-DD, found '%s'", what, maxn->val);
			else
				f->max_date = xstrdup(maxn->val);
		}
	} else if (minn || maxn) {
		if (f->type != FT_TEXT && f->type != FT_LONGTEXT && f->type != FT_INT)
			yread_fail(&ld->r, minn ? minn : maxn, "%s: min and max apply to text, longtext, int and date fields only", what);
		if (minn)
			f->has_min = yread_int(&ld->r, minn, "min", &f->min);
		if (maxn)
			f->has_max = yread_int(&ld->r, maxn, "max", &f->max);
		if (f->has_min && f->has_max && f->min > f->max)
			yread_fail(&ld->r, minn, "%s: min %lld is greater than max %lld", what, f->min, f->max);
	}
	parse_pattern(ld, n, f, what);
	v = ymap_get(n, "choices");
	if (f->type == FT_CHOICE || f->type == FT_MULTICHOICE) {
		if (!v) {
			yread_fail(&ld->r, n, "%s: a %s field needs choices: [...]", what, gc_ftype_names[f->type]);
		} else if (yread_is(&ld->r, v, Y_SEQ, "choices")) {
			f->choices = xcalloc(v->n, sizeof *f->choices);
			f->choice_sla = xcalloc(v->n, sizeof *f->choice_sla);
			for (size_t i = 0; i < v->n; i++) {
				const ynode *item = v->items[i];
				gc_sla sla = { SLA_NONE, 0 };
				if (item->kind == Y_MAP && !parse_choice_map(ld, item, f, what, &item, &sla))
					continue;
				char *c = yread_scalar(&ld->r, item, "choice");
				if (!c)
					continue;
				if (f->type == FT_MULTICHOICE && strchr(c, ';'))
					yread_fail(&ld->r, item, "%s: a choice of a multichoice field may not contain ';'", what);
				for (size_t j = 0; j < f->nchoices; j++)
					if (!strcmp(f->choices[j], c))
						yread_fail(&ld->r, item, "%s: duplicate choice '%s'", what, c);
				f->choice_sla[f->nchoices] = sla;
				f->choices[f->nchoices++] = c;
			}
			if (f->nchoices == 0)
				yread_fail(&ld->r, v, "%s: choices must not be empty", what);
			sort_choices(f);
		}
	} else if (v) {
		yread_fail(&ld->r, v, "%s: choices apply to choice and multichoice fields only", what);
	}
	if ((v = ymap_get(n, "form"))) {
		if (f->type != FT_RECORD)
			yread_fail(&ld->r, v, "%s: form applies to record fields only", what);
		else
			f->form = yread_name(&ld->r, v, "form");
	}
	if ((v = ymap_get(n, "level")) && yread_is(&ld->r, v, Y_SCALAR, "level")) {
		int li = config_level_index(ld->cfg, v->val);
		if (f->type != FT_NODE)
			yread_fail(&ld->r, v, "%s: level applies to node fields only", what);
		else if (li < 0)
			yread_fail(&ld->r, v, "%s: undefined level '%s'", what, v->val);
		else
			f->node_level = li + 1;
	}
	if ((v = ymap_get(n, "default")) && yread_is(&ld->r, v, Y_SCALAR, "default")) {
		ld->pending = xrealloc(ld->pending, (ld->npending + 1) * sizeof *ld->pending);
		ld->pending[ld->npending].f = f;
		ld->pending[ld->npending].n = v;
		ld->npending++;
	}
}

void config_parse_fields(loader *ld, const ynode *n, gc_field **out, size_t *count, const char *owner)
{
	*out = NULL;
	*count = 0;
	if (!yread_is(&ld->r, n, Y_SEQ, "fields"))
		return;
	*out = xcalloc(n->n, sizeof **out);
	for (size_t i = 0; i < n->n; i++) {
		gc_field *f = &(*out)[*count];
		config_parse_field(ld, n->items[i], f, owner);
		if (!f->key)
			continue;
		for (size_t j = 0; j < *count; j++)
			if (!strcmp((*out)[j].key, f->key))
				yread_fail(&ld->r, n->items[i], "%s: duplicate field key '%s'", owner, f->key);
		(*count)++;
	}
}

void config_free_field(gc_field *f)
{
	free(f->key);
	free(f->label);
	free(f->def);
	free(f->min_date);
	free(f->max_date);
	pattern_free(f->re);
	free(f->pattern);
	free(f->hint);
	strv_free(f->choices, f->nchoices);
	free(f->choice_sla);
	free(f->choice_order);
	free(f->form);
}

