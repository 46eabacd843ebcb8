#!/bin/sh
# SPDX-License-Identifier: MIT
# Search from the bigram index (docs/storage.md, "Search"): texts taken
# from the records (Chinese, digits of phone numbers, a case id, Latin,
# one character, none), alone and with a state, at the root, a street and
# as people of each scope, find what a substring scan of `export` finds
# (tests/cli/search.py), on the demo and the English example
# configuration; the search fields' grams follow a change; verify finds
# the index whole. 12,000 cases, so the scan of the other fields (the
# newest 10,000) is bounded and the list says so.
. "$(dirname "$0")/lib.sh"

search() {   # search DB NOW USER...
	_db=$1 _now=$2; shift 2
	GRIDCASE_NOW=$_now python3 "$ROOT/tests/cli/search.py" "$BIN" "$CONFIG" "$_db" "$_now" 10000 "$@"
}

gc --user admin demo --cases 12000 --seed 5
expect_rc 0 "a demo district of 12000 cases"
search "$DB" "$GRIDCASE_NOW" admin wangwu zhangsan
gc --user admin list --search 没有这段话 --limit 3
expect_out "(fields other than the searched text fields were read in the newest 10000 records only)" \
	"a search of more records than the scan reads says so"

# A change of a search field: found by its new text, not by its old.
gc --user zhangsan new case --node 510304001001001 title=楼道堆物甲乙 category=消防应急 phone=13912345678
ID=$(cat "$T/out")
gc --user wangwu list --search 堆物甲乙
expect_out "楼道堆物甲乙" "a new case found by its title"
gc --user wangwu list --search 39123456
expect_out "楼道堆物甲乙" "and by digits of its phone"
gc --user wangwu list --search "$ID"
expect_out "楼道堆物甲乙" "and by its id"
gc --user zhangsan set "$ID" title=车棚飞线充电丙丁
gc --user wangwu list --search 堆物甲乙
expect_no_out "$ID" "no longer by its old title"
gc --user wangwu list --search 飞线充电丙
expect_out "车棚飞线充电丙丁" "by its new one"
search "$DB" "$GRIDCASE_NOW" admin
gc --user admin verify
expect_rc 0 "verify finds the search postings whole"

CONFIG=$ROOT/config/examples/english
DB=$T/en.db
gc --user admin demo --cases 3000 --seed 2
expect_rc 0 "the English example's demo"
search "$DB" "2026-11-23T10:00:00+00:00" admin carla ann
