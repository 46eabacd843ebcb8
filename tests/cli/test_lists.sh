# SPDX-License-Identifier: MIT
# The practice's second part on the default configuration: 联建共建对子
# (a pair of communities across streets, node fields of a level) with their
# projects; the 服务清单 matched across the district (area: district) and
# claimed by residents; 书记项目 with a quarterly review that restarts its
# clock; 常态督导 findings turned into cases and their rectification.
. "$(dirname "$0")/lib.sh"
gc --user admin demo --cases 0

# ---- 联建共建对子 ----------------------------------------------------------
gc --user sunqi new pair --node 510304 title=城阳村-西大洋 left=510304001001 right=510304002003 \
	agreement=党建引领阳光社区联建共建合作协议 signed=2026-07-14
expect_rc 0 "the district records a pair of communities of two streets"
PAIR=$(cat "$T/out")
gc --user sunqi new pair --node 510304 title=错对子 left=510304001
expect_rc 3 "a street is not a community: refused"
expect_err "node 510304001 is not a 社区 (community)" "saying what the field needs"
gc --user sunqi new project --node 510304001001 title=海鲜产供销共同体 category=增收类 "pair=$PAIR"
expect_rc 0 "a project under the pair"
P1=$(cat "$T/out")
gc --user sunqi new project --node 510304002003 title=党员双三亮 category=党建类 "pair=$PAIR"
gc --user sunqi new project --node 510304002003 title=错项目 category=党建类 "pair=$P1"
expect_rc 3 "a project's pair must be a pair"
gc --user admin list --form project --field "pair=$PAIR" --format csv
check "[ \$(tail -n +2 '$T/out' | wc -l) = 2 ]" "list --field pair=ID: the pair's two projects"
gc --user admin list --form pair --field left=510304001001
expect_out "城阳村-西大洋" "a community's pairs by its code"
gc --user admin report --form project --by pair --format csv --keys
check "grep -q '^category,$PAIR,城阳村-西大洋,' '$T/out'" "report --by pair: a row per pair, titled by it"
gc --user admin report --format csv --keys
check "awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if (\$i == \"m_projects_per_pair\") c = i } \$1 == \"total\" { print \$c }' '$T/out' | grep -qx 2.00" \
	"对子项目数: two projects per pair in the district"

# ---- 服务清单 across the district -----------------------------------------
gc --user wangwu new need --node 510304001001 title=老年助餐 category=民生类 people=30
NEED=$(cat "$T/out")
gc --user sunqi new service --node 510304003002 title=爱心午餐 category=民生类 capacity=40
SVC=$(cat "$T/out")
gc --user wangwu match --matching services
expect_rc 0 "the community lists the services' proposals"
check "grep -qE '^$NEED +老年助餐 +<-> $SVC +爱心午餐 +民生类' '$T/out'" "its need paired with a service of another street (area: district)"
gc --user wangwu match --matching needs
expect_no_out "<-> $SVC " "the street-bound matching does not offer it"
gc --user wangwu match accept --matching services "$NEED" "$SVC"
expect_out "accepted on your side; waiting for the other" "the need's side accepts"
gc --user sunqi match accept --matching services "$NEED" "$SVC"
expect_out "accepted on both sides" "the other side accepts: a claim"
CLAIM=$(sed -n 's/.* \([0-9]*\) created/\1/p' "$T/out")
gc --user wangwu show "$CLAIM"
expect_out "form:      服务认领 (claim)" "the claim"
expect_out "服务: $SVC" "of the service"
expect_out "需求: $NEED" "for the need"
gc --user wangwu new claim --node 510304001001 title=王大妈认领午餐 "service=$SVC" claimant=王大妈 people=1
expect_rc 0 "a resident claims a service of another street"
C2=$(cat "$T/out")
gc --user wangwu act "$C2" serve rating=5
gc --user wangwu show "$C2"
expect_out "state:     已服务 (served)" "served and rated"
gc --user admin list --form claim --field "service=$SVC" --format csv
check "[ \$(tail -n +2 '$T/out' | wc -l) = 2 ]" "the service's claims: the matched one and the resident's"

# ---- 书记项目 --------------------------------------------------------------
gc --user wangwu new sproject --node 510304001001 title=老旧院落改造 secretary=杨志强 "milestones=一季度摸底；二季度设计；三季度施工"
expect_rc 0 "the secretary claims a project"
S=$(cat "$T/out")
gc --user wangwu act "$S" start
gc --user wangwu act "$S" progress progress=40
gc --user wangwu show "$S" --json
DUE1=$(sed -n 's/.*"due":"\([^"]*\)".*/\1/p' "$T/out")
gc --user wangwu act "$S" review score=4 --comment 进度正常
expect_rc 4 "the quarterly review is the street's"
export GRIDCASE_NOW="2026-12-21T09:00:00+08:00"
gc --user zhaoliu act "$S" review score=4 --comment 一季度进度正常
expect_rc 0 "the street reviews the quarter"
gc --user zhaoliu show "$S" --json
DUE2=$(sed -n 's/.*"due":"\([^"]*\)".*/\1/p' "$T/out")
expect_out '"reviews":"1"' "the reviews counted"
expect_out '"state":"underway"' "still 推进"
check "[ -n '$DUE1' ] && [ '$DUE2' \\> '$DUE1' ]" "the review restarts the quarter's clock ($DUE1 -> $DUE2)"
gc --user zhaoliu act "$S" finish "result=院落改造完成"
gc --user admin report --format csv --keys
check "awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if (\$i == \"m_sproject_done\") c = i } \$1 == \"total\" { print \$c }' '$T/out' | grep -qx 100.0" \
	"书记项目完成率 measured"

# ---- 常态督导 --------------------------------------------------------------
gc --user zhaoliu new patrol --node 510304001001 title=党群服务中心专项检查 kind=专题巡查 date=2026-12-21 \
	inspectors=区委督查组 "findings=活动阵地制度未上墙"
expect_rc 0 "the inspection team records a patrol and its finding"
PT=$(cat "$T/out")
gc --user zhangsan new case --node 510304001001001 title=楼道堆物 category=消防应急
C0=$(cat "$T/out")
gc --user zhaoliu act "$PT" file_case grid=510304001001001 "case=$C0"
expect_rc 4 "the case is not typed in: 转事件 makes it"
gc --user zhaoliu act "$PT" file_case grid=510304001002001
expect_rc 3 "a grid of another community is refused"
expect_err "under a grid node of the record's own" "saying where the case must be"
gc --user zhaoliu act "$PT" file_case grid=510304001001001
expect_rc 0 "转事件: the finding becomes a case in the grid named"
gc --user zhaoliu show "$PT" --json
CASE=$(sed -n 's/.*"case":"\([0-9]*\)".*/\1/p' "$T/out")
expect_out '"state":"rectifying"' "the patrol is now 整改中"
gc --user zhangsan show "$CASE"
expect_rc 0 "the grid's worker sees the new case ($CASE)"
expect_out "form:      事件 (case)" "a case"
expect_out "node:      510304001001001" "in the grid named"
expect_out "state:     上报 (reported)" "at the start of its own workflow"
expect_out "标题: 党群服务中心专项检查" "titled by the finding"
expect_out "描述: 活动阵地制度未上墙" "described by it"
expect_out "类别: 社区党建" "in the category the configuration sets"
gc --user zhaoliu history "$CASE"
expect_out "zhaoliu" "made by the inspector who turned the finding into it"
gc --user admin verify
expect_rc 0 "every index and counter still matches (the case and the patrol in one transaction)"
gc --user wangwu act "$PT" report "rectification=已上墙"
gc --user zhaoliu act "$PT" recheck_fail --comment 内容不全
gc --user zhaoliu show "$PT" --json
expect_out '"rechecks":"1"' "a failed recheck is counted"
expect_out '"state":"rectifying"' "and back to 整改中"
gc --user wangwu act "$PT" report "rectification=已补全上墙"
gc --user zhaoliu act "$PT" recheck_pass
gc --user wangwu show "$PT"
expect_out "state:     整改完成 (closed)" "the rectification followed up to its end"
expect_out "转办事件: $CASE" "with its case"
gc --user admin list --form patrol --field "case=$CASE"
expect_out "党群服务中心专项检查" "the case's patrol found by its id"

# ---- broken: a node field's level, a transition's create: ----------------
mkdir "$T/cfg"
cp -L "$ROOT"/config/demo/*.yaml "$T/cfg/"
sed -i 's/type: node, level: community, required: true}/type: node, level: village, required: true}/' "$T/cfg/forms.yaml"
sed -i 's/create: {form: case, at: grid, link: case,/create: {form: cases, at: grid, link: case,/' "$T/cfg/workflows.yaml"
"$BIN" --config "$T/cfg" check-config >"$T/out" 2>"$T/err"; RC=$?
expect_rc 3 "a broken configuration: bad data"
expect_err "field 'left' of form 'pair': undefined level 'village'" "a node field of a level that is not there"
expect_err "form 'patrol': transition 'file_case' creates undefined form 'cases'" "a transition that creates a form that is not there"
check "grep -c 'forms.yaml:[0-9]*:[0-9]*: ' '$T/err' | grep -qx 2" "both named by file:line:col"

# ---- the English example: the same capabilities, other words -------------
CONFIG=$ROOT/config/examples/english
DB=$T/en.db
export GRIDCASE_NOW="2026-11-23T10:00:00+00:00"
gc --user admin demo --cases 0
gc --user eve new twin --node 9900 title=Oak-Elm first=99000101 second=99000201
expect_rc 0 "[english] two villages of two townships twinned"
TW=$(cat "$T/out")
gc --user eve new twin --node 9900 title=Wrong first=990001010101
expect_rc 3 "[english] a grid is not a village"
expect_err "is not a Village (village)" "[english] saying so"
gc --user carla new request --node 99000101 title=Youth_club_help theme=Youth
REQ=$(cat "$T/out")
gc --user eve new offer --node 99000301 title=Football_coach theme=Youth
OFF=$(cat "$T/out")
gc --user carla match
check "grep -qE '^$REQ +Youth_club_help +<-> $OFF +Football_coach +Youth' '$T/out'" "[english] a request paired with an offer of another township (area: district)"
gc --user carla match accept "$REQ" "$OFF"
gc --user eve match accept "$REQ" "$OFF"
expect_out "accepted on both sides: booking" "[english] both sides: a booking"
B=$(sed -n 's/.* \([0-9]*\) created/\1/p' "$T/out")
gc --user eve set "$B" "twin=$TW"
expect_rc 0 "[english] the booking under the twinning"
gc --user eve set "$B" "twin=$REQ"
expect_rc 3 "[english] a twinning field must name a twinning"
gc --user admin list --field "twin=$TW"
expect_out "Youth_club_help" "[english] list --field twin=ID"
gc --user dev new inspection --node 99000101 "title=Broken fence by the school" "notes=Seen on the walkabout"
IN=$(cat "$T/out")
gc --user carla act "$IN" raise grid=990001010101
expect_rc 4 "[english] raising is the township's"
gc --user dev act "$IN" raise grid=990001010101
expect_rc 0 "[english] the finding raised as an issue (create:)"
gc --user dev show "$IN" --json
ISS=$(sed -n 's/.*"issue":"\([0-9]*\)".*/\1/p' "$T/out")
gc --user ann show "$ISS"
expect_out "node:      990001010101" "[english] the issue in the grid named, seen by its keeper"
expect_out "Summary: Broken fence by the school" "[english] titled by the finding"
expect_out "Topic: Safety" "[english] with the topic the example sets"
gc --user admin report --format csv --keys
check "awk -F, '{ sub(/\\r\$/, \"\") } NR == 1 { for (i = 1; i <= NF; i++) if (\$i == \"m_per_twin\") c = i } \$1 == \"total\" { print \$c }' '$T/out' | grep -qx 1.00" \
	"[english] bookings per twinning measured"
exit 0
