/* SPDX-License-Identifier: MIT */
/* xlsx.c - the first sheet of an .xlsx workbook as rows of text cells:
 * libzip opens the archive held in memory, expat reads each XML part as
 * it is inflated (never more than a part limit), the package's
 * relationships lead from the root to the workbook, its first sheet and
 * the shared strings, whatever the parts are called. */
#include <stdlib.h>
#include <string.h>
#include <expat.h>
#include "gridcase/xlsx.h"
#include "gridcase/text.h"
#include "format/xlsx_int.h"
#include "format/xlsx_lib.h"

#define NS_SEP '|'

typedef struct xcell {
	uint32_t row, col;   /* from 1 */
	size_t off, len;     /* in the sheet's text */
} xcell;

struct xlsx_sheet {
	char *name;
	gc_buf text;
	xcell *cells;
	size_t ncells, cap;
	size_t *rowstart;    /* first cell of each row, and ncells at the end */
	size_t nrows;
};

/* One XML part being parsed: what the handlers share. */
typedef struct xpart {
	XML_Parser p;
	const char *part;
	char *msg;
	size_t msgsize;
	int failed;
	void *ud;
} xpart;

int xlsx_is_zip(const char *data, size_t len)
{
	return len >= 4 && !memcmp(data, "PK\3\4", 4);
}

static const char *local(const char *name)
{
	const char *s = strrchr(name, NS_SEP);
	return s ? s + 1 : name;
}

static const char *attr(const char **atts, const char *name)
{
	for (size_t i = 0; atts[i]; i += 2)
		if (!strcmp(local(atts[i]), name))
			return atts[i + 1];
	return NULL;
}

static void fail(xpart *x, const char *fmt, const char *a, const char *b)
{
	if (x->failed)
		return;
	x->failed = 1;
	snprintf(x->msg, x->msgsize, fmt, a, b);
	XML_StopParser(x->p, XML_FALSE);
}

/* OOXML never has a document type declaration: refusing one keeps every
 * entity trick out. */
static void XMLCALL no_doctype(void *ud, const XML_Char *name, const XML_Char *sys, const XML_Char *pub, int internal)
{
	(void)name, (void)sys, (void)pub, (void)internal;
	fail(ud, "%s: a document type declaration, which no workbook has%s", ((xpart *)ud)->part, "");
}

/* Inflate part idx of za through a new parser with the given handlers.
 * Returns 0, or -1 with x->msg. */
static int parse_part(zip_t *za, zip_int64_t idx, const char *part, size_t limit, XML_StartElementHandler start,
		      XML_EndElementHandler end, XML_CharacterDataHandler chars, void *ud, char *msg, size_t msgsize)
{
	xpart x = { XML_ParserCreateNS(NULL, NS_SEP), part, msg, msgsize, 0, ud };
	zip_stat_t st;
	if (!x.p) {
		snprintf(msg, msgsize, "out of memory");
		return -1;
	}
	if (xlsx_zip.zip_stat_index(za, (zip_uint64_t)idx, 0, &st) == 0 && (st.valid & ZIP_STAT_SIZE) && st.size > limit) {
		snprintf(msg, msgsize, "%s expands to %llu bytes, more than the %zu MiB a part may have: refused", part,
			 (unsigned long long)st.size, limit >> 20);
		XML_ParserFree(x.p);
		return -1;
	}
	zip_file_t *zf = xlsx_zip.zip_fopen_index(za, (zip_uint64_t)idx, 0);
	if (!zf) {
		int ze = xlsx_zip.zip_get_error(za)->zip_err;
		snprintf(msg, msgsize, "%s: %s", part, ze == ZIP_ER_NOPASSWD || ze == ZIP_ER_WRONGPASSWD
			 ? "encrypted: save the workbook without a password" : xlsx_zip.zip_strerror(za));
		XML_ParserFree(x.p);
		return -1;
	}
	XML_SetUserData(x.p, &x);
	XML_SetElementHandler(x.p, start, end);
	XML_SetCharacterDataHandler(x.p, chars);
	XML_SetStartDoctypeDeclHandler(x.p, no_doctype);
	char *buf = xmalloc(65536);
	size_t total = 0;
	int rc = 0;
	for (;;) {
		zip_int64_t got = xlsx_zip.zip_fread(zf, buf, 65536);
		if (got < 0) {
			snprintf(msg, msgsize, "%s: damaged (%s)", part, xlsx_zip.zip_file_strerror(zf));
			rc = -1;
			break;
		}
		total += (size_t)got;
		if (total > limit) {
			snprintf(msg, msgsize, "%s expands beyond the %zu MiB a part may have: refused", part, limit >> 20);
			rc = -1;
			break;
		}
		if (XML_Parse(x.p, buf, (int)got, got == 0) != XML_STATUS_OK) {
			if (!x.failed)
				snprintf(msg, msgsize, "%s: line %lu: %s", part, (unsigned long)XML_GetCurrentLineNumber(x.p),
					 XML_ErrorString(XML_GetErrorCode(x.p)));
			rc = -1;
			break;
		}
		if (got == 0)
			break;
	}
	free(buf);
	xlsx_zip.zip_fclose(zf);
	XML_ParserFree(x.p);
	return rc;
}

/* ---- paths and relationships ---- */

/* target (relative to the folder of part, or from the root with a leading
 * /) as a name in the archive, . and .. resolved. */
static char *resolve(const char *part, const char *target)
{
	gc_buf b;
	buf_init(&b);
	if (*target != '/') {
		const char *slash = strrchr(part, '/');
		if (slash)
			buf_add(&b, part, (size_t)(slash - part + 1));
	}
	buf_adds(&b, target + (*target == '/'));
	/* Segments, with . dropped and .. taking the previous one away. */
	char *in = b.p ? b.p : xstrdup(""), *out = xcalloc(strlen(in) + 2, 1), *save = NULL;
	size_t n = 0;
	for (char *seg = strtok_r(in, "/", &save); seg; seg = strtok_r(NULL, "/", &save)) {
		if (!strcmp(seg, "."))
			continue;
		if (!strcmp(seg, "..")) {
			while (n > 0 && out[n - 1] != '/')
				n--;
			if (n > 0)
				n--;
			out[n] = 0;
			continue;
		}
		if (n)
			out[n++] = '/';
		memcpy(out + n, seg, strlen(seg) + 1);
		n += strlen(seg);
	}
	free(in);
	return out;
}

/* The relationships part of part: dir/_rels/name.rels. */
static char *rels_of(const char *part)
{
	const char *slash = strrchr(part, '/');
	gc_buf b;
	buf_init(&b);
	if (slash)
		buf_add(&b, part, (size_t)(slash - part + 1));
	buf_printf(&b, "_rels/%s.rels", slash ? slash + 1 : part);
	return b.p;
}

typedef struct rel {
	char *id, *type, *target;
} rel;

typedef struct rels {
	rel *r;
	size_t n, cap;
} rels;

static void XMLCALL rels_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	xpart *x = ud;
	rels *rs = x->ud;
	if (strcmp(local(name), "Relationship"))
		return;
	const char *id = attr(atts, "Id"), *type = attr(atts, "Type"), *target = attr(atts, "Target");
	const char *mode = attr(atts, "TargetMode");
	if (!id || !type || !target || (mode && !strcmp(mode, "External")))
		return;
	if (rs->n == rs->cap)
		rs->r = xrealloc(rs->r, (rs->cap = rs->cap ? rs->cap * 2 : 8) * sizeof *rs->r);
	rs->r[rs->n++] = (rel){ xstrdup(id), xstrdup(type), xstrdup(target) };
}

static void XMLCALL no_end(void *ud, const XML_Char *name)
{
	(void)ud, (void)name;
}

static void XMLCALL no_chars(void *ud, const XML_Char *s, int len)
{
	(void)ud, (void)s, (void)len;
}

static void rels_free(rels *rs)
{
	for (size_t i = 0; i < rs->n; i++) {
		free(rs->r[i].id);
		free(rs->r[i].type);
		free(rs->r[i].target);
	}
	free(rs->r);
	memset(rs, 0, sizeof *rs);
}

static zip_int64_t locate(zip_t *za, const char *name)
{
	return xlsx_zip.zip_name_locate(za, name, ZIP_FL_NOCASE);
}

/* The relationships of part; a missing part has none. */
static int read_rels(zip_t *za, const char *part, size_t limit, rels *rs, char *msg, size_t msgsize)
{
	char *name = rels_of(part);
	zip_int64_t idx = locate(za, name);
	int rc = idx < 0 ? 0 : parse_part(za, idx, name, limit, rels_start, no_end, no_chars, rs, msg, msgsize);
	free(name);
	return rc;
}

/* The target of the first relationship whose type ends in /kind (or, with
 * id, of that id), resolved against part; NULL when none. */
static char *rel_target(const rels *rs, const char *part, const char *kind, const char *id)
{
	for (size_t i = 0; i < rs->n; i++) {
		const rel *r = &rs->r[i];
		const char *slash = strrchr(r->type, '/');
		if (id ? !strcmp(r->id, id) : slash && !strcmp(slash + 1, kind))
			return resolve(part, r->target);
	}
	return NULL;
}

/* ---- the workbook: the first visible sheet ---- */

typedef struct book {
	char *name, *rid;
	int found;
} book;

static void XMLCALL book_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	xpart *x = ud;
	book *b = x->ud;
	if (b->found || strcmp(local(name), "sheet"))
		return;
	const char *state = attr(atts, "state"), *n = attr(atts, "name"), *id = attr(atts, "id");
	if (state && (!strcmp(state, "hidden") || !strcmp(state, "veryHidden")))
		return;
	if (!id) {
		fail(x, "%s: a sheet without a relationship id%s", x->part, "");
		return;
	}
	b->found = 1;
	b->name = xstrdup(n ? n : "");
	b->rid = xstrdup(id);
}

/* ---- shared strings ---- */

typedef struct sst {
	gc_buf text, item;
	size_t *off;         /* n + 1 offsets into text */
	size_t n, cap;
	int in_si, in_t, in_rph;
} sst;

static void XMLCALL sst_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	sst *s = ((xpart *)ud)->ud;
	const char *l = local(name);
	(void)atts;
	if (!strcmp(l, "si")) {
		s->in_si = 1;
		buf_reset(&s->item);
	} else if (!strcmp(l, "rPh")) {
		s->in_rph++;
	} else if (!strcmp(l, "t") && s->in_si && !s->in_rph) {
		s->in_t = 1;
	}
}

static void XMLCALL sst_end(void *ud, const XML_Char *name)
{
	sst *s = ((xpart *)ud)->ud;
	const char *l = local(name);
	if (!strcmp(l, "t")) {
		s->in_t = 0;
	} else if (!strcmp(l, "rPh")) {
		s->in_rph--;
	} else if (!strcmp(l, "si") && s->in_si) {
		s->in_si = 0;
		if (s->n + 1 >= s->cap)
			s->off = xrealloc(s->off, (s->cap = s->cap ? s->cap * 2 : 256) * sizeof *s->off);
		s->off[s->n] = s->text.len;
		xlsx_unescape(&s->text, s->item.p ? s->item.p : "", s->item.len);
		buf_addc(&s->text, 0);
		s->off[++s->n] = s->text.len;
	}
}

static void XMLCALL sst_chars(void *ud, const XML_Char *t, int len)
{
	sst *s = ((xpart *)ud)->ud;
	if (s->in_t)
		buf_add(&s->item, t, (size_t)len);
}

/* ---- the sheet ---- */

typedef struct sheetp {
	xlsx_sheet *sh;
	const sst *strings;
	const char *sheet;   /* its name, for messages */
	uint32_t row, col;   /* the current row, the last cell's column */
	int in_row, in_c, in_v, in_is, in_t, in_rph;
	char type[16], ref[24];
	gc_buf v, is, val;
} sheetp;

static void sheet_fail(xpart *x, const sheetp *s, const char *why, const char *a)
{
	char row[16];
	snprintf(row, sizeof row, "%u", s->row);
	gc_buf b;
	buf_init(&b);
	buf_printf(&b, "%s:%s: ", s->sheet, row);
	buf_printf(&b, why, a);
	fail(x, "%s%s", b.p, "");
	buf_free(&b);
}

static void XMLCALL sheet_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	xpart *x = ud;
	sheetp *s = x->ud;
	const char *l = local(name), *a;
	if (!strcmp(l, "row")) {
		uint32_t r = s->row + 1;
		if ((a = attr(atts, "r"))) {
			char *end;
			unsigned long v = strtoul(a, &end, 10);
			r = *end || !*a || v == 0 || v > MAX_ROW ? 0 : (uint32_t)v;
		}
		if (!r || r > MAX_ROW) {
			fail(x, "%s: a row number '%s' outside 1 to 1048576", s->sheet, a ? a : "");
			return;
		}
		s->row = r;
		s->col = 0;
		s->in_row = 1;
	} else if (!strcmp(l, "c") && s->in_row) {
		uint32_t col = s->col + 1, row = s->row;
		a = attr(atts, "r");
		if (a && xlsx_parse_ref(a, &col, &row)) {
			sheet_fail(x, s, "a cell reference '%.20s' outside A1 to XFD1048576", a);
			return;
		}
		if (row != s->row) {
			sheet_fail(x, s, "cell %.20s is not in its row", a);
			return;
		}
		if (col > MAX_COL) {
			sheet_fail(x, s, "a cell past column XFD%s", "");
			return;
		}
		s->col = col;
		snprintf(s->type, sizeof s->type, "%s", (a = attr(atts, "t")) ? a : "n");
		s->in_c = 1;
		buf_reset(&s->v);
		buf_reset(&s->is);
	} else if (s->in_c && !strcmp(l, "v")) {
		s->in_v = 1;
	} else if (s->in_c && !strcmp(l, "is")) {
		s->in_is = 1;
	} else if (s->in_is && !strcmp(l, "rPh")) {
		s->in_rph++;
	} else if (s->in_is && !s->in_rph && !strcmp(l, "t")) {
		s->in_t = 1;
	}
}

/* The finished cell's text in s->val, or a failure. */
static void cell_value(xpart *x, sheetp *s)
{
	const char *t = s->type, *v = s->v.p ? s->v.p : "";
	snprintf(s->ref, sizeof s->ref, "%s", "");
	xlsx_col_name(s->col, s->ref);
	snprintf(s->ref + strlen(s->ref), sizeof s->ref - strlen(s->ref), "%u", s->row);
	buf_reset(&s->val);
	if (!strcmp(t, "s")) {
		char *end;
		unsigned long long i = strtoull(v, &end, 10);
		if (!*v || *end || i >= s->strings->n) {
			sheet_fail(x, s, "cell %s names a shared string that does not exist", s->ref);
			return;
		}
		buf_add(&s->val, s->strings->text.p + s->strings->off[i], s->strings->off[i + 1] - s->strings->off[i] - 1);
	} else if (!strcmp(t, "inlineStr")) {
		xlsx_unescape(&s->val, s->is.p ? s->is.p : "", s->is.len);
	} else if (!strcmp(t, "str") || !strcmp(t, "d")) {
		xlsx_unescape(&s->val, v, s->v.len);
	} else if (!strcmp(t, "b")) {
		if (strcmp(v, "0") && strcmp(v, "1")) {
			sheet_fail(x, s, "cell %s: a boolean that is neither 0 nor 1", s->ref);
			return;
		}
		buf_adds(&s->val, *v == '1' ? "TRUE" : "FALSE");
	} else if (!strcmp(t, "e")) {
		gc_buf b;
		buf_init(&b);
		buf_printf(&b, "cell %s holds the error %.40s: correct it or clear the cell", s->ref, v);
		sheet_fail(x, s, "%s", b.p);
		buf_free(&b);
	} else if (!strcmp(t, "n")) {
		if (s->v.len && xlsx_number_text(v, s->v.len, &s->val)) {
			sheet_fail(x, s, "cell %s is marked a number but is not one", s->ref);
			return;
		}
	} else {
		sheet_fail(x, s, "cell %s has an unknown type", s->ref);
	}
}

static void XMLCALL sheet_end(void *ud, const XML_Char *name)
{
	xpart *x = ud;
	sheetp *s = x->ud;
	const char *l = local(name);
	if (!strcmp(l, "row")) {
		s->in_row = 0;
	} else if (!strcmp(l, "v")) {
		s->in_v = 0;
	} else if (!strcmp(l, "is")) {
		s->in_is = 0;
	} else if (!strcmp(l, "rPh") && s->in_rph) {
		s->in_rph--;
	} else if (!strcmp(l, "t")) {
		s->in_t = 0;
	} else if (!strcmp(l, "c") && s->in_c) {
		s->in_c = 0;
		cell_value(x, s);
		if (x->failed || !s->val.len)
			return;
		xlsx_sheet *sh = s->sh;
		if (sh->ncells == sh->cap)
			sh->cells = xrealloc(sh->cells, (sh->cap = sh->cap ? sh->cap * 2 : 1024) * sizeof *sh->cells);
		sh->cells[sh->ncells++] = (xcell){ s->row, s->col, sh->text.len, s->val.len };
		buf_add(&sh->text, s->val.p, s->val.len);
		buf_addc(&sh->text, 0);
	}
}

static void XMLCALL sheet_chars(void *ud, const XML_Char *t, int len)
{
	sheetp *s = ((xpart *)ud)->ud;
	if (s->in_v)
		buf_add(&s->v, t, (size_t)len);
	else if (s->in_t)
		buf_add(&s->is, t, (size_t)len);
}

static int cell_order(const void *a, const void *b)
{
	const xcell *x = a, *y = b;
	if (x->row != y->row)
		return x->row < y->row ? -1 : 1;
	return (x->col > y->col) - (x->col < y->col);
}

/* Cells in order (a hand-made file may list them in any), each once; the
 * start of each row. */
static int index_rows(xlsx_sheet *sh, char *msg, size_t msgsize)
{
	qsort(sh->cells, sh->ncells, sizeof *sh->cells, cell_order);
	sh->rowstart = xcalloc(sh->ncells + 2, sizeof *sh->rowstart);
	for (size_t i = 0; i < sh->ncells; i++) {
		if (i && sh->cells[i].row == sh->cells[i - 1].row && sh->cells[i].col == sh->cells[i - 1].col) {
			char ref[8];
			xlsx_col_name(sh->cells[i].col, ref);
			snprintf(msg, msgsize, "%s:%u: cell %s%u appears twice", sh->name, sh->cells[i].row, ref, sh->cells[i].row);
			return -1;
		}
		if (!i || sh->cells[i].row != sh->cells[i - 1].row)
			sh->rowstart[sh->nrows++] = i;
	}
	sh->rowstart[sh->nrows] = sh->ncells;
	return 0;
}

/* The workbook part, its first visible sheet's name and part, and the
 * shared strings' part (NULL when there are none). */
static int find_parts(zip_t *za, size_t limit, char **sheet_name, char **sheet_part, char **sst_part, char *msg,
		      size_t msgsize)
{
	rels root = { 0 }, wb = { 0 };
	book b = { 0 };
	char *book_part = NULL;
	int rc = -1;
	if (read_rels(za, "", limit, &root, msg, msgsize))
		goto out;
	book_part = rel_target(&root, "", "officeDocument", NULL);
	if (!book_part)
		book_part = xstrdup("xl/workbook.xml");
	zip_int64_t idx = locate(za, book_part);
	if (idx < 0) {
		snprintf(msg, msgsize, "not a workbook: no %s in the archive", book_part);
		goto out;
	}
	if (parse_part(za, idx, book_part, limit, book_start, no_end, no_chars, &b, msg, msgsize)
	    || read_rels(za, book_part, limit, &wb, msg, msgsize))
		goto out;
	if (!b.found) {
		snprintf(msg, msgsize, "%s: the workbook has no visible sheet", book_part);
		goto out;
	}
	if (!(*sheet_part = rel_target(&wb, book_part, NULL, b.rid))) {
		snprintf(msg, msgsize, "%s: sheet '%.60s' has no part (relationship %.20s)", book_part, b.name, b.rid);
		goto out;
	}
	*sst_part = rel_target(&wb, book_part, "sharedStrings", NULL);
	*sheet_name = b.name;
	b.name = NULL;
	rc = 0;
out:
	free(b.name);
	free(b.rid);
	free(book_part);
	rels_free(&root);
	rels_free(&wb);
	return rc;
}

xlsx_sheet *xlsx_read(const char *data, size_t len, size_t limit, char *msg, size_t msgsize)
{
	if (!xlsx_zip_lib(msg, msgsize))
		return NULL;
	zip_error_t ze;
	xlsx_zip.zip_error_init(&ze);
	zip_source_t *src = xlsx_zip.zip_source_buffer_create(data, len, 0, &ze);
	zip_t *za = src ? xlsx_zip.zip_open_from_source(src, ZIP_RDONLY, &ze) : NULL;
	if (!za) {
		if (len >= 8 && !memcmp(data, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8))
			snprintf(msg, msgsize, "an Excel 97-2003 workbook (.xls) or one with a password: "
				 "save it as .xlsx (Excel Workbook) without a password");
		else
			snprintf(msg, msgsize, "not an .xlsx workbook (%s)", xlsx_zip.zip_error_strerror(&ze));
		if (src)
			xlsx_zip.zip_source_free(src);
		xlsx_zip.zip_error_fini(&ze);
		return NULL;
	}
	xlsx_zip.zip_error_fini(&ze);
	xlsx_sheet *sh = xcalloc(1, sizeof *sh);
	char *sheet_part = NULL, *sst_part = NULL;
	sst strings = { 0 };
	int rc = find_parts(za, limit, &sh->name, &sheet_part, &sst_part, msg, msgsize);
	if (!rc && (!*sh->name || text_refusal(sh->name, strlen(sh->name), 0))) {
		free(sh->name);
		sh->name = xstrdup("1");
	}
	zip_int64_t idx;
	if (!rc && sst_part && (idx = locate(za, sst_part)) >= 0)
		rc = parse_part(za, idx, sst_part, limit, sst_start, sst_end, sst_chars, &strings, msg, msgsize);
	if (!rc && (idx = locate(za, sheet_part)) < 0) {
		snprintf(msg, msgsize, "%s: sheet '%s' is not in the archive", sheet_part, sh->name);
		rc = -1;
	}
	if (!rc) {
		sheetp sp;
		memset(&sp, 0, sizeof sp);
		sp.sh = sh;
		sp.strings = &strings;
		sp.sheet = sh->name;
		rc = parse_part(za, idx, sheet_part, limit, sheet_start, sheet_end, sheet_chars, &sp, msg, msgsize);
		buf_free(&sp.v);
		buf_free(&sp.is);
		buf_free(&sp.val);
	}
	if (!rc)
		rc = index_rows(sh, msg, msgsize);
	buf_free(&strings.text);
	buf_free(&strings.item);
	free(strings.off);
	free(sheet_part);
	free(sst_part);
	xlsx_zip.zip_discard(za);
	if (rc) {
		xlsx_free(sh);
		return NULL;
	}
	return sh;
}

const char *xlsx_sheet_name(const xlsx_sheet *s)
{
	return s->name;
}

size_t xlsx_nrows(const xlsx_sheet *s)
{
	return s->nrows;
}

void xlsx_row(const xlsx_sheet *s, size_t i, csv_row *row)
{
	csv_row_free(row);
	size_t a = s->rowstart[i], b = s->rowstart[i + 1];
	size_t n = s->cells[b - 1].col;
	row->f = xcalloc(n + 1, sizeof *row->f);
	row->len = xcalloc(n + 1, sizeof *row->len);
	row->n = row->cap = n;
	row->line = s->cells[a].row;
	for (size_t c = a; c < b; c++) {
		const xcell *x = &s->cells[c];
		row->f[x->col - 1] = xstrndup(s->text.p + x->off, x->len);
		row->len[x->col - 1] = x->len;
	}
	for (size_t c = 0; c < n; c++)
		if (!row->f[c])
			row->f[c] = xstrdup("");
}

void xlsx_free(xlsx_sheet *s)
{
	if (!s)
		return;
	free(s->name);
	buf_free(&s->text);
	free(s->cells);
	free(s->rowstart);
	free(s);
}
