/* SPDX-License-Identifier: MIT */
/* verify_post.h - verify's check of the postings (verify_post.c). */
#ifndef GRIDCASE_VERIFY_POST_H
#define GRIDCASE_VERIFY_POST_H

#include "core/postings.h"

typedef struct verify_post {
	gc_ctx *ctx;
	MDB_txn *txn;
	gc_errs *report;
	store_cursor *post, *due;
	post_set set;
	uint64_t want_post, want_due;   /* entries the records need */
	uint64_t missing, missing_due;  /* of those, not found */
} verify_post;

int verify_post_begin(verify_post *vp, gc_ctx *ctx, MDB_txn *txn, gc_errs *report);
/* Each of a stored record's postings present, each missing one named. */
void verify_post_record(verify_post *vp, const void *blob, size_t len);
/* The tables' entry counts against the records', extras named; frees vp. */
void verify_post_end(verify_post *vp);

#endif
