# SPDX-License-Identifier: MIT
# The list past its first page, the focus marker, :node with several
# matches, :sort's cursor. The demo district (2188 records) is read from
# the store a page at a time; what the UI shows at a position is what
# `list` gives there.
. "$(dirname "$0")/lib.sh"
"$BIN" --config "$CONFIG" --db "$DB" --user admin demo --cases 300 >/dev/null
"$BIN" --config "$CONFIG" --db "$DB" --user sunqi list --format csv --keys >"$T/all.csv"
total=$(($(wc -l <"$T/all.csv") - 1))
check "[ $total -gt 1000 ]" "the district has $total records"
ui_start 80 24 --user sunqi
ui_wait sunqi
ui_keys Tab
# 21 rows a page (24 rows less the title, the header and the hints).
n=0
while [ $n -lt 30 ]; do ui_keys PPage; n=$((n + 1)); done   # nothing above the first
n=0
while [ $n -lt 20 ]; do ui_keys NPage; n=$((n + 1)); done
pos=$((20 * 20 + 1))
expect_screen "$pos/$total" "twenty pages down the cursor is at $pos of $total"
id=$(sed -n "$((pos + 1))p" "$T/all.csv" | cut -d, -f1)
ui_screen
check "grep -q '^.*|.  *$id ' '$T/screen'" "the row there is #$id, as list has it at $pos (past the first page of 200)"
ui_keys G
expect_screen "$total/$total" "G: the last record"
last=$(tail -1 "$T/all.csv" | cut -d, -f1)
check "grep -q '|.  *$last ' '$T/screen'" "it is #$last, list's last"
ui_keys k k
expect_screen "$((total - 2))/$total" "and the cursor moves back up from there"
n=0
while [ $n -lt 15 ]; do ui_keys PPage; n=$((n + 1)); done
pos=$((total - 2 - 15 * 20))
expect_screen "$pos/$total" "fifteen pages up from the end: $pos"
id=$(sed -n "$((pos + 1))p" "$T/all.csv" | cut -d, -f1)
ui_screen
check "grep -q '^.*|.  *$id ' '$T/screen'" "the row there is #$id, as list has it (pages read back up from the end)"
ui_keys g
expect_screen "1/$total" "g: the first again"
# The tree keeps a dim > on its row while the list has the keys.
dim() { TM capture-pane -t ui -e -p | sed -n "${1}p" | grep -q "$(printf '\033')\\[[0-9;]*2m"; }
ui_screen
check "sed -n 2p '$T/screen' | grep -q '^>- 大安区' && dim 2" "the unfocused tree's row has a dim >"
ui_keys Tab
ui_screen
check "sed -n 3p '$T/screen' | grep -q '|>' && dim 3" "and the list's row keeps one when the tree has the keys"
# :node 第一网格: every community has one; the choice lists them under their parents.
ui_keys : ; ui_text "node 第一网格"; ui_keys Enter
expect_screen "nodes named '第一网格':" ":node with several matches lists them"
expect_screen "1  东华社区/第一网格  510304001001001" "each under its parent, with its code"
expect_screen "(more: type more of the name, or its code)" "more than nine: say how to narrow"
expect_screen "which node? its number (Esc cancels)" "and ask for a number"
ui_screen
code=$(sed -n 's/^  2  [^ ]*\/第一网格  \([0-9]*\).*/\1/p' "$T/screen")
ui_keys 2
expect_screen "$code 第一网格  " "2 lists the second one ($code)"
ui_keys : ; ui_text "node 东华社区"; ui_keys Enter
expect_screen "510304001001 东华社区" ":node with a name only one node has goes there at once"
ui_keys j j j
ui_keys : ; ui_text "sort due"; ui_keys Enter
expect_screen " 1/" ":sort puts the cursor on the first row of the new order"
"$BIN" --config "$CONFIG" --db "$DB" --user sunqi list --node 510304001001 --sort due --limit 1 --format csv --keys >"$T/first.csv"
first=$(sed -n 2p "$T/first.csv" | cut -d, -f1)
ui_screen
check "sed -n 3p '$T/screen' | grep -q '|.  *$first '" "and that row is #$first, the first by due time"
ui_keys Q
