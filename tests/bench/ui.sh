#!/bin/sh
# SPDX-License-Identifier: MIT
# The UI's figures, run by tests/bench/run.sh on its demo district: start
# to first screen, key latency, search, and the bytes each action writes,
# in normal and low-bandwidth mode, at 80x24. ptycount types the keys and
# measures from sending a key to the last byte of the answer.
set -u
W=$1
G="$PWD/gridcase"
PTY="$PWD/build/tests/ptycount"
COMMUNITY=510304001001
run() {   # run MODE-ARGS: play $W/keys, print per-key lines
	"$PTY" -k "$W/keys" -c 80x24 -- env TERM=xterm-256color LANG=C.UTF-8 GRIDCASE_NOW="$GRIDCASE_NOW" \
		"$G" --config "$PWD/config/demo" --db "$W/g.db" --user admin "$@"
}
pct() {   # pct FILE P: the P-th percentile of the first column
	sort -n "$1" | awk -v p="$2" '{ v[NR] = $1 } END { i = int((NR - 1) * p + 0.5) + 1; print v[i] }'
}

# The script: go to a community, 20 single moves, a page, open a case,
# back, search it, then 50 moves sent at once.
{
	printf ':node %s\r\n' "$COMMUNITY"
	i=0; while [ $i -lt 20 ]; do printf 'j\n'; i=$((i + 1)); done
	printf '\033[6~\n'
	printf '\r\n'
	printf 'q\n'
	printf '/楼道\r\n'
	printf 'jjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjj\n'
} >"$W/keys"

# A first run reads the database from disk (cold); the figures are from a
# second run, as a person working through a session sees it.
run >"$W/ui.cold"
echo "UI cold start (database not yet in memory): $(sed -n 1p "$W/ui.cold" | cut -d' ' -f1) ms"
for mode in normal low; do
	if [ $mode = low ]; then run --low-bandwidth >"$W/ui.$mode"; else run >"$W/ui.$mode"; fi
	sed -n '3,22p' "$W/ui.$mode" >"$W/moves.$mode"
	START=$(sed -n 1p "$W/ui.$mode" | cut -d' ' -f1)
	FIRST=$(sed -n 1p "$W/ui.$mode" | cut -d' ' -f2)
	MOVE_B=$(cut -d' ' -f2 "$W/moves.$mode" | sort -n | sed -n 10p)
	PAGE=$(sed -n 23p "$W/ui.$mode")
	OPEN=$(sed -n 24p "$W/ui.$mode")
	BACK=$(sed -n 25p "$W/ui.$mode")
	SEARCH=$(sed -n 26p "$W/ui.$mode")
	BURST=$(sed -n 27p "$W/ui.$mode")
	echo "UI, $mode mode, 80x24, 1 community of the $W/g.db district:"
	echo "  start to first complete screen: ${START} ms, ${FIRST} bytes"
	echo "  move down: median $(pct "$W/moves.$mode" 0.5) ms, p99 $(pct "$W/moves.$mode" 0.99) ms, ${MOVE_B} bytes (median of 20)"
	echo "  page down: $(echo $PAGE | cut -d' ' -f1) ms, $(echo $PAGE | cut -d' ' -f2) bytes"
	echo "  open a case: $(echo $OPEN | cut -d' ' -f1) ms, $(echo $OPEN | cut -d' ' -f2) bytes; back: $(echo $BACK | cut -d' ' -f1) ms, $(echo $BACK | cut -d' ' -f2) bytes"
	echo "  search the community for 楼道: $(echo $SEARCH | cut -d' ' -f1) ms (last key to screen), $(echo $SEARCH | cut -d' ' -f2) bytes"
	echo "  50 moves sent at once: $(echo $BURST | cut -d' ' -f1) ms, $(echo $BURST | cut -d' ' -f2) bytes (one move: ${MOVE_B})"
done

# Writing and overseeing (issue 13): key to screen, median and p99 of
# BENCH_UI_REPS rounds (default 21), with the bytes (median), for: the
# choice picker opened on 类别, narrowed by typing 消防, a jump to a record
# by id (:ID), a page down through a long wrapped 描述 on its page, the
# statistics drill-down (Enter on the district's first street, and back).
sh "$(dirname "$0")/uiwrite.sh" "$W"
echo

# 60 seconds idle.
rm -f "$W/idle.in"
mkfifo "$W/idle.in"
( sleep 70 >"$W/idle.in" & )
"$PTY" "$W/idle.count" -- env TERM=xterm-256color LANG=C.UTF-8 "$G" --config "$PWD/config/demo" --db "$W/g.db" --user admin \
	<"$W/idle.in" >/dev/null 2>&1 &
PID=$!
sleep 5
A=$(cat "$W/idle.count")
sleep 60
B=$(cat "$W/idle.count")
kill $PID 2>/dev/null
echo "  60 s idle: $((B - A)) bytes"
