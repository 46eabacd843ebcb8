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
			close(fd);
			r->data = p;
			r->len = (size_t)sb.st_size;
			r->mapped = 1;
			return 0;
		}
	}
	if (fd >= 0)
		close(fd);
	return (r->data = slurp(path, &r->len, errs)) ? 0 : -1;
}

void in_drop(in_reader *r)
{
	if (r->mapped)
		munmap(r->data, r->len);
	else
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
