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
expect_screen "reported closed ontime overdue" "the widest line, the table's header, fits 80 columns whole"
expect_screen ">第一网格" "the cursor is on the first node's row"
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
expect_screen "第一网格    #" "low-bandwidth bars are '#'"
ui_keys q q

# Drill down and sort (sunqi, the district): sorted by the on-time rate
# ascending, the first row is the worst street, as `report` counts it (the
# rate in tenths of a percent, ties in the tree's order); Enter shows its
# statistics, where the worst community comes first; Backspace and q go
# back up the way they came.
# worst NODE: "code name" of the child of NODE with the lowest on-time rate.
worst() {
	"$BIN" --config "$CONFIG" --db "$DB" --user sunqi report ${1:+--node $1} --format csv |
		awk -F, '$1 == "node" && $9 > 0 { r = int(($10 * 1000 + int($9 / 2)) / $9);
			if (best == "" || r < best) { best = r; code = $2; name = $3 } } END { print code, name }'
}
set -- $(worst)
STREET=$1 STREET_NAME=$2
set -- $(worst "$STREET")
COMMUNITY=$1 COMMUNITY_NAME=$2
ui_start 80 24 --user sunqi
ui_keys S
expect_screen "事件  510304 大安区" "the district's statistics"
expect_screen "sorted by tree order, ascending" "rows first in the tree's order"
ui_keys s s s
expect_screen "sorted by ontime, ascending" "s s s: sorted by the on-time rate"
expect_screen ">$STREET_NAME " "the cursor on the first row, the worst street ($STREET_NAME)"
ui_keys Enter
expect_screen "$STREET 大安区 > $STREET_NAME" "Enter: the street's own statistics, its path in the header"
expect_screen ">$COMMUNITY_NAME " "its worst community first ($COMMUNITY_NAME)"
ui_keys Enter
expect_screen "$COMMUNITY 大安区 > $STREET_NAME > $COMMUNITY_NAME" "down to the community: its grids"
expect_screen "第一网格" "with a row per grid"
ui_keys Enter
expect_screen "has no nodes below it" "a grid has no level below: said, nothing opened"
ui_keys BSpace
expect_screen "$STREET 大安区 > $STREET_NAME" "Backspace: back up to the street"
expect_screen ">$COMMUNITY_NAME " "the cursor where it was"
ui_keys S
expect_screen "sorted by ontime, descending" "S reverses the order"
ui_screen
last=$(awk '/sorted by/ { on = 1; getline; next } on && /^$/ { exit } on' "$T/screen" | tail -1)
case $last in *"$COMMUNITY_NAME "*) ok "descending, the worst community is last";;
*) echo "not ok - descending, the worst community is last (last row: $last)";; esac
ui_keys q
expect_screen "事件  510304 大安区" "q: back up to the district"
ui_keys q
expect_screen "q:quit" "q at the top: back to the browser"
ui_keys Q

# At 40 columns the numbers stay whole; the name and the bars give way.
"$BIN" --config "$CONFIG" --db "$DB" --user sunqi report --node "$STREET" --format csv >"$T/csv"
ROW=$(awk -F, -v c="$COMMUNITY" '$2 == c { printf "%d  *%d.%d%%  *%d.%d%%  *%d", $6,
	int(($9 * 1000 + int($6 / 2)) / $6) / 10, int(($9 * 1000 + int($6 / 2)) / $6) % 10,
	int(($10 * 1000 + int($9 / 2)) / $9) / 10, int(($10 * 1000 + int($9 / 2)) / $9) % 10, $8 }' "$T/csv")
UI_LANG=zh_CN.UTF-8 ui_start 40 12 --user sunqi
ui_keys S s s s Enter
ui_screen
if grep -qE "^>$COMMUNITY_NAME +$ROW\$" "$T/screen"; then ok "40x12: the worst community's row whole ($ROW)"
else echo "not ok - 40x12: the worst community's row whole ($ROW)"; sed 's/^/#   |/' "$T/screen"; fi
expect_screen "上报数 办结率 按期率   超期" "40x12: the header over the numbers"
ui_keys Q

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
