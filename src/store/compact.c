/* SPDX-License-Identifier: MIT */
/* compact.c - a bulk writer's new file rewritten without its free pages,
 * every table's pages full (store_compact in store.h; why and when:
 * docs/storage.md, "Compaction"). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>
#include "store/store.h"

/* A lock on the first byte of the lock file, where LMDB keeps its own:
 * every process that has the environment open holds it shared. */
static int lock_byte0(int fd, short type, int wait)
{
	struct flock fl;
	memset(&fl, 0, sizeof fl);
	fl.l_type = type;
	fl.l_whence = SEEK_SET;
	fl.l_start = 0;
	fl.l_len = 1;
	int rc;
	while ((rc = fcntl(fd, wait ? F_SETLKW : F_SETLK, &fl)) != 0 && errno == EINTR)
		;
	return rc;
}

/* The gate every opener holds shared (store.c, reserve_lock). */
static int flock_gate(int fd, int how)
{
	int rc;
	while ((rc = flock(fd, how)) != 0 && errno == EINTR)
		;
	return rc;
}

static int sync_dir(const char *path)
{
	char *dir = xstrdup(path), *slash = strrchr(dir, '/');
	if (slash)
		slash[slash == dir] = '\0';
	int fd = open(slash ? dir : ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC), rc = -1;
	if (fd >= 0) {
		rc = fsync(fd);
		close(fd);
	}
	free(dir);
	return rc;
}

/* How much a transaction of the copy writes before it commits: its
 * dirty pages are held in memory until then. */
#define REPACK_TXN_BYTES (8u << 20)

typedef struct repack {
	gc_store *st;
	MDB_env *dst;
	MDB_txn *rt, *wt;
	size_t bytes, entries;
} repack;

/* Commit the copy's transaction and start the next; the pages both maps
 * touched are let go (store_release_map), so the copy does not hold the
 * file's size in memory. */
static int next_txn(repack *r)
{
	int rc = mdb_txn_commit(r->wt);
	r->wt = NULL;
	r->bytes = 0;
	store_release_map(r->st);
	gc_store dst = { .env = r->dst };
	store_release_map(&dst);
	return rc ? rc : mdb_txn_begin(r->dst, NULL, 0, &r->wt);
}

/* One table, entry by entry in key order, each one appended (a duplicate
 * list's values too): LMDB then fills every page, where the writes that
 * made the file left pages split in half (records written batch after
 * batch) and free pages behind. */
static int copy_table(repack *r, const char *name)
{
	MDB_dbi s, d;
	unsigned flags = 0;
	MDB_cursor *c = NULL, *w = NULL;
	MDB_val k, v;
	int rc = mdb_dbi_open(r->rt, name, 0, &s);
	if (!rc) rc = mdb_dbi_flags(r->rt, s, &flags);
	if (!rc) rc = mdb_dbi_open(r->wt, name, flags | MDB_CREATE, &d);
	if (!rc) rc = mdb_cursor_open(r->rt, s, &c);
	if (!rc) rc = mdb_cursor_open(r->wt, d, &w);
	unsigned put = flags & MDB_DUPSORT ? MDB_APPENDDUP : MDB_APPEND;
	for (int op = MDB_FIRST; !rc && (rc = mdb_cursor_get(c, &k, &v, op)) == 0; op = MDB_NEXT) {
		if ((rc = mdb_cursor_put(w, &k, &v, put)) != 0)
			break;
		r->bytes += k.mv_size + v.mv_size + 16;
		if (!(++r->entries & 16383))   /* the source's pages read since */
			store_release_map(r->st);
		if (r->bytes >= REPACK_TXN_BYTES) {
			mdb_cursor_close(w);
			w = NULL;
			if ((rc = next_txn(r)) == 0)
				rc = mdb_cursor_open(r->wt, d, &w);
		}
	}
	if (c)
		mdb_cursor_close(c);
	if (w)
		mdb_cursor_close(w);
	return rc == MDB_NOTFOUND ? 0 : rc;
}

/* Every table of st's snapshot (its names are the main table's keys) into
 * a new file at tmp. */
static int repack_to(gc_store *st, const char *tmp)
{
	MDB_envinfo info;
	mdb_env_info(st->env, &info);
	repack r = { st, NULL, NULL, NULL, 0, 0 };
	MDB_dbi main;
	MDB_cursor *mc = NULL;
	MDB_val k, v;
	char name[256];
	/* A new, empty file (one left by an earlier process of this id is
	 * not ours to fill): LMDB makes an empty file a new database. */
	int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0)
		return errno;
	close(fd);
	int rc = mdb_env_create(&r.dst);
	if (rc)
		return rc;
	rc = mdb_env_set_maxdbs(r.dst, 64);
	if (!rc) rc = mdb_env_set_mapsize(r.dst, info.me_mapsize);
	/* Nobody else knows the file yet: no lock file, one sync at the end. */
	if (!rc) rc = mdb_env_open(r.dst, tmp, MDB_NOSUBDIR | MDB_NOLOCK | MDB_NOSYNC, 0600);
	if (!rc) rc = mdb_txn_begin(st->env, NULL, MDB_RDONLY, &r.rt);
	if (!rc) rc = mdb_txn_begin(r.dst, NULL, 0, &r.wt);
	if (!rc) rc = mdb_dbi_open(r.rt, NULL, 0, &main);
	if (!rc) rc = mdb_cursor_open(r.rt, main, &mc);
	for (int op = MDB_FIRST; !rc && (rc = mdb_cursor_get(mc, &k, &v, op)) == 0; op = MDB_NEXT) {
		if (k.mv_size >= sizeof name || memchr(k.mv_data, 0, k.mv_size)) {
			rc = MDB_INCOMPATIBLE;   /* not a table's name: this is no file of ours */
			break;
		}
		memcpy(name, k.mv_data, k.mv_size);
		name[k.mv_size] = '\0';
		rc = copy_table(&r, name);
	}
	if (rc == MDB_NOTFOUND)
		rc = 0;
	if (mc)
		mdb_cursor_close(mc);
	if (r.wt)
		rc = rc ? (mdb_txn_abort(r.wt), rc) : mdb_txn_commit(r.wt);
	if (r.rt)
		mdb_txn_abort(r.rt);
	if (!rc)
		rc = mdb_env_sync(r.dst, 1);
	mdb_env_close(r.dst);
	store_release_map(st);
	return rc;
}

/* The repacked copy of st in tmp, synced, with the original's mode. */
static int copy_to(gc_store *st, const char *tmp)
{
	struct stat sb, tb;
	/* A name that is a symbolic link, or one of several hard links, would
	 * be replaced by the copy where the data is elsewhere: left alone. */
	if (lstat(st->path, &sb) || !S_ISREG(sb.st_mode) || sb.st_nlink != 1)
		return -1;
	int rc = repack_to(st, tmp);
	if (!rc)
		rc = chmod(tmp, sb.st_mode & 07777);
	/* The same owner, or no copy (a file made for the service's user,
	 * by root, keeps its owner). */
	if (!rc && (rc = stat(tmp, &tb)) == 0 && (tb.st_uid != sb.st_uid || tb.st_gid != sb.st_gid))
		rc = chown(tmp, sb.st_uid, sb.st_gid);
	return rc;
}

static int open_env(gc_store *st, size_t mapsize, MDB_env **out)
{
	MDB_env *env;
	int rc = mdb_env_create(&env);
	if (!rc) rc = mdb_env_set_maxdbs(env, 16);
	if (!rc) rc = mdb_env_set_mapsize(env, mapsize);
	if (!rc) rc = mdb_env_set_maxreaders(env, STORE_MAX_READERS);
	if (!rc) rc = mdb_env_open(env, st->path, MDB_NOSUBDIR | MDB_NOTLS, 0660);
	MDB_txn *txn = NULL;
	if (!rc) rc = mdb_txn_begin(env, NULL, MDB_RDONLY, &txn);
	if (!rc) {
		rc = store_open_tables(st, txn, 0);
		if (!rc)
			rc = mdb_txn_commit(txn);   /* keeps the table handles */
		else
			mdb_txn_abort(txn);
	}
	if (rc)
		mdb_env_close(env);
	else
		*out = env;
	return rc;
}

/* Copies FILE.compact.PID that a killed compaction left (its process is
 * gone): each is as large as the data, and nothing else would remove it. */
static void remove_stale_copies(const char *path)
{
	char *dir = xstrdup(path), *slash = strrchr(dir, '/');
	const char *base = slash ? slash + 1 : path;
	if (slash)
		slash[slash == dir] = '\0';
	size_t bl = strlen(base);
	DIR *d = opendir(slash ? dir : ".");
	for (struct dirent *e; d && (e = readdir(d));) {
		const char *pid = e->d_name + bl + 9;
		if (strncmp(e->d_name, base, bl) || strncmp(e->d_name + bl, ".compact.", 9) || !*pid ||
		    strspn(pid, "0123456789") != strlen(pid))
			continue;
		long n = atol(pid);
		if (n <= 0 || n == (long)getpid() || kill((pid_t)n, 0) == 0 || errno != ESRCH)
			continue;
		gc_buf f;
		buf_init(&f);
		buf_printf(&f, "%s/%s", slash ? dir : ".", e->d_name);
		unlink(f.p);
		buf_free(&f);
	}
	if (d)
		closedir(d);
	free(dir);
}

int store_compact(gc_store *st, gc_errs *errs)
{
	remove_stale_copies(st->path);
	MDB_envinfo before, after;
	mdb_env_info(st->env, &before);
	gc_buf tmp, lock;
	buf_init(&tmp);
	buf_init(&lock);
	buf_printf(&tmp, "%s.compact.%ld", st->path, (long)getpid());
	buf_printf(&lock, "%s-lock", st->path);
	int lfd = -1, locked = 0, done = 0, rc = copy_to(st, tmp.p);
	if (!rc)
		lfd = st->lock_fd >= 0 ? st->lock_fd : open(lock.p, O_RDWR | O_CLOEXEC);
	/* Only when no other process has the file open (each holds the lock
	 * byte shared) and nobody wrote since the copy began; held exclusive
	 * from here, a process opening the file waits for the new one. */
	if (lfd >= 0 && flock_gate(lfd, LOCK_EX | LOCK_NB) == 0 && lock_byte0(lfd, F_WRLCK, 0) == 0) {
		locked = 1;
		mdb_env_info(st->env, &after);
		if (after.me_last_txnid == before.me_last_txnid && rename(tmp.p, st->path) == 0) {
			done = 1;
			sync_dir(st->path);
		}
	}
	buf_free(&lock);
	if (!done) {
		unlink(tmp.p);
		buf_free(&tmp);
		if (locked)
			lock_byte0(lfd, F_RDLCK, 1);   /* back to what LMDB holds */
		if (lfd >= 0)
			flock_gate(lfd, LOCK_SH);   /* a failed upgrade may have let it go */
		/* Kept open: closing any descriptor of the lock file would drop
		 * this process's locks on it, LMDB's too. */
		st->lock_fd = lfd;
		return 1;
	}
	buf_free(&tmp);
	/* The new file is opened while the lock is still exclusive, so LMDB
	 * starts its lock file afresh from it (the next transaction number
	 * comes from the file, not from the old one). Closing the old
	 * environment drops every lock this process held on the lock file;
	 * the byte is taken shared again for the new one (lfd, kept until
	 * store_close). */
	MDB_env *env;
	if ((rc = open_env(st, before.me_mapsize, &env)) != 0) {
		errs_add(errs, GC_EIO, "%s: cannot open database: %s", st->path, store_strerror(rc));
		lock_byte0(lfd, F_RDLCK, 1);
		flock_gate(lfd, LOCK_SH);
		st->lock_fd = lfd;
		return rc;
	}
	/* Closing the old environment drops every fcntl lock this process
	 * has on the lock file, the exclusive byte too: the flock (another
	 * kind of lock, held by lfd alone) keeps openers waiting until the
	 * byte is shared again. */
	mdb_env_close(st->env);
	st->env = env;
	st->map_len = 0;   /* the old map is gone: store_release_map looks the new one up */
	lock_byte0(lfd, F_RDLCK, 1);
	flock_gate(lfd, LOCK_SH);
	st->lock_fd = lfd;
	return 0;
}
