/* SPDX-License-Identifier: MIT */
/* test_ambiguous.c - no East Asian "ambiguous" character (U+2588 █,
 * U+2026 …, the curly quotes) in what the UI draws itself: the string and
 * character literals of src/tui, src/present and src/core (the message
 * line shows the core's errors), and every translation in src/po/zh_CN.po.
 * A terminal set to "ambiguous = wide" (PuTTY, GNOME Terminal with CJK
 * settings, xterm -cjk_width) draws those two columns wide where ncurses
 * counted one, and the columns after them move. glibc's wcwidth cannot
 * tell ambiguous from narrow, so the table is Unicode's own
 * (EastAsianWidth.txt, Debian's unicode-data; GRIDCASE_EAW names another). */
#include <dirent.h>
#include "unit.h"
#include "gridcase/text.h"

typedef struct { uint32_t lo, hi; } range;

static range *amb;
static size_t namb;

static void load_table(void)
{
	const char *path = getenv("GRIDCASE_EAW") ? getenv("GRIDCASE_EAW") : "/usr/share/unicode/EastAsianWidth.txt";
	FILE *f = fopen(path, "r");
	if (!f) {
		fprintf(stderr, "%s: cannot read it (make deps installs unicode-data)\n", path);
		return;
	}
	char line[512];
	size_t cap = 0;
	while (fgets(line, sizeof line, f)) {
		char *p = line, *end;
		uint32_t lo = (uint32_t)strtoul(p, &end, 16), hi = lo;
		if (end == p)
			continue;   /* a comment or a blank line */
		p = end;
		if (p[0] == '.' && p[1] == '.')
			hi = (uint32_t)strtoul(p + 2, &p, 16);
		while (*p == ' ')
			p++;
		if (*p++ != ';')
			continue;
		while (*p == ' ')
			p++;
		if (p[0] != 'A' || (p[1] != ' ' && p[1] != '#' && p[1] != '\n'))
			continue;
		if (namb == cap)
			amb = xrealloc(amb, (cap = cap ? cap * 2 : 256) * sizeof *amb);
		amb[namb++] = (range){ lo, hi };
	}
	fclose(f);
}

static int ambiguous(uint32_t cp)
{
	for (size_t i = 0; i < namb; i++)
		if (cp >= amb[i].lo && cp <= amb[i].hi)
			return 1;
	return 0;
}

static int found, quiet;

/* Report each ambiguous code point of s[0..n) (from file:line). */
static void check_text(const char *file, int line, const char *s, size_t n)
{
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t l = utf8_decode(s + i, n - i, &cp);
		if (!l) {
			i++;
			continue;
		}
		if (ambiguous(cp)) {
			if (!quiet)
				print_error("%s:%d: U+%04X has ambiguous East Asian width\n", file, line,
					    (unsigned)cp);
			found++;
		}
		i += l;
	}
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	gc_buf b;
	buf_init(&b);
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_add(&b, chunk, n);
	fclose(f);
	*len = b.len;
	return b.p ? b.p : xstrdup("");
}

/* The literals of a C file, comments left out (they are not drawn). */
static void scan_c(const char *path)
{
	size_t n;
	char *s = slurp(path, &n);
	int line = 1;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\n')
			line++;
		else if (s[i] == '/' && i + 1 < n && s[i + 1] == '/')
			while (i + 1 < n && s[i + 1] != '\n')
				i++;
		else if (s[i] == '/' && i + 1 < n && s[i + 1] == '*') {
			for (i += 2; i + 1 < n && !(s[i] == '*' && s[i + 1] == '/'); i++)
				line += s[i] == '\n';
			i++;
		} else if (s[i] == '"' || s[i] == '\'') {
			char q = s[i];
			size_t start = ++i;
			for (; i < n && s[i] != q && s[i] != '\n'; i++)
				if (s[i] == '\\')
					i++;
			check_text(path, line, s + start, i - start);
		}
	}
	free(s);
}

/* The translations of a catalogue: msgstr lines and their continuations. */
static void scan_po(const char *path)
{
	size_t n;
	char *s = slurp(path, &n);
	int line = 0, in_msgstr = 0;
	for (char *p = s, *nl; p < s + n; p = nl + 1) {
		nl = memchr(p, '\n', (size_t)(s + n - p));
		if (!nl)
			nl = s + n;
		line++;
		char *q = p;
		if (!strncmp(q, "#~ ", 3))
			q += 3;
		if (!strncmp(q, "msgstr", 6))
			in_msgstr = 1;
		else if (*q != '"')
			in_msgstr = 0;
		char *open = memchr(q, '"', (size_t)(nl - q));
		if (in_msgstr && open)
			check_text(path, line, open, (size_t)(nl - open));
	}
	free(s);
}

static void table_knows_the_cases(void **st)
{
	(void)st;
	assert_true(namb > 100);
	assert_true(ambiguous(0x2588));   /* FULL BLOCK */
	assert_true(ambiguous(0x2026));   /* HORIZONTAL ELLIPSIS */
	assert_true(ambiguous(0x201C));   /* LEFT DOUBLE QUOTATION MARK */
	assert_false(ambiguous('#'));
	assert_false(ambiguous(0x4E00));  /* 一: wide, never ambiguous */
	assert_false(ambiguous(0xFF1A));  /* ：fullwidth colon */
}

static void scan_dir(const char *dir, int *files)
{
	DIR *d = opendir(dir);
	assert_non_null(d);
	struct dirent *e;
	while ((e = readdir(d))) {
		size_t l = strlen(e->d_name);
		if (l > 2 && e->d_name[l - 2] == '.' && (e->d_name[l - 1] == 'c' || e->d_name[l - 1] == 'h')) {
			char path[512];
			snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
			scan_c(path);
			(*files)++;
		}
	}
	closedir(d);
}

static void ui_strings_are_unambiguous(void **st)
{
	(void)st;
	int files = 0;
	found = 0;
	scan_dir("src/tui", &files);
	scan_dir("src/present", &files);
	scan_dir("src/core", &files);
	assert_true(files > 20);
	scan_po("src/po/zh_CN.po");
	assert_int_equal(found, 0);
}

/* The scanner itself: a literal is seen, a comment is not. */
static void scanner_finds_literals(void **st)
{
	(void)st;
	char *dir = unit_tmpdir();
	unit_write(dir, "a.c", "/* … in a comment */\n// █ too\nconst char *s = \"a\\\"b…\";\nchar c = 'x';\n");
	unit_write(dir, "a.po", "msgid \"x\"\nmsgstr \"\"\n\"“%s”\"\n");
	char path[512];
	found = 0;
	quiet = 1;   /* these finds are meant */
	snprintf(path, sizeof path, "%s/a.c", dir);
	scan_c(path);
	assert_int_equal(found, 1);
	snprintf(path, sizeof path, "%s/a.po", dir);
	scan_po(path);
	assert_int_equal(found, 3);
	found = quiet = 0;
	unit_rmdir(dir);
}

int main(void)
{
	unit_locale();
	load_table();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(table_knows_the_cases),
		cmocka_unit_test(scanner_finds_literals),
		cmocka_unit_test(ui_strings_are_unambiguous),
	};
	return cmocka_run_group_tests_name("ambiguous", tests, NULL, NULL);
}
