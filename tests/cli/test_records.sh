# SPDX-License-Identifier: MIT
# Records from the command line: new, show, set, act, history, list, and
# the exit codes of every kind of refusal.
. "$(dirname "$0")/lib.sh"
gc --user admin init
gc --user admin import nodes "$ROOT/tests/cli/nodes.csv"

gc --user zhangsan new case --node 510304001001001 title=幸福路12号楼道堆物 category=消防应急 phone=13812345678 "detail=一楼到三楼
堆满杂物"
expect_rc 0 "new prints an id"
ID=$(cat "$T/out")
check "[ '$ID' = 1 ]" "first id is 1"
gc --user zhangsan show "$ID"
expect_out "幸福路12号楼道堆物" "show has the title"
expect_out "state:     上报 (reported)" "show has the state label"
expect_out "due:       2026-11-23 15:00" "due in four working hours, across lunch"
expect_out "类别: 消防应急" "fields by label"
gc --user wangwu show "$ID"
expect_out "actions: accept (受理) return (退回)" "show lists the transitions this user may take"
gc --user zhangsan show "$ID" --json
expect_out '"title":"幸福路12号楼道堆物"' "show --json has the fields"
expect_out '"state":"reported"' "show --json has the state key"
sed 's/,"overdue":[a-z]*,"light":"[a-z]*"}$/}/' "$T/out" >"$T/show.jsonl"
gc --user zhangsan list --format jsonl
check "grep -qxF -f '$T/show.jsonl' '$T/out'" "show --json is list's (and export's) JSON line, the light added at the end"

# Exit codes.
gc --user zhangsan show 999
expect_rc 6 "unknown record: not found"
gc --user zhangsan show abc
expect_rc 2 "bad id: usage"
gc --user zhangsan </dev/null
expect_rc 2 "the UI without a terminal: usage"
expect_err "the terminal UI needs a terminal" "says to give a command"
gc --user zhangsan frobnicate
expect_rc 2 "unknown command: usage"
gc --user zhangsan list --colour red
expect_rc 2 "unknown option: usage"
gc --user nobody list
expect_rc 4 "unknown user: permission denied"
gc --user zhangsan new case --node 510304001001001 title=x category=天气
expect_rc 3 "bad choice: bad data"
expect_err "field 'category' (类别): '天气' is not one of the choices" "bad choice named"
gc --user zhangsan new case --node 510304001001001 category=城市管理
expect_err "field 'title' (标题) is required" "missing required field named"
gc --user zhangsan new case --node 510304999 title=x category=城市管理
expect_rc 6 "unknown node: not found"
gc --user zhangsan new case --node 510304001001002 title=x category=城市管理
expect_rc 4 "another grid: permission denied"
gc --user zhangsan new case --node 510304001001 title=x category=城市管理
expect_rc 4 "a community is outside a grid worker's scope"
gc --user wangwu new case --node 510304001001 title=x category=城市管理
expect_rc 3 "records hang under grids only"
expect_err "records of form 'case' hang under 网格 nodes" "level rule explained"

# Control characters and bidi overrides are refused, naming the field.
gc --user zhangsan new case --node 510304001001001 "title=$(printf 'a\033[2Jb')" category=城市管理
expect_rc 3 "escape sequence refused"
expect_err "field 'title' (标题): contains a control character" "field named for the escape"
gc --user zhangsan new case --node 510304001001001 "title=$(printf 'x\342\200\256y')" category=城市管理
expect_err "contains U+202E RIGHT-TO-LEFT OVERRIDE, a bidirectional control character" "bidi override refused"
gc --user zhangsan new case --node 510304001001001 "title=$(printf 'x\302\233y')" category=城市管理
expect_err "contains a C1 control character" "C1 control refused"
gc --user zhangsan new case --node 510304001001001 "title=$(printf 'x\377y')" category=城市管理
expect_err "is not valid UTF-8" "invalid UTF-8 refused"

# Workflow from the command line.
gc --user zhangsan act "$ID" accept
expect_rc 4 "grid worker cannot accept"
expect_err "transition 'accept' (受理) is for community_staff, street_staff, district_staff; zhangsan is grid_worker" "reason for the refusal"
gc --user wangwu act "$ID" return
expect_rc 3 "return needs a comment"
gc --user wangwu act "$ID" accept --comment 收到
expect_rc 0 "community staff accepts"
expect_out "受理 (accepted) version 2" "act prints the new state"
gc --user wangwu act "$ID" close
expect_rc 4 "close is not allowed from accepted"
expect_err "from here: return (退回), register (立案)" "lists what is possible"
gc --user wangwu act "$ID" register
gc --user wangwu act "$ID" dispatch assignee=zhangsan
expect_rc 0 "dispatch with an assignee"
gc --user zhangsan list --assignee me
expect_out "幸福路12号楼道堆物" "assigned to me"

# Optimistic versions.
gc --user zhaoliu set "$ID" location=幸福路12号 --expect-version 4
expect_rc 0 "set with the current version"
gc --user wangwu set "$ID" location=别处 --expect-version 4
expect_rc 5 "set with a stale version: conflict"
expect_out "stored now:" "conflict shows the stored record"
expect_out "location: 幸福路12号" "stored value shown"
expect_out "location: 别处" "your unsaved value shown"
gc --user zhangsan show "$ID"
expect_out "幸福路12号" "nothing was overwritten"

gc --user zhangsan history "$ID"
expect_out "v1   2026-11-23 09:00  zhangsan  create  -> 上报" "history starts with creation"
expect_out "accept  上报 -> 受理" "history has the transition"
expect_out "comment: 收到" "history has the comment"
expect_out "assignee: (empty) -> zhangsan" "history has the assignment"
expect_out "location: (empty) -> 幸福路12号" "history has the edit"

# Lists: filters, Chinese search, sort, limit, formats.
gc --user wangwu new case --node 510304001001002 title=光明路3号暴露垃圾 category=城市管理
gc --user wangwu new case --node 510304001001002 title=光明路5号道路不洁 category=城市管理
gc --user wangwu list
expect_out "(3 of 3)" "community staff sees three"
gc --user wangwu list --search 光明路
expect_out "(2 of 2)" "Chinese substring search"
gc --user wangwu list --search 暴露
expect_out "光明路3号暴露垃圾" "search finds the record"
gc --user wangwu list --state reported --sort -id --limit 1 --format csv
expect_out "3,case,510304001001002,reported" "sort descending with a limit (the columns of export)"
gc --user wangwu list --node 510304001001002 --format jsonl
expect_out '"title":"光明路5号道路不洁"' "jsonl list"
GRIDCASE_NOW="2026-11-30T09:00:00+08:00" gc --user wangwu list --overdue
expect_out "(3 of 3)" "a week later all three are overdue"
gc --user wangwu list --overdue
expect_out "(0 of 0)" "none overdue now"
gc --user wangwu list --sort colour
expect_rc 2 "unknown sort key: usage"

gc --user wangwu stats --node 510304001001
expect_out "510304001001" "stats row for the community"
gc --user wangwu tree
expect_out "open      3" "tree counts open records"

# A category's own time limit (sla_by: category on 派遣) and the light:
# green, yellow from 80 % of the limit used, red past due. Monday 09:00.
at() { saved=$GRIDCASE_NOW; GRIDCASE_NOW=$1; shift; "$@"; GRIDCASE_NOW=$saved; }
dispatch() {
	gc --user wangwu act "$1" accept && gc --user wangwu act "$1" register &&
		gc --user wangwu act "$1" dispatch assignee=zhangsan
}
gc --user zhangsan new case --node 510304001001001 title=光明路5号暴露垃圾 category=城市管理/暴露垃圾
GARBAGE=$(cat "$T/out")
gc --user zhangsan new case --node 510304001001001 title=光明路6号违法搭建 category=城市管理/违法搭建
BUILDING=$(cat "$T/out")
gc --user zhangsan new case --node 510304001001001 title=光明路7号井盖 category=城市管理
BARE=$(cat "$T/out")
gc --user zhangsan new case --node 510304001001001 title=光明路8号 category=城市管理/不存在
expect_rc 3 "a category that is not a choice is refused"
dispatch "$GARBAGE"
expect_rc 0 "dispatched"
dispatch "$BUILDING"
dispatch "$BARE"
gc --user wangwu show "$GARBAGE"
expect_out "due:       2026-11-23 15:00  green" "暴露垃圾: 4 working hours from 09:00, across lunch"
gc --user wangwu show "$BUILDING"
expect_out "due:       2026-12-14 09:00" "违法搭建: 15 working days"
gc --user wangwu show "$BARE"
expect_out "due:       2026-11-26 09:00" "a bare group gets the state's own limit (3 working days)"
at 2026-11-23T14:00:00+08:00 gc --user wangwu show "$GARBAGE"
expect_out "15:00  green" "3 of 4 working hours used: green"
at 2026-11-23T14:20:00+08:00 gc --user wangwu show "$GARBAGE"
expect_out "15:00  yellow, 80 % of the time limit used" "3h20 of 4 working hours used: yellow"
at 2026-11-23T14:20:00+08:00 gc --user wangwu list --state dispatched
expect_out "2026-11-23 15:00~" "list marks a yellow case with ~"
at 2026-11-23T14:20:00+08:00 gc --user wangwu show "$GARBAGE" --json
expect_out '"overdue":false,"light":"yellow"' "show --json gives the light"
at 2026-11-23T15:01:00+08:00 gc --user wangwu show "$GARBAGE"
expect_out "15:00  red, OVERDUE" "past due: red"
at 2026-11-23T15:01:00+08:00 gc --user wangwu list --state dispatched
expect_out "2026-11-23 15:00!" "list marks an overdue case with !"
at 2026-12-10T09:00:00+08:00 gc --user wangwu show "$BUILDING"
expect_out "2026-12-14 09:00  yellow" "违法搭建 after 13 of its 15 working days: yellow"
