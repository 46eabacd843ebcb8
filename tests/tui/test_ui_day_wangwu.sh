# SPDX-License-Identifier: MIT
# wangwu's day (community staff, 东华社区) at 80x24, Chinese typed as UTF-8:
# twenty new cases from the grid are his review queue; he accepts five at
# once through tags, reviews the rest with r, sees the queue empty, gets a
# change from the grid back in it, jumps to a case by its id (a hotline
# call) and lists the accepted ones by the state's label.
. "$(dirname "$0")/lib.sh"
"$BIN" --config "$CONFIG" --db "$DB" --user admin demo --cases 0 >/dev/null
i=1
for p in 幸福路 建设路 和平路 光明路 人民路; do
	for w in 楼道堆物 井盖破损 占道经营 噪音扰民; do
		"$BIN" --config "$CONFIG" --db "$DB" --user zhangsan new case --node 510304001001001 \
			title="$p$i号$w" category=城市管理 >/dev/null
		i=$((i + 1))
	done
done
ui_start 80 24 --user wangwu
ui_wait "wangwu"
ui_keys : ; ui_text "node 第一网格"; ui_keys Enter
expect_screen "510304001001001 第一网格  20 of 20" ":node 第一网格 (typed in Chinese) lists the grid's twenty"
ui_keys : ; ui_text "filter unreviewed"; ui_keys Enter
expect_screen "20 of 20  [unreviewed]" "all twenty are his review queue"
# Five tagged (t tags and moves down), then accepted at once.
ui_keys t t t t t
expect_screen "tagged 5" "five tagged"
ui_screen
check "[ \$(grep -c '^.*|.\\*  *[0-9]* 事件 上报' '$T/screen') = 5 ]" "the five rows show their tag"
ui_keys '\;'   # (escaped: a lone ; is tmux's command separator)
expect_screen "a  受理 (accept)" "; offers the transitions of the first tagged record by letter"
ui_keys a
expect_screen "受理 comment (optional, Enter for none):" "a chooses 受理, whose comment may be left out"
ui_text "已受理，转城管"; ui_keys Enter
expect_screen "on 5 tagged records? (y/n)" "one confirmation for the five"
ui_keys y
expect_screen "5 done, 0 refused" "the five accepted, each said"
ui_keys q
sleep 1.5   # the change feed: the list reads itself again
ui_keys g
expect_screen "15 of 20  [unreviewed]" "what he did himself left his queue"
# The rest reviewed one by one: r marks the row and moves to the next.
n=0
while [ $n -lt 15 ]; do ui_keys r; n=$((n + 1)); done
expect_screen "#1 reviewed; nothing unreviewed below it" "r went down the queue to its end"
ui_screen
check "[ \$(grep -c '|  = *[0-9]* 事件 上报' '$T/screen') = 15 ]" "each reviewed row shows its = at once"
ui_keys : ; ui_text "filter unreviewed"; ui_keys Enter
expect_screen "0 of 20  [unreviewed]" "the queue is empty"
"$BIN" --config "$CONFIG" --db "$DB" --user zhangsan set 7 location=建设路7号东门 >/dev/null
sleep 1.5
ui_keys : ; ui_text "filter unreviewed"; ui_keys Enter
expect_screen "1 of 20  [unreviewed]" "the grid's change puts #7 back in his queue"
expect_screen "建设路7号占道经营" "and it is the one listed"
# A hotline call: "请查一下12号".
ui_keys '#' ; ui_text "12"; ui_keys Enter
expect_screen "#12  和平路12号噪音扰民" "# and the id open the record"
ui_keys q
ui_keys : ; ui_text "filter all 受理"; ui_keys Enter
expect_screen "第一网格  5 of 20  [受理]" ":filter all 受理 (the label, typed in Chinese) lists the five accepted"
ui_keys : ; ui_text "filter 上报 unreviewed closed"; ui_keys Enter
expect_screen "1 of 20  [上报 unreviewed closed]" "state and queue combine"
ui_keys Q
