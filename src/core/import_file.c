/* SPDX-License-Identifier: MIT */
/* import_file.c - the bytes of a file to import: a regular file mapped
 * read-only and given back as it is read (in_release), so a file of any
 * size keeps only the part being read resident; standard input read into
 * memory. And the hash that tells a resumed import it has the same file. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include "core/core_int.h"
#include "core/import_mark.h"
#include "gridcase/text.h"

static char *slurp(const char *path, size_t *len, gc_errs *errs)
{
	FILE *fp = strcmp(path, "-") ? fopen(path, "rb") : stdin;
	if (!fp) {
		errs_add(errs, GC_EIO, "%s: cannot open: %s", path, strerror(errno));
		return NULL;
	}
	gc_buf b;
	char chunk[65536];
	size_t n;
	buf_init(&b);
	while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0)
		buf_add(&b, chunk, n);
	int bad = ferror(fp);
	if (fp != stdin)
		fclose(fp);
	if (bad) {
		errs_add(errs, GC_EIO, "%s: read error", path);
		buf_free(&b);
		return NULL;
	}
	*len = b.len;
	return b.p ? b.p : xstrdup("");
}

/* A mapped file cut short while it is read ends the process with SIGBUS:
 * said of that file, not of the database (whose handler, store.c's, gets
 * every other SIGBUS). One import file is mapped at a time. */
static struct {
	const char *lo, *hi;
	char msg[600];
	size_t len;
	struct sigaction prev;
} bus;

static void on_file_sigbus(int sig, siginfo_t *si, void *uc)
{
	const char *a = si->si_addr;
	if (a >= bus.lo && a < bus.hi) {
		ssize_t n = write(STDERR_FILENO, bus.msg, bus.len);
		(void)n;
		_exit(GC_EDATA);
	}
	if (bus.prev.sa_flags & SA_SIGINFO)
		bus.prev.sa_sigaction(sig, si, uc);
	else if (bus.prev.sa_handler != SIG_DFL && bus.prev.sa_handler != SIG_IGN)
		bus.prev.sa_handler(sig);
	signal(SIGBUS, SIG_DFL);
	raise(SIGBUS);
}

static void guard_file(const in_reader *r, const char *path)
{
	snprintf(bus.msg, sizeof bus.msg, "gridcase: %.300s: the file was cut short while it was being imported: "
		 "nothing of the transaction under way was written, earlier ones stay (every command says where a "
		 "large import stopped)\n", path);
	bus.len = strlen(bus.msg);
	bus.lo = r->data;
	bus.hi = r->data + r->len;
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = on_file_sigbus;
	sa.sa_flags = SA_SIGINFO;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGBUS, &sa, &bus.prev);
}

/* A regular file is mapped read-only, not copied: its pages can be given
 * back as they are read (in_release), so a file of any size costs only
 * the part being read. Standard input, an empty file or one that cannot
 * be mapped is read into memory. */
int in_map(in_reader *r, const char *path, gc_errs *errs)
{
	int fd = strcmp(path, "-") ? open(path, O_RDONLY | O_CLOEXEC) : -1;
	struct stat sb;
	if (fd >= 0 && fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode) && sb.st_size > 0) {
		void *p = mmap(NULL, (size_t)sb.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
		if (p != MAP_FAILED) {
			r->data = p;
			r->len = (size_t)sb.st_size;
			r->mapped = 1;
			r->fd = fd;
			r->size = (long long)sb.st_size;
			r->mtime_ns = (long long)sb.st_mtim.tv_sec * 1000000000LL + sb.st_mtim.tv_nsec;
			guard_file(r, path);
			return 0;
		}
	}
	if (fd >= 0)
		close(fd);
	return (r->data = slurp(path, &r->len, errs)) ? 0 : -1;
}

/* Whether a mapped file was written since it was opened (its size or
 * modification time moved): the rows read again would not be the ones
 * checked. */
int in_changed(const in_reader *r)
{
	struct stat sb;
	if (!r->mapped)
		return 0;
	if (fstat(r->fd, &sb))
		return 1;
	return (long long)sb.st_size != r->size ||
	       (long long)sb.st_mtim.tv_sec * 1000000000LL + sb.st_mtim.tv_nsec != r->mtime_ns;
}

void in_drop(in_reader *r)
{
	if (r->mapped) {
		struct sigaction cur;
		if (sigaction(SIGBUS, NULL, &cur) == 0 && (cur.sa_flags & SA_SIGINFO) &&
		    cur.sa_sigaction == on_file_sigbus)   /* (not if the store's came after it) */
			sigaction(SIGBUS, &bus.prev, NULL);
		bus.lo = bus.hi = NULL;
		munmap(r->data, r->len);
		close(r->fd);
	} else
		free(r->data);
	r->data = NULL;
	r->mapped = 0;
}

void in_release(in_reader *r)
{
	if (!r->mapped || r->format == IO_XLSX)
		return;
	const char *at = r->format == IO_CSV ? r->csv.p : r->p;
	size_t page = (size_t)sysconf(_SC_PAGESIZE), upto = (size_t)(at - r->data) / page * page;
	if (at < r->data || upto <= r->released)
		return;
	madvise(r->data + r->released, upto - r->released, MADV_DONTNEED);
	r->released = upto;
}

uint64_t in_hash(in_reader *r)
{
	const size_t piece = (size_t)16 << 20;
	uint64_t h = 0xcbf29ce484222325ULL ^ r->len;
	for (size_t at = 0; at < r->len; at += piece) {
		size_t n = r->len - at < piece ? r->len - at : piece;
		h = import_hash(h, r->data + at, n);
		if (r->mapped)   /* read again from the file when needed */
			madvise(r->data + at, n, MADV_DONTNEED);
	}
	return h;
}


size_t in_valid_prefix(in_reader *r)
{
	const size_t piece = (size_t)16 << 20;
	size_t at = 0, dropped = 0, page = (size_t)sysconf(_SC_PAGESIZE);
	while (at < r->len) {
		size_t n = r->len - at < piece ? r->len - at : piece;
		size_t ok = utf8_valid_prefix(r->data + at, n);
		/* A character cut by the piece's end is read again with the next. */
		if (ok < n && (at + n == r->len || n - ok >= 4))
			return at + ok;
		at += ok;
		size_t upto = at / page * page;
		if (r->mapped && upto > dropped) {   /* read again from the file when needed */
			madvise(r->data + dropped, upto - dropped, MADV_DONTNEED);
			dropped = upto;
		}
	}
	return r->len;
}
