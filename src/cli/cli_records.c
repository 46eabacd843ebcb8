/* SPDX-License-Identifier: MIT */
/* cli_records.c - the record commands: new, show, set, act, history, list
 * (--format: the rows of cli_out.c, the record layout of export). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "gridcase/cli.h"
#include "gridcase/i18n.h"
#include "gridcase/present.h"
#include "gridcase/text.h"
#include "gridcase/json.h"

int cmd_new(cli *c, cli_args *a)
{
	const char *node = opt(a, "node");
	uint64_t id;
	if (!node)
		return cli_usage("new: --node CODE is required");
	int rc = core_new(c->ctx, a->pos[0], node, a->vals, a->nvals, &id);
	if (rc)
		return cli_report(c, rc);
	printf("%llu\n", (unsigned long long)id);
	return 0;
}

/* show --json: export's line of the record, with its light as of now. */
static void show_json(cli *c, const gc_record *r)
{
	gc_buf b;
	buf_init(&b);
	io_record_jsonl(c->ctx, r, IO_JSON_LIGHT, &b);
	fputs(b.p, stdout);
	buf_free(&b);
}

/* Lines of a text as one terminal line (print_text: newlines as spaces),
 * or kept apart (text_sanitize keeps newlines and tabs). */
static void print_lines(const present_lines *l, int keep_newlines)
{
	gc_buf text, b;
	buf_init(&text);
	buf_init(&b);
	present_join(&text, l, '\n');
	text_sanitize(&b, text.p ? text.p : "", text.len, keep_newlines);
	fputs(b.p ? b.p : "", stdout);
	buf_free(&b);
	buf_free(&text);
}

/* A label of the record's head, in the user's language, padded to 10 columns. */
static void head_label(const char *l)
{
	gc_buf b;
	buf_init(&b);
	text_fit(&b, l, strlen(l), 10, 1);
	buf_addc(&b, ' ');
	fputs(b.p, stdout);
	buf_free(&b);
}

/* A login, with the person's name where the configuration has one. */
static void print_person(const char *login, const char *name)
{
	print_text(stdout, login);
	if (name) {
		printf(" (");
		print_text(stdout, name);
		putchar(')');
	}
}

static void show_head(const present_record *p)
{
	printf("#%llu  ", (unsigned long long)p->id);
	print_text(stdout, p->title);
	putchar('\n');
	head_label(_("form:"));
	print_text(stdout, p->form_label);
	printf(_(" (%s), version %u\n"), p->form, p->version);
	head_label(_("node:"));
	printf("%s ", p->node);
	print_text(stdout, p->node_name);
	putchar('\n');
	head_label(_("state:"));
	print_text(stdout, p->state_label);
	printf(" (%s)\n", p->state);
	if (p->has_due) {
		head_label(_("due:"));
		/* xgettext:no-c-format */
		const char *used = _(", 80 % of the time limit used");
		printf("%s  %s%s\n", p->due, *core_light_names[p->light] ? _(core_light_names[p->light]) : "",
		       p->light == LIGHT_RED ? _(", OVERDUE") : p->light == LIGHT_YELLOW ? used : "");
	} else if (p->paused) {
		head_label(_("due:"));
		printf(_("paused, %lld working minutes left\n"), p->paused_minutes);
	}
	head_label(_("created:"));
	printf(_("%s by "), p->created);
	print_person(p->creator, p->creator_name);
	putchar('\n');
	head_label(_("updated:"));
	printf("%s\n", p->updated);
	head_label(_("assignee:"));
	print_person(p->assignee, p->assignee_name);
	printf("\n\n");
}

/* show --format csv|jsonl|json: the record in the layout list and export use. */
static int show_rows(cli *c, uint64_t id, const cli_fmt *f)
{
	gc_record r;
	cli_rows t;
	int rc = core_get(c->ctx, id, &r);
	if (rc)
		return cli_report(c, rc);
	rows_records_begin(c, &t, f, r.form);
	t.one = 1;
	rows_record(c, &t, &r);
	rows_finish(&t, stdout);
	rec_free(&r);
	return 0;
}

int cmd_show(cli *c, cli_args *a)
{
	uint64_t id;
	cli_fmt fmt;
	if (parse_id(a->pos[0], &id) || cli_format(a, "show", 0, &fmt))
		return GC_EUSAGE;
	if (opt(a, "json") && opt(a, "format"))
		return cli_usage("show: --json is --format jsonl with the light; give one of them");
	if (fmt.format != IO_TABLE)
		return show_rows(c, id, &fmt);
	if (opt(a, "json")) {
		gc_record r;
		int rc = core_get(c->ctx, id, &r);
		if (rc)
			return cli_report(c, rc);
		show_json(c, &r);
		rec_free(&r);
		return 0;
	}
	present_record p;
	int rc = present_load(c->ctx, id, PRESENT_ACTIONS, &p);
	if (rc)
		return cli_report(c, rc);
	show_head(&p);
	/* A field the configuration lost stays on one line, named by its key. */
	for (size_t i = 0; i < p.nfields; i++) {
		const present_field *f = &p.fields[i];
		if (f->lost) {
			printf(_("%s (not in the configuration): "), f->key);
		} else {
			print_text(stdout, f->label);
			printf(": ");
		}
		print_lines(&f->value, !f->lost);
		putchar('\n');
	}
	if (p.nactions) {
		printf(_("\nactions:"));
		for (size_t i = 0; i < p.nactions; i++) {
			printf(" %s (", p.actions[i]->key);
			print_text(stdout, p.actions[i]->label);
			printf(")");
		}
		putchar('\n');
	}
	present_free(&p);
	return 0;
}

static void print_record_brief(cli *c, const gc_record *r, const char *prefix)
{
	printf(_("%sversion %u, state "), prefix, r->version);
	print_text(stdout, core_state_label(c->cfg, r->form, r->state));
	printf(_(", updated by the latest change at "));
	char t[40];
	when_format(r->updated, t, sizeof t);
	printf("%s\n", t);
	for (size_t i = 0; i < r->nfields; i++) {
		printf("%s  %s: ", prefix, r->fields[i].key);
		print_text(stdout, r->fields[i].val);
		putchar('\n');
	}
}

/* --NAME N: a version the caller read (versions start at 1); 0 when not given. */
static int opt_version(const cli_args *a, const char *name, uint32_t *out)
{
	long long v;
	*out = 0;
	if (opt_int(a, name, 0, &v))
		return GC_EUSAGE;
	if (opt(a, name) && (v < 1 || v > UINT32_MAX))
		return cli_usage("--%s needs a version number (1 or more), not '%s'", name, opt(a, name));
	*out = (uint32_t)v;
	return 0;
}

int cmd_set(cli *c, cli_args *a)
{
	uint64_t id;
	uint32_t expect, from;
	gc_set_result res;
	if (parse_id(a->pos[0], &id) || opt_version(a, "expect-version", &expect) || opt_version(a, "merge-from", &from))
		return GC_EUSAGE;
	if (a->nvals == 0)
		return cli_usage("set: give at least one field=value");
	if (expect && from)
		return cli_usage("set: --expect-version (any change refuses) and --merge-from (merge by field) exclude each other");
	int mode = expect ? SET_STRICT : from ? SET_MERGE : SET_ANY;
	int rc = core_set(c->ctx, id, a->vals, a->nvals, mode, expect ? expect : from, opt(a, "comment"), &res);
	if (rc == GC_ECONFLICT && mode == SET_STRICT) {
		/* Show what is stored now next to what was asked, so nothing is lost. */
		cli_report(c, rc);
		fprintf(stdout, _("stored now:\n"));
		print_record_brief(c, &res.current, "  ");
		fprintf(stdout, _("your change (not saved):\n"));
		for (size_t i = 0; i < a->nvals; i++) {
			printf("    %s: ", a->vals[i].key);
			print_text(stdout, a->vals[i].val);
			putchar('\n');
		}
		core_set_result_free(&res);
		return rc;
	}
	uint32_t version = res.version;
	core_set_result_free(&res);   /* a merge conflict names every field in its messages */
	if (rc)
		return cli_report(c, rc);
	printf("%llu version %u\n", (unsigned long long)id, version);
	return 0;
}

int cmd_act(cli *c, cli_args *a)
{
	uint64_t id;
	uint32_t expect;
	if (parse_id(a->pos[0], &id) || opt_version(a, "expect-version", &expect))
		return GC_EUSAGE;
	const char *state = opt(a, "from-state");
	if (expect && state)
		return cli_usage("act: give --expect-version or --from-state, not both");
	int rc = core_act_seen(c->ctx, id, a->pos[1], opt(a, "comment"), a->vals, a->nvals, expect, state);
	if (rc)
		return cli_report(c, rc);
	gc_record r;
	if (core_get(c->ctx, id, &r) == 0) {
		printf("%llu ", (unsigned long long)id);
		print_text(stdout, core_state_label(c->cfg, r.form, r.state));
		printf(_(" (%s) version %u\n"), r.state, r.version);
		rec_free(&r);
	}
	return 0;
}

/* history --format: one row per entry, state keys and stored times;
 * the changes as an array of {field, old, new} (CSV: a line each). */
static void history_rows(const present_record *p, const cli_fmt *f)
{
	static const char *const cols[][2] = {
		{ "version", N_("Version") }, { "time", N_("Time") }, { "user", N_("User") }, { "client", N_("Client") },
		{ "action", N_("Action") }, { "from", N_("From state") }, { "to", N_("To state") },
		{ "comment", N_("Comment") }, { "changes", N_("Changes") },
	};
	cli_rows t;
	gc_buf text, json;
	buf_init(&text);
	buf_init(&json);
	rows_begin(&t, f);
	for (size_t i = 0; i < ARRAY_LEN(cols); i++)
		rows_col(&t, cols[i][0], _(cols[i][1]), i == 0 ? COL_NUM : COL_STR);
	for (size_t i = 0; i < p->nhistory; i++) {
		const gc_hist *h = &p->hist[i];
		char when[48] = "";
		if (h->time)
			datetime_format(h->time, when, sizeof when);
		rows_num(&t, h->version);
		rows_cell(&t, when);
		rows_cell(&t, h->user);
		rows_cell(&t, h->client);
		rows_cell(&t, h->action);
		rows_cell(&t, h->from);
		rows_cell(&t, h->to);
		rows_cell(&t, h->comment);
		buf_reset(&text);
		buf_reset(&json);
		buf_addc(&json, '[');
		for (size_t j = 0; j < h->nchanges; j++) {
			const gc_change *ch = &h->changes[j];
			buf_printf(&text, "%s%s: %s -> %s", j ? "\n" : "", ch->field, ch->old, ch->new_);
			buf_adds(&json, j ? ",{\"field\":" : "{\"field\":");
			json_str(&json, ch->field);
			buf_adds(&json, ",\"old\":");
			json_str(&json, ch->old);
			buf_adds(&json, ",\"new\":");
			json_str(&json, ch->new_);
			buf_addc(&json, '}');
		}
		buf_addc(&json, ']');
		rows_cell_json(&t, text.p ? text.p : "", json.p);
		rows_end(&t);
	}
	rows_finish(&t, stdout);
	buf_free(&text);
	buf_free(&json);
}

int cmd_history(cli *c, cli_args *a)
{
	uint64_t id;
	present_record p;
	cli_fmt f;
	if (parse_id(a->pos[0], &id) || cli_format(a, "history", 0, &f))
		return GC_EUSAGE;
	int rc = present_load(c->ctx, id, 0, &p);
	if (!rc)
		rc = present_history(c->ctx, &p);
	if (rc) {
		present_free(&p);
		return cli_report(c, rc);
	}
	if (f.format != IO_TABLE) {
		history_rows(&p, &f);
		present_free(&p);
		return 0;
	}
	for (size_t i = 0; i < p.nhistory; i++) {
		const present_entry *e = &p.history[i];
		printf("v%-3u %s  ", e->version, e->when);
		print_text(stdout, e->user);
		if (*e->client)
			printf(_(" from %s"), e->client);
		printf("  %s", e->action);
		if (e->moved) {
			printf("  ");
			print_text(stdout, e->from);
			printf(*e->from ? " -> " : "-> ");
			print_text(stdout, e->to);
		}
		putchar('\n');
		/* Changes by key, as they were stored. */
		for (size_t j = 0; j < e->nchanges; j++) {
			printf("     %s: ", e->changes[j].key);
			print_lines(&e->changes[j].old, 0);
			printf(" -> ");
			print_lines(&e->changes[j].new_, 0);
			putchar('\n');
		}
		if (e->comment.n) {
			printf(_("     comment: "));
			print_lines(&e->comment, 0);
			putchar('\n');
		}
	}
	present_free(&p);
	return 0;
}

/* A column of the list table, cut to its display width. */
static void cell(gc_buf *line, const char *s, int width)
{
	text_fit(line, s, strlen(s), width, 1);
	buf_adds(line, "  ");
}

static void list_table(cli *c, const gc_list *l, int keys)
{
	gc_buf line;
	int64_t now = gc_now();
	buf_init(&line);
	cell(&line, keys ? "id" : _("ID"), 8);
	cell(&line, keys ? "state" : _("STATE"), 8);
	cell(&line, keys ? "node" : _("NODE"), 15);
	cell(&line, keys ? "due" : _("DUE"), 18);
	cell(&line, keys ? "assignee" : _("ASSIGNEE"), 10);
	buf_adds(&line, keys ? "title" : _("TITLE"));
	puts(line.p);
	for (size_t i = 0; i < l->n; i++) {
		const gc_record *r = &l->recs[i];
		const gc_node *n = core_node(c->ctx, r->node_id);
		char id[24], due[40];
		snprintf(id, sizeof id, "%llu", (unsigned long long)r->id);
		when_format(r->due, due, sizeof due);
		int light = core_light(c->ctx, r, now);
		if (light >= LIGHT_YELLOW)   /* ~ most of the limit used, ! overdue */
			snprintf(due + strlen(due), sizeof due - strlen(due), "%c", core_light_marks[light]);
		buf_reset(&line);
		cell(&line, id, 8);
		cell(&line, core_state_label(c->cfg, r->form, r->state), 8);
		cell(&line, n ? n->code : "?", 15);
		cell(&line, due, 18);
		cell(&line, *r->assignee ? r->assignee : "-", 10);
		text_fit(&line, core_record_title(c->cfg, r), strlen(core_record_title(c->cfg, r)), 60, 0);
		puts(line.p);
	}
	if (l->more)
		printf(_("(%zu of more than %zu)\n"), l->n, l->total);
	else
		printf("(%zu of %zu)\n", l->n, l->total);
	if (l->bounded)
		printf(_("(fields other than the searched text fields were read in the newest %d records only)\n"),
		       GC_SEARCH_SCAN);
	buf_free(&line);
}

/* --form and --state by key or label (事件, 上报); one that names nothing
 * is an error naming those that exist, never an empty list. */
static int list_names(cli *c, cli_args *a, gc_query *q)
{
	const char *fs = opt(a, "form"), *ss = opt(a, "state");
	const gc_form *form = fs ? config_form_named(c->cfg, fs) : NULL;
	gc_buf names;
	int rc = 0;
	buf_init(&names);
	if (fs && !form) {
		for (size_t i = 0; i < c->cfg->nforms; i++)
			buf_printf(&names, "%s%s (%s)", i ? ", " : "", c->cfg->forms[i].label, c->cfg->forms[i].key);
		rc = cli_usage("list: no form '%s'; the forms are %s", fs, names.p ? names.p : "");
	} else if (ss && !(q->state = config_state_named(c->cfg, form, ss)) &&
		   !(q->state = config_state_named(c->cfg, NULL, ss))) {
		/* (A state of another form's workflow lists nothing, but names a state.) */
		config_state_names(c->cfg, NULL, &names);
		rc = cli_usage("list: no state '%s'; the states are %s", ss, names.p ? names.p : "");
	}
	q->form = form ? form->key : NULL;
	buf_free(&names);
	return rc;
}

static int list_run(cli *c, cli_args *a, gc_query *qp);

int cmd_list(cli *c, cli_args *a)
{
	gc_query q;
	memset(&q, 0, sizeof q);
	if (list_names(c, a, &q))
		return GC_EUSAGE;
	q.node = opt(a, "node");
	q.assignee = opt(a, "assignee");
	q.search = opt(a, "search");
	q.overdue = opt(a, "overdue") != NULL;
	q.due_soon = opt(a, "due-soon") != NULL;
	q.open_only = opt(a, "open") != NULL;
	q.sort = opt(a, "sort");
	char *fkey = NULL;
	if (opt(a, "field")) {
		const char *eq = strchr(opt(a, "field"), '=');
		if (!eq || eq == opt(a, "field"))
			return cli_usage("--field needs KEY=VALUE, not '%s'", opt(a, "field"));
		fkey = xstrndup(opt(a, "field"), (size_t)(eq - opt(a, "field")));
		int known = 0;
		for (size_t i = 0; i < c->cfg->nforms && !known; i++)
			known = (!q.form || !strcmp(q.form, c->cfg->forms[i].key)) &&
				config_slot(&c->cfg->forms[i], fkey) != NULL;
		if (!known) {
			if (q.form)
				cli_usage("--field: form '%s' has no field '%s'", q.form, fkey);
			else
				cli_usage("--field: no form has a field '%s'", fkey);
			free(fkey);
			return GC_EUSAGE;
		}
		q.field_key = fkey;
		q.field_value = eq + 1;
	}
	int rc = list_run(c, a, &q);
	free(fkey);
	return rc;
}

static int list_run(cli *c, cli_args *a, gc_query *qp)
{
	gc_query q = *qp;
	gc_list l;
	long long limit;
	long long offset;
	if (opt_int(a, "limit", 0, &limit) || opt_int(a, "offset", 0, &offset))
		return GC_EUSAGE;
	q.limit = (size_t)limit;
	q.offset = (size_t)offset;
	cli_fmt f;
	if (cli_format(a, "list", 0, &f))
		return GC_EUSAGE;
	if (q.assignee && !strcmp(q.assignee, "me"))
		q.assignee = c->ctx->login;
	int rc = core_list(c->ctx, &q, &l);
	if (rc)
		return cli_report(c, rc);
	if (f.format == IO_TABLE) {
		list_table(c, &l, f.keys);
	} else {
		/* The layout of show and export: CSV has every column of the listed forms. */
		cli_rows t;
		rows_records_begin(c, &t, &f, q.form);
		for (size_t i = 0; i < l.n; i++)
			rows_record(c, &t, &l.recs[i]);
		rows_finish(&t, stdout);
	}
	list_free(&l);
	return 0;
}
