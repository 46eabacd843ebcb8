# SPDX-License-Identifier: MIT
# The 事件 workflow beyond the straight path: 返工 counted, 挂账 with its
# clock paused, 延期 asked and granted (across a holiday and a make-up
# working day) or refused, 督办 on an overdue case and its reply.
. "$(dirname "$0")/lib.sh"
gc --user admin init
gc --user admin import nodes "$ROOT/tests/cli/nodes.csv"
at() { saved=$GRIDCASE_NOW; GRIDCASE_NOW=$1; shift; "$@"; GRIDCASE_NOW=$saved; }
new_case() {   # new_case TITLE: a case in zhangsan's grid, its id in $ID
	gc --user zhangsan new case --node 510304001001001 "title=$1" category=城市管理
	ID=$(cat "$T/out")
}
to_dispatched() {
	gc --user wangwu act "$1" accept && gc --user wangwu act "$1" register &&
		gc --user wangwu act "$1" dispatch assignee=zhangsan
}

# 返工: counted on the record, and the count is not typed in by hand.
new_case 返工测试
to_dispatched "$ID"
gc --user zhangsan act "$ID" handle result=已清理
gc --user wangwu act "$ID" rework --comment 现场仍有垃圾
expect_rc 0 "verification fails: rework"
gc --user wangwu show "$ID"
expect_out "state:     派遣 (dispatched)" "a reworked case is dispatched again"
expect_out "返工次数: 1" "and the rework is counted"
gc --user zhangsan act "$ID" handle result=已再次清理
gc --user wangwu act "$ID" verify
gc --user wangwu act "$ID" rework --comment 复查不合格
gc --user wangwu show "$ID" --json
expect_out '"reworks":"2"' "a second rework counts 2"
gc --user wangwu act "$ID" rework --from-state dispatched
expect_rc 4 "rework is not allowed from dispatched"
# Without saying what it saw, a second rework looks like a double submission:
# the state before the latest move (verified) allowed it.
gc --user wangwu act "$ID" rework
expect_rc 5 "a rework right after a rework: someone moved it first"
expect_err "was moved from state 'verified' (核查) to 'dispatched' (派遣)" "naming both states"
gc --user admin set "$ID" reworks=0
expect_rc 4 "the count cannot be set by hand"
expect_err "field 'reworks' (返工次数) belongs to the workflow: it is written by rework (返工)" "saying why"
gc --user zhangsan new case --node 510304001001001 title=x category=城市管理 supervisions=3
expect_rc 4 "nor given to a new case"

# 挂账: the clock stops while parked and resumes with what was left.
# Dispatched Monday 09:00 with the state's 3 working days (21 h): due Thursday 09:00.
new_case 挂账测试
to_dispatched "$ID"
gc --user wangwu show "$ID"
expect_out "due:       2026-11-26 09:00" "dispatched Monday 09:00: due Thursday 09:00"
at 2026-11-23T10:00:00+08:00 gc --user zhangsan act "$ID" park --comment 需协调
expect_rc 4 "a grid worker cannot park a case"
at 2026-11-23T10:00:00+08:00 gc --user wangwu act "$ID" park --comment 需区级协调产权
expect_rc 0 "community staff park it after one working hour"
at 2026-11-25T10:00:00+08:00 gc --user wangwu show "$ID"
expect_out "paused, 1200 working minutes left" "parked: 20 working hours left, whatever the clock says"
expect_no_out "OVERDUE" "a parked case is never overdue"
at 2026-11-25T10:00:00+08:00 gc --user wangwu list --overdue
expect_no_out "挂账测试" "nor listed as overdue"
at 2026-11-25T10:00:00+08:00 gc --user wangwu act "$ID" unpark assignee=zhangsan
expect_rc 0 "unparked on Wednesday 10:00"
gc --user wangwu show "$ID"
expect_out "due:       2026-11-30 09:00" "the 20 hours left run from Wednesday 10:00: due Monday 09:00"

# 延期 across the National Day holidays (1-2 and 5-7 October) and the
# make-up working Saturday of 10 October. Dispatched Tuesday 29 September
# 09:00 with 21 working hours: due Friday 9 October 09:00.
GRIDCASE_NOW=2026-09-29T09:00:00+08:00
new_case 延期测试
to_dispatched "$ID"
gc --user wangwu show "$ID"
expect_out "due:       2026-10-09 09:00" "the holidays are skipped"
gc --user zhaoliu act "$ID" extend
expect_rc 4 "nothing to grant before it is asked"
expect_err "needs field 'extension' to be filled in first" "saying what is missing"
gc --user zhangsan act "$ID" ask_extension extension=2wd
expect_rc 3 "asking needs a reason"
gc --user zhangsan act "$ID" ask_extension extension=soon --comment 需等材料
expect_rc 3 "and an amount of time"
gc --user zhangsan act "$ID" ask_extension extension=2wd --comment 需等待建材到货
expect_rc 0 "the handler asks for two more working days"
gc --user zhangsan act "$ID" extend
expect_rc 4 "the handler cannot grant it"
gc --user wangwu act "$ID" extend
expect_rc 4 "nor community staff"
gc --user zhaoliu act "$ID" extend --comment 同意
expect_rc 0 "street staff grant it"
gc --user wangwu show "$ID"
expect_out "due:       2026-10-12 09:00" "14 working hours from Friday 09:00, the make-up Saturday included: Monday 09:00"
expect_out "state:     派遣 (dispatched)" "the case stays dispatched"
expect_no_out "申请延期:" "the request is used up"
gc --user wangwu history "$ID"
expect_out "due: 2026-10-09T09:00:00+08:00 -> 2026-10-12T09:00:00+08:00" "the history keeps the old and new due time"
expect_out "需等待建材到货" "and the handler's reason"
gc --user zhangsan act "$ID" ask_extension extension=5wd --comment 再延
gc --user zhaoliu act "$ID" refuse_extension --comment 不予延期
expect_rc 0 "a second request is refused"
gc --user wangwu show "$ID"
expect_out "due:       2026-10-12 09:00" "and the due time does not move"
GRIDCASE_NOW=2026-11-23T09:00:00+08:00

# 督办: only on an overdue case, by street or district staff; the handler replies.
new_case 督办测试
to_dispatched "$ID"
gc --user zhaoliu act "$ID" supervise --comment 请加快处置
expect_rc 4 "no supervision before the case is overdue"
expect_err "only for records past their time limit" "saying why"
gc --user wangwu show "$ID"
expect_no_out "supervise" "and it is not offered"
at 2026-11-27T09:00:00+08:00 gc --user zhaoliu show "$ID"
expect_out "supervise (督办)" "an overdue case offers supervision to street staff"
at 2026-11-27T09:00:00+08:00 gc --user zhangsan act "$ID" reply --comment 已在处理
expect_rc 4 "no reply before a supervision"
at 2026-11-27T09:00:00+08:00 gc --user wangwu act "$ID" supervise --comment 请加快
expect_rc 4 "community staff cannot supervise"
at 2026-11-27T09:00:00+08:00 gc --user zhaoliu act "$ID" supervise
expect_rc 3 "a supervision needs an opinion"
at 2026-11-27T09:00:00+08:00 gc --user zhaoliu act "$ID" supervise --comment 请于今日内处置完毕
expect_rc 0 "street staff supervise the overdue case"
at 2026-11-27T10:00:00+08:00 gc --user zhangsan act "$ID" reply --comment 已协调环卫，下午清运
expect_rc 0 "the handler replies"
gc --user wangwu show "$ID"
expect_out "督办次数: 1" "the supervision is counted"
expect_out "state:     派遣 (dispatched)" "the case keeps its state"
gc --user wangwu history "$ID"
expect_out "supervise" "the supervision is in the history"
expect_out "请于今日内处置完毕" "with its opinion"
expect_out "已协调环卫，下午清运" "and the reply"
gc --user admin verify
expect_rc 0 "verify passes"
