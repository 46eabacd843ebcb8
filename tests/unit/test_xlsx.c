/* SPDX-License-Identifier: MIT */
/* test_xlsx.c - the XLSX reader on workbooks libxlsxwriter writes (through
 * the project's writer) and on workbooks made here part by part with
 * libzip: shared strings with rich text and phonetic runs, inline strings,
 * numbers in E notation, booleans, gaps, a first sheet that is not
 * sheet1.xml, a second sheet and a hidden one that are not read, and the
 * refusals (an error cell, a zip bomb, an .xls, not a zip). */
#include "unit.h"
#include <zip.h>
#include "gridcase/xlsx.h"

static char *dir;

/* A file's bytes. */
static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	gc_buf b;
	char chunk[4096];
	size_t n;
	buf_init(&b);
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_add(&b, chunk, n);
	fclose(f);
	*len = b.len;
	return b.p;
}

/* A zip of name/content pairs (NULL-terminated), made with libzip. */
static char *make_zip(const char *const *parts, size_t *len)
{
	char path[512];
	int err;
	snprintf(path, sizeof path, "%s/made.xlsx", dir);
	zip_t *za = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &err);
	assert_non_null(za);
	for (size_t i = 0; parts[i]; i += 2) {
		zip_source_t *src = zip_source_buffer(za, parts[i + 1], strlen(parts[i + 1]), 0);
		assert_non_null(src);
		assert_true(zip_file_add(za, parts[i], src, ZIP_FL_OVERWRITE) >= 0);
	}
	assert_int_equal(zip_close(za), 0);
	return slurp(path, len);
}

#define NS "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" " \
	   "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\""
#define RELTYPE "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"

static const char root_rels[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
	"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
	"<Relationship Id=\"rId1\" Type=\"" RELTYPE "officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>";

/* Two visible sheets and a hidden one before them: the first visible one,
 * 清单, lives in data.xml; sheet1.xml is the second, never read. */
static const char workbook[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?><workbook " NS "><sheets>"
	"<sheet name=\"hidden\" sheetId=\"3\" state=\"hidden\" r:id=\"rId9\"/>"
	"<sheet name=\"清单\" sheetId=\"1\" r:id=\"rId2\"/>"
	"<sheet name=\"Other\" sheetId=\"2\" r:id=\"rId1\"/></sheets></workbook>";

static const char workbook_rels[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
	"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
	"<Relationship Id=\"rId1\" Type=\"" RELTYPE "worksheet\" Target=\"worksheets/sheet1.xml\"/>"
	"<Relationship Id=\"rId2\" Type=\"" RELTYPE "worksheet\" Target=\"/xl/worksheets/data.xml\"/>"
	"<Relationship Id=\"rId9\" Type=\"" RELTYPE "worksheet\" Target=\"worksheets/../worksheets/hid.xml\"/>"
	"<Relationship Id=\"rId5\" Type=\"" RELTYPE "sharedStrings\" Target=\"strings.xml\"/></Relationships>";

static const char strings[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?><sst " NS " count=\"5\" uniqueCount=\"5\">"
	"<si><t>title</t></si>"
	"<si><t>phone</t></si>"
	"<si><r><rPr><b/></rPr><t>路灯</t></r><r><t xml:space=\"preserve\"> 不亮</t></r>"
	"<rPh sb=\"0\" eb=\"1\"><t>ろとう</t></rPh></si>"
	"<si><t>two_x000A_lines</t></si>"
	"<si><t>=1+1</t></si></sst>";

static const char data_sheet[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet " NS "><sheetData>"
	"<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v></c>"
	"<c r=\"C1\" t=\"inlineStr\"><is><t>code</t></is></c><c r=\"D1\" t=\"inlineStr\"><is><t>n</t></is></c>"
	"<c r=\"E1\" t=\"inlineStr\"><is><t>ok</t></is></c></row>"
	/* row 2 left out: a gap in the rows */
	"<row r=\"3\"><c r=\"A3\" t=\"s\"><v>2</v></c><c r=\"B3\"><v>13800138000</v></c>"
	"<c r=\"C3\"><v>1.23456789012345E+14</v></c><c r=\"D3\"><v>1.5E-3</v></c><c r=\"E3\" t=\"b\"><v>1</v></c></row>"
	/* cells with no r, a gap in the columns, a style only cell, a formula's cached value */
	"<row r=\"4\"><c t=\"s\"><v>3</v></c><c s=\"1\"/><c r=\"D4\"><v>0.1</v></c><c t=\"b\"><v>0</v></c></row>"
	"<row r=\"5\"><c r=\"A5\" t=\"str\"><f>A1&amp;\"x\"</f><v>titlex</v></c><c r=\"C5\"><v>-2.5E+2</v></c>"
	"<c r=\"B5\" t=\"s\"><v>4</v></c><c r=\"D5\" t=\"inlineStr\"><is><r><t>a</t></r><r><t>b</t></r></is></c></row>"
	"<row r=\"6\"><c r=\"A6\"/></row>"
	"</sheetData></worksheet>";

static const char other_sheet[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet " NS "><sheetData>"
	"<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>NOT THIS ONE</t></is></c></row></sheetData></worksheet>";

static xlsx_sheet *read_parts(const char *sheet, char *msg, size_t limit)
{
	const char *parts[] = {
		"_rels/.rels", root_rels, "xl/workbook.xml", workbook, "xl/_rels/workbook.xml.rels", workbook_rels,
		"xl/strings.xml", strings, "xl/worksheets/data.xml", sheet, "xl/worksheets/sheet1.xml", other_sheet,
		"xl/worksheets/hid.xml", other_sheet, NULL,
	};
	size_t len;
	char *data = make_zip(parts, &len);
	assert_true(xlsx_is_zip(data, len));
	xlsx_sheet *s = xlsx_read(data, len, limit, msg, 300);
	free(data);
	return s;
}

static void hand_made(void **st)
{
	(void)st;
	char msg[300] = "";
	csv_row row = { 0 };
	xlsx_sheet *s = read_parts(data_sheet, msg, XLSX_PART_LIMIT);
	if (!s)
		fail_msg("%s", msg);
	assert_string_equal(xlsx_sheet_name(s), "清单");
	assert_int_equal(xlsx_nrows(s), 4);   /* row 6 has no value */
	xlsx_row(s, 0, &row);
	assert_int_equal(row.line, 1);
	assert_int_equal(row.n, 5);
	assert_string_equal(row.f[0], "title");
	assert_string_equal(row.f[1], "phone");
	assert_string_equal(row.f[2], "code");
	xlsx_row(s, 1, &row);
	assert_int_equal(row.line, 3);
	assert_string_equal(row.f[0], "路灯 不亮");          /* runs joined, phonetics left out */
	assert_string_equal(row.f[1], "13800138000");
	assert_string_equal(row.f[2], "123456789012345");    /* the 15-digit code as its digits */
	assert_string_equal(row.f[3], "0.0015");
	assert_string_equal(row.f[4], "TRUE");
	xlsx_row(s, 2, &row);
	assert_int_equal(row.line, 4);
	assert_int_equal(row.n, 5);
	assert_string_equal(row.f[0], "two\nlines");
	assert_string_equal(row.f[1], "");                   /* a style without a value */
	assert_string_equal(row.f[2], "");                   /* no cell at all */
	assert_string_equal(row.f[3], "0.1");
	assert_string_equal(row.f[4], "FALSE");
	xlsx_row(s, 3, &row);
	assert_int_equal(row.line, 5);
	assert_string_equal(row.f[0], "titlex");             /* a formula's cached value */
	assert_string_equal(row.f[1], "=1+1");               /* text, as it was */
	assert_string_equal(row.f[2], "-250");
	assert_string_equal(row.f[3], "ab");
	csv_row_free(&row);
	xlsx_free(s);
}

/* One refused sheet: the message must contain want. */
static void refused(const char *sheet, size_t limit, const char *want)
{
	char msg[300] = "";
	xlsx_sheet *s = read_parts(sheet, msg, limit);
	assert_null(s);
	if (!strstr(msg, want))
		fail_msg("'%s' not in '%s'", want, msg);
}

#define SHEET(rows) "<?xml version=\"1.0\"?><worksheet " NS "><sheetData>" rows "</sheetData></worksheet>"

static void refusals(void **st)
{
	(void)st;
	refused(SHEET("<row r=\"1\"><c r=\"A1\"><v>1</v></c></row><row r=\"2\"><c r=\"B2\" t=\"e\"><v>#N/A</v></c></row>"),
		XLSX_PART_LIMIT, "清单:2: cell B2 holds the error #N/A");
	refused(SHEET("<row r=\"7\"><c r=\"A7\" t=\"s\"><v>99</v></c></row>"), XLSX_PART_LIMIT,
		"清单:7: cell A7 names a shared string that does not exist");
	refused(SHEET("<row r=\"2\"><c r=\"A2\"><v>1x</v></c></row>"), XLSX_PART_LIMIT, "清单:2: cell A2 is marked a number");
	refused(SHEET("<row r=\"2\"><c r=\"XFE2\"><v>1</v></c></row>"), XLSX_PART_LIMIT, "outside A1 to XFD1048576");
	refused(SHEET("<row r=\"1048577\"><c><v>1</v></c></row>"), XLSX_PART_LIMIT, "outside 1 to 1048576");
	refused(SHEET("<row r=\"2\"><c r=\"A2\"><v>1</v></c><c r=\"A2\"><v>2</v></c></row>"), XLSX_PART_LIMIT,
		"cell A2 appears twice");
	refused(SHEET("<row><c><v>1</v></c>"), XLSX_PART_LIMIT, "xl/worksheets/data.xml: line 1:");
	refused("<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY a \"b\">]><x>&a;</x>", XLSX_PART_LIMIT,
		"document type declaration");
	/* A part larger than the limit: refused while it is inflated. */
	gc_buf big;
	buf_init(&big);
	buf_adds(&big, SHEET(""));
	for (int i = 0; i < 2000; i++)
		buf_adds(&big, "<!-- padding padding padding -->");
	refused(big.p, 4096, "a part may have: refused");
	buf_free(&big);
	char msg[300];
	assert_null(xlsx_read("a,b\n1,2\n", 8, XLSX_PART_LIMIT, msg, sizeof msg));
	assert_non_null(strstr(msg, "not an .xlsx workbook"));
	assert_null(xlsx_read("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 rest", 13, XLSX_PART_LIMIT, msg, sizeof msg));
	assert_non_null(strstr(msg, "Excel 97-2003"));
	const char *nobook[] = { "a.txt", "x", NULL };
	size_t len;
	char *data = make_zip(nobook, &len);
	assert_null(xlsx_read(data, len, XLSX_PART_LIMIT, msg, sizeof msg));
	assert_non_null(strstr(msg, "no xl/workbook.xml"));
	free(data);
}

/* The project's writer (libxlsxwriter) read back by the reader. */
static void written_by_libxlsxwriter(void **st)
{
	(void)st;
	char msg[300], path[512];
	snprintf(path, sizeof path, "%s/w.xlsx", dir);
	xlsx_writer *w = xlsx_writer_new("case", msg, sizeof msg);
	assert_non_null(w);
	const char *head[] = { "id", "title", "phone", "code", "note", "due", "ok" };
	for (int i = 0; i < 7; i++)
		assert_int_equal(xlsx_head(w, (uint16_t)i, head[i]), 0);
	const char *vals[] = { "1", "=1+1", "13800138000", "123456789012345", "two\nlines _x0041_ 网格", "2026-11-23", "TRUE" };
	for (int i = 0; i < 7; i++)
		assert_int_equal(xlsx_text(w, 1, (uint16_t)i, vals[i]), 0);
	assert_int_equal(xlsx_text(w, 2, 1, "@SUM(A1)"), 0);
	assert_int_equal(xlsx_number(w, 2, 2, 42), 0);
	/* A cell holds 32,767 characters at most. */
	gc_buf longer;
	buf_init(&longer);
	for (int i = 0; i < 32768; i++)
		buf_addc(&longer, 'x');
	assert_int_equal(xlsx_text(w, 3, 0, longer.p), -1);
	assert_non_null(strstr(xlsx_writer_error(w), "32,767"));
	buf_free(&longer);
	FILE *out = fopen(path, "wb");
	assert_int_equal(xlsx_writer_finish(w, out, msg, sizeof msg), 0);
	fclose(out);
	size_t len;
	char *data = slurp(path, &len);
	/* No formula anywhere in the sheet: every cell is a string. */
	xlsx_sheet *s = xlsx_read(data, len, XLSX_PART_LIMIT, msg, sizeof msg);
	if (!s)
		fail_msg("%s", msg);
	assert_string_equal(xlsx_sheet_name(s), "case");
	assert_int_equal(xlsx_nrows(s), 3);
	csv_row row = { 0 };
	xlsx_row(s, 0, &row);
	for (int i = 0; i < 7; i++)
		assert_string_equal(row.f[i], head[i]);
	xlsx_row(s, 1, &row);
	for (int i = 0; i < 7; i++)
		assert_string_equal(row.f[i], vals[i]);
	xlsx_row(s, 2, &row);
	assert_string_equal(row.f[1], "@SUM(A1)");
	assert_string_equal(row.f[2], "42");
	csv_row_free(&row);
	xlsx_free(s);
	free(data);
}

int main(void)
{
	unit_locale();
	dir = unit_tmpdir();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(hand_made),
		cmocka_unit_test(refusals),
		cmocka_unit_test(written_by_libxlsxwriter),
	};
	int rc = cmocka_run_group_tests_name("xlsx", tests, NULL, NULL);
	unit_rmdir(dir);
	return rc;
}
