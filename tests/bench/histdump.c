/* SPDX-License-Identifier: MIT */
/* histdump - every history entry of a gridcase database as CSV, for the
 * bench's sqlite3 side (district.sh gives it a history table holding the
 * same events as gridcase's, so the two files' sizes compare fairly).
 *   histdump DB > history.csv
 * Columns: id, version, time (Unix seconds), user, client, action, from,
 * to, comment, changes (field=old>new, one a line). Read-only. */
#include <lmdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "gridcase/record.h"

static void csv(const char *s, int last)
{
	putchar('"');
	for (; *s; s++) {
		if (*s == '"')
			putchar('"');
		putchar(*s);
	}
	putchar('"');
	putchar(last ? '\n' : ',');
}

static void entry(uint64_t id, uint32_t version, const gc_hist *h)
{
	printf("%llu,%u,%lld,", (unsigned long long)id, version, (long long)h->time);
	csv(h->user, 0);
	csv(h->client, 0);
	csv(h->action, 0);
	csv(h->from, 0);
	csv(h->to, 0);
	csv(h->comment, 0);
	gc_buf b;
	buf_init(&b);
	for (size_t i = 0; i < h->nchanges; i++)
		buf_printf(&b, "%s%s=%s>%s", i ? "\n" : "", h->changes[i].field, h->changes[i].old, h->changes[i].new_);
	csv(b.len ? b.p : "", 1);
	buf_free(&b);
}

int main(int argc, char **argv)
{
	MDB_env *env;
	MDB_txn *txn;
	MDB_dbi dbi;
	MDB_cursor *c;
	MDB_val k, v;
	if (argc != 2) {
		fprintf(stderr, "usage: histdump DB\n");
		return 2;
	}
	if (mdb_env_create(&env) || mdb_env_set_maxdbs(env, 32) || mdb_env_set_mapsize(env, (size_t)1 << 40) ||
	    mdb_env_open(env, argv[1], MDB_NOSUBDIR | MDB_RDONLY | MDB_NOTLS, 0) ||
	    mdb_txn_begin(env, NULL, MDB_RDONLY, &txn) || mdb_dbi_open(txn, "history", 0, &dbi) ||
	    mdb_cursor_open(txn, dbi, &c)) {
		fprintf(stderr, "histdump: %s: cannot read its history\n", argv[1]);
		return 1;
	}
	enum { MAX = 65535 };
	gc_hist *out = calloc(MAX, sizeof *out);
	unsigned long long n = 0;
	for (int op = MDB_FIRST; mdb_cursor_get(c, &k, &v, op) == 0; op = MDB_NEXT) {
		if (k.mv_size != 12)
			continue;
		uint64_t id = get_be64(k.mv_data);
		uint32_t version = get_be32((const unsigned char *)k.mv_data + 8);
		int got = hist_value_decode(v.mv_data, v.mv_size, out, MAX);
		if (got < 0) {
			fprintf(stderr, "histdump: record %llu version %u: damaged\n", (unsigned long long)id, version);
			return 1;
		}
		for (int i = 0; i < got; i++) {
			entry(id, version + (uint32_t)i, &out[i]);
			hist_free(&out[i]);
			n++;
		}
	}
	free(out);
	mdb_txn_abort(txn);
	mdb_env_close(env);
	fprintf(stderr, "histdump: %llu entries\n", n);
	return 0;
}
