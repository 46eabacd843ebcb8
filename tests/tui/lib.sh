# SPDX-License-Identifier: MIT
# lib.sh - drive the real UI in a real terminal: tmux gives the screen,
# ptycount (between tmux and gridcase) counts the bytes gridcase writes.
. "$(dirname "$0")/../cli/lib.sh"
PTYCOUNT=${GRIDCASE_PTYCOUNT:-$ROOT/build/tests/ptycount}
STARTS=0
SOCK="gridcase-test-$$-0"
TM() { tmux -L "$SOCK" "$@"; }
trap 'TM kill-server 2>/dev/null; rm -rf "$T"' EXIT

# term_start COLS ROWS COMMAND: run COMMAND (a shell string) in a fresh
# terminal, its output counted by ptycount. Its locale is LANG=$UI_LANG
# (C.UTF-8 by default), or $UI_ENV as env(1) arguments (-u LANG ...).
term_start() {
	cols=$1 rows=$2
	TM kill-server 2>/dev/null
	STARTS=$((STARTS + 1))
	SOCK="gridcase-test-$$-$STARTS"   # a fresh tmux server for every start
	TM -f /dev/null new-session -d -s ui -x "$cols" -y "$rows" \
		"env ${UI_ENV:-LANG=${UI_LANG:-C.UTF-8}} TERM=xterm-256color GRIDCASE_NOW=$GRIDCASE_NOW ASAN_OPTIONS=$ASAN_OPTIONS $PTYCOUNT $T/bytes $T/raw -- $3; echo EXITED \$? ; sleep 30"
	ui_settle
	TM has-session -t ui 2>/dev/null || echo "not ok - the terminal for the UI started"
}

# ui_start COLS ROWS ARGS...: start gridcase (the UI) in a fresh terminal.
ui_start() {
	cols=$1 rows=$2
	shift 2
	term_start "$cols" "$rows" "$BIN --config $CONFIG --db $DB $*"
}

bytes() { cat "$T/bytes" 2>/dev/null || echo 0; }

# Wait until the program has written nothing for 0.3 s (at most 5 s).
ui_settle() {
	last=-1 same=0 i=0
	while [ $i -lt 50 ]; do
		now=$(bytes)
		if [ "$now" = "$last" ]; then
			same=$((same + 1))
			[ $same -ge 3 ] && break
		else
			same=0
		fi
		last=$now
		sleep 0.1
		i=$((i + 1))
	done
}

# ui_wait TEXT: wait until TEXT is on the screen (at most 15 s): a UI at
# the far end of an SSH connection starts later than its terminal.
ui_wait() {
	i=0
	while [ $i -lt 150 ]; do
		TM capture-pane -t ui -p 2>/dev/null | grep -qF -- "$1" && break
		sleep 0.1
		i=$((i + 1))
	done
	ui_settle
}

# ui_keys KEYS...: type (tmux send-keys syntax), then wait for the screen.
ui_keys() { TM send-keys -t ui "$@"; ui_settle; }
ui_text() { TM send-keys -t ui -l "$1"; ui_settle; }
ui_screen() { TM capture-pane -t ui -p >"$T/screen"; }
expect_screen() { ui_screen; if grep -qF -- "$1" "$T/screen"; then ok "$2"; else echo "not ok - $2 (no '$1' on screen)"; sed 's/^/#   |/' "$T/screen"; fi; }
expect_no_screen() { ui_screen; if grep -qF -- "$1" "$T/screen"; then echo "not ok - $2 ('$1' on screen)"; sed 's/^/#   |/' "$T/screen"; else ok "$2"; fi; }
