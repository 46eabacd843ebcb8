/* SPDX-License-Identifier: MIT */
/* cli.h - the command line: one table of commands (which also prints the
 * help), option parsing shared by all of them. */
#ifndef GRIDCASE_CLI_H
#define GRIDCASE_CLI_H

#include <stdio.h>
#include "gridcase/core.h"

typedef struct cli {
	char *config_path;       /* as located */
	char *db_path;
	const char *login;       /* --user, or NULL for the Unix login */
	gc_config *cfg;
	gc_ctx *ctx;
	gc_errs errs;            /* errors before a ctx exists */
	/* SSH mode (--ssh-user): always restricted; see ssh.h */
	int restricted;          /* files only inside data_dir; no admin commands */
	char *data_dir;          /* the database's directory */
	char *log_path;          /* the access log in data_dir */
	char client[64];         /* from SSH_CONNECTION */
	const char *request;     /* SSH_ORIGINAL_COMMAND as given */
	int logged;              /* the access log has this session's line */
	int ascii;               /* --ascii: the UI in ASCII whatever the locale */
} cli;

/* Options of one command: --name VALUE / --name=VALUE / --flag, field=value
 * pairs, and plain arguments. */
typedef struct cli_opt {
	const char *name;
	int has_value;
	const char *value;       /* set when given; "" for a flag */
} cli_opt;

typedef struct cli_args {
	cli_opt *opts;
	size_t nopts;
	gc_kv *vals;             /* field=value */
	size_t nvals;
	char **pos;              /* positional */
	size_t npos;
} cli_args;

enum { NEEDS_CONFIG = 1, NEEDS_DB = 2, CREATES_DB = 4 };

typedef struct cli_command {
	const char *name;
	int (*run)(cli *c, cli_args *a);
	const char *usage;
	const char *summary;
	int needs;
	cli_opt *opts;           /* accepted options, NULL-terminated by name */
	int min_pos, max_pos;
	int takes_values;        /* accepts field=value */
} cli_command;

int cli_main(int argc, char **argv);
/* Set by main: whether the terminal is UTF-8 by the locale's name (else the
 * UI draws ASCII); unset, C and POSIX count as UTF-8. */
extern int cli_terminal_utf8;

/* Helpers for the command files. */
const char *opt(const cli_args *a, const char *name);
int opt_int(const cli_args *a, const char *name, long long def, long long *out);
int cli_report(cli *c, int status);       /* print errors, return status */
int cli_usage(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int parse_id(const char *s, uint64_t *id);
/* A file named on the command line; over SSH only inside the data
 * directory (refused, logged, GC_EPERM otherwise). *out is freed by the caller. */
int cli_file_arg(cli *c, const char *path, char **out);
void print_text(FILE *out, const char *s);   /* neutralised for a terminal */

/* Command implementations (cli_records.c, cli_admin.c). */
int cmd_new(cli *c, cli_args *a);
int cmd_show(cli *c, cli_args *a);
int cmd_set(cli *c, cli_args *a);
int cmd_act(cli *c, cli_args *a);
int cmd_history(cli *c, cli_args *a);
int cmd_list(cli *c, cli_args *a);
int cmd_init(cli *c, cli_args *a);
int cmd_check_config(cli *c, cli_args *a);
int cmd_init_admin(cli *c, cli_args *a);     /* cli_initadmin.c, from cmd_admin */
int cmd_import(cli *c, cli_args *a);
int cmd_export(cli *c, cli_args *a);
int cmd_tree(cli *c, cli_args *a);
int cmd_stats(cli *c, cli_args *a);
int cmd_verify(cli *c, cli_args *a);
int cmd_backup(cli *c, cli_args *a);
/* Set data_dir and log_path from db_path (once). */
void cli_locate(cli *c);
int cmd_demo(cli *c, cli_args *a);
int cmd_admin(cli *c, cli_args *a);
int cmd_report(cli *c, cli_args *a);
int cmd_match(cli *c, cli_args *a);
int cmd_node(cli *c, cli_args *a);
/* --from/--to days (both included) as [from, to) times; 0 when not given. */
int cli_period(const cli_args *a, int64_t *from, int64_t *to);
struct gc_assess;
void print_assessment(FILE *out, const struct gc_assess *s);

#endif
