#!/bin/sh
# SPDX-License-Identifier: MIT
# link.sh - the UI over a weak link (issue 15), run by tests/bench/run.sh:
# a link of 300 ms round trip and 64 kbit/s each way, shaped on this
# machine. Two network namespaces joined by a veth pair, tbf at 64 kbit/s
# on each end (the kernel has no netem), and tests/bench/linkrelay on the
# client's side holding every byte 150 ms each way. A private sshd in the
# server's namespace; ssh, and tests/tui/ptycount as the client's terminal,
# in the client's. gridcase (normal and --low-bandwidth) beside less (on
# the community's list) and tig (on a git repository made here), with and
# without ssh -C. Figures only, nothing asserted.
#   sh tests/bench/link.sh [DIR]     (DIR/g.db: the bench's district, made if missing)
# App bytes: what reaches the client's terminal (ptycount). Wire bytes: IP
# bytes on the veth, both ways (/proc/net/dev of the client's namespace, the
# 14 bytes of Ethernet header per frame taken off).
set -u
W=${1:-/tmp/gridcase-bench}
B=${BENCH_BUILD:-build}
G=${GRIDCASE_BIN:-$PWD/gridcase}
PTY=$PWD/$B/tests/ptycount
RELAY=$PWD/$B/bench/linkrelay
CFG=$PWD/config/demo
DB=$W/g.db
L=$W/link
COMMUNITY=510304001001
IDLE=${BENCH_IDLE:-30}
. tests/bench/sshd.sh

if [ "$(id -u)" != 0 ] || ! command -v tc >/dev/null || ! command -v tig >/dev/null || [ ! -x "$RELAY" ] || [ ! -x "$PTY" ]; then
	echo "weak link: skipped (needs root for network namespaces, tc, tig, $RELAY and $PTY: make deps and make bench)"
	exit 0
fi
mkdir -p "$W"
[ -f "$DB" ] || "$G" --config "$CFG" --db "$DB" --user admin demo --cases "${BENCH_CASES:-1000000}" --seed 1 >/dev/null
rm -rf "$L"
mkdir -p "$L"
NS_S=gcbench-srv-$$ NS_C=gcbench-cli-$$ IF_S=gcs$$ IF_C=gcc$$
cleanup() {
	for ns in "$NS_C" "$NS_S"; do
		pids=$(ip netns pids "$ns" 2>/dev/null)
		[ -n "$pids" ] && kill $pids 2>/dev/null
	done
	sleep 0.3
	ip netns del "$NS_C" 2>/dev/null
	ip netns del "$NS_S" 2>/dev/null
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

# The link: server 10.203.0.1 -- veth -- 10.203.0.2 client, tbf each way.
ip netns add "$NS_S" && ip netns add "$NS_C" || exit 1
for ns in "$NS_S" "$NS_C"; do
	ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
	ip -n "$ns" link set lo up
done
ip link add "$IF_S" type veth peer name "$IF_C"
ip link set "$IF_S" netns "$NS_S"
ip link set "$IF_C" netns "$NS_C"
ip -n "$NS_S" addr add 10.203.0.1/30 dev "$IF_S"
ip -n "$NS_C" addr add 10.203.0.2/30 dev "$IF_C"
ip -n "$NS_S" link set "$IF_S" up
ip -n "$NS_C" link set "$IF_C" up
tc -n "$NS_S" qdisc add dev "$IF_S" root tbf rate 64kbit burst 1600 latency 10s   # down
tc -n "$NS_C" qdisc add dev "$IF_C" root tbf rate 64kbit burst 1600 latency 10s   # up
bench_sshd "$L/ssh" "$NS_S" 10.203.0.1 22 || { echo "weak link: the private sshd did not start"; exit 1; }
ip netns exec "$NS_C" "$RELAY" 2222 10.203.0.1 22 150 "$L/relay.count" &

# The peers' material: the community's list for less, a repository for tig.
"$G" --config "$CFG" --db "$DB" --user admin list --node $COMMUNITY --limit 3000 >"$L/list.txt"
git init -q "$L/repo"
N=$(wc -l <"$L/list.txt")
i=0
while [ $i -lt 300 ]; do   # 300 commits, each adding ten lines of the list
	awk -v i=$i -v n="$N" 'NR > (i * 10) % n && NR <= (i * 10) % n + 10' "$L/list.txt" >>"$L/repo/cases.txt"
	git -C "$L/repo" add cases.txt
	GIT_AUTHOR_DATE="2026-11-01T09:00:00+08:00" GIT_COMMITTER_DATE="2026-11-01T09:00:00+08:00" \
		git -C "$L/repo" -c user.name=网格员 -c user.email=grid@example.org commit -q -m "登记第 $((i + 1)) 批" >/dev/null
	i=$((i + 1))
done

PG='\033[6~'
# keys PROGRAM: the key file, and one label per line of ptycount's output.
keys() {
	echo start >"$L/labels"
	: >"$L/keys"
	add() { printf "$2\n" >>"$L/keys"; echo "$1" >>"$L/labels"; }
	[ "$1" = gridcase ] && add nav ":node $COMMUNITY\r"
	i=0; while [ $i -lt 10 ]; do add move 'j'; i=$((i + 1)); done
	add page "$PG"
	[ "$1" != less ] && add open '\r' && add back 'q'
	add burst "$PG\001$PG\001$PG\001$PG\001$PG\001$PG\001$PG\001$PG\001$PG\001$PG"
	add idle "\002$IDLE"
}
# run NAME PROGRAM [SSH OPTIONS]: one session through the link.
run() {
	name=$1 what=$2
	shift 2
	case $what in
	gridcase*) who=admin cmd= ;;
	less) who=peer cmd="LESSHISTFILE=- less $L/list.txt" ;;
	tig) who=peer cmd="cd $L/repo && tig" ;;
	esac
	[ "$what" = gridcase-low ] && cmd=--low-bandwidth
	keys "${what%-*}"
	ip netns exec "$NS_C" env PTYCOUNT_QUIET=700 PTYCOUNT_FIRST=5000 PTYCOUNT_ANSWER=1 PTYCOUNT_WIRE="$IF_C" \
		TERM=xterm-256color LANG=C.UTF-8 "$PTY" -k "$L/keys" -c 80x24 -- \
		sh -c '. tests/bench/sshd.sh; d=$1; who=$2; shift 2; bench_ssh "$d" "$who" "$@"' - \
		"$L/ssh" "$who" -tt -p 2222 "$@" root@127.0.0.1 -- $cmd >"$L/$name.out" 2>"$L/$name.err"
	paste -d' ' "$L/labels" "$L/$name.out" >"$L/$name.steps"
}
# median FILE LABEL COLUMN (2 ms, 3 app bytes, 4 wire down, 5 wire up)
median() { awk -v l="$2" -v c="$3" '$1 == l { print $c }' "$1" | sort -n | awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)]; else print "-" }'; }
cell() { [ "$(median "$1" "$2" 3)" = - ] && { echo "-"; return; }; echo "$(median "$1" "$2" 3) / $(median "$1" "$2" 4)"; }

# The SSH login alone, through the link.
ip netns exec "$NS_C" cat /proc/net/dev >"$L/dev.before"
ip netns exec "$NS_C" sh -c '. tests/bench/sshd.sh; bench_ssh "$1" peer -p 2222 root@127.0.0.1 true' - "$L/ssh" </dev/null
ip netns exec "$NS_C" cat /proc/net/dev >"$L/dev.after"
wire() { sed 's/:/: /' "$1" | awk -v i="$IF_C:" '$1 == i { print $2 - 14 * $3, $10 - 14 * $11 }'; }
set -- $(wire "$L/dev.before") $(wire "$L/dev.after")
LOGIN_DOWN=$(($3 - $1)) LOGIN_UP=$(($4 - $2))

echo "weak link: 300 ms round trip (linkrelay, 150 ms each way), 64 kbit/s each way (tbf), ssh $(ssh -V 2>&1 | cut -d, -f1), 80x24"
echo "  SSH login alone (ssh host true): $LOGIN_DOWN B down, $LOGIN_UP B up on the wire"
printf '%-22s %-4s %-14s %-12s %-12s %-12s %-9s %-16s %-9s\n' program -C "first paint" move page "open" "key->set" "10 PgDn settle" "idle ${IDLE}s"
printf '%-22s %-4s %-14s %-12s %-12s %-12s %-9s %-16s %-9s\n' "" "" "app/wire B" "app/wire B" "app/wire B" "app/wire B" "median" "ms (app/wire B)" "app/wire"
row() {   # row LABEL -C? STEPS
	printf '%-22s %-4s %-14s %-12s %-12s %-12s %-9s %-16s %-9s\n' "$1" "$2" "$(cell "$3" start)" "$(cell "$3" move)" \
		"$(cell "$3" page)" "$(cell "$3" open)" "$(median "$3" move 2)" \
		"$(median "$3" burst 2) ($(cell "$3" burst))" "$(cell "$3" idle)"
}
for prog in ${BENCH_LINK_PROGS:-gridcase gridcase-low less tig}; do
	label=$prog
	[ $prog = gridcase-low ] && label="gridcase --low-bandwidth"
	for c in ${BENCH_LINK_C:-no yes}; do
		if [ $c = yes ]; then run "$prog-C" "$prog" -C; row "$label" yes "$L/$prog-C.steps"
		else run "$prog" "$prog"; row "$label" no "$L/$prog.steps"; fi
	done
done
# What a keep-alive costs an idle session (docs/deploy.md, "For the field").
run keepalive gridcase -o ServerAliveInterval=10
row "gridcase, keep-alive 10s" no "$L/keepalive.steps"
DROPS=$(for ns in "$NS_S" "$NS_C"; do tc -s -n "$ns" qdisc show; done | awk '/dropped/ { gsub(",", "", $7); d += $7 } END { print d + 0 }')
echo "  (packets the link dropped (tbf, a queue of 10 s): $DROPS; first paint: wire bytes include the SSH login; move: median of 10; key->set: key to the last byte of the answer;"
echo "   10 PgDn 50 ms apart, settle: last key to the last byte; the relay's own count, ssh stream bytes: $(cat "$L/relay.count") down/up)"
