# SPDX-License-Identifier: MIT
# Measures over fields (measures:) beside the workflow's counts, and
# rankings (report --rank) with the configured flags: every value checked
# against an independent computation from `export --format jsonl`
# (measures_check.py), on the default configuration and the English example.
. "$(dirname "$0")/lib.sh"
PY=$ROOT/tests/cli/measures_check.py

# check_report DESC RANK FLAGS SPEC... : report --rank RANK against the export.
check_report() {
	desc=$1 rank=$2 flags=$3; shift 3
	gc --user admin export --format jsonl
	cp "$T/out" "$T/export.jsonl"
	gc --user admin report --rank "$rank" --format csv --keys
	cp "$T/out" "$T/report.csv"
	check "python3 '$PY' '$T/export.jsonl' '$T/report.csv' '$rank' '$flags' $* >'$T/py' || { cat '$T/py'; false; }" "$desc"
}

# ---- the default configuration -------------------------------------------
# The tree only, then every record by hand: what is measured is known.
gc --user admin demo --cases 0
expect_rc 0 "the demo district's tree"
# 议事事项 through the five steps, rated, in five streets.
for spec in "510304001001 5" "510304001002 3" "510304002001 4" "510304002002 4" "510304003001 2" \
	"510304004001 5" "510304004002 4" "510304005001 3" "510304005002 3"; do
	set -- $spec
	gc --user admin new motion --node "$1" title=加装电梯 && M=$(cat "$T/out")
	gc --user admin act "$M" decide decision=同意
	gc --user admin act "$M" implement result=已实施
	gc --user admin act "$M" publish
	gc --user admin act "$M" evaluate "rating=$2"
done
expect_rc 0 "motions rated"
gc --user admin new motion --node 510304006001 title=未评价
gc --user admin new need --node 510304001001 title=助餐 category=民生类
gc --user admin new resource --node 510304002001 title=食堂 category=民生类
gc --user admin new pair --node 510304 title=对子 left=510304001001 right=510304002001 && PAIR=$(cat "$T/out")
gc --user admin new project --node 510304001001 title=项目一 category=增收类 "pair=$PAIR"
gc --user admin new project --node 510304002001 title=项目二 category=党建类 "pair=$PAIR"
gc --user admin new project --node 510304002001 title=项目三 category=党建类
gc --user admin new case --node 510304001001001 title=楼道堆物 category=消防应急
# Units in three streets: kinds and party organisations known.
i=0
for spec in "510304001 机关 true" "510304001 两新组织 true" "510304001 两新组织 false" "510304002 企业 false" \
	"510304002 两新组织 true" "510304003 事业单位 true" "510304003 两新组织 false" "510304003 两新组织 false"; do
	set -- $spec; i=$((i + 1))
	gc --user admin new unit --node "$1" "name=单位$i" "kind=$2" "party_org=$3"
done
expect_rc 0 "units are made"
SPECS="satisfaction:average:motion:rating party_coverage:share:unit:party_org:true \
twonew_coverage:share:unit:party_org:true:kind=两新组织 units:count:unit:kind needs:count:need \
resources:count:resource projects:count:project:category projects_per_pair:ratio:project:pair \
claims:count:claim sproject_done:share:sproject:result patrol_cases:share:patrol:case"
check_report "[default] every measure per street and in total, and the ranking by 满意度 with 通报批评 and 约谈, as the export computes them" \
	satisfaction "约谈=1,通报批评=3" $SPECS
check_report "[default] ranked by the units' party coverage: only the streets with units are ranked" \
	party_coverage "约谈=1,通报批评=3" $SPECS
check "[ \$(tr -d '\\r' <'$T/report.csv' | awk -F, '\$1 == \"node\" && \$NF != \"\"' | wc -l) = 3 ] && [ \$(awk -F, '\$1 == \"node\"' '$T/report.csv' | wc -l) -gt 3 ]" \
	"[default] the three streets with units ranked (the last three flagged), the others not"
gc --user admin report --rank party_coverage
expect_out "Ranked by 党组织覆盖率 (higher is better; equal values in the order of the tree):" "[default] the table says what it ranks by and how ties go"
expect_out "应建尽建率" "[default] the measures' table"
check "grep -E '^ +1 510304001 ' '$T/out' | grep -q '66.7%'" "[default] first: the street where two units of three have a party organisation"
gc --user admin report --rank rate_reworks --format csv --keys
expect_rc 0 "[default] a rate of a counted field ranks too (lower is better)"
gc --user admin report --rank nosuch
expect_rc 2 "[default] an unknown measure is a usage error"
expect_err "no measure 'nosuch' to rank by" "[default] saying so"
# Ties: two streets with the same share keep the tree's order.
gc --user admin new unit --node 510304004 name=单位x kind=企业 party_org=true
gc --user admin new unit --node 510304005 name=单位y kind=企业 party_org=true
gc --user admin report --rank party_coverage --format csv --keys
check "[ \"\$(awk -F, '\$1 == \"node\" && \$2 ~ /^51030400[45]\$/ { print \$2 }' '$T/out' | tr '\n' ' ')\" = '510304004 510304005 ' ]" \
	"[default] equal values (100%) keep the tree's order: 510304004 before 510304005"
check_report "[default] with the ties, as the export computes them" party_coverage "约谈=1,通报批评=3" $SPECS
# A period: what was made outside it is not measured.
gc --user admin report --from 2026-11-24 --format csv --keys
check "awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if (\$i == \"m_units\") c = i } \$1 == \"total\" { print \$c }' '$T/out' | grep -qx 0" \
	"[default] a period after the units were made counts none of them"
# stats: the measures per row of the tree, from the same tallies.
gc --user admin stats --format csv --keys
check "awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if (\$i == \"m_party_coverage\") c = i } \$1 == \"510304001\" { print \$c }' '$T/out' | grep -qx 66.7" \
	"[default] stats shows the measures per node"
gc --user wangwu stats
expect_out "议事满意度" "[default] a community officer's stats have the measures too"
gc --user admin report --form resource --by provider --format csv --keys
expect_rc 0 "[default] report --by a unit reference: per unit"

# ---- a broken measures.yaml: every error with FILE:LINE:COL --------------
mkdir "$T/cfg"
cp -L "$ROOT"/config/demo/*.yaml "$T/cfg/"
sed -i 's/kind: average, field: rating}/kind: average, field: title}\n  bad_kind: {form: motion, kind: median, field: rating}\n  closed_rate: {form: motion, kind: count}/' "$T/cfg/measures.yaml"
"$BIN" --config "$T/cfg" check-config >"$T/out" 2>"$T/err"; RC=$?
expect_rc 3 "a broken measures section: bad data"
expect_err "measures.yaml:8:68: measures: form 'motion' has no int field 'title' (average)" "an average of a field that is not an int, at its place"
expect_err "measures.yaml:9:34: measures: kind must be average, share, count or ratio, not 'median'" "an unknown kind"
expect_err "measures.yaml:10:3: measures: 'closed_rate' is a built-in measure of rankings" "a key a ranking has built in"
cp -L "$ROOT"/config/demo/measures.yaml "$T/cfg/"
sed -i 's/{label: 约谈, bottom: 1}/{label: 约谈, bottom: 0}\n    - {label: 无, measure: nosuch, bottom: 2}\n    - {label: 两者}/' "$T/cfg/measures.yaml"
"$BIN" --config "$T/cfg" check-config >"$T/out" 2>"$T/err"; RC=$?
expect_rc 3 "a broken ranking section: bad data"
expect_err "ranking: bottom: a number of rows, 1 or more" "bottom 0 refused"
expect_err "ranking: undefined measure 'nosuch'" "a flag for a measure that is not there"
expect_err "ranking: a flag needs one of bottom: N or below: VALUE" "a flag with neither"

# ---- the English example -------------------------------------------------
CONFIG=$ROOT/config/examples/english
DB=$T/en.db
export GRIDCASE_NOW="2026-11-23T10:00:00+00:00"
gc --user admin demo --cases 300 --seed 5
expect_rc 0 "[english] the example's demo"
n=0
for v in 99000101 99000102 99000201 99000202 99000203 99000301; do
	for s in 3 7 9; do n=$((n + 1)); gc --user admin new survey --node "$v" "place=Hall $n" "score=$(( (s * n) % 11 ))"; done
done
gc --user admin new partner --node 990001 name=Trust sector=Charity safeguarding=yes
P=$(cat "$T/out")
gc --user admin new partner --node 990002 name=Shop sector=Business safeguarding=no
gc --user admin new offer --node 99000101 title=Club theme=Youth "by=$P"
gc --user admin new offer --node 99000201 title=Jobs_fair theme=Jobs
ESPECS="score:average:survey:score safeguarding:share:partner:safeguarding:true offers:count:offer:theme"
check_report "[english] every measure per township, and the ranking by the average score with its flag, as the export computes them" \
	score "Call in=1" $ESPECS
gc --user admin report --rank score
expect_out "Ranked by Average score (higher is better" "[english] in English"
expect_out "Call in" "[english] the bottom one flagged with the example's word"
# A flag below a value: issues of one day in two groups of a village, none closed.
export GRIDCASE_NOW="2026-11-25T10:00:00+00:00"
for g in 990001010101 990001010101 990001010201; do gc --user admin new issue --node "$g" summary=Pothole topic=Roads/Pothole; done
gc --user admin report --node 99000101 --from 2026-11-25 --rank closed_rate --format csv --keys
tr -d '\r' <"$T/out" >"$T/r.csv"
check "[ \"\$(awk -F, '\$1 == \"node\" { print \$2 \"=\" \$(NF - 1) \"=\" \$NF }' '$T/r.csv' | tr '\\n' ' ')\" = '9900010101=1=Warning 9900010102=2=Call in ' ]" \
	"[english] both at 0 % closed: in the tree's order, the last called in, the other warned (below 50)"
exit 0
