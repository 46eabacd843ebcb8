# SPDX-License-Identifier: MIT
# What reaches the terminal: stored text is neutralised however it got in;
# the low-bandwidth marker. (ASCII mode: test_ui_locale.sh.)
. "$(dirname "$0")/lib.sh"
"$BIN" --config "$CONFIG" --db "$DB" --user admin demo --cases 300 --seed 2 >/dev/null
ID=$("$BIN" --config "$CONFIG" --db "$DB" --user zhangsan new case --node 510304001001001 title=XXXXXXXXXX category=城市管理)

# Put an escape sequence into the stored title behind the program's back
# (the same length, so the record stays well-formed): ESC ] 0 ; p w n BEL ESC [ J
mdb_dump -n -s records "$DB" >"$T/rec.dump"
sed -i 's/58585858585858585858/1b5d303b70776e071b4a/' "$T/rec.dump"
mdb_load -n -s records -f "$T/rec.dump" "$DB" 2>/dev/null
"$BIN" --config "$CONFIG" --db "$DB" --user zhangsan show "$ID" --json >"$T/out"
expect_out '\u001b]0;pwn\u0007\u001bJ' "the stored title now holds control characters"

ui_start 80 24 --user zhangsan
expect_screen "<1b>]0;pwn<07><1b>J" "the list shows the control characters as placeholders"
ui_keys Tab Enter
expect_screen "#$ID  <1b>]0;pwn<07><1b>J" "the record view too"
ui_keys q q
check "! grep -q \"\$(printf '\\033]0;')\" '$T/raw'" "no OSC sequence from the data reached the terminal"
check "! grep -q \"\$(printf '\\007')\" '$T/raw'" "no BEL byte reached the terminal"
check "! grep -q \"\$(printf '\\033J')\" '$T/raw'" "no ESC J from the data reached the terminal"

# While the UI waits for a key it holds no read transaction.
ui_start 80 24 --user wangwu
sleep 1.5
mdb_stat -n -r "$DB" >"$T/out"
expect_out "(no active readers)" "no read transaction is open while the UI waits for input"
ui_keys Q   # quit at once

# Low-bandwidth mode: the selection is a one-column marker.
ui_start 80 24 --user wangwu --low-bandwidth
ui_keys Tab
ui_screen
check "grep -q '^ *|>' '$T/screen' || grep -q '|>' '$T/screen'" "a marker shows the selection"
B0=$(bytes)
ui_keys Down
MOVE=$(( $(bytes) - B0 ))
check "[ $MOVE -le 40 ]" "one move down costs at most 40 bytes in low-bandwidth mode ($MOVE)"
ui_keys Q   # quit at once

# A dropped link: the terminal goes away under a waiting UI. It must leave,
# not spin (ncurses then returns at once, forever).
ui_start 80 24 --user wangwu
UIPID=$(pgrep -f "^$BIN --config $CONFIG --db $DB --user wangwu" | head -1)
check "[ -n '$UIPID' ]" "the UI runs ($UIPID)"
pkill -9 -f "ptycount $T/bytes"   # the terminal's other end, gone without a word
i=0
while kill -0 "$UIPID" 2>/dev/null && [ $i -lt 30 ]; do sleep 0.1; i=$((i + 1)); done
check "! kill -0 '$UIPID' 2>/dev/null" "the UI leaves when its terminal goes away"
kill -9 "$UIPID" 2>/dev/null || true   # (gone already, as it should be)
