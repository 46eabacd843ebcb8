/* SPDX-License-Identifier: MIT */
/* pager.c - a page of text: the lines are indexed once when it is set and
 * laid out as screen rows once per width, so scrolling and drawing touch
 * only the rows on the screen. */
#include <stdlib.h>
#include <string.h>
#include "tui/pager.h"
#include "tui/draw.h"
#include "tui/keys.h"
#include "gridcase/text.h"

void pager_init(pager *p)
{
	memset(p, 0, sizeof *p);
	buf_init(&p->text);
}

void pager_free(pager *p)
{
	buf_free(&p->text);
	free(p->line_at);
	free(p->rows);
	p->line_at = NULL;
	p->rows = NULL;
	p->nlines = p->nrows = p->top = 0;
	p->width = 0;
}

void pager_set(pager *p, const char *text)
{
	buf_reset(&p->text);
	buf_adds(&p->text, text);
	free(p->line_at);
	free(p->rows);
	p->rows = NULL;
	p->nrows = 0;
	p->width = 0;
	p->nlines = 0;
	size_t cap = 64;
	p->line_at = xmalloc(cap * sizeof *p->line_at);
	for (size_t i = 0; i <= p->text.len;) {
		if (p->nlines == cap)
			p->line_at = xrealloc(p->line_at, (cap *= 2) * sizeof *p->line_at);
		p->line_at[p->nlines++] = i;
		const char *nl = strchr(p->text.p + i, '\n');
		if (!nl)
			break;
		i = (size_t)(nl - p->text.p) + 1;
	}
	p->top = 0;
}

/* The continuation rows of a line with lead leading spaces start under
 * its text, or two columns in for a line that starts at the edge (a
 * field's label), never past half the width. */
static int wrap_indent(int lead, int width)
{
	int in = lead ? lead : 2;
	return in > width / 2 ? width / 2 : in;
}

/* Bytes of s (n of them) that fit in cols columns as drawn: in ASCII mode
 * every character is one '?' or itself. At least one character, so that
 * every row moves on. */
static size_t fit_len(int ascii, const char *s, size_t n, int cols)
{
	size_t i = 0;
	if (ascii) {
		uint32_t cp;
		for (int used = 0; i < n && used < cols; used++) {
			size_t l = utf8_decode(s + i, n - i, &cp);
			i += l ? l : 1;
		}
	} else {
		i = text_fit_len(s, n, cols);
	}
	if (!i && n) {
		uint32_t cp;
		size_t l = utf8_decode(s, n, &cp);
		i = l ? l : 1;
	}
	return i;
}

static int is_word(char c)
{
	return (unsigned char)c > ' ' && (unsigned char)c < 0x7f;
}

/* Where a row that would break at cut breaks instead: after the last space
 * of the row when the cut falls inside a Latin word. Chinese breaks
 * between any two characters. */
static size_t word_break(const char *s, size_t n, size_t cut)
{
	if (cut >= n || !is_word(s[cut]) || !cut || !is_word(s[cut - 1]))
		return cut;
	for (size_t i = cut; i > 0; i--)
		if (s[i - 1] == ' ')
			return i;
		else if (!is_word(s[i - 1]))
			return cut;   /* a word glued to Chinese text: no better place */
	return cut;
}

/* Whether s starts with a mark that may not begin a row (Chinese closing
 * punctuation: ，。、；：？！）」』》 and their fullwidth kin). */
static int no_row_start(const char *s, size_t n)
{
	static const char *const marks[] = { "，", "。", "、", "；", "：", "？", "！", "）", "」", "』", "》", "】" };
	for (size_t i = 0; i < ARRAY_LEN(marks); i++)
		if (n >= strlen(marks[i]) && !memcmp(s, marks[i], strlen(marks[i])))
			return 1;
	return 0;
}

/* A row that would leave such a mark at the start of the next gives it
 * its last character instead (when it has more than one). */
static size_t punct_break(const char *s, size_t n, size_t cut)
{
	if (cut >= n || !no_row_start(s + cut, n - cut))
		return cut;
	size_t back = cut;
	while (back > 0 && ((unsigned char)s[back - 1] & 0xc0) == 0x80)
		back--;
	back = back ? back - 1 : 0;   /* the lead byte of the last character */
	return back > 0 ? back : cut;
}

static void add_row(pager *p, size_t *cap, size_t line, size_t at, size_t len, int indent)
{
	if (p->nrows == *cap)
		p->rows = xrealloc(p->rows, (*cap = *cap ? *cap * 2 : 64) * sizeof *p->rows);
	p->rows[p->nrows++] = (pager_row){ line, at, len, indent };
}

/* The rows for width; the row on top stays at the top of its line. */
static void layout(tui *t, pager *p)
{
	int width = t->cols - p->margin > 0 ? t->cols - p->margin : 1;
	if (p->width == width && p->ascii == t->ascii)
		return;
	size_t top_line = p->rows && p->top < p->nrows ? p->rows[p->top].line : (size_t)-1;
	size_t cap = 0;
	free(p->rows);
	p->rows = NULL;
	p->nrows = 0;
	for (size_t li = 0; li < p->nlines; li++) {
		const char *s = p->text.p + p->line_at[li];
		size_t n = strcspn(s, "\n"), at = 0;
		if (p->nowrap) {
			add_row(p, &cap, li, p->line_at[li], n, 0);
			continue;
		}
		int lead = 0;
		while ((size_t)lead < n && s[lead] == ' ')
			lead++;
		int in = 0;
		do {
			if (in && s[at] == ' ' && ++at == n)
				break;   /* the space at a break starts no row */
			size_t len = fit_len(t->ascii, s + at, n - at, width - in);
			len = punct_break(s + at, n - at, word_break(s + at, n - at, len));
			add_row(p, &cap, li, p->line_at[li] + at, len, in);
			at += len;
			in = wrap_indent(lead, width);
		} while (at < n);
	}
	p->width = width;
	p->ascii = t->ascii;
	if (top_line != (size_t)-1)
		for (size_t r = 0; r < p->nrows; r++)
			if (p->rows[r].line == top_line) {
				p->top = r;
				break;
			}
	if (p->top >= p->nrows)
		p->top = p->nrows ? p->nrows - 1 : 0;
}

void pager_draw(tui *t, pager *p, int y, int h)
{
	layout(t, p);
	for (int r = 0; r < h && p->top + (size_t)r < p->nrows; r++) {
		const pager_row *row = &p->rows[p->top + (size_t)r];
		char *line = xstrndup(p->text.p + row->at, row->len);
		draw_text(t, y + r, row->indent, line, p->width - row->indent, 0);
		free(line);
	}
}

size_t pager_rows(tui *t, pager *p)
{
	layout(t, p);
	return p->nrows;
}

int pager_key(tui *t, pager *p, int action)
{
	layout(t, p);
	long page = t->rows - 3 > 1 ? t->rows - 3 : 1, top = (long)p->top;
	long max = (long)p->nrows - page;
	switch (action) {
	case ACT_UP: top--; break;
	case ACT_DOWN: top++; break;
	case ACT_PGUP: top -= page; break;
	case ACT_PGDN: top += page; break;
	case ACT_TOP: top = 0; break;
	case ACT_BOTTOM: top = max; break;
	default: return action;
	}
	if (top > max)
		top = max;
	p->top = top < 0 ? 0 : (size_t)top;
	return ACT_NONE;
}
