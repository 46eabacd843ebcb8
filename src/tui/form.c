/* form.c - create and edit records with the configured fields. Each value
 * is checked at its field as it is entered (type, choices, length,
 * pattern); saving an edit sends only the fields the user changed, with
 * the version the form was opened at: the core merges them with what
 * others changed meanwhile, and a field changed on both sides goes to the
 * conflict screen (merge.c), never overwritten unseen. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "tui/ui.h"
#include "gridcase/i18n.h"
#include "gridcase/text.h"
#include <wchar.h>

/* Fields of the form, then the assignee. */
static size_t nslots(const tui *t)
{
	return t->form ? t->form->nfields + 1 : 0;
}

static void form_free(tui *t)
{
	for (size_t i = 0; t->form_vals && i < nslots(t); i++) {
		free(t->form_vals[i]);
		free(t->form_orig[i]);
	}
	free(t->form_vals);
	free(t->form_orig);
	t->form_vals = t->form_orig = NULL;
	t->form = NULL;
	merge_close(t);
}

/* The key of slot i: a field's, or "assignee" for the last. */
static const char *slot_key(const tui *t, size_t i)
{
	return i < t->form->nfields ? t->form->fields[i].key : "assignee";
}

static void form_open(tui *t, const gc_form *f, const gc_record *r)
{
	form_free(t);
	t->form = f;
	t->form_vals = xcalloc(f->nfields + 2, sizeof *t->form_vals);
	t->form_orig = xcalloc(f->nfields + 2, sizeof *t->form_orig);
	for (size_t i = 0; i < f->nfields; i++) {
		const char *v = r ? rec_field(r, f->fields[i].key) : f->fields[i].def ? f->fields[i].def : "";
		t->form_vals[i] = xstrdup(v);
		t->form_orig[i] = xstrdup(v);
	}
	t->form_vals[f->nfields] = xstrdup(r ? r->assignee : "");
	t->form_orig[f->nfields] = xstrdup(t->form_vals[f->nfields]);
	t->fcur = 0;
	t->form_dirty = 0;
	t->form_err[0] = 0;
	t->view = V_FORM;
}

void form_new(tui *t)
{
	const gc_node *n = t->focus == V_TREE && t->ntrow ? core_node(t->ctx, t->trow[t->tcur].node)
							  : core_node(t->ctx, t->list_node);
	const gc_form *f = NULL;
	/* The first form this user may create at this node's level. */
	for (size_t i = 0; n && i < t->cfg->nforms && !f; i++) {
		const gc_form *c = &t->cfg->forms[i];
		int may = t->ctx->admin || (t->ctx->user && t->cfg->roles[t->ctx->user->role].create[i]);
		if (may && c->at_level == n->level)
			f = c;
	}
	if (!f) {
		tui_message(t, "select a %s to create a record there", n && n->level + 1 < (int)t->cfg->nlevels
			    ? t->cfg->levels[t->cfg->nlevels - 1].label : "node");
		return;
	}
	t->form_id = 0;
	t->form_node = n->id;
	t->form_version = 0;
	form_open(t, f, NULL);
}

void form_edit(tui *t, uint64_t id)
{
	gc_record r;
	if (core_get(t->ctx, id, &r)) {
		tui_message(t, "%s", t->ctx->errs.msg[0]);
		return;
	}
	const gc_form *f = config_form(t->cfg, r.form);
	if (f) {
		t->form_id = id;
		t->form_node = r.node_id;
		t->form_version = r.version;
		form_open(t, f, &r);
	}
	rec_free(&r);
}

void form_draw(tui *t, int y, int x, int h, int w)
{
	(void)x;
	(void)w;   /* forms use the whole width */
	const gc_form *f = t->form;
	const gc_node *n = core_node(t->ctx, t->form_node);
	char head[300];
	if (t->form_id)
		snprintf(head, sizeof head, _("edit #%llu (version %u)  %s"), (unsigned long long)t->form_id,
			 t->form_version, f->label);
	else
		snprintf(head, sizeof head, _("new %s at %s %s"), f->label, n ? n->code : "", n ? n->name : "");
	draw_text(t, y, 0, head, t->cols, 1);
	int lw = 12;
	for (size_t i = 0; i < nslots(t) && (int)i + 2 < h; i++) {
		const gc_field *fd = i < f->nfields ? &f->fields[i] : NULL;
		char label[120];
		snprintf(label, sizeof label, "%s%s", fd ? fd->label : _("assignee"), fd && fd->required ? "*" : "");
		int row = y + 2 + (int)i;
		draw_text(t, row, 1, label, lw, 1);
		const char *v = t->form_vals[i];
		/* Long text shows its first line; the editor shows all of it. */
		char *first = xstrndup(v, strcspn(v, "\n"));
		draw_text(t, row, lw + 2, first, t->cols - lw - 3, 1);
		free(first);
		draw_selected(t, row, 0, t->cols, i == t->fcur);
	}
	if (t->form_err[0])
		draw_text(t, y + h - 1, 0, t->form_err, t->cols, 1);
}

/* Ask for one value and check it at the field. */
static void edit_slot(tui *t)
{
	const gc_form *f = t->form;
	char buf[4000], label[200], msg[300];
	size_t i = t->fcur;
	snprintf(buf, sizeof buf, "%s", t->form_vals[i]);
	if (i == f->nfields) {
		if (prompt(t, _("assignee (login): "), buf, sizeof buf))
			return;
		if (*buf && t->cfg->nusers && !config_user(t->cfg, buf)) {
			snprintf(t->form_err, sizeof t->form_err, _("assignee: unknown user '%.100s'"), buf);
			return;
		}
	} else {
		const gc_field *fd = &f->fields[i];
		if (fd->readonly) {
			snprintf(t->form_err, sizeof t->form_err, _("%s is kept by the workflow"), fd->label);
			return;
		}
		if (fd->type == FT_LONGTEXT) {
			if (edit_lines(t, fd->label, buf, sizeof buf))
				return;
		} else if (fd->type == FT_BOOL) {
			snprintf(buf, sizeof buf, "%s", strcmp(t->form_vals[i], "true") ? "true" : "false");
		} else {
			gc_buf opts;
			buf_init(&opts);
			if (fd->type == FT_CHOICE || fd->type == FT_MULTICHOICE)
				for (size_t c = 0; c < fd->nchoices; c++)
					buf_printf(&opts, "%s%zu %s", c ? " " : " [", c + 1, fd->choices[c]);
			snprintf(label, sizeof label, "%s%s%s%s: ", fd->label,
				 fd->type == FT_DATE ? " (YYYY-MM-DD)" : fd->type == FT_DATETIME ? " (YYYY-MM-DD HH:MM)" : "",
				 opts.len ? opts.p : "", opts.len ? "]" : "");
			buf_free(&opts);
			if (prompt(t, label, buf, sizeof buf))
				return;
			/* A number picks a choice. */
			char *end;
			long k = strtol(buf, &end, 10);
			if (fd->type == FT_CHOICE && *buf && !*end && k >= 1 && (size_t)k <= fd->nchoices)
				snprintf(buf, sizeof buf, "%s", fd->choices[k - 1]);
		}
		gc_buf canon;
		buf_init(&canon);
		const char *why = field_canonical(t->cfg, fd, buf, &canon, msg, sizeof msg);
		if (why) {
			snprintf(t->form_err, sizeof t->form_err, "%s: %s", fd->label, why);
			buf_free(&canon);
			return;
		}
		snprintf(buf, sizeof buf, "%s", canon.p ? canon.p : "");
		buf_free(&canon);
	}
	t->form_err[0] = 0;
	if (strcmp(buf, t->form_vals[i])) {
		free(t->form_vals[i]);
		t->form_vals[i] = xstrdup(buf);
		t->form_dirty = 1;
	}
	if (t->fcur + 1 < nslots(t))
		t->fcur++;
}

/* An edit: only the fields changed since the form was opened, merged by
 * the core with what others changed meanwhile. */
static void save_edit(tui *t, gc_kv *vals)
{
	const gc_form *f = t->form;
	uint64_t id = t->form_id;
	size_t n = 0;
	for (size_t i = 0; i < nslots(t); i++)
		if (strcmp(t->form_vals[i], t->form_orig[i]) && !(i < f->nfields && f->fields[i].readonly)) {
			vals[n].key = (char *)slot_key(t, i);
			vals[n++].val = t->form_vals[i];
		}
	gc_set_result res;
	int rc = core_set(t->ctx, id, vals, n, SET_MERGE, t->form_version, &res);
	if (rc == GC_ECONFLICT && res.nconflicts) {
		merge_open(t, &res);   /* the form stays open under it */
		return;
	}
	int others = rc == 0 && res.found > t->form_version;
	core_set_result_free(&res);
	if (rc) {
		snprintf(t->form_err, sizeof t->form_err, "%s", t->ctx->errs.n ? t->ctx->errs.msg[0] : "not saved");
		return;
	}
	form_free(t);
	detail_open(t, id);
	if (!n)
		tui_message(t, "#%llu: nothing changed, nothing saved", (unsigned long long)id);
	else if (others)
		tui_message(t, "#%llu saved; the changes others made meanwhile were kept", (unsigned long long)id);
	else
		tui_message(t, "#%llu saved", (unsigned long long)id);
}

static void save(tui *t)
{
	const gc_form *f = t->form;
	gc_kv *vals = xcalloc(nslots(t), sizeof *vals);
	if (t->form_id) {
		save_edit(t, vals);
		free(vals);
		return;
	}
	size_t n = 0;
	for (size_t i = 0; i < f->nfields; i++) {
		if (f->fields[i].readonly)   /* kept by the workflow, shown only */
			continue;
		vals[n].key = f->fields[i].key;
		vals[n].val = t->form_vals[i];
		n++;
	}
	vals[n].key = "assignee";
	vals[n].val = t->form_vals[f->nfields];
	n++;
	uint64_t id;
	const gc_node *node = core_node(t->ctx, t->form_node);
	if (core_new(t->ctx, f->key, node->code, vals, n, &id) == 0) {
		free(vals);
		form_free(t);
		tui_message(t, "#%llu created", (unsigned long long)id);
		detail_open(t, id);
		return;
	}
	snprintf(t->form_err, sizeof t->form_err, "%s", t->ctx->errs.n ? t->ctx->errs.msg[0] : "not saved");
	free(vals);
}

void form_merge_save(tui *t)
{
	const gc_record *cur = &t->merge.current;
	/* Every slot starts from the stored version; it keeps your value when you
	 * changed it and nobody else did, or when you took yours in a conflict. */
	for (size_t i = 0; i < nslots(t); i++) {
		const char *key = slot_key(t, i), *stored = core_slot(cur, key);
		int conflict = -1;
		for (size_t c = 0; c < t->merge.nconflicts && conflict < 0; c++)
			if (!strcmp(t->merge.conflicts[c].field, key))
				conflict = (int)c;
		int mine = conflict >= 0 ? t->take_mine[conflict] : strcmp(t->form_vals[i], t->form_orig[i]) != 0;
		if (!mine) {
			free(t->form_vals[i]);
			t->form_vals[i] = xstrdup(stored);
		}
		free(t->form_orig[i]);
		t->form_orig[i] = xstrdup(stored);
	}
	t->form_version = cur->version;
	merge_close(t);
	t->view = V_FORM;
	save(t);
}

void form_key(tui *t, int action)
{
	long c = (long)t->fcur;
	switch (action) {
	case ACT_UP: c--; break;
	case ACT_DOWN: c++; break;
	case ACT_TOP: c = 0; break;
	case ACT_BOTTOM: c = (long)nslots(t) - 1; break;
	case ACT_OPEN: edit_slot(t); return;
	case ACT_SAVE: save(t); return;
	case ACT_BACK: {
		char yes[8] = "";
		if (t->form_dirty && (prompt(t, _("drop your changes? (y/n) "), yes, sizeof yes) || yes[0] != 'y'))
			return;
		form_free(t);
		t->view = t->detail_id ? V_DETAIL : 0;
		return;
	}
	}
	if (c >= (long)nslots(t))
		c = (long)nslots(t) - 1;
	t->fcur = c < 0 ? 0 : (size_t)c;
}

/* ---- the long-text editor ---- */


static void ed_draw(tui *t, const char *label, const wchar_t *w, size_t n, size_t cur)
{
	int h = t->rows - 2;
	size_t line = 0, col = 0, start = 0;
	for (size_t i = 0; i < cur; i++)
		if (w[i] == '\n') {
			line++;
			start = i + 1;
		}
	col = cur - start;
	size_t top = line >= (size_t)h ? line - (size_t)h + 1 : 0;
	erase();
	char head[200];
	snprintf(head, sizeof head, "%s  (F2 or ^D keeps, Esc cancels)", label);
	draw_text(t, 0, 0, head, t->cols, 1);
	size_t ln = 0, i = 0;
	int cy = 1, cx = 0;
	while (i <= n) {
		size_t e = i;
		while (e < n && w[e] != '\n')
			e++;
		if (ln >= top && ln < top + (size_t)h) {
			char mb[8 * WTEXT_MAX + 1];
			size_t len = 0;
			mbstate_t st;
			memset(&st, 0, sizeof st);
			int width = 0;
			for (size_t k = i; k < e; k++) {
				size_t m = wcrtomb(mb + len, w[k], &st);
				if (m != (size_t)-1)
					len += m;
				if (ln == line && k - i < col)
					width += text_cp_width((uint32_t)w[k]);
			}
			mb[len] = 0;
			draw_text(t, 1 + (int)(ln - top), 0, mb, t->cols, 0);
			if (ln == line) {
				cy = 1 + (int)(ln - top);
				cx = width < t->cols ? width : t->cols - 1;
			}
		}
		ln++;
		i = e + 1;
	}
	move(cy, cx);
	refresh();
}

int edit_lines(tui *t, const char *label, char *buf, size_t size)
{
	wtext e;
	wtext_from(&e, buf);
	curs_set(1);
	for (;;) {
		ed_draw(t, label, e.w, e.n, e.cur);
		wint_t ch;
		int r = editor_key(t, &ch);
		if (r == KEY_CODE_YES && (ch == KEY_UP || ch == KEY_DOWN)) {
			/* To the same column of the line above or below. */
			size_t start = e.cur, col;
			while (start && e.w[start - 1] != '\n')
				start--;
			col = e.cur - start;
			if (ch == KEY_UP && start) {
				size_t ps = start - 1;
				while (ps && e.w[ps - 1] != '\n')
					ps--;
				e.cur = ps + col < start - 1 ? ps + col : start - 1;
			} else if (ch == KEY_DOWN) {
				size_t end = e.cur;
				while (end < e.n && e.w[end] != '\n')
					end++;
				if (end < e.n) {
					size_t ns = end + 1, ne = ns;
					while (ne < e.n && e.w[ne] != '\n')
						ne++;
					e.cur = ns + col < ne ? ns + col : ne;
				}
			}
			continue;
		}
		if (r == KEY_CODE_YES && ch == KEY_F(2))
			break;
		if (r != KEY_CODE_YES && ch == 27) {
			curs_set(0);
			return -1;
		}
		if (r != KEY_CODE_YES && ch == 4)   /* ^D keeps */
			break;
		if (r != KEY_CODE_YES && ch == '\r')
			ch = '\n';
		wtext_key(&e, r == KEY_CODE_YES, ch, 1);
	}
	curs_set(0);
	wtext_to(&e, buf, size);
	return 0;
}
