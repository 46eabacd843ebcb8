# SPDX-License-Identifier: MIT
# The terminal's own keys: the UI runs in raw mode, so ^\ (SIGQUIT) does not
# kill it, ^Z does not stop it, ^S (XOFF) does not freeze the screen, and ^C
# is a key that does what q does in the view (back, or quit from the browser).
. "$(dirname "$0")/lib.sh"
"$BIN" --config "$CONFIG" --db "$DB" --user admin demo --cases 50 --seed 3 >/dev/null

alive() { kill -0 "$UIPID" 2>/dev/null; }
ui_start 100 60 --user wangwu   # tall: the help's tree group on one screen
UIPID=$(pgrep -f "^$BIN --config $CONFIG --db $DB --user wangwu" | head -1)
check "[ -n '$UIPID' ]" "the UI runs ($UIPID)"

ui_keys 'C-\'
check "alive" "^\\ does not kill the UI (no SIGQUIT)"
expect_screen "do nothing here; Q quits" "^\\ is answered with a word on the hint line"

ui_keys C-z
check "alive && ! grep -q '^State:.*T' /proc/$UIPID/status" "^Z does not stop the UI"
expect_screen "do nothing here; Q quits" "^Z is answered too"

ui_keys C-s
ui_keys '?'
expect_screen "gridcase keys" "after ^S the screen still answers: ? shows the help"
expect_screen "^\\, ^Z, ^S, ^Q" "the help lists the terminal's keys"
expect_screen "q, ^C          quit" "the help lists ^C beside q"
ui_keys C-c
expect_no_screen "gridcase keys" "^C in the help goes back, as q does"
check "alive" "and the UI still runs"

ui_keys /
ui_keys C-c
expect_screen "q:quit" "^C in a prompt cancels it, as Esc does"
check "alive" "the UI runs after ^C in a prompt"

# A form with a change: ^C asks, as q does; ^C at the question keeps the form.
ui_keys : ; ui_text "node 510304001001002"; ui_keys Enter
ui_keys c 1
expect_screen "new 事件 at 510304001001002" "c opens a form"
ui_keys Enter; ui_text "楼道堆物"; ui_keys Enter
ui_keys C-c
expect_screen "drop your changes? (y/n)" "^C in a changed form asks before dropping it"
ui_keys C-c
expect_screen "楼道堆物" "^C at the question keeps the form"
ui_keys C-c; ui_text y
expect_no_screen "楼道堆物" "^C and y drop the form"
check "alive" "the UI runs after the form"

ui_keys C-c
expect_screen "q:quit" "^C in the list goes back to the tree, as q does"
check "alive" "without quitting"
ui_keys C-c
expect_screen "quit? (y/n)" "^C in the tree asks, as q does"
ui_keys y
i=0
while alive && [ $i -lt 30 ]; do sleep 0.1; i=$((i + 1)); done
expect_screen "EXITED 130" "^C in the browser quits as q does, with the status of an interrupt (130)"
