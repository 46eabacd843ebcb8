/* SPDX-License-Identifier: MIT */
/* demo_tpl.c - the demo's random numbers and its templates ({place}
 * {number} {kind} {phone} {person} {node} {N-M}), compiled once so that a
 * million cases do not parse them a million times. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include "demo/demo_int.h"

/* xorshift64*: small, fast and the same on every machine. */
uint64_t rnd_next(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 2685821657736338717ULL;
}

unsigned rnd(uint64_t *s, unsigned n)
{
	return n ? (unsigned)(rnd_next(s) % n) : 0;
}

/* Small string builders: snprintf costs more than the rest of a case. */
char *put_text(char *p, const char *s)
{
	return stpcpy(p, s);
}

char *put_uint(char *p, unsigned v, int width)
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

static int parse_range(const char *p, size_t n, unsigned *lo, unsigned *hi, int *width)
{
	char *end;
	unsigned long a = strtoul(p, &end, 10);
	if (end == p || *end != '-')
		return 0;
	*width = p[0] == '0' && end - p > 1 ? (int)(end - p) : 1;
	const char *q = end + 1;
	unsigned long b = strtoul(q, &end, 10);
	if (end == q || (size_t)(end - p) != n || b < a || b > 4000000000UL)
		return 0;
	*lo = (unsigned)a;
	*hi = (unsigned)b;
	return 1;
}

void tpl_compile(tpl *t, const char *s)
{
	static const struct { const char *name; int kind; } names[] = {
		{ "place", T_PLACE }, { "kind", T_KIND }, { "node", T_NODE }, { "number", T_NUMBER }, { "person", T_PERSON },
	};
	t->n = 0;
	while (*s && t->n < TPL_PARTS) {
		tpl_part *p = &t->part[t->n];
		const char *close = *s == '{' ? strchr(s, '}') : NULL;
		size_t n = close ? (size_t)(close - s - 1) : 0;
		p->kind = T_TEXT;
		for (size_t i = 0; close && i < ARRAY_LEN(names); i++)
			if (strlen(names[i].name) == n && !memcmp(s + 1, names[i].name, n))
				p->kind = names[i].kind;
		if (close && p->kind == T_TEXT && parse_range(s + 1, n, &p->lo, &p->hi, &p->width))
			p->kind = T_RANGE;
		if (p->kind != T_TEXT) {
			s = close + 1;
		} else {
			/* Text up to the next '{' (a '{' that opens nothing is text). */
			const char *next = strchr(s + 1, '{');
			p->text = s;
			p->len = next ? (size_t)(next - s) : strlen(s);
			s += p->len;
		}
		t->n++;
	}
}

/* Expand a compiled template into out, at most cap bytes. */
void tpl_expand(char *out, size_t cap, const tpl *t, const tpl_vars *v, uint64_t *s)
{
	char *p = out, *end = out + cap - 1, num[64];
	for (size_t i = 0; i < t->n; i++) {
		const tpl_part *part = &t->part[i];
		const char *val = num;
		size_t len;
		switch (part->kind) {
		case T_TEXT:
			val = part->text;
			break;
		case T_PLACE:
			val = v->place;
			break;
		case T_KIND:
			val = v->kind;
			break;
		case T_NODE:
			val = v->node;
			break;
		case T_NUMBER:
			put_uint(num, v->number, 1);
			break;
		case T_RANGE:
			put_uint(num, part->lo + rnd(s, part->hi - part->lo + 1), part->width);
			break;
		case T_PERSON: {
			const demo_cfg *d = v->d;
			char *q = put_text(num, d->surnames[rnd(s, (unsigned)d->nsurnames)]);
			if (d->ngiven)
				snprintf(q, sizeof num - (size_t)(q - num), "%s", d->given[rnd(s, (unsigned)d->ngiven)]);
			break;
		}
		}
		len = part->kind == T_TEXT ? part->len : strlen(val);
		if (len > (size_t)(end - p))
			len = (size_t)(end - p);
		memcpy(p, val, len);
		p += len;
	}
	*p = 0;
}

void tpl_expand_text(char *out, size_t cap, const char *template, const tpl_vars *v, uint64_t *s)
{
	tpl t;
	tpl_compile(&t, template);
	tpl_expand(out, cap, &t, v, s);
}

