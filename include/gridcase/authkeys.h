/* SPDX-License-Identifier: MIT */
/* authkeys.h - `gridcase admin keys`: the service account's authorized_keys
 * built from a directory of public keys, one forced command per person.
 * Lines the command did not write are kept; its own lines sit between two
 * marker lines and are replaced as a whole. */
#ifndef GRIDCASE_AUTHKEYS_H
#define GRIDCASE_AUTHKEYS_H

#include "gridcase/config.h"

#define AUTHKEYS_BEGIN "# gridcase: the lines up to the end marker are written by 'gridcase admin keys'; edit the key directory instead"
#define AUTHKEYS_END "# gridcase: end of generated lines"

typedef struct authkeys_job {
	const char *keydir;    /* LOGIN.pub and LOGIN@anything.pub, one or more keys each */
	const char *output;    /* the authorized_keys file, written atomically */
	const char *program;   /* absolute path of gridcase, for the forced command */
	const char *config;    /* absolute paths the forced command passes on */
	const char *db;
} authkeys_job;

typedef struct authkeys_report {
	size_t keys, people;   /* lines written, logins with at least one key */
	size_t kept;           /* lines outside the markers, kept as they were */
} authkeys_report;

/* Build and write the file. Keys that cannot be used (unknown login, a
 * line with options, a malformed or duplicated key) are skipped with a
 * warning in warnings; errors (unreadable directory, unwritable file, a
 * path that cannot be quoted) leave the old file untouched. */
int authkeys_write(const gc_config *cfg, const authkeys_job *job, authkeys_report *rep, gc_errs *warnings,
		   gc_errs *errs);

/* The authorized_keys line for one key (type, base64 blob) of login. */
void authkeys_line(gc_buf *out, const authkeys_job *job, const char *login, const char *type, const char *blob);

#endif
