/* SPDX-License-Identifier: MIT */
/* compact.c - a bulk writer's new file rewritten without its free pages
 * (store_compact in store.h; why and when: docs/storage.md, "Compaction"). */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
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

typedef struct copy_job {
	gc_store *st;
	int fd, rc;
	volatile int done;
} copy_job;

static void *copy_thread(void *arg)
{
	copy_job *j = arg;
	j->rc = mdb_env_copyfd2(j->st->env, j->fd, MDB_CP_COMPACT);
	__atomic_store_n(&j->done, 1, __ATOMIC_RELEASE);
	return NULL;
}

/* The compacted copy of st in tmp, synced, with the original's mode. The
 * copy reads every page through the map: meanwhile this thread lets go of
 * the pages read, every 50 ms, so they do not all count as the process's
 * memory (the map is read-only; a page let go is read again if needed). */
static int copy_to(gc_store *st, const char *tmp)
{
	struct stat sb;
	int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0)
		return -1;
	copy_job j = { st, fd, 0, 0 };
	pthread_t th;
	int rc = pthread_create(&th, NULL, copy_thread, &j);
	if (!rc) {
		while (!__atomic_load_n(&j.done, __ATOMIC_ACQUIRE)) {
			struct timespec ts = { 0, 50 * 1000 * 1000 };
			nanosleep(&ts, NULL);
			store_release_map(st);
		}
		pthread_join(th, NULL);
		store_release_map(st);
		rc = j.rc;
	}
	if (!rc && stat(st->path, &sb) == 0)
		rc = fchmod(fd, sb.st_mode & 07777);
	if (!rc)
		rc = fsync(fd);
	if (close(fd) && !rc)
		rc = -1;
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

int store_compact(gc_store *st, gc_errs *errs)
{
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
	if (lfd >= 0 && lock_byte0(lfd, F_WRLCK, 0) == 0) {
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
		st->lock_fd = lfd;
		return rc;
	}
	mdb_env_close(st->env);
	st->env = env;
	lock_byte0(lfd, F_RDLCK, 1);
	st->lock_fd = lfd;
	return 0;
}
