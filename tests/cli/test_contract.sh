# SPDX-License-Identifier: MIT
# The output contract, the help and completion made from the command table,
# the configuration in pieces and import users, with the real binary.
. "$(dirname "$0")/lib.sh"
"$BIN" --config "$CONFIG" --db "$DB" demo --cases 400 --seed 3 >/dev/null

# ---- one record layout: show, list and export, key for key, type for type ----
gc --user admin show 7 --format json
cp "$T/out" "$T/show.json"
gc --user admin list --sort id --limit 7 --format json
cp "$T/out" "$T/list.json"
gc --user admin export --format json
cp "$T/out" "$T/export.json"
gc --user admin export --format jsonl
cp "$T/out" "$T/export.jsonl"
check "python3 - '$T' <<'EOF'
import json, sys
t = sys.argv[1]
show = json.load(open(t + '/show.json'))
lst = [r for r in json.load(open(t + '/list.json')) if r['id'] == 7][0]
exp = [r for r in json.load(open(t + '/export.json')) if r['id'] == 7][0]
line = [json.loads(l) for l in open(t + '/export.jsonl') if json.loads(l)['id'] == 7][0]
types = lambda r: [(k, type(v).__name__) for k, v in r.items()]
assert list(show) == list(lst) == list(exp) == list(line), (list(show), list(lst))
assert types(show) == types(lst) == types(exp) == types(line)
assert show == lst == exp == line
assert type(show['id']) is int and type(show['version']) is int and type(show['node']) is str
assert all(not isinstance(v, (dict, list)) for v in show.values()), 'flat'
EOF" "show, list and export give record 7 the same keys, the same value types and values (flat; id and version numbers)"

gc --user admin show 7 --format csv --keys
head -1 "$T/out" >"$T/show.h"
gc --user admin export --form case --format csv
check "head -1 '$T/out' | cmp -s - '$T/show.h'" "show --format csv --keys has export's columns for the record's form"
gc --user admin list --form case --sort id --limit 7 --format csv --keys
check "head -1 '$T/out' | cmp -s - '$T/show.h' && grep -q '^7,' '$T/out'" "and so has list --form case --format csv --keys"

# show --json stays: the JSON line with the light as of now.
gc --user admin show 7 --json
check "python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); s=json.load(open(sys.argv[2])); assert set(d)-set(s)=={\"overdue\",\"light\"} and type(d[\"overdue\"]) is bool' '$T/out' '$T/show.json'" \
	"show --json is --format json plus overdue and light"
gc --user admin show 7 --json --format json
expect_rc 2 "show --json with --format is refused"

# ---- every read command: json, jsonl and csv parse strictly ----
for cmd in "show 7" "list --limit 30" "history 7" "stats" "stats --form case" "stats --from 2026-10-01 --to 2026-11-30" \
	"tree" "node 510304001" "report" "match" "whoami" "export" "export nodes"; do
	gc --user admin $cmd --format json
	check "[ $RC = 0 ] && python3 -c 'import json,sys; json.load(open(sys.argv[1]))' '$T/out'" "$cmd --format json is one JSON document"
	gc --user admin $cmd --format jsonl
	check "[ $RC = 0 ] && [ -s '$T/out' ] && python3 -c '
import json, sys
for l in open(sys.argv[1]):
    assert isinstance(json.loads(l), dict)' '$T/out'" "$cmd --format jsonl is one object a line"
	gc --user admin $cmd --format csv
	check "[ $RC = 0 ] && python3 -c '
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline=\"\"), strict=True))
assert len(rows) >= 2 and all(len(r) == len(rows[0]) for r in rows)' '$T/out'" "$cmd --format csv: RFC 4180 rows as wide as the header"
	case $cmd in export*) ;; *)
		gc --user admin $cmd --format xml
		expect_rc 2 "$cmd --format xml is refused" ;;
	esac
done

# The formula guard of the CSV export holds in every CSV.
gc --user admin new case --node 510304001001001 "title==1+1 公式" category=城市管理
FID=$(cat "$T/out")
gc --user admin show "$FID" --format csv
check "grep -q \",'=1+1 公式,\" '$T/out'" "show --format csv guards a formula as export does"

# ---- headers in the user's language; --keys keeps the keys; JSON always keys ----
LANG=zh_CN.UTF-8 gc --user admin list --limit 3 --format csv
check "head -1 '$T/out' | grep -q '^编号,表单,节点,状态,版本,创建时间,更新时间,期限,创建人,经办人,标题,'" "under zh_CN the CSV header is Chinese, field labels from the configuration"
LANG=zh_CN.UTF-8 gc --user admin list --limit 3 --format csv --keys
check "head -1 '$T/out' | grep -q '^id,form,node,state,version,created,updated,due,creator,assignee,title,'" "--keys keeps the machine keys"
LANG=zh_CN.UTF-8 gc --user admin list --limit 3 --format jsonl
check "head -1 '$T/out' | grep -q '^{\"id\":'" "JSON keeps the machine keys under zh_CN"
LANG=zh_CN.UTF-8 gc --user admin report --format csv
check "head -1 '$T/out' | grep -q '^类型,代码,名称,自,至,上报数,' && grep -q ',上报,' '$T/out'" "report CSV headers in Chinese, states by their labels"
LANG=zh_CN.UTF-8 gc --user admin report --format csv --keys
check "head -1 '$T/out' | grep -q '^kind,code,name,from,to,reported,.*,state_reported,'" "report --keys: the machine keys"
LANG=zh_CN.UTF-8 gc --user admin list --limit 3
check "head -1 '$T/out' | grep -q '^编号 .*状态 .*节点 .*标题'" "the list table's header is Chinese too"
LANG=zh_CN.UTF-8 gc --user admin stats
check "head -1 '$T/out' | grep -q '^节点 .*总数'" "and the stats table's"

# ---- help from the command table ----
gc help
expect_rc 0 "gridcase help"
cp "$T/out" "$T/help"
for cmd in $("$BIN" --config "$CONFIG" complete commands); do
	gc help "$cmd"
	check "[ $RC = 0 ] && grep -q '^usage: gridcase $cmd' '$T/out'" "help $cmd prints its usage"
	"$BIN" "$cmd" --help >"$T/h2" 2>&1
	check "cmp -s '$T/out' '$T/h2'" "$cmd --help is help $cmd"
	check "grep -q '^  $cmd ' '$T/help'" "gridcase help lists $cmd"
done
gc help nosuch
expect_rc 2 "help of an unknown command is a usage error"
gc list --nosuch
expect_err "unknown option '--nosuch'" "an unknown option is named"
gc help list
for o in form node state overdue open assignee search sort limit format keys; do
	check "grep -q -- '^  --$o' '$T/out'" "help list documents --$o"
done
gc show
expect_err "usage: gridcase show ID [--format table|csv|jsonl|json] [--keys] [--json]" "a wrong argument count prints the usage from the table"

# ---- completion: bash, from the same table ----
gc completion bash
cp "$T/out" "$T/gridcase.bash"
mkdir -p "$T/bin"
ln -s "$BIN" "$T/bin/gridcase"
cat >"$T/comp.sh" <<EOF
. "$T/gridcase.bash"
complete -p gridcase
comp() { COMP_WORDS=("\$@"); COMP_CWORD=\$((\${#COMP_WORDS[@]} - 1)); COMPREPLY=(); _gridcase; echo "\${COMPREPLY[*]}"; }
G="--config $CONFIG --db $DB --user admin"
comp gridcase sh
comp gridcase \$G list --fo
comp gridcase \$G list --form ""
comp gridcase \$G list --node 5103040010010
comp gridcase \$G list --format ""
comp gridcase \$G act $FID ""
comp gridcase \$G import ""
comp gridcase \$G help wh
EOF
PATH="$T/bin:$PATH" bash "$T/comp.sh" >"$T/comp" 2>&1
check "sed -n 1p '$T/comp' | grep -qx 'complete -F _gridcase gridcase'" "sourcing the script registers it: complete -p gridcase"
check "sed -n 2p '$T/comp' | grep -qx 'show'" "a command completes (sh -> show)"
check "sed -n 3p '$T/comp' | grep -qx -- '--form --format'" "an option completes (list --fo -> --form --format)"
check "sed -n 4p '$T/comp' | grep -qw case && sed -n 4p '$T/comp' | grep -qw visit" "list --form completes the configuration's forms"
check "sed -n 5p '$T/comp' | grep -qx '510304001001001 510304001001002 510304001001003 510304001001004 510304001001005'" \
	"list --node completes node codes from the database"
check "sed -n 6p '$T/comp' | grep -qx 'table csv jsonl json'" "--format completes its choices"
gc --user admin show "$FID"
STATE=$(sed -n 's/^state: .*(\(.*\))$/\1/p' "$T/out")
check "[ -n \"\$(sed -n 7p '$T/comp')\" ] && ! sed -n 7p '$T/comp' | grep -qw create" "act ID completes the transitions of the record's state ($STATE): $(sed -n 7p "$T/comp")"
check "sed -n 8p '$T/comp' | grep -qx 'nodes records users'" "import completes what it loads"
check "sed -n 9p '$T/comp' | grep -qx 'whoami'" "help completes command names"
gc completion zsh
check "[ $RC = 0 ] && head -1 '$T/out' | grep -qx '#compdef gridcase' && grep -q 'complete \$kind' '$T/out'" "completion zsh: a #compdef file"
if command -v zsh >/dev/null; then
	check "zsh -n '$T/out'" "the zsh script parses (zsh -n)"
	cp "$T/out" "$T/_gridcase"
	# compadd and _files exist only inside zsh's completion system: stand-ins print what is offered.
	cat >"$T/comp.zsh" <<EOF
compadd() { [[ \$1 == -a ]] && { print -r -- "\${(P@)2}"; return }; [[ \$1 == -- ]] && shift; print -r -- "\$@"; }
_files() { print -r -- "<files>"; }
source "$T/_gridcase" >/dev/null
zc() { words=("\$@"); CURRENT=\$#words; _gridcase; }
G=(--config $CONFIG --db $DB --user admin)
zc gridcase ""
zc gridcase \$G list --f
zc gridcase \$G list --form ""
zc gridcase \$G act $FID ""
zc gridcase \$G import records ""
EOF
	PATH="$T/bin:$PATH" zsh -f "$T/comp.zsh" >"$T/zcomp" 2>&1
	check "sed -n 1p '$T/zcomp' | grep -qw whoami && sed -n 2p '$T/zcomp' | grep -qw -- --keys && sed -n 3p '$T/zcomp' | grep -qw visit" \
		"zsh: commands, options and forms are offered"
	check "[ \"\$(sed -n 4p '$T/zcomp')\" = \"\$(sed -n 7p '$T/comp')\" ] && sed -n 5p '$T/zcomp' | grep -qw case && sed -n 6p '$T/zcomp' | grep -qx '<files>'" \
		"zsh: the record's transitions as in bash, and import records offers forms then files"
else
	echo "# zsh is not installed: its script was not run"
fi
gc --user admin complete transitions
check "grep -qx accept '$T/out' && grep -qx dispatch '$T/out'" "complete transitions lists the workflows' transitions"
gc complete nosuch
expect_rc 2 "complete of an unknown kind is a usage error"

# ---- whoami ----
gc --user zhangsan whoami
check "grep -q '^Login: *zhangsan\$' '$T/out' && grep -q '^Role: *grid_worker\$' '$T/out' && grep -q '^Node: *510304001001001\$' '$T/out'" "whoami locally: login, role, node"
check "grep -q '^Commands:.* list ' '$T/out' && ! grep -q '^Commands:.*verify' '$T/out'" "a grid worker's commands leave out the administrator's"
gc --user nobody whoami
expect_rc 4 "whoami of an unknown user is refused"

# ---- users in several files, merged; a duplicate names both places ----
C2=$T/cfg
cp -rL "$CONFIG" "$C2"
rm -rf "$C2/examples" "$C2/demo.yaml"   # no demo staff: the configured people only
cat >"$C2/users-street2.yaml" <<'EOF'
holidays: [2026-12-07]
users:
  - {login: s2a, name: 二街甲, role: grid_worker, node: "510304002001001"}
  - {login: s2b, name: 二街乙, role: community_staff, node: "510304002001"}
EOF
"$BIN" --config "$C2" check-config >"$T/out" 2>"$T/err"
RC=$?
check "[ $RC = 0 ] && grep -q '9 users' '$T/out'" "users from two files are merged (7 + 2)"
"$BIN" --config "$C2" --db "$DB" --user s2a whoami >"$T/out" 2>&1
expect_out "510304002001001" "a user of the second file is known"
# Friday 16:00, four working hours: Monday, unless Monday is a holiday of the second file.
export GRIDCASE_NOW="2026-12-04T16:00:00+08:00"
H2=$("$BIN" --config "$C2" --db "$DB" --user admin new case --node 510304002001001 title=节后 category=城市管理)
H1=$("$BIN" --config "$CONFIG" --db "$DB" --user admin new case --node 510304002001001 title=节后 category=城市管理)
D2=$("$BIN" --config "$C2" --db "$DB" --user admin show "$H2" --format json | python3 -c 'import json,sys; print(json.load(sys.stdin)["due"][:10])')
D1=$("$BIN" --config "$CONFIG" --db "$DB" --user admin show "$H1" --format json | python3 -c 'import json,sys; print(json.load(sys.stdin)["due"][:10])')
check "[ '$D1' = 2026-12-07 ] && [ '$D2' = 2026-12-08 ]" "a holidays: list in another file is merged into the calendar (due $D1 without it, $D2 with it)"
export GRIDCASE_NOW="2026-11-23T09:00:00+08:00"
printf '  - {login: lisi, name: 又一个李四, role: grid_worker, node: "510304002001002"}\n' >>"$C2/users-street2.yaml"
"$BIN" --config "$C2" check-config >"$T/out" 2>"$T/err"
RC=$?
expect_rc 3 "a login in two files is refused"
check "grep -q \"users.yaml:[0-9]*:[0-9]*: duplicate user 'lisi' (also at $C2/users-street2.yaml:5)\" '$T/err'" \
	"the duplicate names both places, FILE:LINE and FILE:LINE"
sed -i '$d' "$C2/users-street2.yaml"

# ---- import users ----
printf '账号,姓名,角色,节点\nnew1,新一,网格员,510304001001003\nbad user,坏,grid_worker,510304001001003\nnew2,新二,nosuch,510304001001003\nnew3,新三,grid_worker,999999\nnew1,重复,grid_worker,510304001001003\nlisi,李四二,grid_worker,510304001001003\nnew5,新五,community_staff,\n' >"$T/bad.csv"
"$BIN" --config "$C2" --db "$DB" --user admin import users "$T/bad.csv" >"$T/out" 2>"$T/err"
RC=$?
expect_rc 3 "import users with bad rows fails"
expect_err "bad.csv:3: login 'bad user' may use letters" "a bad login is located"
expect_err "bad.csv:4: unknown role 'nosuch'" "an unknown role is located"
expect_err "bad.csv:5: unknown node '999999'" "an unknown node is located"
expect_err "bad.csv:6: duplicate login 'new1' (also at $T/bad.csv:2)" "a login twice in the sheet names both lines"
expect_err "bad.csv:7: duplicate login 'lisi': already a user at $C2/users.yaml:" "a login of another file names it"
expect_err "bad.csv:8: user 'new5' has no node" "a role with a scope needs a node"
check "[ ! -e '$C2/users-imported.yaml' ]" "nothing was written"
printf 'login,name,role,node\nnew1,新一,网格员,510304001001003\nnew2,新二,community_staff,510304001001\n' >"$T/good.csv"
"$BIN" --config "$C2" --db "$DB" --user zhangsan import users "$T/good.csv" >"$T/out" 2>"$T/err"
RC=$?
check "[ $RC = 4 ] && [ ! -e '$C2/users-imported.yaml' ]" "import users is for an administrator only"
"$BIN" --config "$C2" --db "$DB" --user admin import users "$T/good.csv" >"$T/out" 2>"$T/err"
RC=$?
expect_rc 0 "a good file is imported"
expect_out "users-imported.yaml: 2 users added, 0 updated" "it says what it wrote"
check "[ \"\$(stat -c %a '$C2/users-imported.yaml')\" = 640 ]" "the new users file is 0640"
"$BIN" --config "$C2" --db "$DB" --user new1 whoami >"$T/out" 2>"$T/err"
check "grep -q '^Role: *grid_worker\$' '$T/out'" "the imported user is known to the configuration (the role given by its label)"
printf 'login,name,role,node\nnew1,新一改,grid_worker,510304001001004\nnew4,新四,district_staff,\n' >"$T/upd.csv"
"$BIN" --config "$C2" --db "$DB" --user admin import users "$T/upd.csv" >"$T/out" 2>"$T/err"
expect_out "1 users added, 1 updated" "importing again updates the file"
check "grep -c login '$C2/users-imported.yaml' | grep -qx 3 && grep -q '新一改' '$C2/users-imported.yaml' && grep -q 'new2' '$C2/users-imported.yaml'" \
	"the file keeps its other users, one line each"
"$BIN" --config "$C2" --db "$DB" --user admin import users "$T/good.csv" --output "$T/elsewhere.yaml" >"$T/out" 2>"$T/err"
RC=$?
check "[ $RC = 3 ] && grep -q 'already a user at $C2/users-imported.yaml:' '$T/err' && [ ! -e '$T/elsewhere.yaml' ]" \
	"--output elsewhere: the configuration's users are duplicates, nothing written"
# A users sheet as an office keeps it in Excel: the same columns, read by the XLSX reader.
python3 - "$T/people.xlsx" <<'PY'
import sys, zipfile
rows = [["账号", "姓名", "角色", "节点"], ["xl1", "表一", "网格员", "510304001001005"],
        ["xl2", "表二", "community_staff", "510304001001"]]
def cell(r, c, v):
    return '<c r="%s%d" t="inlineStr"><is><t>%s</t></is></c>' % ("ABCD"[c], r, v)
sheet = "".join('<row r="%d">%s</row>' % (i + 1, "".join(cell(i + 1, j, v) for j, v in enumerate(row)))
                for i, row in enumerate(rows))
NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
P = "http://schemas.openxmlformats.org/package/2006/relationships"
with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/></Types>')
    z.writestr("_rels/.rels", '<?xml version="1.0"?><Relationships xmlns="%s"><Relationship Id="rId1" Type="%sofficeDocument" Target="xl/workbook.xml"/></Relationships>' % (P, R))
    z.writestr("xl/workbook.xml", '<?xml version="1.0"?><workbook %s><sheets><sheet name="人员" sheetId="1" r:id="rId1"/></sheets></workbook>' % NS)
    z.writestr("xl/_rels/workbook.xml.rels", '<?xml version="1.0"?><Relationships xmlns="%s"><Relationship Id="rId1" Type="%sworksheet" Target="worksheets/sheet1.xml"/></Relationships>' % (P, R))
    z.writestr("xl/worksheets/sheet1.xml", '<?xml version="1.0"?><worksheet %s><sheetData>%s</sheetData></worksheet>' % (NS, sheet))
PY
"$BIN" --config "$C2" --db "$DB" --user admin import users "$T/people.xlsx" --output "$T/xl-users.yaml" >"$T/out" 2>"$T/err"
RC=$?
expect_rc 0 "import users reads an XLSX sheet"
check "grep -q 'xl1' '$T/xl-users.yaml' && grep -q '表二' '$T/xl-users.yaml'" "its people are in the users file"
exit 0
