/* SPDX-License-Identifier: MIT */
/* ssh.h - SSH mode (the gitolite model; docs/deploy.md): one service
 * account, each person's key forced to `gridcase --ssh-user LOGIN`. What
 * the client asks for arrives in SSH_ORIGINAL_COMMAND and is split here
 * into words, never handed to a shell, and checked against a whitelist. */
#ifndef GRIDCASE_SSH_H
#define GRIDCASE_SSH_H

#include <stddef.h>

#define SSH_MAX_WORDS 256
#define SSH_MAX_COMMAND 65536

/* A command line split into words. */
typedef struct ssh_words {
	char **w;
	int n;
} ssh_words;

/* Split a command line as a user types it: words separated by blanks,
 * 'single' and "double" quotes, backslash escapes. Shell syntax outside
 * quotes (; & | ` $ < > ( ) and line breaks) and control characters are
 * refused: there is no shell to give them a meaning, and silently taking
 * them as text would surprise. Returns 0, or -1 with the reason in why. */
int ssh_split(const char *line, ssh_words *out, char *why, size_t whylen);
void ssh_words_free(ssh_words *w);

/* Whether a gridcase command may be asked for over SSH. */
int ssh_command_allowed(const char *name);

/* From here on this process cannot start a program: execve fails (noexec.c).
 * Returns 0, or -1 with the reason in why (a kernel without seccomp). */
int ssh_forbid_exec(char *why, size_t whylen);

/* One line in the access log: when, who, from where, what was asked and
 * what became of it. Control bytes in the command are written as \xNN so
 * a crafted command cannot forge log lines. Best effort: a log that cannot
 * be written is reported on stderr, and the session goes on. */
void ssh_log(const char *log_path, const char *login, const char *client, const char *verdict,
	     const char *command, const char *reason);

/* The client address from SSH_CONNECTION ("ip port"), or "" locally. */
void ssh_client(char *out, size_t n);

/* Whether a file an SSH user names lies inside data_dir ("-", standard
 * input or output, always does). A relative path is taken from data_dir.
 * The full path goes to resolved (a copy the caller frees). Returns 0, or
 * -1 with the reason in why. */
int ssh_path_inside(const char *data_dir, const char *path, char **resolved, char *why, size_t whylen);

#endif
