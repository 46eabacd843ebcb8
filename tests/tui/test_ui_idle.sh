# SPDX-License-Identifier: MIT
# No CPU while waiting: the UI process's own CPU time (utime + stime from
# /proc) over 5 seconds with each kind of prompt open: the command line, the
# search, a form's field and the long-text editor. A spin uses the whole
# 5 s; waiting uses nothing. (The 0.5 s bound is generous for a machine
# under load; a spin is ten times that.)
. "$(dirname "$0")/lib.sh"
"$BIN" --config "$CONFIG" --db "$DB" --user admin demo --cases 500 --seed 2 >/dev/null
TICKS=$(getconf CLK_TCK)

ui_pid() { pgrep -n -f -- "$BIN --config $CONFIG --db $DB" ; }
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }

# idle_for DESC: the UI's CPU over 5 s, in ticks, must stay under 0.5 s.
idle_for() {
	pid=$(ui_pid)
	if [ -z "$pid" ]; then
		echo "not ok - $1 (no UI process)"
		return
	fi
	a=$(cpu_ticks "$pid")
	sleep 5
	b=$(cpu_ticks "$pid")
	used=$((b - a))
	echo "# $1: $used ticks of $TICKS a second in 5 s"
	check "[ $used -lt $((TICKS / 2)) ]" "$1: no CPU while waiting (used $used ticks in 5 s)"
}

# wakes_for DESC: how often the idle UI woke in 5 s (context switches it
# made itself, from /proc). Polling the change feed every second wakes it
# five times or more; sleeping until a commit or the next minute, at most
# once (a minute that turns meanwhile).
wakes() { awk '/^voluntary_ctxt_switches/ { print $2 }' "/proc/$1/status"; }
wakes_for() {
	pid=$(ui_pid)
	a=$(wakes "$pid")
	sleep 5
	b=$(wakes "$pid")
	echo "# $1: woke $((b - a)) times in 5 s"
	check "[ $((b - a)) -le 1 ]" "$1: asleep until something happens (woke $((b - a)) times in 5 s)"
}

ui_start 80 24 --user wangwu
ui_wait "q:quit"
idle_for "the browser, idle"
wakes_for "the browser, idle"
"$BIN" --config "$CONFIG" --db "$DB" --user wangwu new case --node 510304001001002 title=另一处的新事件 category=城市管理 >/dev/null
sleep 0.5
expect_screen "另一处的新事件" "a record another process made shows at once, no key pressed"
ui_keys :
idle_for "the command line (:) open"
ui_keys Escape
ui_keys /
idle_for "the search (/) open"
ui_keys Escape
ui_keys : ; ui_text "node 510304001001002"; ui_keys Enter
ui_keys c 1
expect_screen "new " "c opens a form"
ui_keys Enter
idle_for "a form's field being typed"
ui_keys Escape
ui_keys Down Down Down Down Down Enter
expect_screen "(F2 or ^D keeps, Esc cancels)" "the long-text editor is open"
idle_for "the long-text editor open"
ui_keys Escape
ui_keys q q
ui_keys q y   # the tree asks before quitting
ui_wait "EXITED"
expect_screen "EXITED 0" "the UI leaves cleanly"
