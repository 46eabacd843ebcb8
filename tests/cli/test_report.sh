# SPDX-License-Identifier: MIT
# Assessment statistics (stats --from --to, report), checked against counts
# computed here, independently, from an export of the same database.
. "$(dirname "$0")/lib.sh"
gc --user admin demo --cases 3000 --seed 3
expect_rc 0 "a demo district"
gc --user admin export
cp "$T/out" "$T/all.csv"

# Column numbers from the export's header.
col() { head -1 "$T/all.csv" | tr ',' '\n' | grep -nx "$1" | cut -d: -f1; }
NODE=$(col node) STATE=$(col state) CREATED=$(col created) CAT=$(col category) REWORKS=$(col reworks)
# expected KEYLEN: per node prefix of KEYLEN characters under 510304001, cases created
# from 2026-06-01 to 2026-09-30: "code reported open closed reworked".
expected() {
	awk -F, -v n="$NODE" -v s="$STATE" -v c="$CREATED" -v w="$REWORKS" -v len="$1" '
		NR > 1 && substr($n, 1, 9) == "510304001" && substr($c, 1, 10) >= "2026-06-01" && substr($c, 1, 10) <= "2026-09-30" {
			k = substr($n, 1, len); rep[k]++
			if ($s == "closed") { cl[k]++; if ($w > 0) rw[k]++ } else op[k]++
		}
		END { for (k in rep) printf "%s %d %d %d %d\n", k, rep[k], op[k], cl[k], rw[k] }' "$T/all.csv" | sort
}
# From the report's CSV: the same five columns of its node rows.
reported() {
	awk -F, 'NR > 1 && $1 == "node" { printf "%s %d %d %d %d\n", $2, $6, $7, $9, $11 }' "$T/out" | sort
}

gc --user admin report --node 510304001 --from 2026-06-01 --to 2026-09-30 --format csv --keys
expect_rc 0 "report --format csv"
expect_out "kind,code,name,from,to,reported,open,overdue,closed,closed_on_time,closed_with_reworks,closed_with_supervisions,avg_handling_hours,state_reported" \
	"the CSV header names every measure and state"
expected 12 >"$T/want"
reported >"$T/got"
check "[ -s '$T/want' ] && cmp -s '$T/want' '$T/got'" "per community: reported, open, closed and reworked match the export ($(wc -l <"$T/want") communities)"
[ -s "$T/want" ] && ! cmp -s "$T/want" "$T/got" && diff "$T/want" "$T/got" | sed 's/^/# /' | head
awk '{ r += $2; o += $3; c += $4; w += $5 } END { printf "%d %d %d %d\n", r, o, c, w }' "$T/want" >"$T/want_total"
awk -F, '$1 == "total" { printf "%d %d %d %d\n", $6, $7, $9, $11 }' "$T/out" >"$T/got_total"
check "cmp -s '$T/want_total' '$T/got_total'" "the total is the sum of the communities ($(cat "$T/want_total"))"

# Per category: the part of the category before '/'.
awk -F, -v n="$NODE" -v c="$CREATED" -v k="$CAT" '
	NR > 1 && substr($n, 1, 9) == "510304001" && substr($c, 1, 10) >= "2026-06-01" && substr($c, 1, 10) <= "2026-09-30" {
		split($k, p, "/"); rep[p[1]]++ }
	END { for (x in rep) printf "%s %d\n", x, rep[x] }' "$T/all.csv" | sort >"$T/want_cat"
awk -F, '$1 == "category" { printf "%s %d\n", $3, $6 }' "$T/out" | sort >"$T/got_cat"
check "[ -s '$T/want_cat' ] && cmp -s '$T/want_cat' '$T/got_cat'" "per category (五网合一 group): reported matches the export"

# A community worker's report is their community's grids only.
gc --user wangwu report --from 2026-06-01 --to 2026-09-30 --format csv
expected 15 | grep '^510304001001' >"$T/want"
reported >"$T/got"
check "[ -s '$T/want' ] && cmp -s '$T/want' '$T/got'" "wangwu's report: his community's grids, matching the export"
gc --user zhangsan report --node 510304 --format csv
check "[ \$(awk -F, '\$1 == \"node\"' '$T/out' | wc -l) = 1 ] && grep -q '^node,510304001001001,' '$T/out'" \
	"zhangsan asking for the district gets his grid only"

# The text form: a dated summary with rates.
gc --user admin stats --node 510304001 --from 2026-06-01 --to 2026-09-30
expect_rc 0 "stats with a period prints the assessment"
expect_out "Assessment of 事件 (case) under 510304001 大安街道, reported 2026-06-01 .. 2026-09-30, made 2026-11-23 09:00" \
	"dated, with the node and the period"
expect_out "CLOSED%" "closure rate"
expect_out "ONTIME%" "on-time closure rate"
expect_out "返工次数%" "the rework rate, named by the configuration"
expect_out "CATEGORY" "and a table per category"
check "grep -qE '^STATE +上报 +退回 +受理' '$T/out'" "the counts per state, by the workflow's labels"
S=$(awk '$1 == "total" { n++; if (n == 2) { for (i = 3; i <= NF; i++) s += $i; print s } }' "$T/out")
check "[ '$S' = \"\$(cut -d' ' -f1 '$T/want_total')\" ]" "per state they add up to the reported ($S)"
R=$(awk '$1 == "total" { print $3; exit }' "$T/out")
check "[ '$R' = \"\$(cut -d' ' -f1 '$T/want_total')\" ]" "the text total agrees with the CSV ($R)"
gc --user admin report --from 2026-13-01
expect_rc 2 "a bad date is a usage error"
expect_err "--from needs a date" "naming the option"
gc --user admin report --from 2026-09-30 --to 2026-06-01
expect_rc 2 "an empty period is refused"
gc --user admin report --format xml
expect_rc 2 "an unknown format is refused"

# On time, rework and handling hours on cases whose history is known.
DB=$T/small.db
gc --user admin init
gc --user admin import nodes "$ROOT/tests/cli/nodes.csv"
at() { saved=$GRIDCASE_NOW; GRIDCASE_NOW=$1; shift; "$@"; GRIDCASE_NOW=$saved; }
close_case() {   # close_case TIME_OF_CLOSE [rework]: reported Monday 09:00, closed at TIME
	gc --user zhangsan new case --node 510304001001001 title=测试 category=城市管理/暴露垃圾
	id=$(cat "$T/out")
	for step in accept register "dispatch assignee=zhangsan"; do gc --user wangwu act "$id" $step; done
	gc --user zhangsan act "$id" handle result=已处置
	if [ "${2:-}" = rework ]; then
		gc --user wangwu act "$id" rework --comment 不合格
		gc --user zhangsan act "$id" handle result=已处置
	fi
	gc --user wangwu act "$id" verify
	at "$1" gc --user wangwu act "$id" close
}
close_case 2026-11-23T11:00:00+08:00           # 2 working hours, on time
close_case 2026-11-24T08:45:00+08:00 rework    # 6.75 working hours, within 核查's 1wd
close_case 2026-11-25T12:00:00+08:00           # 17 working hours: 核查 ran past its 1wd
gc --user admin report --format csv
check "grep -q '^total,510304,[^,]*,,,3,0,0,3,2,1,0,8.6,' '$T/out'" \
	"3 closed, 2 on time, 1 reworked, average (2 + 6.75 + 17) / 3 = 8.6 working hours"
