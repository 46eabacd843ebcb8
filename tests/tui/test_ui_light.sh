# SPDX-License-Identifier: MIT
# Time limits on screen: the mark (~ yellow, ! red) that works without
# colour, and the colour itself when the terminal has it.
. "$(dirname "$0")/lib.sh"
g() { "$BIN" --config "$CONFIG" --db "$DB" "$@" >/dev/null; }
g --user admin init
g --user admin import nodes "$ROOT/tests/cli/nodes.csv"
ID=$("$BIN" --config "$CONFIG" --db "$DB" --user zhangsan new case --node 510304001001001 title=光明路5号暴露垃圾 category=城市管理/暴露垃圾)
for step in accept register "dispatch assignee=zhangsan"; do
	g --user wangwu act "$ID" $step
done
# A newer case without a limit running holds the cursor (the selection bar
# is drawn over any colour), so the timed case is the second row.
g --user zhangsan new case --node 510304001001001 title=光明路9号 category=城市管理
ESC=$(printf '\033')

GRIDCASE_NOW=2026-11-23T10:00:00+08:00
ui_start 100 24 --user zhangsan
ui_keys Tab
expect_screen "11-23 15:00 " "one working hour of four used: no mark"
ui_keys q

GRIDCASE_NOW=2026-11-23T14:20:00+08:00
ui_start 100 24 --user zhangsan
ui_keys Tab
expect_screen "11-23 15:00~" "80 % of the limit used: the yellow mark"
TM capture-pane -t ui -p -e >"$T/colour"
# Yellow and green text cannot be read on a white background: a near limit
# is bold in the terminal's own colour, a running one plain.
check "grep -qF '${ESC}[1m11-23 15:00~' '$T/colour'" "a near limit is drawn bold, not in yellow"
check "! grep -qF '${ESC}[33m' '$T/colour' && ! grep -qF '${ESC}[32m' '$T/colour'" "no yellow or green anywhere"
ui_keys Down Enter
expect_screen "(yellow)" "the record says yellow"
ui_keys q q

GRIDCASE_NOW=2026-11-23T15:30:00+08:00
ui_start 100 24 --user zhangsan
ui_keys Tab
expect_screen "11-23 15:00!" "past due: the red mark"
TM capture-pane -t ui -p -e >"$T/colour"
check "grep -qF '${ESC}[1m${ESC}[31m11-23 15:00!' '$T/colour' || grep -qF '${ESC}[31m${ESC}[1m11-23 15:00!' '$T/colour' || grep -qF '${ESC}[1;31m11-23 15:00!' '$T/colour'" "drawn in bold red"
ui_keys q

export NO_COLOR=1
ui_start 100 24 --user zhangsan
ui_keys Tab
TM capture-pane -t ui -p -e >"$T/colour"
check "! grep -qF '${ESC}[31m' '$T/colour'" "NO_COLOR: no colour"
expect_screen "11-23 15:00!" "the mark is still there"
ui_keys Q   # quit at once

# NO_COLOR counts only when it is set and not empty (no-color.org).
export NO_COLOR=
ui_start 100 24 --user zhangsan
ui_keys Tab
TM capture-pane -t ui -p -e >"$T/colour"
check "grep -qF '${ESC}[31m11-23 15:00!' '$T/colour'" "NO_COLOR empty: the colour stays"
ui_keys Q
unset NO_COLOR
