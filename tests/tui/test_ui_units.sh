# SPDX-License-Identifier: MIT
# Units, pairs and the matching across the district on the screen: a
# record page reads a reference by the referenced record's title (a
# resource's 共建单位, a project's 对子: directories, read from every
# community), M lists the district-wide matching
# beside the street's, :match accepts across streets (and across a pair,
# the project under it); on the default
# configuration and the English example.
. "$(dirname "$0")/lib.sh"
"$BIN" --config "$CONFIG" --db "$DB" --user admin demo --cases 0 >/dev/null
G() { "$BIN" --config "$CONFIG" --db "$DB" "$@"; }
U=$(G --user zhaoliu new unit --node 510304001 name=区委党校 kind=机关 party_org=true)
R=$(G --user wangwu new resource --node 510304001001 title=党课进社区 category=党建类 "provider=$U")
PAIR=$(G --user sunqi new pair --node 510304 title=城阳村-西大洋 left=510304001001 right=510304002003)
P=$(G --user sunqi new project --node 510304001001 title=海鲜产供销 category=增收类 "pair=$PAIR")
NEED=$(G --user wangwu new need --node 510304001001 title=老年助餐 category=民生类)
SVC=$(G --user sunqi new service --node 510304003002 title=爱心午餐 category=民生类)

ui_start 80 24 --user wangwu
ui_keys :
ui_text "$R"
ui_keys Enter
expect_screen "共建单位: $U (区委党校)" "a resource's unit by its name"
ui_keys q
ui_keys :
ui_text "$P"
ui_keys Enter
expect_screen "联建对子: $PAIR (城阳村-西大洋)" "a project's pair by its title: the district's, but a directory (directory: true)"
ui_keys Q

ui_start 100 30 --user sunqi
ui_keys :
ui_text "$P"
ui_keys Enter
expect_screen "联建对子: $PAIR (城阳村-西大洋)" "the district reads the pair by its title"
ui_keys q
ui_keys M
expect_screen "服务认领对接" "M: the district-wide matching beside the street's"
ui_screen
check "grep -E '$NEED +老年助餐' '$T/screen' | grep -qE '$SVC +爱心午餐'" "a need paired with a service of another street"
ui_keys :
ui_text "match $NEED $SVC"
ui_keys Enter
expect_screen "matched: #" "accepted on both sides by the district: the claim is created"
ui_keys Q
G --user wangwu show "$NEED" >"$T/out"
expect_out "服务认领:" "the need knows its claim"

# The matching pairs (area: pair): a need of 510304001001 and a resource of
# 510304002003, its pair's other community in another street, accepted with
# :match on each side; the project refers to the pair.
N2=$(G --user wangwu new need --node 510304001001 title=海鲜销路 category=增收类)
R2=$(G --user sunqi new resource --node 510304002003 title=直播带货培训 category=增收类)
ui_start 100 30 --user wangwu
ui_keys :
ui_text "match $N2 $R2"
ui_keys Enter
expect_screen "accepted on your side" "the community accepts its pair's resource of another street"
ui_keys Q
ui_start 100 30 --user sunqi
ui_keys :
ui_text "match $N2 $R2"
ui_keys Enter
expect_screen "matched: #" "the district accepts the other side: the project is created"
ui_keys Q
PJ=$(G --user wangwu show "$N2" --json | sed -n 's/.*"project":"\([0-9]*\)".*/\1/p')
G --user wangwu show "$PJ" >"$T/out"
expect_out "联建对子: $PAIR" "the project is under the pair"

# The English example: partners, twinnings, requests and offers.
CONFIG=$ROOT/config/examples/english
DB=$T/en.db
"$BIN" --config "$CONFIG" --db "$DB" --user admin demo --cases 0 >/dev/null
PT=$(G --user dev new partner --node 990001 name=Oak_Trust sector=Charity)
OF=$(G --user carla new offer --node 99000101 title=Homework_club theme=Youth "by=$PT")
REQ=$(G --user eve new request --node 99000301 title=Youth_help theme=Youth)
ui_start 100 30 --user carla
ui_keys :
ui_text "$OF"
ui_keys Enter
expect_screen "Offered by: $PT (Oak_Trust)" "[english] an offer's partner by its name"
ui_keys q
ui_keys M
expect_screen "Requests and offers" "[english] M: the example's matching"
ui_screen
check "grep -E '$REQ +Youth_help' '$T/screen' | grep -qE '$OF +Homework_club'" "[english] a request of another township paired with carla's offer"
ui_keys Q
exit 0
