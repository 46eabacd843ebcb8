#!/bin/sh
# SPDX-License-Identifier: MIT
# Filtered lists come from the postings index (docs/storage.md): every
# filter (state, assignee, form, open, overdue, due soon, a choice field's
# value) alone and combined, at the root, a street and a community, as
# people of each scope, returns exactly what a scan of `export` returns, in
# order (tests/cli/filters.py), on the demo and the English example
# configuration; after changes through new, act and set; after a restore
# (import of an export); and verify finds the index whole.
. "$(dirname "$0")/lib.sh"

filters() {   # filters DB NOW USER...: the comparison, its lines as they are
	_db=$1 _now=$2; shift 2
	GRIDCASE_NOW=$_now python3 "$ROOT/tests/cli/filters.py" "$BIN" "$CONFIG" "$_db" "$_now" "$@"
}

gc --user admin demo --cases 3000 --seed 3
expect_rc 0 "a demo district of 3000 cases"
filters "$DB" "$GRIDCASE_NOW" admin wangwu zhangsan

# Changes move records between the lists.
gc --user zhangsan new case --node 510304001001001 title=楼道堆物 category=消防应急 phone=13812345678
ID=$(cat "$T/out")
gc --user wangwu act "$ID" accept
gc --user wangwu act "$ID" register
gc --user wangwu act "$ID" dispatch assignee=zhangsan
expect_rc 0 "a new case dispatched to zhangsan"
OLD=$("$BIN" --config "$CONFIG" --db "$DB" --user wangwu list --state dispatched --limit 1 --sort id --format jsonl |
	sed 's/^{"id":\([0-9]*\).*/\1/')
gc --user wangwu act "$OLD" handle result=已处置
gc --user wangwu set "$ID" category=城市管理/暴露垃圾
expect_rc 0 "another handled, the new one's category changed"
gc --user wangwu list --assignee zhangsan --state dispatched --field category=城市管理/暴露垃圾
expect_out "楼道堆物" "the changed case is found by its new category, state and assignee"
gc --user wangwu list --field category=消防应急 --assignee zhangsan
expect_no_out "楼道堆物" "and not by its old category"
filters "$DB" "$GRIDCASE_NOW" admin wangwu
gc --user admin verify
expect_rc 0 "verify finds the postings whole after the changes"

# A restore: the export imported into a new database has the same lists.
gc --user admin export --format jsonl
cp "$T/out" "$T/all.jsonl"
"$BIN" --config "$CONFIG" --db "$T/r.db" --user admin demo --cases 0 >/dev/null
"$BIN" --config "$CONFIG" --db "$T/r.db" --user admin import records "$T/all.jsonl" >"$T/out" 2>"$T/err"
RC=$?
expect_rc 0 "the export imports into a new database"
filters "$T/r.db" "$GRIDCASE_NOW" admin

# A configuration the postings depend on changes (结案 no longer final):
# verify names the postings the records now need, reindex writes them
# again, and the lists follow the new configuration.
mkdir -p "$T/changed"
cp "$CONFIG"/* "$T/changed/"
sed -i 's/^      closed:     {label: 结案, final: true}$/      closed:     {label: 结案}/' "$T/changed/workflows.yaml"
CONFIG=$T/changed
gc --user admin verify
expect_rc 3 "verify finds the postings of another configuration"
expect_err "postings entry open '' at node" "and names a missing one"
gc --user admin reindex
expect_rc 0 "reindex"
gc --user admin verify
expect_rc 0 "after it verify finds them whole"
filters "$DB" "$GRIDCASE_NOW" admin wangwu
gc --user wangwu reindex
expect_rc 4 "reindex is for administrators"

# The English example: five levels, another workflow.
CONFIG=$ROOT/config/examples/english
DB=$T/en.db
gc --user admin demo --cases 3000 --seed 2
expect_rc 0 "the English example's demo"
filters "$DB" "2026-11-23T10:00:00+00:00" admin carla ann
gc --user admin verify
expect_rc 0 "verify finds its postings whole"

# Where the bytes go: every page of the file is some table's or free.
gc --user admin stats --storage --format csv
expect_rc 0 "stats --storage"
expect_out "post," "the postings have their row"
check "[ \"\$(awk -F, 'NR > 1 && \$1 != \"(the file)\" { s += \$3 } \$1 == \"(the file)\" { f = \$3 } END { print (s == f && f > 0) }' '$T/out')\" = 1 ]" \
	"the tables' bytes and the free pages add up to the file"
check "[ \"\$(awk -F, '\$1 == \"(the file)\" { print \$3 }' '$T/out')\" = \"\$(stat -c %s '$DB')\" ]" "which is the file's size"
gc --user carla stats --storage
expect_rc 4 "for administrators only"

# One grid holding a district's cases: its due list spans many pages, which
# the totals count a page at a time (postings.c, count_due_pages).
mkdir -p "$T/onegrid"
cp "$ROOT"/config/demo/*.yaml "$T/onegrid/"
sed -i 's/^  children: \[11, 10, 5\]/  children: [1, 1, 1]/' "$T/onegrid/demo.yaml"
CONFIG=$T/onegrid
DB=$T/one.db
gc --user admin demo --cases 10000 --seed 4
expect_rc 0 "a demo of 10000 cases in one grid"
gc --user admin list --due-soon --limit 0 --format csv
check "[ \$((\$(wc -l <'$T/out') - 1)) -gt 600 ]" "more cases due soon in the grid than a page of the due list holds"
filters "$DB" "$GRIDCASE_NOW" admin
for f in --due-soon --overdue; do
	n=$("$BIN" --config "$CONFIG" --db "$DB" --user admin list $f --limit 0 --format csv | wc -l)
	gc --user admin list $f --sort -due --limit 7
	expect_out "(7 of $((n - 1)))" "list $f --sort -due counts all $((n - 1)) from the range's start, walking back from its end"
done
