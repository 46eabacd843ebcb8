/* SPDX-License-Identifier: MIT */
/* cli_match.c - `gridcase match`: proposed pairs of a matching, and
 * `match accept LEFT RIGHT` (match.c does the work). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "gridcase/cli.h"
#include "gridcase/i18n.h"
#include "gridcase/text.h"

static const gc_matching *pick(const gc_matching *ms, size_t n, const char *key)
{
	for (size_t i = 0; i < n; i++)
		if (!key || !strcmp(ms[i].key, key))
			return &ms[i];
	return NULL;
}

static void print_pairs(cli *c, const gc_matching *m, const match_pair *p, size_t n)
{
	gc_buf line;
	buf_init(&line);
	printf(_("%s (%s): %zu proposed pairs\n"), m->label, m->key, n);
	for (size_t i = 0; i < n; i++) {
		const char *lt = core_record_title(c->cfg, &p[i].left), *rt = core_record_title(c->cfg, &p[i].right);
		buf_reset(&line);
		buf_printf(&line, "%-7llu ", (unsigned long long)p[i].left.id);
		text_fit(&line, lt, strlen(lt), 28, 1);
		buf_printf(&line, " <-> %-7llu ", (unsigned long long)p[i].right.id);
		text_fit(&line, rt, strlen(rt), 28, 1);
		buf_addc(&line, ' ');
		text_fit(&line, rec_field(&p[i].left, m->left.by), strlen(rec_field(&p[i].left, m->left.by)), 10, 1);
		buf_printf(&line, " %s%s", p[i].left_accepted ? " left-accepted" : "", p[i].right_accepted ? " right-accepted" : "");
		print_text(stdout, line.p);
		putchar('\n');
	}
	buf_free(&line);
}

/* --format: a row per pair, ids as numbers, acceptance as booleans. */
static void pair_rows(cli *c, const gc_matching *m, const match_pair *p, size_t n, const cli_fmt *f)
{
	cli_rows t;
	rows_begin(&t, f);
	rows_col(&t, "matching", _("Matching"), COL_STR);
	rows_col(&t, "left", _("Left"), COL_NUM);
	rows_col(&t, "left_title", _("Left title"), COL_STR);
	rows_col(&t, "right", _("Right"), COL_NUM);
	rows_col(&t, "right_title", _("Right title"), COL_STR);
	rows_col(&t, "value", _("Value"), COL_STR);
	rows_col(&t, "left_accepted", _("Left accepted"), COL_BOOL);
	rows_col(&t, "right_accepted", _("Right accepted"), COL_BOOL);
	for (size_t i = 0; i < n; i++) {
		rows_cell(&t, m->key);
		rows_num(&t, (long long)p[i].left.id);
		rows_cell(&t, core_record_title(c->cfg, &p[i].left));
		rows_num(&t, (long long)p[i].right.id);
		rows_cell(&t, core_record_title(c->cfg, &p[i].right));
		rows_cell(&t, rec_field(&p[i].left, m->left.by));
		rows_cell(&t, p[i].left_accepted ? "1" : "0");
		rows_cell(&t, p[i].right_accepted ? "1" : "0");
		rows_end(&t);
	}
	rows_finish(&t, stdout);
}

int cmd_match(cli *c, cli_args *a)
{
	cli_fmt f;
	if (cli_format(a, "match", 0, &f))
		return GC_EUSAGE;
	const gc_matching *ms = c->cfg->matchings;
	size_t nm = c->cfg->nmatchings;
	int rc = 0;
	int accept = a->npos >= 1 && !strcmp(a->pos[0], "accept");
	const gc_matching *m = pick(ms, nm, opt(a, "matching"));
	if (!m) {
		return opt(a, "matching") ? cli_usage("no matching '%s' in the configuration", opt(a, "matching"))
					  : (fprintf(stderr, _("gridcase: the configuration has no matching: section\n")), GC_ENOTFOUND);
	}
	if (accept) {
		uint64_t left, right, project;
		if (a->npos != 3)
			rc = cli_usage("usage: gridcase match accept LEFT RIGHT");
		else if (!(rc = parse_id(a->pos[1], &left)) && !(rc = parse_id(a->pos[2], &right))) {
			rc = core_match_accept(c->ctx, m, left, right, &project);
			if (rc)
				cli_report(c, rc);
			else if (project)
				printf(_("%llu and %llu accepted on both sides: %s %llu created\n"), (unsigned long long)left,
				       (unsigned long long)right, m->project_form, (unsigned long long)project);
			else
				printf(_("%llu and %llu accepted on your side; waiting for the other\n"), (unsigned long long)left,
				       (unsigned long long)right);
		}
	} else if (a->npos) {
		rc = cli_usage("usage: gridcase match [--matching KEY] [--node CODE] [--format F] | match accept LEFT RIGHT");
	} else {
		match_pair *p;
		size_t n;
		rc = core_match_propose(c->ctx, m, opt(a, "node"), &p, &n);
		if (rc)
			cli_report(c, rc);
		else if (f.format != IO_TABLE)
			pair_rows(c, m, p, n, &f);
		else
			print_pairs(c, m, p, n);
		match_pairs_free(p, n);
	}
	return rc;
}
