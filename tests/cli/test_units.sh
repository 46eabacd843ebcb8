# SPDX-License-Identifier: MIT
# Units: a form of its own (not a tree node) that records of other forms
# refer to through a `record` field with `form:`; the reference must name a
# record of that form; list --field KEY=ID lists what refers to one. On the
# default configuration (共建单位, 资源清单's provider) and the English
# example (Partner, Offer's by): nothing here is tied to one vocabulary.
. "$(dirname "$0")/lib.sh"

# units CONFIG UNIT_FORM UNIT_NODE UNIT_FIELDS USER_UNIT  REF_FORM REF_FIELD NODE_A NODE_B REF_FIELDS USER_A USER_B
units() {
	CONFIG=$1; DB=$T/$2.db
	gc --user admin demo --cases 0
	gc --user "$5" new "$2" --node "$3" $4
	expect_rc 0 "[$2] a unit is made under its node"
	U=$(cat "$T/out")
	gc --user "${11}" new "$6" --node "$8" "$7=$U" ${10}
	expect_rc 0 "[$2] a record in one place refers to the unit"
	A=$(cat "$T/out")
	gc --user "${12}" new "$6" --node "$9" "$7=$U" ${10}
	expect_rc 0 "[$2] a record elsewhere refers to the same unit: it serves several"
	B=$(cat "$T/out")
	gc --user "${11}" new "$6" --node "$8" ${10}
	OTHER=$(cat "$T/out")
	gc --user "${11}" new "$6" --node "$8" "$7=$A" ${10}
	expect_rc 3 "[$2] a reference to a record of another form is refused"
	expect_err "record $A is not a" "[$2] saying the record is not of the form"
	gc --user "${11}" new "$6" --node "$8" "$7=999999" ${10}
	expect_rc 3 "[$2] a reference to no record is refused"
	gc --user "${11}" set "$OTHER" "$7=$OTHER"
	expect_rc 3 "[$2] set checks the reference too"
	gc --user admin list --field "$7=$U" --format csv
	check "[ \"\$(tail -n +2 '$T/out' | cut -d, -f1 | sort -n | tr '\n' ' ')\" = '$A $B ' ]" "[$2] list --field $7=ID: exactly the records that refer to the unit"
	gc --user admin list --field "nosuchfield=$U"
	expect_rc 2 "[$2] list --field with a key no form has is a usage error"
	gc --user "${11}" show "$A"
	check "grep -qE '^[^:]+: $U \\(' '$T/out'" "[$2] show names the unit by its title, though it lies outside ${11}'s area (directory: true)"
	gc --user admin export --format jsonl --form "$6"
	N=$(grep -c "\"$7\":\"$U\"" "$T/out")
	check "[ '$N' = 2 ]" "[$2] the export holds the references ($N)"
}
units "$ROOT/config/demo" unit 510304001 "name=区委党校 kind=机关 party_org=true" zhaoliu \
	resource provider 510304001001 510304001002 "title=党课进社区 category=党建类" wangwu zhaoliu
# No existence oracle: a record of another area that is not a directory's
# (a case of another street) reads as one never made.
CONFIG=$ROOT/config/demo DB=$T/unit.db
gc --user sunqi new case --node 510304002001001 title=外街事件 category=城市管理
FAR=$(cat "$T/out")
gc --user wangwu new resource --node 510304001001 title=x category=党建类 "provider=$FAR"
expect_rc 3 "[unit] a reference to a record out of the writer's area is refused"
expect_err "no record $FAR" "[unit] answered as a record never made, not as 'not a unit'"
# Statistics per unit: report --by the reference, a row per unit.
gc --user admin report --form resource --by provider --format csv --keys
check "grep -qE '^category,$U,区委党校,,,2,' '$T/out'" "[unit] report --by provider: the unit's row, titled, with its two resources"
units "$ROOT/config/examples/english" partner 990001 "name=Oak_Trust sector=Charity safeguarding=yes" dev \
	offer by 99000101 99000102 "title=Homework_club theme=Youth" carla dev
exit 0
