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
	char *import_said;       /* the stopped import said at the start, or NULL */
} cli;

/* Options of one command: --name VALUE / --name=VALUE / --flag, field=value
 * pairs, and plain arguments. */
typedef struct cli_opt {
	const char *name;
	int has_value;
	const char *value;       /* set when given; "" for a flag */
	const char *arg;         /* the value's name in the help: FORM, CODE,
	                          * STATE, LOGIN, TRANSITION, FILE... (completion
	                          * goes by it), or the choices: csv|jsonl */
	const char *help;        /* one line, N_() */
} cli_opt;

typedef struct cli_args {
	cli_opt *opts;
	size_t nopts;
	gc_kv *vals;             /* field=value */
	size_t nvals;
	char **pos;              /* positional */
	size_t npos;
} cli_args;

/* needs: what setup loads first; ADMIN: for an administrator only (whoami
 * leaves it out for others); HIDDEN: not in the help (the completion's
 * helper); BY_LOGIN: reads users only by login (config_staff_on_demand). */
enum { NEEDS_CONFIG = 1, NEEDS_DB = 2, CREATES_DB = 4, ADMIN = 8, HIDDEN = 16, BY_LOGIN = 32 };

/* One row of the command table (cli_table.c): the help, the usage line,
 * the option parser and the shell completion all read it. */
typedef struct cli_command {
	const char *name;
	int (*run)(cli *c, cli_args *a);
	const char *args;        /* the plain arguments, alternatives split by " | ":
	                          * literal words in lower case, values in capitals */
	const char *summary;
	int needs;
	const cli_opt *opts;     /* accepted options, NULL-terminated by name */
	int min_pos, max_pos;
	int takes_values;        /* accepts field=value */
	const char *more;        /* a paragraph for `help CMD`, or NULL */
} cli_command;

/* The table (cli_table.c). */
const cli_command *cli_commands(size_t *n);
const cli_command *cli_find(const char *name);
/* `gridcase CMD ...` with every option, as the help and errors say it. */
void cli_usage_line(gc_buf *b, const cli_command *cmd);
/* The whole help (cmd NULL) or one command's. */
void cli_help(FILE *out, const cli_command *cmd);

/* --format and --keys of a read command (cli_out.c): IO_TABLE (each
 * command's human layout), IO_CSV, IO_JSONL or IO_JSON. machine_only:
 * no table (export), CSV by default. */
typedef struct cli_fmt {
	int format;
	int keys;                /* --keys: CSV headers are machine keys, not labels */
} cli_fmt;
int cli_format(const cli_args *a, const char *cmd, int machine_only, cli_fmt *f);
/* A table header cell right-aligned in width columns (display width). */
void cli_right(gc_buf *line, const char *s, int width);

/* Rows of a machine format: declare the columns, then cells row by row. */
enum { COL_STR, COL_NUM, COL_BOOL };
typedef struct cli_col {
	const char *key;
	char *label;
	int type;
} cli_col;
typedef struct cli_rows {
	cli_fmt f;
	cli_col *col;
	size_t ncols, at, nrows;
	int headed;
	int one;                 /* json: one object, not an array (show, node, whoami) */
	gc_buf out;
} cli_rows;
void rows_begin(cli_rows *t, const cli_fmt *f);
void rows_begin_one(cli_rows *t, const cli_fmt *f);
void rows_col(cli_rows *t, const char *key, const char *label, int type);
void rows_cell(cli_rows *t, const char *text);
void rows_num(cli_rows *t, long long v);
/* A cell whose JSON is given (an array, say); text is its CSV cell. */
void rows_cell_json(cli_rows *t, const char *text, const char *json);
void rows_end(cli_rows *t);
void rows_object(cli_rows *t, const char *obj, size_t len);
int rows_finish(cli_rows *t, FILE *out);
/* Records in the one layout of show, list and export: form NULL for the
 * columns of every form. */
void rows_records_begin(cli *c, cli_rows *t, const cli_fmt *f, const char *form);
void rows_record(cli *c, cli_rows *t, const gc_record *r);

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
/* Where export and report write (cli_admin.c): --output FILE (a new file
 * beside it, renamed over FILE only when all was written; over SSH inside
 * the data directory) or standard output, which an .xlsx workbook
 * (binary) refuses when it is a terminal. NULL with *rc set on failure. */
typedef struct cli_out {
	FILE *fp;
	char *path, *part;
} cli_out;
int cli_output_open(cli *c, const cli_args *a, int binary, const char *cmd, cli_out *o);
/* Finish: ok keeps the file (renamed over FILE), else it is removed.
 * Returns 0 or GC_EIO (said). */
int cli_output_close(cli_out *o, int ok);

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
int cmd_reindex(cli *c, cli_args *a);
int cmd_backup(cli *c, cli_args *a);
/* Set data_dir and log_path from db_path (once). */
void cli_locate(cli *c);
int cmd_demo(cli *c, cli_args *a);
int cmd_admin(cli *c, cli_args *a);
int cmd_report(cli *c, cli_args *a);
int cmd_match(cli *c, cli_args *a);
int cmd_node(cli *c, cli_args *a);
int cmd_help(cli *c, cli_args *a);
int cmd_whoami(cli *c, cli_args *a);
int cmd_completion(cli *c, cli_args *a);
int cmd_complete(cli *c, cli_args *a);
int cmd_import_users(cli *c, cli_args *a);
/* --from/--to days (both included) as [from, to) times; 0 when not given. */
int cli_period(const cli_args *a, int64_t *from, int64_t *to);
struct gc_assess;
void print_assessment(FILE *out, const struct gc_assess *s);
/* The assessment as rows (report and stats --format csv|jsonl|json). */
void assessment_rows(FILE *out, const struct gc_assess *s, const cli_fmt *f);
/* The configured measures and the ranking (cli_measure.c). */
void measure_head(gc_buf *b, const gc_config *cfg);
void measure_cells(gc_buf *b, const gc_config *cfg, const struct measure_acc *acc);
void print_assessment_measures(FILE *out, const struct gc_assess *s);
void print_ranking(FILE *out, const struct gc_assess *s);
struct assess_row;
/* Columns m_KEY (m_KEY/CHOICE for a split count), rank and flag; the keys
 * made, for measure_rows_free once the rows are written. */
char **measure_rows_cols(cli_rows *t, const struct gc_assess *s);
void measure_rows_cells(cli_rows *t, const struct gc_assess *s, const struct assess_row *r);
void measure_rows_free(char **keys);
/* --rank and --by of report and stats with a period. */
int cli_assess(cli *c, const cli_args *a, int64_t from, int64_t to, struct gc_assess *s);

#endif
