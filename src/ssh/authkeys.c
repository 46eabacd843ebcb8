/* SPDX-License-Identifier: MIT */
/* authkeys.c - building the service account's authorized_keys (see
 * authkeys.h and docs/deploy.md). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>
#include <sys/stat.h>
#include "gridcase/authkeys.h"

/* Key types OpenSSH accepts in authorized_keys today (ssh-dss is gone). */
static const char *const key_types[] = {
	"ssh-ed25519", "ssh-rsa", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521",
	"sk-ssh-ed25519@openssh.com", "sk-ecdsa-sha2-nistp256@openssh.com",
};

static int known_type(const char *t)
{
	for (size_t i = 0; i < ARRAY_LEN(key_types); i++)
		if (!strcmp(key_types[i], t))
			return 1;
	return 0;
}

static int b64_value(int c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	return c == '+' ? 62 : c == '/' ? 63 : -1;
}

/* A key blob is base64 of (u32 length, type name, ...): a blob whose
 * inner name differs from the type in front of it is a pasting mistake. */
static int blob_matches(const char *blob, const char *type)
{
	size_t n = strlen(blob), out = 0;
	unsigned char head[64];
	uint32_t acc = 0;
	int bits = 0;
	if (n == 0 || n % 4)
		return 0;
	for (size_t i = 0; i < n; i++) {
		if (blob[i] == '=') {
			if (i < n - 2 || (i == n - 2 && blob[n - 1] != '='))
				return 0;
			break;
		}
		int v = b64_value((unsigned char)blob[i]);
		if (v < 0)
			return 0;
		acc = (acc << 6) | (uint32_t)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			if (out < sizeof head)
				head[out] = (unsigned char)(acc >> bits);
			out++;
		}
	}
	size_t tl = strlen(type);
	if (out < 4 + tl || 4 + tl > sizeof head)
		return 0;
	return get_be32(head) == tl && !memcmp(head + 4, type, tl);
}

/* Characters a path may have to go into command="..." unquoted. */
static int plain_path(const char *p)
{
	if (!p || p[0] != '/')
		return 0;
	for (; *p; p++)
		if (!(('a' <= *p && *p <= 'z') || ('A' <= *p && *p <= 'Z') || ('0' <= *p && *p <= '9') ||
		      strchr("/._+-@:,=", *p)))
			return 0;
	return 1;
}

void authkeys_line(gc_buf *out, const authkeys_job *job, const char *login, const char *type, const char *blob)
{
	buf_printf(out, "restrict,pty,command=\"%s --config %s --db %s --ssh-user %s\" %s %s gridcase:%s\n",
		   job->program, job->config, job->db, login, type, blob, login);
}

/* One usable key, remembered to find duplicates. */
typedef struct seen_key {
	char *blob, *where, *login;
} seen_key;

typedef struct builder {
	const gc_config *cfg;
	const authkeys_job *job;
	gc_buf lines;            /* the generated block */
	seen_key *seen;
	size_t nseen;
	gc_errs *warnings;
	authkeys_report *rep;
} builder;

static const seen_key *find_seen(const builder *b, const char *blob)
{
	for (size_t i = 0; i < b->nseen; i++)
		if (!strcmp(b->seen[i].blob, blob))
			return &b->seen[i];
	return NULL;
}

/* Take one line of LOGIN's key file. Returns whether a key was added. */
static int take_key(builder *b, const char *login, const char *file, long lineno, char *line)
{
	char *save, *type = strtok_r(line, " \t", &save), *blob = type ? strtok_r(NULL, " \t", &save) : NULL;
	if (!type || *type == '#')
		return 0;
	if (!known_type(type)) {
		errs_add(b->warnings, 0, "%s:%ld: not a public key line (options such as command= are not accepted; "
				       "give only 'type key comment'); skipped", file, lineno);
		return 0;
	}
	if (!blob || !blob_matches(blob, type)) {
		errs_add(b->warnings, 0, "%s:%ld: the %s key is damaged (bad base64 or wrong type); skipped", file, lineno, type);
		return 0;
	}
	const seen_key *dup = find_seen(b, blob);
	if (dup) {
		errs_add(b->warnings, 0, "%s:%ld: the same key as %s (%s); skipped: one key, one person", file, lineno,
			 dup->where, dup->login);
		return 0;
	}
	gc_buf where;
	buf_init(&where);
	buf_printf(&where, "%s:%ld", file, lineno);
	b->seen = xrealloc(b->seen, (b->nseen + 1) * sizeof *b->seen);
	b->seen[b->nseen++] = (seen_key){ xstrdup(blob), where.p, xstrdup(login) };
	authkeys_line(&b->lines, b->job, login, type, blob);
	b->rep->keys++;
	return 1;
}

static int read_key_file(builder *b, const char *path, const char *login, gc_errs *errs)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		errs_add(errs, GC_EIO, "%s: cannot read: %s", path, strerror(errno));
		return GC_EIO;
	}
	char *line = NULL;
	size_t cap = 0;
	long lineno = 0;
	int any = 0;
	while (getline(&line, &cap, f) >= 0) {
		lineno++;
		line[strcspn(line, "\r\n")] = 0;
		any |= take_key(b, login, path, lineno, line);
	}
	free(line);
	fclose(f);
	if (!any)
		errs_add(b->warnings, 0, "%s: no usable key", path);
	return 0;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* LOGIN.pub or LOGIN@anything.pub: the login, or NULL for other files. */
static char *login_of(const char *name)
{
	size_t n = strlen(name);
	if (n <= 4 || strcmp(name + n - 4, ".pub") || name[0] == '.')
		return NULL;
	size_t at = strcspn(name, "@");
	return xstrndup(name, at < n - 4 ? at : n - 4);
}

static int read_key_dir(builder *b, gc_errs *errs)
{
	DIR *d = opendir(b->job->keydir);
	if (!d) {
		errs_add(errs, errno == ENOENT ? GC_ENOTFOUND : GC_EIO, "%s: cannot read the key directory: %s",
			 b->job->keydir, strerror(errno));
		return errs->status;
	}
	char **names = NULL;
	size_t n = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		char *login = login_of(e->d_name);
		if (!login)
			continue;
		free(login);
		names = xrealloc(names, (n + 1) * sizeof *names);
		names[n++] = xstrdup(e->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof *names, cmp_names);   /* the same file from the same keys */
	int rc = 0;
	char *last_login = NULL;
	for (size_t i = 0; i < n; i++) {
		char *login = login_of(names[i]);
		gc_buf path;
		buf_init(&path);
		buf_printf(&path, "%s/%s", b->job->keydir, names[i]);
		size_t before = b->rep->keys;
		if (!config_user(b->cfg, login))
			errs_add(b->warnings, 0, "%s: no user '%s' in the configuration; skipped", path.p, login);
		else if (!rc)
			rc = read_key_file(b, path.p, login, errs);
		if (b->rep->keys > before && (!last_login || strcmp(last_login, login))) {
			b->rep->people++;
			free(last_login);
			last_login = xstrdup(login);
		}
		buf_free(&path);
		free(login);
	}
	free(last_login);
	strv_free(names, n);
	return rc;
}

/* The existing file's own lines, split around the generated block. */
static int read_existing(builder *b, gc_buf *before, gc_buf *after, gc_errs *errs)
{
	FILE *f = fopen(b->job->output, "r");
	if (!f) {
		if (errno == ENOENT)
			return 0;
		errs_add(errs, GC_EIO, "%s: cannot read: %s", b->job->output, strerror(errno));
		return GC_EIO;
	}
	char *line = NULL;
	size_t cap = 0;
	long lineno = 0;
	int state = 0;   /* 0 before the block, 1 inside, 2 after */
	while (getline(&line, &cap, f) >= 0) {
		lineno++;
		if (!strncmp(line, AUTHKEYS_BEGIN, strlen(AUTHKEYS_BEGIN)) && state == 0) {
			state = 1;
			continue;
		}
		if (!strncmp(line, AUTHKEYS_END, strlen(AUTHKEYS_END)) && state == 1) {
			state = 2;
			continue;
		}
		if (state == 1)
			continue;
		buf_adds(state == 0 ? before : after, line);
		if (line[strlen(line) - 1] != '\n')
			buf_addc(state == 0 ? before : after, '\n');
		b->rep->kept++;
		/* A key here too: sshd takes the first matching line. */
		for (size_t i = 0; i < b->nseen; i++)
			if (strstr(line, b->seen[i].blob))
				errs_add(b->warnings, 0, "%s:%ld: a line not written by gridcase has the same key as %s; "
							"sshd uses whichever comes first", b->job->output, lineno, b->seen[i].where);
	}
	free(line);
	fclose(f);
	return 0;
}

/* Write to a new file beside it, then rename: sshd never sees half a file. */
static int write_atomically(const char *path, const gc_buf *content, gc_errs *errs)
{
	gc_buf tmp;
	buf_init(&tmp);
	buf_printf(&tmp, "%s.XXXXXX", path);
	int fd = mkstemp(tmp.p), rc = 0;
	if (fd < 0) {
		errs_add(errs, GC_EIO, "%s: cannot create a file beside it: %s", path, strerror(errno));
		buf_free(&tmp);
		return GC_EIO;
	}
	const char *p = content->p ? content->p : "";
	size_t left = content->len;
	while (left && !rc) {
		ssize_t w = write(fd, p, left);
		if (w < 0 && errno != EINTR)
			rc = errno;
		else if (w > 0)
			p += w, left -= (size_t)w;
	}
	if (!rc && fchmod(fd, 0600))
		rc = errno;
	if ((rc = file_finish(fd, tmp.p, path, rc)) != 0) {
		errs_add(errs, GC_EIO, "%s: cannot write: %s; the old file is unchanged", path, strerror(rc));
	}
	buf_free(&tmp);
	return rc ? GC_EIO : 0;
}

int authkeys_write(const gc_config *cfg, const authkeys_job *job, authkeys_report *rep, gc_errs *warnings,
		   gc_errs *errs)
{
	const char *paths[] = { job->program, job->config, job->db };
	memset(rep, 0, sizeof *rep);
	for (size_t i = 0; i < ARRAY_LEN(paths); i++)
		if (!plain_path(paths[i])) {
			errs_add(errs, GC_EDATA, "'%s': the forced command needs an absolute path of letters, digits and "
						 "/._+-@:,= only", paths[i] ? paths[i] : "");
			return GC_EDATA;
		}
	builder b = { cfg, job, { 0 }, NULL, 0, warnings, rep };
	buf_init(&b.lines);
	gc_buf before, after, all;
	buf_init(&before);
	buf_init(&after);
	buf_init(&all);
	int rc = read_key_dir(&b, errs);
	if (!rc)
		rc = read_existing(&b, &before, &after, errs);
	if (!rc) {
		buf_adds(&all, before.p ? before.p : "");
		buf_printf(&all, "%s\n", AUTHKEYS_BEGIN);
		buf_adds(&all, b.lines.p ? b.lines.p : "");
		buf_printf(&all, "%s\n", AUTHKEYS_END);
		buf_adds(&all, after.p ? after.p : "");
		rc = write_atomically(job->output, &all, errs);
	}
	for (size_t i = 0; i < b.nseen; i++) {
		free(b.seen[i].blob);
		free(b.seen[i].where);
		free(b.seen[i].login);
	}
	free(b.seen);
	buf_free(&b.lines);
	buf_free(&before);
	buf_free(&after);
	buf_free(&all);
	return rc;
}
