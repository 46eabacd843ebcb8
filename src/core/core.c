/* SPDX-License-Identifier: MIT */
/* core.c - opening a database as a user, the node tree in memory, scope. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pwd.h>
#include <unistd.h>
#include "gridcase/core.h"
#include "core/core_int.h"
#include "store/keys.h"
#include "gridcase/ssh.h"
#include "gridcase/i18n.h"

int core_fail(gc_ctx *ctx, int status, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	errs_vadd(&ctx->errs, status, gettext(fmt), ap);
	va_end(ap);
	return status;
}

/* The nodes' strings and attribute arrays, in an arena
 * (ctx->node_mem): a district of 672 nodes made 5,000 allocations at every
 * start, and freed them again at the end. */
static void *node_alloc(void *arg, size_t n)
{
	gc_ctx *ctx = arg;
	return arena_alloc(&ctx->node_mem, n);
}

static void free_nodes(gc_ctx *ctx)
{
	for (size_t i = 0; i < ctx->nnodes; i++)
		free(ctx->nodes[i].children);
	arena_free(&ctx->node_mem);
	free(ctx->nodes);
	free(ctx->by_code);
	free(ctx->roots);
	ctx->nodes = NULL;
	ctx->by_code = NULL;
	ctx->roots = NULL;
	ctx->nnodes = ctx->ncodes = ctx->nroots = 0;
}

static int cmp_code(const void *a, const void *b, void *nodes)
{
	const gc_node *n = nodes;
	return strcmp(n[*(const uint32_t *)a].code, n[*(const uint32_t *)b].code);
}

/* Node ids in code order: nodes are mostly made in that order, so a
 * list already in it (checked in one pass) is not sorted again. */
static void sort_by_code(uint32_t *ids, size_t n, gc_node *nodes)
{
	for (size_t i = 1; i < n; i++)
		if (cmp_code(&ids[i - 1], &ids[i], nodes) > 0) {
			qsort_r(ids, n, sizeof *ids, cmp_code, nodes);
			return;
		}
}

typedef struct tree_load {
	gc_ctx *ctx;
	int bad;
} tree_load;

static int load_node(const store_item *e, void *arg)
{
	tree_load *tl = arg;
	gc_ctx *ctx = tl->ctx;
	uint32_t id = get_be32(e->key);
	gc_node *n = &ctx->nodes[id];
	node_data nd;
	if (e->klen != 4 || id >= ctx->nnodes || node_decode_in(e->val, e->vlen, &nd, node_alloc, ctx)) {
		core_fail(ctx, GC_EIO, "node %u is damaged in the database", id);
		tl->bad = 1;
		return 1;
	}
	n->id = id;
	n->parent = nd.parent;
	n->level = nd.level;
	n->code = nd.code;
	n->name = nd.name;
	n->attrs = nd.attrs;
	n->nattrs = nd.nattrs;
	/* Parents are always created before children, so ids increase down the tree. */
	if (n->parent && n->parent < id) {
		gc_node *p = &ctx->nodes[n->parent];
		memcpy(n->path, p->path, sizeof n->path);
		p->children = xrealloc(p->children, (p->nchildren + 1) * sizeof *p->children);
		p->children[p->nchildren++] = id;
	} else {
		ctx->roots[ctx->nroots++] = id;
	}
	if (n->level < GC_MAX_DEPTH)
		key_node(n->path + 4 * n->level, id);
	ctx->by_code[ctx->ncodes++] = id;
	return 0;
}

int core_reload_nodes(gc_ctx *ctx, MDB_txn *txn)
{
	store_cursor *cur;
	store_item last;
	free_nodes(ctx);
	int rc = store_cursor_open(ctx->st, txn, TBL_NODES, &cur);
	if (rc)
		return rc;
	ctx->nnodes = store_cursor_last(cur, &last) == 0 && last.klen == 4 ? get_be32(last.key) + 1 : 1;
	store_cursor_close(cur);
	ctx->nodes = xcalloc(ctx->nnodes, sizeof *ctx->nodes);
	ctx->by_code = xcalloc(ctx->nnodes, sizeof *ctx->by_code);
	ctx->roots = xcalloc(ctx->nnodes, sizeof *ctx->roots);
	tree_load tl = { ctx, 0 };
	if ((rc = store_each(ctx->st, txn, TBL_NODES, NULL, 0, 0, load_node, &tl)) != 0)
		return rc;
	if (tl.bad)
		return STORE_CORRUPTED;
	sort_by_code(ctx->by_code, ctx->ncodes, ctx->nodes);
	sort_by_code(ctx->roots, ctx->nroots, ctx->nodes);
	for (size_t i = 1; i < ctx->nnodes; i++)
		sort_by_code(ctx->nodes[i].children, ctx->nodes[i].nchildren, ctx->nodes);
	return 0;
}

const gc_node *core_node(const gc_ctx *ctx, uint32_t id)
{
	if (id == 0 || id >= ctx->nnodes || !ctx->nodes[id].code)
		return NULL;
	return &ctx->nodes[id];
}

const gc_node *core_node_by_code(const gc_ctx *ctx, const char *code)
{
	size_t lo = 0, hi = ctx->ncodes;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(ctx->nodes[ctx->by_code[mid]].code, code);
		if (c == 0)
			return &ctx->nodes[ctx->by_code[mid]];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

int core_node_contains(const gc_ctx *ctx, const gc_node *anc, const gc_node *n)
{
	(void)ctx;
	return n->level >= anc->level && !memcmp(anc->path, n->path, 4 * ((size_t)anc->level + 1));
}

int core_can_see(const gc_ctx *ctx, uint32_t node_id)
{
	if (ctx->scope == SCOPE_ALL)
		return 1;
	const gc_node *n = core_node(ctx, node_id), *s = core_node(ctx, ctx->scope_node);
	if (!n || !s)
		return 0;
	if (ctx->scope == SCOPE_OWN)
		return n->id == s->id;
	return core_node_contains(ctx, s, n);
}

const gc_node *core_scope_node(gc_ctx *ctx, const char *code)
{
	const gc_node *s = core_node(ctx, ctx->scope_node);
	if (ctx->scope != SCOPE_ALL && !s) {
		core_fail(ctx, GC_EPERM, "your node '%s' is not in the database, so you can see nothing yet",
			  ctx->user && ctx->user->node ? ctx->user->node : "?");
		return NULL;
	}
	if (!code) {
		if (s)
			return s;
		if (ctx->nroots == 0) {
			core_fail(ctx, GC_ENOTFOUND, "the database has no nodes yet (import nodes first)");
			return NULL;
		}
		return &ctx->nodes[ctx->roots[0]];
	}
	const gc_node *n = core_node_by_code(ctx, code);
	if (!n) {
		core_fail(ctx, GC_ENOTFOUND, "unknown node '%s'", code);
		return NULL;
	}
	if (ctx->scope == SCOPE_ALL || core_can_see(ctx, n->id))
		return n;
	/* Asking for an ancestor of one's own node narrows to one's own node. */
	if (core_node_contains(ctx, n, s))
		return s;
	core_fail(ctx, GC_EPERM, "node '%s' is outside your scope", code);
	return NULL;
}

int core_require_admin(gc_ctx *ctx, const char *what)
{
	if (ctx->admin)
		return 0;
	return core_fail(ctx, GC_EPERM, "%s needs an administrator; %s is not one", what, ctx->login);
}

static char *unix_login(void)
{
	struct passwd *pw = getpwuid(getuid());
	if (pw && pw->pw_name)
		return xstrdup(pw->pw_name);
	const char *u = getenv("USER");
	return xstrdup(u && *u ? u : "unknown");
}

int core_login_admin(const gc_config *cfg, const char *login)
{
	if (cfg->nusers == 0)
		return 1;
	char *who = login ? xstrdup(login) : unix_login();
	const gc_user *u = config_user(cfg, who);
	free(who);
	return u && cfg->roles[u->role].admin;
}

static int resolve_user(gc_ctx *ctx, const char *login)
{
	gc_config *cfg = ctx->cfg;
	ctx->login = login ? xstrdup(login) : unix_login();
	if (cfg->nusers == 0) {
		/* A single-user install with no users configured: its owner administers it. */
		ctx->admin = 1;
		ctx->scope = SCOPE_ALL;
		return 0;
	}
	ctx->user = config_user(cfg, ctx->login);
	if (!ctx->user)
		return core_fail(ctx, GC_EPERM, "unknown user '%s': add them to the users of the configuration", ctx->login);
	const gc_role *r = &cfg->roles[ctx->user->role];
	ctx->admin = r->admin;
	ctx->scope = r->scope;
	if (r->scope != SCOPE_ALL) {
		const gc_node *n = ctx->user->node ? core_node_by_code(ctx, ctx->user->node) : NULL;
		ctx->scope_node = n ? n->id : 0;
	}
	return 0;
}

static char *levels_list(const gc_config *cfg)
{
	gc_buf b;
	buf_init(&b);
	for (size_t i = 0; i < cfg->nlevels; i++)
		buf_printf(&b, "%s%s", i ? "," : "", cfg->levels[i].key);
	return b.p ? b.p : xstrdup("");
}

int core_open(gc_ctx **out, gc_config *cfg, const char *dbpath, const char *login, int create, gc_errs *errs)
{
	gc_ctx *ctx = xcalloc(1, sizeof *ctx);
	ctx->change_fd = -2;
	*out = NULL;
	errs_init(&ctx->errs);
	ctx->cfg = cfg;
	char *levels = levels_list(cfg);
	int rc = store_open(&ctx->st, dbpath, create, (int)cfg->nlevels, levels, errs);
	free(levels);
	if (rc) {
		free(ctx);
		return rc;
	}
	MDB_txn *txn;
	if ((rc = store_read(ctx->st, &txn, errs))) {
		store_close(ctx->st);
		free(ctx);
		return GC_EIO;
	}
	rc = core_reload_nodes(ctx, txn);
	store_read_end(txn);
	ssh_client(ctx->client, sizeof ctx->client);
	if (rc == 0)
		rc = resolve_user(ctx, login);
	if (rc) {
		for (size_t i = 0; i < ctx->errs.n; i++)
			errs_add(errs, ctx->errs.status, "%s", ctx->errs.msg[i]);
		if (!ctx->errs.n)
			errs_add(errs, GC_EIO, "cannot read the node tree: %s", store_strerror(rc));
		int status = ctx->errs.status ? ctx->errs.status : GC_EIO;
		core_close(ctx);
		return status;
	}
	*out = ctx;
	return 0;
}

void core_close(gc_ctx *ctx)
{
	if (!ctx)
		return;
	free_nodes(ctx);
	if (ctx->change_fd >= 0)
		close(ctx->change_fd);
	store_close(ctx->st);
	errs_free(&ctx->errs);
	free(ctx->login);
	free(ctx);
}

const gc_state *core_state(const gc_ctx *ctx, const char *form, const char *state)
{
	const gc_form *f = config_form(ctx->cfg, form);
	if (!f || !f->wf)
		return NULL;
	int i = config_state_index(f->wf, state);
	return i < 0 ? NULL : &f->wf->states[i];
}

int core_is_open(const gc_ctx *ctx, const char *form, const char *state)
{
	const gc_state *s = core_state(ctx, form, state);
	return s && !s->final;
}

const char *core_state_label(const gc_config *cfg, const char *form, const char *state)
{
	const gc_form *f = config_form(cfg, form);
	if (f && f->wf) {
		int i = config_state_index(f->wf, state);
		if (i >= 0)
			return f->wf->states[i].label;
	}
	return state;
}

const char *core_record_title(const gc_config *cfg, const gc_record *r)
{
	const gc_form *f = config_form(cfg, r->form);
	if (f && f->title_field >= 0)
		return rec_field(r, f->fields[f->title_field].key);
	return r->nfields ? r->fields[0].val : "";
}
