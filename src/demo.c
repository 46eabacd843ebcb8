/* demo.c - the demo district. Its shape follows the public reports in
 * shared/seeds (a district of streets, communities and grids, the 五网合一
 * categories); every name is generated, none is a real person. The tree is
 * fixed so that the default users' nodes exist; --seed varies the cases. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <errno.h>
#include <pthread.h>
#include <malloc.h>
#include <fcntl.h>
#include "gridcase/demo.h"
#include "gridcase/write.h"
#include "gridcase/io.h"

#define DEMO_ROOT_CODE "510304"
#define DEMO_ROOT_NAME "大安区"
#define DEMO_COMMUNITIES 10   /* per street */
#define DEMO_GRIDS 5          /* per community */

static const char *const street_names[] = {
	"大安街道", "马冲口街道", "凉高山街道", "龙井街道", "和平街道", "新民街道",
	"三多寨街道", "牛佛街道", "何市街道", "团结街道", "回龙街道",
};
static const char *const community_first[] = {
	"东", "西", "南", "北", "新", "红", "光", "明", "阳", "安", "和",
};
static const char *const community_second[] = {
	"华社区", "兴社区", "园社区", "桥社区", "山社区", "湖社区", "苑社区", "城社区", "岭社区", "林社区",
};
static const char *const grid_names[] = { "第一网格", "第二网格", "第三网格", "第四网格", "第五网格" };
static const char *const party_orgs[] = { "社区党委", "社区党总支", "社区党支部" };
static const char *const surnames[] = { "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "周", "吴", "徐", "孙" };
static const char *const given[] = { "建国", "秀英", "志强", "丽华", "明", "芳", "伟", "敏", "军", "静", "勇", "艳" };

typedef struct category {
	const char *name;
	const char *const *problems;
	int weight;
} category;

/* The kinds match the default configuration's category choices (group/kind),
 * so demo cases get each kind's own time limit. */
static const char *const p_city[] = { "暴露垃圾", "道路不洁", "违法搭建", "占道经营", "乱贴小广告", "井盖破损", NULL };
static const char *const p_order[] = { "邻里纠纷", "噪音扰民", "电动车乱停乱放", "可疑人员反映", "群租房安全隐患", NULL };
static const char *const p_fire[] = { "楼道堆放杂物", "消防通道堵塞", "电动车楼道充电", "灭火器过期", NULL };
static const char *const p_air[] = { "露天焚烧", "工地扬尘", "餐饮油烟", "裸土未覆盖", NULL };
static const char *const p_party[] = { "困难群众帮扶", "党员服务需求", "志愿服务需求", "议事协商需求", NULL };

static const category categories[] = {
	{ "城市管理", p_city, 40 }, { "公安综治", p_order, 20 }, { "消防应急", p_fire, 15 },
	{ "大气治污", p_air, 15 }, { "社区党建", p_party, 10 },
};
static const char *const roads[] = {
	"幸福路", "新民街", "和平路", "红旗巷", "光明路", "解放路", "大安街", "龙井路", "建设路", "人民路",
};

/* xorshift64*: small, fast and the same on every machine. */
static uint64_t rnd_next(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 2685821657736338717ULL;
}

static unsigned rnd(uint64_t *s, unsigned n)
{
	return (unsigned)(rnd_next(s) % n);
}

/* ---- nodes ---- */

static void add_node(in_file *f, size_t *cap, const char *code, const char *name, const char *parent,
		     const char *k1, const char *v1, const char *k2, const char *v2)
{
	if (f->n == *cap)
		f->rows = xrealloc(f->rows, (*cap = *cap ? *cap * 2 : 1024) * sizeof *f->rows);
	in_row *r = &f->rows[f->n++];
	r->line = (long)f->n + 1;
	r->kv = xcalloc(5, sizeof *r->kv);
	r->n = 0;
	const char *keys[] = { "code", "name", "parent", k1, k2 }, *vals[] = { code, name, parent, v1, v2 };
	for (int i = 0; i < 5; i++)
		if (keys[i] && vals[i]) {
			r->kv[r->n].key = xstrdup(keys[i]);
			r->kv[r->n].val = xstrdup(vals[i]);
			r->n++;
		}
}

/* Attributes are only written when the configuration declares them. */
static int has_attr(const gc_config *cfg, int level, const char *key)
{
	if (level >= (int)cfg->nlevels)
		return 0;
	for (size_t i = 0; i < cfg->levels[level].nattrs; i++)
		if (!strcmp(cfg->levels[level].attrs[i].key, key))
			return 1;
	return 0;
}

static int make_nodes(gc_ctx *ctx, demo_report *rep)
{
	in_file f;
	size_t cap = 0, added, updated;
	char code[64], parent[48], name[64], a1[32], a2[64];
	uint64_t s = 20181025;   /* the tree never depends on --seed */
	const gc_config *cfg = ctx->cfg;
	memset(&f, 0, sizeof f);
	f.name = xstrdup("demo");
	add_node(&f, &cap, DEMO_ROOT_CODE, DEMO_ROOT_NAME, "", NULL, NULL, NULL, NULL);
	int deep = cfg->nlevels >= 4;
	for (size_t st = 0; st < ARRAY_LEN(street_names); st++) {
		snprintf(code, sizeof code, "%s%03zu", DEMO_ROOT_CODE, st + 1);
		add_node(&f, &cap, code, street_names[st], DEMO_ROOT_CODE, NULL, NULL, NULL, NULL);
		rep->streets++;
		if (!deep)
			continue;
		for (size_t cm = 0; cm < DEMO_COMMUNITIES; cm++) {
			snprintf(parent, sizeof parent, "%s%03zu", DEMO_ROOT_CODE, st + 1);
			snprintf(code, sizeof code, "%s%03zu", parent, cm + 1);
			snprintf(name, sizeof name, "%s%s", community_first[st % ARRAY_LEN(community_first)],
				 community_second[cm % ARRAY_LEN(community_second)]);
			snprintf(a1, sizeof a1, "%s", party_orgs[rnd(&s, 3)]);
			snprintf(a2, sizeof a2, "%s%s", surnames[rnd(&s, 12)], given[rnd(&s, 12)]);
			add_node(&f, &cap, code, name, parent, has_attr(cfg, 2, "party_org") ? "party_org" : NULL, a1,
				 has_attr(cfg, 2, "secretary") ? "secretary" : NULL, a2);
			rep->communities++;
			for (size_t g = 0; g < DEMO_GRIDS; g++) {
				char gcode[80], hh[16], pop[16];
				snprintf(gcode, sizeof gcode, "%s%03zu", code, g + 1);
				unsigned households = 300 + rnd(&s, 900);
				snprintf(hh, sizeof hh, "%u", households);
				snprintf(pop, sizeof pop, "%u", households * 27 / 10 + rnd(&s, 200));
				add_node(&f, &cap, gcode, grid_names[g], code, has_attr(cfg, 3, "households") ? "households" : NULL,
					 hh, has_attr(cfg, 3, "population") ? "population" : NULL, pop);
				rep->grids++;
			}
		}
	}
	int rc = core_import_nodes(ctx, &f, &added, &updated);
	in_file_free(&f);
	return rc;
}

/* ---- cases ---- */

typedef struct demo_op {
	gc_ctx *ctx;
	const gc_form *form;
	uint32_t *grids;
	size_t ngrids;
	uint64_t first, count;   /* cases of this transaction: ids first .. first+count-1 */
	uint64_t seed;
	int64_t now;
	const char **assignees;
	size_t nassignees;
	int final_state;
	uint64_t total;                   /* the last id of the run */
	struct pipeline *pipe;
	int path[64][64];                 /* per target state: the states on the way */
	const gc_transition *via[64][64];
	const char *actor[64][64];        /* who takes via[][] (actor_for) */
	size_t plen[64];
} demo_op;

/* The producer's record borrows every string (from the configuration, the
 * tables above or the case's own buffers) instead of allocating: building
 * a million cases is then free of malloc. Only its state is allocated,
 * because core_enter_state replaces it. */
#define DEMO_MAX_FIELDS 16

static void set_if(gc_record *r, const gc_form *f, const char *key, const char *val)
{
	if (r->nfields >= DEMO_MAX_FIELDS || config_field_index(f, key) < 0)
		return;
	for (size_t i = 0; i < r->nfields; i++)
		if (!strcmp(r->fields[i].key, key)) {
			r->fields[i].val = (char *)val;
			return;
		}
	r->fields[r->nfields].key = (char *)key;
	r->fields[r->nfields++].val = (char *)val;
}

/* Small string builders: snprintf costs more than the rest of a case. */
static char *put_text(char *p, const char *s)
{
	return stpcpy(p, s);
}

static char *put_uint(char *p, unsigned v, int width)
{
	char tmp[16];
	int n = 0;
	do
		tmp[n++] = (char)('0' + v % 10);
	while ((v /= 10) != 0);
	while (n < width)
		tmp[n++] = '0';
	while (n)
		*p++ = tmp[--n];
	*p = 0;
	return p;
}

/* The shortest path of transitions from the initial state to `target`
 * (breadth first), so every state can be shown with a plausible history. */
static size_t path_to(const gc_workflow *wf, int target, int *path, const gc_transition **via, size_t max)
{
	int prev[64];
	const gc_transition *by[64];
	int queue[64], head = 0, tail = 0;
	size_t n = wf->nstates < 64 ? wf->nstates : 64;
	for (size_t i = 0; i < 64; i++)
		prev[i] = -2;
	prev[wf->initial] = -1;
	queue[tail++] = wf->initial;
	while (head < tail) {
		int s = queue[head++];
		for (size_t i = 0; i < wf->ntrans; i++) {
			const gc_transition *t = &wf->trans[i];
			if ((size_t)t->to >= n || prev[t->to] != -2)
				continue;
			if (!transition_leaves(t, s))
				continue;
			prev[t->to] = s;
			by[t->to] = t;
			/* A paused state (挂账) may end a path, never lie on one. */
			if (!wf->states[t->to].pause)
				queue[tail++] = t->to;
		}
	}
	if (prev[target] == -2)
		return 0;
	int rev[64];
	size_t len = 0;
	for (int s = target; s != -1 && len < max; s = prev[s])
		rev[len++] = s;
	for (size_t i = 0; i < len; i++) {
		path[i] = rev[len - 1 - i];
		via[i] = i ? by[path[i]] : NULL;
	}
	return len;
}

/* Someone allowed to take a transition: the first such configured user. */
static const char *actor_for(const gc_ctx *ctx, const gc_transition *t)
{
	const gc_config *cfg = ctx->cfg;
	for (size_t i = 0; i < cfg->nusers; i++)
		for (size_t j = 0; j < t->nroles; j++)
			if (cfg->users[i].role == t->roles[j])
				return cfg->users[i].login;
	return cfg->nusers ? cfg->users[0].login : "admin";
}

/* One generated case, ready to be written: the record and the encoded
 * history entries of every version up to and including its current one. */
typedef struct case_pkt {
	rec_meta meta;   /* strings borrowed from the configuration */
	gc_buf blob;     /* the encoded record */
	gc_buf hist;     /* per version: u32 length, then the encoded entry */
} case_pkt;

static void pkt_history(case_pkt *pkt, const gc_hist *h)
{
	size_t at = pkt->hist.len;
	buf_u32(&pkt->hist, 0);
	hist_encode(h, &pkt->hist);
	put_be32((unsigned char *)pkt->hist.p + at, (uint32_t)(pkt->hist.len - at - 4));
}

/* The states a case goes through to reach target, with the transitions
 * and who takes them. With loop, the first counted transition that leads
 * back along the path (返工 in the default workflow) is taken once, and the
 * path is walked again from where it leads. Returns the number of states. */
static size_t case_path(const demo_op *op, int target, int loop, int *path, const gc_transition **via,
			const char **actor)
{
	size_t n = op->plen[target];
	memcpy(path, op->path[target], n * sizeof *path);
	memcpy(via, op->via[target], n * sizeof *via);
	memcpy(actor, op->actor[target], n * sizeof *actor);
	const gc_workflow *wf = op->form->wf;
	for (size_t i = 1; loop && i + 1 < n; i++)
		for (size_t k = 0; k < wf->ntrans; k++) {
			const gc_transition *t = &wf->trans[k];
			if (!t->count || t->stay || !transition_leaves(t, path[i]))
				continue;
			size_t j = 0;
			while (j < i && path[j] != t->to)
				j++;
			if (j == i || n + (i - j) + 1 > 80)
				continue;
			/* path[0..i], then t back to path[j], then path[j+1..] again. */
			size_t tail = n - (j + 1);
			memmove(path + i + 2, path + j + 1, tail * sizeof *path);
			memmove(via + i + 2, via + j + 1, tail * sizeof *via);
			memmove(actor + i + 2, actor + j + 1, tail * sizeof *actor);
			path[i + 1] = t->to;
			via[i + 1] = t;
			actor[i + 1] = actor_for(op->ctx, t);
			return i + 2 + tail;
		}
	return n;
}

/* Build case `id` (no database access: this runs on the producer thread). */
static void build_case(const demo_op *op, uint64_t id, case_pkt *pkt)
{
	gc_ctx *ctx = op->ctx;
	const gc_form *f = op->form;
	const gc_calendar *cal = &ctx->cfg->cal;
	uint64_t s = op->seed ^ (id * 0x9E3779B97F4A7C15ULL);
	rnd_next(&s);
	gc_record rec;
	gc_kv fields[DEMO_MAX_FIELDS];
	gc_hist h;
	buf_reset(&pkt->hist);
	char title[160], loc[96], creator[32], phone[16], detail[300], kind[96], counts[4][24], *p;
	rec_init(&rec);
	rec.fields = fields;
	rec.id = id;
	rec.node_id = op->grids[rnd(&s, (unsigned)op->ngrids)];
	const gc_node *grid = core_node(ctx, rec.node_id);
	size_t code_len = strlen(grid->code);
	rec.form = f->key;
	put_text(put_text(creator, "wg"), grid->code + (code_len > 6 ? code_len - 6 : 0));
	rec.creator = creator;
	rec.assignee = (char *)"";

	unsigned w = rnd(&s, 100), acc = 0;
	size_t ci = 0;
	for (ci = 0; ci < ARRAY_LEN(categories) - 1; ci++) {
		acc += (unsigned)categories[ci].weight;
		if (w < acc)
			break;
	}
	const category *cat = &categories[ci];
	size_t np = 0;
	while (cat->problems[np])
		np++;
	const char *problem = cat->problems[rnd(&s, (unsigned)np)];
	p = put_text(loc, roads[rnd(&s, ARRAY_LEN(roads))]);
	put_text(put_uint(p, 1 + rnd(&s, 180), 1), "号");
	put_text(put_text(title, loc), problem);
	set_if(&rec, f, "title", title);
	put_text(put_text(put_text(kind, cat->name), "/"), problem);
	set_if(&rec, f, "category", kind);
	set_if(&rec, f, "location", loc);
	p = put_uint(put_text(phone, "13"), 5 + rnd(&s, 5), 1);
	put_uint(p, rnd(&s, 100000000), 8);
	set_if(&rec, f, "phone", phone);
	p = put_text(put_text(put_text(detail, "网格员巡查发现"), loc), problem);
	put_text(p, "，已拍照留存，请相关部门处理。");
	set_if(&rec, f, "detail", detail);

	/* Most cases are old and closed; about one in seven is still open, a
	 * few of those long enough to be overdue. Times fall in working hours. */
	int open = rnd(&s, 100) < 14;
	int target = open ? (int)rnd(&s, (unsigned)f->wf->nstates) : op->final_state;
	if (target >= 64 || op->plen[target] == 0 || (open && f->wf->states[target].final))
		target = f->wf->initial;
	int64_t age = !open ? 86400 * (int64_t)(10 + rnd(&s, 355))
		    : rnd(&s, 100) < 8 ? 86400 * (int64_t)(5 + rnd(&s, 10)) : (int64_t)rnd(&s, 36 * 3600);
	int64_t t = cal_add_working(cal, op->now - age, 1);
	if (t > op->now)
		t = op->now - age;
	int path[80];
	const gc_transition *via[80];
	const char *actor[80];
	size_t steps = case_path(op, target, rnd(&s, 100) < 6, path, via, actor) - 1;
	rec.created = t;
	rec.version = 1;
	rec.state = xstrdup("");
	core_enter_state(ctx, f->wf, &rec, -1, path[0], t);
	/* The entry only borrows its strings: it is encoded, never freed. */
	hist_init(&h);
	h.client = h.comment = (char *)"";
	for (size_t i = 1; i <= steps; i++) {
		/* Write the previous version's history, then move on. */
		h.time = t;
		h.user = (char *)(i == 1 ? creator : actor[i - 1]);
		h.action = (char *)(i == 1 ? "create" : via[i - 1]->key);
		h.from = (char *)(i == 1 ? "" : f->wf->states[path[i - 2]].key);
		h.to = rec.state;
		pkt_history(pkt, &h);
		/* Most steps finish inside their limit (in working time); some run late. */
		const gc_sla *sla = core_state_sla(ctx, &f->wf->states[path[i - 1]], &rec);
		int64_t limit = sla->kind == SLA_WORKING ? sla->secs : 3 * 3600;
		int64_t took = (int64_t)rnd(&s, 100) < 98 ? limit / 5 + (int64_t)rnd(&s, (unsigned)(limit * 3 / 4))
							   : limit + (int64_t)rnd(&s, (unsigned)limit);
		int64_t next = cal_add_working(cal, t, took > 300 ? took : 300);
		t = next <= op->now ? next : t + (op->now - t) / 2;   /* never in the future */
		for (size_t k = 0; k < via[i]->nfields; k++) {
			if (!strcmp(via[i]->fields[k], "assignee"))
				rec.assignee = (char *)(op->nassignees ? op->assignees[rnd(&s, (unsigned)op->nassignees)] : "demo");
			else
				set_if(&rec, f, via[i]->fields[k], "已现场处置完毕，居民表示满意。");
		}
		int counted = via[i]->count ? config_field_index(f, via[i]->count) : -1;
		if (counted >= 0) {   /* a counted transition (返工): the count goes up */
			snprintf(counts[counted % 4], sizeof counts[0], "%lld", atoll(rec_field(&rec, via[i]->count)) % 1000 + 1);
			set_if(&rec, f, via[i]->count, counts[counted % 4]);
		}
		core_enter_state(ctx, f->wf, &rec, path[i - 1], path[i], t);
		rec.version++;
	}
	rec.updated = t;
	h.time = t;
	h.user = (char *)(steps == 0 ? creator : actor[steps]);
	h.action = (char *)(steps == 0 ? "create" : via[steps]->key);
	h.from = (char *)(steps == 0 ? "" : f->wf->states[path[steps - 1]].key);
	h.to = rec.state;
	pkt_history(pkt, &h);
	buf_reset(&pkt->blob);
	rec_encode(&rec, &pkt->blob);
	/* The meta strings must outlive this call: the configuration's. */
	rec_meta m = { rec.id, 0, rec.version, rec.node_id, rec.due, f->key,
		       f->wf->states[path[steps]].key, *rec.assignee ? rec.assignee : "" };
	pkt->meta = m;
	free(rec.state);
}

/* Cases are built on a second thread while this one writes them: building
 * (text, times, encodings) and writing (B-trees) take about as long each.
 * The producer runs across transactions, so it keeps building while this
 * thread sorts, writes and commits the end of a transaction. */
#define CHUNK 2048
#define SLOTS 32

typedef struct pipeline {
	const demo_op *op;
	uint64_t first, last;        /* ids the producer builds, in order */
	case_pkt slot[SLOTS][CHUNK];
	size_t fill[SLOTS];          /* cases in a ready slot */
	int ready[SLOTS];
	int stop, running;
	int k;                       /* consumer: current slot and position in it */
	size_t pos;
	uint64_t next_id;            /* the id the consumer gets next */
	pthread_t th;
	pthread_mutex_t mu;
	pthread_cond_t cv;
} pipeline;

static void *producer(void *arg)
{
	pipeline *pl = arg;
	uint64_t next = pl->first;
	for (int k = 0; next <= pl->last; k = (k + 1) % SLOTS) {
		pthread_mutex_lock(&pl->mu);
		while (pl->ready[k] && !pl->stop)
			pthread_cond_wait(&pl->cv, &pl->mu);
		int stop = pl->stop;
		pthread_mutex_unlock(&pl->mu);
		if (stop)
			break;
		size_t n = 0;
		for (; n < CHUNK && next <= pl->last; n++, next++)
			build_case(pl->op, next, &pl->slot[k][n]);
		pthread_mutex_lock(&pl->mu);
		pl->fill[k] = n;
		pl->ready[k] = 1;
		pthread_cond_broadcast(&pl->cv);
		pthread_mutex_unlock(&pl->mu);
	}
	return NULL;
}

static void pipe_stop(pipeline *pl)
{
	if (!pl->running)
		return;
	pthread_mutex_lock(&pl->mu);
	pl->stop = 1;
	pthread_cond_broadcast(&pl->cv);
	pthread_mutex_unlock(&pl->mu);
	pthread_join(pl->th, NULL);
	pl->running = 0;
}

/* (Re)start building at id `first`. */
static int pipe_start(pipeline *pl, uint64_t first, uint64_t last)
{
	pipe_stop(pl);
	memset(pl->fill, 0, sizeof pl->fill);
	memset(pl->ready, 0, sizeof pl->ready);
	pl->stop = 0;
	pl->k = 0;
	pl->pos = 0;
	pl->first = pl->next_id = first;
	pl->last = last;
	if (pthread_create(&pl->th, NULL, producer, pl))
		return ENOMEM;
	pl->running = 1;
	return 0;
}

/* The next built case; valid until the following call. */
static case_pkt *pipe_next(pipeline *pl)
{
	pthread_mutex_lock(&pl->mu);
	if (pl->ready[pl->k] && pl->pos == pl->fill[pl->k]) {
		pl->ready[pl->k] = 0;   /* hand the used slot back */
		pl->k = (pl->k + 1) % SLOTS;
		pl->pos = 0;
		pthread_cond_broadcast(&pl->cv);
	}
	while (!pl->ready[pl->k])
		pthread_cond_wait(&pl->cv, &pl->mu);
	pthread_mutex_unlock(&pl->mu);
	pl->next_id++;
	return &pl->slot[pl->k][pl->pos++];
}

static int write_case(wbatch *wb, case_pkt *pkt)
{
	const unsigned char *p = (const unsigned char *)pkt->hist.p, *end = p + pkt->hist.len;
	uint32_t version = 1;
	int rc = 0;
	/* History first: the id is above every stored one, so each entry is appended. */
	while (!rc && p < end) {
		uint32_t len = get_be32(p);
		rc = wb_put_history_blob(wb, pkt->meta.id, version++, p + 4, len);
		p += 4 + len;
	}
	if (!rc)
		rc = wb_put_new_blob(wb, &pkt->meta, (unsigned char *)pkt->blob.p, pkt->blob.len);
	return rc;
}

static int cases_fn(MDB_txn *txn, void *arg)
{
	demo_op *op = arg;
	pipeline *pl = op->pipe;
	wbatch wb;
	int rc = 0;
	/* A transaction run again (after the map grew) needs its cases again. */
	if (pl->next_id != op->first)
		rc = pipe_start(pl, op->first, op->total);
	if (!rc)
		rc = wb_begin(&wb, op->ctx, txn);
	if (rc)
		return rc;
	wb.bulk = 1;
	for (uint64_t i = 0; i < op->count && !rc; i++)
		rc = write_case(&wb, pipe_next(pl));
	if (rc) {
		wb_discard(&wb);
		pl->next_id = 0;   /* force a restart */
		return rc;
	}
	return wb_finish(&wb);
}

/* Ask the kernel to start writing what the last commits wrote, without
 * waiting: the disk works while the next cases are built, so the final
 * sync finds little left to do. */
static void start_writeback(MDB_env *env)
{
#ifdef SYNC_FILE_RANGE_WRITE
	int fd;
	if (mdb_env_get_fd(env, &fd) == 0)
		sync_file_range(fd, 0, 0, SYNC_FILE_RANGE_WRITE);
#else
	(void)env;
#endif
}

static double seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

int core_demo(gc_ctx *ctx, uint64_t cases, uint64_t seed, demo_report *rep)
{
	errs_clear(&ctx->errs);   /* errs holds the errors of the last call */
	memset(rep, 0, sizeof *rep);
	if (core_require_admin(ctx, "demo"))
		return GC_EPERM;
	if (ctx->nroots)
		return core_fail(ctx, GC_EDATA, "%s already has nodes; the demo needs an empty database (use --db NEWFILE)",
				 ctx->st->path);
	int rc = make_nodes(ctx, rep);
	if (rc)
		return rc;
	/* The first form with a workflow at the lowest level is the case form. */
	const gc_form *form = NULL;
	for (size_t i = 0; i < ctx->cfg->nforms && !form; i++)
		if (ctx->cfg->forms[i].wf && ctx->cfg->forms[i].at_level == (int)ctx->cfg->nlevels - 1)
			form = &ctx->cfg->forms[i];
	if (!form || cases == 0)
		return 0;
	demo_op op;
	memset(&op, 0, sizeof op);
	op.ctx = ctx;
	op.form = form;
	op.seed = seed ? seed : 1;
	op.now = gc_now();
	op.final_state = form->wf->initial;
	for (size_t i = 0; i < form->wf->nstates && i < 64; i++)
		op.plen[i] = path_to(form->wf, (int)i, op.path[i], op.via[i], 64);
	for (size_t i = 0; i < 64; i++)
		for (size_t j = 1; j < op.plen[i]; j++)
			op.actor[i][j] = actor_for(ctx, op.via[i][j]);
	for (size_t i = 0; i < form->wf->nstates; i++)
		if (form->wf->states[i].final) {
			op.final_state = (int)i;
			break;
		}
	op.grids = xcalloc(ctx->nnodes, sizeof *op.grids);
	for (size_t i = 1; i < ctx->nnodes; i++)
		if (ctx->nodes[i].code && ctx->nodes[i].level == form->at_level)
			op.grids[op.ngrids++] = (uint32_t)i;
	op.assignees = xcalloc(ctx->cfg->nusers + 1, sizeof *op.assignees);
	for (size_t i = 0; i < ctx->cfg->nusers; i++)
		if (!ctx->cfg->roles[ctx->cfg->users[i].role].admin)
			op.assignees[op.nassignees++] = ctx->cfg->users[i].login;
	store_reserve(ctx->st, cases * 1300);
	/* Keep freed memory in the process: each transaction would otherwise
	 * fault in fresh pages for the same buffers again. */
	mallopt(M_MMAP_THRESHOLD, 256 << 20);
	mallopt(M_TRIM_THRESHOLD, 1 << 30);
	/* A new demo database is synced once, at the end, not at every commit:
	 * until then it is not a database anyone relies on. */
	mdb_env_set_flags(ctx->st->env, MDB_NOSYNC, 1);
	double t0 = seconds();
	pipeline *pl = xcalloc(1, sizeof *pl);
	pl->op = &op;
	pthread_mutex_init(&pl->mu, NULL);
	pthread_cond_init(&pl->cv, NULL);
	op.pipe = pl;
	op.total = cases;
	/* Transactions of 50,000 cases keep the dirty page list short (no sync
	 * until the end, so more transactions cost little). */
	for (uint64_t done = 0; done < cases && !rc; done += op.count) {
		op.first = done + 1;
		op.count = cases - done < 50000 ? cases - done : 50000;
		if (store_write(ctx->st, cases_fn, &op, &ctx->errs))
			rc = ctx->errs.status ? ctx->errs.status : GC_EIO;
		start_writeback(ctx->st->env);
	}
	pipe_stop(pl);
	mdb_env_set_flags(ctx->st->env, MDB_NOSYNC, 0);
	if (!rc && (rc = mdb_env_sync(ctx->st->env, 1)) != 0)
		rc = core_fail(ctx, GC_EIO, "%s: cannot sync the demo database: %s", ctx->st->path, store_strerror(rc));
	for (int k = 0; k < SLOTS; k++)
		for (size_t i = 0; i < CHUNK; i++) {
			buf_free(&pl->slot[k][i].hist);
			buf_free(&pl->slot[k][i].blob);
		}
	pthread_mutex_destroy(&pl->mu);
	pthread_cond_destroy(&pl->cv);
	free(pl);
	rep->seconds_cases = seconds() - t0;
	rep->cases = rc ? 0 : cases;
	free(op.grids);
	free(op.assignees);
	return rc;
}
