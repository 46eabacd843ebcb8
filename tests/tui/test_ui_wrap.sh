# SPDX-License-Identifier: MIT
# Long text wraps by display width: a 描述 of Chinese text, a long comment
# and a multi-line one in the history, at 80x24 and at 41 columns (an odd
# width, so a wide character meets the edge), never half a glyph, every
# character on the screen once; a long message wraps too.
. "$(dirname "$0")/lib.sh"
"$BIN" --config "$CONFIG" --db "$DB" --user admin demo --cases 0 >/dev/null
D="A网格员巡查发现建设路43号群租房存在严重安全隐患，楼道堆放杂物，电动车在楼道内充电，消防通道被占用，已拍照留存，请相关部门尽快处理。居民反映多次无人处理，情绪较大。末尾"
C="受理意见：已联系房东和物业，要求三日内清理楼道杂物，电动车统一到集中充电点充电，社区将组织复查并反馈居民。结"
id=$("$BIN" --config "$CONFIG" --db "$DB" --user zhangsan new case --node 510304001001001 title=群租房安全隐患 \
	category=城市管理 "detail=$D")
"$BIN" --config "$CONFIG" --db "$DB" --user wangwu act "$id" accept --comment "$C" >/dev/null
id2=$("$BIN" --config "$CONFIG" --db "$DB" --user zhangsan new case --node 510304001001001 title=第二件 category=城市管理)
"$BIN" --config "$CONFIG" --db "$DB" --user wangwu act "$id2" accept --comment "第一行
第二行很长很长" >/dev/null

# rows_after LABEL: the screen's rows after the one that starts with LABEL
# (leading spaces ignored) while they are indented by at least $2 spaces.
rows_after() {
	awk -v l="$1" -v n="$2" '
		f && substr($0, 1, n) == sprintf("%" n "s", "") { print; next }
		f { exit }
		{ s = $0; sub(/^ +/, "", s) } index(s, l) == 1 { f = 1; print }' "$T/screen"
}
joined() { sed 's/^ *//' | tr -d '\n'; }
widest() { LC_ALL=C.UTF-8 wc -L <"$T/screen"; }

ui_start 80 24 --user wangwu
ui_keys : ; ui_text "node 510304001001001"; ui_keys Enter
ui_keys G Enter
ui_screen
rows_after "描述:" 2 | sed 1d >"$T/d"
check "[ \"\$(joined <'$T/d')\" = '$D' ]" "the whole 描述 is on the page at 80 columns"
check "[ \$(wc -l <'$T/d') -ge 3 ]" "it takes several rows"
check "! grep -qv '^  [^ ]' '$T/d'" "every row of it is indented under its label"
check "[ $(widest) -le 80 ]" "no row is wider than the screen"
ui_keys G
ui_screen
rows_after "comment:" 6 >"$T/c"
check "[ \"\$(joined <'$T/c' | sed 's/^comment: //')\" = '$C' ]" "the whole comment is in the history"
check "[ \$(wc -l <'$T/c') -ge 2 ] && ! sed 1d '$T/c' | grep -qv '^      [^ ]'" "it wraps under its entry"
ui_keys q g Enter G
expect_screen "      comment: 第一行" "a multi-line comment starts on its entry's row"
check "grep -q '^        第二行很长很长' '$T/screen'" "its next line is indented under the entry"
ui_keys Q   # quit at once

# 41 columns: one pane; the A puts every wide character one column off.
ui_start 41 24 --user wangwu
ui_keys : ; ui_text "node 510304001001001"; ui_keys Enter
ui_keys G Enter   # :node shows the list at once in one pane
ui_screen
rows_after "描述:" 2 | sed 1d >"$T/d"
check "[ \"\$(joined <'$T/d')\" = '$D' ]" "the whole 描述 at 41 columns"
check "[ $(widest) -le 41 ]" "no row wider than 41 columns"
sed '$d' "$T/d" >"$T/full"
check "while IFS= read -r l; do [ \$(printf '%s' \"\$l\" | LC_ALL=C.UTF-8 wc -L) -ge 39 ] || exit 1; done <'$T/full'" \
	"each row but the last is filled to its last whole character"
ui_keys Q   # quit at once

# A message wider than the screen wraps onto the rows above the hint line.
ui_start 80 24 --user wangwu
ui_keys : ; ui_text "nosuchcommand-abcdefghijklmnopqrstuvwxyz-abcdefghijklmnopqrstuvwxyz"; ui_keys Enter
expect_screen "stats, match, quit)" "a long message is shown to its end"
expect_screen "unknown command" "from its start"
expect_screen "  ':nosuchcommand-abcdefghijklmnopqrstuvwxyz-abcdefghijklmnopqrstuvwxyz' (node," "a word too long for the first row starts the next"
