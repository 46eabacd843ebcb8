# SPDX-License-Identifier: MIT
# The UI's form saves only what the user changed, merged with what another
# process changed meanwhile; a field changed on both sides goes to the
# conflict screen (stored, yours, start) and the user keeps one per field.
# The act menu passes the version it was made from.
. "$(dirname "$0")/lib.sh"
gc --user admin init
gc --user admin import nodes "$ROOT/tests/cli/nodes.csv"
gc --user zhangsan new case --node 510304001001001 title=幸福路十二号楼道堆物 category=城市管理 location=幸福路12号 phone=13812345678
ID=$(cat "$T/out")
cli() { "$BIN" --config "$CONFIG" --db "$DB" "$@" >"$T/out" 2>"$T/err"; RC=$?; }
# entry V: the field lines of history entry version V
entry() { cli --user wangwu history "$ID"; awk -v v="v$1" '$1 == v { on = 1; next } /^v/ { on = 0 } on' "$T/out" >"$T/entry"; }

ui_start 80 24 --user wangwu
ui_keys Tab Enter
expect_screen "#$ID  幸福路十二号楼道堆物" "the record is open"
ui_keys e
expect_screen "edit #$ID (version 1)" "e opens the form at version 1"

# Different fields: the UI changes the reporter, the command line the phone.
ui_keys Down Down Down Enter
ui_text "王五反映"
ui_keys Enter
cli --user zhangsan set "$ID" phone=13900000009
expect_rc 0 "meanwhile the command line changes the phone"
ui_keys s
expect_screen "#$ID saved; the changes others made meanwhile were kept" "the form saves, saying it merged"
cli --user wangwu show "$ID" --json
expect_out '"phone":"13900000009"' "the phone changed on the command line is kept"
expect_out '"reporter":"王五反映"' "the reporter typed in the UI is saved"
expect_out '"version":3' "in one more version"
entry 3
check "grep -q 'reporter:' '$T/entry' && [ \$(grep -c : '$T/entry') = 1 ]" "the UI's save wrote the reporter alone"

# The same fields: the UI changes title, location and reporter; the command
# line changes location, reporter and phone.
ui_keys e
expect_screen "edit #$ID (version 3)" "the form opens at version 3"
ui_keys Enter C-u
ui_text "界面改的标题"
ui_keys Enter Down Enter C-u
ui_text "界面写的地点"
ui_keys Enter Enter C-u
ui_text "界面反映人"
ui_keys Enter
cli --user zhangsan set "$ID" location=命令行地点 reporter=命令行反映人 phone=13700000007
expect_rc 0 "meanwhile the command line changes location, reporter and phone"
ui_keys s
expect_screen "#$ID was changed by someone else while you edited it (version 3 -> 4)." "the conflict screen opens"
expect_screen "2 field(s) changed on both sides; nothing saved yet" "with the two fields changed on both sides"
expect_screen "地点 (location)" "the location"
expect_screen "反映人 (reporter)" "and the reporter, field by field"
expect_no_screen "标题 (title)" "the title only the UI changed is no conflict"
expect_no_screen "联系电话 (phone)" "nor the phone only the command line changed"
expect_screen "stored now (v4)      命令行地点" "the stored value"
expect_screen "yours                界面写的地点" "yours"
expect_screen "start (v3)           幸福路12号" "and the value the form started from"
expect_screen "start (v3)           王五反映" "for each field"
ui_screen
check "[ \$(wc -l <'$T/screen') -eq 24 ]" "it fits 80x24"
cli --user wangwu show "$ID" --json
expect_out '"title":"幸福路十二号楼道堆物"' "nothing is saved while the screen is open"

ui_keys v
expect_screen "stored now (v4):" "v shows the selected field's values in full"
expect_screen "界面写的地点" "yours among them"
ui_keys q
expect_screen "2 field(s) changed on both sides" "q comes back to the conflict screen"

# Keep yours for the location, the stored reporter; Enter switches and back.
ui_keys y
expect_screen "q:back  Enter:switch  y:yours  o:stored  s:save" "the hint line has the screen's keys"
ui_keys Enter Enter o
ui_keys Up
expect_screen "[take yours]" "the location is marked: yours"
expect_screen "[keep stored]" "the reporter: stored"
ui_keys s
expect_screen "#$ID saved" "s saves the picks"
cli --user wangwu show "$ID" --json
expect_out '"title":"界面改的标题"' "the title only the UI changed is saved"
expect_out '"location":"界面写的地点"' "the location: the UI's value, as picked"
expect_out '"reporter":"命令行反映人"' "the reporter: the stored value, as picked"
expect_out '"phone":"13700000007"' "the phone only the command line changed is kept"
expect_out '"version":5' "in one version"
entry 5
check "grep -q 'title:' '$T/entry' && grep -q 'location:' '$T/entry' && [ \$(grep -c : '$T/entry') = 2 ]" \
	"the save wrote the title and the location, nothing it did not change"

# q on the conflict screen goes back to the form with nothing saved.
ui_keys e Down Down Enter C-u
ui_text "又一个地点"
ui_keys Enter
cli --user zhangsan set "$ID" location=再一个地点
ui_keys s
expect_screen "stored now (v6)      再一个地点" "another conflict"
ui_keys q
expect_screen "edit #$ID (version 5)" "q returns to the form"
expect_screen "又一个地点" "with your value still in it"
ui_keys s O s
cli --user wangwu show "$ID" --json
expect_out '"location":"再一个地点"' "O keeps every stored value"
expect_out '"version":6' "and with nothing else changed nothing is written"
ui_keys q

# Acting while someone else moves the record: a conflict naming both states.
ui_keys Enter
expect_screen "#$ID  界面改的标题" "the record again"
ui_keys a
expect_screen " a  受理 (accept)" "the act menu"
cli --user zhaoliu act "$ID" accept
expect_rc 0 "meanwhile someone else accepts it"
ui_keys a Enter   # a: 受理 (accept), Enter: no comment
expect_screen "conflict: #$ID is now 受理, version 7 (it was 上报 when you chose); nothing done" "the UI's act is a conflict naming both states"
cli --user wangwu history "$ID"
check "[ \$(grep -c ' accept ' '$T/out') = 1 ]" "and the record was accepted once"
ui_keys q q q y   # back to the list, to the tree, quit? yes
sleep 0.3
expect_screen "EXITED 0" "q quits cleanly (under ASan: nothing leaked)"
