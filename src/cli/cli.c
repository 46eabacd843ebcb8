/* SPDX-License-Identifier: MIT */
/* cli.c - global options, the command table and dispatch. Every command
 * goes through the core as the acting user; nothing here touches LMDB. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>
#include <sys/stat.h>
#include "gridcase/cli.h"
#include "gridcase/text.h"
#include "gridcase/tui.h"
#include "gridcase/ssh.h"
#include "gridcase/i18n.h"

#define O(n) { n, 1, NULL }
#define F(n) { n, 0, NULL }
static cli_opt no_opts[] = { { NULL, 0, NULL } };
static cli_opt demo_opts[] = { O("cases"), O("seed"), { NULL, 0, NULL } };
static cli_opt export_opts[] = { O("form"), O("node"), O("since"), O("format"), F("quiet"), F("verbose"), { NULL, 0, NULL } };
/* backup, verify, export: silent on success (--quiet says so), --verbose reports. */
static cli_opt quiet_opts[] = { F("quiet"), F("verbose"), { NULL, 0, NULL } };
static cli_opt tree_opts[] = { O("node"), O("depth"), { NULL, 0, NULL } };
static cli_opt stats_opts[] = { O("node"), O("depth"), O("form"), O("from"), O("to"), { NULL, 0, NULL } };
static cli_opt match_opts[] = { O("matching"), O("node"), { NULL, 0, NULL } };
static cli_opt report_opts[] = { O("node"), O("form"), O("from"), O("to"), O("format"), { NULL, 0, NULL } };
static cli_opt new_opts[] = { O("node"), { NULL, 0, NULL } };
static cli_opt show_opts[] = { F("json"), { NULL, 0, NULL } };
static cli_opt set_opts[] = { O("expect-version"), O("merge-from"), { NULL, 0, NULL } };
static cli_opt act_opts[] = { O("comment"), O("expect-version"), O("from-state"), { NULL, 0, NULL } };
static cli_opt import_opts[] = { O("format"), O("encoding"), F("quiet"), { NULL, 0, NULL } };
static cli_opt admin_opts[] = { O("keydir"), O("output"), O("program"), O("name"), { NULL, 0, NULL } };
static cli_opt list_opts[] = {
	O("form"), O("node"), O("state"), F("overdue"), F("open"), O("assignee"), O("search"),
	O("sort"), O("limit"), O("format"), { NULL, 0, NULL },
};

static const cli_command commands[] = {
	{ "init", cmd_init, "init", N_("create an empty database"), NEEDS_CONFIG | CREATES_DB, no_opts, 0, 0, 0 },
	{ "check-config", cmd_check_config, "check-config",
	  N_("validate the configuration (and the stored records against it)"), NEEDS_CONFIG, no_opts, 0, 0, 0 },
	{ "import", cmd_import, "import nodes FILE | import records [FORM] FILE [--format csv|jsonl] [--encoding utf-8|gb18030] [--quiet]",
	  N_("load nodes or records from CSV or JSON Lines, all or nothing"), NEEDS_DB, import_opts, 2, 3, 0 },
	{ "export", cmd_export,
	  "export [records] [--form F] [--node CODE] [--since SEQ|DATE] [--format csv|jsonl] | export nodes [--node CODE] [--format csv|jsonl] [--quiet|--verbose]",
	  N_("write records, or the tree of nodes, to standard output"), NEEDS_DB, export_opts, 0, 1, 0 },
	{ "tree", cmd_tree, "tree [--node CODE] [--depth N]", N_("the hierarchy with open and overdue counts"),
	  NEEDS_DB, tree_opts, 0, 0, 0 },
	{ "node", cmd_node, "node CODE", N_("one node: its level, parent and base data"), NEEDS_DB, no_opts, 1, 1, 0 },
	{ "new", cmd_new, "new FORM --node CODE field=value...", N_("create a record; prints its id"),
	  NEEDS_DB, new_opts, 1, 1, 1 },
	{ "show", cmd_show, "show ID [--json]", N_("one record with every field"), NEEDS_DB, show_opts, 1, 1, 0 },
	{ "set", cmd_set, "set ID field=value... [--expect-version N | --merge-from N]", N_("change fields of a record"),
	  NEEDS_DB, set_opts, 1, 1, 1 },
	{ "act", cmd_act, "act ID TRANSITION [--comment TEXT] [--expect-version N | --from-state S] [field=value...]",
	  N_("move a record through its workflow"), NEEDS_DB, act_opts, 2, 2, 1 },
	{ "list", cmd_list,
	  "list [--form F] [--node CODE] [--state S] [--overdue] [--open] [--assignee LOGIN] [--search TEXT] [--sort KEY] [--limit N] [--format table|csv|jsonl]",
	  N_("records of a subtree"), NEEDS_DB, list_opts, 0, 0, 0 },
	{ "history", cmd_history, "history ID", N_("every change of a record"), NEEDS_DB, no_opts, 1, 1, 0 },
	{ "stats", cmd_stats, "stats [--node CODE] [--depth N] [--form F] [--from DAY] [--to DAY]",
	  N_("counts per node and state; with a period, the assessment measures"), NEEDS_DB, stats_opts, 0, 0, 0 },
	{ "match", cmd_match, "match [--matching KEY] [--node CODE] | match accept LEFT RIGHT",
	  N_("proposed pairs of a matching (needs and resources); accept one"), NEEDS_DB, match_opts, 0, 3, 0 },
	{ "report", cmd_report, "report [--node CODE] [--form F] [--from DAY] [--to DAY] [--format text|csv]",
	  N_("a dated assessment summary per node and category"), NEEDS_DB, report_opts, 0, 0, 0 },
	{ "verify", cmd_verify, "verify [--quiet|--verbose]", N_("read every page, recompute every index and counter and report mismatches"),
	  NEEDS_CONFIG, quiet_opts, 0, 0, 0 },
	{ "backup", cmd_backup, "backup FILE [--quiet|--verbose]", N_("hot, compacted copy of the database"), NEEDS_DB, quiet_opts,
	  1, 1, 0 },
	{ "demo", cmd_demo, "demo [--cases N] [--seed S]", N_("fill a new database with a demo district"),
	  NEEDS_CONFIG | CREATES_DB, demo_opts, 0, 0, 0 },
	{ "admin", cmd_admin, "admin keys [--keydir DIR] [--output FILE] [--program PATH] | admin init-admin LOGIN [--name NAME]",
	  N_("write the SSH authorized_keys lines for every person's keys; add the first administrator"),
	  NEEDS_CONFIG, admin_opts, 1, 2, 0 },
};

static void print_help(FILE *out)
{
	fputs(_("usage: gridcase [--config PATH] [--db FILE] [--user LOGIN | --ssh-user LOGIN] [--low-bandwidth] [--ascii] [COMMAND [ARGS]]\n\n"
		"Without a command, the terminal UI starts (press ? in it for its keys).\n\n"
		"commands:\n"), out);
	for (size_t i = 0; i < ARRAY_LEN(commands); i++)
		fprintf(out, "  %-14s %s\n", commands[i].name, _(commands[i].summary));
	fprintf(out, "\n");
	for (size_t i = 0; i < ARRAY_LEN(commands); i++)
		fprintf(out, "  gridcase %s\n", commands[i].usage);
	fputs(_("\nglobal options:\n"
		     "  --config PATH  configuration directory or file (default: $GRIDCASE_CONFIG,\n"
		     "                 $XDG_CONFIG_HOME/gridcase or ~/.config/gridcase, /etc/gridcase)\n"
		     "  --db FILE      database file (default: $GRIDCASE_DB, the configuration's\n"
		     "                 'database', $XDG_DATA_HOME/gridcase/gridcase.db or\n"
		     "                 ~/.local/share/gridcase/gridcase.db)\n"
		     "  --user LOGIN   act as LOGIN (default: the Unix login)\n"
		     "  --ssh-user LOGIN  SSH mode, for an authorized_keys forced command: act as LOGIN,\n"
		     "                 take the command from $SSH_ORIGINAL_COMMAND (see docs/deploy.md)\n"
		     "  --low-bandwidth  UI: show the selection with a marker, not a bar\n"
		     "  --ascii        UI: draw only ASCII (? for other characters), whatever the locale\n"
		     "  --help, --version\n"
		     "\nexit codes: 0 ok, 1 storage or system error, 2 usage, 3 bad data, 4 permission denied,\n"
		     "5 conflict, 6 not found. See gridcase(1).\n"), out);
}

int cli_usage(const char *fmt, ...)
{
	va_list ap;
	fputs("gridcase: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, gettext(fmt), ap);
	va_end(ap);
	fprintf(stderr, " %s\n", _("(see gridcase --help)"));
	return GC_EUSAGE;
}

int cli_report(cli *c, int status)
{
	gc_errs *e = c->ctx ? &c->ctx->errs : &c->errs;
	for (size_t i = 0; i < e->n; i++) {
		gc_buf b;
		buf_init(&b);
		text_sanitize(&b, e->msg[i], strlen(e->msg[i]), 0);
		fprintf(stderr, "gridcase: %s\n", b.p ? b.p : "");
		buf_free(&b);
	}
	if (status && e->n == 0)
		fprintf(stderr, _("gridcase: failed (status %d)\n"), status);
	errs_clear(e);
	return status;
}

const char *opt(const cli_args *a, const char *name)
{
	for (size_t i = 0; i < a->nopts; i++)
		if (!strcmp(a->opts[i].name, name))
			return a->opts[i].value;
	return NULL;
}

int opt_int(const cli_args *a, const char *name, long long def, long long *out)
{
	const char *v = opt(a, name);
	char *end;
	*out = def;
	if (!v)
		return 0;
	errno = 0;
	*out = strtoll(v, &end, 10);
	if (!*v || *end || errno || *out < 0)
		return cli_usage("--%s needs a whole number, not '%s'", name, v);
	return 0;
}

int parse_id(const char *s, uint64_t *id)
{
	char *end;
	if (*s == '#')
		s++;
	errno = 0;
	*id = strtoull(s, &end, 10);
	if (!*s || *end || errno || *id == 0 || *s == '-')
		return cli_usage("'%s' is not a record id", s);
	return 0;
}

void print_text(FILE *out, const char *s)
{
	gc_buf b;
	buf_init(&b);
	text_sanitize(&b, s, strlen(s), 0);
	if (b.p)
		fputs(b.p, out);
	buf_free(&b);
}

static const cli_command *find_command(const char *name)
{
	for (size_t i = 0; i < ARRAY_LEN(commands); i++)
		if (!strcmp(commands[i].name, name))
			return &commands[i];
	return NULL;
}

/* The text rule at the door for what the command line brings: options and
 * positionals (field=value pairs are checked by their field, which names
 * itself). Newline and tab pass here; a one-line value refuses them later. */
static int check_args(const cli_command *cmd, const cli_args *a)
{
	for (size_t i = 0; i < a->nopts + a->npos; i++) {
		const char *v = i < a->nopts ? a->opts[i].value : a->pos[i - a->nopts];
		const char *why = text_refusal(v, strlen(v), 1);
		if (!why)
			continue;
		gc_buf b;
		buf_init(&b);
		text_sanitize(&b, v, strlen(v), 0);
		if (i < a->nopts)
			fprintf(stderr, _("gridcase: %s: --%s '%s' %s\n"), cmd->name, a->opts[i].name, b.p ? b.p : "", why);
		else
			fprintf(stderr, _("gridcase: %s: argument '%s' %s\n"), cmd->name, b.p ? b.p : "", why);
		buf_free(&b);
		return GC_EDATA;
	}
	return 0;
}

/* Split a command's arguments into options, field=value pairs and positionals. */
static int parse_args(const cli_command *cmd, int argc, char **argv, cli_args *a)
{
	memset(a, 0, sizeof *a);
	a->opts = xcalloc((size_t)argc + 1, sizeof *a->opts);
	a->vals = xcalloc((size_t)argc + 1, sizeof *a->vals);
	a->pos = xcalloc((size_t)argc + 1, sizeof *a->pos);
	for (int i = 0; i < argc; i++) {
		char *s = argv[i];
		if (!strcmp(s, "--")) {
			for (i++; i < argc; i++)
				a->pos[a->npos++] = argv[i];
			break;
		}
		if (s[0] == '-' && s[1] == '-') {
			char *eq = strchr(s, '=');
			size_t nl = eq ? (size_t)(eq - s - 2) : strlen(s + 2);
			const cli_opt *o = NULL;
			for (const cli_opt *p = cmd->opts; p->name; p++)
				if (strlen(p->name) == nl && !strncmp(p->name, s + 2, nl))
					o = p;
			if (!o)
				return cli_usage("%s: unknown option '%.*s'", cmd->name, (int)nl + 2, s);
			cli_opt *dst = &a->opts[a->nopts++];
			dst->name = o->name;
			if (!o->has_value) {
				if (eq)
					return cli_usage("%s: --%s takes no value", cmd->name, o->name);
				dst->value = "";
			} else if (eq) {
				dst->value = eq + 1;
			} else if (i + 1 < argc) {
				dst->value = argv[++i];
			} else {
				return cli_usage("%s: --%s needs a value", cmd->name, o->name);
			}
			continue;
		}
		char *eq = strchr(s, '=');
		if (cmd->takes_values && eq && eq != s && (int)a->npos >= cmd->min_pos) {
			a->vals[a->nvals].key = xstrndup(s, (size_t)(eq - s));
			a->vals[a->nvals].val = xstrdup(eq + 1);
			a->nvals++;
			continue;
		}
		a->pos[a->npos++] = s;
	}
	if ((int)a->npos < cmd->min_pos || (int)a->npos > cmd->max_pos)
		return cli_usage("usage: gridcase %s", cmd->usage);
	return check_args(cmd, a);
}

static void free_args(cli_args *a)
{
	for (size_t i = 0; i < a->nvals; i++) {
		free(a->vals[i].key);
		free(a->vals[i].val);
	}
	free(a->vals);
	free(a->opts);
	free(a->pos);
}

/* mkdir -p for the default database's directory (0700: one person's data). */
static int make_dirs(char *path)
{
	for (char *p = path + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = 0;
		int bad = mkdir(path, 0700) != 0 && errno != EEXIST;
		*p = '/';
		if (bad)
			return -1;
	}
	return mkdir(path, 0700) != 0 && errno != EEXIST ? -1 : 0;
}

/* --db, $GRIDCASE_DB, the configuration's database: (relative to its
 * directory), then $XDG_DATA_HOME/gridcase/gridcase.db
 * (~/.local/share/gridcase), made when a command creates the database. */
static char *database_path(cli *c, const char *explicit_db, int creates)
{
	if (explicit_db)
		return xstrdup(explicit_db);
	const char *env = getenv("GRIDCASE_DB");
	if (env && *env)
		return xstrdup(env);
	if (c->cfg && c->cfg->database) {
		if (c->cfg->database[0] == '/')
			return xstrdup(c->cfg->database);
		/* Relative to the configuration directory, as a deployment expects. */
		gc_buf b;
		buf_init(&b);
		buf_printf(&b, "%s/%s", c->cfg->dir, c->cfg->database);
		return b.p;
	}
	char *dir = config_xdg_dir("XDG_DATA_HOME", ".local/share");
	if (!dir)
		return NULL;
	if (creates && make_dirs(dir))
		fprintf(stderr, _("gridcase: %s: cannot create: %s\n"), dir, strerror(errno));
	gc_buf b;
	buf_init(&b);
	buf_printf(&b, "%s/gridcase.db", dir);
	free(dir);
	return b.p;
}

/* What every command and the UI need first: the configuration, its time
 * zone, the database path and, with NEEDS_DB, the database as the user. */
static int setup(cli *c, const char *config_opt, const char *db_opt, int needs)
{
	if (!c->cfg) {   /* SSH mode loads it before it reads the request */
		c->config_path = config_locate(config_opt);
		if (!c->config_path) {
			fprintf(stderr, _("gridcase: no configuration found (tried $GRIDCASE_CONFIG, $XDG_CONFIG_HOME/gridcase or ~/.config/gridcase, /etc/gridcase); use --config\n"));
			return GC_EDATA;
		}
		if (!(c->cfg = config_load(c->config_path, &c->errs)))
			return cli_report(c, c->errs.status ? c->errs.status : GC_EDATA);
		cal_apply_timezone(&c->cfg->cal);
		if (!(c->db_path = database_path(c, db_opt, needs & CREATES_DB))) {
			fprintf(stderr, _("gridcase: no database: give --db FILE, set $GRIDCASE_DB or 'database:' in the configuration\n"));
			return GC_EUSAGE;
		}
	}
	if (!(needs & NEEDS_DB))
		return 0;
	int rc = core_open(&c->ctx, c->cfg, c->db_path, c->login, 0, &c->errs);
	return rc ? cli_report(c, rc) : 0;
}

static int run_command(cli *c, const cli_command *cmd, int argc, char **argv, const char *config_opt, const char *db_opt)
{
	cli_args a;
	int rc = parse_args(cmd, argc, argv, &a);
	if (!rc)
		rc = setup(c, config_opt, db_opt, cmd->needs);
	if (!rc)
		rc = cmd->run(c, &a);
	free_args(&a);
	return rc;
}

int cli_terminal_utf8 = 1;

/* No command: the terminal UI, as the acting user. */
static int run_ui(cli *c, const char *config_opt, const char *db_opt, int low_bandwidth)
{
	if (!isatty(0) || !isatty(1)) {
		fprintf(stderr, c->restricted ? "gridcase: the terminal UI needs a terminal: connect with ssh -t, or give a command\n"
					      : "gridcase: the terminal UI needs a terminal; give a command instead (gridcase --help)\n");
		return GC_EUSAGE;
	}
	int rc = setup(c, config_opt, db_opt, NEEDS_DB);
	if (rc)
		return rc;
	return tui_main(c->ctx, low_bandwidth, c->ascii || !cli_terminal_utf8);
}

int cli_file_arg(cli *c, const char *path, char **out)
{
	char why[160];
	if (!c->restricted) {
		*out = xstrdup(path);
		return 0;
	}
	if (ssh_path_inside(c->data_dir, path, out, why, sizeof why) == 0)
		return 0;
	ssh_log(c->log_path, c->login, c->client, "refused", c->request, why);
	c->logged = 1;
	fprintf(stderr, "gridcase: %s: %s\n", path, why);
	return GC_EPERM;
}

/* Refuse an SSH request: the client is told why, the access log keeps it. */
static int ssh_refuse(cli *c, int status, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int ssh_refuse(cli *c, int status, const char *fmt, ...)
{
	gc_buf why;
	va_list ap;
	buf_init(&why);
	va_start(ap, fmt);
	buf_vprintf(&why, gettext(fmt), ap);
	va_end(ap);
	ssh_log(c->log_path, c->login, c->client, "refused", c->request, why.p);
	c->logged = 1;
	fprintf(stderr, _("gridcase: refused: %s\n"), why.p);
	buf_free(&why);
	return status;
}

/* The data directory (where the database, its lock file and the access
 * log live) is the only place an SSH user's file may be. */
void cli_locate(cli *c)
{
	if (c->log_path)
		return;
	char *slash = strrchr(c->db_path, '/');
	if (!slash)
		c->data_dir = xstrdup(".");
	else if (slash == c->db_path)
		c->data_dir = xstrdup("/");
	else
		c->data_dir = xstrndup(c->db_path, (size_t)(slash - c->db_path));
	gc_buf b;
	buf_init(&b);
	buf_printf(&b, "%s/gridcase-access.log", c->data_dir);
	c->log_path = b.p;
}

/* Global options a client may give in its command: none that names a
 * file or an identity. */
static int ssh_global_option(cli *c, const char *s, int *low_bandwidth)
{
	if (!strcmp(s, "--low-bandwidth")) {
		*low_bandwidth = 1;
		return 0;
	}
	if (!strcmp(s, "--ascii")) {
		c->ascii = 1;
		return 0;
	}
	return ssh_refuse(c, GC_EPERM, "option '%s' is not accepted over SSH", s);
}

/* SSH mode: who is fixed by the key's forced command (--ssh-user), what
 * comes from SSH_ORIGINAL_COMMAND, split into words without a shell and
 * checked against a whitelist. No command: the UI. */
static int run_ssh(cli *c, const char *config_opt, const char *db_opt, int low_bandwidth, int argc, char **argv)
{
	c->restricted = 1;
	ssh_client(c->client, sizeof c->client);
	c->request = getenv("SSH_ORIGINAL_COMMAND");
	if (!c->request)
		c->request = "";
	int rc = setup(c, config_opt, db_opt, 0);
	if (rc)
		return rc;
	cli_locate(c);
	if (argc > 0)
		return ssh_refuse(c, GC_EUSAGE, "the forced command names '%s'; only global options belong there", argv[0]);
	if (!config_user(c->cfg, c->login))
		return ssh_refuse(c, GC_EPERM, "unknown user '%s': add them to the users of the configuration", c->login);
	ssh_words w;
	char why[160];
	if (ssh_split(c->request, &w, why, sizeof why))
		return ssh_refuse(c, GC_EPERM, "%s", why);
	int i = 0;
	if (i < w.n && !strcmp(w.w[i], "gridcase"))   /* ssh host gridcase list: the same */
		i++;
	for (; i < w.n && w.w[i][0] == '-' && !rc; i++) {
		if (!strcmp(w.w[i], "--help") || !strcmp(w.w[i], "--version")) {
			if (w.w[i][2] == 'h')
				print_help(stdout);
			else
				printf("gridcase %s\n", GRIDCASE_VERSION);
			ssh_words_free(&w);
			return 0;
		}
		rc = ssh_global_option(c, w.w[i], &low_bandwidth);
	}
	if (rc) {
		ssh_words_free(&w);
		return rc;
	}
	if (i >= w.n) {
		ssh_words_free(&w);
		ssh_log(c->log_path, c->login, c->client, "ui", c->request, NULL);
		return run_ui(c, config_opt, db_opt, low_bandwidth);
	}
	const cli_command *cmd = find_command(w.w[i]);
	if (!cmd || !ssh_command_allowed(cmd->name)) {
		rc = ssh_refuse(c, GC_EPERM, cmd ? "'%s' is not available over SSH" : "'%s' is not a gridcase command", w.w[i]);
	} else {
		rc = run_command(c, cmd, w.n - i - 1, w.w + i + 1, config_opt, db_opt);
		/* One line per session, with how it ended (a refused path has
		 * already written its own). */
		if (!c->logged) {
			char status[32];
			snprintf(status, sizeof status, "status %d", rc);
			ssh_log(c->log_path, c->login, c->client, rc ? "failed" : "ran", c->request, rc ? status : NULL);
		}
	}
	ssh_words_free(&w);
	return rc;
}

static void cli_free(cli *c)
{
	core_close(c->ctx);
	config_free(c->cfg);
	free(c->config_path);
	free(c->db_path);
	free(c->data_dir);
	free(c->log_path);
	errs_free(&c->errs);
}

int cli_main(int argc, char **argv)
{
	cli c;
	const char *config_opt = NULL, *db_opt = NULL, *ssh_user = NULL;
	int i, low_bandwidth = 0;
	memset(&c, 0, sizeof c);
	errs_init(&c.errs);
	for (i = 1; i < argc; i++) {
		const char *s = argv[i];
		const char **slot = !strcmp(s, "--config") ? &config_opt : !strcmp(s, "--db") ? &db_opt
				  : !strcmp(s, "--user") ? &c.login : !strcmp(s, "--ssh-user") ? &ssh_user : NULL;
		if (slot) {
			if (i + 1 >= argc)
				return cli_usage("%s needs a value", s);
			*slot = argv[++i];
		} else if (!strncmp(s, "--config=", 9)) {
			config_opt = s + 9;
		} else if (!strncmp(s, "--db=", 5)) {
			db_opt = s + 5;
		} else if (!strncmp(s, "--user=", 7)) {
			c.login = s + 7;
		} else if (!strncmp(s, "--ssh-user=", 11)) {
			ssh_user = s + 11;
		} else if (!strcmp(s, "--help") || !strcmp(s, "-h")) {
			print_help(stdout);
			return 0;
		} else if (!strcmp(s, "--low-bandwidth")) {
			low_bandwidth = 1;
		} else if (!strcmp(s, "--ascii")) {
			c.ascii = 1;
		} else if (!strcmp(s, "--version")) {
			printf("gridcase %s\n", GRIDCASE_VERSION);
			return 0;
		} else if (s[0] == '-') {
			return cli_usage("unknown option '%s'", s);
		} else {
			break;
		}
	}
	int rc;
	if (ssh_user) {
		if (c.login)
			return cli_usage("--user and --ssh-user exclude each other");
		c.login = ssh_user;
		rc = run_ssh(&c, config_opt, db_opt, low_bandwidth, argc - i, argv + i);
	} else if (i >= argc) {
		rc = run_ui(&c, config_opt, db_opt, low_bandwidth);
	} else {
		const cli_command *cmd = find_command(argv[i]);
		if (!cmd)
			return cli_usage("unknown command '%s'", argv[i]);
		rc = run_command(&c, cmd, argc - i - 1, argv + i + 1, config_opt, db_opt);
	}
	cli_free(&c);
	return rc;
}
