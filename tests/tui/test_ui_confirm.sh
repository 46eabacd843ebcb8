# SPDX-License-Identifier: MIT
# Confirmations take one key: y yes, n (or Esc, q, Enter) no, no Enter
# after either; any other key leaves the question asked.
. "$(dirname "$0")/lib.sh"
"$BIN" --config "$CONFIG" --db "$DB" --user admin demo --cases 0 >/dev/null
for i in 1 2; do "$BIN" --config "$CONFIG" --db "$DB" --user zhangsan new case --node 510304001001001 title=批量$i category=城市管理 >/dev/null; done
ui_start 80 24 --user wangwu
ui_keys : ; ui_text "node 510304001001001"; ui_keys Enter
ui_keys g t t
ui_keys '\;'
ui_keys a Enter   # a: 受理 (accept), Enter: no comment
expect_screen "on 2 tagged records? (y/n)" "acting on tagged records asks first"
ui_keys x
expect_screen "on 2 tagged records? (y/n)" "a key that is no answer leaves the question"
ui_keys n
expect_screen "nothing done" "n answers no at once, without Enter"
"$BIN" --config "$CONFIG" --db "$DB" --user wangwu list --node 510304001001001 --state reported >"$T/out"
check "[ \$(grep -c 批量 '$T/out') = 2 ]" "and nothing was done: both still 上报"
ui_keys '\;'
ui_keys a Enter y
expect_screen "2 done, 0 refused" "y answers yes at once, without Enter"
ui_keys q

# The form's "drop your changes?": n keeps it, y drops it; the key after
# the answer is a key of the view again.
ui_keys : ; ui_text "node 510304001001002"; ui_keys Enter
ui_keys c 1
ui_keys Enter; ui_text "楼道堆物"; ui_keys Enter
ui_keys q
expect_screen "drop your changes? (y/n)" "q in a changed form asks"
ui_keys n
expect_screen "楼道堆物" "n keeps the form"
expect_no_screen "(y/n)" "and the question is gone"
ui_keys Escape
expect_screen "drop your changes? (y/n)" "Esc asks too"
ui_keys Escape
expect_screen "楼道堆物" "Esc at the question keeps the form"
ui_keys q y
expect_no_screen "楼道堆物" "y drops the form at once"
expect_screen "510304001001002 第二网格" "back at the list"
