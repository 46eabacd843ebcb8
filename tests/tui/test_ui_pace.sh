# SPDX-License-Identifier: MIT
# Keys coalesce on a slow link (src/tui/pace.c): ten pages typed 50 ms
# apart through a terminal whose output crawls at 2,000 bytes a second (a
# bad mobile link; ptycount's PTYCOUNT_RATE) are not all drawn: the UI
# waits for the terminal's answer to a status request before the next
# frame, and the screen it settles on is the one ten pages down. On a fast
# terminal the same keys draw (nearly) every page. strace counts frames.
. "$(dirname "$0")/lib.sh"
"$BIN" --config "$CONFIG" --db "$DB" --user admin demo --cases 3000 --seed 2 >/dev/null
frames() { grep '^[0-9]* *write(1,' "$T/st" | grep -vc '"\\33\[5n", 4)'; }
asks() { grep -c '"\\33\[5n", 4)' "$T/st"; }

# ten_pages RATE: start the UI (RATE bytes/s, or "" for a fast terminal),
# go to the list, type ten PgDn 50 ms apart, leave the frame count in F,
# the status requests in A and the settled screen in $T/screen.RATE.
ten_pages() {
	if [ -n "$1" ]; then export PTYCOUNT_RATE=$1; else unset PTYCOUNT_RATE; fi
	term_start 80 24 "strace -qq -f -e trace=write -e signal=none -o $T/st $BIN --config $CONFIG --db $DB --user admin"
	ui_wait "q:quit"
	ui_keys Tab
	sleep 1
	TM capture-pane -t ui -p >"$T/before"
	f0=$(frames) a0=$(asks)
	i=0
	while [ $i -lt 10 ]; do TM send-keys -t ui NPage; sleep 0.05; i=$((i + 1)); done
	sleep 1; ui_settle; sleep 1; ui_settle
	F=$(($(frames) - f0)) A=$(($(asks) - a0))
	TM capture-pane -t ui -p >"$T/screen.${1:-fast}"
	TM send-keys -t ui Q
	unset PTYCOUNT_RATE
}

ten_pages 2000
SLOW_F=$F SLOW_A=$A
echo "# slow terminal: $SLOW_F frames, $SLOW_A status requests for 10 pages"
ten_pages ""
echo "# fast terminal: $F frames, $A status requests for 10 pages"
check "[ $SLOW_F -lt 10 ]" "over a slow link the ten pages take fewer than ten frames ($SLOW_F)"
check "[ $SLOW_A -ge 1 ]" "the UI asked the terminal whether the frames arrived ($SLOW_A)"
check "[ $F -gt $SLOW_F ]" "a fast terminal sees more of the pages ($F frames)"
check "cmp -s '$T/screen.2000' '$T/screen.fast'" "both settle on the same screen, ten pages down"
check "! cmp -s '$T/screen.fast' '$T/before'" "the pages moved the list"
