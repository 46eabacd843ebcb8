# SPDX-License-Identifier: MIT
# Spreadsheets both ways: every form of the demo district through XLSX
# (export xlsx -> import into a new database -> export csv gives the same
# CSV) and through CSV, with TRUE/FALSE, a 15-digit code, a phone number,
# =1+1 in a title and multi-line text; a sheet typed by a person
# (tests/data/typed.xlsx: label headers, a code typed as a number,
# booleans); FILE:SHEET:ROW errors; xlsx refused on a terminal.
. "$(dirname "$0")/lib.sh"

g() {
	_db=$1; shift
	"$BIN" --config "$CONFIG" --db "$_db" --user admin "$@" >"$T/out" 2>"$T/err"
	RC=$?
}

g "$T/a.db" demo --cases 120 --seed 3
expect_rc 0 "a demo district"
# The awkward values, on records of two forms.
g "$T/a.db" new case --node 510304001001001 "title==1+1" category=城市管理 phone=13800138000 reporter=123456789012345 \
	"detail=第一行
第二行" "location=@home"
expect_rc 0 "a case with =1+1, a phone number, a 15-digit code and two lines"
g "$T/a.db" new visit --node 510304001001001 household=-2 date=2026-11-20 followup=TRUE "findings=+x
	tab"
expect_rc 0 "a visit with TRUE, values starting with - and +"
g "$T/a.db" export --format csv; cp "$T/out" "$T/a.csv"
forms=$(grep -o '^[0-9]*,[a-z]*,' "$T/a.csv" | cut -d, -f2 | sort -u | tr '\n' ' ')
nforms=$(echo $forms | wc -w)
check "[ $nforms = $("$BIN" --config "$CONFIG" complete forms | wc -l) ]" "the demo has records of every form ($forms)"

g "$T/a.db" export --format xlsx --output "$T/all.xlsx"
expect_rc 0 "export --format xlsx --output FILE"
check "[ \"\$(head -c 2 '$T/all.xlsx')\" = PK ]" "the file is a zip archive"
check "! ls '$T'/all.xlsx.part* >/dev/null 2>&1" "no part file is left beside it"
g "$T/a.db" export --format xlsx
expect_rc 0 "xlsx to standard output that is not a terminal"
check "[ \"\$(head -c 2 '$T/out')\" = PK ]" "standard output holds a workbook"

# No formula in the workbook: every cell of the sheet is an inline string.
if command -v unzip >/dev/null; then
	unzip -p "$T/all.xlsx" xl/worksheets/sheet1.xml >"$T/sheet.xml"
	check "! grep -q '<f>' '$T/sheet.xml'" "no formula in the sheet"
	check "grep -q '<t>=1+1</t>' '$T/sheet.xml'" "=1+1 written as text"
	check "grep -q 't=\"inlineStr\"><is><t>13800138000</t>' '$T/sheet.xml'" "the phone number is a text cell"
	check "! grep -q '<v>' '$T/sheet.xml'" "no number cell at all in a records export"
fi

# The whole database through one workbook.
g "$T/b.db" demo --cases 0
g "$T/b.db" import records "$T/all.xlsx"
expect_rc 0 "the workbook imports into a new database, no form named"
expect_out "$(grep -c '^[0-9]*,[a-z]*,' "$T/a.csv") records imported" "every row"
g "$T/b.db" export --format csv; cp "$T/out" "$T/b.csv"
cmp -s "$T/a.csv" "$T/b.csv" && ok "through XLSX: the same CSV export" || { diff "$T/a.csv" "$T/b.csv" | head -5; not_ok "through XLSX: the same CSV export"; }
g "$T/d.db" demo --cases 0
g "$T/d.db" import records "$T/a.csv"
expect_rc 0 "the CSV export imports into a new database"
g "$T/d.db" export --format csv
cmp -s "$T/a.csv" "$T/out" && ok "through CSV: the same CSV export" || not_ok "through CSV: the same CSV export"

# Every form alone, by its name, through XLSX and through CSV.
for f in $forms; do
	g "$T/a.db" export --form $f --format csv; cp "$T/out" "$T/$f-a.csv"
	for fmt in xlsx csv; do
		g "$T/a.db" export --form $f --format $fmt --output "$T/$f.$fmt"
		rm -f "$T/c.db" "$T/c.db-lock"
		g "$T/c.db" demo --cases 0
		g "$T/c.db" import records $f "$T/$f.$fmt"
		# need and resource name each other: only a whole export brings both.
		if [ "$RC" != 0 ]; then
			if grep -q 'neither in the database nor in the file' "$T/err"; then ok "$f through $fmt: refused for its references only"
			else not_ok "$f through $fmt: the file imports"; fi
			continue
		fi
		g "$T/c.db" export --form $f --format csv
		cmp -s "$T/out" "$T/$f-a.csv" && ok "$f through $fmt: the same export" || not_ok "$f through $fmt: the same export"
	done
done
grep -q '^[0-9]*,case,.*,"=1+1"\|,'"'"'=1+1,' "$T/case-a.csv" && ok "the CSV export guards =1+1" || not_ok "the CSV export guards =1+1"

# The tree through a workbook: export nodes xlsx -> import nodes -> the same CSV.
g "$T/a.db" export nodes; cp "$T/out" "$T/nodes-a.csv"
g "$T/a.db" export nodes --format xlsx --output "$T/nodes.xlsx"
expect_rc 0 "export nodes --format xlsx"
rm -f "$T/n.db" "$T/n.db-lock"
g "$T/n.db" init
g "$T/n.db" import nodes "$T/nodes.xlsx"
expect_rc 0 "import nodes from the workbook"
g "$T/n.db" export nodes
cmp -s "$T/out" "$T/nodes-a.csv" && ok "the tree through XLSX: the same export" || not_ok "the tree through XLSX: the same export"

# A sheet as a person types it.
g "$T/b.db" import records visit "$ROOT/tests/data/typed.xlsx"
expect_rc 0 "a typed sheet: label headers, the code typed as a number, TRUE and FALSE"
expect_out "2 records imported" "both rows"
g "$T/b.db" export --form visit --format csv
expect_out ",510304001001001,,1," "the 15-digit node code came in as its digits"
expect_out '人民路1号,2026-11-20,"第一行
第二行",true' "TRUE is true, the escaped newline a newline"
expect_out "人民路2号,2026-11-21,,false" "FALSE is false, the empty cell empty"
g "$T/b.db" list --search "not this sheet"
expect_no_out "not this sheet" "the second sheet is not read"

# Errors name FILE:SHEET:ROW.
g "$T/a.db" export --form visit --format xlsx --output "$T/v.xlsx"
g "$T/b.db" import records case "$T/v.xlsx"
expect_rc 3 "visits imported as cases: refused"
expect_err "v.xlsx:visit:2: form: a 'visit' record in a file imported as 'case' records" "a row's problem at FILE:SHEET:ROW"
g "$T/a.db" export --form case --format xlsx --output "$T/c.xlsx"
rm -f "$T/e.db" "$T/e.db-lock"
g "$T/e.db" init
g "$T/e.db" import records case "$T/c.xlsx"
expect_rc 3 "cases into a database without the tree: refused"
expect_err "c.xlsx:case:2: node: unknown node" "each row's problem at FILE:SHEET:ROW"
expect_err "nothing was imported" "and nothing imported"
printf 'PK\003\004 not really' >"$T/bad.xlsx"
g "$T/b.db" import records case "$T/bad.xlsx"
expect_rc 3 "a damaged workbook: refused"
expect_err "bad.xlsx: not an .xlsx workbook" "with the file named"
g "$T/b.db" import records case "$T/bad.xlsx" --encoding gb18030
expect_err "--encoding is for CSV files" "--encoding refused for xlsx"

# --output: a file that cannot be written is an error; a failed export
# leaves no file, and an existing one as it was.
g "$T/a.db" export --format xlsx --output "$T/no/such/dir/x.xlsx"
expect_rc 1 "--output into a missing directory: an I/O error"
expect_err "cannot write" "and it says so"
echo keep >"$T/keep.xlsx"
g "$T/a.db" export --format xlsx --form nosuchform --output "$T/keep.xlsx"
check "[ \"\$(cat '$T/keep.xlsx')\" = keep ]" "a failed export leaves the existing file as it was"
check "! ls '$T'/keep.xlsx.part* >/dev/null 2>&1" "and no part file"

# A report as a workbook; xlsx never to a terminal.
g "$T/a.db" report --form case --format xlsx --output "$T/r.xlsx"
expect_rc 0 "report --format xlsx"
g "$T/b.db" import records case "$T/r.xlsx"
expect_err "r.xlsx:report:2: column 'kind' has a value, but form 'case' has no such field" "the report reads back as a sheet (and is not records)"
if command -v unzip >/dev/null; then
	g "$T/a.db" report --form case --format csv
	total=$(grep '^total,' "$T/out" | cut -d, -f6)
	unzip -p "$T/r.xlsx" xl/worksheets/sheet1.xml >"$T/r.xml"
	check "grep -q '<v>$total</v>' '$T/r.xml'" "the report's counts are number cells ($total reported)"
	check "grep -q '<t>510304001</t>' '$T/r.xml'" "its codes are text cells"
fi
# libzip and libxlsxwriter are loaded when a workbook is first read or
# written (src/format/xlsx_lib.c): with one hidden (an empty file bound over
# it in a private mount namespace) the other commands run, and the workbook
# command says which library is missing.
hide() {
	_lib=$(readlink -f "$(ldconfig -p | awk -v n="$1" '$1 == n { print $NF; exit }')")
	shift
	unshare -rm sh -c 'mount --bind "$1" "$2" && shift 2 && exec "$@"' sh "$T/empty.so" "$_lib" \
		"$BIN" --config "$CONFIG" --user admin "$@" >"$T/out" 2>"$T/err"
	RC=$?
}
: >"$T/empty.so"
if unshare -rm true 2>/dev/null; then
	hide libzip.so.4 --db "$T/a.db" list --limit 3
	expect_rc 0 "without libzip: list runs"
	hide libzip.so.4 --db "$T/b.db" import records case "$T/all.xlsx"
	check "[ '$RC' != 0 ]" "without libzip: an xlsx import fails"
	expect_err "XLSX needs libzip.so.4 (Debian: apt-get install libzip4)" "and says which library and package"
	hide libzip.so.4 --db "$T/a.db" export --format xlsx --output "$T/nozip.xlsx"
	expect_rc 0 "without libzip: export --format xlsx runs (libxlsxwriter)"
	hide libxlsxwriter.so.4 --db "$T/a.db" stats
	expect_rc 0 "without libxlsxwriter: stats runs"
	hide libxlsxwriter.so.4 --db "$T/a.db" export --format xlsx --output "$T/nowriter.xlsx"
	check "[ '$RC' != 0 ] && [ ! -e '$T/nowriter.xlsx' ]" "without libxlsxwriter: export --format xlsx fails, writes no file"
	expect_err "XLSX needs libxlsxwriter.so.4 (Debian: apt-get install libxlsxwriter4)" "and says which library and package"
else
	ok "# SKIP no user namespace (unshare -rm) to hide a library in"
fi
if command -v script >/dev/null; then
	script -qec "'$BIN' --config '$CONFIG' --db '$T/a.db' --user admin export --format xlsx" /dev/null >"$T/tty" 2>&1
	check "grep -q 'not for a terminal' '$T/tty'" "export --format xlsx to a terminal is refused"
fi
exit 0
