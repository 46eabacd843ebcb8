# SPDX-License-Identifier: MIT
# Who writes what, in the UI: a new case's form leaves out the workflow's
# fields, an edit marks what is not yours, and a case is dispatched to a
# person picked by name among those who can see it, filtered as you type.
. "$(dirname "$0")/lib.sh"
"$BIN" --config "$CONFIG" --db "$DB" --user admin demo --cases 0 >/dev/null
"$BIN" --config "$CONFIG" --db "$DB" --user zhangsan new case --node 510304001001001 title=楼道堆物 category=城市管理 >"$T/id"
ID=$(cat "$T/id")
"$BIN" --config "$CONFIG" --db "$DB" --user wangwu act "$ID" accept >/dev/null
"$BIN" --config "$CONFIG" --db "$DB" --user wangwu act "$ID" register >/dev/null

# The new-case form of a grid worker.
ui_start 80 24 --user zhangsan
ui_keys : ; ui_text "node 510304001001001"; ui_keys Enter
ui_keys c 1
expect_screen "new 事件" "c opens the new-case form"
expect_screen "标题*" "with the reporter's fields"
expect_no_screen "处置结果" "without 处置结果, the handler's"
expect_no_screen "申请延期" "nor the extension"
expect_no_screen "返工次数" "nor the counts"
ui_keys Escape
ui_keys Q   # quit at once

# Dispatch by name: only the people whose area holds the case.
ui_start 80 24 --user wangwu
ui_keys : ; ui_text "node 510304001001001"; ui_keys Enter
ui_keys g Enter
expect_screen "楼道堆物" "the registered case is open"
ui_keys a
expect_screen " d  派遣 (dispatch)" "the act menu offers 派遣"
ui_keys d   # its letter takes it at once
expect_screen "assign #$ID to" "派遣 opens the person picker, not a login prompt"
expect_screen "张三 | 网格员 | 第一网格  (zhangsan)" "the grid's worker by name, role and place"
expect_screen "王五 | 社区工作人员 | 东华社区  (wangwu)" "the community officer"
expect_no_screen "李四" "not the worker of another grid"
expect_no_screen "赵六" "nor a street officer (assign_roles)"
ui_text "张"
expect_screen "张三 | 网格员" "typing narrows the list"
expect_no_screen "王五 | 社区" "to the matching people"
ui_keys Enter
expect_screen "派遣 comment (optional, Enter for none):" "then the comment, optional"
ui_keys Enter
ui_keys q q
"$BIN" --config "$CONFIG" --db "$DB" --user wangwu show "$ID" >"$T/out" 2>"$T/err"
expect_out "assignee:  zhangsan" "the case went to zhangsan"
expect_out "派遣 (dispatched)" "and is dispatched"

# An edit by the grid worker once dispatched: nothing of the report is his
# to change any more, and the form says who may.
ui_start 80 24 --user zhangsan
ui_keys : ; ui_text "node 510304001001001"; ui_keys Enter
ui_keys g Enter e
expect_screen "edit #$ID" "e opens the edit form"
expect_screen "标题-" "a field not his to change is marked"
ui_keys Enter
expect_screen "only 社区工作人员" "Enter on it says who may change it"
ui_keys Escape
ui_keys q q
exit 0
