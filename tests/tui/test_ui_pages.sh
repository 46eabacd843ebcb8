# SPDX-License-Identifier: MIT
# A filtered list past its first pages: what the UI shows at a position,
# its total and G's last record are what `list` gives with the same
# filters (the store reads the page next to a record of the one the UI
# has, and a G from the other end of the postings), for the open records
# in id order, the overdue ones in due order and those both 派遣 and
# overdue (a total no counter gives).
. "$(dirname "$0")/lib.sh"
"$BIN" --config "$CONFIG" --db "$DB" --user admin demo --cases 10000 --seed 3 >/dev/null
"$BIN" --config "$CONFIG" --db "$DB" --user sunqi list --open --format csv --keys --limit 0 >"$T/open.csv"
"$BIN" --config "$CONFIG" --db "$DB" --user sunqi list --overdue --format csv --keys --limit 0 >"$T/over.csv"
"$BIN" --config "$CONFIG" --db "$DB" --user sunqi list --state 派遣 --overdue --format csv --keys --limit 0 >"$T/both.csv"
total=$(($(wc -l <"$T/open.csv") - 1))
over=$(($(wc -l <"$T/over.csv") - 1))
both=$(($(wc -l <"$T/both.csv") - 1))
check "[ $total -gt 450 ] && [ $over -gt 200 ]" "the district has $total open records, $over overdue"
row_is() {   # row_is POS FILE WHAT: the row of the record FILE has at POS
	_id=$(sed -n "$(($1 + 1))p" "$2" | cut -d, -f1)
	ui_screen
	check "grep -q '^.*|.  *$_id ' '$T/screen'" "$3: the row at $1 is #$_id, as list has it"
}
ui_start 80 24 --user sunqi
ui_wait sunqi
ui_keys Tab : ; ui_text "filter open"; ui_keys Enter
expect_screen " $total of " "the header's total of open records is the real count (no +)"
n=0
while [ $n -lt 22 ]; do ui_keys NPage; n=$((n + 1)); done
pos=$((22 * 20 + 1))
expect_screen "$pos/$total" "22 pages down (past the first two pages of 200) the cursor is at $pos of $total"
row_is $pos "$T/open.csv" "open"
ui_keys G
expect_screen "$total/$total" "G on the filtered list: the last record"
row_is $total "$T/open.csv" "G"
n=0
while [ $n -lt 12 ]; do ui_keys PPage; n=$((n + 1)); done
pos=$((total - 12 * 20))
expect_screen "$pos/$total" "twelve pages back up from the end: $pos"
row_is $pos "$T/open.csv" "back up"
ui_keys : ; ui_text "filter all overdue"; ui_keys Enter
expect_screen " $over of " "overdue: the real count, $over"
ui_keys G
expect_screen "$over/$over" "G on the overdue list"
row_is $over "$T/over.csv" "G, overdue (due order)"
ui_keys g j j
row_is 3 "$T/over.csv" "overdue, the third"
# Two filters whose total no counter gives: counted from the postings.
ui_keys : ; ui_text "filter 派遣"; ui_keys Enter
expect_screen " $both of " "派遣 and overdue: the real count, $both"
expect_screen "[派遣 overdue]" "both filters in the header"
ui_keys G
expect_screen "$both/$both" "G on it"
row_is $both "$T/both.csv" "G, 派遣 and overdue"
ui_keys Q
# A count past its budget (GRIDCASE_COUNT_STEPS stands for a district of
# millions): the header says a lower bound, G counts it all and goes to
# the real last record.
UI_ENV="LANG=C.UTF-8 GRIDCASE_COUNT_STEPS=50" ui_start 80 24 --user sunqi
ui_wait sunqi
ui_keys Tab : ; ui_text "filter overdue"; ui_keys Enter
expect_screen "+ of " "past the budget the total is a lower bound (N+)"
ui_keys G
expect_screen "$over/$over" "G counts it all: the real last record"
expect_screen " $over of " "and the header now has the real count"
row_is $over "$T/over.csv" "G past the budget"
ui_keys Q
