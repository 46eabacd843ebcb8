# SPDX-License-Identifier: MIT
# :filter takes a state's label (上报) or key (reported); a state or form
# no workflow has is an error message and the list stays as it was, never
# a silent "0 of 0"; filters combine (state, form, overdue, mine, open),
# and the header names those in force by their labels, with how many
# records match of how many the node has.
. "$(dirname "$0")/lib.sh"
"$BIN" --config "$CONFIG" --db "$DB" --user admin demo --cases 0 >/dev/null
for t in 甲 乙 丙; do
	"$BIN" --config "$CONFIG" --db "$DB" --user zhangsan new case --node 510304001001001 title=筛选$t category=城市管理 >/dev/null
done
"$BIN" --config "$CONFIG" --db "$DB" --user wangwu act 3 accept >/dev/null
ui_start 80 24 --user wangwu
ui_keys : ; ui_text "node 510304001001001"; ui_keys Enter
expect_screen "3 of 3" "three records listed"
ui_keys : ; ui_text "filter 上报"; ui_keys Enter
expect_screen "2 of 3  [上报]" ":filter 上报 (a label) lists the two reported, and says so"
ui_keys : ; ui_text "filter accepted"; ui_keys Enter
expect_screen "1 of 3  [受理]" ":filter accepted (a key) too, shown by its label, in place of the state before"
expect_screen "筛选丙" "the accepted one"
ui_keys : ; ui_text "filter 不存在"; ui_keys Enter
expect_screen "no state '不存在': name a state by its label or key, such as 上报 (reported)" "an unknown state is an error"
expect_screen "1 of 3  [受理]" "and the list stays as it was"
expect_no_screen "0 of 0" "never a silent 0 of 0"
ui_keys : ; ui_text "filter form 事件"; ui_keys Enter
expect_screen "1 of 3  [受理 事件]" ":filter form 事件 by the form's label, combined with the state"
ui_keys : ; ui_text "filter form nosuch"; ui_keys Enter
expect_screen "no form 'nosuch'" "an unknown form is an error"
expect_screen "1 of 3  [受理 事件]" "the list stays"
ui_keys : ; ui_text "filter all form 事件 open"; ui_keys Enter
expect_screen "3 of 3  [事件 open]" "all clears, then form and open combine in one command"
ui_keys : ; ui_text "filter mine"; ui_keys Enter
expect_screen "0 of 3  [事件 mine open]" "mine adds to them (wangwu has nothing assigned)"
ui_keys m
expect_screen "3 of 3  [事件 open]" "m toggles mine off again, the rest stay"
ui_keys : ; ui_text "filter overdue"; ui_keys Enter
expect_screen "[事件 overdue]" "overdue is shown in the header (it implies open)"
ui_keys : ; ui_text "filter all"; ui_keys Enter
expect_screen "510304001001001 第一网格  3 of 3" "all clears the filters"
expect_no_screen "3 of 3  [" "and the header shows none"
ui_keys Q
