/* SPDX-License-Identifier: MIT */
/* cli_initadmin.c - `gridcase admin init-admin LOGIN [--name NAME]`: the
 * first administrator of a new installation, written into the
 * configuration's users.yaml (docs/deploy.md, "The first administrator"). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <sys/stat.h>
#include "gridcase/cli.h"
#include "gridcase/i18n.h"
#include "gridcase/text.h"

/* Write PATH through a hidden file beside it, renamed over it: mode 0640,
 * the old file's owner and group kept (root:gridcase in the package). */
static int write_users(const char *dir, const char *text)
{
	gc_buf path, tmp;
	struct stat old;
	buf_init(&path);
	buf_init(&tmp);
	buf_printf(&path, "%s/users.yaml", dir);
	buf_printf(&tmp, "%s/.users.yaml.new", dir);
	int had = stat(path.p, &old) == 0, rc = 0;
	unlink(tmp.p);
	int fd = open(tmp.p, O_WRONLY | O_CREAT | O_EXCL, 0640);
	size_t len = strlen(text);
	if (fd < 0 || fchmod(fd, 0640) || (had && fchown(fd, old.st_uid, old.st_gid) && errno != EPERM)
	    || write(fd, text, len) != (ssize_t)len || fsync(fd)) {
		fprintf(stderr, _("gridcase: %s: cannot write: %s\n"), tmp.p, strerror(errno));
		rc = GC_EIO;
	}
	if (fd >= 0 && close(fd) && !rc) {
		fprintf(stderr, _("gridcase: %s: cannot write: %s\n"), tmp.p, strerror(errno));
		rc = GC_EIO;
	}
	if (!rc && rename(tmp.p, path.p)) {
		fprintf(stderr, _("gridcase: %s: cannot write: %s\n"), path.p, strerror(errno));
		rc = GC_EIO;
	}
	if (rc)
		unlink(tmp.p);
	buf_free(&path);
	buf_free(&tmp);
	return rc;
}

int cmd_init_admin(cli *c, cli_args *a)
{
	const gc_config *cfg = c->cfg;
	if (a->npos != 2)
		return cli_usage("usage: gridcase admin init-admin LOGIN [--name NAME]");
	const char *login = a->pos[1], *name = opt(a, "name") ? opt(a, "name") : login;
	if (!config_valid_login(login))
		return cli_usage("admin init-admin: login '%s' may use letters, digits, '.', '_' and '-' only", login);
	const char *why = text_refusal(name, strlen(name), 0);
	if (why || !*name) {
		fprintf(stderr, _("gridcase: admin init-admin: --name %s\n"), why ? why : _("is empty"));
		return GC_EDATA;
	}
	for (size_t i = 0; i < cfg->nusers; i++)
		if (cfg->roles[cfg->users[i].role].admin) {
			fprintf(stderr, _("gridcase: %s: the configuration has an administrator already (%s); add people to its users by hand\n"),
				c->config_path, cfg->users[i].login);
			return GC_EPERM;
		}
	if (cfg->nusers) {
		fprintf(stderr, _("gridcase: %s: the configuration has users but no administrator; add one to its users by hand\n"),
			c->config_path);
		return GC_EDATA;
	}
	int role = -1;
	for (size_t i = 0; i < cfg->nroles && role < 0; i++)
		if (cfg->roles[i].admin && cfg->roles[i].scope == SCOPE_ALL)
			role = (int)i;
	if (role < 0) {
		fprintf(stderr, _("gridcase: %s: no role has 'admin: true' and 'scope: all'\n"), c->config_path);
		return GC_EDATA;
	}
	struct stat st;
	if (stat(c->config_path, &st) || !S_ISDIR(st.st_mode))
		return cli_usage("admin init-admin: '%s' is not a configuration directory (the users go into its users.yaml)",
				 c->config_path);
	gc_buf text;
	buf_init(&text);
	buf_adds(&text, "# Users: who is who, and where in the tree (docs/configuration.md, \"users\").\n"
			"# The first administrator was written by gridcase admin init-admin; add\n"
			"# everyone else below, one line each, e.g.\n"
			"#   - {login: zhangsan, name: 张三, role: grid_worker, node: \"510304001001001\"}\n"
			"users:\n  - {login: ");
	buf_adds(&text, login);
	buf_adds(&text, ", name: ");
	buf_add_quoted(&text, name);
	buf_printf(&text, ", role: %s}\n", cfg->roles[role].key);
	int rc = write_users(c->config_path, text.p);
	buf_free(&text);
	if (!rc)
		printf(_("%s/users.yaml: %s is the administrator (role %s)\n"), c->config_path, login, cfg->roles[role].key);
	return rc;
}
