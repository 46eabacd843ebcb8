# SPDX-License-Identifier: MIT
# The other record kinds of the default configuration: 五步议事法, 需求清单
# and 资源清单 matched into 联建共建项目, 走访, and the levels' base data.
. "$(dirname "$0")/lib.sh"
gc --user admin demo --cases 0   # the tree only: the pairs below are the only ones
N() { gc "$@"; cat "$T/out"; }

# 五步议事法: 居民点题 -> 支部议定 -> 网格实施 -> 结果公开 -> 评价反馈 with a rating.
gc --user wangwu new motion --node 510304001001 title=小区加装电梯 proposer=王建国 "detail=3号楼老人上下楼困难"
expect_rc 0 "community staff raise a residents' topic"
M=$(cat "$T/out")
gc --user wangwu act "$M" decide
expect_rc 3 "the branch's decision needs its opinion"
gc --user wangwu act "$M" decide "decision=同意申报加装电梯"
gc --user zhangsan act "$M" implement "result=已完成意见征集和申报"
expect_rc 6 "a grid worker does not see a community's motion"
gc --user wangwu act "$M" implement "result=已完成意见征集和申报"
gc --user wangwu act "$M" publish
gc --user wangwu act "$M" evaluate rating=9
expect_rc 3 "a rating out of 1-5 is refused"
gc --user wangwu act "$M" evaluate rating=5
expect_rc 0 "residents rate the result"
gc --user wangwu show "$M"
expect_out "state:     评价反馈 (evaluated)" "the fifth step"
expect_out "满意度: 5" "with its rating"

# 需求清单 and 资源清单: proposals by category within a street.
gc --user wangwu new need --node 510304001001 title=老年助餐 category=民生类 people=30
NEED=$(cat "$T/out")
gc --user zhaoliu new resource --node 510304001002 title=爱心食堂 unit=某餐饮公司 category=民生类 capacity=50
RES=$(cat "$T/out")
gc --user zhaoliu new resource --node 510304001003 title=技能培训 unit=职业学校 category=增收类 capacity=20
OTHER=$(cat "$T/out")
gc --user sunqi new resource --node 510304002001 title=外街食堂 unit=另一公司 category=民生类
FAR=$(cat "$T/out")
gc --user wangwu match
expect_rc 0 "the community lists proposals"
check "grep -qE '^$NEED +老年助餐 +<-> $RES +爱心食堂 +民生类' '$T/out'" "its need paired with the resource of the same category in its street"
expect_no_out "<-> $OTHER " "not with another category"
expect_no_out "<-> $FAR " "nor with a resource in another street"
gc --user wangwu set "$NEED" resource=$RES
expect_rc 4 "acceptance is not typed in by hand"
gc --user wangwu match accept "$NEED" "$RES"
expect_out "accepted on your side; waiting for the other" "the need's side accepts"
gc --user admin list --form project --format csv
check "[ \$(tail -n +2 '$T/out' | wc -l) = 0 ]" "no project before both sides accept"
gc --user zhangsan match accept "$NEED" "$RES"
expect_rc 6 "a grid worker sees neither side"
gc --user zhaoliu match accept "$NEED" "$FAR"
expect_rc 6 "a resource of another street is not even offered: no record"
expect_err "no record $FAR" "answered as a missing one"
gc --user admin match accept "$NEED" "$FAR"
expect_rc 3 "a pair across streets is refused"
gc --user zhaoliu match accept "$NEED" "$RES"
expect_out "accepted on both sides: project" "the street accepts the resource's side: a project"
PROJ=$(sed -n 's/.*project \([0-9]*\) created/\1/p' "$T/out")
gc --user wangwu show "$PROJ"
expect_out "form:      联建共建项目 (project)" "a 联建共建项目"
expect_out "state:     签约 (signed)" "at 签约"
expect_out "需求: $NEED" "linking the need"
expect_out "资源: $RES" "and the resource"
expect_out "类别: 民生类" "with the category"
gc --user wangwu show "$NEED"
expect_out "联建项目: $PROJ" "the need knows its project"
gc --user zhaoliu match
expect_no_out "<-> $RES " "a matched pair is no longer proposed"
gc --user wangwu act "$PROJ" start
gc --user zhaoliu act "$PROJ" accept "result=助餐点已运营"
gc --user wangwu show "$PROJ"
expect_out "state:     验收 (accepted)" "签约 -> 实施 -> 验收"

# 走访 and base data.
LANG=zh_CN.UTF-8 "$BIN" --config "$CONFIG" --db "$DB" --user zhangsan new visit --node 510304001001001 \
	household=幸福路3号2单元 date=2026-11-20 "findings=独居老人，需定期探访" followup=是 >"$T/out" 2>"$T/err"
RC=$?
expect_rc 0 "a grid worker records a household visit"
V=$(cat "$T/out")
gc --user zhangsan show "$V"
expect_out "走访户: 幸福路3号2单元" "the visit"
expect_out "需跟进: true" "是 (yes in the Chinese catalogue) read as true"
gc --user admin verify
expect_rc 0 "verify passes"

# Base data of the levels, made by the demo from the configuration.
gc --user wangwu node 510304001001
expect_out "level:     社区 (community)" "a community"
expect_out "党组织: 社区党委" "its party organisation"
check "grep -q '^书记: ..' '$T/out'" "and its secretary"
gc --user zhangsan node 510304001001001
check "grep -qE '^户数: [0-9]+$' '$T/out' && grep -qE '^人口: [0-9]+$' '$T/out' && grep -q '^网格员: ..' '$T/out'" \
	"a grid's households, population and worker"
gc --user zhangsan node 510304001001002
expect_rc 4 "another grid's base data is outside a grid worker's scope"
