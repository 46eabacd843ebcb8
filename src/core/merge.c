/* SPDX-License-Identifier: MIT */
/* merge.c - a record's past, read back from its history: every entry
 * stores each field's old and new value, so undoing the entries after a
 * version gives the record as it was then. A save (set --merge-from, the
 * UI's form) merges by field against that version; a transition compares
 * what the caller saw with what is stored. Everything here runs inside
 * the caller's transaction, so it sees exactly the data being replaced. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "gridcase/core.h"
#include "core/core_int.h"
#include "store/keys.h"

typedef struct hist_read {
	uint64_t id;
	gc_hist *out;
	size_t n, cap;
} hist_read;

/* A value holds one entry or a run of consecutive versions. */
static int take_history(const store_item *e, void *arg)
{
	hist_read *hr = arg;
	if (e->klen != 12)
		return 1;
	uint32_t version = get_be32(e->key + 8);
	size_t count = hist_value_count(e->val, e->vlen);
	if (hr->n + count > hr->cap)
		hr->out = xrealloc(hr->out, (hr->cap = 2 * (hr->n + count) + 8) * sizeof *hr->out);
	int got = hist_value_decode(e->val, e->vlen, hr->out + hr->n, hr->cap - hr->n);
	for (int i = 0; i < got; i++) {
		hr->out[hr->n].id = hr->id;
		hr->out[hr->n].version = version + (uint32_t)i;
		hr->n++;
	}
	return 0;
}

int core_read_history(gc_ctx *ctx, MDB_txn *txn, uint64_t id, gc_hist **out, size_t *n)
{
	unsigned char k[12];
	hist_read hr = { id, NULL, 0, 0 };
	key_history(k, id, 0);
	int rc = store_each(ctx->st, txn, TBL_HISTORY, k, 12, 8, take_history, &hr);
	*out = hr.out;
	*n = hr.n;
	if (rc)
		return core_fail(ctx, GC_EIO, "reading the history of record %llu: %s", (unsigned long long)id,
				 store_strerror(rc));
	return 0;
}

void core_history_free(gc_hist *h, size_t n)
{
	for (size_t i = 0; i < n; i++)
		hist_free(&h[i]);
	free(h);
}

/* Undo one entry: each change back to its old value, the state back to
 * where it came from. "due" records the time limit, no field. */
static void undo(gc_record *r, const gc_hist *h)
{
	for (size_t j = h->nchanges; j-- > 0;) {
		const gc_change *c = &h->changes[j];
		if (strcmp(c->field, "due"))
			rec_set_slot(r, c->field, c->old);
	}
	rec_set_str(&r->state, h->from);
}

int core_record_at(gc_ctx *ctx, MDB_txn *txn, const gc_record *cur, uint32_t v, gc_record *out)
{
	gc_hist *h;
	size_t n;
	unsigned long long id = (unsigned long long)cur->id;
	rec_init(out);
	if (v == 0 || v > cur->version)
		return core_fail(ctx, GC_EUSAGE, "record %llu has no version %u (it is at version %u)", id, v, cur->version);
	int rc = core_read_history(ctx, txn, cur->id, &h, &n);
	if (rc)
		return rc;
	/* Every version after v must be there, newest first from the end. */
	size_t first = n;
	while (first > 0 && h[first - 1].version > v)
		first--;
	uint32_t need = v + 1;
	for (size_t i = first; i < n && h[i].version == need; i++)
		need++;
	if (need != cur->version + 1) {
		if (first == 0 && (n == 0 || h[0].version > v))   /* imported later than v */
			rc = core_fail(ctx, GC_ECONFLICT, "record %llu: its history here starts at version %u, after version %u; "
				       "read the record again", id, n ? h[0].version : cur->version, v);
		else
			rc = core_fail(ctx, GC_EIO, "record %llu: the history of version %u is missing (run gridcase verify)",
				       id, need);
		core_history_free(h, n);
		return rc;
	}
	rec_copy(out, cur);
	for (size_t i = n; i-- > first;)
		undo(out, &h[i]);
	out->version = v;
	core_history_free(h, n);
	return 0;
}

static const char *shown(const char *v)
{
	return *v ? v : "(empty)";
}

static const char *slot_label(const gc_form *form, const char *key)
{
	int fi = config_field_index(form, key);
	return fi >= 0 && form->fields[fi].label ? form->fields[fi].label : key;
}

/* Whether vals[i] is given again later (the last one counts). */
static int given_later(const gc_kv *vals, size_t n, size_t i)
{
	for (size_t j = i + 1; j < n; j++)
		if (!strcmp(vals[j].key, vals[i].key))
			return 1;
	return 0;
}

static void add_conflict(gc_set_result *res, const char *key, const char *stored, const char *yours, const char *base)
{
	if (!res)
		return;
	res->conflicts = xrealloc(res->conflicts, (res->nconflicts + 1) * sizeof *res->conflicts);
	gc_conflict *c = &res->conflicts[res->nconflicts++];
	c->field = xstrdup(key);
	c->stored = xstrdup(stored);
	c->yours = xstrdup(yours);
	c->base = xstrdup(base);
}

int core_merge_values(gc_ctx *ctx, MDB_txn *txn, const gc_form *form, const gc_record *cur, uint32_t base,
		      const gc_kv *vals, size_t n, gc_kv **keep, size_t *nkeep, gc_set_result *res)
{
	gc_record at, mine;
	*keep = xcalloc(n + 1, sizeof **keep);
	*nkeep = 0;
	int st = core_record_at(ctx, txn, cur, base, &at);
	if (st)
		return st;
	/* Your values in their stored form, checked as any save checks them. */
	rec_copy(&mine, &at);
	/* Who may write what is checked when the kept values are saved. */
	st = core_apply_values(ctx, txn, form, &mine, vals, n, NULL, NULL);
	size_t conflicts = 0;
	for (size_t i = 0; !st && i < n; i++) {
		const char *k = vals[i].key, *b = rec_slot(&at, k), *y = rec_slot(&mine, k), *s = rec_slot(cur, k);
		if (given_later(vals, n, i) || !strcmp(y, b) || !strcmp(s, y))
			continue;   /* you left it as it was, or both made the same change */
		if (!strcmp(s, b)) {
			(*keep)[*nkeep].key = xstrdup(k);
			(*keep)[(*nkeep)++].val = xstrdup(y);
			continue;
		}
		conflicts++;
		core_fail(ctx, GC_ECONFLICT, "field '%s' (%s) was changed by someone else since version %u: "
			  "stored now '%s', yours '%s', at version %u '%s'",
			  k, slot_label(form, k), base, shown(s), shown(y), base, shown(b));
		add_conflict(res, k, s, y, b);
	}
	if (!st && conflicts)
		st = core_fail(ctx, GC_ECONFLICT, "record %llu: %zu field%s changed on both sides since version %u "
			       "(it is now version %u); nothing was saved", (unsigned long long)cur->id, conflicts,
			       conflicts == 1 ? "" : "s", base, cur->version);
	rec_free(&at);
	rec_free(&mine);
	return st;
}

/* A state as people read it: its key and label. */
static void state_name(const gc_workflow *wf, const char *key, char *out, size_t size)
{
	int s = config_state_index(wf, key);
	if (s >= 0)
		snprintf(out, size, "'%s' (%s)", key, wf->states[s].label);
	else
		snprintf(out, size, "'%s'", key);
}

int core_check_seen(gc_ctx *ctx, MDB_txn *txn, const gc_record *cur, const gc_workflow *wf,
		    uint32_t seen_version, const char *seen_state)
{
	char was[200], now[200];
	unsigned long long id = (unsigned long long)cur->id;
	state_name(wf, cur->state, now, sizeof now);
	if (seen_state && config_state_index(wf, seen_state) < 0)
		return core_fail(ctx, GC_ENOTFOUND, "workflow '%s' has no state '%s'", wf->key, seen_state);
	if (seen_state && strcmp(seen_state, cur->state)) {
		state_name(wf, seen_state, was, sizeof was);
		return core_fail(ctx, GC_ECONFLICT, "record %llu is in state %s (version %u), not in state %s as you saw it; "
				 "nothing was done", id, now, cur->version, was);
	}
	if (!seen_version || seen_version == cur->version)
		return 0;
	if (seen_version > cur->version)
		return core_fail(ctx, GC_EUSAGE, "record %llu has no version %u (it is at version %u)", id,
				 seen_version, cur->version);
	/* The state then: the entries after it undone (as far as they are here). */
	gc_hist *h;
	size_t n;
	const char *then = cur->state;
	if (core_read_history(ctx, txn, cur->id, &h, &n))
		return GC_EIO;
	for (size_t i = n; i-- > 0 && h[i].version > seen_version;)
		then = h[i].from;
	state_name(wf, then, was, sizeof was);
	core_history_free(h, n);
	return core_fail(ctx, GC_ECONFLICT, "record %llu changed since you read it: at version %u it was in state %s, "
			 "it is now version %u in state %s; nothing was done", id, seen_version, was, cur->version, now);
}

int core_moved_first(gc_ctx *ctx, MDB_txn *txn, const gc_record *cur, const gc_workflow *wf, const char *name)
{
	gc_hist *h;
	size_t n;
	if (core_read_history(ctx, txn, cur->id, &h, &n))
		return 0;
	size_t last = n;
	while (last > 0 && (!*h[last - 1].from || !strcmp(h[last - 1].from, h[last - 1].to)))
		last--;
	int rc = 0, before = last ? config_state_index(wf, h[last - 1].from) : -1;
	for (size_t i = 0; before >= 0 && i < wf->ntrans && !rc; i++) {
		const gc_transition *t = &wf->trans[i];
		if ((strcmp(t->key, name) && strcmp(t->label, name)) || !transition_leaves(t, before) ||
		    !core_may_take(ctx, t))
			continue;
		const gc_hist *m = &h[last - 1];
		char was[200], to[200], now[200], when[40];
		state_name(wf, m->from, was, sizeof was);
		state_name(wf, m->to, to, sizeof to);
		state_name(wf, cur->state, now, sizeof now);
		datetime_format(m->time, when, sizeof when);
		rc = core_fail(ctx, GC_ECONFLICT, "record %llu was moved from state %s to %s by %s at %s (version %u) "
			       "before your '%s', which is not allowed from %s; nothing was done",
			       (unsigned long long)cur->id, was, to, m->user, when, m->version, name, now);
	}
	core_history_free(h, n);
	return rc;
}
