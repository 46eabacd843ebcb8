/* SPDX-License-Identifier: MIT */
/* test_calendar.c - working-time arithmetic on the Chinese office calendar:
 * lunch breaks, weekends, holidays and make-up working days. */
#include "unit.h"
#include "gridcase/calendar.h"

static gc_calendar cal;
static long holidays[2], extra[1];

static int64_t at(const char *s)
{
	int64_t t;
	assert_int_equal(datetime_parse(s, &t), 0);
	return t;
}

static const char *fmt(int64_t t)
{
	static char out[40];
	datetime_format_short(t, out, sizeof out);
	return out;
}

static int setup(void **state)
{
	(void)state;
	setenv("TZ", "Asia/Shanghai", 1);
	tzset();
	cal_reset_cache();
	memset(&cal, 0, sizeof cal);
	cal.workdays = 0x3E;   /* Monday to Friday */
	cal.nspans = 2;
	cal.span_start[0] = 8 * 60 + 30;
	cal.span_end[0] = 12 * 60;
	cal.span_start[1] = 14 * 60;
	cal.span_end[1] = 17 * 60 + 30;
	/* 2026-10-01 (Thu) and 2026-10-02 (Fri) are holidays; 2026-10-10 (Sat) is worked. */
	date_parse("2026-10-01", &holidays[0]);
	date_parse("2026-10-02", &holidays[1]);
	date_parse("2026-10-10", &extra[0]);
	cal.holidays = holidays;
	cal.nholidays = 2;
	cal.extra_workdays = extra;
	cal.nextra = 1;
	return 0;
}

static void within_a_morning(void **s)
{
	(void)s;
	assert_string_equal(fmt(cal_add_working(&cal, at("2026-11-23 09:00"), 2 * 3600)), "2026-11-23 11:00");
}

static void across_lunch(void **s)
{
	(void)s;
	/* 11:00 + 4 working hours: 1h before lunch, 3h after -> 17:00. */
	assert_string_equal(fmt(cal_add_working(&cal, at("2026-11-23 11:00"), 4 * 3600)), "2026-11-23 17:00");
}

static void starting_at_night(void **s)
{
	(void)s;
	assert_string_equal(fmt(cal_add_working(&cal, at("2026-11-23 20:00"), 3600)), "2026-11-24 09:30");
}

static void across_a_weekend(void **s)
{
	(void)s;
	/* Friday 16:30 + 2wh: 1h on Friday, 1h on Monday. */
	assert_string_equal(fmt(cal_add_working(&cal, at("2026-11-20 16:30"), 2 * 3600)), "2026-11-23 09:30");
}

static void across_holidays_and_a_makeup_day(void **s)
{
	(void)s;
	/* Wed 2026-09-30 17:00 + 1wh: Oct 1-2 are holidays, Oct 3-4 a weekend. */
	assert_string_equal(fmt(cal_add_working(&cal, at("2026-09-30 17:00"), 3600)), "2026-10-05 09:00");
	/* Fri 2026-10-09 17:00 + 1wh lands on Saturday the 10th, a make-up working day. */
	assert_string_equal(fmt(cal_add_working(&cal, at("2026-10-09 17:00"), 3600)), "2026-10-10 09:00");
	assert_true(cal_is_workday(&cal, extra[0]));
	assert_false(cal_is_workday(&cal, holidays[0]));
}

static void working_days(void **s)
{
	(void)s;
	gc_sla sla;
	assert_int_equal(sla_parse("1wd", &cal, &sla), 0);
	assert_int_equal(sla.secs, 7 * 3600);
	assert_int_equal(cal_day_secs(&cal), 7 * 3600);
	/* One working day from Monday 10:00 is Tuesday 10:00. */
	assert_string_equal(fmt(cal_due(&cal, &sla, at("2026-11-23 10:00"))), "2026-11-24 10:00");
	assert_int_equal(sla_parse("15wd", &cal, &sla), 0);
	assert_string_equal(fmt(cal_due(&cal, &sla, at("2026-11-23 10:00"))), "2026-12-14 10:00");
}

static void calendar_limits(void **s)
{
	(void)s;
	gc_sla sla;
	assert_int_equal(sla_parse("2h", &cal, &sla), 0);
	assert_int_equal(sla.kind, SLA_CALENDAR);
	assert_string_equal(fmt(cal_due(&cal, &sla, at("2026-11-22 23:00"))), "2026-11-23 01:00");
	assert_int_equal(sla_parse("3d", &cal, &sla), 0);
	assert_int_equal(sla.secs, 3 * 86400);
	assert_int_equal(sla_parse("4x", &cal, &sla), -1);
	assert_int_equal(sla_parse("wh", &cal, &sla), -1);
	assert_int_equal(sla_parse("-4wh", &cal, &sla), -1);
	char out[16];
	sla_parse("4wh", &cal, &sla);
	sla_format(&sla, &cal, out, sizeof out);
	assert_string_equal(out, "4wh");
	sla_parse("2wd", &cal, &sla);
	sla_format(&sla, &cal, out, sizeof out);
	assert_string_equal(out, "2wd");
}

static void working_time_between(void **s)
{
	(void)s;
	assert_int_equal(cal_working_between(&cal, at("2026-11-23 11:00"), at("2026-11-23 15:00")), 2 * 3600);
	assert_int_equal(cal_working_between(&cal, at("2026-11-20 17:00"), at("2026-11-23 09:00")), 3600);
	assert_int_equal(cal_working_between(&cal, at("2026-11-23 15:00"), at("2026-11-23 11:00")), 0);
	/* Adding what lies between gives back the end (inside working hours). */
	int64_t a = at("2026-09-29 10:15"), b = at("2026-10-12 16:40");
	assert_true(cal_add_working(&cal, a, cal_working_between(&cal, a, b)) == b);
}

static void dates(void **s)
{
	(void)s;
	long d;
	int64_t t;
	char out[40];
	assert_int_equal(date_parse("2026-02-29", &d), -1);
	assert_int_equal(date_parse("2024-02-29", &d), 0);
	assert_int_equal(date_parse("2026-1-01", &d), -1);
	assert_int_equal(date_parse("2026-01-01x", &d), -1);
	date_parse("1970-01-02", &d);
	assert_int_equal(d, 1);
	assert_int_equal(datetime_parse("2026-11-22T09:30:00+08:00", &t), 0);
	datetime_format(t, out, sizeof out);
	assert_string_equal(out, "2026-11-22T09:30:00+08:00");
	assert_int_equal(datetime_parse("2026-11-22T01:30:00Z", &t), 0);
	datetime_format(t, out, sizeof out);
	assert_string_equal(out, "2026-11-22T09:30:00+08:00");
	assert_int_equal(datetime_parse("2026-11-22 25:00", &t), -1);
	assert_int_equal(day_of(at("2026-11-22 00:00")), day_of(at("2026-11-22 23:59")));
	assert_int_equal(day_of(at("2026-11-22 23:59")) + 1, day_of(at("2026-11-23 00:00")));
}

int main(void)
{
	unit_locale();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(within_a_morning, setup),
		cmocka_unit_test_setup(across_lunch, setup),
		cmocka_unit_test_setup(starting_at_night, setup),
		cmocka_unit_test_setup(across_a_weekend, setup),
		cmocka_unit_test_setup(across_holidays_and_a_makeup_day, setup),
		cmocka_unit_test_setup(working_days, setup),
		cmocka_unit_test_setup(calendar_limits, setup),
		cmocka_unit_test_setup(working_time_between, setup),
		cmocka_unit_test_setup(dates, setup),
	};
	return cmocka_run_group_tests_name("calendar", tests, NULL, NULL);
}
