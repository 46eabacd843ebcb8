/* SPDX-License-Identifier: MIT */
/* act.c - the act menu (which transition, then its fields and comment)
 * and changes applied to many records at once, each checked by the core
 * on its own, with the result of each for a page. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "tui/act.h"
#include "tui/prompt.h"
#include "tui/people.h"
#include "gridcase/i18n.h"

/* Which transition: by number, key or label. */
static const gc_transition *ask_which(tui *t, const gc_record *r)
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
	return pick;
}

const gc_transition *act_ask(tui *t, const gc_record *r, act_answers *a)
{
	const gc_transition *pick = ask_which(t, r);
	if (!pick)
		return NULL;
	a->nvals = 0;
	for (size_t i = 0; i < pick->nfields && i < ACT_MAX_FIELDS; i++) {
		char q[160];
		const gc_form *form = config_form(t->cfg, r->form);
		const gc_field *fd = form ? config_slot(form, pick->fields[i]) : NULL;
		a->store[i][0] = 0;
		snprintf(q, sizeof q, "%s %s: ", pick->label, fd ? config_label(fd) : pick->fields[i]);
		/* The assignee is chosen among the people who may have it. */
		if (rec_is_builtin(pick->fields[i]) && t->cfg->nusers ?
		    people_pick(t, r, pick, 0, a->store[i], sizeof a->store[i]) : prompt(t, q, a->store[i], sizeof a->store[i]))
			return NULL;
		a->vals[a->nvals].key = pick->fields[i];
		a->vals[a->nvals].val = a->store[i];
		a->nvals++;
	}
	a->comment[0] = 0;
	if (pick->comment_required && prompt(t, _("comment: "), a->comment, sizeof a->comment))
		return NULL;
	return pick;
}

/* One change applied to each record, the result of each in out. */
typedef int (*change_fn)(tui *t, uint64_t id, void *arg);

static void apply(tui *t, const char *what, const uint64_t *ids, size_t n, change_fn fn, void *arg, gc_buf *out)
{
	size_t ok = 0;
	buf_printf(out, "%s: %zu tagged records\n\n", what, n);
	for (size_t i = 0; i < n; i++) {
		if (fn(t, ids[i], arg) == 0) {
			buf_printf(out, "#%llu  done\n", (unsigned long long)ids[i]);
			ok++;
		} else {
			buf_printf(out, "#%llu  refused: %s\n", (unsigned long long)ids[i], t->ctx->errs.msg[0]);
		}
	}
	buf_printf(out, "\n%zu done, %zu refused\n", ok, n - ok);
}

static int confirmed(tui *t, const char *question)
{
	if (!prompt_yes(t, question)) {
		tui_message(t, "nothing done");
		return 0;
	}
	return 1;
}

typedef struct act_args {
	const gc_transition *tr;
	const act_answers *answers;
} act_args;

static int act_one(tui *t, uint64_t id, void *arg)
{
	act_args *a = arg;
	return core_act(t->ctx, id, a->tr->key, a->answers->comment, a->answers->vals, a->answers->nvals);
}

typedef struct assign_args {
	const char *login, *comment;
} assign_args;

/* Through the transition that assigns from the record's state (派遣, 改派)
 * when the workflow owns the assignee, else by hand: the core decides. */
static int assign_one(tui *t, uint64_t id, void *arg)
{
	assign_args *a = arg;
	gc_kv val = { (char *)config_assignee.key, (char *)a->login };
	gc_record r;
	if (core_get(t->ctx, id, &r))
		return -1;
	const gc_transition *via = core_assigning_transition(t->ctx, &r);
	rec_free(&r);
	if (via)
		return core_act(t->ctx, id, via->key, a->comment, &val, 1);
	return core_set(t->ctx, id, &val, 1, SET_ANY, 0, NULL, NULL);
}

int act_many(tui *t, const uint64_t *ids, size_t n, gc_buf *out)
{
	gc_record r;
	act_answers answers;
	char q[200];
	/* The first record offers the transitions; each record is still checked on its own. */
	if (!n || core_get(t->ctx, ids[0], &r))
		return -1;
	const gc_transition *tr = act_ask(t, &r, &answers);
	rec_free(&r);
	if (!tr)
		return -1;
	snprintf(q, sizeof q, _("%s on %zu tagged records? (y/n) "), tr->label, n);
	if (!confirmed(t, q))
		return -1;
	act_args a = { tr, &answers };
	apply(t, tr->label, ids, n, act_one, &a, out);
	return 0;
}

int act_assign_many(tui *t, const uint64_t *ids, size_t n, gc_buf *out)
{
	char who[100] = "", q[200], what[160], comment[500] = "";
	gc_record r;
	/* The first record offers the people; each record is still checked on its own. */
	if (!n || core_get(t->ctx, ids[0], &r))
		return -1;
	const gc_transition *via = core_assigning_transition(t->ctx, &r);
	int rc = t->cfg->nusers ? people_pick(t, &r, via, 0, who, sizeof who)
				: prompt(t, _("assign tagged records to: "), who, sizeof who);
	rec_free(&r);
	if (rc || !*who)
		return -1;
	if (via && via->comment_required && (prompt(t, _("comment: "), comment, sizeof comment) || !*comment))
		return -1;
	snprintf(q, sizeof q, _("assign %zu tagged records to %s? (y/n) "), n, who);
	if (!confirmed(t, q))
		return -1;
	snprintf(what, sizeof what, _("assign to %s"), who);
	assign_args a = { who, comment };
	apply(t, what, ids, n, assign_one, &a, out);
	return 0;
}
