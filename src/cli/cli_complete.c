/* SPDX-License-Identifier: MIT */
/* cli_complete.c - shell completion made from the command table:
 * `gridcase completion bash|zsh` prints the script, and the script asks
 * the hidden `gridcase complete KIND` for what the configuration and the
 * database hold (forms, transitions, states, node codes, logins), so it
 * follows them without being generated again. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ctype.h>
#include "gridcase/cli.h"
#include "gridcase/i18n.h"

/* What a value's name in the table completes to (NULL: nothing). */
static const char *kind_of(const char *arg)
{
	static const char *const map[][2] = {
		{ "FORM", "forms" }, { "CODE", "nodes" }, { "TRANSITION", "transitions" }, { "STATE", "states" },
		{ "LOGIN", "users" }, { "FILE", "files" }, { "PATH", "files" }, { "DIR", "dirs" },
		{ "MATCHING", "matchings" }, { "COMMAND", "commands" },
	};
	for (size_t i = 0; i < ARRAY_LEN(map); i++)
		if (!strcmp(map[i][0], arg))
			return map[i][1];
	return NULL;
}

/* One shell's spelling of the few things bash and zsh say differently. */
typedef struct shell {
	const char *words, *cword;    /* the words and the index of the current one */
	int first;                    /* index of the word after the program */
	const char *add_pre, *add_post;   /* around a word list to offer */
	const char *fall;             /* a case branch that lets the next ones match too */
} shell;

static const shell bash_sh = { "COMP_WORDS", "COMP_CWORD", 1, "COMPREPLY+=($(compgen -W \"", "\" -- \"$cur\"))", ";;&" };
static const shell zsh_sh = { "words", "CURRENT", 2, "compadd -- ", "", ";|" };

/* Offer a value of arg: its choices, or its kind through the helper. */
static void offer(FILE *out, const shell *sh, const char *arg, const char *end)
{
	const char *k = kind_of(arg);
	if (islower((unsigned char)arg[0])) {
		fputs(sh->add_pre, out);
		for (const char *p = arg; *p; p++)
			fputc(*p == '|' ? ' ' : *p, out);
		fprintf(out, "%s%s", sh->add_post, end);
	} else if (k) {
		fprintf(out, "_gridcase_values %s \"$first\" \"${g[@]}\"%s", k, end);
	} else {
		fprintf(out, ":%s", end);
	}
}

/* The plain arguments of cmd, alternative by alternative: which word may
 * stand at which position (an optional word lets the next ones move up). */
static void positions(FILE *out, const shell *sh, const cli_command *cmd)
{
	char *args = xstrdup(cmd->args);
	for (char *s = args; *s; s++)
		if (*s == '[' || *s == ']')
			*s = ' ';
	char *save = NULL;
	for (char *alt = strtok_r(args, "|", &save); alt; alt = strtok_r(NULL, "|", &save)) {
		char *w[16], *s2 = NULL;
		int opt_before[16], n = 0, nopt = 0;
		/* Optional words were bracketed in the original: find them there. */
		for (char *t = strtok_r(alt, " ", &s2); t && n < 16; t = strtok_r(NULL, " ", &s2)) {
			if (strchr(t, '='))
				continue;
			char *dots = strstr(t, "...");
			if (dots)
				*dots = 0;
			const char *at = strstr(cmd->args, t);
			int optional = at && at > cmd->args && at[-1] == '[';
			opt_before[n] = nopt;
			w[n++] = t;
			nopt += optional;
		}
		int lit = n && islower((unsigned char)w[0][0]);
		for (int j = 0; j < n; j++)
			for (int p = j - opt_before[j]; p <= j; p++) {
				if (p == 0 || !lit)
					fprintf(out, "\t\t\"%s %d \"*) ", cmd->name, p);
				else
					fprintf(out, "\t\t\"%s %d %s\") ", cmd->name, p, w[0]);
				offer(out, sh, w[j], " ");
				fprintf(out, "%s\n", sh->fall);
			}
	}
	free(args);
}

static void script(FILE *out, const shell *sh, int zsh)
{
	size_t n;
	const cli_command *cmds = cli_commands(&n);
	fprintf(out, "%s# %s completion for gridcase, made by `gridcase completion %s` from its command\n"
		"# table; node codes, forms, states and transitions come from `gridcase complete`.\n",
		zsh ? "#compdef gridcase\n" : "", zsh ? "zsh" : "bash", zsh ? "zsh" : "bash");
	fprintf(out, "_gridcase_values() {\n\tlocal kind=$1 first=$2\n\tshift 2\n\tcase $kind in\n");
	if (zsh)
		fputs("\tfiles) _files ;;\n\tdirs) _files -/ ;;\n"
		      "\t*) local -a v; v=(${(f)\"$(gridcase \"$@\" complete $kind $first 2>/dev/null)\"}); compadd -a v ;;\n", out);
	else
		fputs("\tfiles) COMPREPLY+=($(compgen -f -- \"$cur\")) ;;\n\tdirs) COMPREPLY+=($(compgen -d -- \"$cur\")) ;;\n"
		      "\t*) COMPREPLY+=($(compgen -W \"$(gridcase \"$@\" complete $kind $first 2>/dev/null)\" -- \"$cur\")) ;;\n", out);
	fputs("\tesac\n}\n\n_gridcase() {\n", out);
	fprintf(out, "\tlocal cur=${%s[%s]} prev=${%s[%s-1]} cmd= first= pos=0 i w\n\tlocal -a g=()\n%s",
		sh->words, sh->cword, sh->words, sh->cword, zsh ? "" : "\tCOMPREPLY=()\n");
	fprintf(out, "\tfor ((i = %d; i < %s; i++)); do\n\t\tw=${%s[i]}\n\t\tif [[ -z $cmd ]]; then\n\t\t\tcase $w in\n"
		"\t\t\t--config|--db|--user|--ssh-user) g+=(\"$w\" \"${%s[i+1]}\"); ((i++)) ;;\n"
		"\t\t\t-*) ;;\n\t\t\t*) cmd=$w ;;\n\t\t\tesac\n\t\telif [[ $w == -* ]]; then\n\t\t\tcase \"$cmd $w\" in\n",
		sh->first, sh->cword, sh->words, sh->words);
	for (size_t i = 0; i < n; i++)
		for (const cli_opt *o = cmds[i].opts; o->name; o++)
			if (o->has_value)
				fprintf(out, "\t\t\t\"%s --%s\") ((i++)) ;;\n", cmds[i].name, o->name);
	fputs("\t\t\tesac\n\t\telif [[ $w != *=* ]]; then\n\t\t\t[[ $pos == 0 ]] && first=$w\n\t\t\t((pos++))\n\t\tfi\n\tdone\n", out);
	/* Before the command: global options and the commands. */
	fputs("\tif [[ -z $cmd ]]; then\n\t\tcase $prev in\n\t\t--config|--db) _gridcase_values files \"\"; return ;;\n"
	      "\t\t--user|--ssh-user) _gridcase_values users \"\" \"${g[@]}\"; return ;;\n\t\tesac\n"
	      "\t\tif [[ $cur == -* ]]; then\n\t\t\t", out);
	fprintf(out, "%s--config --db --user --ssh-user --low-bandwidth --ascii --help --version%s\n\t\telse\n\t\t\t%s",
		sh->add_pre, sh->add_post, sh->add_pre);
	for (size_t i = 0; i < n; i++)
		if (!(cmds[i].needs & HIDDEN))
			fprintf(out, "%s%s", i ? " " : "", cmds[i].name);
	fprintf(out, "%s\n\t\tfi\n\t\treturn\n\tfi\n", sh->add_post);
	/* An option's value. */
	fputs("\tcase \"$cmd $prev\" in\n", out);
	for (size_t i = 0; i < n; i++)
		for (const cli_opt *o = cmds[i].opts; o->name; o++)
			if (o->has_value) {
				fprintf(out, "\t\"%s --%s\") ", cmds[i].name, o->name);
				offer(out, sh, o->arg, "; return ;;\n");
			}
	fputs("\tesac\n", out);
	/* Options. */
	fputs("\tif [[ $cur == -* ]]; then\n\t\tcase $cmd in\n", out);
	for (size_t i = 0; i < n; i++) {
		fprintf(out, "\t\t%s) %s", cmds[i].name, sh->add_pre);
		for (const cli_opt *o = cmds[i].opts; o->name; o++)
			fprintf(out, "--%s ", o->name);
		fprintf(out, "--help%s ;;\n", sh->add_post);
	}
	fputs("\t\tesac\n\t\treturn\n\tfi\n", out);
	/* Plain arguments. */
	fputs("\tcase \"$cmd $pos $first\" in\n", out);
	for (size_t i = 0; i < n; i++)
		positions(out, sh, &cmds[i]);
	fputs("\tesac\n}\n\n", out);
	fputs(zsh ? "_gridcase \"$@\"\n" : "complete -F _gridcase gridcase\n", out);
}

int cmd_completion(cli *c, cli_args *a)
{
	(void)c;
	if (!strcmp(a->pos[0], "bash"))
		script(stdout, &bash_sh, 0);
	else if (!strcmp(a->pos[0], "zsh"))
		script(stdout, &zsh_sh, 1);
	else
		return cli_usage("completion: say bash or zsh, not '%s'", a->pos[0]);
	return 0;
}

/* Each value once, in the order first met. */
static void put_once(gc_buf *seen, const char *v)
{
	gc_buf key;
	buf_init(&key);
	buf_printf(&key, "\n%s\n", v);
	if (!seen->p || !strstr(seen->p, key.p)) {
		buf_adds(seen, key.p + (seen->len ? 1 : 0));
		printf("%s\n", v);
	}
	buf_free(&key);
}

/* The node codes of the acting user's scope, from the database, quietly. */
static void complete_nodes(cli *c, const char *under)
{
	gc_errs errs;
	errs_init(&errs);
	if (core_open(&c->ctx, c->cfg, c->db_path, c->login, 0, &errs) == 0) {
		for (size_t i = 0; i < c->ctx->nnodes; i++) {
			const gc_node *n = &c->ctx->nodes[i];
			if (n->code && (!under || !strncmp(n->code, under, strlen(under))) && core_scope_node(c->ctx, n->code))
				printf("%s\n", n->code);   /* the user's scope only */
		}
	}
	errs_free(&errs);
}

/* act ID: the transitions this user may take from the record's state now
 * (a record outside the scope offers nothing, as a missing one). */
static void complete_transitions(cli *c, const char *id_text)
{
	gc_errs errs;
	uint64_t id = strtoull(id_text[0] == '#' ? id_text + 1 : id_text, NULL, 10);
	gc_record r;
	errs_init(&errs);
	if (id && core_open(&c->ctx, c->cfg, c->db_path, c->login, 0, &errs) == 0 && core_get(c->ctx, id, &r) == 0) {
		const gc_transition **ts;
		size_t n;
		core_transitions(c->ctx, &r, &ts, &n);
		for (size_t j = 0; j < n; j++)
			printf("%s\n", ts[j]->key);
		free(ts);
		rec_free(&r);
	}
	errs_free(&errs);
}

int cmd_complete(cli *c, cli_args *a)
{
	const char *what = a->pos[0], *arg = a->npos > 1 ? a->pos[1] : NULL;
	const gc_config *cfg = c->cfg;
	size_t n;
	const cli_command *cmds = cli_commands(&n);
	gc_buf seen;
	buf_init(&seen);
	if (!strcmp(what, "commands")) {
		for (size_t i = 0; i < n; i++)
			if (!(cmds[i].needs & HIDDEN))
				printf("%s\n", cmds[i].name);
	} else if (!strcmp(what, "options")) {
		const cli_command *cmd = arg ? cli_find(arg) : NULL;
		for (const cli_opt *o = cmd ? cmd->opts : NULL; o && o->name; o++)
			printf("--%s\n", o->name);
	} else if (!strcmp(what, "forms")) {
		for (size_t i = 0; i < cfg->nforms; i++)
			printf("%s\n", cfg->forms[i].key);
	} else if (!strcmp(what, "transitions") && arg && *arg) {
		complete_transitions(c, arg);
	} else if (!strcmp(what, "transitions") || !strcmp(what, "states")) {
		int tr = what[0] == 't';
		for (size_t i = 0; i < cfg->nworkflows; i++) {
			const gc_workflow *w = &cfg->workflows[i];
			for (size_t j = 0; j < (tr ? w->ntrans : w->nstates); j++)
				put_once(&seen, tr ? w->trans[j].key : w->states[j].key);
		}
	} else if (!strcmp(what, "users")) {
		for (size_t i = 0; i < cfg->nusers; i++)
			printf("%s\n", cfg->users[i].login);
	} else if (!strcmp(what, "matchings")) {
		for (size_t i = 0; i < cfg->nmatchings; i++)
			printf("%s\n", cfg->matchings[i].key);
	} else if (!strcmp(what, "nodes")) {
		complete_nodes(c, opt(a, "node"));
	} else {
		buf_free(&seen);
		return cli_usage("complete: unknown kind '%s'", what);
	}
	buf_free(&seen);
	return 0;
}
