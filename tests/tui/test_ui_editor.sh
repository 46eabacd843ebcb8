# SPDX-License-Identifier: MIT
# The long-text editor soft-wraps by display width, and its moves stay on
# the rows the user sees: 2,000 Chinese characters typed through the real
# terminal, then edited in the middle (Down to a row, Home, Right, typing,
# Delete, End and Backspace), come out exactly.
. "$(dirname "$0")/lib.sh"
"$BIN" --config "$CONFIG" --db "$DB" --user admin demo --cases 0 >/dev/null
# 2,000 different-looking CJK ideographs (two columns each), in a file.
python3 -c 'import sys; sys.stdout.write("".join(chr(0x4e00 + (i * 7) % 500) for i in range(2000)))' >"$T/text"
check "[ \$(python3 -c 'import sys; print(len(open(sys.argv[1]).read()))' '$T/text') = 2000 ]" "the text has 2,000 characters"

ui_start 80 24 --user zhangsan
ui_keys : ; ui_text "node 510304001001001"; ui_keys Enter
ui_keys c 1 Enter
ui_text "长描述测试"
ui_keys Enter Enter
ui_text "暴露"
ui_keys Enter Down Down Down
expect_screen "描述" "the form's 描述 selected"
ui_keys Enter
expect_screen "描述  (F2 or ^D keeps, Esc cancels)" "Enter opens the editor"
for at in 0 250 500 750 1000 1250 1500 1750; do   # typed in pieces of 250, as a paste comes (ui_settle owns $i)
	ui_text "$(python3 -c 'import sys; t = open(sys.argv[1]).read(); sys.stdout.write(t[int(sys.argv[2]):int(sys.argv[2]) + 250])' "$T/text" $at)"
done
expect_screen "2000 characters" "all 2,000 typed"
ui_keys PPage PPage PPage Home
ui_screen
row() { sed -n "$1p" "$T/screen" | sed 's/ *$//'; }
want() { python3 -c 'import sys; t = open(sys.argv[1]).read(); print(t[int(sys.argv[2]):int(sys.argv[3])])' "$T/text" "$1" "$2"; }
check "[ \"\$(row 2)\" = \"$(want 0 39)\" ]" "the first row holds 39 characters: 78 columns of 79, none cut in half"
check "[ \"\$(row 3)\" = \"$(want 39 78)\" ]" "the line goes on on the next row (soft wrap)"
check "[ \$(LC_ALL=C.UTF-8 wc -L <'$T/screen') -le 80 ]" "no row is wider than the screen"
# Down ten rows, Home, five characters right: the character shown there.
ui_keys Down Down Down Down Down Down Down Down Down Down Home Right Right Right Right Right
ui_text "插入"
ui_keys DC DC
ui_screen
python3 -c 'import sys; t = open(sys.argv[1]).read(); print(t[390:395] + "插入" + t[397:429])' "$T/text" >"$T/row11"
check "[ \"\$(row 12)\" = \"\$(cat '$T/row11')\" ]" "typed on row 11 after its fifth character, Delete took the two after it"
ui_keys End BSpace
ui_keys F2
ui_keys s
expect_screen "created" "the form saved the case"
ID=$("$BIN" --config "$CONFIG" --db "$DB" --user zhangsan list --format csv | awk -F, '/长描述测试/ { print $1 }')
"$BIN" --config "$CONFIG" --db "$DB" --user zhangsan show "$ID" --json >"$T/out"
python3 - "$T/text" "$T/out" <<'PY' >"$T/result"
import json, sys
t = open(sys.argv[1]).read()
r = t[:395] + "插入" + t[397:]
r = r[:428] + r[429:]          # End on that row, then Backspace: its last character
got = json.loads(open(sys.argv[2]).read())["detail"]
print("same" if got == r else "differs at %d (%d vs %d characters)" % (next((i for i, (a, b) in enumerate(zip(got, r)) if a != b), min(len(got), len(r))), len(got), len(r)))
PY
check "[ \"\$(cat '$T/result')\" = same ]" "the saved 描述 is exactly the text as edited ($(cat "$T/result"))"
ui_keys Q
