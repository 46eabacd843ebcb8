/* SPDX-License-Identifier: MIT */
/* demo_case.c - the demo's cases: each built from its id alone (so the
 * district is the same whatever the threads), along its workflow's
 * shortest path to a state, on builder threads, written by this one in
 * transactions of history, indexes and counters, each followed by
 * transactions of its postings and rollups in key order, a few thousand
 * keys each; the records are held back and written in key order every
 * STAGE_MAX bytes (stage.h), the rollups of the nodes above the cases'
 * once at the end. The file is marked incomplete until then. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include "demo/demo_int.h"
#include <pthread.h>
#include <unistd.h>
#include <malloc.h>
#include <fcntl.h>
#include "core/write.h"
#include "core/rollup.h"

/* Records written per transaction at the end: about 45 MB of pages, well
 * inside LMDB's dirty page list. */
#define STAGE_TXN 100000
/* Held-back records beyond this are written (not all appended) before
 * more cases are built, so memory stays bounded whatever the size: about
 * 200,000 cases a batch (128 MiB cost 55 MB more resident and no less
 * CPU). GRIDCASE_DEMO_HOLD (bytes) lowers it for the tests. */
#define STAGE_MAX ((size_t)64 << 20)
/* Postings (keys) and rollup cells written per transaction after each
 * transaction of cases (write_round). */
#define POST_TXN 4096
#define POST_RELEASE 512
#define ROLL_TXN 8192
/* Cases written between releases of the map inside a transaction. */
#define RELEASE_CASES 10000

static size_t stage_max(void)
{
	const char *v = getenv("GRIDCASE_DEMO_HOLD");
	return v && strtoull(v, NULL, 10) ? (size_t)strtoull(v, NULL, 10) : STAGE_MAX;
}

/* Cases per transaction (CASES_TXN); GRIDCASE_DEMO_TXN lowers it, and the
 * keys and cells per transaction of their postings and rollups with it,
 * so that the tests see many of each. */
#define CASES_TXN 50000
static size_t txn_max(size_t dflt)
{
	const char *v = getenv("GRIDCASE_DEMO_TXN");
	size_t n = v ? (size_t)strtoull(v, NULL, 10) : 0;
	return n && n < dflt ? n : dflt;
}

/* ---- cases ---- */

/* A group of the category's choices (the part before '/') and its kinds. */
typedef struct demo_group {
	const char *name;
	unsigned weight;
	const char **values, **kinds;   /* the choice, and the part after '/' */
	size_t n;
} demo_group;

typedef struct demo_op {
	gc_ctx *ctx;
	const demo_cfg *d;
	demo_group *groups;
	size_t ngroups;
	unsigned wsum;
	tpl field_tpl[GC_DEMO_MAX_FIELDS];
	const char *field_key[GC_DEMO_MAX_FIELDS];   /* the form's key of each template field (form_key) */
	const char *category_key;
	tpl creator_tpl;
	const gc_form *form;
	uint32_t *grids;
	size_t ngrids;
	uint64_t first, count;   /* cases of this transaction: ids first .. first+count-1 */
	uint64_t seed;
	int64_t now;
	demo_staff staff;                 /* who takes each step, per grid of op->grids */
	int final_state;
	uint64_t total;                   /* the last id of the run */
	uint64_t base;                    /* the first */
	struct pipeline *pipe;
	/* Every case's record, written last in key order. */
	rec_stage stage;
	stage_pos stage_from;             /* where writing the stage stood before this transaction */
	stage_mark *mark;                 /* the stage before this transaction of cases */
	bulk_order order;                 /* their buckets */
	/* The last transaction of cases' postings and rollups (at the cases'
	 * own nodes), written after it in transactions of a few thousand keys
	 * each (write_round): LMDB keeps as many dirty pages in memory as its
	 * largest transaction had, and each of these touches pages all over
	 * its table whatever the number of cases. */
	post_hold held;
	cmap roll;
	post_list **lists;
	counter_delta **cells;
	size_t nlists, ncells, at, next;

	int cases_done;                   /* every case's transaction committed */
	int path[64][64];                 /* per target state: the states on the way */
	const gc_transition *via[64][64];
	size_t plen[64];
} demo_op;

/* The builder's record borrows every string (from the configuration, the
 * tables above or the case's own buffers) instead of allocating: building
 * a million cases is then free of malloc. Only its state is allocated,
 * because core_enter_state replaces it. */

/* The form's own string for a field key, or NULL when the form has no
 * such field: looked up once, so set_field compares pointers. */
static const char *form_key(const gc_form *f, const char *key)
{
	int i = key ? config_field_index(f, key) : -1;
	return i < 0 ? NULL : f->fields[i].key;
}

/* Set a field (key from form_key; NULL: the form has none), replacing an
 * earlier value. Keys are the form's own, so a record holds at most the
 * form's number of fields: build_case sizes its array by that. */
static void set_field(gc_record *r, const char *key, const char *val)
{
	if (!key)
		return;
	for (size_t i = 0; i < r->nfields; i++)
		if (r->fields[i].key == key) {
			r->fields[i].val = (char *)val;
			return;
		}
	r->fields[r->nfields].key = (char *)key;
	r->fields[r->nfields++].val = (char *)val;
}

/* The shortest path of transitions from the initial state to `target`
 * (breadth first), so every state can be shown with a plausible history. */
size_t demo_path_to(const gc_workflow *wf, int target, int *path, const gc_transition **via, size_t max)
{
	int prev[64];
	const gc_transition *by[64];
	int queue[64], head = 0, tail = 0;
	size_t n = wf->nstates < 64 ? wf->nstates : 64;
	for (size_t i = 0; i < 64; i++)
		prev[i] = -2;
	prev[wf->initial] = -1;
	queue[tail++] = wf->initial;
	while (head < tail) {
		int s = queue[head++];
		for (size_t i = 0; i < wf->ntrans; i++) {
			const gc_transition *t = &wf->trans[i];
			if ((size_t)t->to >= n || prev[t->to] != -2)
				continue;
			if (!transition_leaves(t, s))
				continue;
			prev[t->to] = s;
			by[t->to] = t;
			/* A paused state (挂账) may end a path, never lie on one. */
			if (!wf->states[t->to].pause)
				queue[tail++] = t->to;
		}
	}
	if (prev[target] == -2)
		return 0;
	int rev[64];
	size_t len = 0;
	for (int s = target; s != -1 && len < max; s = prev[s])
		rev[len++] = s;
	for (size_t i = 0; i < len; i++) {
		path[i] = rev[len - 1 - i];
		via[i] = i ? by[path[i]] : NULL;
	}
	return len;
}

/* The final state furthest from the start, where a record that went the
 * whole way ends (结案), not an early way out (a refusal); -1 if none. */
int demo_furthest_final(const gc_workflow *wf)
{
	int path[64], best = -1;
	const gc_transition *via[64];
	size_t best_len = 0;
	for (size_t i = 0; i < wf->nstates && i < 64; i++) {
		size_t len = wf->states[i].final ? demo_path_to(wf, (int)i, path, via, 64) : 0;
		if (len && (best < 0 || len > best_len)) {
			best = (int)i;
			best_len = len;
		}
	}
	return best;
}

/* One generated case, ready to be written: the record and the encoded
 * history entries of every version up to and including its current one. */
typedef struct case_pkt {
	rec_meta meta;   /* strings borrowed from the configuration */
	gc_buf blob;     /* the encoded record */
	gc_buf hist;     /* the entries of versions 1 .. current, as one run (hist_run_add) */
} case_pkt;

/* The states a case goes through to reach target, with the transitions
 * and who takes them. With loop, the first counted transition that leads
 * back along the path (返工 in the default workflow) is taken once, and the
 * path is walked again from where it leads. Returns the number of states. */
static size_t case_path(const demo_op *op, int target, int loop, int *path, const gc_transition **via)
{
	size_t n = op->plen[target];
	memcpy(path, op->path[target], n * sizeof *path);
	memcpy(via, op->via[target], n * sizeof *via);
	const gc_workflow *wf = op->form->wf;
	for (size_t i = 1; loop && i + 1 < n; i++)
		for (size_t k = 0; k < wf->ntrans; k++) {
			const gc_transition *t = &wf->trans[k];
			if (!t->count || t->stay || !transition_leaves(t, path[i]))
				continue;
			size_t j = 0;
			while (j < i && path[j] != t->to)
				j++;
			if (j == i || n + (i - j) + 1 > 80)
				continue;
			/* path[0..i], then t back to path[j], then path[j+1..] again. */
			size_t tail = n - (j + 1);
			memmove(path + i + 2, path + j + 1, tail * sizeof *path);
			memmove(via + i + 2, via + j + 1, tail * sizeof *via);
			path[i + 1] = t->to;
			via[i + 1] = t;
			return i + 2 + tail;
		}
	return n;
}

/* Build case `id` (no database access: this runs on a builder thread, and
 * depends on nothing but the id, the seed and the configuration). */
static void build_case(const demo_op *op, uint64_t id, case_pkt *pkt)
{
	gc_ctx *ctx = op->ctx;
	const gc_form *f = op->form;
	const gc_calendar *cal = &ctx->cfg->cal;
	uint64_t s = op->seed ^ (id * 0x9E3779B97F4A7C15ULL);
	rnd_next(&s);
	gc_record rec;
	gc_kv fields[f->nfields + 1];
	gc_hist h;
	hist_run run;
	hist_run_begin(&run, &pkt->hist);
	char creator[64], vals[GC_DEMO_MAX_FIELDS][400], counts[4][24];
	rec_init(&rec);
	rec.fields = fields;
	rec.id = id;
	size_t gi = rnd(&s, (unsigned)op->ngrids);
	rec.node_id = op->grids[gi];
	const gc_node *grid = core_node(ctx, rec.node_id);
	rec.form = f->key;
	rec.creator = creator;
	rec.assignee = (char *)"";

	/* A group by weight, then one of its kinds; the fields from templates. */
	unsigned w = rnd(&s, op->wsum ? op->wsum : 1), acc = 0;
	const demo_group *g = NULL;
	for (size_t i = 0; i < op->ngroups && !g; i++)
		if (w < (acc += op->groups[i].weight) || i + 1 == op->ngroups)
			g = &op->groups[i];
	unsigned pick = g ? rnd(&s, (unsigned)g->n) : 0;
	tpl_vars v = { op->d, op->d->nplaces ? op->d->places[rnd(&s, (unsigned)op->d->nplaces)] : "",
		       g ? g->kinds[pick] : "", grid->code + strlen(op->d->root_code), 1 + rnd(&s, 180), "" };
	if (g)
		set_field(&rec, op->category_key, g->values[pick]);
	for (size_t i = 0; i < op->d->nfields && i < GC_DEMO_MAX_FIELDS; i++) {
		tpl_expand(vals[i], sizeof vals[i], &op->field_tpl[i], &v, &s);
		set_field(&rec, op->field_key[i], vals[i]);
	}
	tpl_expand(creator, sizeof creator, &op->creator_tpl, &v, &s);

	/* Most cases are old and closed; about one in seven is still open, a
	 * few of those long enough to be overdue. Times fall in working hours. */
	int open = rnd(&s, 100) < 14;
	int target = open ? (int)rnd(&s, (unsigned)f->wf->nstates) : op->final_state;
	if (target >= 64 || op->plen[target] == 0 || (open && f->wf->states[target].final))
		target = f->wf->initial;
	int64_t age = !open ? 86400 * (int64_t)(10 + rnd(&s, 355))
		    : rnd(&s, 100) < 25 ? 86400 * (int64_t)(5 + rnd(&s, 10)) : (int64_t)rnd(&s, 36 * 3600);
	int64_t t = cal_add_working(cal, op->now - age, 1);
	if (t > op->now)
		t = op->now - age;
	int path[80];
	const gc_transition *via[80];
	size_t steps = case_path(op, target, rnd(&s, 100) < 6, path, via) - 1;
	const char *actor = creator;   /* who made the version being written */
	rec.created = t;
	rec.version = 1;
	rec.state = xstrdup("");
	core_enter_state(ctx, f->wf, &rec, -1, path[0], t);
	/* The entry only borrows its strings: it is encoded, never freed. */
	hist_init(&h);
	h.client = h.comment = (char *)"";
	for (size_t i = 1; i <= steps; i++) {
		/* Who takes this step here: the assignee for their own steps (处置),
		 * else someone whose role may and whose area holds the case. With
		 * nobody, the case waits where it is. */
		size_t nwho;
		const char *const *who = demo_assignees(&op->staff, gi, via[i], &nwho);
		const char *taker = via[i]->by_assignee ? (*rec.assignee ? rec.assignee : NULL)
							: demo_taker(&op->staff, gi, via[i]);
		if (!taker || (who && !nwho)) {
			steps = i - 1;
			break;
		}
		/* Write the previous version's history, then move on. */
		h.time = t;
		h.user = (char *)actor;
		h.action = (char *)(i == 1 ? "create" : via[i - 1]->key);
		h.from = (char *)(i == 1 ? "" : f->wf->states[path[i - 2]].key);
		h.to = rec.state;
		hist_run_add(&run, &h);
		/* Most steps finish inside their limit (in working time); some run late. */
		const gc_sla *sla = core_state_sla(ctx, &f->wf->states[path[i - 1]], &rec);
		int64_t limit = sla->kind == SLA_WORKING ? sla->secs : 3 * 3600;
		int64_t took = (int64_t)rnd(&s, 100) < 98 ? limit / 5 + (int64_t)rnd(&s, (unsigned)(limit * 3 / 4))
							   : limit + (int64_t)rnd(&s, (unsigned)limit);
		int64_t next = cal_add_working(cal, t, took > 300 ? took : 300);
		t = next <= op->now ? next : t + (op->now - t) / 2;   /* never in the future */
		actor = taker;
		for (size_t k = 0; k < via[i]->nfields; k++) {
			if (rec_is_builtin(via[i]->fields[k]))
				rec.assignee = (char *)who[rnd(&s, (unsigned)nwho)];
			else
				set_field(&rec, form_key(f, via[i]->fields[k]), op->d->filled ? op->d->filled : "-");
		}
		int counted = via[i]->count ? config_field_index(f, via[i]->count) : -1;
		if (counted >= 0) {   /* a counted transition (返工): the count goes up */
			snprintf(counts[counted % 4], sizeof counts[0], "%lld", atoll(rec_field(&rec, via[i]->count)) % 1000 + 1);
			set_field(&rec, f->fields[counted].key, counts[counted % 4]);
		}
		core_enter_state(ctx, f->wf, &rec, path[i - 1], path[i], t);
		rec.version++;
	}
	rec.updated = t;
	h.time = t;
	h.user = (char *)actor;
	h.action = (char *)(steps == 0 ? "create" : via[steps]->key);
	h.from = (char *)(steps == 0 ? "" : f->wf->states[path[steps - 1]].key);
	h.to = rec.state;
	hist_run_add(&run, &h);
	buf_reset(&pkt->blob);
	rec_encode(&rec, &pkt->blob);
	/* The meta strings must outlive this call: the configuration's. */
	rec_meta m = { rec.id, 0, rec.version, rec.node_id, rec.due, f->key,
		       f->wf->states[path[steps]].key, *rec.assignee ? rec.assignee : "" };
	pkt->meta = m;
	free(rec.state);
}

/* Cases are built on other threads while this one writes them: building
 * (text, times, encodings) and writing (B-trees) take about as long each.
 * The builders run across transactions, so they keep building while this
 * thread commits the end of a transaction. */
#define CHUNK 2048
#define SLOTS 8                  /* a multiple of MAX_BUILDERS: a slot has one builder */
#define MAX_BUILDERS 4

typedef struct pipeline {
	const demo_op *op;
	uint64_t first, last;        /* ids the builders build */
	case_pkt slot[SLOTS][CHUNK];
	size_t fill[SLOTS];          /* cases in a ready slot */
	int ready[SLOTS];
	int stop, running;
	int k;                       /* consumer: current slot and position in it */
	size_t pos;
	uint64_t next_id;            /* the id the consumer gets next */
	int nbuilders;
	struct builder {
		struct pipeline *pl;
		int index;
		pthread_t th;
	} builder[MAX_BUILDERS];
	pthread_mutex_t mu;
	pthread_cond_t cv;
} pipeline;

/* Builder b fills chunks b, b + n, b + 2n ... (n builders), chunk c in
 * slot c % SLOTS, so each slot has one builder and the writer takes the
 * chunks in id order. A case depends only on its id, so the district is
 * the same whatever the number of builders. */
static void *builder(void *arg)
{
	struct builder *b = arg;
	pipeline *pl = b->pl;
	for (uint64_t c = (uint64_t)b->index;; c += (uint64_t)pl->nbuilders) {
		uint64_t next = pl->first + c * CHUNK;
		if (next > pl->last)
			break;
		int k = (int)(c % SLOTS);
		pthread_mutex_lock(&pl->mu);
		while (pl->ready[k] && !pl->stop)
			pthread_cond_wait(&pl->cv, &pl->mu);
		int stop = pl->stop;
		pthread_mutex_unlock(&pl->mu);
		if (stop)
			break;
		size_t n = 0;
		for (; n < CHUNK && next <= pl->last; n++, next++)
			build_case(pl->op, next, &pl->slot[k][n]);
		pthread_mutex_lock(&pl->mu);
		pl->fill[k] = n;
		pl->ready[k] = 1;
		pthread_cond_broadcast(&pl->cv);
		pthread_mutex_unlock(&pl->mu);
	}
	return NULL;
}

static void pipe_stop(pipeline *pl)
{
	if (!pl->running)
		return;
	pthread_mutex_lock(&pl->mu);
	pl->stop = 1;
	pthread_cond_broadcast(&pl->cv);
	pthread_mutex_unlock(&pl->mu);
	for (int i = 0; i < pl->nbuilders; i++)
		pthread_join(pl->builder[i].th, NULL);
	pl->running = 0;
}

/* As many builders as processors, up to MAX_BUILDERS: on two the writer
 * waits on B-trees and the disk part of the time, and a second builder
 * uses it. */
static int builders_wanted(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n < 1 ? 1 : n > MAX_BUILDERS ? MAX_BUILDERS : (int)n;
}

/* Start n builders; if one cannot start, stop the others and say so. The
 * number is fixed before any starts: it decides which chunks are whose. */
static int spawn(pipeline *pl, int n)
{
	pl->nbuilders = n;
	for (int i = 0; i < n; i++) {
		struct builder *b = &pl->builder[i];
		b->pl = pl;
		b->index = i;
		if (pthread_create(&b->th, NULL, builder, b) == 0)
			continue;
		pthread_mutex_lock(&pl->mu);
		pl->stop = 1;
		pthread_cond_broadcast(&pl->cv);
		pthread_mutex_unlock(&pl->mu);
		while (i > 0)
			pthread_join(pl->builder[--i].th, NULL);
		pl->stop = 0;
		memset(pl->fill, 0, sizeof pl->fill);
		memset(pl->ready, 0, sizeof pl->ready);
		return -1;
	}
	return 0;
}

/* (Re)start building at id `first`. */
static int pipe_start(pipeline *pl, uint64_t first, uint64_t last)
{
	pipe_stop(pl);
	memset(pl->fill, 0, sizeof pl->fill);
	memset(pl->ready, 0, sizeof pl->ready);
	pl->stop = 0;
	pl->k = 0;
	pl->pos = 0;
	pl->first = pl->next_id = first;
	pl->last = last;
	int want = builders_wanted();
	if (spawn(pl, want) && (want == 1 || spawn(pl, 1)))
		return ENOMEM;
	pl->running = 1;
	return 0;
}

/* The next built case; valid until the following call. */
static case_pkt *pipe_next(pipeline *pl)
{
	pthread_mutex_lock(&pl->mu);
	if (pl->ready[pl->k] && pl->pos == pl->fill[pl->k]) {
		pl->ready[pl->k] = 0;   /* hand the used slot back */
		pl->k = (pl->k + 1) % SLOTS;
		pl->pos = 0;
		pthread_cond_broadcast(&pl->cv);
	}
	while (!pl->ready[pl->k])
		pthread_cond_wait(&pl->cv, &pl->mu);
	pthread_mutex_unlock(&pl->mu);
	pl->next_id++;
	return &pl->slot[pl->k][pl->pos++];
}

/* History first: the id is above every stored one, so it is appended. */
static int write_case(wbatch *wb, case_pkt *pkt)
{
	int rc = wb_put_history_value(wb, pkt->meta.id, 1, pkt->hist.p, pkt->hist.len);
	return rc ? rc : wb_put_new_blob(wb, &pkt->meta, (unsigned char *)pkt->blob.p, pkt->blob.len);
}

/* One transaction of cases: history, ids, indexes, counters and feed.
 * Their records wait in the stage, so the table is appended in key order
 * at the end (stage.h); until then the database is marked incomplete. */
static int cases_fn(MDB_txn *txn, void *arg)
{
	demo_op *op = arg;
	pipeline *pl = op->pipe;
	wbatch wb;
	int rc = 0;
	/* A transaction run again (after the map grew) needs its cases again,
	 * and the stage back as it was before its first try. */
	stage_rollback(&op->stage, op->mark);
	if (pl->next_id != op->first)
		rc = pipe_start(pl, op->first, op->total);
	if (!rc && op->first == op->base)
		rc = store_set_incomplete(op->ctx->st, txn, "gridcase demo");
	if (!rc)
		rc = wb_begin(&wb, op->ctx, txn);
	if (rc)
		return rc;
	wb.stage = &op->stage;
	wb.order = &op->order;
	wb.release_map = 1;
	for (uint64_t i = 0; i < op->count && !rc; i++) {
		rc = write_case(&wb, pipe_next(pl));
		if (i % RELEASE_CASES == RELEASE_CASES - 1)
			store_release_map(op->ctx->st);
	}
	if (rc) {
		wb_discard(&wb);
		pl->next_id = 0;   /* force a restart */
		return rc;
	}
	post_hold_free(&op->held);   /* a try before this one left them */
	cmap_free(&op->roll);
	op->held = wb.held;
	op->roll = wb.roll;
	memset(&wb.held, 0, sizeof wb.held);
	memset(&wb.roll, 0, sizeof wb.roll);
	if ((rc = wb_finish(&wb)) != 0)
		pl->next_id = 0;
	return rc;
}

/* One transaction of a round's postings (from op->at, POST_TXN keys) or
 * rollups (ROLL_TXN cells): op->next is where the next one begins. */
static int lists_fn(MDB_txn *txn, void *arg)
{
	demo_op *op = arg;
	wbatch wb;
	int rc = wb_begin(&wb, op->ctx, txn);
	size_t part = txn_max(POST_TXN);
	op->next = op->at + part < op->nlists ? op->at + part : op->nlists;
	wb.release_map = 1;
	/* Long lists read many pages on their way to their last: the map's
	 * pages are let go every POST_RELEASE keys. */
	for (size_t i = op->at; !rc && i < op->next; i += POST_RELEASE) {
		rc = wb_put_lists(&wb, op->lists + i, op->next - i < POST_RELEASE ? op->next - i : POST_RELEASE);
		store_release_map(op->ctx->st);
	}
	if (rc) {
		wb_discard(&wb);
		return rc;
	}
	return wb_finish(&wb);
}

static int cells_fn(MDB_txn *txn, void *arg)
{
	demo_op *op = arg;
	return roll_write(op->ctx, txn, op->cells, op->at, op->ncells, txn_max(ROLL_TXN), &op->next, 1);
}

static int write_parts(demo_op *op, store_write_fn fn, size_t n)
{
	int rc = 0;
	for (op->at = 0; !rc && op->at < n; op->at = op->next) {
		if (store_write(op->ctx->st, fn, op, &op->ctx->errs))
			rc = op->ctx->errs.status ? op->ctx->errs.status : GC_EIO;
		store_release_map(op->ctx->st);
	}
	return rc;
}

/* The postings and rollups of the transaction of cases just committed,
 * in key order, in parts. */
static int write_round(demo_op *op)
{
	op->lists = post_hold_sorted(&op->held, &op->nlists);
	int rc = write_parts(op, lists_fn, op->nlists);
	free(op->lists);
	post_hold_free(&op->held);
	op->cells = roll_sorted(&op->roll, &op->ncells);
	if (!rc)
		rc = write_parts(op, cells_fn, op->ncells);
	free(op->cells);
	cmap_free(&op->roll);
	return rc;
}

/* One transaction of held-back entries. */
static int records_fn(MDB_txn *txn, void *arg)
{
	demo_op *op = arg;
	rec_stage *st = &op->stage;
	wbatch wb;
	stage_seek(st, op->stage_from);
	int rc = wb_begin(&wb, op->ctx, txn);
	/* The map's pages the inserts read are let go every RELEASE_CASES. */
	for (size_t done = 0; !rc && done < STAGE_TXN && stage_left(st); done += RELEASE_CASES) {
		rc = wb_stage_write(&wb, st, RELEASE_CASES);
		store_release_map(op->ctx->st);
	}
	if (rc) {
		wb_discard(&wb);
		return rc;
	}
	return wb_finish(&wb);
}


/* The last transaction: the rollups of the nodes above the cases' (the
 * cases wrote theirs at their own nodes only), then the mark cleared. */
static int finish_fn(MDB_txn *txn, void *arg)
{
	demo_op *op = arg;
	int rc = roll_sum_up(op->ctx, txn, op->form->key, op->form->at_level, 1);
	return rc ? rc : store_set_incomplete(op->ctx->st, txn, NULL);
}

/* The id the next new record gets. */
uint64_t demo_next_id(gc_ctx *ctx)
{
	MDB_txn *txn;
	uint64_t id = 1;
	if (store_read(ctx->st, &txn, &ctx->errs) == 0) {
		if (meta_get_u64(ctx->st, txn, "next_id", &id) || id == 0)
			id = 1;
		store_read_end(txn);
	}
	return id;
}

/* Group the category field's choices by the part before '/': a kind
 * "group/kind" belongs to its group, a bare group stands for itself when
 * it has no kinds. Weights come from the demo configuration (default 1). */
static void make_groups(const demo_cfg *d, const gc_form *f, demo_op *op)
{
	int fi = d->category ? config_field_index(f, d->category) : -1;
	if (fi < 0)
		return;
	const gc_field *cf = &f->fields[fi];
	op->groups = xcalloc(cf->nchoices + 1, sizeof *op->groups);
	for (size_t i = 0; i < cf->nchoices; i++) {
		const char *c = cf->choices[i], *slash = strchr(c, '/');
		size_t glen = slash ? (size_t)(slash - c) : strlen(c);
		demo_group *g = NULL;
		for (size_t j = 0; j < op->ngroups && !g; j++)
			if (strlen(op->groups[j].name) == glen && !strncmp(op->groups[j].name, c, glen))
				g = &op->groups[j];
		if (!g) {
			g = &op->groups[op->ngroups++];
			g->name = slash ? xstrndup(c, glen) : xstrdup(c);
			g->weight = 1;
			for (size_t w = 0; w < d->nweights; w++)
				if (!strcmp(d->wkeys[w], g->name))
					g->weight = d->weights[w];
			g->values = xcalloc(cf->nchoices + 1, sizeof *g->values);
			g->kinds = xcalloc(cf->nchoices + 1, sizeof *g->kinds);
		}
		if (slash || g->n == 0) {
			if (slash && g->n == 1 && !strchr(g->values[0], '/'))
				g->n = 0;   /* the bare group gives way to its first kind */
			g->values[g->n] = c;
			g->kinds[g->n++] = slash ? slash + 1 : c;
		}
	}
	for (size_t j = 0; j < op->ngroups; j++)
		op->wsum += op->groups[j].weight;
}

static void free_groups(demo_op *op)
{
	for (size_t j = 0; j < op->ngroups; j++) {
		free((char *)op->groups[j].name);
		free(op->groups[j].values);
		free(op->groups[j].kinds);
	}
	free(op->groups);
}

/* Write every held-back record, appended in key order, in transactions of
 * STAGE_TXN. */
static int write_stage(demo_op *op)
{
	int rc = 0;
	while (!rc && stage_left(&op->stage)) {
		op->stage_from = stage_tell(&op->stage);
		if (store_write(op->ctx->st, records_fn, op, &op->ctx->errs))
			rc = op->ctx->errs.status ? op->ctx->errs.status : GC_EIO;
		store_start_writeback(op->ctx->st);
		store_release_map(op->ctx->st);
	}
	stage_clear(&op->stage);
	return rc;
}

/* The cases: built on builder threads, written here in transactions
 * of CASES_TXN (no sync until the end, so more transactions cost little and
 * the dirty page list stays short), each followed by its postings and
 * rollups (write_round), their records every STAGE_MAX bytes. */
int demo_make_cases(gc_ctx *ctx, const demo_cfg *d, const gc_form *form, uint64_t cases, uint64_t seed)
{
	demo_op op;
	int rc = 0;
	memset(&op, 0, sizeof op);
	op.ctx = ctx;
	op.d = d;
	op.form = form;
	make_groups(d, form, &op);
	for (size_t i = 0; i < d->nfields && i < GC_DEMO_MAX_FIELDS; i++) {
		tpl_compile(&op.field_tpl[i], d->fields[i].tpl);
		op.field_key[i] = form_key(form, d->fields[i].key);
	}
	op.category_key = form_key(form, d->category);
	tpl_compile(&op.creator_tpl, d->creator ? d->creator : "{node}");
	op.seed = seed;
	op.now = gc_now();
	op.final_state = demo_furthest_final(form->wf) >= 0 ? demo_furthest_final(form->wf) : form->wf->initial;
	for (size_t i = 0; i < form->wf->nstates && i < 64; i++)
		op.plen[i] = demo_path_to(form->wf, (int)i, op.path[i], op.via[i], 64);
	op.grids = xcalloc(ctx->nnodes, sizeof *op.grids);
	for (size_t i = 1; i < ctx->nnodes; i++)
		if (ctx->nodes[i].code && ctx->nodes[i].level == form->at_level)
			op.grids[op.ngrids++] = (uint32_t)i;
	demo_staff_init(&op.staff, ctx, form->wf, op.grids, op.ngrids);
	store_reserve(ctx->st, cases * 1300);
	/* Keep freed memory in the process: each transaction would otherwise
	 * fault in fresh pages for the same buffers again. */
	mallopt(M_MMAP_THRESHOLD, 256 << 20);
	mallopt(M_TRIM_THRESHOLD, 1 << 30);
	pipeline *pl = xcalloc(1, sizeof *pl);
	pl->op = &op;
	pthread_mutex_init(&pl->mu, NULL);
	pthread_cond_init(&pl->cv, NULL);
	op.pipe = pl;
	op.base = demo_next_id(ctx);
	op.total = op.base + cases - 1;
	size_t hold = stage_max();
	bulk_order_init(&op.order, ctx);
	stage_init(&op.stage, WB_RECORDS, op.order.nnodes);
	for (uint64_t done = 0; done < cases && !rc; done += op.count) {
		op.first = op.base + done;
		op.count = cases - done < txn_max(CASES_TXN) ? cases - done : txn_max(CASES_TXN);
		op.mark = stage_mark_take(&op.stage);
		if (store_write(ctx->st, cases_fn, &op, &ctx->errs))
			rc = ctx->errs.status ? ctx->errs.status : GC_EIO;
		stage_mark_free(op.mark);
		store_release_map(ctx->st);   /* its pages stay cached, not counted as ours */
		if (!rc)
			rc = write_round(&op);
		store_start_writeback(ctx->st);
		op.cases_done = done + op.count == cases;
		if (!rc && (op.cases_done || op.stage.bytes >= hold))
			rc = write_stage(&op);
	}
	if (!rc && store_write(ctx->st, finish_fn, &op, &ctx->errs))
		rc = ctx->errs.status ? ctx->errs.status : GC_EIO;
	store_release_map(ctx->st);
	pipe_stop(pl);
	for (int k = 0; k < SLOTS; k++)
		for (size_t i = 0; i < CHUNK; i++) {
			buf_free(&pl->slot[k][i].hist);
			buf_free(&pl->slot[k][i].blob);
		}
	pthread_mutex_destroy(&pl->mu);
	pthread_cond_destroy(&pl->cv);
	free(pl);
	stage_free(&op.stage);
	post_hold_free(&op.held);
	cmap_free(&op.roll);
	bulk_order_free(&op.order);
	free(op.grids);
	demo_staff_free(&op.staff);
	free_groups(&op);
	return rc;
}

