/* SPDX-License-Identifier: MIT */
/* test_config.c - configuration validation: a valid file loads; each broken
 * file is refused with its file:line:col message; every error is reported. */
#include "unit.h"
#include "gridcase/config.h"

static const char *base =
	"levels: [{key: district}, {key: grid}]\n"                          /* 1 */
	"forms:\n"                                                           /* 2 */
	"  case:\n"                                                          /* 3 */
	"    at: grid\n"                                                     /* 4 */
	"    workflow: flow\n"                                               /* 5 */
	"    title: title\n"                                                 /* 6 */
	"    fields:\n"                                                      /* 7 */
	"      - {key: title, type: text, required: true, max: 10}\n"       /* 8 */
	"      - {key: n, type: int, min: 1, max: 5, default: 3}\n"         /* 9 */
	"workflows:\n"                                                       /* 10 */
	"  flow:\n"                                                          /* 11 */
	"    initial: open\n"                                                /* 12 */
	"    states:\n"                                                      /* 13 */
	"      open: {sla: 4wh}\n"                                           /* 14 */
	"      done: {final: true}\n"                                        /* 15 */
	"    transitions:\n"                                                 /* 16 */
	"      - {from: open, to: done, roles: [staff]}\n"                   /* 17 */
	"roles:\n"                                                           /* 18 */
	"  staff: {scope: all, create: [case]}\n"                            /* 19 */
	"users:\n"                                                           /* 20 */
	"  - {login: ann, role: staff}\n";                                   /* 21 */

/* Load text as c.yaml; returns the config or NULL with errs filled. */
static gc_config *load(const char *text, gc_errs *errs)
{
	char *dir = unit_tmpdir();
	unit_write(dir, "c.yaml", text);
	char path[600];
	snprintf(path, sizeof path, "%s/c.yaml", dir);
	gc_config *cfg = config_load(path, errs);
	/* Messages name the file; make them stable for comparison. */
	for (size_t i = 0; i < errs->n; i++) {
		char *p = strstr(errs->msg[i], "c.yaml");
		if (p)
			memmove(errs->msg[i], p, strlen(p) + 1);
	}
	unit_rmdir(dir);
	return cfg;
}

/* Replace the first occurrence of `from` in base by `to`. */
static char *variant(const char *from, const char *to)
{
	const char *p = strstr(base, from);
	assert_non_null(p);
	gc_buf b;
	buf_init(&b);
	buf_add(&b, base, (size_t)(p - base));
	buf_adds(&b, to);
	buf_adds(&b, p + strlen(from));
	return b.p;
}

static void expect_error(const char *from, const char *to, const char *message)
{
	gc_errs e;
	errs_init(&e);
	char *text = variant(from, to);
	gc_config *cfg = load(text, &e);
	if (cfg || !errs_have(&e, message)) {
		fprintf(stderr, "expected \"%s\"; got %zu errors:\n", message, e.n);
		for (size_t i = 0; i < e.n; i++)
			fprintf(stderr, "  %s\n", e.msg[i]);
	}
	assert_null(cfg);
	assert_true(errs_have(&e, message));
	assert_int_equal(e.status, GC_EDATA);
	free(text);
	errs_free(&e);
}

static void valid_config_loads(void **state)
{
	(void)state;
	gc_errs e;
	errs_init(&e);
	gc_config *cfg = load(base, &e);
	assert_non_null(cfg);
	assert_int_equal(e.n, 0);
	assert_int_equal(cfg->nlevels, 2);
	assert_int_equal(cfg->nforms, 1);
	assert_string_equal(cfg->forms[0].fields[1].def, "3");
	assert_int_equal(cfg->workflows[0].states[0].sla.kind, SLA_WORKING);
	assert_int_equal(cfg->workflows[0].states[0].sla.secs, 4 * 3600);
	assert_string_equal(cfg->workflows[0].trans[0].key, "done");  /* key defaults to the target */
	config_free(cfg);
	errs_free(&e);
}

/* Choices are found by binary search in byte order: a choice that is a
 * prefix of another, one that differs only in its last byte, and values
 * that are not choices. */
static void choices_are_found(void **state)
{
	(void)state;
	gc_errs e;
	errs_init(&e);
	char *text = variant("{key: n, type: int, min: 1, max: 5, default: 3}",
			     "{key: n, type: choice, choices: [城市管理/暴露垃圾, 城市管理, 安全, b, a, ab, 城市管理/道路不洁]}");
	gc_config *cfg = load(text, &e);
	assert_non_null(cfg);
	const gc_field *f = &cfg->forms[0].fields[1];
	const char *want[] = { "城市管理/暴露垃圾", "城市管理", "安全", "b", "a", "ab", "城市管理/道路不洁" };
	for (int i = 0; i < 7; i++)
		assert_int_equal(config_choice_index(f, want[i], strlen(want[i])), i);
	assert_int_equal(config_choice_index(f, "城市", strlen("城市")), -1);
	assert_int_equal(config_choice_index(f, "城市管理/", strlen("城市管理/")), -1);
	assert_int_equal(config_choice_index(f, "abc", 3), -1);
	assert_int_equal(config_choice_index(f, "abc", 2), 5);   /* a slice of a longer string */
	assert_int_equal(config_choice_index(f, "", 0), -1);
	config_free(cfg);
	free(text);
	errs_free(&e);
}

static void unknown_top_key(void **s) { (void)s; expect_error("forms:\n", "colour: red\nforms:\n", "c.yaml:2:1: configuration: unknown key 'colour'"); }
static void duplicate_key(void **s) { (void)s; expect_error("    at: grid\n", "    at: grid\n    at: district\n", "c.yaml:5:5: form: duplicate key 'at' (first at line 4)"); }
/* Messages of e that contain part. */
static size_t count_msgs(const gc_errs *e, const char *part)
{
	size_t n = 0;
	for (size_t i = 0; i < e->n; i++)
		n += strstr(e->msg[i], part) != NULL;
	return n;
}

/* Duplicates among many keys (found by sorting, not by comparing every pair):
 * each later occurrence is reported once, naming the first one's line. */
static void duplicates_among_many_keys(void **s)
{
	(void)s;
	gc_buf roles;
	buf_init(&roles);
	buf_adds(&roles, "roles:\n  staff: {scope: all, create: [case]}\n");   /* staff at line 19 */
	for (int i = 0; i < 3000; i++)                                          /* lines 20-3019 */
		buf_printf(&roles, "  r%04d: {scope: all}\n", i % 2000 == 7 ? 2999 : i);
	buf_adds(&roles, "  staff: {scope: all}\n  r0100: {scope: all}\n  staff: {scope: all}\nusers:\n");
	char *text = variant("roles:\n  staff: {scope: all, create: [case]}\nusers:\n", roles.p);
	gc_errs e;
	errs_init(&e);
	assert_null(load(text, &e));
	/* r2999 at lines 27 and 2027 (i = 7, 2007) and 3019 (i = 2999); r0007
	 * and r2007 never appear; r0100 again at 3021, staff at 3020 and 3022. */
	assert_int_equal(count_msgs(&e, "duplicate key"), 5);
	assert_true(errs_have(&e, "c.yaml:2027:3: roles: duplicate key 'r2999' (first at line 27)"));
	assert_true(errs_have(&e, "c.yaml:3019:3: roles: duplicate key 'r2999' (first at line 27)"));
	assert_true(errs_have(&e, "c.yaml:3020:3: roles: duplicate key 'staff' (first at line 19)"));
	assert_true(errs_have(&e, "c.yaml:3021:3: roles: duplicate key 'r0100' (first at line 120)"));
	assert_true(errs_have(&e, "c.yaml:3022:3: roles: duplicate key 'staff' (first at line 19)"));
	assert_int_equal(count_msgs(&e, "'r2999' (first"), 2);
	free(text);
	buf_free(&roles);
	errs_free(&e);
}

static void wrong_type(void **s) { (void)s; expect_error("levels: [{key: district}, {key: grid}]", "levels: many", "c.yaml:1:9: levels must be a list, found a single value"); }
static void undefined_state(void **s) { (void)s; expect_error("to: done", "to: finished", "c.yaml:17:26: workflow 'flow': undefined state 'finished'"); }
static void undefined_role(void **s) { (void)s; expect_error("roles: [staff]", "roles: [boss]", "c.yaml:17:40: transition 'done': undefined role 'boss'"); }
static void undefined_form_in_role(void **s) { (void)s; expect_error("create: [case]", "create: [visit]", "c.yaml:19:32: create: undefined form 'visit'"); }
static void undefined_level(void **s) { (void)s; expect_error("at: grid", "at: village", "c.yaml:4:9: form 'case': undefined level 'village'"); }
static void undefined_workflow(void **s) { (void)s; expect_error("workflow: flow", "workflow: flo", "c.yaml:5:15: form 'case': undefined workflow 'flo'"); }
static void unreachable_state(void **s) { (void)s; expect_error("      done: {final: true}\n", "      done: {final: true}\n      limbo: {}\n", "c.yaml:16:7: workflow 'flow': state 'limbo' cannot be reached from the initial state 'open'"); }
static void no_initial(void **s) { (void)s; expect_error("    initial: open\n", "", "workflow 'flow' has no initial state"); }
static void bad_pattern(void **s) { (void)s; expect_error("type: text, required", "type: text, pattern: '([', required", "c.yaml:8:43: field 'title' of form 'case': bad pattern '([': at offset 2: missing terminating ] for character class"); }
/* Compile-time: 10^6 copies of 'a' exceed PCRE2's compiled-size limit. */
static void huge_pattern(void **s) { (void)s; expect_error("type: text, required", "type: text, pattern: '^((a{1,100}){1,100}){1,100}$', required", "bad pattern '^((a{1,100}){1,100}){1,100}$': at offset 28: regular expression is too large"); }
/* Compiles, but backtracks without bound: the load-time probe hits the match limit. */
static void catastrophic_pattern(void **s) { (void)s; expect_error("type: text, required", "type: text, pattern: '^((a{1,100}){1,100})$', required", "(match limit); nested repetition backtracks without bound"); }
static void catastrophic_nested_plus(void **s) { (void)s; expect_error("type: text, required", "type: text, pattern: '(a+)+$', required", "(match limit)"); }
static void bad_holiday(void **s) { (void)s; expect_error("roles:\n", "calendar: {holidays: [2026-02-30]}\nroles:\n", "c.yaml:18:23: holidays: '2026-02-30' is not a date (expected YYYY-MM-DD)"); }
static void bad_sla(void **s) { (void)s; expect_error("sla: 4wh", "sla: 4 hours", "c.yaml:14:19: state 'open': bad time limit '4 hours'"); }
static void unknown_field_type(void **s) { (void)s; expect_error("type: int", "type: integer", "c.yaml:9:24: field 'n' of form 'case': unknown type 'integer'"); }
static void choice_without_choices(void **s) { (void)s; expect_error("type: int, min: 1, max: 5, default: 3", "type: choice", "field 'n' of form 'case': a choice field needs choices"); }
static void yaml_syntax(void **s) { (void)s; expect_error("  staff: {scope: all, create: [case]}", "  staff: {scope: all, create: [case]", "YAML syntax error"); }
static void reserved_field(void **s) { (void)s; expect_error("{key: n, type", "{key: state, type", "'state' is reserved for the record itself"); }
static void bad_default(void **s) { (void)s; expect_error("default: 3", "default: lots", "c.yaml:9:54: default of field 'n' must be a whole number, found 'lots'"); }
static void default_out_of_range(void **s) { (void)s; expect_error("default: 3", "default: 9", "default of field 'n' must be at most 5, found 9"); }
static void unknown_user_role(void **s) { (void)s; expect_error("{login: ann, role: staff}", "{login: ann, role: chief}", "c.yaml:21:24: user 'ann': undefined role 'chief'"); }
static void bad_timezone(void **s) { (void)s; expect_error("roles:\n", "calendar: {timezone: Mars/Olympus}\nroles:\n", "unknown time zone 'Mars/Olympus'"); }
static void bad_hours(void **s) { (void)s; expect_error("roles:\n", "calendar: {hours: [\"8-12\"]}\nroles:\n", "'8-12' is not a span of working hours"); }
static void bad_scope(void **s) { (void)s; expect_error("scope: all", "scope: everything", "scope must be own, subtree or all, found 'everything'"); }
static void transition_field_missing(void **s) { (void)s; expect_error("roles: [staff]}", "roles: [staff], fields: [result]}", "requires field 'result', which the form does not define"); }
/* ascii: the UI in ASCII whatever the locale; a yes/no like low_bandwidth. */
static void ascii_key(void **s)
{
	(void)s;
	gc_errs e;
	errs_init(&e);
	char *text = variant("roles:\n", "ascii: true\nroles:\n");
	gc_config *cfg = load(text, &e);
	assert_non_null(cfg);
	assert_int_equal(cfg->ascii, 1);
	config_free(cfg);
	free(text);
	text = variant("roles:\n", "roles:\n");
	cfg = load(text, &e);
	assert_non_null(cfg);
	assert_int_equal(cfg->ascii, 0);   /* unset: as the locale says */
	config_free(cfg);
	free(text);
	errs_free(&e);
	expect_error("roles:\n", "ascii: sometimes\nroles:\n", "c.yaml:18:8: ascii must be true or false, found 'sometimes'");
}

/* Spreadsheets' yes/no: any letter case, 是/否, 1/0; stored as true/false. */
static void bool_words(void **s)
{
	(void)s;
	gc_errs e;
	errs_init(&e);
	char *text = variant("default: 3}\n", "default: 3}\n      - {key: b, type: bool}\n");
	gc_config *cfg = load(text, &e);
	assert_non_null(cfg);
	const gc_form *form = config_form(cfg, "case");
	const gc_field *f = &form->fields[config_field_index(form, "b")];
	static const char *const yes[] = { "true", "TRUE", "True", "tRuE", "yes", "YES", "Yes", "是", "1" };
	static const char *const no[] = { "false", "FALSE", "False", "no", "NO", "No", "否", "0" };
	static const char *const neither[] = { "ja", "t", "2", "TRUE ", " true", "yes!", "是的", "真", "-1", "on" };
	char msg[200];
	gc_buf out;
	buf_init(&out);
	for (size_t i = 0; i < ARRAY_LEN(yes); i++) {
		buf_reset(&out);
		assert_null(field_canonical(cfg, f, yes[i], &out, msg, sizeof msg));
		assert_string_equal(out.p, "true");
	}
	for (size_t i = 0; i < ARRAY_LEN(no); i++) {
		buf_reset(&out);
		assert_null(field_canonical(cfg, f, no[i], &out, msg, sizeof msg));
		assert_string_equal(out.p, "false");
	}
	for (size_t i = 0; i < ARRAY_LEN(neither); i++)
		assert_non_null(field_canonical(cfg, f, neither[i], &out, msg, sizeof msg));
	buf_free(&out);
	config_free(cfg);
	free(text);
	errs_free(&e);
}

/* The text rule on every scalar of the configuration: raw or escaped. */
static void bidi_in_label(void **s) { (void)s; expect_error("{key: title, type: text", "{key: title, label: \"标\\u200f题\", type: text", "c.yaml:8:29: the value contains U+200F RIGHT-TO-LEFT MARK, a bidirectional control character"); }
static void zwsp_in_title(void **s) { (void)s; expect_error("roles:\n", "title: 网格\u200b管理\nroles:\n", "c.yaml:18:8: the value contains U+200B ZERO WIDTH SPACE"); }
static void escape_in_choice(void **s) { (void)s; expect_error("type: int, min: 1, max: 5, default: 3", "type: choice, choices: [\"a\\x1bb\"]", "the value contains a control character U+001B"); }
static void user_without_node(void **s) { (void)s; expect_error("scope: all", "scope: subtree", "user 'ann' has no node"); }
#define KINDS "type: choice, choices: [a, {value: a/b, sla: 2wh}]"
static void choice_bad_sla(void **s) { (void)s; expect_error("type: int, min: 1, max: 5, default: 3", "type: choice, choices: [{value: x, sla: soon}]", "c.yaml:9:58: field 'n' of form 'case': bad time limit 'soon'"); }
static void choice_without_value(void **s) { (void)s; expect_error("type: int, min: 1, max: 5, default: 3", "type: choice, choices: [{sla: 2wh}]", "a choice written as a mapping needs value:"); }
static void multichoice_sla(void **s) { (void)s; expect_error("type: int, min: 1, max: 5, default: 3", "type: multichoice, choices: [{value: x, sla: 2wh}]", "only the choices of a choice field may have a time limit"); }
static void sla_by_not_a_choice(void **s) { (void)s; expect_error("open: {sla: 4wh}", "open: {sla: 4wh, sla_by: title}", "form 'case': state 'open' of workflow 'flow' takes its time limit from 'title', which is not a choice field of the form"); }
static void sla_by_final(void **s) { (void)s; expect_error("done: {final: true}", "done: {final: true, sla_by: n}", "state 'done': a final state has no time limit"); }

/* Choices with their own limits load, and sla_by accepts a choice field. */
static void choice_limits_load(void **state)
{
	(void)state;
	gc_errs e;
	errs_init(&e);
	char *t1 = variant("type: int, min: 1, max: 5, default: 3", KINDS);
	char *t2 = xstrdup(t1);
	char *at = strstr(t2, "open: {sla: 4wh}");
	assert_non_null(at);
	free(t1);
	gc_buf b;
	buf_init(&b);
	buf_add(&b, t2, (size_t)(at - t2));
	buf_adds(&b, "open: {sla: 4wh, sla_by: n}");
	buf_adds(&b, at + strlen("open: {sla: 4wh}"));
	gc_config *cfg = load(b.p, &e);
	for (size_t i = 0; i < e.n; i++)
		fprintf(stderr, "%s\n", e.msg[i]);
	assert_non_null(cfg);
	const gc_field *f = &cfg->forms[0].fields[1];
	assert_int_equal(f->nchoices, 2);
	assert_string_equal(f->choices[1], "a/b");
	assert_int_equal(f->choice_sla[0].kind, SLA_NONE);
	assert_int_equal(f->choice_sla[1].kind, SLA_WORKING);
	assert_int_equal(f->choice_sla[1].secs, 2 * 3600);
	assert_string_equal(cfg->workflows[0].states[0].sla_by, "n");
	config_free(cfg);
	buf_free(&b);
	free(t2);
	errs_free(&e);
}

static void every_error_is_reported(void **state)
{
	(void)state;
	gc_errs e;
	errs_init(&e);
	char *t1 = variant("at: grid", "at: village");
	gc_buf b;
	buf_init(&b);
	/* Three independent mistakes in one file: all three are named. */
	const char *p = strstr(t1, "sla: 4wh");
	buf_add(&b, t1, (size_t)(p - t1));
	buf_adds(&b, "sla: soon");
	buf_adds(&b, p + 8);
	char *t2 = xstrdup(b.p);
	p = strstr(t2, "role: staff}\n");
	buf_reset(&b);
	buf_add(&b, t2, (size_t)(p - t2));
	buf_adds(&b, "role: nobody}\n");
	assert_null(load(b.p, &e));
	assert_true(errs_have(&e, "undefined level 'village'"));
	assert_true(errs_have(&e, "bad time limit 'soon'"));
	assert_true(errs_have(&e, "undefined role 'nobody'"));
	assert_true(e.n >= 3);
	free(t1);
	free(t2);
	buf_free(&b);
	errs_free(&e);
}

static void files_of_a_directory_merge(void **state)
{
	(void)state;
	gc_errs e;
	errs_init(&e);
	char *dir = unit_tmpdir();
	const char *split = strstr(base, "workflows:");
	char *first = xstrndup(base, (size_t)(split - base));
	unit_write(dir, "a.yaml", first);
	unit_write(dir, "b.yaml", split);
	gc_config *cfg = config_load(dir, &e);
	assert_non_null(cfg);
	config_free(cfg);
	/* The same top-level key in two files is an error naming both. */
	unit_write(dir, "c.yaml", "levels: [{key: x}]\n");
	cfg = config_load(dir, &e);
	assert_null(cfg);
	assert_true(errs_have(&e, "c.yaml:1:1: 'levels' is already defined in"));
	free(first);
	errs_free(&e);
	unit_rmdir(dir);
}

static void field_values_are_canonical(void **state)
{
	(void)state;
	gc_errs e;
	errs_init(&e);
	gc_config *cfg = load(
		"levels: [{key: grid}]\n"
		"forms:\n"
		"  f:\n"
		"    at: grid\n"
		"    fields:\n"
		"      - {key: t, type: text, max: 3, pattern: '^[^0-9]*$'}\n"
		"      - {key: m, type: multichoice, choices: [甲, 乙, 丙]}\n"
		"      - {key: d, type: date, min: 2026-01-01}\n"
		"      - {key: b, type: bool}\n"
		"      - {key: dt, type: datetime}\n", &e);
	assert_non_null(cfg);
	const gc_form *f = &cfg->forms[0];
	gc_buf out;
	char msg[200];
	buf_init(&out);
	assert_null(field_canonical(cfg, &f->fields[0], "网格员", &out, msg, sizeof msg));   /* 3 characters, 9 bytes */
	buf_reset(&out);
	assert_non_null(field_canonical(cfg, &f->fields[0], "网格员们", &out, msg, sizeof msg));
	assert_non_null(strstr(msg, "too long: 4 characters"));
	assert_non_null(field_canonical(cfg, &f->fields[0], "a1", &out, msg, sizeof msg));
	assert_non_null(field_canonical(cfg, &f->fields[0], "a\x1b[2J", &out, msg, sizeof msg));
	buf_reset(&out);
	assert_null(field_canonical(cfg, &f->fields[1], "丙; 甲", &out, msg, sizeof msg));
	assert_string_equal(out.p, "甲;丙");
	assert_non_null(field_canonical(cfg, &f->fields[1], "丁", &out, msg, sizeof msg));
	assert_non_null(field_canonical(cfg, &f->fields[2], "2025-12-31", &out, msg, sizeof msg));
	assert_non_null(field_canonical(cfg, &f->fields[2], "2026-13-01", &out, msg, sizeof msg));
	buf_reset(&out);
	assert_null(field_canonical(cfg, &f->fields[3], "yes", &out, msg, sizeof msg));
	assert_string_equal(out.p, "true");
	buf_reset(&out);
	assert_null(field_canonical(cfg, &f->fields[4], "2026-11-22T09:05", &out, msg, sizeof msg));
	assert_string_equal(out.p, "2026-11-22 09:05");
	buf_free(&out);
	config_free(cfg);
	errs_free(&e);
}

/* PCRE2 in UTF mode: a Chinese character class and \p{Han}, anchored to
 * the whole value; a match that hits a limit refuses the value. */
static void chinese_patterns(void **state)
{
	(void)state;
	gc_errs e;
	errs_init(&e);
	gc_config *cfg = load(
		"levels: [{key: grid}]\n"
		"forms:\n"
		"  f:\n"
		"    at: grid\n"
		"    fields:\n"
		"      - {key: name, type: text, pattern: '^[一-龥]{2,4}$'}\n"
		"      - {key: han, type: text, pattern: '\\p{Han}+'}\n"
		"      - {key: phone, type: text, pattern: '^1[3-9][0-9]{9}$'}\n"
		"      - {key: slow, type: text, pattern: '^(?:\\x62+)+$'}\n", &e);
	for (size_t i = 0; i < e.n; i++)
		fprintf(stderr, "%s\n", e.msg[i]);
	assert_non_null(cfg);
	const gc_form *f = &cfg->forms[0];
	gc_buf out;
	char msg[300];
	buf_init(&out);
	assert_null(field_canonical(cfg, &f->fields[0], "张三", &out, msg, sizeof msg));
	assert_non_null(field_canonical(cfg, &f->fields[0], "张3", &out, msg, sizeof msg));
	assert_non_null(strstr(msg, "'张3' does not match the pattern"));
	assert_non_null(field_canonical(cfg, &f->fields[0], "张", &out, msg, sizeof msg));
	assert_null(field_canonical(cfg, &f->fields[1], "网格员", &out, msg, sizeof msg));
	assert_non_null(field_canonical(cfg, &f->fields[1], "网格a", &out, msg, sizeof msg));   /* anchored: not a part */
	assert_non_null(field_canonical(cfg, &f->fields[1], "a网格", &out, msg, sizeof msg));
	assert_null(field_canonical(cfg, &f->fields[2], "13812345678", &out, msg, sizeof msg));
	assert_non_null(field_canonical(cfg, &f->fields[2], "12812345678", &out, msg, sizeof msg));
	assert_non_null(field_canonical(cfg, &f->fields[2], "138123456789", &out, msg, sizeof msg));
	/* The probe cannot guess 'b' from "\x62"; the match limit still stops the value. */
	assert_null(field_canonical(cfg, &f->fields[3], "bbb", &out, msg, sizeof msg));
	assert_non_null(field_canonical(cfg, &f->fields[3], "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb!", &out, msg, sizeof msg));
	assert_non_null(strstr(msg, "stopped: the match took too many steps (match limit)"));
	buf_free(&out);
	config_free(cfg);
	errs_free(&e);
}

static void default_config_is_valid(void **state)
{
	(void)state;
	gc_errs e;
	errs_init(&e);
	gc_config *cfg = config_load("config", &e);
	for (size_t i = 0; i < e.n; i++)
		fprintf(stderr, "%s\n", e.msg[i]);
	assert_non_null(cfg);
	assert_int_equal(cfg->nlevels, 4);
	assert_non_null(config_form(cfg, "case"));
	/* The production configuration: nobody yet, no demo district, the
	 * packaged database path. */
	assert_int_equal(cfg->nusers, 0);
	assert_null(cfg->demo);
	assert_string_equal(cfg->database, "/var/lib/gridcase/gridcase.db");
	config_free(cfg);
	/* The demo one: the same forms through its links, its people, its district. */
	cfg = config_load("config/demo", &e);
	for (size_t i = 0; i < e.n; i++)
		fprintf(stderr, "%s\n", e.msg[i]);
	assert_non_null(cfg);
	assert_non_null(config_form(cfg, "case"));
	assert_non_null(cfg->demo);
	assert_non_null(config_user(cfg, "admin"));
	assert_null(cfg->database);
	/* Its staff, one per grid, community and street, after the configured
	 * people; no login twice. */
	const gc_user *u = config_user(cfg, "wg011010005");
	assert_non_null(u);
	assert_string_equal(u->node, "510304011010005");
	assert_non_null(u = config_user(cfg, "jd011"));
	assert_string_equal(u->node, "510304011");
	assert_non_null(u = config_user(cfg, "zhangsan"));
	assert_string_equal(u->node, "510304001001001");
	size_t staff = 0;
	for (size_t i = 0; i < cfg->nusers; i++) {
		staff += !strncmp(cfg->users[i].login, "wg", 2) || !strncmp(cfg->users[i].login, "sq", 2) ||
			 !strncmp(cfg->users[i].login, "jd", 2);
		for (size_t j = 0; j < i; j++)
			assert_string_not_equal(cfg->users[i].login, cfg->users[j].login);
	}
	assert_int_equal(staff, 550 + 110 + 11);
	config_free(cfg);
	errs_free(&e);
}

int main(void)
{
	unit_locale();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(valid_config_loads),
		cmocka_unit_test(choices_are_found),
		cmocka_unit_test(unknown_top_key),
		cmocka_unit_test(duplicate_key),
		cmocka_unit_test(duplicates_among_many_keys),
		cmocka_unit_test(wrong_type),
		cmocka_unit_test(undefined_state),
		cmocka_unit_test(undefined_role),
		cmocka_unit_test(undefined_form_in_role),
		cmocka_unit_test(undefined_level),
		cmocka_unit_test(undefined_workflow),
		cmocka_unit_test(unreachable_state),
		cmocka_unit_test(no_initial),
		cmocka_unit_test(bad_pattern),
		cmocka_unit_test(huge_pattern),
		cmocka_unit_test(catastrophic_pattern),
		cmocka_unit_test(catastrophic_nested_plus),
		cmocka_unit_test(chinese_patterns),
		cmocka_unit_test(bad_holiday),
		cmocka_unit_test(bad_sla),
		cmocka_unit_test(unknown_field_type),
		cmocka_unit_test(choice_without_choices),
		cmocka_unit_test(yaml_syntax),
		cmocka_unit_test(reserved_field),
		cmocka_unit_test(bad_default),
		cmocka_unit_test(default_out_of_range),
		cmocka_unit_test(unknown_user_role),
		cmocka_unit_test(bad_timezone),
		cmocka_unit_test(bad_hours),
		cmocka_unit_test(bad_scope),
		cmocka_unit_test(transition_field_missing),
		cmocka_unit_test(user_without_node),
		cmocka_unit_test(bidi_in_label),
		cmocka_unit_test(bool_words),
		cmocka_unit_test(ascii_key),
		cmocka_unit_test(zwsp_in_title),
		cmocka_unit_test(escape_in_choice),
		cmocka_unit_test(choice_bad_sla),
		cmocka_unit_test(choice_without_value),
		cmocka_unit_test(multichoice_sla),
		cmocka_unit_test(sla_by_not_a_choice),
		cmocka_unit_test(sla_by_final),
		cmocka_unit_test(choice_limits_load),
		cmocka_unit_test(every_error_is_reported),
		cmocka_unit_test(files_of_a_directory_merge),
		cmocka_unit_test(field_values_are_canonical),
		cmocka_unit_test(default_config_is_valid),
	};
	return cmocka_run_group_tests_name("config", tests, NULL, NULL);
}
