/* SPDX-License-Identifier: MIT */
/* import_pipe.h - rows of an import read and built into records on a
 * thread of their own while this one writes them (import_pipe.c), as the
 * demo builds its cases. */
#ifndef GRIDCASE_IMPORT_PIPE_H
#define GRIDCASE_IMPORT_PIPE_H

#include <stdint.h>
#include "gridcase/core.h"

/* One row, built: the record and its history entry (the writer frees both). */
typedef struct row_pkt {
	gc_record rec;
	gc_hist h;
	long line;
	uint64_t row;   /* rows read up to and including this one */
	int bad;        /* refused (the producer said why): the last packet */
} row_pkt;

/* Fills *p with the next row: 1, 0 at the end. Runs on the pipe's thread. */
typedef int (*row_producer)(void *arg, row_pkt *p);

typedef struct row_pipe row_pipe;

/* Start the thread; it calls produce until the end or pipe_stop. */
row_pipe *pipe_open(row_producer produce, void *arg);
/* The next packet in order, or NULL at the end; valid until the next call. */
row_pkt *pipe_take(row_pipe *pl);
/* Stop the thread and free what it built and nobody took. */
void pipe_close(row_pipe *pl);

#endif
