/* cli_records.c - the record commands: new, show, set, act, history, list. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "gridcase/cli.h"
#include "gridcase/i18n.h"
#include "gridcase/query.h"
#include "gridcase/io.h"
#include "gridcase/csv.h"
#include "gridcase/text.h"

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

int cmd_show(cli *c, cli_args *a)
{
	uint64_t id;
	gc_record r;
	if (parse_id(a->pos[0], &id))
		return GC_EUSAGE;
	int rc = core_get(c->ctx, id, &r);
	if (rc)
		return cli_report(c, rc);
	if (opt(a, "json")) {
		show_json(c, &r);
		rec_free(&r);
		return 0;
	}
	const gc_form *f = config_form(c->cfg, r.form);
	const gc_node *n = core_node(c->ctx, r.node_id);
	char t1[40], t2[40];
	printf("#%llu  ", (unsigned long long)r.id);
	print_text(stdout, core_record_title(c->cfg, &r));
	printf("\n%-10s ", "form:");
	print_text(stdout, f ? f->label : r.form);
	printf(_(" (%s), version %u\n%-10s %s "), r.form, r.version, "node:", n ? n->code : "?");
	print_text(stdout, n ? n->name : "");
	printf("\n%-10s ", "state:");
	print_text(stdout, core_state_label(c->cfg, r.form, r.state));
	printf(" (%s)\n", r.state);
	if (r.due) {
		when_format(r.due, t1, sizeof t1);
		int light = core_light(c->ctx, &r, gc_now());
		printf("%-10s %s  %s%s\n", "due:", t1, core_light_names[light],
		       light == LIGHT_RED ? ", OVERDUE" : light == LIGHT_YELLOW ? ", 80 % of the time limit used" : "");
	} else if (r.paused_left) {
		printf(_("%-10s paused, %lld working minutes left\n"), "due:", (long long)(r.paused_left / 60));
	}
	when_format(r.created, t1, sizeof t1);
	when_format(r.updated, t2, sizeof t2);
	printf("%-10s %s by ", "created:", t1);
	print_text(stdout, r.creator);
	printf("\n%-10s %s\n%-10s ", "updated:", t2, "assignee:");
	print_text(stdout, *r.assignee ? r.assignee : "-");
	printf("\n\n");
	/* Fields in the configured order, then any the configuration lost. */
	for (size_t i = 0; f && i < f->nfields; i++) {
		const char *v = rec_field(&r, f->fields[i].key);
		if (!*v)
			continue;
		print_text(stdout, f->fields[i].label);
		printf(": ");
		gc_buf b;
		buf_init(&b);
		text_sanitize(&b, v, strlen(v), 1);
		fputs(b.p ? b.p : "", stdout);
		buf_free(&b);
		putchar('\n');
	}
	for (size_t i = 0; i < r.nfields; i++)
		if (!f || config_field_index(f, r.fields[i].key) < 0) {
			printf(_("%s (not in the configuration): "), r.fields[i].key);
			print_text(stdout, r.fields[i].val);
			putchar('\n');
		}
	const gc_transition **ts;
	size_t nt;
	core_transitions(c->ctx, &r, &ts, &nt);
	if (nt) {
		printf(_("\nactions:"));
		for (size_t i = 0; i < nt; i++) {
			printf(" %s (", ts[i]->key);
			print_text(stdout, ts[i]->label);
			printf(")");
		}
		putchar('\n');
	}
	free(ts);
	rec_free(&r);
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
	int rc = core_set(c->ctx, id, a->vals, a->nvals, mode, expect ? expect : from, &res);
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

int cmd_history(cli *c, cli_args *a)
{
	uint64_t id;
	gc_hist *h;
	size_t n;
	if (parse_id(a->pos[0], &id))
		return GC_EUSAGE;
	int rc = core_history(c->ctx, id, &h, &n);
	if (rc)
		return cli_report(c, rc);
	gc_record r;
	const char *form = "";
	if (core_get(c->ctx, id, &r) == 0)
		form = r.form;
	for (size_t i = 0; i < n; i++) {
		char t[40];
		when_format(h[i].time, t, sizeof t);
		printf("v%-3u %s  ", h[i].version, t);
		print_text(stdout, h[i].user);
		if (*h[i].client)
			printf(_(" from %s"), h[i].client);
		printf("  %s", h[i].action);
		if (strcmp(h[i].from, h[i].to)) {
			printf("  ");
			print_text(stdout, *h[i].from ? core_state_label(c->cfg, form, h[i].from) : "");
			printf(*h[i].from ? " -> " : "-> ");
			print_text(stdout, core_state_label(c->cfg, form, h[i].to));
		}
		putchar('\n');
		for (size_t j = 0; j < h[i].nchanges; j++) {
			printf("     %s: ", h[i].changes[j].field);
			print_text(stdout, *h[i].changes[j].old ? h[i].changes[j].old : "(empty)");
			printf(" -> ");
			print_text(stdout, *h[i].changes[j].new_ ? h[i].changes[j].new_ : "(empty)");
			putchar('\n');
		}
		if (*h[i].comment) {
			printf(_("     comment: "));
			print_text(stdout, h[i].comment);
			putchar('\n');
		}
		hist_free(&h[i]);
	}
	free(h);
	if (*form)
		rec_free(&r);
	return 0;
}

/* A column of the list table, cut to its display width. */
static void cell(gc_buf *line, const char *s, int width)
{
	text_fit(line, s, strlen(s), width, 1);
	buf_adds(line, "  ");
}

static void list_table(cli *c, const gc_list *l)
{
	gc_buf line;
	int64_t now = gc_now();
	buf_init(&line);
	cell(&line, "ID", 8);
	cell(&line, "STATE", 8);
	cell(&line, "NODE", 15);
	cell(&line, "DUE", 18);
	cell(&line, "ASSIGNEE", 10);
	buf_adds(&line, "TITLE");
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
	printf("(%zu of %zu)\n", l->n, l->total);
	buf_free(&line);
}

int cmd_list(cli *c, cli_args *a)
{
	gc_query q;
	gc_list l;
	long long limit;
	memset(&q, 0, sizeof q);
	q.form = opt(a, "form");
	q.node = opt(a, "node");
	q.state = opt(a, "state");
	q.assignee = opt(a, "assignee");
	q.search = opt(a, "search");
	q.overdue = opt(a, "overdue") != NULL;
	q.open_only = opt(a, "open") != NULL;
	q.sort = opt(a, "sort");
	if (opt_int(a, "limit", 0, &limit))
		return GC_EUSAGE;
	q.limit = (size_t)limit;
	int format = IO_TABLE;
	if (opt(a, "format") && (format = io_format_parse(opt(a, "format"))) < 0)
		return cli_usage("list: --format must be table, csv or jsonl");
	if (q.assignee && !strcmp(q.assignee, "me"))
		q.assignee = c->ctx->login;
	int rc = core_list(c->ctx, &q, &l);
	if (rc)
		return cli_report(c, rc);
	if (format == IO_TABLE) {
		list_table(c, &l);
	} else {
		/* JSON Lines as export writes them; CSV the table's short columns. */
		gc_buf out;
		buf_init(&out);
		for (size_t i = 0; i < l.n; i++) {
			const gc_record *r = &l.recs[i];
			if (format == IO_JSONL) {
				io_record_jsonl(c->ctx, r, 0, &out);
				continue;
			}
			const gc_node *n = core_node(c->ctx, r->node_id);
			char id[24], t[48] = "";
			if (i == 0)
				buf_adds(&out, "id,node,state,due,assignee,title\r\n");
			snprintf(id, sizeof id, "%llu", (unsigned long long)r->id);
			if (r->due)
				datetime_format(r->due, t, sizeof t);
			csv_field(&out, id, 0);
			csv_field(&out, n ? n->code : "", 0);
			csv_field(&out, r->state, 0);
			csv_field(&out, t, 0);
			csv_field(&out, r->assignee, 0);
			csv_field(&out, core_record_title(c->cfg, r), 1);
		}
		if (out.p)
			fputs(out.p, stdout);
		buf_free(&out);
	}
	list_free(&l);
	return 0;
}
