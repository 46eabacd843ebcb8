/* SPDX-License-Identifier: MIT */
/* calendar.h - the working calendar: working days, hours, holidays and
 * make-up working days (调休), and time limits measured on it. */
#ifndef GRIDCASE_CALENDAR_H
#define GRIDCASE_CALENDAR_H

#include <stdint.h>
#include <time.h>

#define CAL_MAX_SPANS 8

typedef struct gc_calendar {
	char *timezone;             /* e.g. Asia/Shanghai; applied with TZ */
	unsigned workdays;          /* bit 0 = Sunday ... bit 6 = Saturday */
	int nspans;
	int span_start[CAL_MAX_SPANS], span_end[CAL_MAX_SPANS]; /* minutes after midnight */
	long *holidays;             /* days since 1970-01-01, sorted */
	size_t nholidays;
	long *extra_workdays;       /* sorted */
	size_t nextra;
} gc_calendar;

/* A time limit: none, working seconds, or calendar seconds. */
enum { SLA_NONE, SLA_WORKING, SLA_CALENDAR };
typedef struct gc_sla {
	int kind;
	int64_t secs;
} gc_sla;

/* Parse "4wh", "15wd", "2h", "3d", "30m". Working days are converted with the
 * length of one working day. Returns 0 on success. */
int sla_parse(const char *s, const gc_calendar *cal, gc_sla *out);
void sla_format(const gc_sla *sla, const gc_calendar *cal, char *out, size_t size);

/* Seconds of working time in one working day. */
int64_t cal_day_secs(const gc_calendar *cal);

/* Switch the process to the calendar's time zone (once, at start). */
void cal_apply_timezone(const gc_calendar *cal);
/* Forget cached day starts (after the time zone changes). */
void cal_reset_cache(void);

int cal_is_workday(const gc_calendar *cal, long day);

/* The moment that lies `secs` working seconds after t. */
int64_t cal_add_working(const gc_calendar *cal, int64_t t, int64_t secs);
/* Working seconds between a and b (0 if b <= a). */
int64_t cal_working_between(const gc_calendar *cal, int64_t a, int64_t b);
/* Due time of an SLA started at t (0 when the SLA is none). */
int64_t cal_due(const gc_calendar *cal, const gc_sla *sla, int64_t t);

/* Dates and times in the calendar's zone. */
int date_parse(const char *s, long *day);              /* YYYY-MM-DD -> day number */
void date_format(long day, char *out, size_t size);
int datetime_parse(const char *s, int64_t *t);          /* YYYY-MM-DD[ T]HH:MM[:SS][±HH:MM|Z] */
void datetime_format(int64_t t, char *out, size_t size); /* YYYY-MM-DDTHH:MM:SS+08:00 */
void datetime_format_short(int64_t t, char *out, size_t size); /* YYYY-MM-DD HH:MM */
void when_format(int64_t t, char *out, size_t size);   /* the same, or "-" for no time (0) */
long day_of(int64_t t);                                 /* local day number of t */
int64_t day_start(long day);                            /* local midnight */

/* The current time; GRIDCASE_NOW (a datetime) overrides it for tests. */
int64_t gc_now(void);

#endif
