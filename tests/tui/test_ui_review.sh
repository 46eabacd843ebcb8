# SPDX-License-Identifier: MIT
# Review: r marks a record reviewed and moves on; the unreviewed queue
# shows what changed since; the record stars the new history entries.
. "$(dirname "$0")/lib.sh"
"$BIN" --config "$CONFIG" --db "$DB" --user admin demo --cases 0 >/dev/null
for t in 甲 乙 丙; do
	"$BIN" --config "$CONFIG" --db "$DB" --user zhangsan new case --node 510304001001001 title=复核$t category=城市管理 >/dev/null
done
ui_start 80 24 --user wangwu --low-bandwidth   # the > marker shows the selection in the text
ui_keys : ; ui_text "node 510304001001001"; ui_keys Enter
ui_keys : ; ui_text "filter unreviewed"; ui_keys Enter
expect_screen "3 of 3  [unreviewed]" "three records never reviewed"
ui_keys g r
expect_screen "#3 reviewed" "r marks the record reviewed"
ui_screen
check "grep -q '|> *2 ' '$T/screen'" "the selection moved to the next unreviewed record"
ui_keys : ; ui_text "filter unreviewed"; ui_keys Enter
expect_screen "2 of 3  [unreviewed]" "the reviewed record left the queue"
"$BIN" --config "$CONFIG" --db "$DB" --user zhangsan set 3 location=幸福路 >/dev/null
sleep 2.5
ui_keys : ; ui_text "filter unreviewed"; ui_keys Enter
expect_screen "3 of 3  [unreviewed]" "a change after the review puts it back in the queue"
ui_keys g Enter
expect_screen "history (* changed since your review of version 1)" "the record says what changed since the review"
expect_screen "* v2 " "the new history entry is starred"
ui_keys Q   # quit at once
