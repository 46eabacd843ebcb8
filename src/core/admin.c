/* SPDX-License-Identifier: MIT */
/* admin.c - whole-database checks and copies: verify, check-config's look
 * at stored records, and hot backup. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <sys/stat.h>
#include "core/core_int.h"
#include "store/pagefile.h"
#include "core/write.h"
#include "store/keys.h"
#include "core/verify_post.h"
#include "core/rollup.h"

/* Whether the history holds an entry for (id, version): a key of its own,
 * or inside a run that starts at an earlier version (record.h). */
static int has_history(store_cursor *cur, uint64_t id, uint32_t version)
{
	unsigned char k[12];
	store_item it;
	key_history(k, id, version);
	int rc = store_cursor_seek(cur, k, 12, &it), found = 0;
	if (rc == 0 && it.klen == 12 && !memcmp(it.key, k, 12))
		found = 1;
	else if ((rc = rc == 0 ? store_cursor_prev(cur, &it) : store_cursor_last(cur, &it)) == 0 &&
		 it.klen == 12 && get_be64(it.key) == id) {
		uint32_t first = get_be32(it.key + 8);
		found = version - first < hist_value_count(it.val, it.vlen);
	}
	return found;
}

typedef struct vstate {
	gc_ctx *ctx;
	MDB_txn *txn;
	store_cursor *history;    /* one cursor for every record's history check */
	gc_errs *report;
	cmap expected;
	cmap roll;                /* rollups the records give (rollup.h) */
	verify_post post;
	uint64_t records, due_entries, max_id, max_seq;
	size_t counters_seen;
	gc_buf due_val;           /* the due index's value a record needs */
} vstate;

#define MISMATCH(vs, ...) errs_add((vs)->report, GC_EDATA, __VA_ARGS__)

static int verify_record(const store_item *e, void *arg)
{
	vstate *vs = arg;
	gc_ctx *ctx = vs->ctx;
	gc_store *st = ctx->st;
	gc_record r;
	size_t w = 4 * (size_t)st->depth;
	if (e->klen != w + 8 || rec_decode(e->val, e->vlen, &r)) {
		MISMATCH(vs, "records: an entry cannot be decoded");
		return 0;
	}
	unsigned long long id = (unsigned long long)r.id;
	const gc_node *n = core_node(ctx, r.node_id);
	vs->records++;
	if (r.id > vs->max_id)
		vs->max_id = r.id;
	if (r.seq > vs->max_seq)
		vs->max_seq = r.seq;
	if (get_be64(e->key + w) != r.id)
		MISMATCH(vs, "record %llu: key holds another id", id);
	if (!n || memcmp(e->key, n->path, w))
		MISMATCH(vs, "record %llu: stored under a path that is not its node's", id);
	unsigned char key[KEY_MAX];
	store_item v;
	if (store_get(st, vs->txn, TBL_REC_ID, key, key_id(key, r.id), &v) || v.vlen != 4 || get_be32(v.val) != r.node_id)
		MISMATCH(vs, "record %llu: id index missing or pointing elsewhere", id);
	if (r.due && core_is_open(ctx, r.form, r.state)) {
		vs->due_entries++;
		/* The value of wb_due_value, or its first part alone (node and
		 * form: written before the created day and category were added). */
		wb_due_value(ctx, &vs->due_val, r.node_id, r.form, e->val, e->vlen);
		size_t shrt = 4 + strlen(r.form);
		if (store_get(st, vs->txn, TBL_OPEN_DUE, key, key_due(key, r.due, r.id), &v) ||
		    (v.vlen != vs->due_val.len && v.vlen != shrt) || memcmp(v.val, vs->due_val.p, v.vlen))
			MISMATCH(vs, "record %llu: missing from the due index or pointing elsewhere", id);
	}
	verify_post_record(&vs->post, e->val, e->vlen);
	roll_record(ctx, &vs->roll, e->val, e->vlen, 1);
	if (!has_history(vs->history, r.id, r.version))
		MISMATCH(vs, "record %llu: no history entry for version %u", id, r.version);
	if (store_get(st, vs->txn, TBL_FEED, key, key_seq(key, r.seq), &v) || v.vlen != 12 || get_be64(v.val) != r.id)
		MISMATCH(vs, "record %llu: change feed entry %llu missing", id, (unsigned long long)r.seq);
	if (n)
		count_state(ctx, &vs->expected, r.node_id, r.form, r.state, 1);
	rec_free(&r);
	return 0;
}

static int verify_counter(const store_item *e, void *arg)
{
	vstate *vs = arg;
	counter_delta *c = cmap_find(&vs->expected, e->key, e->klen);
	uint64_t stored = e->vlen == 8 ? get_be64(e->val) : 0;
	const char *fs = (const char *)e->key + 4;
	int fl = (int)strnlen(fs, e->klen - 4);
	if (!c || (uint64_t)c->delta != stored)
		MISMATCH(vs, "counter node %u %.*s/%.*s: stored %llu, records say %lld", get_be32(e->key), fl, fs,
			 (int)(e->klen - 5 - (size_t)fl), fs + fl + 1, (unsigned long long)stored,
			 c ? (long long)c->delta : 0LL);
	if (c) {
		c->delta = -c->delta - 1;   /* mark as seen */
		vs->counters_seen++;
	}
	return 0;
}

static void verify_counts(vstate *vs)
{
	store_each(vs->ctx->st, vs->txn, TBL_COUNTS, NULL, 0, 0, verify_counter, vs);
	size_t seen = vs->counters_seen;
	if (seen != vs->expected.n)
		MISMATCH(vs, "counters: %zu counters are missing", vs->expected.n - seen);
}

int core_verify_pages(const char *path, gc_errs *report)
{
	pagefile_report rep;
	int rc = pagefile_walk(path, &rep);
	if (rc == PAGEFILE_MISSING || rc == PAGEFILE_NOT_LMDB || rc == PAGEFILE_ERROR)
		return 0;   /* opening says what is wrong */
	for (size_t i = 0; i < rep.nmsg; i++)
		errs_add(report, GC_EIO, "%s", rep.msg[i]);
	if (rep.bad > rep.nmsg)
		errs_add(report, GC_EIO, "... and %zu more", rep.bad - rep.nmsg);
	if (!rc)
		return 0;
	errs_add(report, GC_EIO, "%s: the file is damaged: it holds %llu of %llu pages; %llu pages were read, %zu "
		 "could not be; restore it from a backup (docs/deploy.md)", path, (unsigned long long)rep.file_pages,
		 (unsigned long long)rep.need_pages, (unsigned long long)rep.pages, rep.bad);
	return GC_EIO;
}

int core_verify(gc_ctx *ctx, gc_errs *report, uint64_t *nrecords)
{
	errs_clear(&ctx->errs);   /* errs holds the errors of the last call */
	MDB_txn *txn;
	vstate vs;
	gc_store *st = ctx->st;
	memset(&vs, 0, sizeof vs);
	buf_init(&vs.due_val);
	if (core_require_admin(ctx, "verify"))
		return GC_EPERM;
	if (store_read(st, &txn, &ctx->errs))
		return GC_EIO;
	vs.ctx = ctx;
	vs.txn = txn;
	vs.report = report;
	if (store_cursor_open(st, txn, TBL_HISTORY, &vs.history) == 0) {
		if (verify_post_begin(&vs.post, ctx, txn, report) == 0) {
			store_each(st, txn, TBL_RECORDS, NULL, 0, 0, verify_record, &vs);
			verify_post_end(&vs.post);
		}
		store_cursor_close(vs.history);
	}
	counts_roll_up(ctx, &vs.expected);
	verify_counts(&vs);
	roll_verify(ctx, txn, &vs.roll, report);
	if (store_entries(st, txn, TBL_REC_ID) != vs.records)
		MISMATCH(&vs, "id index has %zu entries for %llu records", store_entries(st, txn, TBL_REC_ID),
			 (unsigned long long)vs.records);
	if (store_entries(st, txn, TBL_OPEN_DUE) != vs.due_entries)
		MISMATCH(&vs, "due index has %zu entries, records need %llu", store_entries(st, txn, TBL_OPEN_DUE),
			 (unsigned long long)vs.due_entries);
	uint64_t next_id = 0, seq = 0;
	meta_get_u64(ctx->st, txn, "next_id", &next_id);
	meta_get_u64(ctx->st, txn, "seq", &seq);
	if (next_id <= vs.max_id)
		MISMATCH(&vs, "meta next_id %llu is not above the highest id %llu", (unsigned long long)next_id,
			 (unsigned long long)vs.max_id);
	if (seq < vs.max_seq)
		MISMATCH(&vs, "meta seq %llu is below a record's change %llu", (unsigned long long)seq,
			 (unsigned long long)vs.max_seq);
	/* Every node's path must be its parent's path plus its own id. */
	for (size_t i = 1; i < ctx->nnodes; i++) {
		const gc_node *n = core_node(ctx, (uint32_t)i);
		if (!n)
			continue;
		store_item v;
		if (store_get(st, txn, TBL_NODE_CODE, n->code, strlen(n->code), &v) || v.vlen != 4 || get_be32(v.val) != n->id)
			MISMATCH(&vs, "node %s: code index missing", n->code);
		if (n->level >= ctx->st->depth)
			MISMATCH(&vs, "node %s: level %d is deeper than the tree", n->code, n->level);
	}
	store_read_end(txn);
	cmap_free(&vs.expected);
	buf_free(&vs.due_val);
	*nrecords = vs.records;
	return report->n ? GC_EDATA : 0;
}

/* ---- check-config against stored data ---- */

typedef struct orphan {
	char *what;
	int rule;                 /* a rule of the workflow broken, not a name gone */
	uint64_t count, example;
} orphan;

static void note_kind(orphan **v, size_t *n, const char *what, uint64_t id, int rule)
{
	for (size_t i = 0; i < *n; i++)
		if (!strcmp((*v)[i].what, what)) {
			(*v)[i].count++;
			return;
		}
	*v = xrealloc(*v, (*n + 1) * sizeof **v);
	(*v)[*n] = (orphan){ xstrdup(what), rule, 1, id };
	(*n)++;
}

static void note(orphan **v, size_t *n, const char *what, uint64_t id)
{
	note_kind(v, n, what, id, 0);
}

typedef struct orphans {
	gc_ctx *ctx;
	MDB_txn *txn;
	orphan *v;
	size_t n;
} orphans;

static void note_rule(void *arg, const char *what, uint64_t id)
{
	orphans *o = arg;
	note_kind(&o->v, &o->n, what, id, 1);
}

static int check_one(const store_item *e, void *arg)
{
	orphans *o = arg;
	gc_ctx *ctx = o->ctx;
	orphan **v = &o->v;
	size_t *np = &o->n;
	char what[600];
	gc_record r;
	if (rec_decode(e->val, e->vlen, &r))
		return 0;
	if (!core_can_see(ctx, r.node_id)) {   /* a grid worker hears only of their own grid */
		rec_free(&r);
		return 0;
	}
	const gc_form *f = config_form(ctx->cfg, r.form);
	if (!f) {
		snprintf(what, sizeof what, "form '%s', which the configuration no longer defines", r.form);
		note(v, np, what, r.id);
	} else {
		if (f->wf && config_state_index(f->wf, r.state) < 0) {
			snprintf(what, sizeof what, "state '%s' of form '%s', which workflow '%s' no longer defines",
				 r.state, r.form, f->wf->key);
			note(v, np, what, r.id);
		}
		const gc_node *node = core_node(ctx, r.node_id);
		if (node && node->level != f->at_level) {
			/* Lists of one form read only the nodes of its level. */
			snprintf(what, sizeof what, "level '%s' for form '%s', which the form now puts under '%s'",
				 ctx->cfg->levels[node->level].key, r.form, ctx->cfg->levels[f->at_level].key);
			note(v, np, what, r.id);
		}
		for (size_t i = 0; i < r.nfields; i++)
			if (config_field_index(f, r.fields[i].key) < 0) {
				snprintf(what, sizeof what, "field '%s' of form '%s', which the form no longer defines",
					 r.fields[i].key, r.form);
				note(v, np, what, r.id);
			}
		core_rule_problems(ctx, o->txn, &r, note_rule, o);
	}
	rec_free(&r);
	return 0;
}

int core_check_stored(gc_ctx *ctx, gc_errs *report)
{
	errs_clear(&ctx->errs);   /* errs holds the errors of the last call */
	MDB_txn *txn;
	orphans o = { ctx, NULL, NULL, 0 };
	if (store_read(ctx->st, &txn, &ctx->errs))
		return GC_EIO;
	o.txn = txn;
	store_each(ctx->st, txn, TBL_RECORDS, NULL, 0, 0, check_one, &o);
	store_read_end(txn);
	orphan *v = o.v;
	size_t n = o.n;
	for (size_t i = 0; i < n; i++) {
		if (v[i].rule)
			errs_add(report, GC_EDATA, "%llu stored record%s break%s the workflow's rules: %s (e.g. record %llu)",
				 (unsigned long long)v[i].count, v[i].count == 1 ? "" : "s", v[i].count == 1 ? "s" : "",
				 v[i].what, (unsigned long long)v[i].example);
		else
			errs_add(report, GC_EDATA, "%llu stored record%s use %s (e.g. record %llu)",
				 (unsigned long long)v[i].count, v[i].count == 1 ? "" : "s", v[i].what,
				 (unsigned long long)v[i].example);
		free(v[i].what);
	}
	free(v);
	/* A warning, said once: a new database has no nodes until they are imported. */
	const gc_user *first = NULL;
	size_t away = 0;
	config_make_staff(ctx->cfg);
	for (size_t i = 0; i < ctx->cfg->nusers; i++) {
		const gc_user *u = &ctx->cfg->users[i];
		if ((ctx->admin || u == ctx->user) && u->node && !core_node_by_code(ctx, u->node) && !away++)
			first = u;   /* others hear only of themselves */
	}
	if (away == 1)
		errs_add(report, GC_OK, "warning: user '%s' belongs to node '%s', which is not in the database",
			 first->login, first->node);
	else if (away)
		errs_add(report, GC_OK, "warning: %zu users belong to nodes that are not in the database (e.g. '%s' of '%s')",
			 away, first->login, first->node);
	return report->status;
}

/* An absolute name for path, resolving its directory (the file itself
 * may not exist yet): how two names of a file not yet made are compared. */
static char *absolute_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir = slash ? xstrndup(path, slash == path ? 1 : (size_t)(slash - path)) : xstrdup(".");
	char *real = realpath(dir, NULL);
	free(dir);
	if (!real)
		return NULL;
	gc_buf b;
	buf_init(&b);
	buf_printf(&b, "%s/%s", real, slash ? slash + 1 : path);
	free(real);
	return b.p;
}

/* Whether the backup target is one of the files the program owns: the
 * same file (symbolic and hard links included) when both exist, the same
 * name when either does not. A copy renamed over the live database
 * throws away every write since and confuses every open process. */
static const char *owned_by_program(const char *target, const struct stat *tsb, const char *const *owned)
{
	char *tname = strcmp(target, "-") ? absolute_name(target) : NULL;
	const char *hit = NULL;
	for (size_t i = 0; owned[i] && !hit; i++) {
		struct stat osb;
		if (stat(owned[i], &osb) == 0 && tsb) {
			if (osb.st_dev == tsb->st_dev && osb.st_ino == tsb->st_ino)
				hit = owned[i];
			continue;
		}
		char *oname = absolute_name(owned[i]);
		if (oname && tname && !strcmp(oname, tname))
			hit = owned[i];
		free(oname);
	}
	free(tname);
	return hit;
}

int core_backup(gc_ctx *ctx, const char *path, const char *const *owned_extra)
{
	errs_clear(&ctx->errs);   /* errs holds the errors of the last call */
	if (core_require_admin(ctx, "backup"))
		return GC_EPERM;
	gc_buf lock;
	buf_init(&lock);
	buf_printf(&lock, "%s-lock", ctx->st->path);
	const char *owned[64] = { ctx->st->path, lock.p };
	size_t n = 2;
	for (size_t i = 0; owned_extra && owned_extra[i] && n + 1 < ARRAY_LEN(owned); i++)
		owned[n++] = owned_extra[i];
	owned[n] = NULL;
	struct stat sb;
	int to_stdout = !strcmp(path, "-");
	int have = to_stdout ? fstat(STDOUT_FILENO, &sb) == 0 : stat(path, &sb) == 0;
	const char *hit = owned_by_program(to_stdout ? "-" : path, have ? &sb : NULL, owned);
	int rc = 0;
	if (hit && to_stdout)
		rc = core_fail(ctx, GC_EUSAGE, "backup -: standard output is %s, a file gridcase uses; nothing was written", hit);
	else if (hit)
		rc = core_fail(ctx, GC_EUSAGE, "%s: this is %s, a file gridcase uses; a backup must go to a new file "
			       "(nothing was written)", path, hit);
	buf_free(&lock);
	if (rc)
		return rc;
	if (to_stdout) {
		/* To standard output, as `ssh server backup - > copy.db` wants. */
		if (isatty(STDOUT_FILENO))
			return core_fail(ctx, GC_EUSAGE, "backup -: standard output is a terminal; redirect it to a file");
		rc = store_copy(ctx->st, STDOUT_FILENO);
		return rc ? core_fail(ctx, GC_EIO, "backup to standard output failed: %s", store_strerror(rc)) : 0;
	}
	gc_buf tmp;
	buf_init(&tmp);
	buf_printf(&tmp, "%s.tmp.%ld", path, (long)getpid());
	int fd = open(tmp.p, O_WRONLY | O_CREAT | O_EXCL, 0640);
	if (fd < 0) {
		core_fail(ctx, GC_EIO, "%s: cannot create: %s", tmp.p, strerror(errno));
		buf_free(&tmp);
		return GC_EIO;
	}
	/* The copy runs in its own read transaction: writers go on.
	 * The copy is renamed over the target only once it is on the disk. */
	rc = file_finish(fd, tmp.p, path, store_copy(ctx->st, fd));
	if (rc)
		core_fail(ctx, GC_EIO, "%s: backup failed: %s", path, store_strerror(rc));
	buf_free(&tmp);
	return rc ? GC_EIO : 0;
}

/* ---- stats --storage ---- */

int core_storage(gc_ctx *ctx, gc_storage *out)
{
	errs_clear(&ctx->errs);
	memset(out, 0, sizeof *out);
	if (core_require_admin(ctx, "stats --storage"))
		return GC_EPERM;
	pagefile_report rep;
	store_table_size sizes[TBL_COUNT];
	uint64_t file_bytes, used = 0;
	if (pagefile_walk(ctx->st->path, &rep) || store_sizes(ctx->st, sizes, &file_bytes))
		return core_fail(ctx, GC_EIO, "%s: the pages cannot be read (run 'gridcase verify')", ctx->st->path);
	for (size_t i = 0; i < rep.ntables && out->n < 32; i++) {
		gc_table_bytes *t = &out->t[out->n++];
		snprintf(t->name, sizeof t->name, "%s", rep.table[i].name);
		t->bytes = rep.table[i].pages * rep.psize;
		used += rep.table[i].pages;
		for (int k = 0; k < TBL_COUNT; k++)
			if (!strcmp(sizes[k].name, t->name))
				t->entries = sizes[k].entries;
		if (!strcmp(t->name, "records"))
			out->records = t->entries;
	}
	out->file_bytes = rep.file_pages * rep.psize;
	out->other_bytes = out->file_bytes - used * rep.psize;
	return 0;
}
