/* page.c - full-screen pages of text: a record with its history, the help,
 * the results of acting on tagged records. Scrolled line by line. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "tui/ui.h"
#include "gridcase/i18n.h"
#include "gridcase/text.h"

void page_set(tui *t, const char *text)
{
	buf_reset(&t->page);
	buf_adds(&t->page, text);
	free(t->line_at);
	t->nlines = 0;
	size_t cap = 64;
	t->line_at = xmalloc(cap * sizeof *t->line_at);
	for (size_t i = 0; i <= t->page.len;) {
		if (t->nlines == cap)
			t->line_at = xrealloc(t->line_at, (cap *= 2) * sizeof *t->line_at);
		t->line_at[t->nlines++] = i;
		const char *nl = strchr(t->page.p + i, '\n');
		if (!nl)
			break;
		i = (size_t)(nl - t->page.p) + 1;
	}
	t->ptop = 0;
}

void page_draw(tui *t, int y, int x, int h, int w)
{
	(void)x;
	(void)w;   /* pages use the whole width */
	for (int r = 0; r < h && t->ptop + (size_t)r < t->nlines; r++) {
		const char *s = t->page.p + t->line_at[t->ptop + (size_t)r];
		size_t n = strcspn(s, "\n");
		char *line = xstrndup(s, n);
		draw_text(t, y + r, 0, line, t->cols, 0);
		free(line);
	}
}

void page_key(tui *t, int action)
{
	long page = t->rows - 3 > 1 ? t->rows - 3 : 1, top = (long)t->ptop;
	long max = (long)t->nlines - page;
	switch (action) {
	case ACT_UP: top--; break;
	case ACT_DOWN: top++; break;
	case ACT_PGUP: top -= page; break;
	case ACT_PGDN: top += page; break;
	case ACT_TOP: top = 0; break;
	case ACT_BOTTOM: top = max; break;
	case ACT_BACK: t->view = t->merging ? V_MERGE : t->form ? V_FORM : 0; return;   /* a form left open waits */
	}
	if (top > max)
		top = max;
	t->ptop = top < 0 ? 0 : (size_t)top;
}

void help_open(tui *t)
{
	gc_buf b;
	buf_init(&b);
	keys_help(&b);
	page_set(t, b.p);
	buf_free(&b);
	t->view = V_HELP;
}

/* The record as lines: what it is, every field by label, then its history. */
static void detail_text(tui *t, const gc_record *r, gc_hist *h, size_t nh, gc_buf *b)
{
	const gc_form *f = config_form(t->cfg, r->form);
	const gc_node *n = core_node(t->ctx, r->node_id);
	char t1[40], t2[40];
	buf_printf(b, "#%llu  %s\n", (unsigned long long)r->id, core_record_title(t->cfg, r));
	buf_printf(b, "%s  %s %s  version %u\n", f ? f->label : r->form, n ? n->code : "?", n ? n->name : "", r->version);
	when_format(r->due, t1, sizeof t1);
	int light = core_light(t->ctx, r, gc_now());
	buf_printf(b, _("state: %s   due: %s%s%s%s\n"), core_state_label(t->cfg, r->form, r->state), t1,
		   light ? " (" : "", core_light_names[light], light == LIGHT_RED ? ", overdue)" : light ? ")" : "");
	when_format(r->created, t1, sizeof t1);
	when_format(r->updated, t2, sizeof t2);
	buf_printf(b, _("created %s by %s   updated %s   assignee %s\n\n"), t1, r->creator, t2, *r->assignee ? r->assignee : "-");
	for (size_t i = 0; f && i < f->nfields; i++) {
		const char *v = rec_field(r, f->fields[i].key);
		if (!*v)
			continue;
		if (f->fields[i].type == FT_LONGTEXT) {
			buf_printf(b, "%s:\n", f->fields[i].label);
			for (const char *p = v; *p;) {
				size_t l = strcspn(p, "\n");
				buf_printf(b, "  %.*s\n", (int)l, p);
				p += l + (p[l] == '\n');
			}
		} else {
			buf_printf(b, "%s: %s\n", f->fields[i].label, v);
		}
	}
	/* The review queue: what changed since this user last reviewed it. */
	uint32_t seen = core_reviewed(t->ctx, r->id);
	if (seen && seen < r->version)
		buf_printf(b, "\nhistory (* changed since your review of version %u)\n", seen);
	else
		buf_printf(b, "\nhistory%s\n", seen ? " (reviewed)" : "");
	for (size_t i = 0; i < nh; i++) {
		when_format(h[i].time, t1, sizeof t1);
		buf_printf(b, "%c v%u %s %s%s%s %s", seen && h[i].version > seen ? '*' : ' ', h[i].version, t1, h[i].user,
			   *h[i].client ? "@" : "", h[i].client, h[i].action);
		if (strcmp(h[i].from, h[i].to))
			buf_printf(b, "  %s -> %s", *h[i].from ? core_state_label(t->cfg, r->form, h[i].from) : "",
				   core_state_label(t->cfg, r->form, h[i].to));
		buf_addc(b, '\n');
		for (size_t j = 0; j < h[i].nchanges; j++)
			buf_printf(b, "      %s: %s -> %s\n", h[i].changes[j].field,
				   *h[i].changes[j].old ? h[i].changes[j].old : "(empty)",
				   *h[i].changes[j].new_ ? h[i].changes[j].new_ : "(empty)");
		if (*h[i].comment)
			buf_printf(b, "      comment: %s\n", h[i].comment);
	}
	/* Long text may hold newlines: keep them as lines; anything else that
	 * could reach the terminal is neutralised when drawn. */
}

void detail_open(tui *t, uint64_t id)
{
	gc_record r;
	gc_hist *h;
	size_t nh = 0;
	if (core_get(t->ctx, id, &r)) {
		tui_message(t, "%s", t->ctx->errs.n ? t->ctx->errs.msg[0] : "cannot read the record");
		return;
	}
	gc_buf b;
	buf_init(&b);
	if (core_history(t->ctx, id, &h, &nh))
		nh = 0;
	detail_text(t, &r, h, nh, &b);
	t->detail_version = r.version;
	size_t keep = t->detail_id == id && t->view == V_DETAIL ? t->ptop : 0;
	page_set(t, b.p);
	t->ptop = keep < t->nlines ? keep : 0;
	for (size_t i = 0; i < nh; i++)
		hist_free(&h[i]);
	free(h);
	buf_free(&b);
	rec_free(&r);
	t->detail_id = id;
	t->view = V_DETAIL;
}

/* Ask which transition, then what it needs. Returns the transition key in
 * name (or "" when cancelled) and fills vals/comment. */
static const gc_transition *ask_transition(tui *t, const gc_record *r, char *comment, size_t csize,
					   gc_kv *vals, size_t *nvals, char store[][200])
{
	const gc_transition **ts;
	size_t nt;
	char choice[100] = "", label[300];
	core_transitions(t->ctx, r, &ts, &nt);
	if (!nt) {
		tui_message(t, "no transition you may take from %s", core_state_label(t->cfg, r->form, r->state));
		free(ts);
		return NULL;
	}
	gc_buf opts;
	buf_init(&opts);
	for (size_t i = 0; i < nt; i++)
		buf_printf(&opts, "%s%zu %s(%s)", i ? " " : "", i + 1, ts[i]->key, ts[i]->label);
	snprintf(label, sizeof label, _("act [%s]: "), opts.p);
	buf_free(&opts);
	const gc_transition *pick = NULL;
	if (prompt(t, label, choice, sizeof choice) == 0) {
		char *end;
		long k = strtol(choice, &end, 10);
		for (size_t i = 0; i < nt && !pick; i++)
			if ((!*end && k == (long)i + 1) || !strcmp(choice, ts[i]->key) || !strcmp(choice, ts[i]->label))
				pick = ts[i];
		if (!pick && *choice)
			tui_message(t, "no transition '%s' here", choice);
	}
	free(ts);
	if (!pick)
		return NULL;
	*nvals = 0;
	for (size_t i = 0; i < pick->nfields && i < 8; i++) {
		char q[120];
		store[i][0] = 0;
		snprintf(q, sizeof q, "%s %s: ", pick->label, pick->fields[i]);
		if (prompt(t, q, store[i], 200))
			return NULL;
		vals[*nvals].key = pick->fields[i];
		vals[*nvals].val = store[i];
		(*nvals)++;
	}
	comment[0] = 0;
	if (pick->comment_required && prompt(t, _("comment: "), comment, csize))
		return NULL;
	return pick;
}

void detail_act(tui *t)
{
	gc_record r;
	gc_kv vals[8];
	size_t nvals;
	char comment[500], store[8][200];
	if (!t->detail_id || core_get(t->ctx, t->detail_id, &r))
		return;
	if (r.version != t->detail_version) {
		/* It moved on since the page was drawn: show it before offering anything. */
		uint32_t shown = t->detail_version;
		detail_open(t, r.id);
		tui_message(t, "#%llu was changed meanwhile (version %u -> %u); look again, then act",
			    (unsigned long long)r.id, shown, r.version);
		rec_free(&r);
		return;
	}
	const gc_transition *tr = ask_transition(t, &r, comment, sizeof comment, vals, &nvals, store);
	if (tr) {
		/* The version the menu was made from: a change while it was open is a conflict. */
		int rc = core_act_seen(t->ctx, r.id, tr->key, comment, vals, nvals, r.version, NULL);
		gc_record now;
		if (rc == 0) {
			tui_message(t, "#%llu %s", (unsigned long long)r.id, tr->label);
		} else if (rc == GC_ECONFLICT && core_get(t->ctx, r.id, &now) == 0) {
			/* Both states in a line that fits: the core's message is longer. */
			tui_message(t, "conflict: #%llu is now %s, version %u (it was %s when you chose); nothing done",
				    (unsigned long long)r.id, core_state_label(t->cfg, now.form, now.state), now.version,
				    core_state_label(t->cfg, r.form, r.state));
			rec_free(&now);
		} else {
			tui_message(t, "%s", t->ctx->errs.n ? t->ctx->errs.msg[0] : "nothing done");
		}
		detail_open(t, r.id);
	}
	rec_free(&r);
}

/* One change applied to every tagged record, each checked on its own by
 * the core; the result of each is shown on a page. */
typedef int (*tag_fn)(tui *t, uint64_t id, void *arg);

static void apply_to_tagged(tui *t, const char *what, tag_fn fn, void *arg)
{
	gc_buf out;
	size_t ok = 0;
	buf_init(&out);
	buf_printf(&out, "%s: %zu tagged records\n\n", what, t->ntags);
	for (size_t i = 0; i < t->ntags; i++) {
		if (fn(t, t->tags[i], arg) == 0) {
			buf_printf(&out, "#%llu  done\n", (unsigned long long)t->tags[i]);
			ok++;
		} else {
			buf_printf(&out, "#%llu  refused: %s\n", (unsigned long long)t->tags[i], t->ctx->errs.msg[0]);
		}
	}
	buf_printf(&out, "\n%zu done, %zu refused\n", ok, t->ntags - ok);
	page_set(t, out.p);
	buf_free(&out);
	t->ntags = 0;
	t->detail_id = 0;
	t->view = V_DETAIL;
}

static int confirmed(tui *t, const char *question)
{
	char yes[8] = "";
	if (prompt(t, question, yes, sizeof yes) || (yes[0] != 'y' && yes[0] != 'Y')) {
		tui_message(t, "nothing done");
		return 0;
	}
	return 1;
}

typedef struct act_args {
	const gc_transition *tr;
	const char *comment;
	gc_kv *vals;
	size_t nvals;
} act_args;

static int act_one(tui *t, uint64_t id, void *arg)
{
	act_args *a = arg;
	return core_act(t->ctx, id, a->tr->key, a->comment, a->vals, a->nvals);
}

static int assign_one(tui *t, uint64_t id, void *arg)
{
	gc_kv val = { "assignee", arg };
	return core_set(t->ctx, id, &val, 1, SET_ANY, 0, NULL);
}

static int have_tags(tui *t)
{
	if (!t->ntags)
		tui_message(t, "nothing tagged (t tags a record, T the whole list)");
	return t->ntags != 0;
}

void tags_act(tui *t)
{
	gc_record r;
	gc_kv vals[8];
	size_t nvals;
	char comment[500], store[8][200], q[200];
	if (!have_tags(t))
		return;
	/* The first tagged record offers the transitions; each record is still checked on its own. */
	if (core_get(t->ctx, t->tags[0], &r))
		return;
	const gc_transition *tr = ask_transition(t, &r, comment, sizeof comment, vals, &nvals, store);
	rec_free(&r);
	if (!tr)
		return;
	snprintf(q, sizeof q, "%s on %zu tagged records? (y/n) ", tr->label, t->ntags);
	if (!confirmed(t, q))
		return;
	act_args a = { tr, comment, vals, nvals };
	apply_to_tagged(t, tr->label, act_one, &a);
}

void tags_assign(tui *t)
{
	char who[100] = "", q[200], what[160];
	if (!have_tags(t) || prompt(t, _("assign tagged records to (login): "), who, sizeof who) || !*who)
		return;
	snprintf(q, sizeof q, _("assign %zu tagged records to %s? (y/n) "), t->ntags, who);
	if (!confirmed(t, q))
		return;
	snprintf(what, sizeof what, _("assign to %s"), who);
	apply_to_tagged(t, what, assign_one, who);
}
