# SPDX-License-Identifier: MIT
# A transition that creates a record (create:), taken on the screen: the
# act menu asks for the node field, and the record page then names the
# record made (the default's 转事件 of a 督导 finding, the English
# example's Raise an issue of an inspection).
. "$(dirname "$0")/lib.sh"
"$BIN" --config "$CONFIG" --db "$DB" --user admin demo --cases 0 >/dev/null
cli() { "$BIN" --config "$CONFIG" --db "$DB" "$@" >"$T/out" 2>"$T/err"; RC=$?; }
PT=$("$BIN" --config "$CONFIG" --db "$DB" --user zhaoliu new patrol --node 510304001001 title=制度未上墙 kind=专题巡查 \
	date=2026-11-20 "findings=党群服务中心制度未上墙")
ui_start 100 30 --user zhaoliu
ui_keys : ; ui_text "$PT"; ui_keys Enter
ui_keys a
expect_screen "转事件 (file_case)" "the act menu offers 转事件"
ui_screen
L=$(sed -n 's/^ *\([a-z]\)  转事件 (file_case).*/\1/p' "$T/screen" | head -1)
ui_keys "$L"
expect_screen "问题所在网格" "转事件 asks for the grid first"
ui_text "510304001001001"; ui_keys Enter
ui_keys Enter   # no comment
cli --user zhaoliu show "$PT" --json
CASE=$(sed -n 's/.*"case":"\([0-9]*\)".*/\1/p' "$T/out")
check "[ -n '$CASE' ]" "the patrol keeps the new case's id ($CASE)"
ui_keys C-l
expect_screen "转办事件: $CASE (制度未上墙)" "its page names the case made, by its title"
ui_keys Q
cli --user zhangsan show "$CASE"
expect_out "标题: 制度未上墙" "the grid's worker has the case"

CONFIG=$ROOT/config/examples/english
DB=$T/en.db
"$BIN" --config "$CONFIG" --db "$DB" --user admin demo --cases 0 >/dev/null
IN=$("$BIN" --config "$CONFIG" --db "$DB" --user dev new inspection --node 99000101 "title=Broken fence")
ui_start 100 30 --user dev
ui_keys : ; ui_text "$IN"; ui_keys Enter
ui_keys a
expect_screen "Raise an issue (raise)" "[english] the act menu offers Raise an issue"
ui_screen
L=$(sed -n 's/^ *\([a-z]\)  Raise an issue (raise).*/\1/p' "$T/screen" | head -1)
ui_keys "$L"
expect_screen "Grid" "[english] it asks for the grid"
ui_text "990001010101"; ui_keys Enter
ui_keys Enter
cli --user dev show "$IN" --json
ISS=$(sed -n 's/.*"issue":"\([0-9]*\)".*/\1/p' "$T/out")
ui_keys C-l
expect_screen "Raised issue: $ISS (Broken fence)" "[english] the inspection names the issue raised"
ui_keys Q
exit 0
