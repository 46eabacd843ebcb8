# SPDX-License-Identifier: MIT
# The workflow owns its fields and its people (docs/configuration.md, "Who
# writes what"): the creator fills only the creator's fields, a transition
# writes its own, a final state is read-only, a record goes only to someone
# who can see it, 处置 is the assignee's, and an id outside one's scope
# answers exactly as one never used.
. "$(dirname "$0")/lib.sh"
gc --user admin init
gc --user admin import nodes "$ROOT/tests/cli/nodes.csv"
new_case() {   # new_case TITLE: a case in zhangsan's grid, its id in $ID
	gc --user zhangsan new case --node 510304001001001 "title=$1" category=城市管理
	ID=$(cat "$T/out")
}

# ---- the creator's fields ----
gc --user zhangsan new case --node 510304001001001 title=井盖破损 category=城市管理 result=胡乱填写
expect_rc 4 "new: the creator cannot fill 处置结果"
expect_err "field 'result' (处置结果) belongs to the workflow: it is written by handle (处置)" "naming the field and the transition"
gc --user zhangsan new case --node 510304001001001 title=井盖破损 category=城市管理 extension=10wd
expect_rc 4 "new: nor ask for an extension"
expect_err "it is written by ask_extension (申请延期)" "naming 申请延期"
gc --user zhangsan new case --node 510304001001001 title=井盖破损 category=城市管理 assignee=zhangsan
expect_rc 4 "new: nor give the case an assignee"
gc --user zhangsan new case --node 510304001001001 title=井盖破损 category=城市管理 reworks=3
expect_rc 4 "new: nor set a count"
gc --user admin list --form case
expect_out "(0 of 0)" "nothing was created by the refused attempts"

new_case 井盖破损
gc --user zhangsan set "$ID" extension=10wd result=胡乱填写 assignee=zhaoliu
expect_rc 4 "set: the issue's first example is refused"
expect_err "field 'extension' (申请延期) belongs to the workflow" "extension named"
expect_err "field 'result' (处置结果) belongs to the workflow" "result named"
expect_err "field 'assignee' (assignee) belongs to the workflow: it is written by dispatch (派遣), reassign (改派), unpark (销账)" "assignee named with its transitions"
gc --user zhangsan show "$ID" --json
expect_no_out '胡乱填写' "and nothing of it was stored"
gc --user zhangsan set "$ID" title=井盖破损严重
expect_rc 0 "while 上报, the grid worker corrects his own title"
gc --user wangwu act "$ID" accept
gc --user zhangsan set "$ID" title=再改
expect_rc 4 "once 受理, he may not"
expect_err "in state 受理 (accepted) only 社区工作人员, 街道工作人员, 区指挥中心 may change it" "the state's edit rule, with the roles"
gc --user wangwu set "$ID" location=幸福路3号
expect_rc 0 "community staff may"

# ---- assignment stays reachable ----
gc --user wangwu act "$ID" register
gc --user wangwu act "$ID" dispatch assignee=lisi
expect_rc 4 "dispatch to a grid worker of another grid is refused"
expect_err "李四 (lisi, 网格员 of 510304001001002) cannot see records of 第一网格 510304001001001" "saying why"
gc --user wangwu act "$ID" dispatch assignee=zhaoliu
expect_rc 4 "dispatch to a street officer is refused (assign_roles)"
expect_err "派遣 (dispatch) assigns to 网格员, 社区工作人员 only" "naming who it assigns to"
gc --user wangwu act "$ID" dispatch assignee=张三
expect_rc 0 "dispatch by name: 张三 is zhangsan"
gc --user wangwu show "$ID"
expect_out "assignee:  zhangsan" "the login is stored"
gc --user wangwu set "$ID" assignee=wangwu
expect_rc 4 "set assignee= on a case: the workflow owns it"
gc --user wangwu act "$ID" reassign assignee=lisi --comment 换人
expect_rc 4 "改派 to someone who cannot see it is refused too"
gc --user wangwu act "$ID" reassign assignee=wangwu --comment 社区直接处理
expect_rc 0 "改派 to the community officer"
gc --user wangwu act "$ID" reassign assignee=zhangsan --comment 还是网格员处理
gc --user wangwu act "$ID" handle result=已处理
expect_rc 4 "处置 by someone who is not the assignee is refused"
expect_err "only its assignee zhangsan takes it" "saying whose it is"
gc --user lisi act "$ID" handle result=已处理
expect_rc 6 "a grid worker of another grid does not even see it"
gc --user zhangsan act "$ID" handle result=已处理 extension=2wd
expect_rc 4 "a transition writes only its own fields"
expect_err "transition 'handle' (处置) does not write it; it is written by ask_extension (申请延期)" "naming the owner"
gc --user zhangsan act "$ID" handle result=已处理
expect_rc 0 "the assignee takes 处置 with its field"
gc --user zhangsan list --assignee me
expect_out "$ID " "his case is in his list"

# A form the workflow does not assign (走访) is assigned by hand, within reach.
gc --user zhangsan new visit --node 510304001001001 household=幸福路1号 date=2026-11-20
VISIT=$(cat "$T/out")
gc --user wangwu set "$VISIT" assignee=lisi
expect_rc 4 "a visit cannot go to a grid worker of another grid"
gc --user wangwu set "$VISIT" assignee=王五
expect_rc 0 "but to the community officer, by name"
gc --user wangwu set "$VISIT" assignee=nobody-here
expect_rc 3 "an unknown person is refused"
expect_err "no user has the login or the name 'nobody-here'" "saying so"

# Two people of one name: the name alone is refused, naming both logins.
mkdir -p "$T/two" && cp "$CONFIG"/*.yaml "$T/two/"
cat >"$T/two/users-same-name.yaml" <<'EOF'
users:
  - {login: zw1, name: 张伟, role: community_staff, node: "510304001001"}
  - {login: zw2, name: 张伟, role: community_staff, node: "510304001001"}
EOF
"$BIN" --config "$T/two" --db "$DB" --user wangwu set "$VISIT" assignee=张伟 >"$T/out" 2>"$T/err"; RC=$?
expect_rc 3 "a name two people share is refused"
expect_err "'张伟' is the name of 2 people: zw1 (社区工作人员), zw2 (社区工作人员); give the login" "naming both"
"$BIN" --config "$T/two" --db "$DB" --user wangwu set "$VISIT" assignee=zw2 >"$T/out" 2>"$T/err"; RC=$?
expect_rc 0 "the login settles it"
gc --user wangwu set "$VISIT" assignee=wangwu   # back to someone the default configuration knows

# ---- a final state is read-only ----
gc --user wangwu act "$ID" verify
gc --user wangwu act "$ID" close
gc --user zhangsan set "$ID" title=结案后改标题
expect_rc 4 "a grid worker cannot retitle a closed case"
gc --user wangwu set "$ID" title=结案后改标题
expect_rc 4 "nor can community staff"
expect_err "record $ID is 结案 (closed), a final state: it is read-only" "saying it is final"
gc --user admin set "$ID" title=更正标题
expect_rc 4 "an administrator needs a reason"
expect_err "needs a comment (--comment TEXT)" "and is told so"
gc --user admin set "$ID" title=更正标题 --comment 居民来电更正地址
expect_rc 0 "an administrator corrects it with a reason"
gc --user admin history "$ID"
expect_out "comment: 居民来电更正地址" "the reason is in the history"
expect_out "title: 井盖破损严重 -> 更正标题" "with the change"

# ---- import follows the same rules ----
cat >"$T/new.csv" <<'EOF'
form,node,title,category,result
case,510304001001001,导入的事件,城市管理,导入时填的结果
EOF
gc --user admin import records case "$T/new.csv"
expect_rc 4 "import: a new case (initial state) cannot carry 处置结果"
expect_err "field 'result' (处置结果) belongs to the workflow" "naming it"
cat >"$T/later.csv" <<'EOF'
form,node,state,assignee,title,category,result
case,510304001001001,handled,zhangsan,已处置的事件,城市管理,已处置完毕
EOF
gc --user admin import records case "$T/later.csv"
expect_rc 0 "import: a case in a later state carries what its transitions wrote"
cat >"$T/away.csv" <<'EOF'
form,node,state,assignee,title,category
case,510304001001001,dispatched,lisi,派给别人的事件,城市管理
EOF
gc --user admin import records case "$T/away.csv"
expect_rc 4 "import: an open case for someone who cannot see it is refused"
expect_err "cannot see records of 第一网格" "saying why"
cat >"$T/closed.csv" <<'EOF'
form,node,state,assignee,title,category
case,510304001001001,closed,lisi,早已结案的事件,城市管理
EOF
gc --user admin import records case "$T/closed.csv"
expect_rc 0 "import: a closed case is restored as it was"

# ---- check-config with a database: rule breaks, within one's scope ----
gc --user admin check-config
expect_rc 0 "the data made under the rules fits them"
# An older configuration let 处置结果 be typed in by hand and put zhangsan elsewhere.
cp -rL "$CONFIG" "$T/old"
sed -i 's/fields: \[result\], by: assignee/by: assignee/' "$T/old/workflows.yaml"
"$BIN" --config "$T/old" --db "$DB" --user lisi new case --node 510304001001002 title=旧规则 category=城市管理 result=手填 >/dev/null 2>&1
gc --user admin check-config
expect_rc 3 "check-config finds a field of the workflow written outside it"
expect_err "breaks the workflow's rules: field 'result' of form 'case', the workflow's, written by 'create' outside its transitions" "named"
gc --user zhangsan check-config
expect_rc 0 "a grid worker hears nothing of another grid"
expect_no_out "result" "not even the field"
sed "s/node: \"510304001001001\"}/node: \"510304001001002\"}/" "$CONFIG/users.yaml" >"$T/moved.yaml"
mkdir -p "$T/moved" && cp "$CONFIG"/*.yaml "$T/moved/" && cp "$T/moved.yaml" "$T/moved/users.yaml"
"$BIN" --config "$T/moved" --db "$DB" --user admin check-config >"$T/out" 2>"$T/err"; RC=$?
expect_err "assigned to zhangsan, who cannot see them" "an open record whose assignee moved away is reported"

# ---- no existence oracle: another grid's id reads as one never used ----
gc --user admin backup "$T/before.db"
gc --user lisi new case --node 510304001001002 title=李四的事件 category=城市管理
OTHER=$(cat "$T/out")
same_answer() {   # same_answer DESC ARGS...: as zhangsan, on both databases
	desc=$1; shift
	"$BIN" --config "$CONFIG" --db "$DB" --user zhangsan "$@" >"$T/a.out" 2>"$T/a.err"; a=$?
	"$BIN" --config "$CONFIG" --db "$T/before.db" --user zhangsan "$@" >"$T/b.out" 2>"$T/b.err"; b=$?
	if [ "$a" = "$b" ] && cmp -s "$T/a.out" "$T/b.out" && cmp -s "$T/a.err" "$T/b.err"; then ok "$desc"; else
		RC=$a; cp "$T/a.out" "$T/out"; cp "$T/a.err" "$T/err"; not_ok "$desc (status $a vs $b)"; sed 's/^/# never used: /' "$T/b.err"; fi
}
same_answer "show: another grid's id = an unused id" show "$OTHER"
same_answer "show --json" show "$OTHER" --json
same_answer "history" history "$OTHER"
same_answer "set" set "$OTHER" title=x
same_answer "act" act "$OTHER" accept
same_answer "act with fields" act "$OTHER" handle result=x
same_answer "match accept, left" match accept "$OTHER" "$ID"
same_answer "match accept, right" match accept "$ID" "$OTHER"

# ---- the demo keeps the rules: everyone sees every case given to them ----
CONFIG=$ROOT/config/demo
DB=$T/demo.db
gc --user admin demo --cases 3000 --seed 5
gc --user admin check-config
expect_rc 0 "the demo district breaks no rule"
gc --user admin list --open --limit 100000 --format csv
others=$(tail -n +2 "$T/out" | cut -d, -f10 | grep -v '^$' | grep -v -e zhangsan -e wangwu | sort -u | head -3)
for who in zhangsan wangwu $others; do
	gc --user admin list --assignee "$who" --limit 100000 --format csv
	all=$(tail -n +2 "$T/out" | wc -l)
	gc --user "$who" list --assignee me --limit 100000 --format csv
	mine=$(tail -n +2 "$T/out" | wc -l)
	check "[ $all -gt 0 ] && [ $all = $mine ]" "$who sees all $all records the demo gave them (list --assignee me: $mine)"
done

# ---- the English example: its own owned fields and assignee-only steps ----
CONFIG=$ROOT/config/examples/english
DB=$T/en.db
gc --user admin demo --cases 400 --seed 3
gc --user admin check-config
expect_rc 0 "the example's demo keeps its rules"
gc --user ann new issue --node 990001010101 "summary=Broken bench" topic=Sanitation/Litter outcome=done
expect_rc 4 "English: the creator cannot fill the outcome"
expect_err "it is written by resolve (Resolve)" "naming Resolve"
gc --user ann new issue --node 990001010101 "summary=Broken bench" topic=Sanitation/Litter
ID=$(cat "$T/out")
gc --user carla act "$ID" assign assignee=bill
expect_rc 4 "English: not to a keeper of another grid"
gc --user carla act "$ID" assign "assignee=Ann Green"
expect_rc 0 "English: to Ann, by her name"
gc --user carla act "$ID" start
expect_rc 4 "English: Start work is the assignee's"
gc --user ann act "$ID" start
expect_rc 0 "English: Ann starts"
exit 0
