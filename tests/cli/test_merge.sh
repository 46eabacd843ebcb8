# SPDX-License-Identifier: MIT
# Two users, one record: saves merge by field (set --merge-from), the
# strict check stays strict (--expect-version), and transitions raced by
# someone else answer "conflict" (exit 5), not "you may not" (exit 4).
. "$(dirname "$0")/lib.sh"
gc --user admin init
gc --user admin import nodes "$ROOT/tests/cli/nodes.csv"
json() { gc --user wangwu show "$1" --json; }

gc --user zhangsan new case --node 510304001001001 title=合并测试 category=城市管理
ID=$(cat "$T/out")

# Different fields from the same version: both kept.
gc --user zhangsan set "$ID" phone=13800000001 --merge-from 1
expect_rc 0 "the first session saves the phone from version 1"
gc --user wangwu set "$ID" location=幸福路12号 --merge-from 1
expect_rc 0 "the second session saves the location from version 1 too"
expect_out "$ID version 3" "on top of the first"
json "$ID"
expect_out '"phone":"13800000001"' "the phone is kept"
expect_out '"location":"幸福路12号"' "and the location saved"
gc --user wangwu history "$ID"
check "[ \$(grep -c 'phone:' '$T/out') = 1 ]" "the phone was written once: the second save left it alone"

# The same field from the same version: a conflict naming it with all three values.
gc --user wangwu set "$ID" location=幸福路12号东门 --merge-from 3
expect_rc 0 "one session moves the location"
gc --user zhangsan set "$ID" location=幸福路12号西门 reporter=张三 --merge-from 3
expect_rc 5 "the other session's change of the same field is a conflict"
expect_err "field 'location' (地点) was changed by someone else since version 3" "the message names the field"
expect_err "stored now '幸福路12号东门', yours '幸福路12号西门', at version 3 '幸福路12号'" "with the stored value, yours and the value at version 3"
expect_err "1 field changed on both sides since version 3 (it is now version 4); nothing was saved" "and says nothing was saved"
json "$ID"
expect_out '"location":"幸福路12号东门"' "the stored location stays"
expect_no_out '张三' "the reporter given with the conflict was not saved either"
expect_out '"version":4' "no version was written"

# The same change on both sides is no conflict, and writes nothing.
gc --user zhangsan set "$ID" location=幸福路12号东门 --merge-from 3
expect_rc 0 "giving the value someone else already stored"
expect_out "$ID version 4" "changes nothing"

# The reported loss: a value as it was at the start is no change, so the
# phone changed meanwhile on the command line is not put back.
gc --user wangwu set "$ID" phone=13900000009 --merge-from 4
gc --user zhangsan set "$ID" phone=13800000001 reporter=张三 --merge-from 4
expect_rc 0 "a save that gives the phone as it was at version 4"
json "$ID"
expect_out '"phone":"13900000009"' "keeps the phone changed meanwhile"
expect_out '"reporter":"张三"' "and saves the field that was changed"

# The assignee merges like a field. The workflow owns it, so only an
# administrator's reasoned correction sets it by hand.
gc --user admin set "$ID" assignee=zhangsan --merge-from 6 --comment 更正
gc --user admin set "$ID" assignee=wangwu --merge-from 6 --comment 更正
expect_rc 5 "the assignee changed on both sides"
expect_err "field 'assignee' (assignee) was changed by someone else since version 6: stored now 'zhangsan', yours 'wangwu'" "is named like a field"

# --expect-version keeps its strict meaning: any change since N refuses.
gc --user zhangsan set "$ID" detail=只改描述 --expect-version 6
expect_rc 5 "--expect-version refuses even a field nobody else changed"
expect_out "stored now:" "showing the stored record"
json "$ID"
expect_no_out "只改描述" "and saves nothing"

gc --user zhangsan set "$ID" detail=x --merge-from 4 --expect-version 4
expect_rc 2 "the two options exclude each other"
gc --user zhangsan set "$ID" detail=x --merge-from 99
expect_rc 2 "a version the record never had"
expect_err "has no version 99" "is named"
gc --user zhangsan set "$ID" detail=x --merge-from 0
expect_rc 2 "versions start at 1"
gc --user zhangsan set "$ID" phone=12345 --merge-from 4
expect_rc 3 "a bad value is still refused as bad data"

# An imported record's history starts at its imported version.
printf 'node,title,category,version\n510304001001001,导入的,城市管理,7\n' >"$T/imp.csv"
gc --user admin import records case "$T/imp.csv"
gc --user wangwu list --search 导入的 --format csv
IMP=$(sed -n '2s/,.*//p' "$T/out")
check "[ -n '$IMP' ]" "the imported record is listed ($IMP)"
gc --user zhangsan set "$IMP" location=x --merge-from 3
expect_rc 5 "merging from before an imported record's history"
expect_err "its history here starts at version 7" "says where its history starts"
gc --user zhangsan set "$IMP" location=x --merge-from 7
expect_rc 0 "from its imported version it merges"

# Twenty accepts at once: one wins, nineteen are told someone was faster.
gc --user zhangsan new case --node 510304001001001 title=并发受理 category=城市管理
RACE=$(cat "$T/out")
i=0
while [ $i -lt 20 ]; do
	( "$BIN" --config "$CONFIG" --db "$DB" --user wangwu act "$RACE" accept >/dev/null 2>"$T/race.$i.err"
	  echo $? >"$T/race.$i.rc" ) &
	i=$((i + 1))
done
wait
cat "$T"/race.*.rc | sort | uniq -c >"$T/out"
check "[ \$(grep -c . '$T/out') = 2 ] && grep -q ' 1 0$' '$T/out' && grep -q ' 19 5$' '$T/out'" \
	"20 concurrent accepts: one exits 0, nineteen exit 5 ($(tr '\n' ' ' <"$T/out"))"
cat "$T"/race.*.err >"$T/err"
check "[ \$(grep -c \"was moved from state 'reported' (上报) to 'accepted' (受理) by wangwu\" '$T/err') = 19 ]" \
	"each of the nineteen names both states"
gc --user wangwu history "$RACE"
check "[ \$(grep -c ' accept ' '$T/out') = 1 ]" "the history holds one accept"
gc --user wangwu show "$RACE" --json
expect_out '"version":2' "and the record one change"

# A transition its state never allowed is still "you may not".
gc --user wangwu act "$RACE" close
expect_rc 4 "close from accepted (never verified): not allowed"
expect_err "not allowed from state 'accepted' (受理)" "as before"
gc --user wangwu act "$RACE" register
gc --user wangwu act "$RACE" accept
expect_rc 4 "accept after accepted and registered: the state before the latest move never allowed it"

# Saying what the caller saw.
gc --user wangwu act "$RACE" dispatch assignee=zhangsan --from-state accepted
expect_rc 5 "--from-state: the record is in another state"
expect_err "is in state 'registered' (立案) (version 3), not in state 'accepted' (受理) as you saw it" "naming both"
gc --user wangwu act "$RACE" accept --from-state registered
expect_rc 4 "--from-state as stored: a transition not allowed from it is exit 4"
gc --user wangwu act "$RACE" dispatch assignee=zhangsan --expect-version 2
expect_rc 5 "--expect-version: any change since it is a conflict"
expect_err "at version 2 it was in state 'accepted' (受理), it is now version 3 in state 'registered' (立案)" "naming both states"
gc --user wangwu act "$RACE" dispatch assignee=zhangsan --expect-version 3
expect_rc 0 "the current version acts"
gc --user wangwu act "$RACE" handle --from-state nowhere
expect_rc 6 "an unknown state is not found"
gc --user wangwu act "$RACE" handle --expect-version 1 --from-state dispatched
expect_rc 2 "the two are one or the other"
