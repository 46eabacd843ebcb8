/* SPDX-License-Identifier: MIT */
/* cli_users.c - people: `whoami` (who the configuration says you are and
 * what you may run) and `import users` (a spreadsheet of people to a users
 * file for the administrator to review). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pwd.h>
#include <unistd.h>
#include <sys/stat.h>
#include "gridcase/cli.h"
#include "gridcase/ssh.h"
#include "gridcase/i18n.h"
#include "gridcase/text.h"
#include "gridcase/json.h"

static const char *acting_login(cli *c)
{
	if (c->login)
		return c->login;
	struct passwd *pw = getpwuid(getuid());
	if (pw && pw->pw_name)
		return pw->pw_name;
	const char *u = getenv("USER");
	return u && *u ? u : "unknown";
}

/* The commands this person may run here (over SSH: the whitelist's). */
static void may_run(cli *c, int admin, gc_buf *text, gc_buf *json)
{
	size_t n;
	const cli_command *cmds = cli_commands(&n);
	buf_addc(json, '[');
	for (size_t i = 0, k = 0; i < n; i++) {
		if ((cmds[i].needs & HIDDEN) || ((cmds[i].needs & ADMIN) && !admin))
			continue;
		if (c->restricted && !ssh_command_allowed(cmds[i].name))
			continue;
		buf_printf(text, "%s%s", k ? " " : "", cmds[i].name);
		buf_printf(json, "%s\"%s\"", k++ ? "," : "", cmds[i].name);
	}
	buf_addc(json, ']');
}

/* The forms a role may create (edit: may change fields of). */
static void forms_of(const gc_config *cfg, const gc_role *r, int admin, int edit, gc_buf *text, gc_buf *json)
{
	buf_addc(json, '[');
	for (size_t i = 0, k = 0; i < cfg->nforms; i++) {
		if (!admin && !(r && (edit ? r->edit[i] : r->create[i])))
			continue;
		buf_printf(text, "%s%s", k ? " " : "", cfg->forms[i].key);
		if (k++)
			buf_addc(json, ',');
		json_str(json, cfg->forms[i].key);
	}
	buf_addc(json, ']');
}

int cmd_whoami(cli *c, cli_args *a)
{
	cli_fmt f;
	if (cli_format(a, "whoami", 0, &f))
		return GC_EUSAGE;
	const char *login = acting_login(c);
	const gc_user *u = config_user(c->cfg, login);
	if (!u && c->cfg->nusers) {
		fprintf(stderr, _("gridcase: unknown user '%s': add them to the users of the configuration\n"), login);
		return GC_EPERM;
	}
	const gc_role *r = u ? &c->cfg->roles[u->role] : NULL;
	int admin = core_login_admin(c->cfg, login);
	static const char *const scopes[] = { "own", "subtree", "all" };
	const char *scope = r ? scopes[r->scope] : "all";
	gc_buf cmds, cmds_json, create, create_json, edit, edit_json;
	buf_init(&cmds), buf_init(&cmds_json), buf_init(&create), buf_init(&create_json), buf_init(&edit), buf_init(&edit_json);
	may_run(c, admin, &cmds, &cmds_json);
	forms_of(c->cfg, r, admin, 0, &create, &create_json);
	forms_of(c->cfg, r, admin, 1, &edit, &edit_json);
	const char *v[][4] = {   /* key, label, text, json */
		{ "login", N_("Login"), login, NULL },
		{ "name", N_("Name"), u ? u->name : "", NULL },
		{ "role", N_("Role"), r ? r->key : "", NULL },
		{ "role_label", N_("Role name"), r ? (r->label ? r->label : r->key) : "", NULL },
		{ "node", N_("Node"), u && u->node ? u->node : "", NULL },
		{ "scope", N_("Scope"), scope, NULL },
		{ "admin", N_("Administrator"), admin ? "1" : "0", admin ? "true" : "false" },
		{ "create", N_("May create"), create.p ? create.p : "", create_json.p },
		{ "edit", N_("May edit"), edit.p ? edit.p : "", edit_json.p },
		{ "commands", N_("Commands"), cmds.p ? cmds.p : "", cmds_json.p },
	};
	if (f.format == IO_TABLE) {
		for (size_t i = 0; i < ARRAY_LEN(v); i++) {
			gc_buf l;
			char lab[64];
			buf_init(&l);
			snprintf(lab, sizeof lab, "%s:", f.keys ? v[i][0] : _(v[i][1]));
			text_fit(&l, lab, strlen(lab), 16, 1);
			buf_addc(&l, ' ');
			buf_adds(&l, i == 6 ? (admin ? _("yes") : _("no")) : v[i][2]);
			print_text(stdout, l.p);
			putchar('\n');
			buf_free(&l);
		}
	} else {
		cli_rows t;
		rows_begin_one(&t, &f);
		for (size_t i = 0; i < ARRAY_LEN(v); i++)
			rows_col(&t, v[i][0], _(v[i][1]), i == 6 ? COL_BOOL : COL_STR);
		for (size_t i = 0; i < ARRAY_LEN(v); i++)
			rows_cell_json(&t, v[i][2], v[i][3]);
		rows_end(&t);
		rows_finish(&t, stdout);
	}
	buf_free(&cmds), buf_free(&cmds_json), buf_free(&create), buf_free(&create_json), buf_free(&edit), buf_free(&edit_json);
	return 0;
}

/* The users file import users writes: --output, else users-imported.yaml
 * beside the configuration's files (its directory, or the file's). */
static char *users_output(cli *c, const char *given)
{
	if (given)
		return xstrdup(given);
	struct stat st;
	gc_buf b;
	buf_init(&b);
	const char *dir = c->cfg->dir;
	if (stat(dir, &st) == 0 && S_ISDIR(st.st_mode)) {
		buf_printf(&b, "%s/users-imported.yaml", dir);
	} else {
		const char *slash = strrchr(dir, '/');
		if (slash)
			buf_printf(&b, "%.*s/users-imported.yaml", (int)(slash - dir), dir);
		else
			buf_adds(&b, "users-imported.yaml");
	}
	return b.p;
}

int cmd_import_users(cli *c, cli_args *a)
{
	int format = IO_AUTO, encoding = IO_UTF8;
	if (a->npos != 2)
		return cli_usage("usage: gridcase import users FILE [--output FILE]");
	if (opt(a, "format") && ((format = io_format_parse(opt(a, "format"))) < 0 || format == IO_TABLE))
		return cli_usage("import: --format must be csv or jsonl");
	if (format == IO_JSON)
		format = IO_JSONL;
	if (opt(a, "encoding") && (encoding = io_encoding_parse(opt(a, "encoding"))) < 0)
		return cli_usage("import: --encoding must be utf-8 or gb18030");
	if (c->restricted && !opt(a, "output")) {
		fprintf(stderr, _("gridcase: import users over SSH needs --output FILE in the data directory\n"));
		return GC_EPERM;
	}
	char *in = NULL, *out = NULL;
	int rc = cli_file_arg(c, a->pos[1], &in);
	if (!rc && opt(a, "output"))
		rc = cli_file_arg(c, opt(a, "output"), &out);
	else if (!rc)
		out = users_output(c, NULL);
	in_file f;
	size_t added = 0, updated = 0;
	if (!rc) {
		if (in_file_read(&f, in, format, encoding, &c->ctx->errs) == 0)
			rc = core_import_users(c->ctx, &f, out, &added, &updated);
		else
			rc = GC_EDATA;
		in_file_free(&f);
		if (rc) {
			cli_report(c, rc);
			fprintf(stderr, _("gridcase: %s: nothing was written\n"), out);
		} else {
			printf(_("%s: %zu users added, %zu updated; review it, then run gridcase check-config\n"), out, added,
			       updated);
		}
	}
	free(in);
	free(out);
	return rc;
}
