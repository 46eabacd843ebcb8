/* SPDX-License-Identifier: MIT */
/* ssh.c - splitting, whitelisting and logging what an SSH client asks for
 * (see ssh.h). Nothing here runs a program: the words become gridcase's
 * own argv. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <time.h>
#include <unistd.h>
#include "gridcase/ssh.h"
#include "gridcase/text.h"
#include "gridcase/util.h"

static int refuse(char *why, size_t n, const char *msg, char c)
{
	if (c)
		snprintf(why, n, msg, c);
	else
		snprintf(why, n, "%s", msg);
	return -1;
}

static void add_word(ssh_words *out, gc_buf *word)
{
	out->w = xrealloc(out->w, (size_t)(out->n + 2) * sizeof *out->w);
	out->w[out->n++] = xstrndup(word->p ? word->p : "", word->len);
	out->w[out->n] = NULL;
	buf_reset(word);
}

/* The characters a shell would act on: refused outside quotes. */
static int shell_syntax(char c)
{
	return strchr(";&|`$<>()", c) != NULL;
}

static int split_words(const char *s, ssh_words *out, gc_buf *word, char *why, size_t n)
{
	int in_word = 0;
	while (*s) {
		unsigned char c = (unsigned char)*s;
		if ((c < 0x20 && c != '\t') || c == 0x7F)
			return refuse(why, n, c == '\n' || c == '\r' ? "a line break: give one command" : "a control character",
				      0);
		if (c == ' ' || c == '\t') {
			if (in_word)
				add_word(out, word);
			in_word = 0;
			s++;
			continue;
		}
		if (shell_syntax((char)c))
			return refuse(why, n, "'%c' outside quotes: there is no shell here, give one gridcase command",
				      (char)c);
		if (out->n >= SSH_MAX_WORDS)
			return refuse(why, n, "too many words", 0);
		in_word = 1;
		if (c == '\\') {
			if (!s[1])
				return refuse(why, n, "a backslash at the end", 0);
			buf_addc(word, s[1]);
			s += 2;
		} else if (c == '\'') {
			const char *end = strchr(s + 1, '\'');
			if (!end)
				return refuse(why, n, "an unterminated ' quote", 0);
			buf_add(word, s + 1, (size_t)(end - s - 1));
			s = end + 1;
		} else if (c == '"') {
			for (s++; *s && *s != '"'; s++) {
				if (*s == '\\' && s[1] && strchr("\"\\$`", s[1]))
					s++;
				buf_addc(word, *s);
			}
			if (!*s)
				return refuse(why, n, "an unterminated \" quote", 0);
			s++;
		} else {
			buf_addc(word, (char)c);
			s++;
		}
	}
	if (in_word)
		add_word(out, word);
	return 0;
}

int ssh_split(const char *line, ssh_words *out, char *why, size_t whylen)
{
	gc_buf word;
	memset(out, 0, sizeof *out);
	if (strlen(line) > SSH_MAX_COMMAND)
		return refuse(why, whylen, "the command is too long", 0);
	buf_init(&word);
	int rc = split_words(line, out, &word, why, whylen);
	buf_free(&word);
	/* Quoted control characters are refused too: nothing a person types
	 * on a command line needs them, and they would reach the log. */
	for (int i = 0; !rc && i < out->n; i++)
		for (const unsigned char *p = (const unsigned char *)out->w[i]; *p && !rc; p++)
			if ((*p < 0x20 && *p != '\t') || *p == 0x7F)
				rc = refuse(why, whylen, "a control character", 0);
	if (rc)
		ssh_words_free(out);
	return rc;
}

void ssh_words_free(ssh_words *w)
{
	for (int i = 0; i < w->n; i++)
		free(w->w[i]);
	free(w->w);
	memset(w, 0, sizeof *w);
}

/* Commands that create databases (init, demo) or write the key file
 * (admin) are for the service account's own shell, not for its users. */
int ssh_command_allowed(const char *name)
{
	static const char *const allowed[] = {
		"tree", "node", "list", "show", "history", "stats", "report", "match", "export", "new", "set", "act",
		"import", "check-config", "verify", "backup", "help", "whoami",
	};
	for (size_t i = 0; i < ARRAY_LEN(allowed); i++)
		if (!strcmp(allowed[i], name))
			return 1;
	return 0;
}

/* Only printable text reaches the log, so `tail` on it cannot drive the
 * administrator's terminal. Escaped: every byte below 0x20, DEL, '\\' and
 * '"' (the quoting) as \xNN; bytes that are not valid UTF-8 as \xNN; and
 * as \u{XXXX} every code point the text rule calls dangerous (C1
 * controls, Bidi_Control, the invisible format characters, see
 * text_is_dangerous) and the ZERO WIDTH JOINER too: a log has no emoji to
 * join, and an invisible character would make look-alike log lines.
 * Printable UTF-8 (Chinese) is written as it is. */
static void log_escaped(gc_buf *b, const char *s)
{
	size_t n = strlen(s);
	for (size_t i = 0; i < n;) {
		unsigned char c = (unsigned char)s[i];
		uint32_t cp = c;
		size_t l = c < 0x80 ? 1 : utf8_decode(s + i, n - i, &cp);
		if (c < 0x20 || c == 0x7F || c == '\\' || c == '"' || !l) {
			buf_printf(b, "\\x%02X", c);
			i++;
			continue;
		}
		if (c >= 0x80 && (cp == 0x200D || text_is_dangerous(cp)))
			buf_printf(b, "\\u{%04X}", (unsigned)cp);
		else
			buf_add(b, s + i, l);
		i += l;
	}
}

void ssh_log(const char *log_path, const char *login, const char *client, const char *verdict,
	     const char *command, const char *reason)
{
	char when[32];
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
	gc_buf line;
	buf_init(&line);
	buf_printf(&line, "%s pid=%ld user=", when, (long)getpid());
	log_escaped(&line, login ? login : "-");
	/* client is "ip port" (see ssh_client) */
	const char *port = client ? strchr(client, ' ') : NULL;
	if (client && *client)
		buf_printf(&line, " from=%.*s port=%s", (int)(port ? port - client : (long)strlen(client)), client,
			   port ? port + 1 : "-");
	else
		buf_adds(&line, " from=local");
	buf_printf(&line, " %s \"", verdict);
	log_escaped(&line, command ? command : "");
	buf_adds(&line, "\"");
	if (reason && *reason) {
		buf_adds(&line, ": ");
		log_escaped(&line, reason);
	}
	buf_addc(&line, '\n');
	/* One write with O_APPEND: lines of concurrent sessions never interleave. */
	int fd = log_path ? open(log_path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0640) : -1;
	if (fd < 0 || write(fd, line.p, line.len) != (ssize_t)line.len)
		fprintf(stderr, "gridcase: cannot write the access log %s: %s\n", log_path ? log_path : "(none)",
			strerror(errno));
	if (fd >= 0)
		close(fd);
	buf_free(&line);
}

void ssh_client(char *out, size_t n)
{
	const char *conn = getenv("SSH_CONNECTION");
	out[0] = 0;
	if (!conn || !*conn)
		return;
	/* "client_ip client_port server_ip server_port": keep ip and port. */
	snprintf(out, n, "%s", conn);
	char *sp = strchr(out, ' ');
	if (sp && (sp = strchr(sp + 1, ' ')))
		*sp = 0;
}

static int inside(const char *dir, const char *path)
{
	size_t n = strlen(dir);
	return !strncmp(path, dir, n) && (path[n] == '/' || (n == 1 && dir[0] == '/'));
}

int ssh_path_inside(const char *data_dir, const char *path, char **resolved, char *why, size_t whylen)
{
	char dir[PATH_MAX], real[PATH_MAX];
	*resolved = NULL;
	if (!strcmp(path, "-")) {
		*resolved = xstrdup(path);
		return 0;
	}
	if (!realpath(data_dir, dir))
		return refuse(why, whylen, "the data directory cannot be resolved", 0);
	gc_buf full;
	buf_init(&full);
	if (path[0] == '/')
		buf_adds(&full, path);
	else
		buf_printf(&full, "%s/%s", dir, path);
	/* A file that does not exist yet (a backup) is judged by its directory. */
	int rc = -1;
	if (realpath(full.p, real)) {
		rc = inside(dir, real) ? 0 : -1;
		if (!rc)
			*resolved = xstrdup(real);
	} else {
		char *slash = strrchr(full.p, '/');
		*slash = 0;
		if (realpath(*full.p ? full.p : "/", real) && (inside(dir, real) || !strcmp(dir, real)) &&
		    strcmp(slash + 1, "..") && strcmp(slash + 1, ".") && slash[1]) {
			gc_buf b;
			buf_init(&b);
			buf_printf(&b, "%s/%s", real, slash + 1);
			*resolved = b.p;
			rc = 0;
		}
	}
	buf_free(&full);
	if (rc)
		return refuse(why, whylen, "over SSH a file must lie in the data directory", 0);
	return 0;
}
