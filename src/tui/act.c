/* SPDX-License-Identifier: MIT */
/* act.c - the act menu (which transition, then its fields and comment)
 * and changes applied to many records at once, each checked by the core
 * on its own, with the result of each for a page. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include "tui/act.h"
#include "tui/prompt.h"
#include "tui/people.h"
#include "tui/pager.h"
#include "tui/picker.h"
#include "tui/editor.h"
#include "tui/draw.h"
#include "gridcase/i18n.h"

/* The letter of every transition of a workflow, the same whatever the
 * state: each takes the first letter of its key that no transition before
 * it in the workflow took (accept a, return r, resubmit e, register g),
 * else any free one. A menu thus never renumbers: 受理 is `a` in every
 * state that offers it. */
static void letters_of(const gc_workflow *wf, char *out)
{
	char used[128] = { 0 };
	for (size_t i = 0; i < wf->ntrans; i++) {
		out[i] = 0;
		for (const char *k = wf->trans[i].key; *k && !out[i]; k++)
			if (*k >= 'a' && *k <= 'z' && !used[(unsigned char)*k])
				out[i] = *k;
		for (char c = 'a'; c <= 'z' && !out[i]; c++)
			if (!used[(unsigned char)c])
				out[i] = c;
		if (out[i])
			used[(unsigned char)out[i]] = 1;
	}
}

char act_letter(const gc_workflow *wf, const gc_transition *tr)
{
	char letters[128];
	if (!wf || wf->ntrans > sizeof letters)
		return 0;
	letters_of(wf, letters);
	for (size_t i = 0; i < wf->ntrans; i++)
		if (&wf->trans[i] == tr)
			return letters[i];
	return 0;
}

/* A message on the rows above the last one (wrapped, a third of the screen
 * at most): what is wrong with the value being asked for again. */
static void say_above(tui *t, const char *msg)
{
	pager m;
	pager_init(&m);
	m.margin = 1;
	pager_set(&m, msg);
	size_t n = pager_rows(t, &m), most = (size_t)(t->rows / 3);
	n = n > most ? most : n ? n : 1;
	for (size_t i = 0; i < n; i++) {
		move(t->rows - 2 - (int)i, 0);
		clrtoeol();
	}
	pager_draw(t, &m, t->rows - 1 - (int)n, (int)n);
	pager_free(&m);
}

/* The transition whose label or key is what was typed, or whose label (or
 * key) alone starts with it. */
static const gc_transition *by_name(const gc_transition **ts, size_t nt, const char *s)
{
	const gc_transition *pre = NULL;
	int npre = 0;
	for (size_t i = 0; i < nt; i++) {
		if (!strcmp(s, ts[i]->label) || !strcmp(s, ts[i]->key))
			return ts[i];
		if (*s && (!strncmp(ts[i]->label, s, strlen(s)) || !strncmp(ts[i]->key, s, strlen(s)))) {
			pre = ts[i];
			npre++;
		}
	}
	return npre == 1 ? pre : NULL;
}

/* The menu: one row per transition above the question, `a  受理 (accept)`;
 * its letter takes it at once; a Chinese character starts typing its
 * label. */
static void draw_menu(tui *t, const gc_transition **ts, const char *letters, size_t nt)
{
	int top = t->rows - 2 - (int)nt;
	if (top < 1)
		top = 1;
	for (size_t i = 0; i < nt && top + (int)i < t->rows - 1; i++) {
		char row[300];
		snprintf(row, sizeof row, " %c  %s (%s)%s", letters[i] ? letters[i] : ' ', ts[i]->label, ts[i]->key,
			 ts[i]->comment_required ? _(", with a comment") : "");
		draw_text(t, top + (int)i, 0, row, t->cols, 1);
	}
	const char *q = _("act: its letter, or type its label (Esc cancels) ");
	draw_text(t, t->rows - 1, 0, q, t->cols - 1, 1);
	refresh();
}

/* Which transition: by its letter, or by its label or key typed. */
static const gc_transition *ask_which(tui *t, const gc_record *r)
{
	const gc_transition **ts;
	size_t nt;
	core_transitions(t->ctx, r, &ts, &nt);
	if (!nt) {
		tui_message(t, "no transition you may take from %s", core_state_label(t->cfg, r->form, r->state));
		free(ts);
		return NULL;
	}
	const gc_form *form = config_form(t->cfg, r->form);
	char *letters = xcalloc(nt + 1, 1);
	for (size_t i = 0; i < nt; i++)
		letters[i] = form ? act_letter(form->wf, ts[i]) : 0;
	const gc_transition *pick = NULL;
	for (int done = 0; !done;) {
		draw_menu(t, ts, letters, nt);
		wint_t ch;
		int k = prompt_key(t, &ch);
		if (k == KEY_CODE_YES)
			continue;   /* a resize redraws; arrows choose nothing */
		if (ch == 27)
			break;
		for (size_t i = 0; i < nt && !pick; i++)
			if (letters[i] && (wint_t)letters[i] == ch)
				pick = ts[i];
		if (pick)
			break;
		if (ch < 0x80)
			continue;   /* no transition's letter */
		/* Typing the label: the line prompt, from the character typed. */
		char typed[200];
		mbstate_t st;
		memset(&st, 0, sizeof st);
		size_t len = wcrtomb(typed, (wchar_t)ch, &st);
		typed[len == (size_t)-1 ? 0 : len] = 0;
		if (prompt(t, _("act (its label or key): "), typed, sizeof typed))
			break;
		if (!(pick = by_name(ts, nt, typed)))
			tui_message(t, "no transition '%s' here", typed);
		done = 1;
	}
	for (int y = t->rows - 2 - (int)nt; y < t->rows - 1; y++)
		if (y >= 1) {
			move(y, 0);   /* the menu goes; the questions follow on the last row */
			clrtoeol();
		}
	free(letters);
	free(ts);
	return pick;
}

const char *act_refusal(const gc_field *fd, const char *why, char *msg, size_t size)
{
	/* A pattern that has no hint: its regular expression says nothing to
	 * the person typing; the configuration should give a hint. */
	if (fd->pattern && !fd->hint && strstr(why, fd->pattern))
		snprintf(msg, size, _("%s: the value is not in the form this field takes"), config_label(fd));
	else
		snprintf(msg, size, "%s: %s", config_label(fd), why);
	return msg;
}

int act_ask_value(tui *t, const char *what, const gc_field *fd, int required, char *buf, size_t size)
{
	char label[400], msg[400] = "", why_buf[300];
	const char *hint = fd->hint ? fd->hint : fd->type == FT_DATE ? "YYYY-MM-DD"
					 : fd->type == FT_DATETIME ? "YYYY-MM-DD HH:MM" : NULL;
	snprintf(label, sizeof label, "%s%s%s%s%s%s: ", what ? what : "", what ? " " : "", config_label(fd),
		 hint ? " (" : "", hint ? hint : "", hint ? ")" : "");
	for (;;) {
		if (*msg)
			say_above(t, msg);
		if (fd->type == FT_CHOICE && fd->nchoices) {
			/* A choice from the list, narrowed as the user types. */
			snprintf(label, sizeof label, "%s%s%s", what ? what : "", what ? " " : "", config_label(fd));
			if (picker_choose(t, label, (const char *const *)fd->choices, fd->nchoices, !required && !fd->required,
					  buf, size))
				return -1;
		} else if (fd->type == FT_LONGTEXT) {
			snprintf(label, sizeof label, "%s%s%s", what ? what : "", what ? " " : "", config_label(fd));
			if (editor_edit(t, label, buf, size))
				return -1;
		} else if (prompt(t, label, buf, size)) {
			return -1;
		}
		if (!*buf && required) {
			snprintf(msg, sizeof msg, _("%s is needed here"), config_label(fd));
			continue;
		}
		gc_buf canon;
		buf_init(&canon);
		const char *why = field_canonical(t->cfg, fd, buf, &canon, why_buf, sizeof why_buf);
		if (why) {
			act_refusal(fd, why, msg, sizeof msg);   /* asked again, the value kept to edit */
			buf_free(&canon);
			continue;
		}
		snprintf(buf, size, "%s", canon.p ? canon.p : "");
		buf_free(&canon);
		return 0;
	}
}

/* The comment every transition takes: optional, or asked again until
 * there is one when the transition requires it. */
static int ask_comment(tui *t, const gc_transition *pick, char *comment, size_t size)
{
	char label[300];
	int said = 0;
	snprintf(label, sizeof label, pick->comment_required ? _("%s comment (needed): ")
							     : _("%s comment (optional, Enter for none): "),
		 pick->label);
	for (;;) {
		if (prompt(t, label, comment, size))
			return -1;
		if (*comment || !pick->comment_required)
			return 0;
		if (!said) {
			char msg[200];
			snprintf(msg, sizeof msg, _("%s needs a comment"), pick->label);
			say_above(t, msg);
			said = 1;
		}
	}
}

const gc_transition *act_ask(tui *t, const gc_record *r, act_answers *a)
{
	const gc_transition *pick = ask_which(t, r);
	if (!pick)
		return NULL;
	a->nvals = 0;
	/* The fields first, each checked as it is typed; the comment last. */
	for (size_t i = 0; i < pick->nfields && i < ACT_MAX_FIELDS; i++) {
		const gc_form *form = config_form(t->cfg, r->form);
		const gc_field *fd = form ? config_slot(form, pick->fields[i]) : NULL;
		a->store[i][0] = 0;
		/* The assignee is chosen among the people who may have it. */
		int rc;
		if (rec_is_builtin(pick->fields[i]) && t->cfg->nusers)
			rc = people_pick(t, r, pick, 0, a->store[i], sizeof a->store[i]);
		else if (fd)
			rc = act_ask_value(t, strcmp(pick->label, config_label(fd)) ? pick->label : NULL, fd, 1,
					   a->store[i], sizeof a->store[i]);
		else
			rc = prompt(t, pick->fields[i], a->store[i], sizeof a->store[i]);
		if (rc)
			return NULL;
		a->vals[a->nvals].key = pick->fields[i];
		a->vals[a->nvals].val = a->store[i];
		a->nvals++;
	}
	a->comment[0] = 0;
	if (ask_comment(t, pick, a->comment, sizeof a->comment))
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
