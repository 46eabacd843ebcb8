/* SPDX-License-Identifier: MIT */
/* cli_table.c - the command table: every command's arguments, options
 * and summary, declared once. The option parser (cli.c), `gridcase help`,
 * `CMD --help`, the usage line of an error and the shell completion
 * (cli_complete.c) are all made from it. */
#include <stdio.h>
#include <string.h>
#include "gridcase/cli.h"
#include "gridcase/i18n.h"

#define END { NULL, 0, NULL, NULL, NULL }
#define FORMAT { "format", 1, NULL, "table|csv|jsonl|json", N_("output: table (for people, the default), csv, jsonl or json") }
#define KEYS { "keys", 0, NULL, NULL, N_("headers as machine keys, not labels in your language (CSV; the list, stats and whoami tables)") }
#define NODE { "node", 1, NULL, "CODE", N_("the subtree of this node (default: your scope)") }
#define FORM { "form", 1, NULL, "FORM", N_("records of this form only") }
#define FROM { "from", 1, NULL, "DAY", N_("reported on or after this day (YYYY-MM-DD)") }
#define TO { "to", 1, NULL, "DAY", N_("reported on or before this day (YYYY-MM-DD)") }
#define QUIET { "quiet", 0, NULL, NULL, N_("say nothing on success (the default; for scripts that say so)") }
#define VERBOSE { "verbose", 0, NULL, NULL, N_("report on standard error what was done") }
#define OUTPUT { "output", 1, NULL, "FILE", N_("write to FILE (beside it, then renamed) instead of standard output") }

static const cli_opt no_opts[] = { END };
/* backup, verify, export: silent on success, as cp and tar are; --verbose reports. */
static const cli_opt quiet_opts[] = { QUIET, VERBOSE, END };
static const cli_opt read_opts[] = { FORMAT, KEYS, END };
static const cli_opt demo_opts[] = {
	{ "cases", 1, NULL, "N", N_("how many cases (default 100000)") },
	{ "seed", 1, NULL, "S", N_("seed of the random numbers (same seed, same district)") }, END,
};
static const cli_opt export_opts[] = {
	FORM, NODE,
	{ "since", 1, NULL, "CHANGE", N_("only what changed after this change number or date (YYYY-MM-DD[ HH:MM])") },
	{ "format", 1, NULL, "csv|jsonl|json|xlsx", N_("csv (the default), jsonl, json or xlsx (a workbook of text cells)") },
	OUTPUT, QUIET, VERBOSE, END,
};
static const cli_opt tree_opts[] = {
	NODE, { "depth", 1, NULL, "N", N_("levels below the node (default 2)") }, FORMAT, KEYS, END,
};
#define RANK { "rank", 1, NULL, "MEASURE", N_("order the children by a measure, best first, flagging the bottom ones") }
#define BY { "by", 1, NULL, "FIELD", N_("categories by this field's values (a unit's field: per unit)") }
static const cli_opt stats_opts[] = {
	NODE, { "depth", 1, NULL, "N", N_("levels below the node (default 1)") }, FORM, FROM, TO, RANK, BY,
	{ "storage", 0, NULL, NULL, N_("where the database's bytes go: each table's entries and bytes (administrators)") },
	FORMAT, KEYS, END,
};
static const cli_opt match_opts[] = {
	{ "matching", 1, NULL, "MATCHING", N_("which matching of the configuration (default: the first)") }, NODE,
	FORMAT, KEYS, END,
};
static const cli_opt report_opts[] = {
	NODE, FORM, FROM, TO, RANK, BY,
	{ "format", 1, NULL, "table|csv|jsonl|json|xlsx", N_("output: table (the default), csv, jsonl, json or xlsx") },
	KEYS, OUTPUT, END,
};
static const cli_opt new_opts[] = { { "node", 1, NULL, "CODE", N_("the node the record belongs to (required)") }, END };
static const cli_opt show_opts[] = {
	FORMAT, KEYS, { "json", 0, NULL, NULL, N_("the record's JSON line with its light as of now (overdue, light)") }, END,
};
static const cli_opt set_opts[] = {
	{ "expect-version", 1, NULL, "N", N_("refuse if the record has changed since version N") },
	{ "merge-from", 1, NULL, "N", N_("merge field by field with what changed since version N") },
	{ "comment", 1, NULL, "TEXT", N_("an administrator's reason for a correction the rules refuse to others "
					 "(a closed record, a field of the workflow); kept in the history") }, END,
};
static const cli_opt act_opts[] = {
	{ "comment", 1, NULL, "TEXT", N_("a comment kept in the history") },
	{ "expect-version", 1, NULL, "N", N_("refuse if the record has changed since version N") },
	{ "from-state", 1, NULL, "STATE", N_("refuse unless the record is still in this state") }, END,
};
static const cli_opt import_opts[] = {
	{ "format", 1, NULL, "csv|jsonl|xlsx", N_("the file's format (default: by its name or its zip signature)") },
	{ "encoding", 1, NULL, "utf-8|gb18030", N_("a CSV file's encoding (default utf-8)") },
	{ "output", 1, NULL, "FILE", N_("users: the users file to write (default: users-imported.yaml in the configuration)") },
	{ "quiet", 0, NULL, NULL, N_("do not print the count of what was added") },
	{ "abandon", 0, NULL, NULL, N_("records: give up a large import that stopped part-way (its rows in stay)") },
	END,
};
static const cli_opt admin_opts[] = {
	{ "keydir", 1, NULL, "DIR", N_("the directory of the public keys (LOGIN.pub)") },
	{ "output", 1, NULL, "FILE", N_("write the lines to FILE (default: standard output)") },
	{ "program", 1, NULL, "PATH", N_("the gridcase the forced command runs") },
	{ "name", 1, NULL, "NAME", N_("init-admin: the administrator's name (default: the login)") }, END,
};
static const cli_opt list_opts[] = {
	{ "form", 1, NULL, "FORM", N_("records of this form only (its key or label)") }, NODE,
	{ "state", 1, NULL, "STATE", N_("records in this state (its key or label)") },
	{ "overdue", 0, NULL, NULL, N_("only records past their time limit (listed longest overdue first)") },
	{ "due-soon", 0, NULL, NULL, N_("only open records due within the next 24 hours (listed soonest first)") },
	{ "open", 0, NULL, NULL, N_("only records not in a final state") },
	{ "assignee", 1, NULL, "LOGIN", N_("records assigned to LOGIN (me: yourself)") },
	{ "search", 1, NULL, "TEXT", N_("records whose text holds TEXT") },
	{ "field", 1, NULL, "KEY=VALUE", N_("records whose field KEY is VALUE (a unit's id: what refers to that unit)") },
	{ "sort", 1, NULL, "KEY", N_("order by id, created, updated, due, state or a field (-KEY: descending; default -id)") },
	{ "limit", 1, NULL, "N", N_("at most N records") },
	{ "offset", 1, NULL, "N", N_("skip the first N records of the order (a page further on)") },
	FORMAT, KEYS, END,
};
static const cli_opt complete_opts[] = { NODE, END };

static const cli_command commands[] = {
	{ "init", cmd_init, "", N_("create an empty database"), NEEDS_CONFIG | CREATES_DB | ADMIN, no_opts, 0, 0, 0, NULL },
	{ "check-config", cmd_check_config, "", N_("validate the configuration (and the stored records against it)"),
	  NEEDS_CONFIG, no_opts, 0, 0, 0, NULL },
	{ "import", cmd_import, "nodes FILE | records [FORM] FILE | users FILE",
	  N_("load nodes, records or users from CSV, JSON Lines or XLSX, checked whole first"), NEEDS_DB | ADMIN, import_opts, 1, 3, 0,
	  N_("import users reads the columns login, name, role and node (or 账号, 姓名, 角色, 节点) and writes a\n"
	     "users file for review (--output, or users-imported.yaml in the configuration directory); nothing\n"
	     "is written when a row is bad.") },
	{ "export", cmd_export, "[records | nodes]", N_("write records, or the tree of nodes, to standard output or a file"),
	  NEEDS_DB, export_opts, 0, 1, 0,
	  N_("Records are written in the one layout show and list use; CSV headers are machine keys so that\n"
	     "import reads the file back.") },
	{ "tree", cmd_tree, "", N_("the hierarchy with open and overdue counts"), NEEDS_DB, tree_opts, 0, 0, 0, NULL },
	{ "node", cmd_node, "CODE", N_("one node: its level, parent and base data"), NEEDS_DB, read_opts, 1, 1, 0, NULL },
	{ "new", cmd_new, "FORM field=value...", N_("create a record; prints its id"), NEEDS_DB, new_opts, 1, 1, 1, NULL },
	{ "show", cmd_show, "ID", N_("one record with every field"), NEEDS_DB | BY_LOGIN, show_opts, 1, 1, 0, NULL },
	{ "set", cmd_set, "ID field=value...", N_("change fields of a record"), NEEDS_DB, set_opts, 1, 1, 1, NULL },
	{ "act", cmd_act, "ID TRANSITION [field=value...]", N_("move a record through its workflow"),
	  NEEDS_DB, act_opts, 2, 2, 1, NULL },
	{ "list", cmd_list, "", N_("records of a subtree"), NEEDS_DB | BY_LOGIN, list_opts, 0, 0, 0, NULL },
	{ "history", cmd_history, "ID", N_("every change of a record"), NEEDS_DB, read_opts, 1, 1, 0, NULL },
	{ "stats", cmd_stats, "", N_("counts per node and state; with a period, the assessment measures"),
	  NEEDS_DB | BY_LOGIN, stats_opts, 0, 0, 0, NULL },
	{ "match", cmd_match, "[accept LEFT RIGHT]", N_("proposed pairs of a matching (needs and resources); accept one"),
	  NEEDS_DB, match_opts, 0, 3, 0, NULL },
	{ "report", cmd_report, "", N_("a dated assessment summary per node and category"),
	  NEEDS_DB | BY_LOGIN, report_opts, 0, 0, 0, NULL },
	{ "verify", cmd_verify, "", N_("read every page, recompute every index and counter and report mismatches"),
	  NEEDS_CONFIG | ADMIN, quiet_opts, 0, 0, 0, NULL },
	{ "backup", cmd_backup, "FILE", N_("hot, compacted copy of the database"), NEEDS_DB | ADMIN, quiet_opts, 1, 1, 0, NULL },
	{ "reindex", cmd_reindex, "", N_("build the filter and search postings again from the records"), NEEDS_DB | ADMIN,
	  quiet_opts, 0, 0, 0,
	  N_("After a change of the configuration the postings depend on (which states are final, choice\n"
	     "fields, search fields), which verify reports as postings entries missing or unexplained.") },
	{ "demo", cmd_demo, "", N_("fill a new database with a demo district"), NEEDS_CONFIG | CREATES_DB | ADMIN,
	  demo_opts, 0, 0, 0, NULL },
	{ "admin", cmd_admin, "keys | init-admin LOGIN",
	  N_("write the SSH authorized_keys lines for every person's keys; add the first administrator"),
	  NEEDS_CONFIG | ADMIN, admin_opts, 1, 2, 0,
	  N_("admin init-admin LOGIN [--name NAME] works only while the configuration has no users: it\n"
	     "writes the first administrator to its users.yaml (mode 0640).") },
	{ "whoami", cmd_whoami, "", N_("who you are: login, name, role, node, and what you may run"),
	  NEEDS_CONFIG, read_opts, 0, 0, 0, NULL },
	{ "help", cmd_help, "[COMMAND]", N_("this help, or one command's"), 0, no_opts, 0, 1, 0, NULL },
	{ "completion", cmd_completion, "bash | zsh", N_("print the shell completion script"), 0, no_opts, 1, 1, 0,
	  N_("bash: gridcase completion bash > /usr/share/bash-completion/completions/gridcase\n"
	     "zsh:  gridcase completion zsh > /usr/share/zsh/vendor-completions/_gridcase") },
	{ "complete", cmd_complete, "commands | options COMMAND | forms | transitions | states | nodes | users | matchings",
	  "the completion's helper: one value a line", NEEDS_CONFIG | HIDDEN, complete_opts, 1, 2, 0, NULL },
};

const cli_command *cli_commands(size_t *n)
{
	*n = ARRAY_LEN(commands);
	return commands;
}

const cli_command *cli_find(const char *name)
{
	for (size_t i = 0; i < ARRAY_LEN(commands); i++)
		if (!strcmp(commands[i].name, name))
			return &commands[i];
	return NULL;
}

void cli_usage_line(gc_buf *b, const cli_command *cmd)
{
	buf_printf(b, "gridcase %s", cmd->name);
	if (*cmd->args)
		buf_printf(b, " %s", cmd->args);
	for (const cli_opt *o = cmd->opts; o->name; o++)
		buf_printf(b, o->has_value ? " [--%s %s]" : " [--%s]", o->name, o->arg);
}

static void global_help(FILE *out)
{
	size_t n;
	const cli_command *cmds = cli_commands(&n);
	fputs(_("usage: gridcase [--config PATH] [--db FILE] [--user LOGIN | --ssh-user LOGIN] [--low-bandwidth] [--ascii] [COMMAND [ARGS]]\n\n"
		"Without a command, the terminal UI starts (press ? in it for its keys).\n\n"
		"commands:\n"), out);
	for (size_t i = 0; i < n; i++)
		if (!(cmds[i].needs & HIDDEN))
			fprintf(out, "  %-14s %s\n", cmds[i].name, _(cmds[i].summary));
	fputs(_("\n'gridcase help COMMAND' or 'gridcase COMMAND --help' tells one command's arguments and options.\n"
		"Read commands take --format table|csv|jsonl|json (and --keys for machine keys in headers).\n"
		"\nglobal options:\n"
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

void cli_help(FILE *out, const cli_command *cmd)
{
	if (!cmd) {
		global_help(out);
		return;
	}
	gc_buf b;
	buf_init(&b);
	cli_usage_line(&b, cmd);
	fprintf(out, _("usage: %s\n\n%s\n"), b.p, _(cmd->summary));
	if (cmd->opts->name)
		fputs(_("\noptions:\n"), out);
	for (const cli_opt *o = cmd->opts; o->name; o++) {
		buf_reset(&b);
		buf_printf(&b, o->has_value ? "--%s %s" : "--%s", o->name, o->arg);
		if (b.len < 22)
			fprintf(out, "  %-22s %s\n", b.p, _(o->help));
		else
			fprintf(out, "  %s\n  %22s %s\n", b.p, "", _(o->help));
	}
	if (cmd->more)
		fprintf(out, "\n%s\n", _(cmd->more));
	buf_free(&b);
}

int cmd_help(cli *c, cli_args *a)
{
	(void)c;
	const cli_command *cmd = NULL;
	if (a->npos && !(cmd = cli_find(a->pos[0])))
		return cli_usage("help: unknown command '%s'", a->pos[0]);
	cli_help(stdout, cmd);
	return 0;
}
