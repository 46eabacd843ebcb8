/* SPDX-License-Identifier: MIT */
/* present.c - one presentation of a record (see present.h): the record,
 * its fields and its history as plain data for `show`, `history` and the
 * UI's record page, read through the core's public calls only. */
#include <stdlib.h>
#include <string.h>
#include "gridcase/present.h"
#include "gridcase/calendar.h"
#include "gridcase/i18n.h"

/* Split at every newline, so that joining the lines with "\n" gives the
 * text back exactly (a final newline included). */
static void present_split(present_lines *l, const char *s)
{
	size_t n = 1;
	for (const char *q = s; *q; q++)
		n += *q == '\n';
	l->own = xstrdup(s);
	l->line = xcalloc(n, sizeof *l->line);
	l->n = 0;
	for (char *q = l->own;;) {
		l->line[l->n++] = q;
		char *nl = strchr(q, '\n');
		if (!nl)
			break;
		*nl = 0;
		q = nl + 1;
	}
}

void present_join(gc_buf *out, const present_lines *l, char sep)
{
	for (size_t i = 0; i < l->n; i++) {
		if (i)
			buf_addc(out, sep);
		buf_adds(out, l->line[i]);
	}
}

static void present_lines_free(present_lines *l)
{
	free(l->line);
	free(l->own);
	memset(l, 0, sizeof *l);
}

const char *present_person(const gc_config *cfg, const char *login)
{
	const gc_user *u = login && *login ? config_user(cfg, login) : NULL;
	return u && u->name && *u->name && strcmp(u->name, login) ? u->name : NULL;
}

/* What a history entry did, as people read it: the transition's label, or
 * the change's name in the user's language; an action the configuration
 * no longer has keeps its key. */
static const char *action_label(const gc_form *f, const char *action)
{
	static const char *const own[][2] = {
		{ "create", N_("created") }, { "set", N_("changed") }, { "import", N_("imported") },
		{ "match", N_("matched") },
	};
	for (size_t i = 0; i < sizeof own / sizeof *own; i++)
		if (!strcmp(action, own[i][0]))
			return _(own[i][1]);
	for (size_t i = 0; f && f->wf && i < f->wf->ntrans; i++)
		if (!strcmp(f->wf->trans[i].key, action))
			return f->wf->trans[i].label;
	return action;
}

/* The header: what the record is, where, in which state, by when. */
static void present_head(gc_ctx *ctx, present_record *p)
{
	const gc_record *r = &p->rec;
	const gc_form *f = config_form(ctx->cfg, r->form);
	const gc_node *n = core_node(ctx, r->node_id);
	p->id = r->id;
	p->title = core_record_title(ctx->cfg, r);
	p->form = r->form;
	p->form_label = f ? f->label : r->form;
	p->version = r->version;
	p->node = n ? n->code : "?";
	p->node_name = n ? n->name : "";
	p->state = r->state;
	p->state_label = core_state_label(ctx->cfg, r->form, r->state);
	p->has_due = r->due != 0;
	when_format(r->due, p->due, sizeof p->due);
	p->light = core_light(ctx, r, gc_now());
	p->paused = !r->due && r->paused_left;
	p->paused_minutes = p->paused ? (long long)(r->paused_left / 60) : 0;
	when_format(r->created, p->created, sizeof p->created);
	when_format(r->updated, p->updated, sizeof p->updated);
	p->creator = r->creator;
	p->assignee = *r->assignee ? r->assignee : "-";
	p->creator_name = present_person(ctx->cfg, r->creator);
	p->assignee_name = present_person(ctx->cfg, r->assignee);
}

/* A record field's value: the id and, when the reader may see that
 * record or its form is a directory, its title (a resource's 共建单位, a
 * project's 对子); any other out of scope stays a bare id, as if never made. */
static void present_reference(gc_ctx *ctx, const gc_field *f, const char *v, present_field *pf)
{
	gc_record ref;
	if (f->type != FT_RECORD) {
		present_split(&pf->value, v);
		return;
	}
	rec_init(&ref);
	if (!core_get(ctx, strtoull(v, NULL, 10), &ref)) {
		gc_buf b;
		buf_init(&b);
		const char *title = core_record_title(ctx->cfg, &ref);
		buf_printf(&b, *title ? "%s (%s)" : "%s", v, title);
		present_split(&pf->value, b.p);
		buf_free(&b);
	} else {
		/* A directory's record (a unit) is read by its name from anywhere. */
		char *title = core_directory_title(ctx, strtoull(v, NULL, 10));
		gc_buf b;
		buf_init(&b);
		buf_printf(&b, title && *title ? "%s (%s)" : "%s", v, title ? title : "");
		present_split(&pf->value, b.p);
		buf_free(&b);
		free(title);
	}
	rec_free(&ref);
	errs_clear(&ctx->errs);
}

/* Fields in the configured order, then any the configuration lost (a
 * record of a form it lost has only those). */
static void present_fields(gc_ctx *ctx, present_record *p)
{
	const gc_record *r = &p->rec;
	const gc_form *f = config_form(ctx->cfg, r->form);
	p->fields = xcalloc(r->nfields + 1, sizeof *p->fields);
	for (size_t i = 0; f && i < f->nfields; i++) {
		const char *v = rec_field(r, f->fields[i].key);
		if (!*v)
			continue;
		present_field *pf = &p->fields[p->nfields++];
		pf->key = f->fields[i].key;
		pf->label = f->fields[i].label;
		pf->longtext = f->fields[i].type == FT_LONGTEXT;
		present_reference(ctx, &f->fields[i], v, pf);
	}
	for (size_t i = 0; i < r->nfields; i++) {
		if (f && config_field_index(f, r->fields[i].key) >= 0)
			continue;
		present_field *pf = &p->fields[p->nfields++];
		pf->key = pf->label = r->fields[i].key;
		pf->lost = 1;
		present_split(&pf->value, r->fields[i].val);
	}
}

int present_load(gc_ctx *ctx, uint64_t id, int what, present_record *p)
{
	memset(p, 0, sizeof *p);
	rec_init(&p->rec);
	int rc = core_get(ctx, id, &p->rec);
	if (rc) {
		rec_init(&p->rec);   /* nothing of a failed read to point into */
		return rc;
	}
	present_head(ctx, p);
	present_fields(ctx, p);
	if (what & PRESENT_ACTIONS)
		core_transitions(ctx, &p->rec, &p->actions, &p->nactions);
	if (what & PRESENT_REVIEW)
		p->reviewed = core_reviewed(ctx, id);
	return 0;
}


static void present_entry_make(gc_ctx *ctx, const present_record *p, const gc_hist *h, present_entry *e)
{
	const gc_form *f = config_form(ctx->cfg, p->form);
	e->version = h->version;
	when_format(h->time, e->when, sizeof e->when);
	e->user = h->user;
	e->client = h->client;
	e->action = h->action;
	e->action_label = action_label(f, h->action);
	e->user_name = present_person(ctx->cfg, h->user);
	e->moved = strcmp(h->from, h->to) != 0;
	e->from = *h->from ? core_state_label(ctx->cfg, p->form, h->from) : "";
	e->to = core_state_label(ctx->cfg, p->form, h->to);
	e->unseen = p->reviewed && h->version > p->reviewed;
	e->changes = xcalloc(h->nchanges + 1, sizeof *e->changes);
	for (size_t j = 0; j < h->nchanges; j++) {
		present_change *c = &e->changes[e->nchanges++];
		const gc_field *sf = f ? config_slot(f, h->changes[j].field) : NULL;   /* the assignee too */
		c->key = h->changes[j].field;
		c->label = sf ? config_label(sf) : present_column_label(ctx->cfg, p->form, c->key);
		present_split(&c->old, *h->changes[j].old ? h->changes[j].old : _("(empty)"));
		present_split(&c->new_, *h->changes[j].new_ ? h->changes[j].new_ : _("(empty)"));
	}
	if (*h->comment)
		present_split(&e->comment, h->comment);
}

int present_history(gc_ctx *ctx, present_record *p)
{
	size_t n;
	int rc = core_history(ctx, p->id, &p->hist, &n);
	if (rc)
		return rc;
	p->history = xcalloc(n + 1, sizeof *p->history);
	for (size_t i = 0; i < n; i++)
		present_entry_make(ctx, p, &p->hist[i], &p->history[i]);
	p->nhistory = n;
	return 0;
}

void present_free(present_record *p)
{
	for (size_t i = 0; i < p->nfields; i++)
		present_lines_free(&p->fields[i].value);
	free(p->fields);
	free(p->actions);
	for (size_t i = 0; i < p->nhistory; i++) {
		for (size_t j = 0; j < p->history[i].nchanges; j++) {
			present_lines_free(&p->history[i].changes[j].old);
			present_lines_free(&p->history[i].changes[j].new_);
		}
		free(p->history[i].changes);
		present_lines_free(&p->history[i].comment);
		hist_free(&p->hist[i]);
	}
	free(p->history);
	free(p->hist);
	rec_free(&p->rec);
	memset(p, 0, sizeof *p);
}

/* The system columns' labels, in io_system_columns order. */
static const char *const system_labels[] = {
	N_("ID"), N_("Form"), N_("Node"), N_("State"), N_("Version"), N_("Created"), N_("Updated"), N_("Due"),
	N_("Creator"), N_("Assignee"),
};

const char *present_column_label(const gc_config *cfg, const char *form, const char *key)
{
	for (size_t i = 0; io_system_columns[i] && i < sizeof system_labels / sizeof *system_labels; i++)
		if (!strcmp(io_system_columns[i], key))
			return _(system_labels[i]);
	for (size_t i = 0; i < cfg->nforms; i++) {
		const gc_form *f = &cfg->forms[i];
		if (form && strcmp(f->key, form))
			continue;
		int fi = config_field_index(f, key);
		if (fi >= 0 && f->fields[fi].label && *f->fields[fi].label)
			return f->fields[fi].label;
	}
	return key;
}
