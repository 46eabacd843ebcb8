/* SPDX-License-Identifier: MIT */
/* import_pipe.c - one thread reads and builds an import's rows (CSV or
 * JSON Lines parsing, the text rule, every field's check, the encoding of
 * values) into blocks of packets while the writer takes them in order.
 * Reading and building take about as long as writing, so on two cores the
 * import runs at the writer's pace. */
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include "core/import_pipe.h"
#include "gridcase/util.h"

#define BLOCK 256
#define SLOTS 8

struct row_pipe {
	row_producer produce;
	void *arg;
	row_pkt pkt[SLOTS][BLOCK];
	size_t fill[SLOTS];
	int ready[SLOTS], end[SLOTS];
	int k;          /* the writer: its block and place in it */
	size_t pos;
	int stop;
	pthread_t th;
	pthread_mutex_t mu;
	pthread_cond_t cv;
};

static void *produce_rows(void *arg)
{
	row_pipe *pl = arg;
	for (int k = 0, done = 0; !done; k = (k + 1) % SLOTS) {
		pthread_mutex_lock(&pl->mu);
		while (pl->ready[k] && !pl->stop)
			pthread_cond_wait(&pl->cv, &pl->mu);
		int stop = pl->stop;
		pthread_mutex_unlock(&pl->mu);
		if (stop)
			break;
		size_t n = 0;
		while (n < BLOCK && !done) {
			row_pkt *p = &pl->pkt[k][n];
			memset(p, 0, sizeof *p);
			if (!pl->produce(pl->arg, p)) {
				done = 1;
				break;
			}
			n++;
			done = p->bad;
		}
		pthread_mutex_lock(&pl->mu);
		pl->fill[k] = n;
		pl->end[k] = done;
		pl->ready[k] = 1;
		pthread_cond_broadcast(&pl->cv);
		pthread_mutex_unlock(&pl->mu);
	}
	return NULL;
}

row_pipe *pipe_open(row_producer produce, void *arg)
{
	row_pipe *pl = xcalloc(1, sizeof *pl);
	pl->produce = produce;
	pl->arg = arg;
	pthread_mutex_init(&pl->mu, NULL);
	pthread_cond_init(&pl->cv, NULL);
	if (pthread_create(&pl->th, NULL, produce_rows, pl)) {
		pthread_mutex_destroy(&pl->mu);
		pthread_cond_destroy(&pl->cv);
		free(pl);
		return NULL;
	}
	return pl;
}

row_pkt *pipe_take(row_pipe *pl)
{
	pthread_mutex_lock(&pl->mu);
	for (;;) {
		while (!pl->ready[pl->k])
			pthread_cond_wait(&pl->cv, &pl->mu);
		if (pl->pos < pl->fill[pl->k]) {
			row_pkt *p = &pl->pkt[pl->k][pl->pos++];
			pthread_mutex_unlock(&pl->mu);
			return p;
		}
		if (pl->end[pl->k]) {
			pthread_mutex_unlock(&pl->mu);
			return NULL;
		}
		pl->ready[pl->k] = 0;   /* hand the block back */
		pl->k = (pl->k + 1) % SLOTS;
		pl->pos = 0;
		pthread_cond_broadcast(&pl->cv);
	}
}

void pipe_close(row_pipe *pl)
{
	if (!pl)
		return;
	pthread_mutex_lock(&pl->mu);
	pl->stop = 1;
	pthread_cond_broadcast(&pl->cv);
	pthread_mutex_unlock(&pl->mu);
	pthread_join(pl->th, NULL);
	for (int k = 0; k < SLOTS; k++)
		for (size_t i = k == pl->k ? pl->pos : 0; pl->ready[k] && i < pl->fill[k]; i++) {
			rec_free(&pl->pkt[k][i].rec);
			hist_free(&pl->pkt[k][i].h);
		}
	pthread_mutex_destroy(&pl->mu);
	pthread_cond_destroy(&pl->cv);
	free(pl);
}
