/* SPDX-License-Identifier: MIT */
/* xlsx_lib.c - libzip and libxlsxwriter loaded at first use (xlsx_lib.h). */
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include "format/xlsx_lib.h"

/* Open soname and fill the n function pointers at api from names (in the
 * struct's order); 0, or -1 with msg. */
static int load(const char *soname, const char *package, const char *const *names, size_t n, void *api, char *msg,
		size_t msgsize)
{
	void *h = dlopen(soname, RTLD_NOW | RTLD_LOCAL);
	if (!h) {
		snprintf(msg, msgsize, "XLSX needs %s (Debian: apt-get install %s): %s", soname, package, dlerror());
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		void *fn = dlsym(h, names[i]);
		if (!fn) {
			snprintf(msg, msgsize, "XLSX needs %s with %s (Debian: apt-get install %s)", soname, names[i], package);
			dlclose(h);
			return -1;
		}
		memcpy((char *)api + i * sizeof fn, &fn, sizeof fn);   /* POSIX: a function's address */
	}
	return 0;   /* kept open for the process */
}

static const char *const zip_names[] = {
	"zip_error_init", "zip_error_fini", "zip_error_strerror", "zip_source_buffer_create", "zip_source_free",
	"zip_open_from_source", "zip_discard", "zip_name_locate", "zip_stat_index", "zip_fopen_index",
	"zip_get_error", "zip_strerror", "zip_fread", "zip_file_strerror", "zip_fclose",
};

static const char *const writer_names[] = {
	"workbook_new_opt", "workbook_add_worksheet", "workbook_add_format", "workbook_close",
	"format_set_num_format", "format_set_bold", "worksheet_set_column", "worksheet_freeze_panes",
	"worksheet_write_string", "worksheet_write_number", "lxw_strerror",
};

_Static_assert(sizeof(xlsx_zip_api) == sizeof zip_names / sizeof *zip_names * sizeof(void (*)(void)),
	       "one name per libzip function");
_Static_assert(sizeof(xlsx_writer_api) == sizeof writer_names / sizeof *writer_names * sizeof(void (*)(void)),
	       "one name per libxlsxwriter function");

/* Each library loaded once per process (a reader may run on a thread of
 * its own): its table, or the message of why not. */
xlsx_zip_api xlsx_zip;
xlsx_writer_api xlsx_lxw;
static int zip_ok, writer_ok;
static char zip_err[300], writer_err[300];
static pthread_once_t zip_once = PTHREAD_ONCE_INIT, writer_once = PTHREAD_ONCE_INIT;

static void load_zip(void)
{
	zip_ok = !load(XLSX_ZIP_SONAME, XLSX_ZIP_PACKAGE, zip_names, sizeof zip_names / sizeof *zip_names, &xlsx_zip, zip_err,
		       sizeof zip_err);
}

static void load_writer(void)
{
	writer_ok = !load(XLSX_WRITER_SONAME, "libxlsxwriter" LXW_SOVERSION, writer_names,
			  sizeof writer_names / sizeof *writer_names, &xlsx_lxw, writer_err, sizeof writer_err);
}

const xlsx_zip_api *xlsx_zip_lib(char *msg, size_t msgsize)
{
	pthread_once(&zip_once, load_zip);
	if (!zip_ok)
		snprintf(msg, msgsize, "%s", zip_err);
	return zip_ok ? &xlsx_zip : NULL;
}

const xlsx_writer_api *xlsx_writer_lib(char *msg, size_t msgsize)
{
	pthread_once(&writer_once, load_writer);
	if (!writer_ok)
		snprintf(msg, msgsize, "%s", writer_err);
	return writer_ok ? &xlsx_lxw : NULL;
}
