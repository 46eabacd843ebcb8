#!/bin/sh
# SPDX-License-Identifier: MIT
# tests/bench/district.sh DIR: the district command centre's questions
# (issue 16) on the demo district run.sh built in DIR (g.db, all.csv), each
# a whole process, median and p99 of BENCH_RUNS runs, side by side with
# sqlite3 holding the same rows with indexes on (node, id), (state, id),
# (assignee, id), due and created, and an FTS5 trigram index over the same
# search fields (title, location, reporter, phone), and a history table with
# the same events as gridcase's (bench/histdump). Figures only: nothing
# here asserts a time.
set -u
cd "$(dirname "$0")/../.." || exit 1
W=${1:-/tmp/gridcase-bench}
RUNS=${BENCH_RUNS:-21}
G="$PWD/gridcase"
TIME="$PWD/build/bench/timecmd"
CFG="$PWD/config/demo"
NOW=${GRIDCASE_NOW:-2026-11-23T09:00:00+08:00}
export GRIDCASE_NOW=$NOW
STREET=510304001
S="$W/district.sqlite"
row() { printf '%9s %9s   %9s %9s   %s\n' "$2" "$3" "$4" "$5" "$1"; }   # the label last: CJK widths
both() {   # both LABEL SQL GRIDCASE-ARGS...: one row, gridcase then sqlite3
	label=$1 sql=$2
	shift 2
	gt=$("$TIME" -n "$RUNS" -- "$G" --config "$CFG" --db "$W/g.db" --user admin "$@")
	st=$("$TIME" -n "$RUNS" -- sqlite3 "$S" "$sql")
	set -- $gt $st
	row "$label" "$1" "$2" "$4" "$5"
}

# The export imported into a new district (demo --cases 0: the nodes and
# users, no case), then sqlite3's .import of the same rows with its
# indexes, one right after the other: the two rates side by side. Peak
# resident memory by /usr/bin/time when it is there.
rm -f "$W/i.db" "$W/i.db-lock"
"$G" --config "$CFG" --db "$W/i.db" --user admin demo --cases 0 >/dev/null
TV=""
[ -x /usr/bin/time ] && TV="/usr/bin/time -f %M -o $W/import.rss"
sync
t0=$(date +%s.%N)
$TV "$G" --config "$CFG" --db "$W/i.db" --user admin import records case "$W/all.csv" >/dev/null
t1=$(date +%s.%N)
IROWS=$(($(wc -l <"$W/all.csv") - 1))
IRSS=""
[ -s "$W/import.rss" ] && IRSS=", peak resident $(($(tail -n 1 "$W/import.rss") / 1024)) MB"
IMPORT_LINE="gridcase import records case all.csv ($IROWS rows into a new district): $(echo "$IROWS / ($t1 - $t0)" | bc) rows/s$IRSS"
rm -f "$W/i.db" "$W/i.db-lock" "$W/import.rss"

# sqlite3: the export's columns, id the integer key, the indexes above.
rm -f "$S"
COLS=$(head -1 "$W/all.csv" | tr -d '\r' | awk -F, '{ for (i = 2; i <= NF; i++) printf ", %s TEXT", $i }')
sqlite3 "$S" "CREATE TABLE cases(id INTEGER PRIMARY KEY$COLS);"
tail -n +2 "$W/all.csv" >"$W/district-rows.csv"
t0=$(date +%s.%N)
sqlite3 "$S" ".mode csv" ".import $W/district-rows.csv cases" \
	"CREATE INDEX by_node ON cases(node, id); CREATE INDEX by_state ON cases(state, id);
	 CREATE INDEX by_assignee ON cases(assignee, id); CREATE INDEX by_due ON cases(due);
	 CREATE INDEX by_created ON cases(created);
	 CREATE VIRTUAL TABLE search USING fts5(title, location, reporter, phone, content='cases', content_rowid='id', tokenize='trigram');
	 INSERT INTO search(search) VALUES('rebuild');"
t1=$(date +%s.%N)
# The same history events gridcase holds (bench/histdump), in a table of
# their own keyed by (id, version), so the sizes compare like for like;
# not in the import rate above.
"$PWD/build/bench/histdump" "$W/g.db" >"$W/history.csv" 2>/dev/null
sqlite3 "$S" "CREATE TABLE history(id INTEGER, version INTEGER, time INTEGER, user TEXT, client TEXT,
	 action TEXT, from_state TEXT, to_state TEXT, comment TEXT, changes TEXT, PRIMARY KEY (id, version)) WITHOUT ROWID;" \
	".mode csv" ".import $W/history.csv history"
rm -f "$W/history.csv"
N=$(sqlite3 "$S" "SELECT count(*) FROM cases")
echo "district questions, $N cases, $RUNS runs each (whole processes; ms)"
echo "$IMPORT_LINE"
echo "sqlite3 $(sqlite3 --version | cut -d' ' -f1): .import + 5 indexes + FTS5 trigram: $(echo "$N / ($t1 - $t0)" | bc) rows/s"
row "question" "gridcase" "p99" "sqlite3" "p99"
OPEN="state NOT IN ('closed', 'cancelled')"
# gridcase lists overdue and due-soon cases by due time (the longest overdue first).
SOON=$(date -d "$NOW + 1 day" +%Y-%m-%dT%H:%M:%S%:z)
both "list --overdue --limit 50 (district)" \
	"SELECT id, state, node, due, assignee, title FROM cases WHERE due <> '' AND due < '$NOW' AND $OPEN ORDER BY due, id LIMIT 50;" \
	list --overdue --limit 50
both "list --due-soon --limit 50 (district)" \
	"SELECT id, state, node, due, assignee, title FROM cases WHERE due >= '$NOW' AND due < '$SOON' AND $OPEN ORDER BY due, id LIMIT 50;" \
	list --due-soon --limit 50
both "list --state dispatched --limit 50" \
	"SELECT id, state, node, due, assignee, title FROM cases WHERE state = 'dispatched' ORDER BY id DESC LIMIT 50;" \
	list --state dispatched --limit 50
LOGIN=$(sqlite3 "$S" "SELECT assignee FROM cases WHERE assignee <> '' GROUP BY assignee ORDER BY count(*) DESC LIMIT 1;")
both "list --assignee $LOGIN --limit 50" \
	"SELECT id, state, node, due, assignee, title FROM cases WHERE assignee = '$LOGIN' ORDER BY id DESC LIMIT 50;" \
	list --assignee "$LOGIN" --limit 50
both "list --node $STREET --state dispatched --overdue" \
	"SELECT id, state, node, due, assignee, title FROM cases WHERE node >= '$STREET' AND node < '${STREET}z' AND state = 'dispatched' AND due <> '' AND due < '$NOW' ORDER BY due, id LIMIT 50;" \
	list --node "$STREET" --state dispatched --overdue --limit 50
PHONE=$(sqlite3 "$S" "SELECT phone FROM cases WHERE phone <> '' LIMIT 1 OFFSET 777;")
both "list --search $PHONE (a phone number)" \
	"SELECT c.id, c.title FROM search JOIN cases c ON c.id = search.rowid WHERE search MATCH '\"$PHONE\"' ORDER BY c.id DESC LIMIT 50;" \
	list --search "$PHONE" --limit 50
both "list --search 幸福路12号" \
	"SELECT c.id, c.title FROM search JOIN cases c ON c.id = search.rowid WHERE search MATCH '\"幸福路12号\"' ORDER BY c.id DESC LIMIT 50;" \
	list --search 幸福路12号 --limit 50
# Two characters: below a trigram, so sqlite3 scans with LIKE.
both "list --search 楼道 (two characters; sqlite3 LIKE)" \
	"SELECT id, title FROM cases WHERE title LIKE '%楼道%' OR location LIKE '%楼道%' OR reporter LIKE '%楼道%' OR phone LIKE '%楼道%' ORDER BY id DESC LIMIT 50;" \
	list --search 楼道 --limit 50
both "report --from 2026-10-01 --to 2026-10-31" \
	"SELECT state, count(*) FROM cases WHERE created >= '2026-10-01' AND created < '2026-11-01' GROUP BY state;" \
	report --from 2026-10-01 --to 2026-10-31
echo "database size: gridcase $(du -k "$W/g.db" | cut -f1) KiB, sqlite3 with its indexes, FTS5 and a history table of the same $(sqlite3 "$S" "SELECT count(*) FROM history") events $(du -k "$S" | cut -f1) KiB"
echo "where gridcase's bytes go (gridcase stats --storage, bytes per record):"
"$G" --config "$CFG" --db "$W/g.db" --user admin stats --storage --format csv |
	awk -F, 'NR > 1 && $3 > 1048576 { printf "  %-22s %6d MiB %6d B\n", $1, $3 / 1048576, $4 }'

# The UI as the district's administrator: start to the first screen, o
# (overdue, the whole district), o again, / with a two-character word;
# then S (the root's statistics) on its own. ptycount types each key and
# measures to the last byte of the answer; the figures are from a second
# run. S may take seconds: ptycount waits up to 20 s for its first byte.
PTY="$PWD/build/tests/ptycount"
ui() { PTYCOUNT_FIRST=20000 "$PTY" -k "$1" -c 80x24 -- env TERM=xterm-256color LANG=C.UTF-8 GRIDCASE_NOW="$NOW" \
	"$G" --config "$CFG" --db "$W/g.db" --user admin; }
printf 'o\no\n/楼道\r\n' >"$W/district.keys"
printf 'S\n' >"$W/district.stats"
ui "$W/district.keys" >/dev/null
ui "$W/district.keys" >"$W/district.ui"
ui "$W/district.stats" | sed -n 2p >>"$W/district.ui"
echo "UI as the district administrator (ms to the last byte, bytes written):"
awk 'NR == 1 { print "  first screen:  " $1 " ms, " $2 " B" } NR == 2 { print "  o (overdue):   " $1 " ms, " $2 " B" }
     NR == 4 { print "  / 楼道:        " $1 " ms, " $2 " B" } NR == 5 { print "  S (statistics): " $1 " ms, " $2 " B" }' "$W/district.ui"
rm -f "$S" "$W/district-rows.csv"
