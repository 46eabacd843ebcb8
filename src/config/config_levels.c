/* SPDX-License-Identifier: MIT */
/* config_levels.c - the configuration's levels with their base data, and the working calendar.
 * Part of config_load (config.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <ctype.h>
#include <errno.h>
#include <sys/stat.h>
#include "config/config_int.h"
#include "gridcase/i18n.h"
#include "gridcase/text.h"

/* ---- levels and calendar --------------------------------------------- */

void config_parse_levels(loader *ld, const ynode *n)
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
			config_parse_fields(ld, v, &lv->attrs, &lv->nattrs, owner);
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

void config_parse_calendar(loader *ld, const ynode *n)
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


/* A top-level holidays: list (several files may hold one): added to the
 * calendar's, each day once. */
void config_add_holidays(loader *ld, const ynode *n)
{
	gc_calendar *cal = &ld->cfg->cal;
	size_t count;
	long *v = parse_dates(ld, n, "holidays", &count);
	cal->holidays = xrealloc(cal->holidays, (cal->nholidays + count + 1) * sizeof *cal->holidays);
	for (size_t i = 0; i < count; i++) {
		int have = 0;
		for (size_t j = 0; j < cal->nholidays; j++)
			have |= cal->holidays[j] == v[i];
		for (size_t j = 0; j < cal->nextra; j++)
			if (cal->extra_workdays[j] == v[i]) {
				char d[16];
				date_format(v[i], d, sizeof d);
				yread_fail(&ld->r, n, "holidays: %s is also a make-up working day of the calendar", d);
			}
		if (!have)
			cal->holidays[cal->nholidays++] = v[i];
	}
	qsort(cal->holidays, cal->nholidays, sizeof *cal->holidays, cmp_long);
	free(v);
}
