/* SPDX-License-Identifier: MIT */
/* form.c - create and edit records with the configured fields. Each value
 * is checked at its field as it is entered (type, choices, length,
 * pattern); saving an edit sends only the fields the user changed, with
 * the version the form was opened at: the core merges them with what
 * others changed meanwhile, and a field changed on both sides goes to the
 * conflict screen (merge.c), never overwritten unseen. Only the fields
 * this user may write in the record's state can be changed (the core's
 * rule, core_field_writable); the workflow's own fields are shown, not
 * edited, and empty ones are left out of a new record's form. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <time.h>
#include "tui/form.h"
#include "tui/act.h"
#include "tui/draw.h"
#include "tui/editor.h"
#include "tui/keys.h"
#include "tui/nav.h"
#include "tui/people.h"
#include "tui/prompt.h"
#include "gridcase/i18n.h"
#include "gridcase/text.h"
#include "gridcase/tui.h"

/* A new record (id 0) at node, or an edit of id at version. */
struct form_view {
	const gc_form *form;
	uint32_t node, version;
	uint64_t id;
	char **vals;              /* per slot, as typed */
	char **orig;              /* the same at version: a save sends only what differs */
	unsigned char *writable;  /* per slot: this user may change it here */
	size_t *shown, nshown;    /* the slots on screen, in order */
	gc_record rec;            /* an edit: the record as opened (its node and state) */
	char comment[500];        /* an administrator's reason, asked when a save needs one */
	size_t cur;               /* index into shown */
	int dirty;
	char err[300];            /* what is wrong with the last value or save */
};

/* Fields of the form, then the assignee. */
static size_t nslots(const struct form_view *f)
{
	return f->form ? f->form->nfields + 1 : 0;
}

/* The key of slot i: a field's, or the built-in assignee's for the last. */
static const char *slot_key(const struct form_view *f, size_t i)
{
	return i < f->form->nfields ? f->form->fields[i].key : config_assignee.key;
}

static void form_init(tui *t)
{
	t->form = xcalloc(1, sizeof *t->form);
}

static void draft_save(tui *t);
static void draft_drop(void);

/* The form leaves the screen (saved or dropped): its values go. */
static void form_close(tui *t)
{
	struct form_view *f = t->form;
	if (f->form && f->dirty && ui_terminal_gone())
		draft_save(t);   /* the link dropped with the form open: nothing typed is lost */
	for (size_t i = 0; f->vals && i < nslots(f); i++) {
		free(f->vals[i]);
		free(f->orig[i]);
	}
	free(f->vals);
	free(f->orig);
	free(f->writable);
	free(f->shown);
	if (f->form)
		rec_free(&f->rec);
	f->vals = f->orig = NULL;
	f->writable = NULL;
	f->shown = NULL;
	f->nshown = 0;
	f->form = NULL;
}

/* The slot under the cursor. */
static size_t cur_slot(const struct form_view *f)
{
	return f->nshown ? f->shown[f->cur] : 0;
}

/* What this user may change, and which slots to show: the writable ones,
 * and the others that hold a value (an edit shows every field). */
static void form_rules(tui *t, const gc_record *r)
{
	struct form_view *f = t->form;
	f->writable = xcalloc(nslots(f), 1);
	f->shown = xcalloc(nslots(f), sizeof *f->shown);
	for (size_t i = 0; i < nslots(f); i++) {
		f->writable[i] = (unsigned char)core_field_writable(t->ctx, f->form, r, slot_key(f, i), NULL, 0);
		if (f->writable[i] || r || *f->vals[i])
			f->shown[f->nshown++] = i;
	}
}

static void form_done(tui *t)
{
	form_close(t);
	free(t->form);
	t->form = NULL;
}

static void form_open(tui *t, const gc_form *form, const gc_record *r)
{
	struct form_view *f = t->form;
	form_close(t);
	f->form = form;
	f->vals = xcalloc(form->nfields + 2, sizeof *f->vals);
	f->orig = xcalloc(form->nfields + 2, sizeof *f->orig);
	for (size_t i = 0; i < form->nfields; i++) {
		const char *v = r ? rec_field(r, form->fields[i].key) : form->fields[i].def ? form->fields[i].def : "";
		f->vals[i] = xstrdup(v);
		f->orig[i] = xstrdup(v);
	}
	f->vals[form->nfields] = xstrdup(r ? r->assignee : "");
	f->orig[form->nfields] = xstrdup(f->vals[form->nfields]);
	rec_init(&f->rec);
	if (r)
		rec_copy(&f->rec, r);
	else
		f->rec.node_id = f->node;
	f->rec.form = f->rec.form ? f->rec.form : xstrdup(form->key);
	form_rules(t, r);
	f->comment[0] = 0;
	f->cur = 0;
	f->dirty = 0;
	f->err[0] = 0;
	ui_open(t, &form_ops);
}

/* Which of the forms (several): by number, the key's first letter or the
 * label's first character, one key. NULL when cancelled. */
static const gc_form *form_choose(tui *t, const gc_form **can, size_t n)
{
	const char **keys = xcalloc(n, sizeof *keys), **labels = xcalloc(n, sizeof *labels);
	gc_buf q;
	buf_init(&q);
	buf_adds(&q, _("new record:"));
	for (size_t i = 0; i < n; i++) {
		keys[i] = can[i]->key;
		labels[i] = can[i]->label;
		buf_printf(&q, "  %zu %s (%s)", i + 1, can[i]->label, can[i]->key);
	}
	buf_printf(&q, "  %s", _("Esc cancels"));
	int pick = prompt_choice(t, q.p, keys, labels, n);
	buf_free(&q);
	free(keys);
	free(labels);
	return pick < 0 ? NULL : can[pick];
}

void form_new(tui *t, uint32_t node)
{
	const gc_node *n = core_node(t->ctx, node);
	const gc_form *form = NULL;
	/* The forms this user may create at this node's level; with several,
	 * the user chooses (事件 or 走访记录 on a grid). */
	const gc_form **can = xcalloc(t->cfg->nforms + 1, sizeof *can);
	size_t ncan = 0;
	for (size_t i = 0; n && i < t->cfg->nforms; i++) {
		const gc_form *c = &t->cfg->forms[i];
		int may = t->ctx->admin || (t->ctx->user && t->cfg->roles[t->ctx->user->role].create[i]);
		if (may && c->at_level == n->level)
			can[ncan++] = c;
	}
	form = ncan > 1 ? form_choose(t, can, ncan) : ncan ? can[0] : NULL;
	free(can);
	if (ncan > 1 && !form)
		return;   /* cancelled */
	if (!form) {
		tui_message(t, "select a %s to create a record there", n && n->level + 1 < (int)t->cfg->nlevels
			    ? t->cfg->levels[t->cfg->nlevels - 1].label : "node");
		return;
	}
	t->form->id = 0;
	t->form->node = n->id;
	t->form->version = 0;
	form_open(t, form, NULL);
}

void form_edit(tui *t, uint64_t id)
{
	gc_record r;
	if (core_get(t->ctx, id, &r)) {
		tui_message(t, "%s", t->ctx->errs.msg[0]);
		return;
	}
	const gc_form *form = config_form(t->cfg, r.form);
	if (form) {
		t->form->id = id;
		t->form->node = r.node_id;
		t->form->version = r.version;
		form_open(t, form, &r);
	}
	rec_free(&r);
}

/* ---- drafts ----------------------------------------------------------
 * A form whose terminal goes away (an SSH hang-up, the window closed) is
 * kept as the user's draft: a file of its own beside the database, written
 * whole to a temporary file, synced and renamed over the last one, so a
 * crash leaves the old draft or the new, never half of one. The next time
 * the user opens the UI it is offered back. A line per item, values with
 * \\, \n, \t and \r escaped. */

static char *draft_file;

void tui_draft_file(const char *path)
{
	free(draft_file);
	draft_file = path ? xstrdup(path) : NULL;
}

static void esc_add(gc_buf *b, const char *s)
{
	for (; *s; s++)
		switch (*s) {
		case '\\': buf_adds(b, "\\\\"); break;
		case '\n': buf_adds(b, "\\n"); break;
		case '\t': buf_adds(b, "\\t"); break;
		case '\r': buf_adds(b, "\\r"); break;
		default: buf_addc(b, *s);
		}
}

static char *unesc(const char *s, size_t n)
{
	gc_buf b;
	buf_init(&b);
	for (size_t i = 0; i < n; i++) {
		if (s[i] != '\\' || i + 1 == n) {
			buf_addc(&b, s[i]);
			continue;
		}
		char c = s[++i];
		buf_addc(&b, c == 'n' ? '\n' : c == 't' ? '\t' : c == 'r' ? '\r' : c);
	}
	char *out = xstrdup(b.p ? b.p : "");
	buf_free(&b);
	return out;
}

/* The file written whole, then put in place: 0 when it is there. */
static int draft_write(const char *text, size_t len)
{
	gc_buf tmp;
	buf_init(&tmp);
	buf_printf(&tmp, "%s.tmp", draft_file);
	int fd = open(tmp.p, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600), rc = -1;
	if (fd >= 0) {
		rc = write_all(fd, text, len) || fsync(fd) ? -1 : 0;
		rc = close(fd) || rc ? -1 : 0;
		rc = rc || rename(tmp.p, draft_file) ? -1 : 0;
		if (rc)
			unlink(tmp.p);
	}
	char *slash = strrchr(draft_file, '/');
	char *dir = slash ? xstrndup(draft_file, slash == draft_file ? 1 : (size_t)(slash - draft_file)) : xstrdup(".");
	int dfd = rc ? -1 : open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd >= 0) {
		fsync(dfd);   /* the rename itself survives a crash */
		close(dfd);
	}
	free(dir);
	buf_free(&tmp);
	return rc;
}

/* The form as a draft: what it is, the version it was opened at, and
 * every value (with its value then, for the merge when it is saved). */
static void draft_save(tui *t)
{
	struct form_view *f = t->form;
	if (!draft_file || !f->form)
		return;
	const gc_node *n = core_node(t->ctx, f->node);
	gc_buf b;
	buf_init(&b);
	buf_printf(&b, "gridcase-draft 1\nform %s\nnode %s\nid %llu\nversion %u\nsaved %lld\nslot %s\n", f->form->key,
		   n ? n->code : "", (unsigned long long)f->id, f->version, (long long)gc_now(),
		   f->nshown ? slot_key(f, cur_slot(f)) : "");
	for (size_t i = 0; i < nslots(f); i++) {
		buf_printf(&b, "value %s\t", slot_key(f, i));
		esc_add(&b, f->vals[i]);
		buf_printf(&b, "\norig %s\t", slot_key(f, i));
		esc_add(&b, f->orig[i]);
		buf_addc(&b, '\n');
	}
	buf_adds(&b, "end\n");   /* a file without it is not a whole draft */
	draft_write(b.p, b.len);
	buf_free(&b);
}

static void draft_drop(void)
{
	if (draft_file)
		unlink(draft_file);
}

/* A draft read back: its lines, found by their first word. */
typedef struct draft {
	char *text;
	char **line;
	size_t n;
} draft;

static int draft_read(draft *d)
{
	memset(d, 0, sizeof *d);
	FILE *fp = draft_file ? fopen(draft_file, "r") : NULL;
	if (!fp)
		return -1;
	gc_buf b;
	buf_init(&b);
	char chunk[4096];
	size_t got;
	while ((got = fread(chunk, 1, sizeof chunk, fp)) > 0)
		buf_add(&b, chunk, got);
	fclose(fp);
	if (!b.p || strncmp(b.p, "gridcase-draft 1\n", 17) || !strstr(b.p, "\nend\n")) {
		buf_free(&b);
		return -1;
	}
	d->text = b.p;
	d->line = xcalloc(b.len + 1, sizeof *d->line);
	for (char *p = d->text; p && *p;) {
		char *nl = strchr(p, '\n');
		if (nl)
			*nl = 0;
		d->line[d->n++] = p;
		p = nl ? nl + 1 : NULL;
	}
	return 0;
}

static void draft_free(draft *d)
{
	free(d->text);
	free(d->line);
}

/* The rest of the line that starts with word and a space, or "". */
static const char *draft_get(const draft *d, const char *word)
{
	size_t n = strlen(word);
	for (size_t i = 0; i < d->n; i++)
		if (!strncmp(d->line[i], word, n) && d->line[i][n] == ' ')
			return d->line[i] + n + 1;
	return "";
}

/* Put the draft's values (and for an edit, its start) into the open form. */
static void draft_apply(tui *t, const draft *d)
{
	struct form_view *f = t->form;
	for (size_t k = 0; k < d->n; k++) {
		int orig = !strncmp(d->line[k], "orig ", 5);
		if (strncmp(d->line[k], "value ", 6) && !orig)
			continue;
		const char *key = d->line[k] + (orig ? 5 : 6), *tab = strchr(key, '\t');
		if (!tab)
			continue;
		for (size_t i = 0; i < nslots(f); i++)
			if (strlen(slot_key(f, i)) == (size_t)(tab - key) && !strncmp(slot_key(f, i), key, (size_t)(tab - key))) {
				char **to = orig ? &f->orig[i] : &f->vals[i];
				if (orig && !f->id)
					break;   /* a new record starts from nothing */
				free(*to);
				*to = unesc(tab + 1, strlen(tab + 1));
			}
	}
	if (f->id)
		f->version = (uint32_t)strtoul(draft_get(d, "version"), NULL, 10);
	const char *slot = draft_get(d, "slot");
	for (size_t k = 0; k < f->nshown; k++)
		if (!strcmp(slot_key(f, f->shown[k]), slot))
			f->cur = k;
	for (size_t i = 0; i < nslots(f); i++)
		if (strcmp(f->vals[i], f->orig[i]))
			f->dirty = 1;
}

void form_offer_draft(tui *t)
{
	draft d;
	if (draft_read(&d))
		return;
	const gc_form *form = config_form(t->cfg, draft_get(&d, "form"));
	const gc_node *n = core_node_by_code(t->ctx, draft_get(&d, "node"));
	uint64_t id = strtoull(draft_get(&d, "id"), NULL, 10);
	char when[40], what[200], q[400];
	when_format((int64_t)strtoll(draft_get(&d, "saved"), NULL, 10), when, sizeof when);
	if (id)
		snprintf(what, sizeof what, _("edit of #%llu"), (unsigned long long)id);
	else
		snprintf(what, sizeof what, _("new %s at %s"), form ? form->label : "?", n ? n->name : "?");
	snprintf(q, sizeof q, _("a draft was kept when your connection dropped (%s, %s): open it? (y/n) "), what, when);
	if (form && n && prompt_yes(t, q)) {
		if (id) {
			form_edit(t, id);
		} else {
			t->form->id = 0;
			t->form->node = n->id;
			t->form->version = 0;
			form_open(t, form, NULL);
		}
		if (ui_top(t) == &form_ops && t->form->form == form) {
			draft_apply(t, &d);
			snprintf(t->form->err, sizeof t->form->err, "%s", _("your draft: s saves it, q drops it"));
		}
	} else if (!ui_terminal_gone() && prompt_yes(t, _("delete the draft? (y/n) "))) {
		draft_drop();
	}
	draft_free(&d);
}

static void form_draw(tui *t, int y, int x, int h, int w)
{
	(void)x;
	(void)w;   /* forms use the whole width */
	const struct form_view *f = t->form;
	const gc_node *n = core_node(t->ctx, f->node);
	char head[300];
	if (f->id)
		snprintf(head, sizeof head, _("edit #%llu (version %u)  %s"), (unsigned long long)f->id,
			 f->version, f->form->label);
	else
		snprintf(head, sizeof head, _("new %s at %s %s"), f->form->label, n ? n->code : "", n ? n->name : "");
	draw_text(t, y, 0, head, t->cols, 1);
	int lw = 12;
	size_t from = f->cur + 3 > (size_t)h ? f->cur + 3 - (size_t)h : 0;
	for (size_t k = from; k < f->nshown && (int)(k - from) + 2 < h - 1; k++) {
		size_t i = f->shown[k];
		const gc_field *fd = config_slot(f->form, slot_key(f, i));
		char label[120];
		/* '*' must be filled in; '-' is not yours to change here. */
		snprintf(label, sizeof label, "%s%s", config_label(fd), !f->writable[i] ? "-" : fd->required ? "*" : "");
		int row = y + 2 + (int)(k - from);
		draw_text(t, row, 1, label, lw, 1);
		const char *v = f->vals[i];
		/* Long text shows its first line; the editor shows all of it. */
		char *first = xstrndup(v, strcspn(v, "\n"));
		draw_text(t, row, lw + 2, first, t->cols - lw - 3, 1);
		free(first);
		draw_selected(t, row, 0, t->cols, k == f->cur);
	}
	if (!f->nshown)
		draw_text(t, y + 2, 1, _("nothing here is yours to change"), t->cols - 2, 1);
	if (f->err[0])
		draw_text(t, y + h - 1, 0, f->err, t->cols, 1);
}

/* Ask for a field's value in buf (the editor for long text, numbered
 * choices, a toggle for yes/no) and check it at the field; 0 when buf
 * holds the canonical value, -1 when cancelled or refused (f->err says). */
static int ask_field(tui *t, const gc_field *fd, char *buf, size_t size)
{
	struct form_view *f = t->form;
	char label[200], msg[300];
	if (fd->type == FT_LONGTEXT) {
		if (editor_edit(t, fd->label, buf, size))
			return -1;
	} else if (fd->type == FT_BOOL) {
		snprintf(buf, size, "%s", strcmp(f->vals[cur_slot(f)], "true") ? "true" : "false");
	} else if (fd->type != FT_MULTICHOICE) {
		/* Asked until it passes, a refused value kept to be edited; a
		 * choice from the picker. */
		return act_ask_value(t, NULL, fd, 0, buf, size);
	} else {
		gc_buf opts;
		buf_init(&opts);
		for (size_t c = 0; c < fd->nchoices; c++)
			buf_printf(&opts, "%s%s", c ? "; " : " [", fd->choices[c]);
		snprintf(label, sizeof label, "%s%s%s: ", fd->label, opts.len ? opts.p : "", opts.len ? "]" : "");
		buf_free(&opts);
		if (prompt(t, label, buf, size))
			return -1;
	}
	gc_buf canon;
	buf_init(&canon);
	const char *why = field_canonical(t->cfg, fd, buf, &canon, msg, sizeof msg);
	if (why) {
		act_refusal(fd, why, f->err, sizeof f->err);
		buf_free(&canon);
		return -1;
	}
	snprintf(buf, size, "%s", canon.p ? canon.p : "");
	buf_free(&canon);
	return 0;
}

/* Enter: ask for the selected slot's value, then on to the next slot. */
static void edit_slot(tui *t)
{
	struct form_view *f = t->form;
	char buf[16384];   /* a long text of 4,000 Chinese characters */
	if (!f->nshown)
		return;
	size_t i = cur_slot(f);
	snprintf(buf, sizeof buf, "%s", f->vals[i]);
	if (!f->writable[i]) {   /* the core says who writes it */
		core_field_writable(t->ctx, f->form, f->id ? &f->rec : NULL, slot_key(f, i), f->err, sizeof f->err);
		return;
	}
	t->typed[0] = 0;
	int rc = 0;
	if (i == f->form->nfields) {
		if (t->cfg->nusers)
			rc = people_pick(t, &f->rec, NULL, 1, buf, sizeof buf);
		else
			rc = prompt(t, _("assignee: "), buf, sizeof buf);
	} else {
		rc = ask_field(t, &f->form->fields[i], buf, sizeof buf);
	}
	if (rc && ui_terminal_gone() && t->typed[0]) {
		/* The link dropped while this value was being typed: the draft
		 * keeps it as it was, on this field, checked when it is saved. */
		free(f->vals[i]);
		f->vals[i] = xstrdup(t->typed);
		f->dirty = 1;
		return;
	}
	if (rc)
		return;
	f->err[0] = 0;
	if (strcmp(buf, f->vals[i])) {
		free(f->vals[i]);
		f->vals[i] = xstrdup(buf);
		f->dirty = 1;
	}
	if (f->cur + 1 < f->nshown)
		f->cur++;
}

static void conflict_saved(tui *t, const gc_set_result *res, const unsigned char *take_mine);

/* Whether the administrator's change is one the rules refuse without a
 * reason: the record is in a final state, or a field is the workflow's. */
static int needs_reason(tui *t, const gc_kv *vals, size_t n)
{
	const struct form_view *f = t->form;
	int s = core_state_of(f->form, &f->rec);
	if (s >= 0 && f->form->wf->states[s].final)
		return 1;
	for (size_t i = 0; i < n; i++) {
		const gc_transition *const *o = config_owners(f->form, vals[i].key);
		const gc_field *fd = config_slot(f->form, vals[i].key);
		if ((o && o[0]) || (fd && fd->readonly))
			return 1;
	}
	return 0;
}

/* An edit: only the fields changed since the form was opened, merged by
 * the core with what others changed meanwhile. */
static void save_edit(tui *t, gc_kv *vals)
{
	struct form_view *f = t->form;
	uint64_t id = f->id;
	size_t n = 0;
	for (size_t i = 0; i < nslots(f); i++)
		if (strcmp(f->vals[i], f->orig[i]) && f->writable[i]) {
			vals[n].key = (char *)slot_key(f, i);
			vals[n++].val = f->vals[i];
		}
	/* An administrator changing what others may not (a closed record, the
	 * workflow's fields) says why; the history keeps it. */
	if (n && t->ctx->admin && !f->comment[0] && needs_reason(t, vals, n) &&
	    (prompt(t, _("reason for this correction (kept in the history): "), f->comment, sizeof f->comment) ||
	     !f->comment[0])) {
		snprintf(f->err, sizeof f->err, "%s", _("not saved: a correction needs a reason"));
		return;
	}
	gc_set_result res;
	int rc = core_set(t->ctx, id, vals, n, SET_MERGE, f->version, f->comment[0] ? f->comment : NULL, &res);
	if (rc == GC_ECONFLICT && res.nconflicts) {
		/* The conflict screen over the form, which stays open under it. */
		nav_conflict about = { id, f->version, f->form, conflict_saved };
		f->err[0] = 0;
		nav_resolve_conflict(t, &res, &about);
		return;
	}
	int others = rc == 0 && res.found > f->version;
	core_set_result_free(&res);
	if (rc) {
		snprintf(f->err, sizeof f->err, "%s", t->ctx->errs.n ? t->ctx->errs.msg[0] : "not saved");
		return;
	}
	draft_drop();
	ui_close(t, &form_ops);
	nav_open_record(t, id);
	if (!n)
		tui_message(t, "#%llu: nothing changed, nothing saved", (unsigned long long)id);
	else if (others)
		tui_message(t, "#%llu saved; the changes others made meanwhile were kept", (unsigned long long)id);
	else
		tui_message(t, "#%llu saved", (unsigned long long)id);
}

static void save(tui *t)
{
	struct form_view *f = t->form;
	const gc_form *form = f->form;
	gc_kv *vals = xcalloc(nslots(f), sizeof *vals);
	if (f->id) {
		save_edit(t, vals);
		free(vals);
		return;
	}
	size_t n = 0;
	for (size_t i = 0; i < nslots(f); i++) {
		if (!f->writable[i])   /* the workflow's: shown only */
			continue;
		vals[n].key = (char *)slot_key(f, i);
		vals[n].val = f->vals[i];
		n++;
	}
	uint64_t id;
	const gc_node *node = core_node(t->ctx, f->node);
	if (core_new(t->ctx, form->key, node->code, vals, n, &id) == 0) {
		free(vals);
		draft_drop();
		ui_close(t, &form_ops);
		tui_message(t, "#%llu created", (unsigned long long)id);
		nav_open_record(t, id);
		return;
	}
	snprintf(f->err, sizeof f->err, "%s", t->ctx->errs.n ? t->ctx->errs.msg[0] : "not saved");
	free(vals);
}

/* The conflict screen's save (it has closed): the form moves to the stored
 * version. Every slot starts from the stored value; it keeps yours when you
 * changed it and nobody else did, or when you took yours in a conflict.
 * Then it is saved again. */
static void conflict_saved(tui *t, const gc_set_result *res, const unsigned char *take_mine)
{
	struct form_view *f = t->form;
	const gc_record *cur = &res->current;
	for (size_t i = 0; i < nslots(f); i++) {
		const char *key = slot_key(f, i), *stored = rec_slot(cur, key);
		int conflict = -1;
		for (size_t c = 0; c < res->nconflicts && conflict < 0; c++)
			if (!strcmp(res->conflicts[c].field, key))
				conflict = (int)c;
		int mine = conflict >= 0 ? take_mine[conflict] : strcmp(f->vals[i], f->orig[i]) != 0;
		if (!mine) {
			free(f->vals[i]);
			f->vals[i] = xstrdup(stored);
		}
		free(f->orig[i]);
		f->orig[i] = xstrdup(stored);
	}
	f->version = cur->version;
	save(t);
}

static int form_key(tui *t, int action)
{
	struct form_view *f = t->form;
	long c = (long)f->cur;
	switch (action) {
	case ACT_UP: c--; break;
	case ACT_DOWN: c++; break;
	case ACT_TOP: c = 0; break;
	case ACT_BOTTOM: c = (long)f->nshown - 1; break;
	case ACT_PGUP: case ACT_PGDN: return ACT_NONE;
	case ACT_OPEN: edit_slot(t); return ACT_NONE;
	case ACT_SAVE: save(t); return ACT_NONE;
	case ACT_BACK: {
		if (f->dirty && !prompt_yes(t, _("drop your changes? (y/n) ")))
			return ACT_NONE;
		if (f->dirty)
			draft_drop();   /* dropped on purpose: no draft of it either */
		ui_close(t, &form_ops);
		return ACT_NONE;
	}
	default:
		return action;
	}
	if (c >= (long)f->nshown)
		c = (long)f->nshown - 1;
	f->cur = c < 0 ? 0 : (size_t)c;
	return ACT_NONE;
}

const view_ops form_ops = {
	.keys = V_FORM,
	.init = form_init, .done = form_done, .draw = form_draw, .key = form_key, .close = form_close,
};
