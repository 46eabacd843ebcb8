/* SPDX-License-Identifier: MIT */
/* store.c - the LMDB environment. The rules of DESIGN.md section 3 live here:
 * one write transaction per mutation, map growth by abort-double-retry,
 * stale readers cleared at open, the schema version checked. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/mman.h>
#include <sys/sysmacros.h>
#ifdef __linux__
#include <sys/inotify.h>
#endif
#include "store/store.h"
#include "store/pagefile.h"

#define INITIAL_MAP (256UL << 20)
/* LMDB's lock file holds a header and 64 bytes per reader; more than it
 * needs is kept as it is. */
#define LOCK_RESERVE ((off_t)STORE_MAX_READERS * 64 + 8192)

const char *store_strerror(int rc)
{
	if (rc == ENOSPC)
		return "the disk is full; nothing of this change was saved";
	if (rc == EACCES)
		return "permission denied on the database file";
	if (rc == MDB_MAP_FULL)
		return "the database map is full";
	return mdb_strerror(rc);
}

int meta_get_u64(gc_store *st, MDB_txn *txn, const char *name, uint64_t *v)
{
	MDB_val k = { strlen(name), (void *)name }, d;
	int rc = mdb_get(txn, st->dbi[TBL_META], &k, &d);
	if (rc)
		return rc;
	if (d.mv_size != 8)
		return MDB_CORRUPTED;
	*v = get_be64(d.mv_data);
	return 0;
}

int meta_put_u64(gc_store *st, MDB_txn *txn, const char *name, uint64_t v)
{
	unsigned char b[8];
	put_be64(b, v);
	MDB_val k = { strlen(name), (void *)name }, d = { 8, b };
	return mdb_put(txn, st->dbi[TBL_META], &k, &d, 0);
}

int store_set_incomplete(gc_store *st, MDB_txn *txn, const char *what)
{
	MDB_val k = { 10, "incomplete" }, d = { what ? strlen(what) : 0, (void *)what };
	if (what)
		return mdb_put(txn, st->dbi[TBL_META], &k, &d, 0);
	int rc = mdb_del(txn, st->dbi[TBL_META], &k, NULL);
	return rc == MDB_NOTFOUND ? 0 : rc;
}

int store_del(gc_store *st, MDB_txn *txn, int table, const void *key, size_t klen)
{
	MDB_val k = { klen, (void *)key };
	int rc = mdb_del(txn, st->dbi[table], &k, NULL);
	return rc == MDB_NOTFOUND ? 0 : rc;
}

/* The tables' names in the file, in enum store_table's order. */
static const char *const table_names[TBL_COUNT] = {
	"meta", "nodes", "node_code", "records", "rec_id", "counts",
	"open_due", "history", "feed", "reviews", "post", "post_due", "roll",
};

/* The postings hold sorted duplicate lists of fixed-size values. */
static unsigned table_flags(int i)
{
	return i == TBL_POST || i == TBL_POST_DUE ? MDB_DUPSORT | MDB_DUPFIXED : 0;
}

int store_open_tables(gc_store *st, MDB_txn *txn, unsigned flags)
{
	for (int i = 0; i < TBL_COUNT; i++) {
		int rc = mdb_dbi_open(txn, table_names[i], flags | table_flags(i), &st->dbi[i]);
		if (rc)
			return rc;
	}
	return 0;
}

/* Stamp a new database, or check an existing one against this binary and
 * the configuration. */
static int check_schema(gc_store *st, MDB_txn *txn, int create, int depth, const char *levels, gc_errs *errs)
{
	uint64_t schema, stored_depth;
	int rc = meta_get_u64(st, txn, "schema", &schema);
	if (rc == MDB_NOTFOUND) {
		MDB_envinfo info;
		mdb_env_info(st->env, &info);
		if (info.me_last_pgno > 1) {
			/* Pages beyond the two meta pages: someone's data. Never
			 * advise init, which would stamp a schema over it. */
			errs_add(errs, GC_EDATA, "%s: holds data (%llu pages) but no gridcase schema: it is not a gridcase "
				 "database, or it is damaged; nothing was written (restore from a backup, see docs/deploy.md)",
				 st->path, (unsigned long long)info.me_last_pgno + 1);
			return STORE_ABORT;
		}
		if (!create) {
			errs_add(errs, GC_ENOTFOUND, "%s: an empty database file (run 'gridcase init' first)", st->path);
			return STORE_ABORT;
		}
		MDB_val k = { 6, "levels" }, d = { strlen(levels), (void *)levels };
		if ((rc = meta_put_u64(st, txn, "schema", GC_SCHEMA_VERSION)) ||
		    (rc = meta_put_u64(st, txn, "depth", (uint64_t)depth)) ||
		    (rc = meta_put_u64(st, txn, "next_id", 1)) ||
		    (rc = meta_put_u64(st, txn, "next_node", 1)) ||
		    (rc = meta_put_u64(st, txn, "seq", 0)) ||
		    (rc = mdb_put(txn, st->dbi[TBL_META], &k, &d, 0)))
			return rc;
		st->depth = depth;
		st->schema = GC_SCHEMA_VERSION;
		return 0;
	}
	if (rc)
		return rc;
	if (create == STORE_CREATE_NEW) {
		MDB_stat ms;
		mdb_stat(txn, st->dbi[TBL_RECORDS], &ms);
		errs_add(errs, GC_EUSAGE, "%s: already a gridcase database (%llu records); init makes only new "
			 "databases, so nothing was changed", st->path, (unsigned long long)ms.ms_entries);
		return STORE_ABORT;
	}
	if (schema > GC_SCHEMA_VERSION) {
		errs_add(errs, GC_EDATA, "%s: database schema version %llu is newer than this gridcase understands (%d); use a newer gridcase",
			 st->path, (unsigned long long)schema, GC_SCHEMA_VERSION);
		return STORE_ABORT;
	}
	if (schema < GC_SCHEMA_UPGRADE) {
		errs_add(errs, GC_EDATA, "%s: database schema version %llu is older than this gridcase's (%d): it lacks "
			 "indexes every later write keeps (postings, per-day rollups); nothing was written: export it with the gridcase that made it, then init a new "
			 "database and import the export", st->path, (unsigned long long)schema, GC_SCHEMA_VERSION);
		return STORE_ABORT;
	}
	st->schema = (int)schema;
	MDB_val inc = { 10, "incomplete" }, what;
	if (mdb_get(txn, st->dbi[TBL_META], &inc, &what) == 0) {
		errs_add(errs, GC_EDATA, "%s: this database is incomplete: '%.*s' stopped before it finished; "
			 "remove the file and run it again", st->path, (int)what.mv_size, (const char *)what.mv_data);
		return STORE_ABORT;
	}
	if ((rc = meta_get_u64(st, txn, "depth", &stored_depth)))
		return rc;
	MDB_val k = { 6, "levels" }, d;
	const char *stored_levels = "";
	int n = 0;
	if (mdb_get(txn, st->dbi[TBL_META], &k, &d) == 0) {
		stored_levels = d.mv_data;
		n = (int)d.mv_size;
	}
	if (depth && (int)stored_depth != depth) {
		errs_add(errs, GC_EDATA, "%s: the database was made for %llu levels (%.*s) but the configuration has %d (%s)",
			 st->path, (unsigned long long)stored_depth, n, stored_levels, depth, levels);
		return STORE_ABORT;
	}
	st->depth = (int)stored_depth;
	return 0;
}

/* What the SIGBUS handler prints: set before LMDB maps anything, since a
 * handler may only write() what is ready. */
static char bus_msg[700];
static size_t bus_len;

static void on_sigbus(int sig)
{
	(void)sig;
	ssize_t n = write(STDERR_FILENO, bus_msg, bus_len);
	(void)n;
	_exit(GC_EIO);
}

/* A page LMDB maps but the file cannot give (a truncated copy, a failing
 * disk) ends the process with SIGBUS inside LMDB: say which file and what
 * to do instead of "Bus error". */
static void guard_sigbus(const char *path)
{
	/* Leave the UI's alternate screen first, so the line stays readable. */
	snprintf(bus_msg, sizeof bus_msg, "%sgridcase: %.400s: a page of the database (or its lock file) could not "
		 "be read: the file is damaged or the disk failed; run 'gridcase verify' and restore from a backup "
		 "(docs/deploy.md)\n", isatty(STDERR_FILENO) ? "\033[?1049l\r\n" : "", path);
	bus_len = strlen(bus_msg);
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_sigbus;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGBUS, &sa, NULL);
}

/* Before LMDB maps the file: every page the newest snapshot uses must be
 * in it, or the first read of a missing one is a SIGBUS. */
static int check_file(const char *path, gc_errs *errs)
{
	pagefile_report rep;
	if (pagefile_check(path, &rep) != PAGEFILE_DAMAGED)
		return 0;   /* fine, new, or not LMDB at all: LMDB says which */
	errs_add(errs, GC_EIO, "%s: the database file is damaged: it holds %llu of %llu pages (%s); nothing was "
		 "read or written: restore it from a backup (see docs/deploy.md)", path,
		 (unsigned long long)rep.file_pages, (unsigned long long)rep.need_pages,
		 rep.nmsg ? rep.msg[0] : "pages are missing");
	return GC_EIO;
}

/* LMDB extends its lock file with ftruncate and maps it: on a full disk
 * the first touch of a page no block backs is a SIGBUS. Reserving the
 * blocks first turns that into ENOSPC here. The descriptor is kept, with
 * a shared flock on it, in *gate: a compaction takes it exclusive across
 * the moment its fcntl locks are down (compact.c), and a process opening
 * the file meanwhile waits here, before LMDB looks at the lock file. */
static int reserve_lock(const char *path, int *gate, gc_errs *errs)
{
	gc_buf lock;
	buf_init(&lock);
	buf_printf(&lock, "%s-lock", path);
	int fd = open(lock.p, O_RDWR | O_CREAT | O_CLOEXEC, 0660), rc = 0;
	if (fd < 0) {
		rc = errno == ENOSPC || errno == EDQUOT ? ENOSPC : 0;   /* others: LMDB reports them */
	} else {
		rc = posix_fallocate(fd, 0, LOCK_RESERVE);
		while (!rc && flock(fd, LOCK_SH) != 0 && errno == EINTR)
			;
		if (rc)
			close(fd);
		else
			*gate = fd;
		if (rc == EDQUOT)
			rc = ENOSPC;
		if (rc != ENOSPC)
			rc = 0;   /* a file system without fallocate: as before */
	}
	if (rc)
		errs_add(errs, GC_EIO, "%s: the disk is full: the lock file needs %lld KiB; free some space and run "
			 "again (nothing was written)", lock.p, (long long)LOCK_RESERVE / 1024);
	buf_free(&lock);
	return rc ? GC_EIO : 0;
}

int store_open(gc_store **out, const char *path, int create, int depth, const char *levels, gc_errs *errs)
{
	struct stat sb;
	*out = NULL;
	if (!create && stat(path, &sb) != 0) {
		errs_add(errs, GC_ENOTFOUND, "%s: no database here (run 'gridcase init' or 'gridcase demo' first)", path);
		return GC_ENOTFOUND;
	}
	int gate = -1;
	if (check_file(path, errs) || reserve_lock(path, &gate, errs))
		return GC_EIO;
	guard_sigbus(path);
	gc_store *st = xcalloc(1, sizeof *st);
	st->path = xstrdup(path);
	st->lock_fd = gate;
	int rc = mdb_env_create(&st->env);
	if (!rc) rc = mdb_env_set_maxdbs(st->env, 16);
	/* GRIDCASE_MAPSIZE (bytes) starts the map small, so tests can see it grow. */
	const char *ms = getenv("GRIDCASE_MAPSIZE");
	st->small_map = ms && strtoull(ms, NULL, 10) != 0;
	size_t mapsize = st->small_map ? (size_t)strtoull(ms, NULL, 10) : INITIAL_MAP;
	if (!rc) rc = mdb_env_set_mapsize(st->env, mapsize);
	if (!rc) rc = mdb_env_set_maxreaders(st->env, STORE_MAX_READERS);
	/* NOSUBDIR: the database is one file plus its -lock file; NOTLS: a read
	 * transaction is not tied to a thread slot (one per screen refresh). */
	if (!rc) rc = mdb_env_open(st->env, path, MDB_NOSUBDIR | MDB_NOTLS, 0660);
	if (rc) {
		errs_add(errs, GC_EIO, "%s: cannot open database: %s", path, store_strerror(rc));
		store_close(st);
		return GC_EIO;
	}
	int dead = 0;
	mdb_reader_check(st->env, &dead);   /* clear slots of crashed processes */

	MDB_txn *txn;
	/* A database that has every table opens in a read-only transaction, so
	 * opening never waits for a writer (an import may hold the write lock for
	 * seconds). Only a new database, or one missing a table added since,
	 * needs a write transaction. */
	rc = mdb_txn_begin(st->env, NULL, MDB_RDONLY, &txn);
	if (rc == MDB_MAP_RESIZED) {
		mdb_env_set_mapsize(st->env, 0);
		rc = mdb_txn_begin(st->env, NULL, MDB_RDONLY, &txn);
	}
	if (!rc) {
		rc = store_open_tables(st, txn, 0);
		if (!rc)
			rc = check_schema(st, txn, create == STORE_CREATE_NEW ? create : 0, depth, levels, errs);
		if (!rc) {
			rc = mdb_txn_commit(txn);   /* commit keeps the table handles */
		} else {
			mdb_txn_abort(txn);
			if (rc == MDB_NOTFOUND || (rc == STORE_ABORT && create)) {
				errs_clear(errs);
				rc = mdb_txn_begin(st->env, NULL, 0, &txn);
				if (!rc) {
					rc = store_open_tables(st, txn, MDB_CREATE);
					if (!rc)
						rc = check_schema(st, txn, create, depth, levels, errs);
					if (!rc)
						rc = mdb_txn_commit(txn);
					else
						mdb_txn_abort(txn);
				}
			}
		}
	}
	if (rc) {
		if (rc != STORE_ABORT)
			errs_add(errs, GC_EIO, "%s: %s", path, store_strerror(rc));
		int status = errs->status ? errs->status : GC_EIO;
		store_close(st);
		return status;
	}
	*out = st;
	return 0;
}

void store_close(gc_store *st)
{
	if (!st)
		return;
	mdb_env_close(st->env);
	if (st->lock_fd >= 0)
		close(st->lock_fd);
	free(st->path);
	free(st);
}

int store_reserve(gc_store *st, uint64_t bytes)
{
	MDB_envinfo info;
	MDB_stat stat;
	if (st->small_map)
		return 0;
	mdb_env_info(st->env, &info);
	mdb_env_stat(st->env, &stat);
	uint64_t used = ((uint64_t)info.me_last_pgno + 1) * stat.ms_psize;
	uint64_t size = info.me_mapsize;
	while (size < used + bytes)
		size *= 2;
	if (size == info.me_mapsize)
		return 0;
	return mdb_env_set_mapsize(st->env, size);
}

static int grow_map(gc_store *st)
{
	MDB_envinfo info;
	mdb_env_info(st->env, &info);
	return mdb_env_set_mapsize(st->env, info.me_mapsize * 2);
}

int store_write(gc_store *st, store_write_fn fn, void *arg, gc_errs *errs)
{
	for (int attempt = 0; attempt < 40; attempt++) {
		MDB_txn *txn;
		int rc = mdb_txn_begin(st->env, NULL, 0, &txn);
		if (rc == MDB_MAP_RESIZED) {
			/* Another process grew the map: adopt its size and start again. */
			mdb_env_set_mapsize(st->env, 0);
			continue;
		}
		if (rc) {
			errs_add(errs, GC_EIO, "%s: cannot start a write: %s", st->path, store_strerror(rc));
			return rc;
		}
		rc = fn(txn, arg);
		/* A file of an older schema this binary reads is stamped with
		 * its own in the first write, which may hold records of format 3:
		 * an older gridcase then refuses the file rather than misread it. */
		int upgrade = rc == 0 && st->schema < GC_SCHEMA_VERSION;
		if (upgrade)
			rc = meta_put_u64(st, txn, "schema", GC_SCHEMA_VERSION);
		if (rc == 0) {
			rc = mdb_txn_commit(txn);
			if (rc == 0 && upgrade)
				st->schema = GC_SCHEMA_VERSION;
		} else {
			mdb_txn_abort(txn);
		}
		if (rc == MDB_MAP_FULL) {
			if ((rc = grow_map(st)) == 0)
				continue;
		}
		if (rc && rc != STORE_ABORT)
			errs_add(errs, GC_EIO, "%s: write failed: %s", st->path, store_strerror(rc));
		return rc;
	}
	errs_add(errs, GC_EIO, "%s: write failed: the map could not be grown enough", st->path);
	return MDB_MAP_FULL;
}

int store_read(gc_store *st, MDB_txn **txn, gc_errs *errs)
{
	int rc = mdb_txn_begin(st->env, NULL, MDB_RDONLY, txn);
	if (rc == MDB_MAP_RESIZED) {
		mdb_env_set_mapsize(st->env, 0);
		rc = mdb_txn_begin(st->env, NULL, MDB_RDONLY, txn);
	}
	if (rc)
		errs_add(errs, GC_EIO, "%s: cannot read: %s", st->path, store_strerror(rc));
	return rc;
}

/* ---- entries ---- */

static void item_of(store_item *it, const MDB_val *k, const MDB_val *d)
{
	it->key = k->mv_data;
	it->klen = k->mv_size;
	it->val = d->mv_data;
	it->vlen = d->mv_size;
}

int store_get(gc_store *st, MDB_txn *txn, int table, const void *key, size_t klen, store_item *it)
{
	MDB_val k = { klen, (void *)key }, d;
	int rc = mdb_get(txn, store_dbi(st, table), &k, &d);
	if (!rc && it)
		item_of(it, &k, &d);
	return rc;
}

int store_put(gc_store *st, MDB_txn *txn, int table, const void *key, size_t klen, const void *val, size_t vlen)
{
	MDB_val k = { klen, (void *)key }, d = { vlen, (void *)val };
	return mdb_put(txn, store_dbi(st, table), &k, &d, 0);
}

size_t store_entries(gc_store *st, MDB_txn *txn, int table)
{
	MDB_stat ms;
	return mdb_stat(txn, store_dbi(st, table), &ms) ? 0 : ms.ms_entries;
}

void store_read_end(MDB_txn *txn)
{
	mdb_txn_abort(txn);
}

int store_each(gc_store *st, MDB_txn *txn, int table, const void *from, size_t flen, size_t plen,
	       store_each_fn fn, void *arg)
{
	MDB_cursor *cur;
	MDB_val k = { flen, (void *)from }, d;
	store_item it;
	int rc = mdb_cursor_open(txn, store_dbi(st, table), &cur);
	if (rc)
		return rc;
	for (rc = mdb_cursor_get(cur, &k, &d, flen ? MDB_SET_RANGE : MDB_FIRST); rc == 0;
	     rc = mdb_cursor_get(cur, &k, &d, MDB_NEXT)) {
		if (plen && (k.mv_size < plen || memcmp(k.mv_data, from, plen)))
			break;
		item_of(&it, &k, &d);
		if (fn(&it, arg))
			break;
	}
	mdb_cursor_close(cur);
	return rc == MDB_NOTFOUND ? 0 : rc;
}

struct store_cursor {
	MDB_cursor *cur;
};

int store_cursor_open(gc_store *st, MDB_txn *txn, int table, store_cursor **out)
{
	store_cursor *c = xmalloc(sizeof *c);
	int rc = mdb_cursor_open(txn, store_dbi(st, table), &c->cur);
	if (rc) {
		free(c);
		c = NULL;
	}
	*out = c;
	return rc;
}

static int move(store_cursor *c, MDB_val *k, MDB_cursor_op op, store_item *it)
{
	MDB_val d;
	int rc = mdb_cursor_get(c->cur, k, &d, op);
	if (!rc)
		item_of(it, k, &d);
	return rc;
}

int store_cursor_seek(store_cursor *c, const void *key, size_t klen, store_item *it)
{
	MDB_val k = { klen, (void *)key };
	return move(c, &k, MDB_SET_RANGE, it);
}

int store_cursor_last(store_cursor *c, store_item *it)
{
	MDB_val k;
	return move(c, &k, MDB_LAST, it);
}

int store_cursor_next(store_cursor *c, store_item *it)
{
	MDB_val k;
	return move(c, &k, MDB_NEXT, it);
}

int store_cursor_prev(store_cursor *c, store_item *it)
{
	MDB_val k;
	return move(c, &k, MDB_PREV, it);
}

int store_cursor_seek_key(store_cursor *c, const void *key, size_t klen, store_item *it)
{
	MDB_val k = { klen, (void *)key };
	return move(c, &k, MDB_SET_KEY, it);
}

int store_cursor_seek_dup(store_cursor *c, const void *key, size_t klen, const void *val, size_t vlen,
			  store_item *it)
{
	MDB_val k = { klen, (void *)key }, d = { vlen, (void *)val };
	int rc = mdb_cursor_get(c->cur, &k, &d, MDB_GET_BOTH_RANGE);
	if (!rc)
		item_of(it, &k, &d);
	return rc;
}

int store_cursor_last_dup(store_cursor *c, store_item *it)
{
	MDB_val k;
	return move(c, &k, MDB_LAST_DUP, it);
}

int store_cursor_next_dup(store_cursor *c, store_item *it)
{
	MDB_val k;
	return move(c, &k, MDB_NEXT_DUP, it);
}

int store_cursor_prev_dup(store_cursor *c, store_item *it)
{
	MDB_val k;
	return move(c, &k, MDB_PREV_DUP, it);
}

int store_cursor_next_key(store_cursor *c, store_item *it)
{
	MDB_val k;
	return move(c, &k, MDB_NEXT_NODUP, it);
}

size_t store_cursor_dups(store_cursor *c)
{
	size_t n = 0;
	return mdb_cursor_count(c->cur, &n) ? 0 : (size_t)n;
}

int store_has_dup(store_cursor *c, const void *key, size_t klen, const void *val, size_t vlen)
{
	MDB_val k = { klen, (void *)key }, d = { vlen, (void *)val };
	return mdb_cursor_get(c->cur, &k, &d, MDB_GET_BOTH);
}

int store_cursor_dup_page(store_cursor *c, int next, store_item *it)
{
	MDB_val k = { 0, NULL }, d = { 0, NULL };
	int rc = mdb_cursor_get(c->cur, &k, &d, next ? MDB_NEXT_MULTIPLE : MDB_GET_MULTIPLE);
	if (!rc && !d.mv_data)   /* a key of one value has no page of its own */
		rc = mdb_cursor_get(c->cur, &k, &d, MDB_GET_CURRENT);
	if (!rc)
		item_of(it, &k, &d);
	return rc;
}

int store_sizes(gc_store *st, store_table_size out[TBL_COUNT], uint64_t *file_bytes)
{
	MDB_txn *txn;
	MDB_envinfo info;
	MDB_stat ms;
	int rc = mdb_txn_begin(st->env, NULL, MDB_RDONLY, &txn);
	if (rc)
		return rc;
	mdb_env_info(st->env, &info);
	mdb_env_stat(st->env, &ms);
	*file_bytes = ((uint64_t)info.me_last_pgno + 1) * ms.ms_psize;
	for (int i = 0; i < TBL_COUNT && !rc; i++) {
		MDB_stat ts;
		if ((rc = mdb_stat(txn, st->dbi[i], &ts)))
			break;
		out[i].name = table_names[i];
		out[i].entries = ts.ms_entries;
		out[i].branch = ts.ms_branch_pages;
		out[i].leaf = ts.ms_leaf_pages;
		out[i].overflow = ts.ms_overflow_pages;
		out[i].bytes = (ts.ms_branch_pages + ts.ms_leaf_pages + ts.ms_overflow_pages) * (uint64_t)ts.ms_psize;
	}
	mdb_txn_abort(txn);
	return rc;
}

void store_cursor_close(store_cursor *c)
{
	if (!c)
		return;
	mdb_cursor_close(c->cur);
	free(c);
}

int store_copy(gc_store *st, int fd)
{
	/* In its own read transaction: writers go on, the copy is one moment. */
	return mdb_env_copyfd2(st->env, fd, MDB_CP_COMPACT);
}

void store_bulk_begin(gc_store *st)
{
	mdb_env_set_flags(st->env, MDB_NOSYNC, 1);
}

int store_bulk_end(gc_store *st)
{
	mdb_env_set_flags(st->env, MDB_NOSYNC, 0);
	return mdb_env_sync(st->env, 1);
}

/* The pages a bulk writer read through the map stay mapped, and count as
 * its memory, until it lets them go: the file's pages stay in the page
 * cache, a later read maps them again. */
/* mdb_env_info's me_mapaddr is only the map's address with MDB_FIXEDMAP
 * (NULL otherwise), so the map is found in /proc/self/maps by the data
 * file's device and inode; it moves when the map grows, so each call
 * looks again (a few dozen lines, once per bulk transaction). */
void store_release_map(gc_store *st)
{
	/* The map found once per map size (a bulk writer lets go of it every
	 * few hundred entries): LMDB maps the file again only when it grows. */
	MDB_envinfo info;
	if (mdb_env_info(st->env, &info))
		return;
	if (st->map_len && st->map_size == info.me_mapsize) {
		madvise(st->map_at, st->map_len, MADV_DONTNEED);
		return;
	}
	int fd;
	struct stat sb;
	if (mdb_env_get_fd(st->env, &fd) || fstat(fd, &sb))
		return;
	FILE *fp = fopen("/proc/self/maps", "r");
	if (!fp)
		return;
	char line[512];
	size_t found = 0;
	while (fgets(line, sizeof line, fp)) {
		unsigned long lo, hi, ino;
		unsigned dmaj, dmin;
		char perm[8];
		if (sscanf(line, "%lx-%lx %7s %*x %x:%x %lu", &lo, &hi, perm, &dmaj, &dmin, &ino) == 6
		    && ino == (unsigned long)sb.st_ino && makedev(dmaj, dmin) == sb.st_dev && hi > lo) {
			madvise((void *)lo, hi - lo, MADV_DONTNEED);
			st->map_at = (void *)lo;
			st->map_len = hi - lo;
			found++;
		}
	}
	fclose(fp);
	st->map_size = info.me_mapsize;
	if (found != 1)   /* not one range: looked up again each time */
		st->map_len = 0;
}

void store_start_writeback(gc_store *st)
{
#ifdef SYNC_FILE_RANGE_WRITE
	int fd;
	if (mdb_env_get_fd(st->env, &fd) == 0)
		sync_file_range(fd, 0, 0, SYNC_FILE_RANGE_WRITE);
#else
	(void)st;
#endif
}

int store_watch(gc_store *st)
{
#ifdef __linux__
	int fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	if (fd >= 0 && inotify_add_watch(fd, st->path, IN_MODIFY) < 0) {
		close(fd);
		fd = -1;
	}
	return fd;
#else
	(void)st;
	return -1;
#endif
}

void store_watch_clear(int fd)
{
	char events[4096];
	while (fd >= 0 && read(fd, events, sizeof events) > 0)
		;
}
