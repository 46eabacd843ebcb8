# SPDX-License-Identifier: MIT
# The per-day rollups (docs/storage.md, table roll): report and stats over
# a period read them; the same commands with GRIDCASE_NO_ROLLUP=1 read the
# period's records (the path before the rollups). Both give the same bytes
# over several periods, nodes, users and formats, on the demo and the
# English example, after transitions back and reopened records; verify
# names a rollup entry changed with mdb_dump/mdb_load, and reindex repairs it.
. "$(dirname "$0")/lib.sh"

# same LABEL ARGS...: the command's output with and without the rollups.
same() {
	label=$1
	shift
	"$BIN" --config "$CONFIG" --db "$DB" "$@" >"$T/roll" 2>&1
	GRIDCASE_NO_ROLLUP=1 "$BIN" --config "$CONFIG" --db "$DB" "$@" >"$T/recs" 2>&1
	if [ -s "$T/roll" ] && cmp -s "$T/roll" "$T/recs"; then
		ok "$label: $* ($(wc -l <"$T/roll") lines)"
	else
		not_ok "$label: $*"
		diff "$T/recs" "$T/roll" | head -10 | sed 's/^/# /'
	fi
}

# periods LABEL USER NODE...: every period and format at each node.
periods() {
	label=$1 user=$2
	shift 2
	for node in "$@"; do
		for p in "--from 2026-06-01 --to 2026-09-30" "--from 2026-10-01 --to 2026-10-31" "--from 2026-11-23 --to 2026-11-23" \
			"--from 2026-11-01" "--to 2026-08-15" ""; do
			# shellcheck disable=SC2086  # the period's words
			same "$label" --user "$user" report $node $p --format csv --keys
		done
		same "$label" --user "$user" report $node --from 2026-10-01 --to 2026-11-30
		same "$label" --user "$user" stats $node --from 2026-10-01 --to 2026-11-30 --format csv --keys
		same "$label" --user "$user" stats $node --from 2020-01-01 --to 2030-12-31
	done
}

gc --user admin demo --cases 3000 --seed 3
expect_rc 0 "a demo district"
periods demo admin "" "--node 510304001" "--node 510304001001" "--node 510304001001001"
periods "demo, a community's staff" wangwu ""

# Transitions back (返工) and closes, then the same again; verify agrees.
gc --user admin list --state handled --limit 20 --format csv
IDS=$(awk -F, 'NR > 1 { print $1 }' "$T/out")
n=0
for id in $IDS; do
	n=$((n + 1))
	if [ $((n % 2)) = 0 ]; then
		gc --user admin act "$id" rework --comment "返工: 未处置到位"
	else
		gc --user admin act "$id" verify && gc --user admin act "$id" close
	fi
	[ "$RC" = 0 ] || break
done
check "[ '$n' -ge 10 ] && [ '$RC' = 0 ]" "$n handled cases reworked or closed"
periods "demo after changes" admin "" "--node 510304001"
gc --user admin verify
expect_rc 0 "verify: the rollups match the records after the changes"

# Overdue comes from the due index, whose values carry the node, form,
# created day and category: overdue cases moved to another category count
# there, in the rollups' report as in the records'.
gc --user admin list --overdue --limit 4 --format csv --keys
IDS=$(awk -F, 'NR > 1 { print $1 }' "$T/out")
n=0
for id in $IDS; do
	gc --user admin set "$id" category=城市管理/占道经营
	[ "$RC" = 0 ] || break
	n=$((n + 1))
done
check "[ '$n' = 4 ]" "4 overdue cases moved to 城市管理/占道经营"
gc --user admin list --overdue --limit 1000 --format csv --keys
moved=$(awk -F, -v ids="$(echo $IDS)" 'BEGIN { split(ids, a, " "); for (i in a) want[a[i]] = 1 }
	want[$1] && $12 == "城市管理/占道经营" { n++ } END { print n + 0 }' "$T/out")
check "[ '$moved' = 4 ]" "they are still overdue, in that category ($moved of 4)"
periods "demo after the category changes" admin "" "--node 510304001"
gc --user admin verify
expect_rc 0 "verify: the due index's values match the records"

# A file written before the due values carried the day and category (node
# id and form only): the report reads those records, verify accepts them,
# and reindex writes the longer values.
mdb_dump -n -s open_due "$DB" >"$T/due.dump"
# After HEADER=END: a key line then a value line, in hex; the value is cut
# at the NUL that ends the form (its first 00 byte after the node id).
awk 'f { n++; if (n % 2 == 0 && $0 != "DATA=END") { v = substr($0, 2); for (i = 9; i < length(v); i += 2)
		if (substr(v, i, 2) == "00") { v = substr(v, 1, i - 1); break }; print " " v; next } }
	/^HEADER=END/ { f = 1 } { print }' "$T/due.dump" >"$T/due2.dump"
check "[ \"\$(wc -c <'$T/due2.dump')\" -lt \"\$(wc -c <'$T/due.dump')\" ]" "the due values cut to node and form"
mdb_load -n -s open_due -f "$T/due2.dump" "$DB" 2>/dev/null
periods "demo, short due values" admin "" "--node 510304001"
gc --user admin verify
expect_rc 0 "verify accepts the short due values"
gc --user admin reindex
expect_rc 0 "reindex"
mdb_dump -n -s open_due "$DB" >"$T/due3.dump"
check "cmp -s '$T/due.dump' '$T/due3.dump'" "reindex writes the due values with day and category again"

# A due value with the wrong category: verify names the record.
awk 'f && !done { n++; if (n == 2) { print substr($0, 1, length($0) - 2) "ff"; done = 1; next } }
	/^HEADER=END/ { f = 1 } { print }' "$T/due.dump" >"$T/due4.dump"
mdb_load -n -s open_due -f "$T/due4.dump" "$DB" 2>/dev/null
gc --user admin verify
expect_rc 3 "verify fails on a damaged due value"
check "grep -q 'record [0-9]*: missing from the due index or pointing elsewhere' '$T/err' '$T/out'" "verify names the record"
gc --user admin reindex
gc --user admin verify
expect_rc 0 "reindex repaired the due value"

# A damaged rollup: one value changed in the file.
mdb_dump -n -s roll "$DB" >"$T/roll.dump"
# The entries follow the header's HEADER=END line, key then value (pairs
# of a counter byte and an int64): the tenth cell's last counter becomes 12345.
awk 'f && !done { n++; if (n == 20) { print substr($0, 1, length($0) - 16) "0000000000003039"; done = 1; next } }
	/^HEADER=END/ { f = 1 } { print }' "$T/roll.dump" >"$T/roll2.dump"
check "! cmp -s '$T/roll.dump' '$T/roll2.dump'" "the dump has an entry changed"
mdb_load -n -s roll -f "$T/roll2.dump" "$DB" 2>/dev/null
# The first entries are the root's (the lowest node id): an all-time report
# at the root now differs from the records' path, so it reads the rollups.
"$BIN" --config "$CONFIG" --db "$DB" --user admin report --format csv --keys >"$T/roll" 2>&1
GRIDCASE_NO_ROLLUP=1 "$BIN" --config "$CONFIG" --db "$DB" --user admin report --format csv --keys >"$T/recs" 2>&1
check "! cmp -s '$T/roll' '$T/recs'" "report reads the rollups (the damaged entry shows; GRIDCASE_NO_ROLLUP=1 reads the records)"
gc --user admin verify
expect_rc 3 "verify fails on a damaged rollup"
check "grep -q 'rollup node [0-9]* form [a-z_]* day 20[0-9-]* category .* counter .*: stored 12345, records give [0-9]*' '$T/err' '$T/out'" \
	"verify names the entry: node, form, day, category, counter, both values"
gc --user admin reindex
expect_rc 0 "reindex"
gc --user admin verify
expect_rc 0 "reindex rebuilt the rollups"

# The demo in small parts (many transactions of cases, of their postings
# and rollups, and of held-back records): the same district, verify agrees.
DB=$T/small.db
GRIDCASE_DEMO_TXN=300 GRIDCASE_DEMO_HOLD=400000 gc --user admin demo --cases 3000 --seed 4
expect_rc 0 "a demo in transactions of 300 cases, records written every 400,000 bytes"
gc --user admin verify
expect_rc 0 "verify: the small parts' indexes, counters and rollups match"
for q in "export records" "report --from 2026-01-01 --to 2026-11-30 --format csv --keys" "stats --depth 2" \
	"list --search 幸福 --limit 20 --format csv" "list --overdue --limit 20 --format csv"; do
	DB=$T/small.db
	# shellcheck disable=SC2086  # the command's words
	gc --user admin $q
	cp "$T/out" "$T/small"
	DB=$T/whole.db
	[ -f "$DB" ] || "$BIN" --config "$CONFIG" --db "$DB" --user admin demo --cases 3000 --seed 4 >/dev/null
	# shellcheck disable=SC2086
	gc --user admin $q
	check "[ -s '$T/out' ] && cmp -s '$T/out' '$T/small'" "in small parts as whole: $q ($(wc -l <"$T/out") lines)"
done
DB=$T/g.db

# The English example: five levels, another workflow, reopened issues.
CONFIG=$ROOT/config/examples/english
DB=$T/en.db
export GRIDCASE_NOW="2026-11-23T10:00:00+00:00"
gc --user admin demo --cases 3000 --seed 2
expect_rc 0 "the English example's demo"
periods english admin "" "--node 990001" "--node 99000101"
periods "english, village staff" carla ""
gc --user admin list --state resolved --limit 10 --format csv
IDS=$(awk -F, 'NR > 1 { print $1 }' "$T/out")
n=0
for id in $IDS; do
	gc --user admin act "$id" reopen --comment "Still broken"
	[ "$RC" = 0 ] || break
	n=$((n + 1))
done
check "[ '$n' -ge 3 ]" "$n resolved issues reopened"
periods "english after reopening" admin "" "--node 990001"
gc --user admin verify
expect_rc 0 "verify: the rollups match after reopening"
