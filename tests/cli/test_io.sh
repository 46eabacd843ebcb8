# SPDX-License-Identifier: MIT
# Import and export: RFC 4180 CSV as spreadsheets write it, JSON Lines,
# all-or-nothing files, and export -> import -> export giving the same bytes.
. "$(dirname "$0")/lib.sh"
gc --user admin init
gc --user admin import nodes "$ROOT/tests/cli/nodes.csv"

# A CSV with a BOM, CRLF line ends, a quoted comma and an embedded newline,
# without a node column: refused row by row.
gc --user admin import records case "$ROOT/tests/cli/cases.csv"
expect_rc 3 "rows without a node are refused"
expect_err "cases.csv:2: node: missing" "line 2 named"
expect_err "cases.csv:4: node: missing" "line 4 named (after a two-line row)"

{ printf '\357\273\277node,title,category,phone,detail\r\n'
  printf '510304001001001,幸福路12号楼道堆物,消防应急,13812345678,"一楼到三楼\r\n堆满杂物"\r\n'
  printf '510304001001002,"光明路3号, 暴露垃圾",城市管理,,\r\n'; } >"$T/ok.csv"
gc --user zhangsan import records case "$T/ok.csv"
expect_rc 4 "a grid worker may not import records"
gc --user admin import records case "$T/ok.csv"
expect_rc 0 "import a spreadsheet CSV"
expect_out "2 records imported" "two records"
DB=$T/quiet.db   # a second database, so the counts below stay
gc --user admin init
gc --user admin import nodes "$ROOT/tests/cli/nodes.csv" --quiet
gc --user admin import records case "$T/ok.csv" --quiet
check "[ $RC = 0 ] && [ ! -s '$T/out' ] && [ ! -s '$T/err' ]" "import --quiet imports and says nothing"
gc --user admin export --form case --format jsonl
check "[ \$(wc -l <'$T/out') = 2 ]" "the quiet import added its two records"
DB=$T/g.db
gc --user admin show 1 --json
expect_out '"detail":"一楼到三楼\n堆满杂物"' "embedded CRLF kept as one newline"
gc --user admin show 2
expect_out "光明路3号, 暴露垃圾" "quoted comma kept"

# Every bad row is reported and nothing lands.
cat >"$T/bad.csv" <<'CSV'
node,title,category,phone
510304001001001,好的一行,城市管理,13800000000
510304001001001,坏电话,城市管理,123
510304001001001,,城市管理,
510304001001,社区级,城市管理,
510304001001001,"未闭合,城市管理,
CSV
gc --user admin import records case "$T/bad.csv"
expect_rc 3 "bad rows: bad data"
expect_err "bad.csv:6: a quoted field is not closed" "unclosed quote named"
gc --user admin list
expect_out "(2 of 2)" "a file with a broken row imports nothing"
sed -i '$d' "$T/bad.csv"
gc --user admin import records case "$T/bad.csv"
expect_err "bad.csv:3: field 'phone' (联系电话): '123' is not right here: 11位手机号码" "bad phone named with line, in the words of the field's hint"
expect_err "bad.csv:4: field 'title' (标题) is required" "missing title named with line"
expect_err "bad.csv:5: node: '510304001001' is a community" "wrong level named with line"
expect_err "nothing was imported" "says nothing was imported"
gc --user admin list
expect_out "(2 of 2)" "still two records"

# JSON Lines, with a control character refused.
printf '{"node":"510304001001002","title":"光明路5号道路不洁","category":"城市管理"}\n\n{"node":"510304001001002","title":"x\\u001b[2Jy","category":"城市管理"}\n' >"$T/in.jsonl"
gc --user admin import records case "$T/in.jsonl"
expect_err "in.jsonl:3: column 'title': contains a control character" "control character in JSON named"
sed -i '3d' "$T/in.jsonl"
gc --user admin import records case "$T/in.jsonl"
expect_out "1 records imported" "JSON Lines import"

# Move some records along so the export has states, assignees and due times.
gc --user wangwu act 1 accept --comment ok
gc --user wangwu act 1 register
gc --user wangwu act 1 dispatch assignee=zhangsan
gc --user wangwu set 2 location=光明路
"$BIN" --config "$CONFIG" --db "$DB" --user admin demo >/dev/null 2>&1   # refused: not empty

for fmt in csv jsonl; do
	"$BIN" --config "$CONFIG" --db "$DB" --user admin export --format $fmt >"$T/a.$fmt" 2>"$T/err"; RC=$?
	expect_rc 0 "export $fmt"
	rm -f "$T/fresh.db"
	"$BIN" --config "$CONFIG" --db "$T/fresh.db" --user admin init >/dev/null
	"$BIN" --config "$CONFIG" --db "$T/fresh.db" --user admin import nodes "$ROOT/tests/cli/nodes.csv" >/dev/null
	"$BIN" --config "$CONFIG" --db "$T/fresh.db" --user admin import records case "$T/a.$fmt" >"$T/out" 2>"$T/err"; RC=$?
	expect_rc 0 "import the $fmt export into a fresh database"
	"$BIN" --config "$CONFIG" --db "$T/fresh.db" --user admin export --format $fmt >"$T/b.$fmt" 2>/dev/null
	check "cmp -s '$T/a.$fmt' '$T/b.$fmt'" "export -> import -> export is identical ($fmt)"
	check "[ \$(wc -l <'$T/a.$fmt') -ge 3 ]" "the $fmt export has the records"
done
grep -q '^1,case,510304001001001,dispatched,4,' "$T/a.csv" && ok "csv export has system columns" || not_ok "csv export has system columns"

# Scope applies to exports too.
gc --user lisi export
expect_out "510304001001002" "lisi exports her grid"
expect_no_out "510304001001001" "lisi does not export zhangsan's grid"
gc --user lisi export --node 510304001001001
expect_rc 4 "lisi may not export another grid"

# --since: only what changed after a change number (export --verbose says it).
gc --user admin export --verbose
SEQ=$(sed -n 's/.*last change \([0-9]*\).*/\1/p' "$T/err")
gc --user zhangsan act 1 handle result=已清理
gc --user admin export --since "$SEQ" --format jsonl
check "[ \$(wc -l <'$T/out') = 1 ]" "export --since gives only the changed record"
expect_out '"state":"handled"' "the changed record"
