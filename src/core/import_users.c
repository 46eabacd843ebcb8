/* SPDX-License-Identifier: MIT */
/* import_users.c - people from a spreadsheet (CSV or XLSX; any in_file: the
 * rows are read by import.c) to a users file of the configuration, for the
 * administrator to review before it takes effect. Every bad row is named
 * FILE:LINE and then nothing is written; the file is replaced whole, with
 * a rename, so a reader never sees half of it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <limits.h>
#include <unistd.h>
#include <sys/stat.h>
#include "core/core_int.h"

/* The columns, by key or by the label an office's sheet has. */
static const char *const user_cols[][2] = {
	{ "login", "账号" }, { "name", "姓名" }, { "role", "角色" }, { "node", "节点" },
};

static const char *cell(const in_row *r, int col)
{
	const char *v = in_row_get(r, user_cols[col][0]);
	if (!v)
		v = in_row_get(r, user_cols[col][1]);
	return v ? v : "";
}

/* The role a cell names: its key, else its label. */
static int role_of(const gc_config *cfg, const char *s)
{
	int r = config_role_index(cfg, s);
	for (size_t i = 0; r < 0 && i < cfg->nroles; i++)
		if (cfg->roles[i].label && !strcmp(cfg->roles[i].label, s))
			r = (int)i;
	return r;
}

/* Whether the configuration file that defines u is the one being written. */
static int same_file(const char *a, const char *b)
{
	struct stat sa, sb;
	if (stat(a, &sa) == 0 && stat(b, &sb) == 0)
		return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
	return !strcmp(a, b);
}

static int check_header(gc_ctx *ctx, const in_file *f)
{
	int bad = 0;
	for (size_t i = 0; i < f->n && i < 1; i++)
		for (size_t k = 0; k < f->rows[i].n; k++) {
			const char *key = f->rows[i].kv[k].key;
			int known = 0;
			for (size_t c = 0; c < ARRAY_LEN(user_cols); c++)
				known |= !strcmp(key, user_cols[c][0]) || !strcmp(key, user_cols[c][1]);
			if (!known) {
				core_fail(ctx, GC_EDATA, "%s: unknown column '%s' (the columns are login, name, role, node or 账号, 姓名, 角色, 节点)",
					  f->name, key);
				bad = 1;
			}
		}
	return bad;
}

/* One row: every problem it has, located. */
static int check_row(gc_ctx *ctx, const in_file *f, size_t i, const char *out)
{
	const gc_config *cfg = ctx->cfg;
	const in_row *r = &f->rows[i];
	size_t before = ctx->errs.n;
	const char *login = cell(r, 0), *role = cell(r, 2), *node = cell(r, 3);
	if (!*login)
		core_fail(ctx, GC_EDATA, "no login");
	else if (!config_valid_login(login))
		core_fail(ctx, GC_EDATA, "login '%s' may use letters, digits, '.', '_' and '-' only", login);
	for (size_t j = 0; *login && j < i; j++)
		if (!strcmp(cell(&f->rows[j], 0), login)) {
			core_fail(ctx, GC_EDATA, "duplicate login '%s' (also at %s:%ld)", login, f->name, f->rows[j].line);
			break;
		}
	const gc_user *u = *login ? config_user(cfg, login) : NULL;
	if (u && u->file && !same_file(u->file, out))
		core_fail(ctx, GC_EDATA, "duplicate login '%s': already a user at %s:%d", login, u->file, u->line);
	int ri = role_of(cfg, role);
	if (!*role)
		core_fail(ctx, GC_EDATA, "user '%s' has no role", login);
	else if (ri < 0)
		core_fail(ctx, GC_EDATA, "unknown role '%s'", role);
	if (*node && !core_node_by_code(ctx, node))
		core_fail(ctx, GC_EDATA, "unknown node '%s'", node);
	else if (!*node && ri >= 0 && cfg->roles[ri].scope != SCOPE_ALL)
		core_fail(ctx, GC_EDATA, "user '%s' has no node; role '%s' has scope own or subtree and needs one", login, role);
	in_locate_errors(ctx, before, f->name, r->line);
	return ctx->errs.n > before;
}

static void user_line(gc_buf *b, const char *login, const char *name, const char *role, const char *node)
{
	buf_adds(b, "  - {login: ");
	buf_add_quoted(b, login);
	buf_adds(b, ", name: ");
	buf_add_quoted(b, *name ? name : login);
	buf_adds(b, ", role: ");
	buf_add_quoted(b, role);
	if (*node) {
		buf_adds(b, ", node: ");
		buf_add_quoted(b, node);
	}
	buf_adds(b, "}\n");
}

/* The file: the users it held, updated by the rows of the same login, then
 * the new ones in the sheet's order. */
static void users_yaml(gc_ctx *ctx, const in_file *f, const char *out, gc_buf *b, size_t *added, size_t *updated)
{
	const gc_config *cfg = ctx->cfg;
	buf_printf(b, "# Users imported from %s by `gridcase import users`; review, then `gridcase check-config`.\nusers:\n",
		   f->name);
	unsigned char *used = xcalloc(f->n + 1, 1);
	for (size_t i = 0; i < cfg->nusers; i++) {
		const gc_user *u = &cfg->users[i];
		if (!u->file || !same_file(u->file, out))
			continue;
		size_t j = 0;
		while (j < f->n && strcmp(cell(&f->rows[j], 0), u->login))
			j++;
		if (j < f->n) {
			const in_row *r = &f->rows[j];
			used[j] = 1;
			(*updated)++;
			user_line(b, u->login, cell(r, 1), cfg->roles[role_of(cfg, cell(r, 2))].key, cell(r, 3));
		} else {
			user_line(b, u->login, u->name, cfg->roles[u->role].key, u->node ? u->node : "");
		}
	}
	for (size_t j = 0; j < f->n; j++) {
		if (used[j])
			continue;
		const in_row *r = &f->rows[j];
		(*added)++;
		user_line(b, cell(r, 0), cell(r, 1), cfg->roles[role_of(cfg, cell(r, 2))].key, cell(r, 3));
	}
	free(used);
}

/* Write through a temporary file beside it, keeping an existing file's mode
 * (a new one is 0640: a list of people is not for everyone). */
static int write_file(gc_ctx *ctx, const char *out, const gc_buf *b)
{
	struct stat st;
	mode_t mode = stat(out, &st) == 0 ? (st.st_mode & 07777) : 0640;
	gc_buf tmp;
	buf_init(&tmp);
	buf_printf(&tmp, "%s.tmp%ld", out, (long)getpid());
	FILE *fp = fopen(tmp.p, "wb");
	int rc = 0;
	if (!fp) {
		rc = core_fail(ctx, GC_EIO, "%s: cannot write: %s", out, strerror(errno));
	} else {
		int bad = fwrite(b->p, 1, b->len, fp) != b->len;
		bad |= fchmod(fileno(fp), mode) != 0;
		bad |= fclose(fp) != 0;
		if (bad || rename(tmp.p, out) != 0) {
			rc = core_fail(ctx, GC_EIO, "%s: cannot write: %s", out, strerror(errno ? errno : EIO));
			unlink(tmp.p);
		}
	}
	buf_free(&tmp);
	return rc;
}

int core_import_users(gc_ctx *ctx, const in_file *f, const char *out, size_t *added, size_t *updated)
{
	errs_clear(&ctx->errs);   /* errs holds the errors of the last call */
	*added = *updated = 0;
	if (core_require_admin(ctx, "import users"))
		return GC_EPERM;
	int bad = check_header(ctx, f);
	for (size_t i = 0; i < f->n; i++)
		bad |= check_row(ctx, f, i, out);
	if (!bad && f->n == 0)
		bad = core_fail(ctx, GC_EDATA, "%s: no users in the file", f->name) != 0;
	if (bad)
		return GC_EDATA;
	gc_buf b;
	buf_init(&b);
	users_yaml(ctx, f, out, &b, added, updated);
	int rc = write_file(ctx, out, &b);
	buf_free(&b);
	return rc;
}
