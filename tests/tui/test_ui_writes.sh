# SPDX-License-Identifier: MIT
# One write per frame: each frame (the first paint, a move, a page, a record
# opened, a pane switched) reaches the terminal in one write(2), so over SSH
# it leaves as one packet train instead of dozens of small segments, each
# with its own headers. strace counts the UI's writes to the terminal.
# ncurses flushes when its buffer of (rows + 2) x (cols + 6) bytes fills, so
# a frame bigger than that may take one write more per buffer.
. "$(dirname "$0")/lib.sh"
"$BIN" --config "$CONFIG" --db "$DB" --user admin demo --cases 500 --seed 2 >/dev/null
if ! command -v strace >/dev/null 2>&1; then
	echo "not ok - strace is installed (make deps installs it)"
	exit 1
fi
writes() { grep -c '^[0-9]* *write(1,' "$T/st" 2>/dev/null || echo 0; }
LIMIT=$(((24 + 2) * (80 + 6)))

# LeakSanitizer cannot run under ptrace, so an ASan build traced here checks
# no leaks at exit; every other UI test still does.
NO_LEAKS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
term_start 80 24 "env ASAN_OPTIONS=$NO_LEAKS strace -qq -f -e trace=write -e signal=none -o $T/st $BIN --config $CONFIG --db $DB --user wangwu"
ui_wait "q:quit"
first=$(writes)
echo "# start and first paint: $first writes, $(bytes) bytes"
# initscr's set-up strings, the pass through endwin (tui.c says why), the
# frame, then the one status request that asks whether the terminal
# answers (pace.c) and the keypad string define_key sends.
check "[ $first -le 10 ]" "the first screen arrives in a few writes ($first; 51 before)"
check "grep 'write(1,' '$T/st' | grep -q '= [0-9][0-9][0-9][0-9]*\$'" "the first paint is one write of the whole screen"

# frame KEYS DESC: the frame that answers KEYS is one write per buffer.
frame() {
	keys=$1 desc=$2
	w0=$(writes) b0=$(bytes)
	TM send-keys -t ui $keys
	ui_settle
	w=$(($(writes) - w0)) b=$(($(bytes) - b0))
	most=$((1 + b / LIMIT))
	echo "# $desc: $w writes, $b bytes"
	check "[ $w -ge 1 ] && [ $w -le $most ]" "$desc: one write per frame ($w writes, $b bytes)"
}
frame Tab "switch to the list"
frame j "a move down"
frame j "another move"
frame NPage "a page down"
frame Enter "open a record"
frame q "back to the list"
frame / "open the search"
check "[ \"\$(TM display -p -t ui '#{cursor_flag}')\" = 1 ]" "the cursor shows in the search"
frame Escape "close the search"
check "[ \"\$(TM display -p -t ui '#{cursor_flag}')\" = 0 ]" "the cursor hides again in the list"
TM send-keys -t ui Q
ui_settle
ui_wait EXITED
expect_screen "EXITED 0" "Q leaves cleanly"
