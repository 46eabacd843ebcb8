/* SPDX-License-Identifier: MIT */
/* cli_admin.c - setting up and looking after a database: init, check-config,
 * import, export, tree, stats, verify, backup, demo. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <sys/stat.h>
#include <dirent.h>
#include <unistd.h>
#include "gridcase/cli.h"
#include "gridcase/i18n.h"
#include "gridcase/demo.h"
#include "gridcase/text.h"

static int exists(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0;
}

int cmd_init(cli *c, cli_args *a)
{
	(void)a;
	int rc = core_open(&c->ctx, c->cfg, c->db_path, c->login, CORE_CREATE_NEW, &c->errs);
	if (rc)
		return cli_report(c, rc);
	if (core_require_admin(c->ctx, "init"))
		return cli_report(c, GC_EPERM);
	printf("%s: created\n", c->db_path);
	return 0;
}

int cmd_check_config(cli *c, cli_args *a)
{
	(void)a;
	gc_config *cfg = c->cfg;   /* every section was checked as it was loaded */
	printf(_("%s: configuration is valid: %zu levels, %zu forms, %zu workflows, %zu roles, %zu users\n"),
	       c->config_path, cfg->nlevels, cfg->nforms, cfg->nworkflows, cfg->nroles, cfg->nusers);
	if (!exists(c->db_path))
		return 0;
	/* With a database: what stored data would this configuration orphan? */
	gc_errs report;
	errs_init(&report);
	int rc = core_open(&c->ctx, cfg, c->db_path, c->login, 0, &c->errs);   /* reports stay in the caller's scope */
	if (rc)
		return cli_report(c, rc);
	rc = core_check_stored(c->ctx, &report);
	for (size_t i = 0; i < report.n; i++) {
		fprintf(stderr, "gridcase: %s: ", c->db_path);
		print_text(stderr, report.msg[i]);
		fputc('\n', stderr);
	}
	if (!rc)
		printf(_("%s: every stored record fits the configuration\n"), c->db_path);
	else
		fprintf(stderr, _("gridcase: %s: stored records that do not fit this configuration\n"), c->db_path);
	errs_free(&report);
	return rc ? cli_report(c, rc) : 0;
}

int cmd_import(cli *c, cli_args *a)
{
	int format = IO_AUTO, encoding = IO_UTF8;
	const char *what = a->pos[0];
	if (opt(a, "format") && ((format = io_format_parse(opt(a, "format"))) < 0 || format == IO_TABLE))
		return cli_usage("import: --format must be csv, jsonl or xlsx");
	if (format == IO_JSON)   /* import reads JSON Lines; "json" has always meant them here */
		format = IO_JSONL;
	if (opt(a, "encoding") && (encoding = io_encoding_parse(opt(a, "encoding"))) < 0)
		return cli_usage("import: --encoding must be utf-8 or gb18030");
	if (!strcmp(what, "users"))
		return cmd_import_users(c, a);
	int is_nodes = !strcmp(what, "nodes");
	if (!is_nodes && strcmp(what, "records"))
		return cli_usage("import: say 'import nodes FILE' or 'import records [FORM] FILE'");
	if (!is_nodes && opt(a, "abandon")) {
		if (a->npos != 1)
			return cli_usage("import records --abandon takes no file: it gives up the import that stopped");
		char *said = NULL;
		int rc = core_import_abandon(c->ctx, &said);
		if (rc)
			return cli_report(c, rc);
		printf("%s\n", said);
		free(said);
		return 0;
	}
	if (a->npos < 2 || (is_nodes && a->npos != 2))
		return cli_usage("usage: gridcase import nodes FILE | import records [FORM] FILE | import records --abandon");
	char *path;
	int rc = cli_file_arg(c, a->pos[a->npos - 1], &path);
	size_t added = 0, updated = 0, resumed = 0;
	if (rc)
		return rc;
	if (is_nodes) {
		in_file f;
		if (in_file_read(&f, path, format, encoding, &c->ctx->errs))
			rc = c->ctx->errs.status ? c->ctx->errs.status : GC_EDATA;
		else
			rc = core_import_nodes(c->ctx, &f, &added, &updated);
		in_file_free(&f);
	} else {
		in_reader r;
		if (in_open(&r, path, format, encoding, &c->ctx->errs))
			rc = c->ctx->errs.status ? c->ctx->errs.status : GC_EDATA;
		else
			rc = core_import_records(c->ctx, a->npos == 3 ? a->pos[1] : NULL, &r, &added, &resumed);
		in_close(&r);
	}
	char *pending = rc && !is_nodes ? core_import_pending(c->ctx) : NULL;
	if (rc) {
		cli_report(c, rc);
		/* A large file's transactions that committed stay: said when this
		 * run moved the stopped import (the start said what it was). */
		if (pending && (!c->import_said || strcmp(pending, c->import_said)))
			fprintf(stderr, "gridcase: %s\n", pending);
		else
			fprintf(stderr, _("gridcase: %s: nothing was imported\n"), a->pos[a->npos - 1]);
		free(pending);
	} else if (opt(a, "quiet")) {
		;   /* a script's import: the status says it */
	} else if (is_nodes) {
		printf(_("%s: %zu nodes added, %zu updated\n"), a->pos[a->npos - 1], added, updated);
	} else if (resumed) {
		printf(_("%s: %zu records imported, after the %zu an earlier run had imported\n"), a->pos[a->npos - 1], added,
		       resumed);
	} else {
		printf(_("%s: %zu records imported\n"), a->pos[a->npos - 1], added);
	}
	/* The data is in; a report that could not be written is still a failure. */
	if (!rc && (fflush(stdout) || ferror(stdout))) {
		fprintf(stderr, _("gridcase: %s: imported, but standard output could not be written: %s\n"),
			a->pos[a->npos - 1], strerror(errno ? errno : EIO));
		rc = GC_EIO;
	}
	free(path);
	return rc;
}

int cli_output_open(cli *c, const cli_args *a, int binary, const char *cmd, cli_out *o)
{
	memset(o, 0, sizeof *o);
	o->fp = stdout;
	if (!opt(a, "output")) {
		if (binary && isatty(1))
			return cli_usage("%s: an .xlsx workbook is not for a terminal: give --output FILE.xlsx or redirect "
					 "standard output to a file", cmd);
		return 0;
	}
	int rc = cli_file_arg(c, opt(a, "output"), &o->path);
	if (rc)
		return rc;
	gc_buf b;
	buf_init(&b);
	buf_printf(&b, "%s.partXXXXXX", o->path);
	o->part = b.p;
	int fd = mkstemp(o->part);
	if (fd < 0 || !(o->fp = fdopen(fd, "wb"))) {
		fprintf(stderr, _("gridcase: %s: cannot write: %s\n"), o->path, strerror(errno));
		if (fd >= 0)
			close(fd), unlink(o->part);
		free(o->path);
		free(o->part);
		memset(o, 0, sizeof *o);
		return GC_EIO;
	}
	fchmod(fd, 0644 & ~umask(umask(0)));
	return 0;
}

int cli_output_close(cli_out *o, int ok)
{
	int rc = 0;
	if (!o->part)
		return 0;
	if (fclose(o->fp) && ok) {
		fprintf(stderr, _("gridcase: %s: cannot write: %s\n"), o->path, strerror(errno));
		rc = GC_EIO;
	}
	if (ok && !rc && rename(o->part, o->path)) {
		fprintf(stderr, _("gridcase: %s: cannot write: %s\n"), o->path, strerror(errno));
		rc = GC_EIO;
	}
	if (!ok || rc)
		unlink(o->part);
	free(o->path);
	free(o->part);
	memset(o, 0, sizeof *o);
	return rc;
}

/* export nodes: the tree as import nodes reads it. */
static int export_nodes(cli *c, cli_args *a, int format)
{
	size_t count;
	cli_out o;
	if (opt(a, "form") || opt(a, "since"))
		return cli_usage("export nodes: takes --node, --format and --output only");
	int rc = cli_output_open(c, a, format == IO_XLSX, "export nodes", &o);
	if (rc)
		return rc;
	rc = core_export_nodes(c->ctx, opt(a, "node"), format, o.fp, &count);
	if (cli_output_close(&o, !rc) && !rc)
		return GC_EIO;
	if (rc)
		return cli_report(c, rc);
	if (opt(a, "verbose"))
		fprintf(stderr, _("gridcase: exported %zu nodes\n"), count);
	return 0;
}

int cmd_export(cli *c, cli_args *a)
{
	gc_query q;
	size_t count;
	uint64_t seq;
	memset(&q, 0, sizeof q);
	q.form = opt(a, "form");
	q.node = opt(a, "node");
	int format = IO_CSV;
	if (opt(a, "format") && ((format = io_format_parse(opt(a, "format"))) < 0 || format == IO_TABLE))
		return cli_usage("export: --format must be csv, jsonl, json or xlsx");
	if (a->npos == 1 && !strcmp(a->pos[0], "nodes"))
		return export_nodes(c, a, format);
	if (a->npos == 1 && strcmp(a->pos[0], "records"))
		return cli_usage("export: say 'export', 'export records' or 'export nodes'");
	const char *since = opt(a, "since");
	if (since) {
		int64_t t;
		char *end;
		if (strchr(since, '-')) {
			if (datetime_parse(since, &t))
				return cli_usage("export: --since takes a change number or a date YYYY-MM-DD[ HH:MM]");
			q.since_time = t;
		} else {
			q.since_seq = strtoull(since, &end, 10);
			if (!*since || *end)
				return cli_usage("export: --since takes a change number or a date YYYY-MM-DD[ HH:MM]");
		}
	}
	cli_out o;
	int rc = cli_output_open(c, a, format == IO_XLSX, "export", &o);
	if (rc)
		return rc;
	rc = core_export(c->ctx, &q, format, o.fp, &count, &seq);
	if (cli_output_close(&o, !rc) && !rc)
		return GC_EIO;
	if (rc)
		return cli_report(c, rc);
	/* The change number lets the next run ask only for what changed;
	 * said only when asked (a nightly job's success is silent). */
	if (opt(a, "verbose"))
		fprintf(stderr, _("gridcase: exported %zu records; last change %llu (use --since %llu next time)\n"),
		count, (unsigned long long)seq, (unsigned long long)seq);
	return 0;
}

/* tree and stats --format: a row per node, counts as numbers. */
static void stats_rows(const gc_config *cfg, const gc_stats *s, const measure_acc *meas, const cli_fmt *f, int tree)
{
	const gc_workflow *wf = s->form ? s->form->wf : NULL;
	cli_rows t;
	gc_buf k;
	buf_init(&k);
	rows_begin(&t, f);
	rows_col(&t, "code", _("Code"), COL_STR);
	rows_col(&t, "name", _("Name"), COL_STR);
	rows_col(&t, tree ? "depth" : "total", tree ? _("Depth") : _("Total"), COL_NUM);
	rows_col(&t, "open", _("Open"), COL_NUM);
	rows_col(&t, "overdue", _("Overdue"), COL_NUM);
	char **keys = xcalloc(wf ? wf->nstates + 1 : 1, sizeof *keys);
	for (size_t j = 0; wf && j < wf->nstates; j++) {
		buf_reset(&k);
		buf_printf(&k, "state_%s", wf->states[j].key);
		keys[j] = xstrdup(k.p);
		rows_col(&t, keys[j], wf->states[j].label, COL_NUM);
	}
	char **mkeys = xcalloc(cfg->nmeasures + 1, sizeof *mkeys);
	for (size_t j = 0; meas && j < cfg->nmeasures; j++) {
		buf_reset(&k);
		buf_printf(&k, "m_%s", cfg->measures[j].key);
		mkeys[j] = xstrdup(k.p);
		rows_col(&t, mkeys[j], cfg->measures[j].label, COL_NUM);
	}
	for (size_t i = 0; i < s->n; i++) {
		const gc_stat_row *r = &s->rows[i];
		rows_cell(&t, r->node->code);
		rows_cell(&t, r->node->name);
		rows_num(&t, tree ? r->depth : (long long)r->total);
		rows_num(&t, (long long)r->open);
		rows_num(&t, (long long)r->overdue);
		for (size_t j = 0; wf && j < wf->nstates; j++)
			rows_num(&t, (long long)r->by_state[j]);
		for (size_t j = 0; meas && j < cfg->nmeasures; j++) {
			char v[64];
			measure_format(&cfg->measures[j], &meas[i * (cfg->nmeasures + 1) + j], 0, v, sizeof v);
			rows_cell(&t, v);
		}
		rows_end(&t);
	}
	rows_finish(&t, stdout);
	for (size_t j = 0; meas && j < cfg->nmeasures; j++)
		free(mkeys[j]);
	free(mkeys);
	for (size_t j = 0; wf && j < wf->nstates; j++)
		free(keys[j]);
	free(keys);
	buf_free(&k);
}

int cmd_tree(cli *c, cli_args *a)
{
	long long depth;
	gc_stats s;
	cli_fmt f;
	if (opt_int(a, "depth", 2, &depth) || cli_format(a, "tree", 0, &f))
		return GC_EUSAGE;
	int rc = core_stats(c->ctx, opt(a, "node"), (int)depth, NULL, &s);
	if (rc)
		return cli_report(c, rc);
	if (f.format != IO_TABLE) {
		stats_rows(c->cfg, &s, NULL, &f, 1);
		stats_free(&s);
		return 0;
	}
	gc_buf line;
	buf_init(&line);
	for (size_t i = 0; i < s.n; i++) {
		const gc_stat_row *r = &s.rows[i];
		buf_reset(&line);
		for (int d = 0; d < r->depth; d++)
			buf_adds(&line, "  ");
		buf_printf(&line, "%s ", r->node->code);
		int used = (int)line.len;
		text_fit(&line, r->node->name, strlen(r->node->name), used < 48 ? 48 - used : 8, 1);
		buf_printf(&line, _("  open %6llu  overdue %5llu"), (unsigned long long)r->open, (unsigned long long)r->overdue);
		puts(line.p);
	}
	buf_free(&line);
	stats_free(&s);
	return 0;
}

/* stats --storage: where the bytes go, a row per table (and one for the
 * pages no table holds), in any format. */
static int storage_rows(cli *c, const cli_fmt *f)
{
	gc_storage s;
	cli_rows t;
	int rc = core_storage(c->ctx, &s);
	if (rc)
		return cli_report(c, rc);
	if (f->format == IO_TABLE) {
		printf("%-24s %12s %14s %10s\n", _("Table"), _("Entries"), _("Bytes"), _("Bytes per record"));
		for (size_t i = 0; i <= s.n; i++) {
			uint64_t bytes = i < s.n ? s.t[i].bytes : s.other_bytes;
			printf("%-24s %12llu %14llu %10llu\n", i < s.n ? s.t[i].name : _("(free and meta pages)"),
			       i < s.n ? (unsigned long long)s.t[i].entries : 0ULL, (unsigned long long)bytes,
			       s.records ? (unsigned long long)(bytes / s.records) : 0ULL);
		}
		printf("%-24s %12llu %14llu %10llu\n", _("(the file)"), (unsigned long long)s.records,
		       (unsigned long long)s.file_bytes, s.records ? (unsigned long long)(s.file_bytes / s.records) : 0ULL);
		return 0;
	}
	rows_begin(&t, f);
	rows_col(&t, "table", _("Table"), COL_STR);
	rows_col(&t, "entries", _("Entries"), COL_NUM);
	rows_col(&t, "bytes", _("Bytes"), COL_NUM);
	rows_col(&t, "per_record", _("Bytes per record"), COL_NUM);
	for (size_t i = 0; i <= s.n; i++) {
		uint64_t bytes = i < s.n ? s.t[i].bytes : s.other_bytes;
		rows_cell(&t, i < s.n ? s.t[i].name : _("(free and meta pages)"));
		rows_num(&t, i < s.n ? (long long)s.t[i].entries : 0);
		rows_num(&t, (long long)bytes);
		rows_num(&t, s.records ? (long long)(bytes / s.records) : 0);
		rows_end(&t);
	}
	rows_cell(&t, _("(the file)"));
	rows_num(&t, (long long)s.records);
	rows_num(&t, (long long)s.file_bytes);
	rows_num(&t, s.records ? (long long)(s.file_bytes / s.records) : 0);
	rows_end(&t);
	return rows_finish(&t, stdout);
}

int cmd_stats(cli *c, cli_args *a)
{
	long long depth;
	gc_stats s;
	cli_fmt f;
	if (opt_int(a, "depth", 1, &depth) || cli_format(a, "stats", 0, &f))
		return GC_EUSAGE;
	if (opt(a, "storage"))
		return storage_rows(c, &f);
	if (opt(a, "from") || opt(a, "to") || opt(a, "rank") || opt(a, "by")) {
		/* A period: the assessment measures, counted by a scan. */
		int64_t from, to;
		gc_assess as;
		if (cli_period(a, &from, &to))
			return GC_EUSAGE;
		int rc = cli_assess(c, a, from, to, &as);
		if (rc)
			return rc;
		if (f.format == IO_TABLE)
			print_assessment(stdout, &as);
		else
			assessment_rows(stdout, &as, &f);
		assess_free(&as);
		return 0;
	}
	int rc = core_stats(c->ctx, opt(a, "node"), (int)depth, opt(a, "form"), &s);
	if (rc)
		return cli_report(c, rc);
	/* The configured measures of each row's subtree, all time. */
	measure_acc *meas = NULL;
	const gc_node **nodes = xcalloc(s.n + 1, sizeof *nodes);
	for (size_t i = 0; i < s.n; i++)
		nodes[i] = s.rows[i].node;
	rc = s.n ? core_measures(c->ctx, s.rows[0].node, nodes, s.n, 0, 0, &meas) : 0;
	free(nodes);
	if (rc) {
		stats_free(&s);
		return cli_report(c, rc);
	}
	if (f.format != IO_TABLE) {
		stats_rows(c->cfg, &s, meas, &f, 0);
		measures_free(c->cfg, meas, s.n);
		stats_free(&s);
		return 0;
	}
	const gc_workflow *wf = s.form ? s.form->wf : NULL;
	gc_buf line;
	buf_init(&line);
	const char *node_h = f.keys ? "code" : _("NODE"), *name_h = f.keys ? "name" : _("NAME");
	text_fit(&line, node_h, strlen(node_h), 16, 1);
	text_fit(&line, name_h, strlen(name_h), 14, 1);
	cli_right(&line, f.keys ? "total" : _("TOTAL"), 8);
	cli_right(&line, f.keys ? "open" : _("OPEN"), 9);
	cli_right(&line, f.keys ? "overdue" : _("OVERDUE"), 9);
	for (size_t j = 0; wf && j < wf->nstates; j++)
		cli_right(&line, f.keys ? wf->states[j].key : wf->states[j].label, 9);
	measure_head(&line, c->cfg);
	puts(line.p);
	for (size_t i = 0; i < s.n; i++) {
		const gc_stat_row *r = &s.rows[i];
		buf_reset(&line);
		text_fit(&line, r->node->code, strlen(r->node->code), 16, 1);
		text_fit(&line, r->node->name, strlen(r->node->name), 14, 1);
		buf_printf(&line, "%8llu %8llu %8llu", (unsigned long long)r->total, (unsigned long long)r->open,
			   (unsigned long long)r->overdue);
		for (size_t j = 0; wf && j < wf->nstates; j++)
			buf_printf(&line, " %8llu", (unsigned long long)r->by_state[j]);
		if (meas)
			measure_cells(&line, c->cfg, &meas[i * (c->cfg->nmeasures + 1)]);
		puts(line.p);
	}
	measures_free(c->cfg, meas, s.n);
	if (s.form)
		printf(_("(form %s)\n"), s.form->key);
	buf_free(&line);
	stats_free(&s);
	return 0;
}

/* Every page first (core_verify_pages): a damaged file is reported page
 * by page, where opening it would refuse it. */
static int verify_pages(cli *c)
{
	gc_errs report;
	errs_init(&report);
	int rc = core_verify_pages(c->db_path, &report);
	for (size_t i = 0; i < report.n; i++)
		fprintf(stderr, _("gridcase: verify: %s\n"), report.msg[i]);
	errs_free(&report);
	return rc;
}

int cmd_reindex(cli *c, cli_args *a)
{
	uint64_t n = 0;
	int rc = core_reindex(c->ctx, &n);
	if (rc)
		return cli_report(c, rc);
	if (opt(a, "verbose"))   /* silent on success, as verify */
		printf(_("reindex: the postings of %llu records written again\n"), (unsigned long long)n);
	return 0;
}

int cmd_verify(cli *c, cli_args *a)
{
	(void)a;
	gc_errs report;
	uint64_t n = 0;
	if (!core_login_admin(c->cfg, c->login)) {
		fprintf(stderr, _("gridcase: verify needs an administrator\n"));
		return GC_EPERM;
	}
	int rc = verify_pages(c);
	if (!rc)
		rc = core_open(&c->ctx, c->cfg, c->db_path, c->login, 0, &c->errs);
	if (rc)
		return rc == GC_EIO && !c->errs.n ? rc : cli_report(c, rc);
	errs_init(&report);
	rc = core_verify(c->ctx, &report, &n);
	if (rc == GC_EPERM || rc == GC_EIO) {
		errs_free(&report);
		return cli_report(c, rc);
	}
	for (size_t i = 0; i < report.n; i++)
		fprintf(stderr, _("gridcase: verify: %s\n"), report.msg[i]);
	if (rc)
		fprintf(stderr, _("gridcase: verify: %zu problems in %llu records\n"), report.n, (unsigned long long)n);
	else if (opt(a, "verbose"))
		printf(_("verify: %llu records, every index and counter matches\n"), (unsigned long long)n);
	errs_free(&report);
	return rc;
}

/* The files besides the database a backup must never replace: the access
 * log and the configuration. */
static char **owned_files(cli *c)
{
	size_t n = 0, cap = 8;
	char **v = xcalloc(cap, sizeof *v);
	cli_locate(c);
	v[n++] = xstrdup(c->log_path);
	v[n++] = xstrdup(c->config_path);
	DIR *d = opendir(c->config_path);
	for (struct dirent *e; d && (e = readdir(d)) != NULL;) {
		if (e->d_name[0] == '.')
			continue;
		if (n + 2 > cap)
			v = xrealloc(v, (cap *= 2) * sizeof *v);
		gc_buf b;
		buf_init(&b);
		buf_printf(&b, "%s/%s", c->config_path, e->d_name);
		v[n++] = b.p;
	}
	if (d)
		closedir(d);
	v[n] = NULL;
	return v;
}

int cmd_backup(cli *c, cli_args *a)
{
	char *path;
	int rc = cli_file_arg(c, a->pos[0], &path);
	if (rc)
		return rc;
	char **owned = owned_files(c);
	if ((rc = core_backup(c->ctx, path, (const char *const *)owned)) != 0)
		cli_report(c, rc);
	else if (strcmp(path, "-") && opt(a, "verbose"))
		printf(_("%s: backup written\n"), a->pos[0]);
	for (size_t i = 0; owned[i]; i++)
		free(owned[i]);
	free(owned);
	free(path);
	return rc;
}

int cmd_demo(cli *c, cli_args *a)
{
	long long cases, seed;
	demo_report rep;
	if (opt_int(a, "cases", 5000, &cases) || opt_int(a, "seed", 1, &seed))
		return GC_EUSAGE;
	int rc = core_open(&c->ctx, c->cfg, c->db_path, c->login, CORE_CREATE, &c->errs);
	if (rc)
		return cli_report(c, rc);
	rc = core_demo(c->ctx, (uint64_t)cases, (uint64_t)seed, &rep);
	if (rc)
		return cli_report(c, rc);
	printf(_("%s: demo district with"), c->db_path);
	for (size_t i = 1; i < rep.nlevels && i < c->cfg->nlevels; i++)
		printf("%s %zu %s", i > 1 ? "," : "", rep.nodes[i],
		       c->cfg->levels[i].label ? c->cfg->levels[i].label : c->cfg->levels[i].key);
	printf(_(" and %llu cases"), (unsigned long long)rep.cases);
	if (rep.records)
		printf(_(", %llu other records"), (unsigned long long)rep.records);
	if (rep.cases && rep.seconds_cases > 0)
		printf(_(" (%.0f cases/s)"), (double)rep.cases / rep.seconds_cases);
	printf("\n");
	return 0;
}

/* One node: where it sits and its base data (the level's attributes). */
static const char *node_attr(const gc_node *n, const char *key)
{
	for (size_t j = 0; j < n->nattrs; j++)
		if (!strcmp(n->attrs[j].key, key))
			return n->attrs[j].val;
	return "";
}

/* node --format: one object, the level's attributes by key after the place. */
static void node_rows(const gc_node *n, const gc_level *lv, const gc_node *p, const cli_fmt *f)
{
	cli_rows t;
	char kids[24];
	rows_begin_one(&t, f);
	rows_col(&t, "code", _("Code"), COL_STR);
	rows_col(&t, "name", _("Name"), COL_STR);
	rows_col(&t, "level", _("Level"), COL_STR);
	rows_col(&t, "parent", _("Parent"), COL_STR);
	rows_col(&t, "children", _("Children"), COL_NUM);
	for (size_t i = 0; i < lv->nattrs; i++)
		rows_col(&t, lv->attrs[i].key, lv->attrs[i].label, COL_STR);
	snprintf(kids, sizeof kids, "%zu", n->nchildren);
	rows_cell(&t, n->code);
	rows_cell(&t, n->name);
	rows_cell(&t, lv->key);
	rows_cell(&t, p ? p->code : "");
	rows_cell(&t, kids);
	for (size_t i = 0; i < lv->nattrs; i++)
		rows_cell(&t, node_attr(n, lv->attrs[i].key));
	rows_end(&t);
	rows_finish(&t, stdout);
}

int cmd_node(cli *c, cli_args *a)
{
	cli_fmt f;
	if (cli_format(a, "node", 0, &f))
		return GC_EUSAGE;
	const gc_node *n = core_scope_node(c->ctx, a->pos[0]);
	if (!n)
		return cli_report(c, c->ctx->errs.status ? c->ctx->errs.status : GC_ENOTFOUND);
	const gc_level *lv = &c->cfg->levels[n->level];
	const gc_node *p = core_node(c->ctx, n->parent);
	if (f.format != IO_TABLE) {
		node_rows(n, lv, p, &f);
		return 0;
	}
	printf("%s ", n->code);
	print_text(stdout, n->name);
	printf("\n%-10s ", _("level:"));
	print_text(stdout, lv->label ? lv->label : lv->key);
	printf(" (%s)\n", lv->key);
	if (p) {
		printf("%-10s %s ", _("parent:"), p->code);
		print_text(stdout, p->name);
		putchar('\n');
	}
	if (n->nchildren)
		printf("%-10s %zu\n", _("children:"), n->nchildren);
	for (size_t i = 0; i < lv->nattrs; i++) {
		const char *v = node_attr(n, lv->attrs[i].key);
		print_text(stdout, lv->attrs[i].label ? lv->attrs[i].label : lv->attrs[i].key);
		printf(": ");
		print_text(stdout, v);
		putchar('\n');
	}
	return 0;
}
