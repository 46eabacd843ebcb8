/* SPDX-License-Identifier: MIT */
/* cli_keys.c - `gridcase admin keys`: the service account's authorized_keys
 * from a key directory (authkeys.c does the work; docs/deploy.md). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <limits.h>
#include <unistd.h>
#include <sys/stat.h>
#include "gridcase/cli.h"
#include "gridcase/i18n.h"
#include "gridcase/authkeys.h"

/* An absolute path for a file that may not exist yet: its directory
 * resolved, its name kept. */
static char *absolute(const char *path)
{
	char real[PATH_MAX];
	if (realpath(path, real))
		return xstrdup(real);
	const char *slash = strrchr(path, '/');
	char *dir = slash ? xstrndup(path, slash == path ? 1 : (size_t)(slash - path)) : xstrdup(".");
	gc_buf b;
	buf_init(&b);
	if (realpath(dir, real))
		buf_printf(&b, "%s/%s", strcmp(real, "/") ? real : "", slash ? slash + 1 : path);
	else
		buf_adds(&b, path);
	free(dir);
	return b.p;
}

/* ~/.ssh/authorized_keys, making ~/.ssh (0700) when it is missing. */
static char *default_output(void)
{
	const char *home = getenv("HOME");
	if (!home || !*home)
		return NULL;
	gc_buf b;
	buf_init(&b);
	buf_printf(&b, "%s/.ssh", home);
	if (mkdir(b.p, 0700) && errno != EEXIST)
		fprintf(stderr, _("gridcase: %s: cannot create: %s\n"), b.p, strerror(errno));
	buf_adds(&b, "/authorized_keys");
	return b.p;
}

int cmd_admin(cli *c, cli_args *a)
{
	if (!strcmp(a->pos[0], "init-admin"))
		return cmd_init_admin(c, a);
	if (strcmp(a->pos[0], "keys") || a->npos != 1)
		return cli_usage("admin: the subcommands are 'keys' and 'init-admin LOGIN'");
	gc_buf keydir;
	buf_init(&keydir);
	if (opt(a, "keydir"))
		buf_adds(&keydir, opt(a, "keydir"));
	else
		buf_printf(&keydir, "%s/keys", c->cfg->dir);
	char *output = opt(a, "output") ? xstrdup(opt(a, "output")) : default_output();
	char *program = absolute(opt(a, "program") ? opt(a, "program") : "/proc/self/exe");
	char *config = absolute(c->config_path), *db = absolute(c->db_path);
	authkeys_job job = { keydir.p, output, program, config, db };
	authkeys_report rep;
	gc_errs warnings;
	errs_init(&warnings);
	int rc = output ? authkeys_write(c->cfg, &job, &rep, &warnings, &c->errs)
			: cli_usage("admin keys: no $HOME; give --output FILE");
	for (size_t i = 0; i < warnings.n; i++)
		fprintf(stderr, _("gridcase: warning: %s\n"), warnings.msg[i]);
	if (!rc)
		printf(_("%s: %zu keys of %zu people, %zu other lines kept\n"), output, rep.keys, rep.people, rep.kept);
	else if (c->errs.n)
		cli_report(c, rc);
	errs_free(&warnings);
	buf_free(&keydir);
	free(output);
	free(program);
	free(config);
	free(db);
	return rc;
}
