# SPDX-License-Identifier: MIT
# The terminal UI, driven with keys in a real pseudo-terminal.
. "$(dirname "$0")/lib.sh"
"$BIN" --config "$CONFIG" --db "$DB" --user admin demo --cases 2000 --seed 5 >/dev/null

ui_start 80 24 --user wangwu
expect_screen "大安区网格化治理  [wangwu 社区工作人员]" "title line with the user and role"
expect_screen "东华社区" "the tree shows the community"
expect_screen "q:quit  Enter:open  c:new  Tab:pane  /:search" "hint line from the key table"
ui_screen
check "[ \$(wc -l <'$T/screen') -eq 24 ]" "the screen is 24 rows"

# Navigate: open the community, move in the list, open a record, come back.
ui_keys Down Enter
expect_screen "510304001001001 第一网格" "Enter lists the selected grid"
ui_keys Up Enter Down
ID=$(TM capture-pane -t ui -p | sed -n '3,24p' | grep -o '^ *> *[0-9]*\|^   *[0-9]*' | head -1 | tr -dc 0-9)
ui_keys Enter
expect_screen "history" "Enter opens the record with its history"
expect_screen "v1 " "the history timeline is shown"
ui_keys q
expect_screen "东华社区  " "q goes back to the list"
ui_keys '?'
expect_screen "Tree (left pane)" "? opens the help made from the key table"
ui_keys PageDown PageDown
expect_screen "act on every tagged record" "help lists the tagging keys"
ui_keys q

# Idle: nothing is written while nothing changes.
B0=$(bytes)
sleep 3
check "[ $(bytes) = $B0 ]" "an idle screen writes 0 bytes in 3 s"

# One move down in the list costs little.
ui_keys Tab
B0=$(bytes)
ui_keys Down
check "[ \$(( \$(bytes) - $B0 )) -le 300 ]" "one move down writes at most 300 bytes ($(( $(bytes) - B0 )))"

# Search a Chinese substring in the subtree.
for title in 幸福路暴露垃圾甲 光明路暴露垃圾乙; do
	"$BIN" --config "$CONFIG" --db "$DB" --user zhangsan new case --node 510304001001001 title=$title category=城市管理 >/dev/null
done
sleep 2.5
ui_keys /
ui_text "暴露"
ui_keys Enter
expect_screen "/暴露" "the list header shows the search"
ui_screen
check "[ \$(grep -c '暴露' '$T/screen') -ge 2 ]" "matching records are listed"
ui_keys : 
ui_text "filter 类别=消防应急"
ui_keys Enter
expect_screen "[category=消防" "a filter on a field by its label"
ui_keys : 
ui_text "filter all"
ui_keys Enter

# Take a transition on a new reported case from the record view.
NEW=$("$BIN" --config "$CONFIG" --db "$DB" --user zhangsan new case --node 510304001001001 title=界面测试井盖 category=城市管理)
sleep 2.5   # the change feed brings it in without a key
ui_screen
expect_screen "界面测试井盖" "a case made by another process appears without a key press"
ui_keys g Enter
expect_screen "界面测试井盖" "the new case opens"
ui_keys a
expect_screen " a  受理 (accept)" "a offers only this user's transitions: 受理 by its letter"
expect_screen " r  退回 (return), with a comment" "and 退回"
ui_keys a Enter   # a: 受理 (accept), Enter: no comment
"$BIN" --config "$CONFIG" --db "$DB" --user wangwu show "$NEW" >"$T/out"
expect_out "state:     受理 (accepted)" "the transition was taken"
ui_keys q

# Tag three records and act on all of them at once.
for i in 1 2 3; do "$BIN" --config "$CONFIG" --db "$DB" --user zhangsan new case --node 510304001001001 title=批量$i category=城市管理 >/dev/null; done
ui_keys : ; ui_text "node 510304001001001"; ui_keys Enter
ui_keys g t t t
expect_screen "tagged 3" "three records tagged"
ui_keys '\;'
ui_keys a Enter y   # a: 受理, no comment; one key answers, no Enter
expect_screen "3 done, 0 refused" "one transition applied to all three, result per record"
ui_keys q

# Create a case through the form, with Chinese typed as UTF-8.
ui_keys : ; ui_text "node 510304001001002"; ui_keys Enter
ui_keys c 1   # 1: 事件 of the forms a grid has
expect_screen "new 事件 at 510304001001002 第二网格" "c opens an empty form at the selected grid"
ui_keys s
expect_screen "field 'title' (标题) is required" "saving an empty form names the required field"
ui_keys Enter
ui_text "幸福路十二号楼道堆物，请尽快清理"
ui_keys Enter
expect_screen "幸福路十二号楼道堆物" "the title typed in Chinese is in the form"
ui_keys Enter
ui_text "天气"
expect_screen "nothing matches what you typed" "the picker: no choice holds 天气"
ui_keys Enter
expect_screen "类别: 天气" "Enter on nothing picks nothing"
ui_keys C-u
ui_text "暴露垃圾"
ui_keys Enter
expect_screen "城市管理/暴露垃圾" "what is typed narrows the picker; Enter picks"
ui_keys Down Down Enter
ui_text "12345"
ui_keys Enter
expect_screen "联系电话: '12345' is not right here: 11位手机号码" "the phone is checked at the field, the message the configuration's hint"
expect_no_screen "[0-9]{9}" "never the regular expression"
expect_screen "联系电话 (11位手机号码): 12345" "the refused value is kept to be edited"
ui_keys Escape   # left empty
ui_keys Down Enter
expect_screen "描述  (F2 or ^D keeps, Esc cancels)" "long text opens the built-in editor"
ui_text "楼道里堆满纸箱"
ui_keys Enter
ui_text "已通知物业"
ui_keys BSpace BSpace
ui_text "物业"
ui_keys F2
ui_keys s
expect_screen "created" "the form saves a new case"
NEWID=$(TM capture-pane -t ui -p | sed -n 's/^#\([0-9]*\)  幸福路十二号.*/\1/p' | head -1)
"$BIN" --config "$CONFIG" --db "$DB" --user wangwu show "$NEWID" >"$T/out"; RC=$?
expect_out "幸福路十二号楼道堆物，请尽快清理" "the case is stored with its Chinese title"
expect_out "类别: 城市管理/暴露垃圾" "and its category"
"$BIN" --config "$CONFIG" --db "$DB" --user wangwu show "$NEWID" --json >"$T/out"
expect_out '"detail":"楼道里堆满纸箱\n已通知物业"' "the long text keeps its lines; Backspace removed whole characters"

# Edit while another process changes the same field: nothing is overwritten
# (tests/tui/test_ui_merge.sh has the field merge in full).
ui_keys e
expect_screen "edit #$NEWID (version 1)" "e opens the record in a form"
ui_keys Down Down Enter
ui_text "界面里写的地点"
ui_keys Enter
"$BIN" --config "$CONFIG" --db "$DB" --user lisi set "$NEWID" location=另一个进程写的 >/dev/null
ui_keys s
expect_screen "was changed by someone else while you edited it (version 1 -> 2)" "the conflict is shown"
expect_screen "另一个进程写的" "the stored value is shown"
expect_screen "界面里写的地点" "the typed value is shown beside it"
"$BIN" --config "$CONFIG" --db "$DB" --user wangwu show "$NEWID" >"$T/out"
expect_out "地点: 另一个进程写的" "the other process's change was not overwritten"
ui_keys q
expect_screen "edit #$NEWID (version 1)" "q returns to the form, nothing saved"
ui_keys s
expect_screen "stored now (v2)" "saving again shows the conflict again"
ui_keys y s
"$BIN" --config "$CONFIG" --db "$DB" --user wangwu show "$NEWID" >"$T/out"
expect_out "地点: 界面里写的地点" "taking yours, after seeing both, stores the typed value"
ui_keys q

# Resizes at any moment never crash.
TM resize-window -t ui -x 40 -y 12; ui_settle
expect_screen "大安区网格化治理" "still drawn at 40x12"
ui_screen
check "[ \$(wc -l <'$T/screen') -eq 12 ]" "the screen is 12 rows"
TM resize-window -t ui -x 120 -y 40; ui_settle
expect_screen "q:tree  Enter:open" "still drawn at 120x40"
ui_keys Q
sleep 0.3
expect_screen "EXITED 0" "Q quits cleanly"
