# SPDX-License-Identifier: MIT
# The statistics view ranks by a measure (r): rows best first as
# `report --rank` orders them, the bottom ones flagged with the
# configuration's words, and the configured measures per node beside the
# workflow's counts; on the default configuration and the English example.
. "$(dirname "$0")/lib.sh"
"$BIN" --config "$CONFIG" --db "$DB" --user admin demo --cases 1500 --seed 4 >/dev/null
# The report's ranking by 满意度: "name value flag" of the first and the last.
"$BIN" --config "$CONFIG" --db "$DB" --user sunqi report --rank satisfaction --format csv --keys | tr -d '\r' >"$T/rank.csv"
FIRST=$(awk -F, '$1 == "node" && $(NF - 1) == 1 { print $3 }' "$T/rank.csv")
LAST=$(awk -F, '$1 == "node" && $NF != "" { n = $3; f = $NF } END { print n }' "$T/rank.csv")
LASTV=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "m_satisfaction") c = i } $1 == "node" && $NF == "约谈" { print $c }' "$T/rank.csv")
TOTALV=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "m_satisfaction") c = i } $1 == "total" { print $c }' "$T/rank.csv")

ui_start 100 60 --user sunqi
ui_keys S G
expect_screen "议事满意度" "the statistics show the configured measures by their labels (further down)"
expect_screen "Measures" "under their title"
ui_screen
check "grep -qE '^ total +$TOTALV( |\$)' '$T/screen'" "the total's 满意度 is the report's ($TOTALV)"
ui_keys g r
expect_screen "ranked by 议事满意度, higher is better" "r ranks the rows by the first measure"
expect_screen ">$FIRST " "the cursor on the best street, as report --rank orders them ($FIRST)"
ui_screen
check "grep -E '^ $LAST ' '$T/screen' | grep -qE ' $LASTV +约谈\$'" "the last one flagged 约谈 with its value ($LAST $LASTV)"
check "[ \$(grep -c ' 通报批评\$' '$T/screen') = 2 ]" "the two before it 通报批评"
ui_keys Enter
expect_screen "ranked by 议事满意度" "drilling down keeps the ranking"
ui_keys q
N=$(awk '/^measures:/ { on = 1; next } on && /^  [a-z_]+:/ { n++ } /^ranking:/ { on = 0 } END { print n }' "$ROOT/config/measures.yaml")
i=1; while [ $i -le $((N + 3)) ]; do TM send-keys -t ui r; i=$((i + 1)); done; ui_settle
expect_screen "sorted by tree order, ascending" "after every measure and the three rates, r goes back to the tree's order"
expect_no_screen "约谈" "with no flags"
ui_keys Q

# The English example: the same key, the example's measure and flag.
CONFIG=$ROOT/config/examples/english
DB=$T/en.db
"$BIN" --config "$CONFIG" --db "$DB" --user admin demo --cases 300 --seed 5 >/dev/null
n=0
for v in 99000101 99000201 99000202 99000301 99000401; do
	for s in 2 5 8; do n=$((n + 1)); "$BIN" --config "$CONFIG" --db "$DB" --user admin new survey --node "$v" "place=Hall $n" "score=$(( (s * n) % 11 ))" >/dev/null; done
done
"$BIN" --config "$CONFIG" --db "$DB" --user eve report --rank score --format csv --keys | tr -d '\r' >"$T/rank.csv"
# Names are cut to 11 columns in the table.
FIRST=$(awk -F, '$1 == "node" && $(NF - 1) == 1 { print substr($3, 1, 11) }' "$T/rank.csv")
LAST=$(awk -F, '$1 == "node" && $NF == "Call in" { print substr($3, 1, 11) }' "$T/rank.csv")
ui_start 100 40 --user eve
ui_keys S r
expect_screen "ranked by Average score, higher is better" "[english] r ranks by the example's first measure"
expect_screen ">$FIRST " "[english] the best township first ($FIRST)"
ui_screen
check "grep -E '^ $LAST ' '$T/screen' | grep -q 'Call in\$'" "[english] the last one called in ($LAST)"
expect_screen "Safeguarded" "[english] the measures by the example's labels"
ui_keys Q
exit 0
