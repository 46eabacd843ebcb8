/* SPDX-License-Identifier: MIT */
/* xlsx_lib.h - libzip and libxlsxwriter, loaded with dlopen when a workbook
 * is first read or written (private to src/format/): a command that reads
 * or writes none does not pay for loading them at start (with the
 * libcrypto that libzip pulls in, about 1 ms of every process). */
#ifndef GRIDCASE_XLSX_LIB_H
#define GRIDCASE_XLSX_LIB_H

#include <stddef.h>
#include <zip.h>
#include <xlsxwriter.h>

/* The sonames of the versions built against: the Makefile gives libzip's
 * (read from the library: its headers do not say it); libxlsxwriter's
 * header does. */
#ifndef XLSX_ZIP_SONAME
#define XLSX_ZIP_SONAME "libzip.so.4"
#define XLSX_ZIP_PACKAGE "libzip4"
#endif
#define XLSX_WRITER_SONAME "libxlsxwriter.so." LXW_SOVERSION

/* What xlsx.c calls of libzip, by the functions' own names. */
typedef struct xlsx_zip_api {
	__typeof__(zip_error_init) *zip_error_init;
	__typeof__(zip_error_fini) *zip_error_fini;
	__typeof__(zip_error_strerror) *zip_error_strerror;
	__typeof__(zip_source_buffer_create) *zip_source_buffer_create;
	__typeof__(zip_source_free) *zip_source_free;
	__typeof__(zip_open_from_source) *zip_open_from_source;
	__typeof__(zip_discard) *zip_discard;
	__typeof__(zip_name_locate) *zip_name_locate;
	__typeof__(zip_stat_index) *zip_stat_index;
	__typeof__(zip_fopen_index) *zip_fopen_index;
	__typeof__(zip_get_error) *zip_get_error;
	__typeof__(zip_strerror) *zip_strerror;
	__typeof__(zip_fread) *zip_fread;
	__typeof__(zip_file_strerror) *zip_file_strerror;
	__typeof__(zip_fclose) *zip_fclose;
} xlsx_zip_api;

/* What xlsx_write.c calls of libxlsxwriter. */
typedef struct xlsx_writer_api {
	__typeof__(workbook_new_opt) *workbook_new_opt;
	__typeof__(workbook_add_worksheet) *workbook_add_worksheet;
	__typeof__(workbook_add_format) *workbook_add_format;
	__typeof__(workbook_close) *workbook_close;
	__typeof__(format_set_num_format) *format_set_num_format;
	__typeof__(format_set_bold) *format_set_bold;
	__typeof__(worksheet_set_column) *worksheet_set_column;
	__typeof__(worksheet_freeze_panes) *worksheet_freeze_panes;
	__typeof__(worksheet_write_string) *worksheet_write_string;
	__typeof__(worksheet_write_number) *worksheet_write_number;
	__typeof__(lxw_strerror) *lxw_strerror;
} xlsx_writer_api;

/* The library, loaded on the first call (once per process); NULL with
 * msg saying which library is missing and the package that has it. Once
 * one returned non-NULL, its table below is filled: xlsx_zip.zip_fread(...). */
extern xlsx_zip_api xlsx_zip;
extern xlsx_writer_api xlsx_lxw;
const xlsx_zip_api *xlsx_zip_lib(char *msg, size_t msgsize);
const xlsx_writer_api *xlsx_writer_lib(char *msg, size_t msgsize);

#endif
