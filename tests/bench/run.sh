#!/bin/sh
# SPDX-License-Identifier: MIT
# make bench: whole-process figures on a demo district of BENCH_CASES cases
# (default 1,000,000), side by side with sqlite3 (sensible indexes) and
# taskwarrior (at BENCH_TASKS tasks, default 100,000). Prints a table; the
# numbers in docs/performance.md come from this script.
set -u
cd "$(dirname "$0")/../.." || exit 1
CASES=${BENCH_CASES:-1000000}
TASKS=${BENCH_TASKS:-100000}
RUNS=${BENCH_RUNS:-21}
W=${BENCH_DIR:-/tmp/gridcase-bench}
G="$PWD/gridcase"
TIME="$PWD/build/bench/timecmd"
CFG="$PWD/config/demo"
COMMUNITY=510304001001
GRID=510304001001001

need() { command -v "$1" >/dev/null 2>&1; }
if ! need sqlite3 || ! need task; then
	echo "installing sqlite3 and taskwarrior for the comparison"
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq sqlite3 taskwarrior >/dev/null
fi
rm -rf "$W"
mkdir -p "$W"
export GRIDCASE_NOW=${GRIDCASE_NOW:-2026-11-23T09:00:00+08:00}
g() { "$G" --config "$CFG" --db "$W/g.db" --user admin "$@"; }
row() { printf '%-44s %12s %12s %s\n' "$1" "$2" "$3" "$4"; }
ms() { set -- $1; echo "$1"; }      # median of "median p99 failures"
p99() { set -- $1; echo "$2"; }

echo "gridcase benchmark: $CASES cases, $RUNS runs per command, $(nproc) cores, $(date -u +%Y-%m-%d)"
echo

# 1. Generating (median of five runs, each into a new file: the figure moves
# with the machine's load more than anything else) and importing.
for run in 1 2 3 4 5; do
	rm -f "$W/g.db" "$W/g.db-lock"
	sync
	t0=$(date +%s.%N)
	g demo --cases "$CASES" --seed 1 >"$W/demo.out"
	t1=$(date +%s.%N)
	echo "$CASES / ($t1 - $t0)" | bc
done >"$W/gen.rates"
GEN=$(sort -n "$W/gen.rates" | sed -n 3p)
g export --form case >"$W/all.csv" 2>/dev/null
sync

row "operation" "median ms" "p99 ms" "command"
echo "generate $CASES cases (demo): $GEN records/s (whole process, median of $(tr '\n' ' ' <"$W/gen.rates"))"
echo "(importing the export: in the district questions below, beside sqlite3's .import)"
echo

# 2. Queries and writes, each a whole process.
STATS=$("$TIME" -n "$RUNS" -- "$G" --config "$CFG" --db "$W/g.db" --user admin stats)
row "stats of the district root" "$(ms "$STATS")" "$(p99 "$STATS")" "gridcase stats"
LIST=$("$TIME" -n "$RUNS" -- "$G" --config "$CFG" --db "$W/g.db" --user admin list --node $COMMUNITY --limit 50)
row "list a community, newest 50" "$(ms "$LIST")" "$(p99 "$LIST")" "gridcase list --node $COMMUNITY --limit 50"
OVER=$("$TIME" -n "$RUNS" -- "$G" --config "$CFG" --db "$W/g.db" --user admin list --node $COMMUNITY --overdue)
row "list a community's overdue cases" "$(ms "$OVER")" "$(p99 "$OVER")" "gridcase list --node $COMMUNITY --overdue"
SRCH=$("$TIME" -n "$RUNS" -- "$G" --config "$CFG" --db "$W/g.db" --user admin list --node $COMMUNITY --search 楼道 --limit 50)
row "search a community for 楼道" "$(ms "$SRCH")" "$(p99 "$SRCH")" "gridcase list --node $COMMUNITY --search 楼道"
NEW=$("$TIME" -n "$RUNS" -- "$G" --config "$CFG" --db "$W/g.db" --user admin new case --node $GRID title=测试 category=城市管理)
row "new (durable commit)" "$(ms "$NEW")" "$(p99 "$NEW")" "gridcase new case --node $GRID ..."
g list --state reported --limit "$RUNS" --format csv | tail -n +2 | cut -d, -f1 >"$W/ids"
ACT=$("$TIME" -n "$RUNS" -i "$W/ids" -- "$G" --config "$CFG" --db "$W/g.db" --user admin act "{}" accept)
row "act (durable commit)" "$(ms "$ACT")" "$(p99 "$ACT")" "gridcase act ID accept"
echo

# 3. sqlite3 with the same data and sensible indexes.
S="$W/s.db"
tail -n +2 "$W/all.csv" >"$W/rows.csv"
# One column per column of the export (id an integer key, the rest text).
COLS=$(head -1 "$W/all.csv" | tr -d '\r' | awk -F, '{ for (i = 2; i <= NF; i++) printf ", %s TEXT", $i }')
sqlite3 "$S" "CREATE TABLE cases(id INTEGER PRIMARY KEY$COLS);"
t0=$(date +%s.%N)
sqlite3 "$S" ".mode csv" ".import $W/rows.csv cases" \
  "CREATE INDEX by_node ON cases(node, id);" "CREATE INDEX by_state ON cases(state);" \
  "CREATE INDEX by_due ON cases(due) WHERE due <> '';"
t1=$(date +%s.%N)
SIMP=$(echo "$CASES / ($t1 - $t0)" | bc)
echo "sqlite3: import $CASES rows and build the indexes: $SIMP records/s"
SSTATS=$("$TIME" -n "$RUNS" -- sqlite3 "$S" "SELECT state, count(*) FROM cases GROUP BY state; SELECT count(*) FROM cases WHERE due <> '' AND due < '2026-11-23T09:00:00+08:00' AND state <> 'closed';")
row "sqlite3: counts per state + overdue (root)" "$(ms "$SSTATS")" "$(p99 "$SSTATS")" "GROUP BY state"
SLIST=$("$TIME" -n "$RUNS" -- sqlite3 "$S" "SELECT id, state, node, due, assignee, title FROM cases WHERE node >= '$COMMUNITY' AND node < '${COMMUNITY}z' ORDER BY id DESC LIMIT 50;")
row "sqlite3: list a community, newest 50" "$(ms "$SLIST")" "$(p99 "$SLIST")" "node range, ORDER BY id DESC"
SNEW=$("$TIME" -n "$RUNS" -- sqlite3 "$S" "INSERT INTO cases(form,node,state,version,title,category) VALUES('case','$GRID','reported',1,'测试','城市管理');")
row "sqlite3: insert (durable commit)" "$(ms "$SNEW")" "$(p99 "$SNEW")" "INSERT"
echo

# 4. taskwarrior at TASKS tasks (one project per grid).
export TASKRC="$W/taskrc" TASKDATA="$W/task"
mkdir -p "$TASKDATA"
printf 'data.location=%s\nconfirmation=off\nverbose=nothing\ngc=off\nrecurrence=off\nhooks=off\n' "$TASKDATA" >"$TASKRC"
head -n "$TASKS" "$W/rows.csv" | awk -F, '{ printf "{\"uuid\":\"%08x-0000-4000-8000-%012x\",\"description\":\"%s\",\"project\":\"%s\",\"status\":\"pending\",\"entry\":\"20261101T000000Z\"}\n", NR, NR, $11, $3 }' >"$W/tasks.json"
t0=$(date +%s.%N)
task import "$W/tasks.json" >/dev/null 2>&1
t1=$(date +%s.%N)
TIMP=$(echo "$TASKS / ($t1 - $t0)" | bc)
echo "taskwarrior $(task --version): import $TASKS tasks: $TIMP records/s"
TSTATS=$("$TIME" -n "$RUNS" -- task count)
row "taskwarrior: count" "$(ms "$TSTATS")" "$(p99 "$TSTATS")" "task count"
TLIST=$("$TIME" -n "$RUNS" -- task "project:$GRID" limit:50 list)
row "taskwarrior: list a project, 50" "$(ms "$TLIST")" "$(p99 "$TLIST")" "task project:$GRID limit:50 list"
TNEW=$("$TIME" -n "$RUNS" -- task add 测试)
row "taskwarrior: add" "$(ms "$TNEW")" "$(p99 "$TNEW")" "task add"
echo

ratio() { echo "scale=1; $1 / $2" | bc; }
echo "ratios (other / gridcase; above 1 means gridcase is faster):"
echo "  counts at the root:   sqlite3 $(ratio "$(ms "$SSTATS")" "$(ms "$STATS")")x   taskwarrior($TASKS) $(ratio "$(ms "$TSTATS")" "$(ms "$STATS")")x"
echo "  list 50 of a subtree: sqlite3 $(ratio "$(ms "$SLIST")" "$(ms "$LIST")")x   taskwarrior($TASKS) $(ratio "$(ms "$TLIST")" "$(ms "$LIST")")x"
echo "  create one:           sqlite3 $(ratio "$(ms "$SNEW")" "$(ms "$NEW")")x   taskwarrior($TASKS) $(ratio "$(ms "$TNEW")" "$(ms "$NEW")")x"
echo "  bulk load:            gridcase demo $GEN/s, sqlite3 $SIMP/s, taskwarrior $TIMP/s (import: below)"
du -h "$W/g.db" "$S" | sed 's/^/  size: /'
echo
sh tests/bench/district.sh "$W"
echo
sh tests/bench/ui.sh "$W"
"$PWD/build/bench/listpage" "$CFG" "$W/g.db"
sh tests/bench/config.sh "$W"
echo
sh tests/bench/link.sh "$W"
echo
sh tests/bench/users.sh "$W"
