#!/bin/sh
# SPDX-License-Identifier: MIT
# users.sh - many users on one server (issue 15), run by tests/bench/run.sh:
# BENCH_USERS (default 100) UI sessions over SSH on loopback, idle: the CPU
# they use together over BENCH_IDLE seconds (default 30) and each one's
# resident memory; then BENCH_TYPISTS (default 20) more sessions typing at
# once beside them: key -> screen latency, median and p99. Figures only.
# A private sshd in a network namespace of its own (nothing else listens
# there); each session is ssh -tt under tests/tui/ptycount (its terminal),
# the demo's logins in turn.
#   sh tests/bench/users.sh [DIR]     (DIR/g.db: the bench's district, made if missing)
set -u
W=${1:-/tmp/gridcase-bench}
B=${BENCH_BUILD:-build}
G=${GRIDCASE_BIN:-$PWD/gridcase}
PTY=$PWD/$B/tests/ptycount
CFG=$PWD/config/demo
DB=$W/g.db
U=$W/users
USERS=${BENCH_USERS:-100}
TYPISTS=${BENCH_TYPISTS:-20}
IDLE=${BENCH_IDLE:-30}
COMMUNITY=510304001001
BENCH_LOGINS="admin zhangsan lisi wangwu zhaoliu sunqi"
. tests/bench/sshd.sh

if [ "$(id -u)" != 0 ] || [ ! -x "$PTY" ]; then
	echo "many users: skipped (needs root for a network namespace, and $PTY: make bench)"
	exit 0
fi
mkdir -p "$W"
[ -f "$DB" ] || "$G" --config "$CFG" --db "$DB" --user admin demo --cases "${BENCH_CASES:-1000000}" --seed 1 >/dev/null
rm -rf "$U"
mkdir -p "$U"
NS=gcbench-users-$$
cleanup() {
	pids=$(ip netns pids "$NS" 2>/dev/null)
	[ -n "$pids" ] && kill $pids 2>/dev/null
	[ -s "$U/idle.pid" ] && kill "$(cat "$U/idle.pid")" 2>/dev/null
	sleep 0.3
	ip netns del "$NS" 2>/dev/null
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP
ip netns add "$NS" || exit 1
ip -n "$NS" link set lo up
bench_sshd "$U/ssh" "$NS" 127.0.0.1 22 || { echo "many users: the private sshd did not start"; exit 1; }

# login N: the demo's logins in turn.
login() { echo "$BENCH_LOGINS" | tr ' ' '\n' | sed -n "$(($1 % 6 + 1))p"; }
session() {   # session N: an idle UI, its terminal's stdin a FIFO nobody writes to
	ip netns exec "$NS" env TERM=xterm-256color LANG=C.UTF-8 "$PTY" "$U/bytes.$1" -- \
		ssh -F /dev/null -i "$U/ssh/$(login "$1")" -o BatchMode=yes -o IdentitiesOnly=yes \
		-o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR \
		-o SendEnv=LANG -tt root@127.0.0.1 <"$U/idle.in" >/dev/null 2>"$U/err.$1" &
}
# The UI processes (gridcase in SSH mode) of the namespace.
uis() {
	for p in $(ip netns pids "$NS"); do
		[ "$(cat /proc/$p/comm 2>/dev/null)" = gridcase ] && echo "$p"
	done
}
# cpu PIDS...: the CPU time they have used so far, in microseconds, summed
# (/proc/PID/schedstat: nanoseconds on a processor, finer than the ticks of stat).
cpu() {
	for p in "$@"; do cat "/proc/$p/schedstat" 2>/dev/null; done | awk '{ t += $1 } END { printf "%d\n", t / 1000 }'
}
pct() {   # pct FILE P: the P-th percentile of the first column
	sort -n "$1" | awk -v p="$2" '{ v[NR] = $1 } END { if (!NR) { print "-"; exit } i = int((NR - 1) * p + 0.5) + 1; print v[i] }'
}

mkfifo "$U/idle.in"
( sleep 100000 >"$U/idle.in" & echo $! >"$U/idle.pid" )
i=0
while [ $i -lt "$USERS" ]; do
	session $i
	sleep 0.1   # as people arrive, not 100 key exchanges in one instant
	i=$((i + 1))
done
# Wait until every session has painted its first screen (at most 120 s).
t=0
while [ $t -lt 240 ]; do
	painted=0
	for f in "$U"/bytes.*; do [ "$(cat "$f" 2>/dev/null || echo 0)" -gt 500 ] && painted=$((painted + 1)); done
	[ "$painted" -ge "$USERS" ] && break
	sleep 0.5
	t=$((t + 1))
done
sleep 5
PIDS=$(uis)
N=$(echo $PIDS | wc -w)
SSHD=$(for p in $(ip netns pids "$NS"); do [ "$(cat /proc/$p/comm 2>/dev/null)" = sshd ] && echo "$p"; done)
B0=$(cat "$U"/bytes.* | awk '{ t += $1 } END { print t }')
T0=$(cpu $PIDS) S0=$(cpu $SSHD)
sleep "$IDLE"
T1=$(cpu $PIDS) S1=$(cpu $SSHD)
B1=$(cat "$U"/bytes.* | awk '{ t += $1 } END { print t }')
for p in $PIDS; do awk '/^VmRSS:/ { print $2 }' "/proc/$p/status"; done >"$U/rss"
for p in $PIDS; do awk '/^Pss:/ { print $2 }' "/proc/$p/smaps_rollup"; done >"$U/pss"
for p in $PIDS; do awk '/^Private_(Clean|Dirty):/ { t += $2 } END { print t }' "/proc/$p/smaps_rollup"; done >"$U/private"
echo "many users: $N of $USERS idle UI sessions over SSH painted and running ($painted painted), $(nproc) cores, $(basename "$DB") of the bench"
echo "  CPU of the $N gridcase processes over ${IDLE} s idle: $(((T1 - T0) / 1000)) ms together = $(echo "scale=3; ($T1 - $T0) / 10000 / $IDLE" | bc) % of one core ($(((T1 - T0) / N / IDLE)) us a second each); their $(echo $SSHD | wc -w) sshd processes: $(((S1 - S0) / 1000)) ms"
echo "  bytes to the $N terminals meanwhile: $((B1 - B0))"
echo "  resident memory per session (gridcase): median $(pct "$U/rss" 0.5) KiB, max $(pct "$U/rss" 1) KiB (RSS); proportional share: median $(pct "$U/pss" 0.5) KiB, max $(pct "$U/pss" 1) KiB (PSS); its own pages: median $(pct "$U/private" 0.5) KiB, max $(pct "$U/private" 1) KiB"
echo "  (RSS counts the database pages a session has read, which every process maps from the one page cache; PSS shares them out)"

# Typists: TYPISTS more sessions at once, each going to the community and
# moving through its list key by key (ptycount waits for each answer).
{
	printf ':node %s\r\n' "$COMMUNITY"
	i=0; while [ $i -lt 40 ]; do printf 'j\n'; i=$((i + 1)); done
	printf '\033[6~\n\033[6~\n\033[5~\n'
	i=0; while [ $i -lt 10 ]; do printf 'k\n'; i=$((i + 1)); done
	printf '\r\nq\n'
} >"$U/keys"
i=0
while [ $i -lt "$TYPISTS" ]; do
	who=admin
	[ $((i % 2)) = 1 ] && who=wangwu
	ip netns exec "$NS" env TERM=xterm-256color LANG=C.UTF-8 "$PTY" -k "$U/keys" -c 80x24 -- \
		ssh -F /dev/null -i "$U/ssh/$who" -o BatchMode=yes -o IdentitiesOnly=yes \
		-o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR \
		-o SendEnv=LANG -tt root@127.0.0.1 >"$U/typist.$i" 2>"$U/typist-err.$i" &
	i=$((i + 1))
done
wait_typists() {
	t=0
	while [ $t -lt 600 ]; do
		done_=0
		for f in "$U"/typist.[0-9]*; do [ "$(wc -l <"$f")" -ge 57 ] && done_=$((done_ + 1)); done
		[ "$done_" -ge "$TYPISTS" ] && return
		sleep 0.5
		t=$((t + 1))
	done
}
wait_typists
for f in "$U"/typist.[0-9]*; do sed -n '3,$p' "$f"; done | cut -d' ' -f1 >"$U/lat"
echo "  $TYPISTS sessions typing at once beside them ($(wc -l <"$U/lat") keys: moves, pages, open, back): key -> screen median $(pct "$U/lat" 0.5) ms, p99 $(pct "$U/lat" 0.99) ms, max $(pct "$U/lat" 1) ms"
