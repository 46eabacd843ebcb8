# SPDX-License-Identifier: MIT
# Role days at 80x24, Chinese typed as UTF-8 through the real terminal:
# zhangsan (grid worker) records a case with a 300-character description
# through the picker and the editor, then a 走访记录; sunqi (district) drills
# the statistics down to the worst community and supervises one of its
# overdue cases; a connection dropped in the middle of a form comes back
# as a draft.
. "$(dirname "$0")/lib.sh"
"$BIN" --config "$CONFIG" --db "$DB" --user admin demo --cases 2000 --seed 5 >/dev/null
G() { "$BIN" --config "$CONFIG" --db "$DB" "$@"; }
# A 300-character description, as a grid worker writes one: sentences with
# Chinese punctuation, a number and an address.
python3 - >"$T/detail" <<'PY'
import sys
s = ("网格员巡查发现幸福路12号3单元楼道内堆放大量纸箱和旧家具，堵塞消防通道，"
     "灭火器压力表指针已在红区，存在严重火灾隐患。已当面告知住户尽快清理，"
     "并张贴整改通知。住户表示两天内处理，网格员将于周三复查；如仍未整改，"
     "请社区协调物业和消防部门联合处置。")
while len(s) < 300:
    s += "复查记录：楼道仍有杂物，已再次提醒。"
sys.stdout.write(s[:300])
PY
check "[ \$(python3 -c 'import sys; print(len(open(sys.argv[1]).read()))' '$T/detail') = 300 ]" "the description has 300 characters"

# ---- zhangsan, grid worker: a case, then a visit -------------------------
ui_start 80 24 --user zhangsan
expect_screen "第一网格" "zhangsan starts in his grid"
ui_keys c
expect_screen "1 事件 (case)  2 走访记录 (visit)" "c on his grid asks which form"
ui_text "事"
expect_screen "new 事件 at 510304001001001 第一网格" "事 makes a case"
ui_keys Enter; ui_text "幸福路12号楼道堆物、灭火器过期"; ui_keys Enter
ui_keys Enter
expect_screen "类别   (type to narrow" "类别 opens the picker"
ui_text "灭火器"
expect_screen "消防应急/灭火器过期" "灭火器 narrows to its kind"
ui_keys Enter
ui_keys Enter; ui_text "幸福路12号3单元"; ui_keys Enter
ui_keys Enter; ui_text "李大爷"; ui_keys Enter
ui_keys Enter; ui_text "1381234567"; ui_keys Enter
expect_screen "is not right here: 11位手机号码" "ten digits: the hint says what is wanted"
ui_text "8"; ui_keys Enter   # the refused value was kept: one more digit
ui_keys Enter
expect_screen "描述  (F2 or ^D keeps" "描述 opens the editor"
ui_text "$(cat "$T/detail")"
expect_screen "300 characters" "300 characters typed"
ui_keys F2 s
expect_screen "created" "s saves the case"
ID=$(G --user zhangsan list --format csv | awk -F, '/幸福路12号楼道堆物、灭火器过期/ { print $1 }')
G --user zhangsan show "$ID" --json >"$T/out"
check "python3 -c 'import json,sys; d = json.load(open(sys.argv[1])); t = open(sys.argv[2]).read(); sys.exit(not (d[\"detail\"] == t and d[\"category\"] == \"消防应急/灭火器过期\" and d[\"phone\"] == \"13812345678\" and d[\"location\"] == \"幸福路12号3单元\" and d[\"reporter\"] == \"李大爷\"))' '$T/out' '$T/detail'" \
	"the case #$ID holds every field as typed, the 300 characters exactly"
expect_screen "#$ID  幸福路12号楼道堆物、灭火器过期" "the new case's page"
ui_keys q
ui_keys c
ui_text "走"
expect_screen "new 走访记录 at 510304001001001 第一网格" "走 makes a visit"
ui_keys Enter; ui_text "幸福路12号3单元201 王奶奶"; ui_keys Enter
ui_keys Enter; ui_text "2026-11-23"; ui_keys Enter
ui_keys Enter; ui_text "独居老人，身体尚可，反映楼道杂物影响出行。"; ui_keys F2
ui_keys Enter   # 需跟进: toggled to true
ui_keys s
expect_screen "created" "the visit is saved"
G --user zhangsan list --form visit --format csv >"$T/out"
check "grep -q '幸福路12号3单元201 王奶奶' '$T/out'" "the 走访记录 is stored"
check "grep -q '独居老人，身体尚可' '$T/out' && grep -q 'true' '$T/out'" "with what was learnt and the follow-up flag"
ui_keys Q

# ---- sunqi, district: the worst street, its worst community, supervise --
worst() {
	G --user sunqi report ${1:+--node $1} --format csv |
		awk -F, '$1 == "node" && $9 > 0 { r = int(($10 * 1000 + int($9 / 2)) / $9);
			if (best == "" || r < best) { best = r; code = $2; name = $3 } } END { print code, name }'
}
set -- $(worst); STREET=$1 STREET_NAME=$2
set -- $(worst "$STREET"); COMMUNITY=$1 COMMUNITY_NAME=$2
G --user sunqi list --node "$COMMUNITY" --overdue --format csv | awk -F, 'NR > 1 { print $1 }' >"$T/overdue"
check "[ -s '$T/overdue' ]" "the worst community ($COMMUNITY_NAME) has overdue cases ($(tr '\n' ' ' <"$T/overdue"))"
ui_start 80 24 --user sunqi
ui_keys S s s s
expect_screen ">$STREET_NAME " "the statistics sorted by the on-time rate: the worst street first"
ui_keys Enter
expect_screen ">$COMMUNITY_NAME " "its worst community first"
ui_keys Enter
expect_screen "大安区 > $STREET_NAME > $COMMUNITY_NAME" "down at the community"
ui_keys q q q
ui_keys : ; ui_text "node $COMMUNITY"; ui_keys Enter
ui_keys o
ui_keys Enter
ui_screen
CASE=$(sed -n 's/^#\([0-9][0-9]*\)  .*/\1/p' "$T/screen" | head -1)
check "grep -qx '$CASE' '$T/overdue'" "an overdue case of the community is open (#$CASE)"
ui_keys a
expect_screen " i  督办 (supervise), with a comment" "督办 offered on the overdue case, by its letter i"
ui_keys i
expect_screen "督办 comment (needed):" "督办 asks for the opinion"
ui_text "请于今日内处置完毕并回复"
ui_keys Enter
G --user sunqi history "$CASE" >"$T/out"
expect_out "supervise" "the case was supervised"
expect_out "请于今日内处置完毕并回复" "with the opinion"
G --user sunqi show "$CASE" >"$T/out"
expect_out "督办次数: 1" "and counted"
ui_keys Q

# ---- a dropped connection in the middle of a form ------------------------
ui_start 80 24 --user zhangsan
ui_keys c
ui_text "走"
ui_keys Enter; ui_text "和平路8号 张大爷"; ui_keys Enter
ui_keys Enter; ui_text "2026-11-2"
TM kill-pane -t ui
sleep 1
ui_start 80 24 --user zhangsan
expect_screen "a draft was kept when your connection dropped (new 走访记录 at 第一网格" "the draft offered at the next start"
ui_keys y
expect_screen "和平路8号 张大爷" "with the household"
expect_screen "2026-11-2" "and the date as far as it was typed"
ui_keys Enter
ui_text "3"; ui_keys Enter s
expect_screen "created" "finished and saved"
G --user zhangsan list --form visit --format csv >"$T/out"
check "grep -q '和平路8号 张大爷.*2026-11-23' '$T/out'" "the visit from the draft is stored"
ui_keys Q
