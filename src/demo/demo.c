/* SPDX-License-Identifier: MIT */
/* demo.c - the demo district, made from the configuration's demo: section
 * (config_demo.c): the tree with its base data, then cases in every state
 * written in bulk (demo_case.c), then the other kinds of record through
 * the core, then matches. The tree is fixed so that configured users' nodes
 * exist; --seed varies the cases. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include "demo/demo_int.h"

/* ---- nodes ---- */

static void add_node(in_file *f, size_t *cap, const char *code, const char *name, const char *parent,
		     const demo_kv *attrs, size_t nattrs, tpl_vars *v, uint64_t *s)
{
	if (f->n == *cap)
		f->rows = xrealloc(f->rows, (*cap = *cap ? *cap * 2 : 1024) * sizeof *f->rows);
	in_row *r = &f->rows[f->n++];
	char val[256];
	r->line = (long)f->n + 1;
	r->kv = xcalloc(3 + nattrs, sizeof *r->kv);
	r->n = 0;
	const char *keys[] = { "code", "name", "parent" }, *vals[] = { code, name, parent };
	for (int i = 0; i < 3; i++) {
		r->kv[r->n].key = xstrdup(keys[i]);
		r->kv[r->n++].val = xstrdup(vals[i]);
	}
	for (size_t i = 0; i < nattrs; i++) {
		tpl_expand_text(val, sizeof val, attrs[i].tpl, v, s);
		r->kv[r->n].key = xstrdup(attrs[i].key);
		r->kv[r->n++].val = xstrdup(val);
	}
}

/* The children of one node at level (1 = below the root), and theirs. */
static void add_children(const demo_cfg *d, in_file *f, size_t *cap, const char *code, size_t level,
			 size_t position, demo_report *rep, uint64_t *s)
{
	if (level > d->depth)
		return;
	const demo_names *nm = &d->names[level - 1];
	for (unsigned i = 0; i < d->children[level - 1]; i++) {
		char child[64], name[160], *q;
		q = put_uint(put_text(child, code), i + 1, d->digits);
		(void)q;
		q = put_text(name, nm->a[(nm->b ? position : i) % nm->na]);
		if (nm->b)
			put_text(q, nm->b[i % nm->nb]);
		tpl_vars v = { d, "", "", child + strlen(d->root_code), 0, "" };
		add_node(f, cap, child, name, code, d->attrs[level - 1], d->nattrs[level - 1], &v, s);
		rep->nodes[level]++;
		add_children(d, f, cap, child, level + 1, i, rep, s);
	}
}

static int make_nodes(gc_ctx *ctx, const demo_cfg *d, demo_report *rep)
{
	in_file f;
	size_t cap = 0, added, updated;
	uint64_t s = 20181025;   /* the tree never depends on --seed */
	memset(&f, 0, sizeof f);
	f.name = xstrdup("demo");
	add_node(&f, &cap, d->root_code, d->root_name, "", NULL, 0, NULL, &s);
	rep->nodes[0] = 1;
	rep->nlevels = d->depth + 1;
	add_children(d, &f, &cap, d->root_code, 1, 0, rep, &s);
	int rc = core_import_nodes(ctx, &f, &added, &updated);
	in_file_free(&f);
	return rc;
}

/* ---- other kinds of record ---- */

/* The records the demo made, per form, in order: {ref:FORM} takes them in turn. */
typedef struct made {
	uint64_t *ids[64];
	size_t n[64], next[64];
	size_t calls;   /* records made: every RELEASE_EVERY, the map's pages are let go */
} made;

/* Records made (each its own transactions, reading the indexes) between
 * releases of the map's pages (store_release_map). */
#define RELEASE_EVERY 128

/* {ref:FORM}: the next of the demo's records of FORM, in turn; without
 * any (the cases, made in bulk), the newest of FORM under node. */
static void ref_value(gc_ctx *ctx, made *m, const char *form, const gc_node *node, char *out, size_t cap)
{
	int fi = config_form_index(ctx->cfg, form);
	*out = 0;
	if (fi >= 0 && fi < 64 && m->n[fi]) {
		snprintf(out, cap, "%llu", (unsigned long long)m->ids[fi][m->next[fi]++ % m->n[fi]]);
		return;
	}
	gc_query q;
	gc_list l;
	memset(&q, 0, sizeof q);
	q.form = form;
	q.node = node->code;
	q.limit = 1;
	if (fi >= 0 && !core_list(ctx, &q, &l)) {
		if (l.n)
			snprintf(out, cap, "%llu", (unsigned long long)l.recs[0].id);
		list_free(&l);
	}
}

/* The k-th node of a level (mod their number), by id: the tree's order. */
static const gc_node *nth_node(gc_ctx *ctx, int level, size_t k)
{
	size_t n = 0;
	for (uint32_t id = 1; id < ctx->nnodes; id++)
		n += core_node(ctx, id) && core_node(ctx, id)->level == level;
	if (!n)
		return NULL;
	k %= n;
	for (uint32_t id = 1; id < ctx->nnodes; id++) {
		const gc_node *x = core_node(ctx, id);
		if (x && x->level == level && k-- == 0)
			return x;
	}
	return NULL;
}

/* A template that is one of {ref:FORM}, {attr:KEY} (the node's base
 * data), {under:LEVEL} (a node of LEVEL under the record's, in turn) or
 * {nth:LEVEL[:OFFSET]} (the code of the record's index-th node of LEVEL,
 * plus OFFSET, in the tree's order): its value in out, 1; else 0. */
static int special(gc_ctx *ctx, made *m, const char *text, const gc_node *node, size_t index, char *out, size_t cap)
{
	char what[80];
	size_t n = strlen(text);
	if (n < 3 || text[0] != '{' || text[n - 1] != '}' || n - 2 >= sizeof what)
		return 0;
	memcpy(what, text + 1, n - 2);
	what[n - 2] = 0;
	if (!strncmp(what, "ref:", 4)) {
		ref_value(ctx, m, what + 4, node, out, cap);
		return 1;
	}
	if (!strncmp(what, "attr:", 5)) {
		*out = 0;
		for (size_t i = 0; i < node->nattrs; i++)
			if (!strcmp(node->attrs[i].key, what + 5))
				snprintf(out, cap, "%s", node->attrs[i].val);
		return 1;
	}
	if (!strncmp(what, "under:", 6)) {
		/* A node of LEVEL under the record's, in turn by the record's place. */
		int level = config_level_index(ctx->cfg, what + 6);
		size_t k = 0;
		for (uint32_t id = 1; id < ctx->nnodes; id++) {
			const gc_node *x = core_node(ctx, id);
			k += x && x->level == level && core_node_contains(ctx, node, x);
		}
		*out = 0;
		for (uint32_t id = 1, at = k ? (uint32_t)(index % k) : 0; k && id < ctx->nnodes; id++) {
			const gc_node *x = core_node(ctx, id);
			if (x && x->level == level && core_node_contains(ctx, node, x) && at-- == 0) {
				snprintf(out, cap, "%s", x->code);
				break;
			}
		}
		return 1;
	}
	if (!strncmp(what, "nth:", 4)) {
		char *colon = strchr(what + 4, ':');
		size_t off = colon ? (size_t)atoi(colon + 1) : 0;
		if (colon)
			*colon = 0;
		const gc_node *x = nth_node(ctx, config_level_index(ctx->cfg, what + 4), index + off);
		snprintf(out, cap, "%s", x ? x->code : "");
		return 1;
	}
	return 0;
}

/* One record through the core, then along its workflow to a state: the
 * furthest final state for most, any other for some (or the entry's
 * state:, drawing nothing from the sequence). index: its place
 * among its kind's records. */
static void make_record(gc_ctx *ctx, const demo_cfg *d, const struct demo_records *spec, const gc_form *f,
			const gc_node *node, size_t index, made *m, uint64_t *s, demo_report *rep)
{
	gc_kv vals[GC_DEMO_MAX_FIELDS], done[GC_DEMO_MAX_FIELDS];
	char buf[2 * GC_DEMO_MAX_FIELDS][400];
	tpl_vars v = { d, d->nplaces ? d->places[rnd(s, (unsigned)d->nplaces)] : "", "",
		       node->code + strlen(d->root_code), 1 + rnd(s, 180), "" };
	size_t nv = 0, nd = 0;
	if (++m->calls % RELEASE_EVERY == 0)
		store_release_map(ctx->st);
	for (size_t i = 0; i < spec->nfields && nv < GC_DEMO_MAX_FIELDS; i++, nv++) {
		if (!special(ctx, m, spec->fields[i].tpl, node, index, buf[nv], sizeof buf[nv]))
			tpl_expand_text(buf[nv], sizeof buf[nv], spec->fields[i].tpl, &v, s);
		vals[nv] = (gc_kv){ spec->fields[i].key, buf[nv] };
	}
	for (size_t i = 0; i < spec->ndone && nd < GC_DEMO_MAX_FIELDS; i++, nd++) {
		char *out = buf[GC_DEMO_MAX_FIELDS + nd];
		if (!special(ctx, m, spec->done[i].tpl, node, index, out, sizeof buf[0]))
			tpl_expand_text(out, sizeof buf[0], spec->done[i].tpl, &v, s);
		done[nd] = (gc_kv){ spec->done[i].key, out };
	}
	uint64_t id;
	if (core_new(ctx, f->key, node->code, vals, nv, &id))
		return;
	rep->records++;
	int fi = config_form_index(ctx->cfg, f->key);
	if (fi >= 0 && fi < 64) {
		m->ids[fi] = xrealloc(m->ids[fi], (m->n[fi] + 1) * sizeof *m->ids[fi]);
		m->ids[fi][m->n[fi]++] = id;
	}
	if (!f->wf)
		return;
	int path[64], target = spec->state >= 0 ? spec->state : demo_furthest_final(f->wf);
	const gc_transition *via[64];
	if (spec->state < 0 && (target < 0 || rnd(s, 100) < 40))
		target = (int)rnd(s, (unsigned)f->wf->nstates);
	size_t n = demo_path_to(f->wf, target, path, via, 64);
	for (size_t i = 1; i < n; i++) {
		/* Each step writes only the fields it asks for (the workflow's own). */
		gc_kv mine[GC_DEMO_MAX_FIELDS];
		size_t nm = 0;
		for (size_t k = 0; k < nd; k++)
			if (transition_writes(via[i], done[k].key))
				mine[nm++] = done[k];
		if (core_act(ctx, id, via[i]->key, d->filled ? d->filled : "-", mine, nm))
			break;
		if (via[i]->create)
			rep->records++;   /* the record the transition made (转事件's case) */
	}
}

static void make_records(gc_ctx *ctx, const demo_cfg *d, uint64_t seed, demo_report *rep)
{
	uint64_t s = seed * 0x9E3779B97F4A7C15ULL + 7;
	made m;
	size_t turn[64] = { 0 };   /* per form: records made in turn (total:), across its entries */
	memset(&m, 0, sizeof m);
	for (size_t r = 0; r < d->nrecords; r++) {
		const struct demo_records *spec = &d->records[r];
		const gc_form *f = config_form(ctx->cfg, spec->form);
		int fi = f ? config_form_index(ctx->cfg, f->key) : -1;
		if (f && spec->total && fi >= 0 && fi < 64) {
			/* In turn over the first `nodes` nodes of the level: the k-th
			 * record of the form at node k (mod nodes), so that {ref:}
			 * and {nth:} taken in the same turn line up. */
			size_t nodes = 0;
			for (uint32_t id = 1; id < ctx->nnodes; id++)
				nodes += core_node(ctx, id) && core_node(ctx, id)->level == spec->level;
			if (spec->nodes && spec->nodes < nodes)
				nodes = spec->nodes;
			for (unsigned k = 0; nodes && k < spec->total; k++, turn[fi]++) {
				const gc_node *node = nth_node(ctx, spec->level, turn[fi] % nodes);
				if (node)
					make_record(ctx, d, spec, f, node, k, &m, &s, rep);
			}
			continue;
		}
		size_t index = 0;
		for (uint32_t id = 1; f && id < ctx->nnodes; id++) {
			const gc_node *node = core_node(ctx, id);
			for (unsigned k = 0; node && node->level == spec->level && k < spec->count; k++)
				make_record(ctx, d, spec, f, node, index++, &m, &s, rep);
		}
	}
	for (size_t i = 0; i < 64; i++)
		free(m.ids[i]);
	errs_clear(&ctx->errs);
}

/* Accept a share of the proposed pairs of every matching (both sides at
 * once, as the demo's administrator sees both), creating their projects. */
static void make_matches(gc_ctx *ctx, const demo_cfg *d, uint64_t seed, demo_report *rep)
{
	const gc_matching *ms = ctx->cfg->matchings;
	size_t nm = ctx->cfg->nmatchings;
	uint64_t s = seed + 99;
	for (size_t i = 0; i < nm; i++) {
		match_pair *p;
		size_t np;
		unsigned percent = d->match_percent;
		for (size_t k = 0; k < d->nmatch; k++)
			if (!strcmp(d->match_keys[k], ms[i].key))
				percent = d->match_percents[k];
		if (!percent)
			continue;
		if (core_match_propose(ctx, &ms[i], NULL, &p, &np))
			continue;
		for (size_t j = 0; j < np; j++) {
			uint64_t project;
			if (j % RELEASE_EVERY == RELEASE_EVERY - 1)
				store_release_map(ctx->st);
			if (rnd(&s, 100) < percent &&
			    !core_match_accept(ctx, &ms[i], p[j].left.id, p[j].right.id, &project) && project)
				rep->records++;
		}
		match_pairs_free(p, np);
	}
	store_release_map(ctx->st);
	errs_clear(&ctx->errs);
}

int core_demo(gc_ctx *ctx, uint64_t cases, uint64_t seed, demo_report *rep)
{
	errs_clear(&ctx->errs);   /* errs holds the errors of the last call */
	memset(rep, 0, sizeof *rep);
	if (core_require_admin(ctx, "demo"))
		return GC_EPERM;
	if (ctx->nroots)
		return core_fail(ctx, GC_EDATA, "%s already has nodes; the demo needs an empty database (use --db NEWFILE)",
				 ctx->st->path);
	if (!ctx->cfg->demo)
		return core_fail(ctx, GC_ENOTFOUND, "the configuration has no demo: section (see docs/configuration.md)");
	const demo_cfg *dp = ctx->cfg->demo;
	int rc = make_nodes(ctx, dp, rep);
	const gc_form *form = dp->form ? config_form(ctx->cfg, dp->form) : NULL;
	if (rc || cases == 0)   /* --cases 0: the tree and its base data only */
		return rc;
	/* A new demo database is synced once, at the end, not at every commit:
	 * until then it is not a database anyone relies on. The cases come
	 * first, in bulk; the other kinds follow one by one through the core,
	 * with the ids after theirs (the newest records, as they are made now). */
	store_bulk_begin(ctx->st);
	double t0 = demo_seconds(), t_cases = 0;
	if (form && form->wf)
		rc = demo_make_cases(ctx, dp, form, cases, seed ? seed : 1);
	t_cases = demo_seconds() - t0;
	if (!rc) {
		make_records(ctx, dp, seed ? seed : 1, rep);
		make_matches(ctx, dp, seed ? seed : 1, rep);
	}
	double t_sync = demo_seconds();
	int sync_rc = store_bulk_end(ctx->st);
	if (!rc && (rc = sync_rc) != 0)
		rc = core_fail(ctx, GC_EIO, "%s: cannot sync the demo database: %s", ctx->st->path, store_strerror(rc));
	/* The cases' time includes the final sync: most of what it writes is theirs. */
	rep->seconds_cases = t_cases + (demo_seconds() - t_sync);
	rep->cases = rc || !form || !form->wf ? 0 : cases;
	/* The pages the last transactions freed stay in the file as free
	 * pages (a fifth of it at 1,000,000 cases), and its batches left pages
	 * part-empty: the file the demo made is rewritten without them, every
	 * page full, unless another process has it open (not in the cases'
	 * time: docs/storage.md, "Compaction"). */
	if (!rc && store_compact(ctx->st, &ctx->errs) < 0)
		rc = GC_EIO;
	return rc;
}

