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
	if ((int)a->npos < cmd->min_pos || (int)a->npos > cmd->max_pos) {
		gc_buf u;
		buf_init(&u);
		cli_usage_line(&u, cmd);
		cli_usage("usage: %s", u.p);
		buf_free(&u);
		return GC_EUSAGE;
	}
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
	if (rc)
		return cli_report(c, rc);
	/* A large import that stopped: every command says so (import resumes it). */
	c->import_said = core_import_pending(c->ctx);
	if (c->import_said)
		fprintf(stderr, "gridcase: %s\n", c->import_said);
	return 0;
}

static int run_command(cli *c, const cli_command *cmd, int argc, char **argv, const char *config_opt, const char *db_opt)
{
	cli_args a;
	for (int i = 0; i < argc && strcmp(argv[i], "--"); i++)
		if (!strcmp(argv[i], "--help")) {   /* CMD --help: the table's help, nothing run */
			cli_help(stdout, cmd);
			return 0;
		}
	int rc = parse_args(cmd, argc, argv, &a);
	config_staff_on_demand = (cmd->needs & BY_LOGIN) != 0;
	if (!rc && cmd->needs)   /* help and completion need no configuration */
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
	/* The user's draft beside the database: DB.draft-LOGIN (docs/ui.md). */
	gc_buf draft;
	buf_init(&draft);
	buf_printf(&draft, "%s.draft-%s", c->db_path, c->ctx->login);
	tui_draft_file(draft.p);
	buf_free(&draft);
	rc = tui_main(c->ctx, low_bandwidth, c->ascii || !cli_terminal_utf8);
	tui_draft_file(NULL);
	return rc;
}

int cli_file_arg(cli *c, const char *path, char **out)
{
	char why[160];
	if (!c->restricted) {
		*out = xstrdup(path);
		return 0;
	}
	if (ssh_path_inside(c->data_dir, path, out, why, sizeof why) == 0) {
		/* The drafts beside the database (DB.draft-LOGIN) hold what
		 * someone typed: no one else may read or overwrite them. */
		const char *base = strrchr(*out, '/');
		if (!strstr(base ? base + 1 : *out, ".draft-"))
			return 0;
		free(*out);
		*out = NULL;
		snprintf(why, sizeof why, "%s", _("a draft is its writer's alone: it cannot be named over SSH"));
	}
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
	char noexec[120];
	int exec_open = ssh_forbid_exec(noexec, sizeof noexec);   /* first: nothing below may start a program */
	ssh_client(c->client, sizeof c->client);
	c->request = getenv("SSH_ORIGINAL_COMMAND");
	if (!c->request)
		c->request = "";
	int rc = setup(c, config_opt, db_opt, 0);
	if (rc)
		return rc;
	cli_locate(c);
	if (exec_open)
		return ssh_refuse(c, GC_EIO, "this kernel cannot forbid starting programs (%s); SSH mode does not run without it", noexec);
	if (argc > 0)
		return ssh_refuse(c, GC_EUSAGE, "the forced command names '%s'; only global options belong there", argv[0]);
	if (!config_user(c->cfg, c->login))
		return ssh_refuse(c, GC_EPERM, "unknown user '%s': add them to the users of the configuration", c->login);
	ssh_words w;
	char why[160];
	if (ssh_split(c->request, &w, why, sizeof why))
		return ssh_refuse(c, GC_EPERM, "%s", why);
	if (w.n && !strcmp(w.w[0], "mosh-server")) {
		/* Said plainly: SSH mode starts no program, mosh-server included. */
		ssh_words_free(&w);
		return ssh_refuse(c, GC_EPERM, "mosh is not offered: SSH mode starts no program (docs/deploy.md, \"Links that drop\")");
	}
	int i = 0;
	if (i < w.n && !strcmp(w.w[i], "gridcase"))   /* ssh host gridcase list: the same */
		i++;
	for (; i < w.n && w.w[i][0] == '-' && !rc; i++) {
		if (!strcmp(w.w[i], "--help") || !strcmp(w.w[i], "--version")) {
			if (w.w[i][2] == 'h')
				cli_help(stdout, NULL);
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
	const cli_command *cmd = cli_find(w.w[i]);
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

/* The configuration's thousands of small blocks (the demo's staff, the
 * forms' fields) are freed only where a leak checker looks: the process
 * ends right after, and the kernel takes its pages back at once (freeing
 * them was 0.57 of a short list's 8.8 million instructions). */
#if defined(__SANITIZE_ADDRESS__)
#define FREE_AT_EXIT 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(leak_sanitizer)
#define FREE_AT_EXIT 1
#endif
#endif
#ifndef FREE_AT_EXIT
#define FREE_AT_EXIT 0
#endif

static void cli_free(cli *c)
{
	free(c->import_said);
	core_close(c->ctx);   /* the environment is closed: its reader slot is given back */
	if (FREE_AT_EXIT)
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
			cli_help(stdout, NULL);
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
		const cli_command *cmd = cli_find(argv[i]);
		if (!cmd)
			return cli_usage("unknown command '%s'", argv[i]);
		rc = run_command(&c, cmd, argc - i - 1, argv + i + 1, config_opt, db_opt);
	}
	cli_free(&c);
	return rc;
}
