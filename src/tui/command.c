/* SPDX-License-Identifier: MIT */
/* command.c - the ':' commands in one table: what is typed, what it
 * takes, its line of help, and the call that does it. The help screen's
 * "Command line" part is made from the table, as the key part is made from
 * keys.c's. To add a command: a row here and a run_ function that calls
 * the view it is about (its header: tree.h, list.h...). Its name is also
 * listed by the ':' key's help (keys.c); the unknown-command message
 * lists the table's names. tests/tui/test_ui_help.sh checks that the help
 * screen shows every command of this table. */
#include <stdio.h>
#include <string.h>
#include "tui/command.h"
#include "tui/list.h"
#include "tui/matchview.h"
#include "tui/nav.h"
#include "tui/prompt.h"
#include "tui/stats.h"
#include "tui/tree.h"
#include "gridcase/i18n.h"

typedef struct command {
	const char *name;
	const char *alias;     /* a shorter name, or NULL */
	const char *args;      /* as shown in the help, "" for none */
	int needs_args;        /* without them it is not this command */
	const char *help;
	void (*run)(tui *t, char *args);
} command;

static void run_node(tui *t, char *args)
{
	tree_go(t, args);
}

static void run_filter(tui *t, char *args)
{
	list_filter(t, args);
}

static void run_sort(tui *t, char *args)
{
	list_sort(t, args);
}

/* :stats [FROM [TO]], days, both included. */
static void run_stats(tui *t, char *args)
{
	char *to = args + strcspn(args, " ");
	long d1 = 0, d2 = 0;
	if (*to)
		*to++ = 0;
	if ((*args && date_parse(args, &d1)) || (*to && date_parse(to, &d2)))
		tui_message(t, "stats: dates are YYYY-MM-DD");
	else
		stats_open(t, list_listed_node(t), *args ? day_start(d1) : 0, *to ? day_start(d2 + 1) : 0);
}

static void run_match(tui *t, char *args)
{
	matchview_accept(t, args, list_listed_node(t));
}

static void run_quit(tui *t, char *args)
{
	(void)args;
	t->quit = 1;
}

static const command commands[] = {
	{ "node", NULL, "CODE|NAME", 1, N_("go to a node"), run_node },
	{ "filter", NULL, "overdue|mine|open|unreviewed|all|STATE", 0,
	  N_("only these records, combined (also closed, form FORM, FIELD=VALUE)"), run_filter },
	{ "sort", NULL, "id|-id|due|-updated|state|FIELD", 0, N_("order the list (- for descending)"), run_sort },
	{ "stats", NULL, "[FROM [TO]]", 0, N_("statistics of the listed node, days FROM to TO"), run_stats },
	{ "match", NULL, "LEFT RIGHT", 0, N_("accept a proposed pair (M shows them)"), run_match },
	{ "quit", "q", "", 0, N_("quit"), run_quit },
};

/* The record page of id, or the core's "no record N" (an id outside the
 * scope is answered as one that does not exist, as by the CLI). */
static void open_id(tui *t, uint64_t id)
{
	nav_open_record(t, id);
}

void command_jump(tui *t)
{
	char line[40] = "";
	if (prompt(t, "#", line, sizeof line) || !*line)
		return;
	uint64_t id = ui_record_id(line);
	if (id)
		open_id(t, id);
	else
		tui_message(t, "a record id is a number, such as 21889");
}

void command_line(tui *t)
{
	char line[200] = "";
	if (prompt(t, ":", line, sizeof line))
		return;
	char *args = line + strcspn(line, " ");
	if (*args)
		*args++ = 0;
	while (*args == ' ')
		args++;
	uint64_t id = ui_record_id(line);
	if (id && !*args) {
		open_id(t, id);   /* :21889 or :#21889 */
		return;
	}
	for (size_t i = 0; i < ARRAY_LEN(commands); i++) {
		const command *c = &commands[i];
		if ((!strcmp(line, c->name) || (c->alias && !strcmp(line, c->alias))) && (*args || !c->needs_args)) {
			c->run(t, args);
			return;
		}
	}
	if (*line) {
		/* The commands there are, from the table: the message cannot miss one. */
		char names[200] = "";
		for (size_t i = 0; i < ARRAY_LEN(commands); i++)
			snprintf(names + strlen(names), sizeof names - strlen(names), "%s%s", i ? ", " : "", commands[i].name);
		tui_message(t, "unknown command ':%s' (%s)", line, names);
	}
}

void command_help(gc_buf *out)
{
	enum { SYNTAX = 19 };   /* the help starts in column 22, as the keys' does in 17 */
	buf_printf(out, "%s\n", _("Command line (:)"));
	buf_printf(out, "  %-*s %s\n", SYNTAX, ":ID, :#ID", _("open the record with that id"));   /* no row: any number */
	for (size_t i = 0; i < ARRAY_LEN(commands); i++) {
		const command *c = &commands[i];
		char syntax[100];
		snprintf(syntax, sizeof syntax, ":%s%s%s%s%s", c->name, *c->args ? " " : "", c->args,
			 c->alias ? ", :" : "", c->alias ? c->alias : "");
		if (strlen(syntax) > SYNTAX)   /* a long syntax has its help on the next line */
			buf_printf(out, "  %s\n  %-*s %s\n", syntax, SYNTAX, "", _(c->help));
		else
			buf_printf(out, "  %-*s %s\n", SYNTAX, syntax, _(c->help));
	}
}
