# SPDX-License-Identifier: MIT
# The statistics view: bar charts of the assessment measures at 80 columns.
. "$(dirname "$0")/lib.sh"
"$BIN" --config "$CONFIG" --db "$DB" --user admin demo --cases 2000 --seed 5 >/dev/null
TOTAL=$("$BIN" --config "$CONFIG" --db "$DB" --user wangwu report --format csv | awk -F, '$1 == "total" { print $6 }')

ui_start 80 24 --user wangwu
ui_keys S
expect_screen "reported all time" "S opens the statistics of the listed node"
expect_screen "reported $TOTAL " "the total is the report's ($TOTAL)"
expect_screen "Per node" "a chart per node"
expect_screen "第一网格" "with a row per grid"
# The bars are reverse-video spaces: no ambiguous-width character (█, …)
# that a CJK terminal would draw two columns wide.
expect_no_screen "█" "no U+2588 in the bars"
expect_no_screen "…" "no U+2026 anywhere on the page"
TM capture-pane -t ui -p -e >"$T/attrs"
if grep -F "第一网格" "$T/attrs" | grep -q "$(printf '\033\\[7m')  *"; then ok "a bar per grid in reverse video"
else echo "not ok - a bar per grid in reverse video"; sed 's/^/#   |/' "$T/attrs" | cat -v; fi
expect_screen "closed  ontime overdue" "the widest line, the chart's header, fits 80 columns whole"
ui_keys G
expect_screen "Per category" "the categories further down"
expect_screen "城市管理" "by 五网合一 group"
ui_keys q
expect_screen "q:quit" "q goes back to the browser"
ui_keys : 
ui_text "stats 2026-06-01 2026-09-30"
ui_keys Enter
expect_screen "reported 2026-06-01 .. 2026-09-30" ":stats FROM TO sets the period"
ui_keys q
ui_keys :
ui_text "stats 2026-13-01"
ui_keys Enter
expect_screen "stats: dates are YYYY-MM-DD" "a bad date is refused with a message"
ui_keys Q   # quit at once

# Over a slow link: '#' bars, one byte each.
ui_start 80 24 --user wangwu --low-bandwidth
ui_keys S
expect_screen "第一网格     #" "low-bandwidth bars are '#'"
ui_keys q q

# The matching view: proposed pairs under the listed node; :match accepts.
NEED=$("$BIN" --config "$CONFIG" --db "$DB" --user wangwu new need --node 510304001001 title=老年助餐 category=民生类)
RES=$("$BIN" --config "$CONFIG" --db "$DB" --user zhaoliu new resource --node 510304001002 title=爱心食堂 unit=某公司 category=民生类)
ui_start 80 24 --user zhaoliu
ui_keys M
expect_screen "需求资源对接" "M opens the matching view"
expect_screen "老年助餐" "with the need"
expect_screen "爱心食堂" "and the resource proposed for it"
ui_keys :
ui_text "match $NEED $RES"
ui_keys Enter
expect_screen "matched: #" "accepting for both sides (the street sees both) creates the project"
ui_keys q q
"$BIN" --config "$CONFIG" --db "$DB" --user zhaoliu show "$NEED" >"$T/out"
expect_out "联建项目:" "the need now has its project"
