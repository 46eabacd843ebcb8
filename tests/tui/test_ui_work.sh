# SPDX-License-Identifier: MIT
# The title line counts the user's work: open records assigned to them,
# ~ near and ! past their time limit; it follows the change feed.
. "$(dirname "$0")/lib.sh"
"$BIN" --config "$CONFIG" --db "$DB" --user admin demo --cases 0 >/dev/null
for t in 甲 乙 丙; do
	"$BIN" --config "$CONFIG" --db "$DB" --user zhangsan new case --node 510304001001001 title=待办$t category=城市管理 >/dev/null
done
for id in 1 2; do
	"$BIN" --config "$CONFIG" --db "$DB" --user wangwu act $id accept >/dev/null
	"$BIN" --config "$CONFIG" --db "$DB" --user wangwu act $id register >/dev/null
	"$BIN" --config "$CONFIG" --db "$DB" --user wangwu act $id dispatch assignee=zhangsan >/dev/null
done
"$BIN" --config "$CONFIG" --db "$DB" --user zhangsan show 1 >"$T/show"
due=$(sed -n 's/.*due: *\([0-9-]* [0-9:]*\).*/\1/p' "$T/show" | head -1)
check "[ -n '$due' ]" "the dispatched case has a due time ($due)"
ui_start 80 24 --user zhangsan
ui_wait zhangsan
expect_screen "mine 2  ~0  !0" "two open cases are zhangsan's, neither near its limit"
"$BIN" --config "$CONFIG" --db "$DB" --user wangwu act 3 accept >/dev/null
"$BIN" --config "$CONFIG" --db "$DB" --user wangwu act 3 register >/dev/null
"$BIN" --config "$CONFIG" --db "$DB" --user wangwu act 3 dispatch assignee=zhangsan >/dev/null
sleep 1.5   # the change feed
ui_settle
expect_screen "mine 3  ~0  !0" "a third dispatched to him shows up without a key"
ui_keys Q
# Later: the clock an hour before the limit, then past it.
GRIDCASE_NOW=$(date -d "$due 1 hour ago" +%Y-%m-%dT%H:%M:00+08:00) ui_start 80 24 --user zhangsan
ui_wait zhangsan
expect_screen "mine 3  ~3  !0" "an hour before their limit, all three are near it (~)"
ui_keys Q
GRIDCASE_NOW=$(date -d "$due 1 day" +%Y-%m-%dT%H:%M:00+08:00) ui_start 80 24 --user zhangsan
ui_wait zhangsan
expect_screen "mine 3  ~0  !3" "past their limit, all three are counted overdue"
ui_keys Q
