/* SPDX-License-Identifier: MIT */
/* records.c - create, read, edit and move records through their workflow.
 * Each operation is one store_write callback: read, check, write, so the
 * checks see exactly the data the write replaces. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "gridcase/core.h"
#include "core/core_int.h"
#include "store/keys.h"
#include "core/write.h"
#include "gridcase/i18n.h"
#include "gridcase/text.h"

/* ---- new ---- */

typedef struct new_op {
	gc_ctx *ctx;
	const gc_form *form;
	const gc_node *node;
	const gc_kv *vals;
	size_t nvals;
	uint64_t id;
} new_op;

/* A new record of form at node, in the caller's transaction: 0, or
 * STORE_ABORT with the reasons in ctx->errs. */
static int create_in(gc_ctx *ctx, MDB_txn *txn, const gc_form *form, const gc_node *node, const gc_kv *vals,
		     size_t nvals, uint64_t *id)
{
	int64_t now = gc_now();
	gc_record rec;
	gc_hist h;
	wbatch wb;
	hist_init(&h);
	core_record_start(ctx, form, node->id, now, &rec);
	for (size_t i = 0; i < form->nfields; i++)
		if (form->fields[i].def)
			rec_set_field(&rec, form->fields[i].key, form->fields[i].def);
	gc_write w = { WRITE_NEW, form->wf ? form->wf->initial : -1, NULL, NULL };
	int st = core_apply_values(ctx, txn, form, &rec, vals, nvals, &w, NULL);
	if (!st)
		st = core_check_required(ctx, form, &rec);
	if (st) {
		rec_free(&rec);
		return STORE_ABORT;
	}
	if (form->wf)
		core_enter_state(ctx, form->wf, &rec, -1, form->wf->initial, now);
	h.time = now;
	h.user = xstrdup(ctx->login);
	h.client = xstrdup(ctx->client);
	h.action = xstrdup("create");
	h.from = xstrdup("");
	h.to = xstrdup(rec.state);
	h.comment = xstrdup("");
	for (size_t i = 0; i < rec.nfields; i++)
		hist_add_change(&h, rec.fields[i].key, "", rec.fields[i].val);
	if (*rec.assignee)
		hist_add_change(&h, REC_ASSIGNEE, "", rec.assignee);
	int rc = wb_begin(&wb, ctx, txn);
	if (!rc)
		rc = wb_put(&wb, NULL, &rec, &h);
	if (!rc)
		rc = review_own_write(ctx, txn, rec.id, rec.version);
	if (!rc)
		rc = wb_finish(&wb);
	else
		wb_discard(&wb);
	*id = rec.id;
	rec_free(&rec);
	hist_free(&h);
	return rc;
}

static int new_fn(MDB_txn *txn, void *arg)
{
	new_op *op = arg;
	return create_in(op->ctx, txn, op->form, op->node, op->vals, op->nvals, &op->id);
}

int core_new(gc_ctx *ctx, const char *form_key, const char *node_code, const gc_kv *vals,
	     size_t nvals, uint64_t *id)
{
	errs_clear(&ctx->errs);   /* errs holds the errors of the last call */
	int fi = config_form_index(ctx->cfg, form_key);
	if (fi < 0)
		return core_fail(ctx, GC_ENOTFOUND, "unknown form '%s'", form_key);
	const gc_form *form = &ctx->cfg->forms[fi];
	if (!ctx->admin && !(ctx->user && ctx->cfg->roles[ctx->user->role].create[fi]))
		return core_fail(ctx, GC_EPERM, "%s may not create %s records", ctx->login, form->key);
	const gc_node *node = core_node_by_code(ctx, node_code);
	if (!node)
		return core_fail(ctx, GC_ENOTFOUND, "unknown node '%s'", node_code);
	if (!core_can_see(ctx, node->id))
		return core_fail(ctx, GC_EPERM, "node '%s' is outside your scope", node_code);
	if (node->level != form->at_level)
		return core_fail(ctx, GC_EDATA, "records of form '%s' hang under %s nodes; '%s' is a %s",
				 form->key, ctx->cfg->levels[form->at_level].label, node_code,
				 ctx->cfg->levels[node->level].label);
	new_op op = { ctx, form, node, vals, nvals, 0 };
	int rc = store_write(ctx->st, new_fn, &op, &ctx->errs);
	if (rc)
		return ctx->errs.status ? ctx->errs.status : GC_EIO;
	*id = op.id;
	return 0;
}

/* ---- get, history ---- */

typedef struct title_op {
	gc_ctx *ctx;
	uint64_t id;
	char *title;
} title_op;

static int title_fn(MDB_txn *txn, void *arg)
{
	title_op *op = arg;
	gc_record r;
	rec_init(&r);
	if (!core_read_record_any(op->ctx, txn, op->id, &r)) {
		const gc_form *f = config_form(op->ctx->cfg, r.form);
		if (f && f->directory)
			op->title = xstrdup(core_record_title(op->ctx->cfg, &r));
	}
	rec_free(&r);
	return 0;
}

char *core_directory_title(gc_ctx *ctx, uint64_t id)
{
	title_op op = { ctx, id, NULL };
	MDB_txn *txn;
	if (store_read(ctx->st, &txn, &ctx->errs))
		return NULL;
	title_fn(txn, &op);
	store_read_end(txn);
	errs_clear(&ctx->errs);
	return op.title;
}

int core_get(gc_ctx *ctx, uint64_t id, gc_record *out)
{
	errs_clear(&ctx->errs);   /* errs holds the errors of the last call */
	MDB_txn *txn;
	if (store_read(ctx->st, &txn, &ctx->errs))
		return GC_EIO;
	int rc = core_read_record(ctx, txn, id, out);
	store_read_end(txn);
	return rc;
}

int core_history(gc_ctx *ctx, uint64_t id, gc_hist **out, size_t *n)
{
	errs_clear(&ctx->errs);   /* errs holds the errors of the last call */
	MDB_txn *txn;
	gc_record rec;
	*out = NULL;
	*n = 0;
	if (store_read(ctx->st, &txn, &ctx->errs))
		return GC_EIO;
	int rc = core_read_record(ctx, txn, id, &rec);
	if (!rc) {
		rec_free(&rec);
		rc = core_read_history(ctx, txn, id, out, n);
	}
	store_read_end(txn);
	return rc;
}

/* ---- set ---- */

typedef struct set_op {
	gc_ctx *ctx;
	uint64_t id;
	const gc_kv *vals;
	size_t nvals;
	int mode;
	uint32_t base;
	const char *comment;
	gc_set_result *res;
} set_op;

static int may_edit(gc_ctx *ctx, const char *form_key)
{
	int fi = config_form_index(ctx->cfg, form_key);
	return ctx->admin || (fi >= 0 && ctx->user && ctx->cfg->roles[ctx->user->role].edit[fi]);
}

static int save_change(gc_ctx *ctx, MDB_txn *txn, const gc_record *old, gc_record *rec, gc_hist *h)
{
	wbatch wb;
	int rc = wb_begin(&wb, ctx, txn);
	if (!rc)
		rc = wb_put(&wb, old, rec, h);
	if (!rc)
		rc = review_own_write(ctx, txn, rec->id, rec->version);
	if (!rc)
		rc = wb_finish(&wb);
	else
		wb_discard(&wb);
	return rc;
}

void core_set_result_free(gc_set_result *res)
{
	rec_free(&res->current);
	for (size_t i = 0; i < res->nconflicts; i++) {
		free(res->conflicts[i].field);
		free(res->conflicts[i].stored);
		free(res->conflicts[i].yours);
		free(res->conflicts[i].base);
	}
	free(res->conflicts);
	res->conflicts = NULL;
	res->nconflicts = 0;
	res->found = res->version = 0;
}

static void free_kvs(gc_kv *kv, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(kv[i].key);
		free(kv[i].val);
	}
	free(kv);
}

/* Which of the values to write onto old: all of them, none when the
 * record moved on (SET_STRICT), or what the field merge keeps. */
static int set_values(set_op *op, MDB_txn *txn, const gc_form *form, const gc_record *old, gc_kv **keep,
		      size_t *nkeep)
{
	gc_ctx *ctx = op->ctx;
	*keep = NULL;
	*nkeep = 0;
	if (op->mode == SET_MERGE)
		return core_merge_values(ctx, txn, form, old, op->base, op->vals, op->nvals, keep, nkeep, op->res);
	if (op->mode == SET_STRICT && old->version != op->base)
		return core_fail(ctx, GC_ECONFLICT, "record %llu changed since you read it: you had version %u, it is now "
				 "version %u; nothing was saved", (unsigned long long)op->id, op->base, old->version);
	return 0;
}

static int set_fn(MDB_txn *txn, void *arg)
{
	set_op *op = arg;
	gc_ctx *ctx = op->ctx;
	gc_record old, rec;
	gc_hist h;
	gc_kv *keep = NULL;
	size_t nkeep = 0;
	int64_t now = gc_now();
	if (op->res)   /* a retried transaction starts afresh */
		core_set_result_free(op->res);
	if (core_read_record(ctx, txn, op->id, &old))
		return STORE_ABORT;
	const gc_form *form = config_form(ctx->cfg, old.form);
	int st = 0;
	if (!may_edit(ctx, old.form))
		st = core_fail(ctx, GC_EPERM, "%s may not edit %s records", ctx->login, old.form);
	else if (!form)
		st = core_fail(ctx, GC_EDATA, "record %llu has form '%s', which the configuration no longer defines",
			       (unsigned long long)op->id, old.form);
	else
		st = set_values(op, txn, form, &old, &keep, &nkeep);
	if (st) {
		if (st == GC_ECONFLICT && op->res)
			rec_copy(&op->res->current, &old);
		free_kvs(keep, nkeep);
		rec_free(&old);
		return STORE_ABORT;
	}
	const gc_kv *vals = op->mode == SET_MERGE ? keep : op->vals;
	size_t n = op->mode == SET_MERGE ? nkeep : op->nvals;
	rec_copy(&rec, &old);
	core_hist_start(ctx, &h, "set", &old, now);
	const char *comment = op->comment ? op->comment : "";
	const char *bad = text_refusal(comment, strlen(comment), 1);
	gc_write w = { WRITE_SET, core_state_of(form, &old), NULL, comment };
	st = bad ? core_fail(ctx, GC_EDATA, "comment %s", bad) : core_apply_values(ctx, txn, form, &rec, vals, n, &w, &h);
	free(h.comment);
	h.comment = xstrdup(comment);
	if (!st)
		st = core_check_required(ctx, form, &rec);
	int rc = st ? STORE_ABORT : 0;
	if (!st && h.nchanges) {
		rec.version = old.version + 1;
		rec.updated = now;
		rc = save_change(ctx, txn, &old, &rec, &h);
	}
	if (op->res) {
		op->res->found = old.version;
		op->res->version = rec.version;
	}
	free_kvs(keep, nkeep);
	rec_free(&old);
	rec_free(&rec);
	hist_free(&h);
	return rc;
}

int core_set(gc_ctx *ctx, uint64_t id, const gc_kv *vals, size_t nvals, int mode, uint32_t base, const char *comment,
	     gc_set_result *res)
{
	errs_clear(&ctx->errs);   /* errs holds the errors of the last call */
	set_op op = { ctx, id, vals, nvals, mode, base, comment, res };
	if (res) {
		memset(res, 0, sizeof *res);
		rec_init(&res->current);
	}
	int rc = store_write(ctx->st, set_fn, &op, &ctx->errs);
	if (rc)
		return ctx->errs.status ? ctx->errs.status : GC_EIO;
	return 0;
}

/* ---- act ---- */

/* Whether the record meets a transition's conditions now: NULL, or why not. */
static const char *not_ready(const gc_ctx *ctx, const gc_transition *t, const gc_record *r, int64_t now, char *why,
			     size_t n)
{
	if (t->by_assignee && !ctx->admin && strcmp(r->assignee, ctx->login)) {
		if (*r->assignee)
			snprintf(why, n, _("only its assignee %s takes it"), r->assignee);
		else
			snprintf(why, n, _("only its assignee takes it, and it has none"));
		return why;
	}
	if (t->when_overdue && !(r->due && r->due <= now))
		return _("it is only for records past their time limit");
	for (size_t i = 0; i < t->nrequires; i++) {
		const char *k = t->requires[i];
		if (!*rec_slot(r, k)) {
			snprintf(why, n, _("it needs field '%s' to be filled in first"), k);
			return why;
		}
	}
	return NULL;
}

int core_transitions(gc_ctx *ctx, const gc_record *r, const gc_transition ***out, size_t *n)
{
	const gc_form *form = config_form(ctx->cfg, r->form);
	*out = NULL;
	*n = 0;
	if (!form || !form->wf)
		return 0;
	int s = config_state_index(form->wf, r->state);
	*out = xcalloc(form->wf->ntrans + 1, sizeof **out);
	for (size_t i = 0; i < form->wf->ntrans; i++) {
		const gc_transition *t = &form->wf->trans[i];
		char why[160];
		if (s >= 0 && transition_leaves(t, s) && core_may_take(ctx, t) && !not_ready(ctx, t, r, gc_now(), why, sizeof why))
			(*out)[(*n)++] = t;
	}
	return 0;
}

typedef struct act_op {
	gc_ctx *ctx;
	uint64_t id;
	const char *transition, *comment;
	const gc_kv *vals;
	size_t nvals;
	uint32_t seen_version;   /* what the caller saw: 0 and NULL when not said */
	const char *seen_state;
} act_op;

/* The transition `name` from the record's state, or NULL with why not: not
 * allowed from here (GC_EPERM), someone moved it first (GC_ECONFLICT, when
 * the caller did not say what it saw), no such transition (GC_ENOTFOUND). */
static const gc_transition *find_transition(gc_ctx *ctx, MDB_txn *txn, const act_op *op, const gc_record *rec,
					    const gc_form *form, int state)
{
	const char *name = op->transition;
	const gc_workflow *wf = form->wf;
	const gc_transition *byname = NULL;
	int exists = 0;
	for (size_t i = 0; i < wf->ntrans; i++) {
		const gc_transition *t = &wf->trans[i];
		if (strcmp(t->key, name) && strcmp(t->label, name))
			continue;
		exists = 1;
		if (transition_leaves(t, state) && !byname)
			byname = t;
	}
	if (byname)
		return byname;
	if (exists && !op->seen_version && !op->seen_state && core_moved_first(ctx, txn, rec, form->wf, name))
		return NULL;
	gc_buf avail;
	buf_init(&avail);
	for (size_t i = 0; i < wf->ntrans; i++)
		if (transition_leaves(&wf->trans[i], state))
			buf_printf(&avail, "%s%s (%s)", avail.len ? ", " : "", wf->trans[i].key, wf->trans[i].label);
	if (exists)
		core_fail(ctx, GC_EPERM, "transition '%s' is not allowed from state '%s' (%s); from here: %s", name,
			  wf->states[state].key, wf->states[state].label, avail.len ? avail.p : "none");
	else
		core_fail(ctx, GC_ENOTFOUND, "workflow '%s' has no transition '%s'; from state '%s': %s", wf->key, name,
			  wf->states[state].key, avail.len ? avail.p : "none");
	buf_free(&avail);
	return NULL;
}

static void change_field(gc_record *rec, gc_hist *h, const char *key, const char *val)
{
	const char *old = rec_slot(rec, key);
	if (!strcmp(old, val))
		return;
	hist_add_change(h, key, old, val);
	rec_set_slot(rec, key, val);
}

/* What a transition does besides moving the state: count (返工, 督办),
 * move the due time by a requested amount (延期), clear fields. */
static int apply_effects(gc_ctx *ctx, const gc_transition *t, gc_record *rec, gc_hist *h)
{
	const gc_calendar *cal = &ctx->cfg->cal;
	char num[32], t1[40], t2[40];
	if (t->count) {
		snprintf(num, sizeof num, "%lld", atoll(rec_field(rec, t->count)) + 1);
		change_field(rec, h, t->count, num);
	}
	if (t->extend) {
		gc_sla by;
		const char *req = rec_field(rec, t->extend);
		if (sla_parse(req, cal, &by) || by.kind == SLA_NONE)
			return core_fail(ctx, GC_EDATA, "field '%s': '%s' is not a time limit (e.g. 4wh, 2wd, 3d)", t->extend, req);
		if (!rec->due)
			return core_fail(ctx, GC_EDATA, "transition '%s' (%s): no time limit is running to extend", t->key, t->label);
		int64_t due = by.kind == SLA_WORKING ? cal_add_working(cal, rec->due, by.secs) : rec->due + by.secs;
		datetime_format(rec->due, t1, sizeof t1);
		datetime_format(due, t2, sizeof t2);
		hist_add_change(h, "due", t1, t2);
		rec->due = due;
		change_field(rec, h, t->extend, "");
	}
	for (size_t i = 0; i < t->nclear; i++) {
		change_field(rec, h, t->clear[i], "");
	}
	return 0;
}

/* A transition's create: (转事件): the new record made as the acting user,
 * at the node the record names or its own, its id kept in the link field. */
static int create_linked(gc_ctx *ctx, MDB_txn *txn, const gc_transition *t, gc_record *rec, gc_hist *h)
{
	const gc_create *c = t->create;
	int fi = config_form_index(ctx->cfg, c->form);
	const gc_form *to = &ctx->cfg->forms[fi];
	const gc_node *node = c->at ? core_node_by_code(ctx, rec_field(rec, c->at)) : core_node(ctx, rec->node_id);
	if (!ctx->admin && !(ctx->user && ctx->cfg->roles[ctx->user->role].create[fi]))
		return core_fail(ctx, GC_EPERM, "transition '%s' (%s) creates a %s record, which %s may not create", t->key,
				 t->label, to->key, ctx->login);
	if (!node || node->level != to->at_level ||
	    !core_node_contains(ctx, core_node(ctx, rec->node_id), node) || !core_can_see(ctx, node->id))
		return core_fail(ctx, GC_EDATA, "transition '%s' (%s) creates a %s record under a %s node of the record's own; %s is not one",
				 t->key, t->label, to->key, ctx->cfg->levels[to->at_level].key,
				 c->at ? (*rec_field(rec, c->at) ? rec_field(rec, c->at) : c->at) : "its node");
	gc_kv *vals = xcalloc(c->ncopy + c->nset + 1, sizeof *vals);
	size_t n = 0;
	for (size_t i = 0; i < c->ncopy; i++)
		if (*rec_field(rec, c->copy_from[i]))
			vals[n++] = (gc_kv){ c->copy_to[i], (char *)rec_field(rec, c->copy_from[i]) };
	for (size_t i = 0; i < c->nset; i++)
		vals[n++] = (gc_kv){ c->set_key[i], c->set_val[i] };
	uint64_t id = 0;
	int rc = create_in(ctx, txn, to, node, vals, n, &id);
	free(vals);
	if (rc)
		return ctx->errs.status ? ctx->errs.status : GC_EIO;
	char num[24];
	snprintf(num, sizeof num, "%llu", (unsigned long long)id);
	change_field(rec, h, c->link, num);
	return 0;
}

static int act_fn(MDB_txn *txn, void *arg)
{
	act_op *op = arg;
	gc_ctx *ctx = op->ctx;
	gc_record old, rec;
	gc_hist h;
	int64_t now = gc_now();
	if (core_read_record(ctx, txn, op->id, &old))
		return STORE_ABORT;
	const gc_form *form = config_form(ctx->cfg, old.form);
	int state = form && form->wf ? config_state_index(form->wf, old.state) : -1;
	if (state < 0) {
		core_fail(ctx, GC_EDATA, "record %llu is in state '%s' of form '%s', which the configuration does not define",
			  (unsigned long long)op->id, old.state, old.form);
		rec_free(&old);
		return STORE_ABORT;
	}
	const gc_transition *t = NULL;
	if (!core_check_seen(ctx, txn, &old, form->wf, op->seen_version, op->seen_state))
		t = find_transition(ctx, txn, op, &old, form, state);
	if (!t) {
		rec_free(&old);
		return STORE_ABORT;
	}
	if (!core_may_take(ctx, t)) {
		gc_buf roles;
		buf_init(&roles);
		for (size_t i = 0; i < t->nroles; i++)
			buf_printf(&roles, "%s%s", i ? ", " : "", ctx->cfg->roles[t->roles[i]].key);
		core_fail(ctx, GC_EPERM, "transition '%s' (%s) is for %s; %s is %s", t->key, t->label, roles.p,
			  ctx->login, ctx->user ? ctx->cfg->roles[ctx->user->role].key : "no role");
		buf_free(&roles);
		rec_free(&old);
		return STORE_ABORT;
	}
	char why_buf[160];
	const char *not = not_ready(ctx, t, &old, now, why_buf, sizeof why_buf);
	if (not) {
		core_fail(ctx, GC_EPERM, "transition '%s' (%s) cannot be taken: %s", t->key, t->label, not);
		rec_free(&old);
		return STORE_ABORT;
	}
	rec_copy(&rec, &old);
	core_hist_start(ctx, &h, t->key, &old, now);
	gc_write w = { WRITE_ACT, state, t, op->comment };
	int st = core_apply_values(ctx, txn, form, &rec, op->vals, op->nvals, &w, &h);
	for (size_t i = 0; !st && i < t->nfields; i++) {
		const char *k = t->fields[i];
		const char *v = rec_slot(&rec, k);
		if (!*v)
			st = core_fail(ctx, GC_EDATA, "transition '%s' (%s) needs field '%s'", t->key, t->label, k);
	}
	const char *comment = op->comment ? op->comment : "";
	const char *why = text_refusal(comment, strlen(comment), 1);
	if (why)
		st = core_fail(ctx, GC_EDATA, "comment %s", why);
	else if (t->comment_required && !*comment)
		st = core_fail(ctx, GC_EDATA, "transition '%s' (%s) needs a comment", t->key, t->label);
	if (!st)
		st = core_check_required(ctx, form, &rec);
	if (!st)
		st = apply_effects(ctx, t, &rec, &h);
	if (!st && t->create)
		st = create_linked(ctx, txn, t, &rec, &h);
	int rc = STORE_ABORT;
	if (!st) {
		if (!t->stay)   /* to: same keeps the state and its clock */
			core_enter_state(ctx, form->wf, &rec, state, t->to, now);
		free(h.to);
		h.to = xstrdup(rec.state);
		free(h.comment);
		h.comment = xstrdup(comment);
		rec.version = old.version + 1;
		rec.updated = now;
		rc = save_change(ctx, txn, &old, &rec, &h);
	}
	rec_free(&old);
	rec_free(&rec);
	hist_free(&h);
	return rc;
}

int core_act(gc_ctx *ctx, uint64_t id, const char *transition, const char *comment,
	     const gc_kv *vals, size_t nvals)
{
	return core_act_seen(ctx, id, transition, comment, vals, nvals, 0, NULL);
}

int core_act_seen(gc_ctx *ctx, uint64_t id, const char *transition, const char *comment,
		  const gc_kv *vals, size_t nvals, uint32_t seen_version, const char *seen_state)
{
	errs_clear(&ctx->errs);   /* errs holds the errors of the last call */
	act_op op = { ctx, id, transition, comment, vals, nvals, seen_version, seen_state };
	int rc = store_write(ctx->st, act_fn, &op, &ctx->errs);
	if (rc)
		return ctx->errs.status ? ctx->errs.status : GC_EIO;
	return 0;
}
