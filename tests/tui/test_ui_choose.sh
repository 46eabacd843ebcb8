# SPDX-License-Identifier: MIT
# c chooses the form when several may be made at the node: 事件 or
# 走访记录 on a grid, 议事事项 / 需求清单 / 资源清单 on a community; by
# number, by the first letter of the form's key or by the first character
# of its label, one key; Esc makes nothing.
. "$(dirname "$0")/lib.sh"
"$BIN" --config "$CONFIG" --db "$DB" --user admin demo --cases 0 >/dev/null
ui_start 80 24 --user zhangsan
ui_keys Down
ui_keys c
expect_screen "new record:  1 事件 (case)  2 走访记录 (visit)" "c on a grid asks which form, listing them"
ui_keys 2
expect_screen "new 走访记录 at 510304001001001" "2 makes a 走访记录"
ui_keys Escape
ui_keys c v
expect_screen "new 走访记录 at 510304001001001" "v (its key's first letter) too"
ui_keys Escape
ui_keys c
ui_text "事"
expect_screen "new 事件 at 510304001001001" "事 (its label's first character) makes a 事件"
ui_keys Escape
ui_keys c x
expect_screen "new record:  1 事件" "a key that is no choice leaves the question"
ui_keys Escape
expect_no_screen "new record:" "Esc makes nothing"
expect_no_screen "new 事件" "and opens no form"
ui_keys c 1
ui_keys Enter; ui_text "楼道堆物"; ui_keys Enter
ui_keys Enter; ui_text "暴露垃圾"; ui_keys Enter   # the next field: 类别, from the picker
ui_keys s
"$BIN" --config "$CONFIG" --db "$DB" --user zhangsan list --format csv >"$T/out"
check "grep -q '楼道堆物' '$T/out'" "the form chosen by number is saved as a record"
ui_keys Q

# A community: the forms made there, by number or first letter.
ui_start 80 24 --user wangwu
ui_keys c
expect_screen "议事事项 (motion)" "c on a community lists its forms"
expect_screen "需求清单 (need)" "needs too"
expect_no_screen "事件 (case)" "but not the grid's forms"
ui_keys n
expect_screen "new 需求清单 at 510304001001" "n makes a 需求清单"
ui_keys Escape Q
