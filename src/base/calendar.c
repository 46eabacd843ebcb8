/* SPDX-License-Identifier: MIT */
/* calendar.c - working-time arithmetic. Days are walked one at a time: limits
 * are hours or days, so the loops are short, and the rules (holiday beats
 * weekday, make-up day beats weekend) stay obvious. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ctype.h>
#include <limits.h>
#include "gridcase/calendar.h"

static int in_sorted(const long *a, size_t n, long v)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (a[mid] == v)
			return 1;
		if (a[mid] < v)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

void cal_apply_timezone(const gc_calendar *cal)
{
	if (cal->timezone && *cal->timezone) {
		setenv("TZ", cal->timezone, 1);
		tzset();
		cal_reset_cache();
	}
}

/* Days from civil date (proleptic Gregorian); avoids mktime for speed and
 * because a date has no zone. */
static long days_from_civil(long y, unsigned m, unsigned d)
{
	y -= m <= 2;
	long era = (y >= 0 ? y : y - 399) / 400;
	unsigned yoe = (unsigned)(y - era * 400);
	unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (long)doe - 719468;
}

static void civil_from_days(long z, int *y, int *m, int *d)
{
	z += 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	unsigned doe = (unsigned)(z - era * 146097);
	unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long yy = (long)yoe + era * 400;
	unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	unsigned mp = (5 * doy + 2) / 153;
	unsigned dd = doy - (153 * mp + 2) / 5 + 1;
	unsigned mm = mp < 10 ? mp + 3 : mp - 9;
	*y = (int)(yy + (mm <= 2));
	*m = (int)mm;
	*d = (int)dd;
}

static int is_workday_slow(const gc_calendar *cal, long day)
{
	if (in_sorted(cal->holidays, cal->nholidays, day))
		return 0;
	if (in_sorted(cal->extra_workdays, cal->nextra, day))
		return 1;
	int wday = (int)(((day % 7) + 7 + 4) % 7);   /* 1970-01-01 was a Thursday */
	return (cal->workdays >> wday) & 1;
}

/* Local midnight of a day. mktime re-reads the zone on every call, which
 * dominated bulk imports, so results are kept in a small direct-mapped
 * cache; a zone with DST still gets the right midnight because each day is
 * computed by mktime once. */
#define DAY_CACHE 4096
/* One cache per thread: the demo builds cases on several threads. */
static _Thread_local long cached_day[DAY_CACHE];
static _Thread_local int64_t cached_start[DAY_CACHE];
static _Thread_local int cache_ready;

static int64_t day_start_slow(long day)
{
	int y, m, d;
	civil_from_days(day, &y, &m, &d);
	struct tm tm = { 0 };
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	tm.tm_isdst = -1;
	return (int64_t)mktime(&tm);
}

void cal_reset_cache(void)
{
	for (size_t i = 0; i < DAY_CACHE; i++)
		cached_day[i] = LONG_MIN;
	cache_ready = 1;
}

int64_t day_start(long day)
{
	if (!cache_ready)
		cal_reset_cache();
	size_t slot = (size_t)day & (DAY_CACHE - 1);
	if (cached_day[slot] != day) {
		cached_start[slot] = day_start_slow(day);
		cached_day[slot] = day;
	}
	return cached_start[slot];
}

long day_of(int64_t t)
{
	/* Guess from UTC, then step to the day whose local span holds t. */
	long d = (long)((t >= 0 ? t : t - 86399) / 86400);
	while (day_start(d) > t)
		d--;
	while (day_start(d + 1) <= t)
		d++;
	return d;
}

/* Working-day answers are asked for the same few days again and again
 * while time limits are computed: keep them, per calendar. */
#define WORK_CACHE 1024
static _Thread_local const gc_calendar *work_cal;
static _Thread_local long work_day[WORK_CACHE];
static _Thread_local signed char work_ans[WORK_CACHE];

int cal_is_workday(const gc_calendar *cal, long day)
{
	size_t slot = (size_t)day & (WORK_CACHE - 1);
	if (work_cal != cal) {
		for (size_t i = 0; i < WORK_CACHE; i++)
			work_day[i] = LONG_MIN;
		work_cal = cal;
	}
	if (work_day[slot] != day) {
		work_ans[slot] = (signed char)is_workday_slow(cal, day);
		work_day[slot] = day;
	}
	return work_ans[slot];
}

int64_t cal_day_secs(const gc_calendar *cal)
{
	int64_t s = 0;
	for (int i = 0; i < cal->nspans; i++)
		s += (int64_t)(cal->span_end[i] - cal->span_start[i]) * 60;
	return s;
}

int64_t cal_add_working(const gc_calendar *cal, int64_t t, int64_t secs)
{
	if (secs <= 0 || cal->nspans == 0 || cal->workdays == 0)
		return t + (secs > 0 ? secs : 0);
	long day = day_of(t);
	/* A guard: ten years of days with no working time means a broken calendar. */
	for (int guard = 0; guard < 3660; guard++, day++) {
		if (!cal_is_workday(cal, day))
			continue;
		int64_t base = day_start(day);
		for (int i = 0; i < cal->nspans; i++) {
			int64_t s = base + cal->span_start[i] * 60, e = base + cal->span_end[i] * 60;
			if (e <= t)
				continue;
			if (s < t)
				s = t;
			if (e - s >= secs)
				return s + secs;
			secs -= e - s;
		}
	}
	return t + secs;
}

int64_t cal_working_between(const gc_calendar *cal, int64_t a, int64_t b)
{
	if (b <= a)
		return 0;
	if (cal->nspans == 0 || cal->workdays == 0)
		return b - a;
	int64_t total = 0;
	long last = day_of(b);
	for (long day = day_of(a); day <= last; day++) {
		if (!cal_is_workday(cal, day))
			continue;
		int64_t base = day_start(day);
		for (int i = 0; i < cal->nspans; i++) {
			int64_t s = base + cal->span_start[i] * 60, e = base + cal->span_end[i] * 60;
			if (s < a) s = a;
			if (e > b) e = b;
			if (e > s)
				total += e - s;
		}
	}
	return total;
}

int64_t cal_due(const gc_calendar *cal, const gc_sla *sla, int64_t t)
{
	switch (sla->kind) {
	case SLA_WORKING: return cal_add_working(cal, t, sla->secs);
	case SLA_CALENDAR: return t + sla->secs;
	default: return 0;
	}
}

int sla_parse(const char *s, const gc_calendar *cal, gc_sla *out)
{
	char *end;
	if (!isdigit((unsigned char)*s))
		return -1;
	long long v = strtoll(s, &end, 10);
	if (v <= 0 || v > 100000)
		return -1;
	if (strcmp(end, "wh") == 0) { out->kind = SLA_WORKING; out->secs = v * 3600; }
	else if (strcmp(end, "wd") == 0) { out->kind = SLA_WORKING; out->secs = v * cal_day_secs(cal); }
	else if (strcmp(end, "m") == 0) { out->kind = SLA_CALENDAR; out->secs = v * 60; }
	else if (strcmp(end, "h") == 0) { out->kind = SLA_CALENDAR; out->secs = v * 3600; }
	else if (strcmp(end, "d") == 0) { out->kind = SLA_CALENDAR; out->secs = v * 86400; }
	else return -1;
	return 0;
}

void sla_format(const gc_sla *sla, const gc_calendar *cal, char *out, size_t size)
{
	int64_t day = cal_day_secs(cal);
	if (sla->kind == SLA_NONE)
		snprintf(out, size, "-");
	else if (sla->kind == SLA_WORKING && day > 0 && sla->secs % day == 0 && sla->secs >= day)
		snprintf(out, size, "%lldwd", (long long)(sla->secs / day));
	else if (sla->kind == SLA_WORKING)
		snprintf(out, size, "%lldwh", (long long)(sla->secs / 3600));
	else if (sla->secs % 86400 == 0)
		snprintf(out, size, "%lldd", (long long)(sla->secs / 86400));
	else if (sla->secs % 3600 == 0)
		snprintf(out, size, "%lldh", (long long)(sla->secs / 3600));
	else
		snprintf(out, size, "%lldm", (long long)(sla->secs / 60));
}

static int parse_num(const char **p, int digits, int *out)
{
	int v = 0;
	for (int i = 0; i < digits; i++) {
		if (!isdigit((unsigned char)(*p)[i]))
			return -1;
		v = v * 10 + ((*p)[i] - '0');
	}
	*p += digits;
	*out = v;
	return 0;
}

static int days_in_month(int y, int m)
{
	static const int dm[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return dm[m - 1];
}

static int parse_ymd(const char **p, int *y, int *m, int *d)
{
	if (parse_num(p, 4, y) || **p != '-')
		return -1;
	(*p)++;
	if (parse_num(p, 2, m) || **p != '-')
		return -1;
	(*p)++;
	if (parse_num(p, 2, d))
		return -1;
	if (*y < 1900 || *y > 9999 || *m < 1 || *m > 12 || *d < 1 || *d > days_in_month(*y, *m))
		return -1;
	return 0;
}

int date_parse(const char *s, long *day)
{
	int y, m, d;
	if (parse_ymd(&s, &y, &m, &d) || *s)
		return -1;
	*day = days_from_civil(y, (unsigned)m, (unsigned)d);
	return 0;
}

void date_format(long day, char *out, size_t size)
{
	int y, m, d;
	civil_from_days(day, &y, &m, &d);
	snprintf(out, size, "%04d-%02d-%02d", y, m, d);
}

int datetime_parse(const char *s, int64_t *t)
{
	int y, mo, d, h = 0, mi = 0, sec = 0;
	if (parse_ymd(&s, &y, &mo, &d))
		return -1;
	if (*s == ' ' || *s == 'T') {
		s++;
		if (parse_num(&s, 2, &h) || *s != ':')
			return -1;
		s++;
		if (parse_num(&s, 2, &mi))
			return -1;
		if (*s == ':') {
			s++;
			if (parse_num(&s, 2, &sec))
				return -1;
		}
	} else if (*s) {
		return -1;
	}
	if (h > 23 || mi > 59 || sec > 59)
		return -1;
	long day = days_from_civil(y, (unsigned)mo, (unsigned)d);
	if (*s == 'Z' && !s[1]) {
		*t = (int64_t)day * 86400 + h * 3600 + mi * 60 + sec;
		return 0;
	}
	if ((*s == '+' || *s == '-') && strlen(s) == 6 && s[3] == ':') {
		int sign = *s == '-' ? -1 : 1, oh, om;
		const char *q = s + 1;
		if (parse_num(&q, 2, &oh) || *q++ != ':' || parse_num(&q, 2, &om))
			return -1;
		*t = (int64_t)day * 86400 + h * 3600 + mi * 60 + sec - sign * (oh * 3600 + om * 60);
		return 0;
	}
	if (*s)
		return -1;
	struct tm tm = { 0 };
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = sec;
	tm.tm_isdst = -1;
	*t = (int64_t)mktime(&tm);
	return 0;
}

void datetime_format(int64_t t, char *out, size_t size)
{
	time_t tt = (time_t)t;
	struct tm tm;
	localtime_r(&tt, &tm);
	long off = tm.tm_gmtoff;
	char sign = off < 0 ? '-' : '+';
	if (off < 0)
		off = -off;
	snprintf(out, size, "%04d-%02d-%02dT%02d:%02d:%02d%c%02ld:%02ld", tm.tm_year + 1900,
		 tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, sign, off / 3600,
		 (off % 3600) / 60);
}

void datetime_format_short(int64_t t, char *out, size_t size)
{
	time_t tt = (time_t)t;
	struct tm tm;
	localtime_r(&tt, &tm);
	snprintf(out, size, "%04d-%02d-%02d %02d:%02d", tm.tm_year + 1900, tm.tm_mon + 1,
		 tm.tm_mday, tm.tm_hour, tm.tm_min);
}

void when_format(int64_t t, char *out, size_t size)
{
	if (t)
		datetime_format_short(t, out, size);
	else
		snprintf(out, size, "-");
}

int64_t gc_now(void)
{
	const char *fixed = getenv("GRIDCASE_NOW");
	int64_t t;
	if (fixed && *fixed && datetime_parse(fixed, &t) == 0)
		return t;
	return (int64_t)time(NULL);
}
