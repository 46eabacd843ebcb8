/* SPDX-License-Identifier: MIT */
/* assess.c - assessment statistics over a period (see assess.h). One scan
 * of the subtree; every record adds to its child row, its category and the
 * total. Nothing here knows a state, a category or a count by name: they
 * come from the form and its workflow. */
#include <stdlib.h>
#include <string.h>
#include <stdio.h>
#include "core/core_int.h"
#include "core/rollup.h"
#include "core/postings.h"
#include "core/write.h"   /* record_key */
#include "gridcase/i18n.h"

typedef struct scan {
	gc_ctx *ctx;
	gc_assess *a;
	int *row_of;          /* node id -> index in a->rows, -1 none yet */
	int64_t now;
} scan;

static void counts_init(const gc_config *cfg, assess_counts *c, size_t nstates)
{
	memset(c, 0, sizeof *c);
	c->by_state = xcalloc(nstates + 1, sizeof *c->by_state);
	c->meas = measure_accs_new(cfg);
}

static void add(const gc_assess *a, assess_counts *c, const gc_record *r, int state, int64_t now,
		const gc_config *cfg)
{
	const gc_workflow *wf = a->form->wf;
	const gc_calendar *cal = &cfg->cal;
	measure_add(cfg, c->meas, r);
	c->reported++;
	if (state >= 0)
		c->by_state[state]++;
	if (state >= 0 && wf->states[state].final) {
		c->closed++;
		if (r->late == 0)
			c->on_time++;
		c->handling_secs += cal_working_between(cal, r->created, r->state_since);
		for (size_t i = 0; i < a->ncounted; i++)
			if (atoll(rec_field(r, a->counted[i]->key)) > 0)
				c->counted[i]++;
	} else {
		c->open++;
		if (r->due && r->due <= now)
			c->overdue++;
	}
}

/* The row of the node's child that holds node_id (or of the node itself). */
static assess_row *row_for(scan *s, uint32_t node_id)
{
	gc_assess *a = s->a;
	const gc_node *n = core_node(s->ctx, node_id);
	while (n && n != a->node && n->parent != a->node->id)
		n = core_node(s->ctx, n->parent);
	if (!n)
		return NULL;
	if (s->row_of[n->id] < 0) {
		a->rows = xrealloc(a->rows, (a->nrows + 1) * sizeof *a->rows);
		assess_row *row = &a->rows[a->nrows];
		memset(row, 0, sizeof *row);
		row->node = n;
		counts_init(s->ctx->cfg, &row->c, a->form->wf->nstates);
		s->row_of[n->id] = (int)a->nrows++;
	}
	return &a->rows[s->row_of[n->id]];
}

static assess_row *category_for(const gc_config *cfg, gc_assess *a, const gc_record *r)
{
	const char *v = a->category_field ? rec_field(r, a->category_field) : "";
	size_t len = a->by && a->by->type != FT_CHOICE ? strlen(v) : strcspn(v, "/");
	for (size_t i = 0; i < a->ncats; i++)
		if (strlen(a->cats[i].name) == len && !strncmp(a->cats[i].name, v, len))
			return &a->cats[i];
	a->cats = xrealloc(a->cats, (a->ncats + 1) * sizeof *a->cats);
	assess_row *row = &a->cats[a->ncats++];
	memset(row, 0, sizeof *row);
	row->name = xstrndup(v, len);
	counts_init(cfg, &row->c, a->form->wf->nstates);
	return row;
}

static int each_record(const gc_record *r, void *arg)
{
	scan *s = arg;
	gc_assess *a = s->a;
	if ((a->from && r->created < a->from) || (a->to && r->created >= a->to))
		return 0;
	const gc_config *cfg = s->ctx->cfg;
	int mine = !strcmp(r->form, a->form->key);
	if (!mine && !measure_uses_form(cfg, r->form))
		return 0;
	if (!mine) {
		/* A record of another form that a measure counts: its child's row
		 * and the total (one at the node itself, the total only). */
		assess_row *row = r->node_id == a->node->id ? NULL : row_for(s, r->node_id);
		if (row)
			measure_add(cfg, row->c.meas, r);
		measure_add(cfg, a->total.c.meas, r);
		return 0;
	}
	int state = config_state_index(a->form->wf, r->state);
	assess_row *row = row_for(s, r->node_id);
	if (row)
		add(a, &row->c, r, state, s->now, cfg);
	add(a, &category_for(cfg, a, r)->c, r, state, s->now, cfg);
	add(a, &a->total.c, r, state, s->now, cfg);
	return 0;
}

/* ---- the workflow's counts from the per-day rollups (rollup.h) ---- */

/* Whether the rollups answer this assessment: categories by the first
 * choice field, no measure over the form's own records (those read the
 * records), a period of whole local days, and GRIDCASE_NO_ROLLUP unset
 * (the record-reading path, kept for comparison). */
static int rollups_answer(const gc_config *cfg, const gc_assess *a, long *d0, long *d1)
{
	const char *no = getenv("GRIDCASE_NO_ROLLUP");
	if ((no && *no && strcmp(no, "0")) || a->by || measure_uses_form(cfg, a->form->key))
		return 0;
	*d0 = a->from ? day_of(a->from) : 0;
	*d1 = a->to ? day_of(a->to - 1) : 1L << 30;
	return (!a->from || day_start(*d0) == a->from) && (!a->to || day_start(*d1 + 1) == a->to);
}

static void counts_add(assess_counts *c, int counter, int64_t v, size_t nstates)
{
	if (counter == ROLL_REPORTED)
		c->reported += (uint64_t)v;
	else if (counter == ROLL_OPEN)
		c->open += (uint64_t)v;
	else if (counter == ROLL_CLOSED)
		c->closed += (uint64_t)v;
	else if (counter == ROLL_ON_TIME)
		c->on_time += (uint64_t)v;
	else if (counter == ROLL_HANDLING)
		c->handling_secs += v;
	else if (counter >= ROLL_COUNTED && counter < ROLL_COUNTED + ASSESS_MAX_COUNTED)
		c->counted[counter - ROLL_COUNTED] += (uint64_t)v;
	else if (counter >= ROLL_STATE && (size_t)(counter - ROLL_STATE) < nstates)
		c->by_state[counter - ROLL_STATE] += (uint64_t)v;
}

static void counts_sub(assess_counts *c, const assess_counts *d, size_t nstates)
{
	c->reported -= d->reported;
	c->open -= d->open;
	c->closed -= d->closed;
	c->on_time -= d->on_time;
	c->handling_secs -= d->handling_secs;
	for (size_t i = 0; i < ASSESS_MAX_COUNTED; i++)
		c->counted[i] -= d->counted[i];
	for (size_t i = 0; i < nstates; i++)
		c->by_state[i] -= d->by_state[i];
}

static void counts_copy(assess_counts *to, const assess_counts *from, size_t nstates)
{
	to->reported = from->reported;
	to->open = from->open;
	to->closed = from->closed;
	to->on_time = from->on_time;
	to->handling_secs = from->handling_secs;
	memcpy(to->counted, from->counted, sizeof to->counted);
	memcpy(to->by_state, from->by_state, nstates * sizeof *to->by_state);
}

/* What one node's rollups add up to: the counts, and per category. */
typedef struct roll_sum {
	const gc_config *cfg;
	size_t nstates;
	assess_counts all;
	char **names;
	assess_counts *per;
	size_t nnames;
} roll_sum;

static void roll_sum_init(roll_sum *rs, const gc_config *cfg, size_t nstates)
{
	memset(rs, 0, sizeof *rs);
	rs->cfg = cfg;
	rs->nstates = nstates;
	counts_init(cfg, &rs->all, nstates);
}

static void roll_sum_free(roll_sum *rs)
{
	for (size_t i = 0; i < rs->nnames; i++) {
		free(rs->names[i]);
		free(rs->per[i].by_state);
		measure_accs_free(rs->cfg, rs->per[i].meas);
	}
	free(rs->names);
	free(rs->per);
	free(rs->all.by_state);
	measure_accs_free(rs->cfg, rs->all.meas);
}

static int roll_entry(long day, const char *cat, size_t catlen, int counter, int64_t v, void *arg)
{
	(void)day;
	roll_sum *rs = arg;
	counts_add(&rs->all, counter, v, rs->nstates);
	size_t i = 0;
	while (i < rs->nnames && !(strlen(rs->names[i]) == catlen && !memcmp(rs->names[i], cat, catlen)))
		i++;
	if (i == rs->nnames) {
		rs->names = xrealloc(rs->names, (i + 1) * sizeof *rs->names);
		rs->per = xrealloc(rs->per, (i + 1) * sizeof *rs->per);
		rs->names[i] = xstrndup(cat, catlen);
		counts_init(rs->cfg, &rs->per[i], rs->nstates);
		rs->nnames++;
	}
	counts_add(&rs->per[i], counter, v, rs->nstates);
	return 0;
}

/* The categories in the order the record scan meets them: the scan (id
 * order) stops once it has met every category the rollups hold. */
static int first_seen(const gc_record *r, void *arg)
{
	scan *s = arg;
	category_for(s->ctx->cfg, s->a, r);
	return s->a->ncats >= (size_t)s->now;   /* now: here, how many to find */
}

/* The category row of a name (len bytes); NULL when the rollups held none. */
static assess_row *category_named(gc_assess *a, const char *c, size_t len)
{
	for (size_t i = 0; i < a->ncats; i++)
		if (strlen(a->cats[i].name) == len && !memcmp(a->cats[i].name, c, len))
			return &a->cats[i];
	return NULL;
}

typedef struct due_walk {
	scan *s;
	MDB_txn *txn;
	const gc_query *q;
	long d0, d1;              /* the period's local days, inclusive */
} due_walk;

static void count_overdue_one(due_walk *w, uint32_t node_id, const char *cat, size_t catlen)
{
	gc_assess *a = w->s->a;
	assess_row *row = row_for(w->s, node_id), *c = category_named(a, cat, catlen);
	if (!row)
		return;   /* outside the node's subtree */
	row->c.overdue++;
	if (c)
		c->c.overdue++;
	a->total.c.overdue++;
}

/* An open record past due whose due entry has no created day: read for
 * its created time and category. */
static void due_record(due_walk *w, uint32_t node_id, uint64_t id)
{
	unsigned char k[KEY_MAX];
	store_item it;
	rec_view v;
	const gc_query *q = w->q;
	if (store_get(w->s->ctx->st, w->txn, TBL_RECORDS, k, record_key(w->s->ctx, node_id, id, k), &it) ||
	    rec_peek(it.val, it.vlen, &v))
		return;
	if ((q->created_from && v.created < q->created_from) || (q->created_to && v.created >= q->created_to) ||
	    !v.due || v.due > w->s->now)
		return;
	size_t len;
	const char *c = roll_category(w->s->a->form, &v, &len);   /* the rollups' own rule */
	count_overdue_one(w, node_id, c, len);
}

/* One entry of the due index (in due order: stop past now): node id, form,
 * NUL, created day be32, category (docs/storage.md); counted when it is
 * the form's, under the node and created in the period. */
static int due_entry(const store_item *e, void *arg)
{
	due_walk *w = arg;
	const char *form = w->s->a->form->key;
	size_t fl = strlen(form);
	if ((int64_t)get_be64(e->key) > w->s->now)
		return 1;
	if (e->klen != 16 || e->vlen < 4 + fl || memcmp(e->val + 4, form, fl))
		return 0;
	uint32_t node_id = get_be32(e->val);
	if (e->vlen == 4 + fl) {   /* written before the day and category */
		due_record(w, node_id, get_be64(e->key + 8));
		return 0;
	}
	if (e->vlen < 4 + fl + 5 || e->val[4 + fl])
		return 0;   /* another form whose key starts with this one */
	long day = (long)(int32_t)get_be32(e->val + 4 + fl + 1);
	if ((w->q->created_from && day < w->d0) || (w->q->created_to && day > w->d1))
		return 0;
	count_overdue_one(w, node_id, (const char *)e->val + 4 + fl + 5, e->vlen - (4 + fl + 5));
	return 0;
}

/* Overdue is asked of now: the open records past due (open with a running
 * limit, as add() counts them), from the due index, whose values carry
 * the node, form, created day and category. */
static int roll_overdue(scan *s, const gc_query *q, long d0, long d1)
{
	MDB_txn *txn;
	if (store_read(s->ctx->st, &txn, &s->ctx->errs))
		return GC_EIO;
	due_walk w = { s, txn, q, d0, d1 };
	unsigned char from[16];
	int rc = store_each(s->ctx->st, txn, TBL_OPEN_DUE, from, key_due(from, 1, 0), 0, due_entry, &w);
	store_read_end(txn);
	return rc ? GC_EIO : 0;
}

/* A child's row from its subtree's rollups; its counts are added to kids. */
static int roll_child(scan *s, MDB_txn *txn, uint32_t child, long d0, long d1, assess_counts *kids)
{
	gc_assess *a = s->a;
	size_t ns = a->form->wf->nstates;
	roll_sum c;
	roll_sum_init(&c, s->ctx->cfg, ns);
	int rc = roll_read(s->ctx, txn, child, a->form->key, d0, d1, roll_entry, &c);
	if (!rc && c.all.reported) {
		counts_copy(&row_for(s, child)->c, &c.all, ns);
		kids->reported += c.all.reported;
		kids->open += c.all.open;
		kids->closed += c.all.closed;
		kids->on_time += c.all.on_time;
		kids->handling_secs += c.all.handling_secs;
		for (size_t j = 0; j < ASSESS_MAX_COUNTED; j++)
			kids->counted[j] += c.all.counted[j];
		for (size_t j = 0; j < ns; j++)
			kids->by_state[j] += c.all.by_state[j];
	}
	roll_sum_free(&c);
	return rc;
}

/* The rows, categories and total from the rollups: the node's subtree
 * and each child's, the node's own records the difference; categories in
 * the order the scan meets them; overdue from the due postings. */
static int assess_rolled(scan *s, gc_query *q, long d0, long d1)
{
	gc_assess *a = s->a;
	gc_ctx *ctx = s->ctx;
	size_t ns = a->form->wf->nstates;
	roll_sum top;
	assess_counts kids;
	roll_sum_init(&top, ctx->cfg, ns);
	counts_init(ctx->cfg, &kids, ns);
	MDB_txn *txn;
	if (store_read(ctx->st, &txn, &ctx->errs))
		return GC_EIO;
	int rc = roll_read(ctx, txn, a->node->id, a->form->key, d0, d1, roll_entry, &top);
	for (size_t i = 0; i < a->node->nchildren && !rc; i++)
		rc = roll_child(s, txn, a->node->children[i], d0, d1, &kids);
	store_read_end(txn);
	counts_copy(&a->total.c, &top.all, ns);
	if (!rc && top.all.reported > kids.reported) {   /* records at the node itself */
		assess_row *row = row_for(s, a->node->id);
		counts_copy(&row->c, &top.all, ns);
		counts_sub(&row->c, &kids, ns);
	}
	free(kids.by_state);
	measure_accs_free(ctx->cfg, kids.meas);
	if (!rc && top.nnames) {
		int64_t now = s->now;
		s->now = (int64_t)top.nnames;   /* first_seen: how many to find */
		rc = core_scan(ctx, q, first_seen, s, NULL);
		s->now = now;
	}
	for (size_t i = 0; i < a->ncats && !rc; i++)
		for (size_t j = 0; j < top.nnames; j++)
			if (!strcmp(a->cats[i].name, top.names[j]))
				counts_copy(&a->cats[i].c, &top.per[j], ns);
	roll_sum_free(&top);
	if (!rc)
		rc = roll_overdue(s, q, d0, d1);
	return rc ? (ctx->errs.status ? ctx->errs.status : GC_EIO) : 0;
}

static const gc_form *default_form(const gc_config *cfg)
{
	for (size_t i = 0; i < cfg->nforms; i++)
		if (cfg->forms[i].wf)
			return &cfg->forms[i];
	return NULL;
}

/* Rows in the order of the tree: the node itself, then its children. */
static int tree_rank(const gc_assess *a, const gc_node *n)
{
	if (n == a->node)
		return -1;
	for (size_t i = 0; i < a->node->nchildren; i++)
		if (a->node->children[i] == n->id)
			return (int)i;
	return (int)a->node->nchildren;
}

static int cmp_rows(const void *x, const void *y, void *assess)
{
	const assess_row *p = x, *q = y;
	return tree_rank(assess, p->node) - tree_rank(assess, q->node);
}

int core_assess(gc_ctx *ctx, const char *node, const char *form, int64_t from, int64_t to, gc_assess *out)
{
	return core_assess_by(ctx, node, form, NULL, from, to, out);
}

/* Categories by a record field: each row titled by its record's title. */
static void title_records(gc_ctx *ctx, gc_assess *a)
{
	for (size_t i = 0; i < a->ncats; i++) {
		gc_record r;
		rec_init(&r);
		if (*a->cats[i].name && !core_get(ctx, strtoull(a->cats[i].name, NULL, 10), &r))
			a->cats[i].title = xstrdup(core_record_title(ctx->cfg, &r));
		rec_free(&r);
	}
	errs_clear(&ctx->errs);
}

int core_assess_by(gc_ctx *ctx, const char *node, const char *form, const char *by, int64_t from, int64_t to,
		   gc_assess *out)
{
	errs_clear(&ctx->errs);
	memset(out, 0, sizeof *out);
	const gc_form *f = form ? config_form(ctx->cfg, form) : default_form(ctx->cfg);
	if (!f || !f->wf)
		return core_fail(ctx, form ? GC_ENOTFOUND : GC_EDATA, form ? "no form '%s' with a workflow" : "%s",
				 form ? form : "the configuration has no form with a workflow");
	out->form = f;
	out->cfg = ctx->cfg;
	out->from = from;
	out->to = to;
	out->made = gc_now();
	for (size_t i = 0; i < f->nfields && !out->category_field && !by; i++)
		if (f->fields[i].type == FT_CHOICE)
			out->category_field = f->fields[i].key;
	if (by) {
		int fi = config_field_index(f, by);
		if (fi < 0)
			return core_fail(ctx, GC_EUSAGE, "form '%s' has no field '%s' to count by", f->key, by);
		out->by = &f->fields[fi];
		out->category_field = out->by->key;
	}
	out->ncounted = roll_counted(f, out->counted, ASSESS_MAX_COUNTED);   /* as the rollups count them */
	gc_query q;
	memset(&q, 0, sizeof q);
	q.form = f->key;
	q.node = node;
	q.created_from = from;   /* the period: records outside it are skipped before they are decoded */
	q.created_to = to;
	/* The node the scan narrows to (the user's scope) heads the rows. */
	const gc_node *top = core_scope_node(ctx, node);
	if (!top)
		return ctx->errs.status ? ctx->errs.status : GC_ENOTFOUND;
	out->node = top;
	q.node = top->code;
	counts_init(ctx->cfg, &out->total.c, f->wf->nstates);
	out->total.node = top;
	scan s = { ctx, out, xcalloc(ctx->nnodes + 1, sizeof(int)), out->made };
	for (size_t i = 0; i <= ctx->nnodes; i++)
		s.row_of[i] = -1;
	long d0, d1;
	int rc = rollups_answer(ctx->cfg, out, &d0, &d1) ? assess_rolled(&s, &q, d0, d1)
							    : core_scan(ctx, &q, each_record, &s, NULL);
	/* The measures' other forms, read through their postings. */
	if (!rc)
		rc = measure_each(ctx, top->code, f->key, each_record, &s);
	free(s.row_of);
	if (rc) {
		assess_free(out);
		return rc;
	}
	if (out->nrows)
		qsort_r(out->rows, out->nrows, sizeof *out->rows, cmp_rows, out);
	if (out->by && out->by->type == FT_RECORD)
		title_records(ctx, out);
	return 0;
}

static void row_free(const gc_config *cfg, assess_row *r)
{
	free(r->name);
	free(r->title);
	free(r->c.by_state);
	measure_accs_free(cfg, r->c.meas);
}

void assess_free(gc_assess *a)
{
	const gc_config *cfg = a->cfg;
	for (size_t i = 0; i < a->nrows; i++)
		row_free(cfg, &a->rows[i]);
	for (size_t i = 0; i < a->ncats; i++)
		row_free(cfg, &a->cats[i]);
	row_free(cfg, &a->total);
	free(a->rank_label);
	free(a->rows);
	free(a->cats);
	memset(a, 0, sizeof *a);
}

int assess_rate(uint64_t part, uint64_t whole)
{
	return whole ? (int)((part * 1000 + whole / 2) / whole) : -1;
}

int assess_hours(const assess_counts *c)
{
	return c->closed ? (int)((c->handling_secs * 10 / 3600 + (int64_t)c->closed / 2) / (int64_t)c->closed) : -1;
}

void assess_period(const gc_assess *a, char *out, size_t n)
{
	char d1[32], d2[32];
	if (!a->from && !a->to) {
		snprintf(out, n, "%s", _("all time"));
		return;
	}
	snprintf(d1, sizeof d1, "%s", _("start"));
	snprintf(d2, sizeof d2, "%s", _("now"));
	if (a->from)
		date_format(day_of(a->from), d1, sizeof d1);
	if (a->to)
		date_format(day_of(a->to - 1), d2, sizeof d2);
	snprintf(out, n, "%s .. %s", d1, d2);
}
