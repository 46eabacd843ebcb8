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
#include "gridcase/config.h"
#include "config/yread.h"
#include "gridcase/i18n.h"
#include "gridcase/text.h"

const char *const gc_ftype_names[FT_COUNT] = {
	"text", "longtext", "int", "date", "datetime", "choice",
	"multichoice", "bool", "user", "node", "record",
};

/* Field keys the store uses for every record; forms may not reuse them. */
static const char *const reserved_fields[] = {
	"id", "form", "node", "state", "version", "created", "updated", "due",
	"creator", "assignee", NULL,
};

/* Things checked once everything is parsed, remembered with where they
 * were written: field defaults (they may name users) and the roles of
 * transitions (workflows are read before roles). */
typedef struct pending_default {
	gc_field *f;
	const ynode *n;
} pending_default;

typedef struct pending_roles {
	gc_transition *t;
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
} loader;

/* ---- fields ---------------------------------------------------------- */

static const char *const field_keys[] = {
	"key", "label", "type", "required", "default", "min", "max", "pattern",
	"choices", "form", "readonly", NULL,
};


/* A choice given as {value: V, sla: LIMIT}: a category with its own time
 * limit (see sla_by). Sets *value to the value's node. Returns 0 when the
 * mapping is unusable (already reported). */
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

static void parse_field(loader *ld, const ynode *n, gc_field *f, const char *owner)
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
	for (const char *const *r = reserved_fields; *r; r++)
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
	if ((v = ymap_get(n, "pattern")) && yread_is(&ld->r, v, Y_SCALAR, "pattern")) {
		if (f->type != FT_TEXT && f->type != FT_LONGTEXT && f->type != FT_INT)
			yread_fail(&ld->r, v, "%s: a pattern applies to text and int fields only", what);
		int rc = regcomp(&f->re, v->val, REG_EXTENDED);
		if (rc) {
			char msg[200];
			regerror(rc, &f->re, msg, sizeof msg);
			yread_fail(&ld->r, v, "%s: bad pattern '%s': %s", what, v->val, msg);
		} else {
			f->pattern = xstrdup(v->val);
		}
	}
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
	if ((v = ymap_get(n, "default")) && yread_is(&ld->r, v, Y_SCALAR, "default")) {
		ld->pending = xrealloc(ld->pending, (ld->npending + 1) * sizeof *ld->pending);
		ld->pending[ld->npending].f = f;
		ld->pending[ld->npending].n = v;
		ld->npending++;
	}
}

static void parse_fields(loader *ld, const ynode *n, gc_field **out, size_t *count, const char *owner)
{
	*out = NULL;
	*count = 0;
	if (!yread_is(&ld->r, n, Y_SEQ, "fields"))
		return;
	*out = xcalloc(n->n, sizeof **out);
	for (size_t i = 0; i < n->n; i++) {
		gc_field *f = &(*out)[*count];
		parse_field(ld, n->items[i], f, owner);
		if (!f->key)
			continue;
		for (size_t j = 0; j < *count; j++)
			if (!strcmp((*out)[j].key, f->key))
				yread_fail(&ld->r, n->items[i], "%s: duplicate field key '%s'", owner, f->key);
		(*count)++;
	}
}

/* ---- levels and calendar --------------------------------------------- */

static void parse_levels(loader *ld, const ynode *n)
{
	static const char *const keys[] = { "key", "label", "attrs", NULL };
	gc_config *cfg = ld->cfg;
	if (!yread_is(&ld->r, n, Y_SEQ, "levels"))
		return;
	if (n->n == 0 || n->n > 8) {
		yread_fail(&ld->r, n, "levels: between 1 and 8 levels are needed, found %zu", n->n);
		return;
	}
	cfg->levels = xcalloc(n->n, sizeof *cfg->levels);
	for (size_t i = 0; i < n->n; i++) {
		const ynode *l = n->items[i], *v;
		if (!yread_is(&ld->r, l, Y_MAP, "a level"))
			continue;
		yread_keys(&ld->r, l, "level", keys);
		gc_level *lv = &cfg->levels[cfg->nlevels];
		if (!(v = ymap_get(l, "key"))) {
			yread_fail(&ld->r, l, "level has no key");
			continue;
		}
		if (!(lv->key = yread_name(&ld->r, v, "level key")))
			continue;
		for (size_t j = 0; j < cfg->nlevels; j++)
			if (!strcmp(cfg->levels[j].key, lv->key))
				yread_fail(&ld->r, v, "duplicate level '%s'", lv->key);
		lv->label = (v = ymap_get(l, "label")) ? yread_scalar(&ld->r, v, "label") : NULL;
		if (!lv->label)
			lv->label = xstrdup(lv->key);
		if ((v = ymap_get(l, "attrs"))) {
			char owner[96];
			snprintf(owner, sizeof owner, "level '%s'", lv->key);
			parse_fields(ld, v, &lv->attrs, &lv->nattrs, owner);
		}
		cfg->nlevels++;
	}
}

static int cmp_long(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;
	return (x > y) - (x < y);
}

static long *parse_dates(loader *ld, const ynode *n, const char *what, size_t *count)
{
	*count = 0;
	if (!yread_is(&ld->r, n, Y_SEQ, what))
		return NULL;
	long *v = xcalloc(n->n, sizeof *v);
	for (size_t i = 0; i < n->n; i++) {
		const ynode *d = n->items[i];
		if (!yread_is(&ld->r, d, Y_SCALAR, what))
			continue;
		if (date_parse(d->val, &v[*count]))
			yread_fail(&ld->r, d, "%s: '%s' is not a date (expected YYYY-MM-DD)", what, d->val);
		else
			(*count)++;
	}
	qsort(v, *count, sizeof *v, cmp_long);
	return v;
}

static int parse_hhmm(const char *s, int *min)
{
	if (!isdigit((unsigned char)s[0]) || !isdigit((unsigned char)s[1]) || s[2] != ':' ||
	    !isdigit((unsigned char)s[3]) || !isdigit((unsigned char)s[4]))
		return -1;
	int h = (s[0] - '0') * 10 + s[1] - '0', m = (s[3] - '0') * 10 + s[4] - '0';
	if (h > 24 || m > 59 || (h == 24 && m))
		return -1;
	*min = h * 60 + m;
	return 0;
}

static void parse_calendar(loader *ld, const ynode *n)
{
	static const char *const keys[] = { "timezone", "workdays", "hours", "holidays", "extra_workdays", NULL };
	static const char *const days[] = { "sun", "mon", "tue", "wed", "thu", "fri", "sat" };
	gc_calendar *cal = &ld->cfg->cal;
	const ynode *v;
	if (!yread_is(&ld->r, n, Y_MAP, "calendar"))
		return;
	yread_keys(&ld->r, n, "calendar", keys);
	if ((v = ymap_get(n, "timezone")) && yread_is(&ld->r, v, Y_SCALAR, "timezone")) {
		char zpath[512];
		snprintf(zpath, sizeof zpath, "/usr/share/zoneinfo/%s", v->val);
		struct stat st;
		if (v->val[0] == '/' || strstr(v->val, "..") || stat(zpath, &st) != 0)
			yread_fail(&ld->r, v, "calendar: unknown time zone '%s' (expected a name like Asia/Shanghai)", v->val);
		else {
			free(cal->timezone);
			cal->timezone = xstrdup(v->val);
		}
	}
	if ((v = ymap_get(n, "workdays")) && yread_is(&ld->r, v, Y_SEQ, "workdays")) {
		cal->workdays = 0;
		for (size_t i = 0; i < v->n; i++) {
			const ynode *d = v->items[i];
			int found = -1;
			if (!yread_is(&ld->r, d, Y_SCALAR, "workday"))
				continue;
			for (int j = 0; j < 7; j++)
				if (!strcasecmp(days[j], d->val))
					found = j;
			if (found < 0)
				yread_fail(&ld->r, d, "calendar: unknown day '%s' (expected mon, tue, wed, thu, fri, sat or sun)", d->val);
			else
				cal->workdays |= 1u << found;
		}
	}
	if ((v = ymap_get(n, "hours")) && yread_is(&ld->r, v, Y_SEQ, "hours")) {
		cal->nspans = 0;
		for (size_t i = 0; i < v->n; i++) {
			const ynode *h = v->items[i];
			int a, b;
			if (!yread_is(&ld->r, h, Y_SCALAR, "hours"))
				continue;
			if (strlen(h->val) != 11 || h->val[5] != '-' || parse_hhmm(h->val, &a) ||
			    parse_hhmm(h->val + 6, &b) || b <= a) {
				yread_fail(&ld->r, h, "calendar: '%s' is not a span of working hours (expected HH:MM-HH:MM)", h->val);
				continue;
			}
			if (cal->nspans > 0 && a < cal->span_end[cal->nspans - 1]) {
				yread_fail(&ld->r, h, "calendar: working hours must be in order and must not overlap");
				continue;
			}
			if (cal->nspans == CAL_MAX_SPANS) {
				yread_fail(&ld->r, h, "calendar: at most %d spans of working hours", CAL_MAX_SPANS);
				continue;
			}
			cal->span_start[cal->nspans] = a;
			cal->span_end[cal->nspans] = b;
			cal->nspans++;
		}
		if (cal->nspans == 0)
			yread_fail(&ld->r, v, "calendar: hours must name at least one span");
	}
	if ((v = ymap_get(n, "holidays"))) {
		free(cal->holidays);
		cal->holidays = parse_dates(ld, v, "holidays", &cal->nholidays);
	}
	if ((v = ymap_get(n, "extra_workdays"))) {
		free(cal->extra_workdays);
		cal->extra_workdays = parse_dates(ld, v, "extra_workdays", &cal->nextra);
	}
	for (size_t i = 0; i < cal->nextra; i++)
		for (size_t j = 0; j < cal->nholidays; j++)
			if (cal->extra_workdays[i] == cal->holidays[j]) {
				char d[16];
				date_format(cal->holidays[j], d, sizeof d);
				yread_fail(&ld->r, n, "calendar: %s is both a holiday and a make-up working day", d);
			}
}

/* ---- workflows -------------------------------------------------------- */

static void free_transition(gc_transition *t)
{
	free(t->key);
	free(t->label);
	free(t->from);
	free(t->roles);
	strv_free(t->fields, t->nfields);
	strv_free(t->requires, t->nrequires);
	strv_free(t->clear, t->nclear);
	free(t->count);
	free(t->extend);
}

/* A list of field keys (fields, requires, clear). */
static char **field_list(loader *ld, const ynode *v, const char *what, size_t *n)
{
	size_t cnt;
	const ynode **list = yread_list(&ld->r, v, what, &cnt);
	char **out = xcalloc(cnt ? cnt : 1, sizeof *out);
	*n = 0;
	for (size_t i = 0; i < cnt; i++)
		out[(*n)++] = xstrdup(list[i]->val);
	free(list);
	return out;
}

static int state_ref(loader *ld, gc_workflow *wf, const ynode *n)
{
	if (!yread_is(&ld->r, n, Y_SCALAR, "state"))
		return -1;
	int i = config_state_index(wf, n->val);
	if (i < 0)
		yread_fail(&ld->r, n, "workflow '%s': undefined state '%s'", wf->key, n->val);
	return i;
}

static void parse_transition(loader *ld, gc_workflow *wf, const ynode *n, gc_transition *t)
{
	static const char *const keys[] = { "key", "from", "to", "label", "roles", "fields", "comment",
					    "when", "requires", "count", "extend", "clear", NULL };
	const ynode *v;
	memset(t, 0, sizeof *t);
	t->to = -1;
	if (!yread_is(&ld->r, n, Y_MAP, "a transition"))
		return;
	yread_keys(&ld->r, n, "transition", keys);
	if (!(v = ymap_get(n, "to")))
		yread_fail(&ld->r, n, "workflow '%s': transition has no 'to' state (a state, or same)", wf->key);
	else if (v->kind == Y_SCALAR && !strcmp(v->val, "same"))
		t->stay = 1;
	else
		t->to = state_ref(ld, wf, v);
	if (!(v = ymap_get(n, "from"))) {
		yread_fail(&ld->r, n, "workflow '%s': transition has no 'from' (a state, a list of states, or any)", wf->key);
	} else if (v->kind == Y_SCALAR && !strcmp(v->val, "any")) {
		t->from_any = 1;
	} else {
		size_t cnt;
		const ynode **list = yread_list(&ld->r, v, "from", &cnt);
		t->from = xcalloc(cnt, sizeof *t->from);
		for (size_t i = 0; i < cnt; i++) {
			int s = state_ref(ld, wf, list[i]);
			if (s >= 0)
				t->from[t->nfrom++] = s;
		}
		free(list);
	}
	if ((v = ymap_get(n, "key")))
		t->key = yread_name(&ld->r, v, "transition key");
	else if (t->to >= 0)
		t->key = xstrdup(wf->states[t->to].key);
	else if (t->stay)
		yread_fail(&ld->r, n, "workflow '%s': a transition to the same state needs a key", wf->key);
	t->label = (v = ymap_get(n, "label")) ? yread_scalar(&ld->r, v, "label") : NULL;
	if (!t->label && t->key)
		t->label = xstrdup(t->key);
	if ((v = ymap_get(n, "roles"))) {
		ld->proles = xrealloc(ld->proles, (ld->nproles + 1) * sizeof *ld->proles);
		ld->proles[ld->nproles].t = t;
		ld->proles[ld->nproles].n = v;
		ld->nproles++;
	}
	if ((v = ymap_get(n, "fields")))
		t->fields = field_list(ld, v, "fields", &t->nfields);
	if ((v = ymap_get(n, "requires")))
		t->requires = field_list(ld, v, "requires", &t->nrequires);
	if ((v = ymap_get(n, "clear")))
		t->clear = field_list(ld, v, "clear", &t->nclear);
	if ((v = ymap_get(n, "count")) && yread_is(&ld->r, v, Y_SCALAR, "count"))
		t->count = xstrdup(v->val);
	if ((v = ymap_get(n, "extend")) && yread_is(&ld->r, v, Y_SCALAR, "extend"))
		t->extend = xstrdup(v->val);
	if ((v = ymap_get(n, "when")) && yread_is(&ld->r, v, Y_SCALAR, "when")) {
		if (!strcmp(v->val, "overdue"))
			t->when_overdue = 1;
		else
			yread_fail(&ld->r, v, "when must be overdue, found '%s'", v->val);
	}
	if ((v = ymap_get(n, "comment")) && yread_is(&ld->r, v, Y_SCALAR, "comment")) {
		if (!strcmp(v->val, "required") || !strcmp(v->val, "true") || !strcmp(v->val, "yes"))
			t->comment_required = 1;
		else if (strcmp(v->val, "optional") && strcmp(v->val, "false") && strcmp(v->val, "no"))
			yread_fail(&ld->r, v, "comment must be required or optional, found '%s'", v->val);
	}
}

int transition_leaves(const gc_transition *t, int state)
{
	if (t->from_any)
		return 1;
	for (size_t i = 0; i < t->nfrom; i++)
		if (t->from[i] == state)
			return 1;
	return 0;
}

static void check_reachable(loader *ld, gc_workflow *wf, const ynode *states)
{
	if (wf->initial < 0)
		return;
	unsigned char *seen = xcalloc(wf->nstates, 1);
	int changed = 1;
	seen[wf->initial] = 1;
	while (changed) {
		changed = 0;
		for (size_t i = 0; i < wf->ntrans; i++) {
			gc_transition *t = &wf->trans[i];
			if (t->to < 0 || seen[t->to])
				continue;
			for (size_t s = 0; s < wf->nstates; s++)
				if (seen[s] && transition_leaves(t, (int)s)) {
					seen[t->to] = 1;
					changed = 1;
					break;
				}
		}
	}
	for (size_t s = 0; s < wf->nstates; s++)
		if (!seen[s])
			yread_fail(&ld->r, states->items[2 * s], "workflow '%s': state '%s' cannot be reached from the initial state '%s'",
			    wf->key, wf->states[s].key, wf->states[wf->initial].key);
	free(seen);
}

static void parse_workflow(loader *ld, const ynode *keyn, const ynode *n, gc_workflow *wf)
{
	static const char *const keys[] = { "initial", "states", "transitions", NULL };
	static const char *const state_keys[] = { "label", "sla", "sla_by", "pause", "final", NULL };
	const ynode *v, *states;
	memset(wf, 0, sizeof *wf);
	wf->initial = -1;
	wf->key = yread_name(&ld->r, keyn, "workflow name");
	if (!wf->key)
		wf->key = xstrdup("?");
	if (!yread_is(&ld->r, n, Y_MAP, "a workflow"))
		return;
	yread_keys(&ld->r, n, "workflow", keys);
	if (!(states = ymap_get(n, "states"))) {
		yread_fail(&ld->r, n, "workflow '%s' has no states", wf->key);
		return;
	}
	if (!yread_is(&ld->r, states, Y_MAP, "states"))
		return;
	wf->states = xcalloc(states->n / 2 + 1, sizeof *wf->states);
	for (size_t i = 0; i + 1 < states->n; i += 2) {
		gc_state *s = &wf->states[wf->nstates++];
		const ynode *sn = states->items[i + 1];
		s->key = yread_name(&ld->r, states->items[i], "state");
		if (!s->key)
			s->key = xstrdup("?");
		s->label = xstrdup(s->key);
		if (sn->kind == Y_SCALAR && !*sn->val)
			continue;   /* "closed:" with nothing after it */
		if (!yread_is(&ld->r, sn, Y_MAP, "a state"))
			continue;
		yread_keys(&ld->r, sn, "state", state_keys);
		if ((v = ymap_get(sn, "label"))) {
			char *l = yread_scalar(&ld->r, v, "label");
			if (l) {
				free(s->label);
				s->label = l;
			}
		}
		if ((v = ymap_get(sn, "pause")))
			yread_bool(&ld->r, v, "pause", &s->pause);
		if ((v = ymap_get(sn, "final")))
			yread_bool(&ld->r, v, "final", &s->final);
		if ((v = ymap_get(sn, "sla")) && yread_is(&ld->r, v, Y_SCALAR, "sla")) {
			if (sla_parse(v->val, &ld->cfg->cal, &s->sla))
				yread_fail(&ld->r, v, "state '%s': bad time limit '%s' (expected e.g. 4wh, 15wd, 2h, 3d, 30m)",
				    s->key, v->val);
			else if (s->pause || s->final)
				yread_fail(&ld->r, v, "state '%s': a %s state has no time limit", s->key, s->pause ? "paused" : "final");
		}
		if ((v = ymap_get(sn, "sla_by")) && yread_is(&ld->r, v, Y_SCALAR, "sla_by")) {
			if (s->pause || s->final)
				yread_fail(&ld->r, v, "state '%s': a %s state has no time limit", s->key, s->pause ? "paused" : "final");
			else
				s->sla_by = xstrdup(v->val);   /* checked against each form using the workflow */
		}
	}
	yread_keys(&ld->r, states, "states", NULL);
	if (!(v = ymap_get(n, "initial")))
		yread_fail(&ld->r, n, "workflow '%s' has no initial state (add initial: STATE)", wf->key);
	else
		wf->initial = state_ref(ld, wf, v);
	if ((v = ymap_get(n, "transitions")) && yread_is(&ld->r, v, Y_SEQ, "transitions")) {
		wf->trans = xcalloc(v->n + 1, sizeof *wf->trans);
		for (size_t i = 0; i < v->n; i++) {
			gc_transition *t = &wf->trans[wf->ntrans];
			parse_transition(ld, wf, v->items[i], t);
			if (!t->key || (t->to < 0 && !t->stay)) {
				/* Already reported; drop it and its pending role list. */
				if (ld->nproles && ld->proles[ld->nproles - 1].t == t)
					ld->nproles--;
				free_transition(t);
				continue;
			}
			/* One key may leave several states, but never twice from one state. */
			for (size_t j = 0; j < wf->ntrans; j++) {
				gc_transition *o = &wf->trans[j];
				if (strcmp(o->key, t->key))
					continue;
				for (size_t s = 0; s < wf->nstates; s++)
					if (transition_leaves(o, (int)s) && transition_leaves(t, (int)s)) {
						yread_fail(&ld->r, v->items[i], "workflow '%s': transition '%s' leaves state '%s' twice; give one of them another key:",
						    wf->key, t->key, wf->states[s].key);
						break;
					}
			}
			wf->ntrans++;
		}
	}
	check_reachable(ld, wf, states);
}

/* ---- forms, roles, users --------------------------------------------- */

typedef struct pending_form {
	gc_form *f;
	const ynode *workflow;
	const ynode *at;
	const ynode *title;
	const ynode *node;
} pending_form;

static void parse_form(loader *ld, const ynode *keyn, const ynode *n, gc_form *f, pending_form *pf)
{
	static const char *const keys[] = { "label", "at", "workflow", "title", "fields", NULL };
	const ynode *v;
	memset(f, 0, sizeof *f);
	f->title_field = -1;
	f->at_level = -1;
	pf->f = f;
	pf->node = n;
	f->key = yread_name(&ld->r, keyn, "form name");
	if (!f->key)
		f->key = xstrdup("?");
	if (!yread_is(&ld->r, n, Y_MAP, "a form"))
		return;
	yread_keys(&ld->r, n, "form", keys);
	f->label = (v = ymap_get(n, "label")) ? yread_scalar(&ld->r, v, "label") : NULL;
	if (!f->label)
		f->label = xstrdup(f->key);
	pf->workflow = ymap_get(n, "workflow");
	pf->at = ymap_get(n, "at");
	pf->title = ymap_get(n, "title");
	char owner[96];
	snprintf(owner, sizeof owner, "form '%s'", f->key);
	if ((v = ymap_get(n, "fields")))
		parse_fields(ld, v, &f->fields, &f->nfields, owner);
	else
		yread_fail(&ld->r, n, "form '%s' has no fields", f->key);
}

static void resolve_form(loader *ld, pending_form *pf)
{
	gc_config *cfg = ld->cfg;
	gc_form *f = pf->f;
	const ynode *v;
	if (!(v = pf->at))
		yread_fail(&ld->r, pf->node, "form '%s' has no 'at' (the level its records hang under)", f->key);
	else if (yread_is(&ld->r, v, Y_SCALAR, "at") && (f->at_level = config_level_index(cfg, v->val)) < 0)
		yread_fail(&ld->r, v, "form '%s': undefined level '%s'", f->key, v->val);
	if ((v = pf->workflow) && yread_is(&ld->r, v, Y_SCALAR, "workflow")) {
		for (size_t i = 0; i < cfg->nworkflows; i++)
			if (!strcmp(cfg->workflows[i].key, v->val))
				f->wf = &cfg->workflows[i];
		if (!f->wf)
			yread_fail(&ld->r, v, "form '%s': undefined workflow '%s'", f->key, v->val);
	}
	if ((v = pf->title) && yread_is(&ld->r, v, Y_SCALAR, "title")) {
		f->title_field = config_field_index(f, v->val);
		if (f->title_field < 0)
			yread_fail(&ld->r, v, "form '%s': title names undefined field '%s'", f->key, v->val);
	}
	for (size_t i = 0; i < f->nfields; i++)
		if (f->fields[i].type == FT_RECORD && f->fields[i].form && config_form_index(cfg, f->fields[i].form) < 0)
			yread_fail(&ld->r, pf->node, "form '%s': field '%s' refers to undefined form '%s'", f->key,
			    f->fields[i].key, f->fields[i].form);
	/* Fields a transition requires must exist in every form using the workflow. */
	if (f->wf)
		for (size_t i = 0; i < f->wf->ntrans; i++)
			for (size_t j = 0; j < f->wf->trans[i].nfields; j++) {
				const char *k = f->wf->trans[i].fields[j];
				if (strcmp(k, "assignee") && config_field_index(f, k) < 0)
					yread_fail(&ld->r, pf->workflow, "form '%s': transition '%s' of workflow '%s' requires field '%s', which the form does not define",
					    f->key, f->wf->trans[i].key, f->wf->key, k);
			}
	/* What a transition counts, extends by, requires or clears must be a
	 * field of every form using the workflow, of the right type. */
	for (size_t i = 0; f->wf && i < f->wf->ntrans; i++) {
		const gc_transition *t = &f->wf->trans[i];
		const char *refs[2] = { t->count, t->extend };
		const char *what[2] = { "count", "extend" };
		for (int k = 0; k < 2; k++) {
			int fi = refs[k] ? config_field_index(f, refs[k]) : -2;
			if (fi == -1 || (fi >= 0 && k == 0 && f->fields[fi].type != FT_INT) ||
			    (fi >= 0 && k == 1 && f->fields[fi].type != FT_TEXT))
				yread_fail(&ld->r, pf->workflow, "form '%s': transition '%s' of workflow '%s' has %s: %s, which needs %s field of the form",
				    f->key, t->key, f->wf->key, what[k], refs[k], k == 0 ? "an int" : "a text");
		}
		for (size_t j = 0; j < t->nrequires + t->nclear; j++) {
			const char *k = j < t->nrequires ? t->requires[j] : t->clear[j - t->nrequires];
			if (strcmp(k, "assignee") && config_field_index(f, k) < 0)
				yread_fail(&ld->r, pf->workflow, "form '%s': transition '%s' of workflow '%s' names field '%s', which the form does not define",
				    f->key, t->key, f->wf->key, k);
		}
	}
	/* A state's limit taken from a field needs a choice field of that name. */
	for (size_t i = 0; f->wf && i < f->wf->nstates; i++) {
		const char *k = f->wf->states[i].sla_by;
		int fi = k ? config_field_index(f, k) : -1;
		if (k && (fi < 0 || f->fields[fi].type != FT_CHOICE))
			yread_fail(&ld->r, pf->workflow, "form '%s': state '%s' of workflow '%s' takes its time limit from '%s', which is not a choice field of the form",
			    f->key, f->wf->states[i].key, f->wf->key, k);
	}
}

static unsigned char *form_set(loader *ld, const ynode *n, const char *what)
{
	gc_config *cfg = ld->cfg;
	unsigned char *set = xcalloc(cfg->nforms + 1, 1);
	size_t cnt;
	const ynode **list = yread_list(&ld->r, n, what, &cnt);
	for (size_t i = 0; i < cnt; i++) {
		int fi = config_form_index(cfg, list[i]->val);
		if (fi < 0)
			yread_fail(&ld->r, list[i], "%s: undefined form '%s'", what, list[i]->val);
		else
			set[fi] = 1;
	}
	free(list);
	return set;
}

static void parse_roles(loader *ld, const ynode *n)
{
	static const char *const keys[] = { "label", "scope", "create", "edit", "admin", NULL };
	gc_config *cfg = ld->cfg;
	if (!yread_is(&ld->r, n, Y_MAP, "roles"))
		return;
	yread_keys(&ld->r, n, "roles", NULL);
	cfg->roles = xcalloc(n->n / 2 + 1, sizeof *cfg->roles);
	for (size_t i = 0; i + 1 < n->n; i += 2) {
		const ynode *rn = n->items[i + 1], *v;
		gc_role *r = &cfg->roles[cfg->nroles];
		r->key = yread_name(&ld->r, n->items[i], "role name");
		if (!r->key)
			continue;
		cfg->nroles++;
		r->label = xstrdup(r->key);
		r->scope = SCOPE_OWN;
		r->create = xcalloc(cfg->nforms + 1, 1);
		if (!yread_is(&ld->r, rn, Y_MAP, "a role")) {
			r->edit = xcalloc(cfg->nforms + 1, 1);
			continue;
		}
		yread_keys(&ld->r, rn, "role", keys);
		if ((v = ymap_get(rn, "label"))) {
			char *l = yread_scalar(&ld->r, v, "label");
			if (l) {
				free(r->label);
				r->label = l;
			}
		}
		if ((v = ymap_get(rn, "scope")) && yread_is(&ld->r, v, Y_SCALAR, "scope")) {
			if (!strcmp(v->val, "own")) r->scope = SCOPE_OWN;
			else if (!strcmp(v->val, "subtree")) r->scope = SCOPE_SUBTREE;
			else if (!strcmp(v->val, "all")) r->scope = SCOPE_ALL;
			else yread_fail(&ld->r, v, "role '%s': scope must be own, subtree or all, found '%s'", r->key, v->val);
		}
		if ((v = ymap_get(rn, "admin")))
			yread_bool(&ld->r, v, "admin", &r->admin);
		if ((v = ymap_get(rn, "create"))) {
			free(r->create);
			r->create = form_set(ld, v, "create");
		}
		if ((v = ymap_get(rn, "edit")))
			r->edit = form_set(ld, v, "edit");
		else {
			r->edit = xcalloc(cfg->nforms + 1, 1);
			memcpy(r->edit, r->create, cfg->nforms);
		}
	}
}

static int valid_login(const char *s)
{
	if (!*s || strlen(s) > 64 || *s == '-')
		return 0;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && *s != '_' && *s != '-' && *s != '.')
			return 0;
	return 1;
}

static void parse_users(loader *ld, const ynode *n)
{
	static const char *const keys[] = { "login", "name", "role", "node", NULL };
	gc_config *cfg = ld->cfg;
	if (!yread_is(&ld->r, n, Y_SEQ, "users"))
		return;
	cfg->users = xcalloc(n->n + 1, sizeof *cfg->users);
	for (size_t i = 0; i < n->n; i++) {
		const ynode *un = n->items[i], *v;
		if (!yread_is(&ld->r, un, Y_MAP, "a user"))
			continue;
		yread_keys(&ld->r, un, "user", keys);
		gc_user u = { 0 };
		u.role = -1;
		if (!(v = ymap_get(un, "login")) || !yread_is(&ld->r, v, Y_SCALAR, "login")) {
			if (!v)
				yread_fail(&ld->r, un, "user has no login");
			continue;
		}
		if (!valid_login(v->val)) {
			yread_fail(&ld->r, v, "login '%s' may use letters, digits, '.', '_' and '-' only", v->val);
			continue;
		}
		if (config_user(cfg, v->val)) {
			yread_fail(&ld->r, v, "duplicate user '%s'", v->val);
			continue;
		}
		u.login = xstrdup(v->val);
		u.name = (v = ymap_get(un, "name")) ? yread_scalar(&ld->r, v, "name") : NULL;
		if (!u.name)
			u.name = xstrdup(u.login);
		if (!(v = ymap_get(un, "role")))
			yread_fail(&ld->r, un, "user '%s' has no role", u.login);
		else if (yread_is(&ld->r, v, Y_SCALAR, "role") && (u.role = config_role_index(cfg, v->val)) < 0)
			yread_fail(&ld->r, v, "user '%s': undefined role '%s'", u.login, v->val);
		if ((v = ymap_get(un, "node")) && yread_is(&ld->r, v, Y_SCALAR, "node"))
			u.node = xstrdup(v->val);
		else if (u.role >= 0 && cfg->roles[u.role].scope != SCOPE_ALL)
			yread_fail(&ld->r, un, "user '%s' has no node; a role with scope own or subtree needs one", u.login);
		if (u.role < 0)
			u.role = 0;
		cfg->users[cfg->nusers++] = u;
	}
}

static void resolve_transition_roles(loader *ld)
{
	for (size_t i = 0; i < ld->nproles; i++) {
		gc_transition *t = ld->proles[i].t;
		size_t cnt;
		const ynode **list = yread_list(&ld->r, ld->proles[i].n, "roles", &cnt);
		t->roles = xcalloc(cnt + 1, sizeof *t->roles);
		for (size_t j = 0; j < cnt; j++) {
			int r = config_role_index(ld->cfg, list[j]->val);
			if (r < 0)
				yread_fail(&ld->r, list[j], "transition '%s': undefined role '%s'", t->key ? t->key : "?", list[j]->val);
			else
				t->roles[t->nroles++] = r;
		}
		free(list);
	}
}

static void check_defaults(loader *ld)
{
	gc_buf out;
	buf_init(&out);
	for (size_t i = 0; i < ld->npending; i++) {
		char msg[256];
		buf_reset(&out);
		const char *why = field_canonical(ld->cfg, ld->pending[i].f, ld->pending[i].n->val, &out, msg, sizeof msg);
		if (why)
			yread_fail(&ld->r, ld->pending[i].n, "default of field '%s' %s", ld->pending[i].f->key, why);
		else
			ld->pending[i].f->def = xstrdup(out.p ? out.p : "");
	}
	buf_free(&out);
}

/* ---- top level -------------------------------------------------------- */

typedef struct top_entry {
	const ynode *key, *val;
} top_entry;

static const char *const top_keys[] = {
	"title", "database", "low_bandwidth", "levels", "calendar", "forms", "workflows",
	"roles", "users", "demo", "matching", NULL,   /* demo: and matching: read by config_demo.c, config_match.c */
};

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

gc_config *config_load(const char *path, gc_errs *errs)
{
	gc_config *cfg = xcalloc(1, sizeof *cfg);
	loader ld = { { cfg, errs, NULL, 0 }, cfg, NULL, 0, NULL, 0 };
	size_t nfiles, nentries = 0;
	size_t before = errs->n;
	char **files = list_files(path, &nfiles, errs);
	top_entry *entries = NULL;
	apply_defaults(cfg);
	cfg->dir = xstrdup(path);
	/* The YAML trees live only while loading: everything is copied out. */
	ynode **docs = xcalloc(nfiles + 1, sizeof *docs);
	size_t ndocs = 0;

	for (size_t i = 0; i < nfiles; i++) {
		ynode *doc = ydoc_load(files[i], errs);
		free(files[i]);
		if (!doc)
			continue;
		docs[ndocs++] = doc;
		ynode *root = doc->items[0];
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
			if (prev && prev->file != k->file) {
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

	const ynode *v;
	if ((v = top_get(entries, nentries, "title")))
		cfg->title = yread_scalar(&ld.r, v, "title");
	if (!cfg->title)
		cfg->title = xstrdup("gridcase");
	if ((v = top_get(entries, nentries, "database")) && yread_is(&ld.r, v, Y_SCALAR, "database"))
		cfg->database = xstrdup(v->val);
	if ((v = top_get(entries, nentries, "low_bandwidth")))
		yread_bool(&ld.r, v, "low_bandwidth", &cfg->low_bandwidth);
	if ((v = top_get(entries, nentries, "calendar")))
		parse_calendar(&ld, v);
	if ((v = top_get(entries, nentries, "levels")))
		parse_levels(&ld, v);
	else if (errs->n == before)
		errs_add(errs, GC_EDATA, "%s: no levels defined (add levels: [{key: ..., label: ...}, ...])", path);

	/* Workflows before forms (forms name them), forms before roles. */
	if ((v = top_get(entries, nentries, "workflows")) && yread_is(&ld.r, v, Y_MAP, "workflows")) {
		yread_keys(&ld.r, v, "workflows", NULL);
		cfg->workflows = xcalloc(v->n / 2 + 1, sizeof *cfg->workflows);
		for (size_t i = 0; i + 1 < v->n; i += 2)
			parse_workflow(&ld, v->items[i], v->items[i + 1], &cfg->workflows[cfg->nworkflows++]);
	}
	pending_form *pforms = NULL;
	if ((v = top_get(entries, nentries, "forms")) && yread_is(&ld.r, v, Y_MAP, "forms")) {
		yread_keys(&ld.r, v, "forms", NULL);
		cfg->forms = xcalloc(v->n / 2 + 1, sizeof *cfg->forms);
		pforms = xcalloc(v->n / 2 + 1, sizeof *pforms);
		for (size_t i = 0; i + 1 < v->n; i += 2) {
			parse_form(&ld, v->items[i], v->items[i + 1], &cfg->forms[cfg->nforms], &pforms[cfg->nforms]);
			cfg->nforms++;
		}
		for (size_t i = 0; i < cfg->nforms; i++)
			resolve_form(&ld, &pforms[i]);
	}
	free(pforms);
	if ((v = top_get(entries, nentries, "roles")))
		parse_roles(&ld, v);
	resolve_transition_roles(&ld);
	if ((v = top_get(entries, nentries, "users"))) {
		if (cfg->nroles == 0)
			yread_fail(&ld.r, v, "users are defined but no roles are");
		else
			parse_users(&ld, v);
	}
	check_defaults(&ld);
	/* The optional sections name forms, fields and levels: read them last,
	 * and only from a configuration that is sound so far. */
	if (errs->n == before && (v = top_get(entries, nentries, "matching")))
		config_read_matching(v, cfg, errs);
	if (errs->n == before && (v = top_get(entries, nentries, "demo")))
		config_read_demo(v, cfg, errs);
	free(entries);
	for (size_t i = 0; i < ndocs; i++)
		ydoc_free(docs[i]);
	free(docs);
	free(ld.pending);
	free(ld.proles);
	if (errs->n > before) {
		config_free(cfg);
		return NULL;
	}
	return cfg;
}

static void free_field(gc_field *f)
{
	free(f->key);
	free(f->label);
	free(f->def);
	free(f->min_date);
	free(f->max_date);
	if (f->pattern)
		regfree(&f->re);
	free(f->pattern);
	strv_free(f->choices, f->nchoices);
	free(f->choice_sla);
	free(f->choice_order);
	free(f->form);
}

void config_free(gc_config *cfg)
{
	if (!cfg)
		return;
	for (size_t i = 0; i < cfg->nlevels; i++) {
		free(cfg->levels[i].key);
		free(cfg->levels[i].label);
		for (size_t j = 0; j < cfg->levels[i].nattrs; j++)
			free_field(&cfg->levels[i].attrs[j]);
		free(cfg->levels[i].attrs);
	}
	free(cfg->levels);
	for (size_t i = 0; i < cfg->nforms; i++) {
		gc_form *f = &cfg->forms[i];
		free(f->key);
		free(f->label);
		for (size_t j = 0; j < f->nfields; j++)
			free_field(&f->fields[j]);
		free(f->fields);
	}
	free(cfg->forms);
	for (size_t i = 0; i < cfg->nworkflows; i++) {
		gc_workflow *w = &cfg->workflows[i];
		for (size_t j = 0; j < w->nstates; j++) {
			free(w->states[j].key);
			free(w->states[j].label);
			free(w->states[j].sla_by);
		}
		free(w->states);
		for (size_t j = 0; j < w->ntrans; j++)
			free_transition(&w->trans[j]);
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
	}
	free(cfg->users);
	free(cfg->cal.timezone);
	free(cfg->cal.holidays);
	free(cfg->cal.extra_workdays);
	config_matching_free(cfg->matchings, cfg->nmatchings);
	if (cfg->demo)
		config_demo_free(cfg->demo);
	free(cfg->demo);
	free(cfg->title);
	free(cfg->database);
	free(cfg->dir);
	free(cfg);
}

static int is_dir(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0;
}

char *config_locate(const char *explicit_path)
{
	if (explicit_path)
		return xstrdup(explicit_path);
	const char *env = getenv("GRIDCASE_CONFIG");
	if (env && *env)
		return xstrdup(env);
	if (is_dir("config"))
		return xstrdup("config");
	const char *home = getenv("HOME");
	if (home && *home) {
		gc_buf b;
		buf_init(&b);
		buf_printf(&b, "%s/.config/gridcase", home);
		if (is_dir(b.p))
			return b.p;
		buf_free(&b);
	}
	if (is_dir("/etc/gridcase"))
		return xstrdup("/etc/gridcase");
	return NULL;
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

const gc_user *config_user(const gc_config *cfg, const char *login)
{
	for (size_t i = 0; i < cfg->nusers; i++)
		if (!strcmp(cfg->users[i].login, login))
			return &cfg->users[i];
	return NULL;
}

int config_role_index(const gc_config *cfg, const char *key)
{
	for (size_t i = 0; i < cfg->nroles; i++)
		if (!strcmp(cfg->roles[i].key, key))
			return (int)i;
	return -1;
}
