# SPDX-License-Identifier: MIT
# Matching across a pair (area: FORM): a need of one community is matched
# with the resources of the community it is paired with by an open record
# of the pair form, whichever streets they are in, and nothing else; the
# project refers to the pair; an ended pair proposes nothing. On the
# default configuration (联建共建对子, matching pairs) and the English
# example (twinning, matching twinned), from nodes imported from CSV.
. "$(dirname "$0")/lib.sh"

# ---- default configuration: 联建共建对子 -----------------------------------
gc --user admin init
cat >"$T/nodes.csv" <<'EOF'
code,name,parent,level
510304,大安区,,district
510304001,大安街道,510304,street
510304002,西山街道,510304,street
510304003,南湖街道,510304,street
510304001001,东华社区,510304001,community
510304001001001,第一网格,510304001001,grid
510304001001002,第二网格,510304001001,grid
510304002001,西大洋社区,510304002,community
510304003001,南湖社区,510304003,community
EOF
gc --user admin import nodes "$T/nodes.csv"
expect_rc 0 "three communities of three streets imported"
gc --user sunqi new pair --node 510304 title=东华-西大洋 left=510304001001 right=510304002001
PAIR=$(cat "$T/out")
gc --user wangwu new need --node 510304001001 title=农产品销路 category=增收类 people=40
NEED=$(cat "$T/out")
gc --user sunqi new resource --node 510304002001 title=电商直播培训 category=增收类 capacity=50
RES_B=$(cat "$T/out")
gc --user sunqi new resource --node 510304003001 title=电商运营指导 category=增收类 capacity=30
RES_C=$(cat "$T/out")
gc --user sunqi new resource --node 510304002001 title=法律咨询 category=党建类
RES_X=$(cat "$T/out")

gc --user wangwu match --matching pairs
expect_rc 0 "the community lists the pairs' proposals"
check "grep -qE '^$NEED +农产品销路 +<-> $RES_B +电商直播培训 +增收类' '$T/out'" "its need with the resource of its pair's community (another street)"
expect_no_out "<-> $RES_C " "not with the resource of an unpaired community"
expect_no_out "<-> $RES_X " "not with a resource of another category"
check "[ \$(grep -c '<->' '$T/out') = 1 ]" "one proposal in all"
gc --user sunqi match --matching pairs --format csv
check "[ \$(tail -n +2 '$T/out' | wc -l) = 1 ]" "the district sees the same single proposal"
gc --user sunqi match --matching services
expect_no_out "$RES_C" "(the services matching has no resources)"
gc --user wangwu match accept --matching pairs "$NEED" "$RES_C"
expect_rc 6 "the unpaired community's resource is not offered to the community"
expect_err "no record $RES_C" "it reads as a record that is not there"
gc --user sunqi match accept --matching pairs "$NEED" "$RES_C"
expect_rc 3 "the district cannot accept an unpaired couple either"
expect_err "do not match" "saying they do not match"
gc --user wangwu match accept --matching pairs "$NEED" "$RES_B"
expect_out "accepted on your side; waiting for the other" "the need's community accepts the pair's resource"
gc --user sunqi match accept --matching pairs "$NEED" "$RES_B"
expect_out "accepted on both sides" "the other side accepts: a project"
PROJ=$(sed -n 's/.* \([0-9]*\) created/\1/p' "$T/out")
gc --user wangwu show "$PROJ"
expect_out "form:      联建共建项目 (project)" "a 联建共建项目"
expect_out "联建对子: $PAIR" "under the pair"
expect_out "需求: $NEED" "of the need"
expect_out "资源: $RES_B" "and the pair's resource"
gc --user admin list --form project --field "pair=$PAIR" --format csv
check "[ \$(tail -n +2 '$T/out' | wc -l) = 1 ]" "list --field pair=ID finds it"
gc --user wangwu match --matching pairs
expect_no_out "$NEED " "a need in a project is proposed no more"

# An ended pair proposes nothing.
gc --user wangwu new need --node 510304001001 title=党员教育阵地 category=党建类
N2=$(cat "$T/out")
gc --user wangwu match --matching pairs
check "grep -qE '^$N2 .*<-> $RES_X ' '$T/out'" "a second need meets the pair's other resource"
gc --user wangwu act "$PAIR" end --comment 协议到期
expect_rc 6 "ending a pair is the district's (not the community's to change)"
gc --user sunqi act "$PAIR" end --comment 协议到期
expect_rc 0 "the district ends the pair"
gc --user wangwu match --matching pairs
expect_rc 0 "listing after the end"
check "! grep -q '<->' '$T/out'" "an ended pair proposes nothing"
gc --user wangwu match accept --matching pairs "$N2" "$RES_X"
expect_rc 6 "nor is its resource offered any more"
expect_err "no record $RES_X" "it reads as a record that is not there"

# check-config: area names a level or a form with two node fields.
mkdir "$T/bad"
cp "$CONFIG"/*.yaml "$T/bad/"
sed -i 's/^    area: pair$/    area: unit/; s/right: resource, copy/right: resource, pair: pair, copy/' "$T/bad/matching.yaml"
"$BIN" --config "$T/bad" check-config >"$T/out" 2>"$T/err"
expect_err "form 'unit' has not two node fields to pair" "an area form without two node fields: refused"
expect_err "pair: needs an area that is a pair form" "a project pair: without a pair area: refused"
check "grep -c 'matching.yaml:[0-9]*:[0-9]*: ' '$T/err' | grep -qx 3" "each named by file:line:col (the pairs' pair: too, as unit is not its form)"
mkdir "$T/bad2"
cp -L "$CONFIG"/*.yaml "$T/bad2/"
sed -i 's/^      state: active .*$/      state: signed/' "$T/bad2/demo.yaml"
"$BIN" --config "$T/bad2" check-config >"$T/out" 2>"$T/err"
expect_err "records: form 'pair' has no state 'signed'" "a demo records entry's state: must be one of its form's"
check "grep -q 'demo.yaml:[0-9]*:[0-9]*: ' '$T/err'" "named by file:line:col"

# ---- the English example: twinning ----------------------------------------
CONFIG=$ROOT/config/examples/english
DB=$T/en.db
gc --user admin init
cat >"$T/en.csv" <<'EOF'
code,name,parent,level
9900,Riverside,,district
990001,Oakham,9900,township
990002,Elmford,9900,township
99000101,Oak End,990001,village
99000201,Elm Green,990002,village
99000202,Elm Cross,990002,village
EOF
gc --user admin import nodes "$T/en.csv"
expect_rc 0 "[english] villages of two townships imported"
gc --user eve new twin --node 9900 title=Oak-Elm first=99000101 second=99000201
TW=$(cat "$T/out")
gc --user carla new request --node 99000101 title=Youth_club_help theme=Youth
REQ=$(cat "$T/out")
gc --user eve new offer --node 99000201 title=Football_coach theme=Youth
OB=$(cat "$T/out")
gc --user eve new offer --node 99000202 title=Chess_coach theme=Youth
OC=$(cat "$T/out")
gc --user carla match --matching twinned
check "grep -qE '^$REQ +Youth_club_help +<-> $OB +Football_coach +Youth' '$T/out'" "[english] the request with the twinned village's offer"
expect_no_out "<-> $OC " "[english] not with an offer of an untwinned village"
gc --user carla match --matching bookings
expect_out "<-> $OC " "[english] (the district-wide matching does offer it)"
gc --user carla match accept --matching twinned "$REQ" "$OC"
expect_rc 6 "[english] the untwinned offer is not offered"
gc --user carla match accept --matching twinned "$REQ" "$OB"
gc --user eve match accept --matching twinned "$REQ" "$OB"
expect_out "accepted on both sides: " "[english] both sides: a booking"
BK=$(sed -n 's/.* \([0-9]*\) created/\1/p' "$T/out")
gc --user carla show "$BK"
expect_out "Twinning: $TW" "[english] the booking under the twinning"
expect_out "Offer: $OB" "[english] of the twinned offer"
gc --user carla new request --node 99000101 title=Choir_help theme=Youth
R2=$(cat "$T/out")
gc --user eve new offer --node 99000201 title=Choir_master theme=Youth
gc --user carla match --matching twinned
check "grep -qE '^$R2 ' '$T/out'" "[english] a second request meets the twinned village"
gc --user eve act "$TW" end --comment "Charter expired"
expect_rc 0 "[english] the district ends the twinning"
gc --user carla match --matching twinned
check "! grep -q '<->' '$T/out'" "[english] an ended twinning proposes nothing"
exit 0
