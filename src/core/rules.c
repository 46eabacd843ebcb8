/* SPDX-License-Identifier: MIT */
/* rules.c - what every record operation applies, shared by records.c
 * (new, set, act), merge.c, import and the demo: reading a record within
 * the user's scope, checking and applying field values, required fields,
 * who may take a transition, and the time limit's clock. It calls nothing
 * above it, so the operations built on it do not import each other. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "gridcase/core.h"
#include "core/core_int.h"
#include "store/keys.h"
#include "core/write.h"
#include "gridcase/i18n.h"
#include "gridcase/text.h"


static int read_record(gc_ctx *ctx, MDB_txn *txn, uint64_t id, gc_record *out, int scoped)
{
	unsigned char idk[8], k[KEY_MAX];
	store_item it;
	int rc = store_get(ctx->st, txn, TBL_REC_ID, idk, key_id(idk, id), &it);
	if (rc == STORE_NOTFOUND || (!rc && it.vlen != 4))
		return core_fail(ctx, GC_ENOTFOUND, "no record %llu", (unsigned long long)id);
	if (rc)
		return core_fail(ctx, GC_EIO, "reading record %llu: %s", (unsigned long long)id, store_strerror(rc));
	uint32_t node = get_be32(it.val);
	/* A record outside the scope is reported as missing: its existence is not shown. */
	if (scoped && !core_can_see(ctx, node))
		return core_fail(ctx, GC_ENOTFOUND, "no record %llu", (unsigned long long)id);
	rc = store_get(ctx->st, txn, TBL_RECORDS, k, record_key(ctx, node, id, k), &it);
	if (rc || rec_decode(it.val, it.vlen, out))
		return core_fail(ctx, GC_EIO, "record %llu is damaged in the database (run gridcase verify)",
				 (unsigned long long)id);
	return 0;
}

int core_read_record(gc_ctx *ctx, MDB_txn *txn, uint64_t id, gc_record *out)
{
	return read_record(ctx, txn, id, out, 1);
}


int core_read_record_any(gc_ctx *ctx, MDB_txn *txn, uint64_t id, gc_record *out)
{
	return read_record(ctx, txn, id, out, 0);
}

static const char *field_label(const gc_field *f)
{
	return f->label ? f->label : f->key;
}

/* Check that a node or record a field refers to exists. */
static int check_reference(gc_ctx *ctx, MDB_txn *txn, const gc_field *f, const char *val)
{
	if (!*val)
		return 0;
	const gc_node *node = f->type == FT_NODE ? core_node_by_code(ctx, val) : NULL;
	if (f->type == FT_NODE && !node)
		return core_fail(ctx, GC_EDATA, "field '%s' (%s): unknown node '%s'", f->key, field_label(f), val);
	if (node && f->node_level && node->level != f->node_level - 1) {
		const gc_level *lv = &ctx->cfg->levels[f->node_level - 1];
		return core_fail(ctx, GC_EDATA, "field '%s' (%s): node %s is not a %s (%s)", f->key, field_label(f), val,
				 lv->label ? lv->label : lv->key, lv->key);
	}
	if (f->type == FT_RECORD && txn) {
		unsigned char idk[8], k[KEY_MAX];
		store_item it;
		rec_view v;
		uint64_t id = strtoull(val, NULL, 10);
		const gc_form *want = f->form ? config_form(ctx->cfg, f->form) : NULL, *got = NULL;
		uint32_t at = 0;
		if (!store_get(ctx->st, txn, TBL_REC_ID, idk, key_id(idk, id), &it) && it.vlen == 4) {
			at = get_be32(it.val);
			if (!store_get(ctx->st, txn, TBL_RECORDS, k, record_key(ctx, at, id, k), &it) &&
			    !rec_peek(it.val, it.vlen, &v))
				for (size_t i = 0; i < ctx->cfg->nforms && !got; i++)
					if (strlen(ctx->cfg->forms[i].key) == v.form_n && !memcmp(v.form, ctx->cfg->forms[i].key, v.form_n))
						got = &ctx->cfg->forms[i];
		}
		/* A record out of the writer's scope is answered as one never
		 * made, unless its form is a directory (the units every street's
		 * communities refer to). */
		if (!at || !(core_can_see(ctx, at) || (got && got->directory)))
			return core_fail(ctx, GC_EDATA, "field '%s' (%s): no record %s", f->key, field_label(f), val);
		/* A reference to a form (a unit, a pair) must point at a record of it. */
		if (want && got != want)
			return core_fail(ctx, GC_EDATA, "field '%s' (%s): record %s is not a %s (%s)", f->key,
					 field_label(f), val, want->label, want->key);
	}
	return 0;
}

/* The assignee a value names: a login or a name (access.c). */
static int assignee_login(gc_ctx *ctx, const gc_record *rec, const char *val, const gc_write *w, const char **login)
{
	const gc_transition *via = w && w->how == WRITE_ACT ? w->via : NULL;
	*login = val;
	if (!*val || !ctx->cfg->nusers)
		return 0;   /* any text with no users configured (a single-user install) */
	const gc_user *u = core_user_named(ctx, val, rec->node_id, via);
	if (!u)
		return GC_EDATA;
	*login = u->login;
	return 0;
}

/* Someone whose area holds the record and whom the transition may assign.
 * An import restores closed records as they were; open ones must be reachable. */
static int assignee_reachable(gc_ctx *ctx, const gc_record *rec, const char *login, const gc_write *w)
{
	const gc_user *u = *login && ctx->cfg->nusers ? config_user(ctx->cfg, login) : NULL;
	const gc_form *form = config_form(ctx->cfg, rec->form);
	if (!u || !w || !rec->node_id)
		return 0;
	if (w->how == WRITE_IMPORT && w->state >= 0 && form && form->wf && form->wf->states[w->state].final)
		return 0;
	char why[300];
	if (core_assign_refusal(ctx, u, rec->node_id, w->how == WRITE_ACT ? w->via : NULL, why, sizeof why))
		return core_fail(ctx, GC_EPERM, "assignee: %s", why);
	return 0;
}

/* Apply field=value pairs to rec, recording each change in h. Each value
 * that changes the record is checked against who may write it (w; NULL
 * for gridcase's own writes). Every bad value is reported; returns the
 * first status or 0. */
int core_apply_values(gc_ctx *ctx, MDB_txn *txn, const gc_form *form, gc_record *rec,
			const gc_kv *vals, size_t n, const gc_write *w, gc_hist *h)
{
	int status = 0;
	gc_buf canon;
	char msg[300];
	buf_init(&canon);
	for (size_t i = 0; i < n; i++) {
		const char *key = vals[i].key, *val = vals[i].val;
		buf_reset(&canon);
		if (rec_is_builtin(key)) {
			/* Any text with no users configured (a single-user install). */
			const char *why = text_refusal(val, strlen(val), 0);
			if (why) {
				status = status ? status : core_fail(ctx, GC_EDATA, "assignee %s", why);
				continue;
			}
			const char *login;
			int st = assignee_login(ctx, rec, val, w, &login);
			if (!st && strcmp(rec->assignee, login) && w)
				st = core_may_write(ctx, form, rec, w, key);
			if (!st && strcmp(rec->assignee, login))
				st = assignee_reachable(ctx, rec, login, w);
			if (st) {
				status = status ? status : st;
				continue;
			}
			if (strcmp(rec->assignee, login)) {
				if (h)
					hist_add_change(h, key, rec->assignee, login);
				rec_set_slot(rec, key, login);
			}
			continue;
		}
		int fi = config_field_index(form, key);
		if (fi < 0) {
			status = status ? status : GC_EDATA;
			core_fail(ctx, GC_EDATA, "form '%s' has no field '%s'", form->key, key);
			continue;
		}
		const gc_field *f = &form->fields[fi];
		const char *why = field_canonical(ctx->cfg, f, val, &canon, msg, sizeof msg);
		if (why) {
			status = status ? status : GC_EDATA;
			core_fail(ctx, GC_EDATA, "field '%s' (%s): %s", f->key, field_label(f), why);
			continue;
		}
		const char *nv = canon.p ? canon.p : "";
		const char *old = rec_field(rec, key);
		/* Who may write first, then what it names: a value unchanged was checked when written. */
		if (strcmp(old, nv) && w && core_may_write(ctx, form, rec, w, key)) {
			status = status ? status : GC_EPERM;
			continue;
		}
		if (strcmp(old, nv) && check_reference(ctx, txn, f, nv)) {
			status = status ? status : GC_EDATA;
			continue;
		}
		if (strcmp(old, nv)) {
			if (h)
				hist_add_change(h, key, old, nv);
			rec_set_field(rec, key, nv);
		}
	}
	buf_free(&canon);
	return status;
}

int core_check_required(gc_ctx *ctx, const gc_form *form, const gc_record *rec)
{
	int status = 0;
	for (size_t i = 0; i < form->nfields; i++) {
		const gc_field *f = &form->fields[i];
		if (f->required && !*rec_field(rec, f->key))
			status = core_fail(ctx, GC_EDATA, "field '%s' (%s) is required", f->key, field_label(f));
	}
	return status;
}

const char *const core_light_names[4] = { "", N_("green"), N_("yellow"), N_("red") };   /* stored and exported as they are; shown through _() */
const char core_light_marks[4] = { ' ', ' ', '~', '!' };

/* Enter a state: start its clock, pause it, or stop it. */
const gc_sla *core_state_sla(const gc_ctx *ctx, const gc_state *s, const gc_record *rec)
{
	if (!s->sla_by)
		return &s->sla;
	const gc_form *f = config_form(ctx->cfg, rec->form);
	int fi = f ? config_field_index(f, s->sla_by) : -1;
	const char *val = rec_field(rec, s->sla_by);
	int ci = fi >= 0 && f->fields[fi].choice_sla ? config_choice_index(&f->fields[fi], val, strlen(val)) : -1;
	if (ci >= 0 && f->fields[fi].choice_sla[ci].kind != SLA_NONE)
		return &f->fields[fi].choice_sla[ci];
	return &s->sla;
}

int core_light(const gc_ctx *ctx, const gc_record *rec, int64_t now)
{
	if (!rec->due)
		return LIGHT_NONE;
	if (rec->due <= now)
		return LIGHT_RED;
	const gc_state *s = core_state(ctx, rec->form, rec->state);
	const gc_sla *sla = s ? core_state_sla(ctx, s, rec) : NULL;
	const gc_calendar *cal = &ctx->cfg->cal;
	int64_t since = rec->state_since < rec->due ? rec->state_since : rec->due, total, used;
	if (sla && sla->kind == SLA_WORKING) {
		total = cal_working_between(cal, since, rec->due);
		used = cal_working_between(cal, since, now);
	} else {
		total = rec->due - since;
		used = now - since;
	}
	return total > 0 && used * 5 >= total * 4 ? LIGHT_YELLOW : LIGHT_GREEN;
}

void core_enter_state(gc_ctx *ctx, const gc_workflow *wf, gc_record *rec, int from, int to, int64_t now)
{
	const gc_state *s = &wf->states[to];
	const gc_sla *sla = core_state_sla(ctx, s, rec);
	const gc_calendar *cal = &ctx->cfg->cal;
	if (from >= 0 && rec->due && now > rec->due)
		rec->late++;   /* it leaves a state past its limit: not on time */
	if (s->pause) {
		/* Keep the working time that was left, to resume it when unparked. */
		rec->paused_left = rec->due ? cal_working_between(cal, now, rec->due) : 0;
		if (rec->due && rec->due <= now)
			rec->paused_left = 0;
		rec->due = 0;
	} else if (s->final || sla->kind == SLA_NONE) {
		rec->due = 0;
		rec->paused_left = 0;
	} else if (from >= 0 && wf->states[from].pause && rec->paused_left > 0) {
		rec->due = cal_add_working(cal, now, rec->paused_left);
		rec->paused_left = 0;
	} else {
		rec->due = cal_due(cal, sla, now);
		rec->paused_left = 0;
	}
	rec_set_str(&rec->state, s->key);
	rec->state_since = now;
}

void core_record_start(gc_ctx *ctx, const gc_form *form, uint32_t node_id, int64_t now, gc_record *rec)
{
	rec_init(rec);
	rec->form = xstrdup(form->key);
	rec->state = xstrdup("");
	rec->creator = xstrdup(ctx->login);
	rec->assignee = xstrdup("");
	rec->node_id = node_id;
	rec->version = 1;
	rec->created = rec->updated = rec->state_since = now;
}

void core_hist_start(gc_ctx *ctx, gc_hist *h, const char *action, const gc_record *rec, int64_t now)
{
	hist_init(h);
	h->time = now;
	h->user = xstrdup(ctx->login);
	h->client = xstrdup(ctx->client);
	h->action = xstrdup(action);
	h->from = xstrdup(rec->state);
	h->to = xstrdup(rec->state);
	h->comment = xstrdup("");
}

int core_may_take(const gc_ctx *ctx, const gc_transition *t)
{
	if (ctx->admin || t->nroles == 0)
		return 1;
	for (size_t i = 0; i < t->nroles; i++)
		if (ctx->user && t->roles[i] == ctx->user->role)
			return 1;
	return 0;
}
