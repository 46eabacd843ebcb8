# SPDX-License-Identifier: MIT
# Jump to a record by id (a hotline call: "请查一下21889号"): :ID, #ID and
# /ID open it; an id outside the user's scope is answered as one that
# does not exist, as the CLI does; /DIGITS that is no id searches the text.
. "$(dirname "$0")/lib.sh"
"$BIN" --config "$CONFIG" --db "$DB" --user admin demo --cases 0 >/dev/null
new() { "$BIN" --config "$CONFIG" --db "$DB" --user admin new case --node "$1" "title=$2" category=城市管理; }
a=$(new 510304001001001 复核甲)            # wangwu's community
b=$(new 510304001002001 东兴的事)          # another community: not wangwu's
c=$(new 510304001001002 门牌31号堆放杂物)  # a title with digits, id 3
check "[ $a = 1 ] && [ $b = 2 ] && [ $c = 3 ]" "the records have the ids the test expects"
ui_start 80 24 --user wangwu
ui_keys : ; ui_text "1"; ui_keys Enter
expect_screen "#1  复核甲" ":1 opens record 1 from the tree"
ui_keys q
ui_keys "#" ; ui_text "3"; ui_keys Enter
expect_screen "#3  门牌31号堆放杂物" "# asks for an id and opens it"
ui_keys "#" ; ui_text "1"; ui_keys Enter
expect_screen "#1  复核甲" "# works from a record page too"
ui_keys q
expect_screen "东华社区" "q from the page goes back to the browser"
ui_keys : ; ui_text "#2"; ui_keys Enter
expect_screen "no record 2" "a record outside the scope is no record, as in the CLI"
expect_no_screen "东兴的事" "and nothing of it is shown"
ui_keys : ; ui_text "99999"; ui_keys Enter
expect_screen "no record 99999" "an id that does not exist says so"
ui_keys "#" ; ui_text "abc"; ui_keys Enter
expect_screen "a record id is a number" "# with no number says what it wants"
ui_keys / ; ui_text "3"; ui_keys Enter
expect_screen "#3  门牌31号堆放杂物" "/3 opens record 3"
ui_keys q
ui_keys / ; ui_text "31"; ui_keys Enter
expect_screen "  /31" "/31 (no record 31) searches the text"
expect_screen "门牌31号堆放杂物" "and finds the title with 31 in it"
expect_no_screen "no record 31" "without saying there is no record"
ui_keys / BSpace BSpace; ui_text "2"; ui_keys Enter   # the prompt starts with the last search
expect_screen "no record 2" "/2 (out of scope, no text with it) says no record"
expect_screen "0 of 2  /2" "having searched for 2, not for 312"
ui_keys Q   # quit at once
