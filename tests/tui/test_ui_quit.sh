# SPDX-License-Identifier: MIT
# Quitting: q steps back one level (the list to the tree), q in the tree
# asks "quit? (y/n)", Q quits at once (not from a form, which holds what
# the user typed); ^C does what q does.
. "$(dirname "$0")/lib.sh"
"$BIN" --config "$CONFIG" --db "$DB" --user admin demo --cases 0 >/dev/null
"$BIN" --config "$CONFIG" --db "$DB" --user zhangsan new case --node 510304001001001 title=退出测试 category=城市管理 >/dev/null
exited() { ui_screen; grep -q "EXITED" "$T/screen"; }

ui_start 80 24 --user wangwu
ui_keys : ; ui_text "node 510304001001001"; ui_keys Enter
expect_screen "q:tree" "the list's hint line says q goes back to the tree"
ui_keys q
expect_screen "q:quit  Enter:open  c:new  Tab:pane" "q in the list goes back to the tree"
check "! exited" "without quitting"
ui_keys q
expect_screen "quit? (y/n)" "q in the tree asks"
ui_keys n
expect_no_screen "quit? (y/n)" "n answers no"
check "! exited" "and the UI stays"
ui_keys Tab C-c
expect_screen "q:quit  Enter:open  c:new  Tab:pane" "^C in the list goes back to the tree too"
ui_keys C-c
expect_screen "quit? (y/n)" "^C in the tree asks"
ui_keys y
sleep 0.3
expect_screen "EXITED 130" "y after ^C quits with the status of an interrupt, 130"

ui_start 80 24 --user wangwu
ui_keys : ; ui_text "node 510304001001001"; ui_keys Enter
ui_keys Enter
expect_screen "#1  退出测试" "a record page"
ui_keys Q
sleep 0.3
expect_screen "EXITED 0" "Q quits at once from a record page"

ui_start 80 24 --user wangwu
ui_keys : ; ui_text "node 510304001001002"; ui_keys Enter
ui_keys c 1 Enter; ui_text "还没保存"; ui_keys Enter
ui_keys Q
expect_screen "还没保存" "Q does not throw away a form being filled in"
check "! exited" "the UI stays"
ui_keys q y
ui_keys Q
sleep 0.3
expect_screen "EXITED 0" "Q from the list quits at once"

# One pane (below 60 columns): q in the list shows the tree.
ui_start 40 12 --user wangwu
ui_keys : ; ui_text "node 510304001001001"; ui_keys Enter
expect_screen "退出测试" "the list alone at 40 columns"
ui_keys q
expect_screen "第一网格" "q shows the tree"
expect_no_screen "退出测试" "in place of the list"
ui_keys Q

UI_LANG=zh_CN.UTF-8 ui_start 80 24 --user wangwu
ui_keys q
expect_screen "退出？(y/n)" "the question in Chinese"
ui_keys y
sleep 0.3
expect_screen "EXITED 0" "and y quits"
