# SPDX-License-Identifier: MIT
# init, check-config and importing the node tree.
. "$(dirname "$0")/lib.sh"

gc tree
expect_rc 6 "tree before init: not found"
expect_err "run 'gridcase init'" "tree before init says what to do"
gc --user admin init
expect_rc 0 "init creates the database"
check "[ -f '$DB' ]" "database file exists"
gc --user admin init
expect_rc 2 "init twice is refused"
expect_err "already a gridcase database (0 records); init makes only new databases, so nothing was changed" \
	"init twice says what it found and that nothing changed"
gc --user zhangsan check-config
expect_rc 0 "default configuration is valid"
expect_out "4 levels" "check-config reports the levels"
expect_err "user 'zhangsan' belongs to node '510304001001001', which is not in the database" "check-config names users whose node is missing" 

# Nodes: a BOM, CRLF-free rows in any order, a quoted code, level by key.
gc --user zhangsan import nodes "$ROOT/tests/cli/nodes.csv"
expect_rc 4 "a grid worker may not import nodes"
gc --user admin import nodes "$ROOT/tests/cli/nodes.csv"
expect_rc 0 "import nodes"
expect_out "7 nodes added" "all seven nodes added"
gc --user admin tree --depth 3
expect_out "510304001001002 第二网格" "tree shows a grid"
gc --user admin import nodes "$ROOT/tests/cli/nodes.csv"
expect_out "0 nodes added, 7 updated" "a second import updates in place"

# Bad rows: each named by line, nothing lands.
cat >"$T/bad.csv" <<'CSV'
code,name,parent,households
510304009,新街道,510304,
510304009001,,510304009,
510304001001003,网格,510304001001,many
510304009001002,网格,510399,
510304001001001001,太深,510304001001001,
510304009002,社区,510304009,12
CSV
gc --user admin import nodes "$T/bad.csv"
expect_rc 3 "bad node rows: bad data"
expect_err "bad.csv:3: name is missing" "missing name named by line"
expect_err "bad.csv:4: households (户数): must be a whole number, found 'many'" "bad attribute named by line and field"
expect_err "bad.csv:5: parent '510399' is neither in the database nor in the file" "unknown parent named"
expect_err "bad.csv:6: node '510304001001001001' would be below the last level" "too deep named"
expect_err "bad.csv:7: column 'households' is not an attribute of level community" "attribute of another level named"
expect_err "nothing was imported" "says nothing was imported"
gc --user admin tree --depth 1
expect_no_out "510304009" "no node of the bad file landed"

# Broken configuration: every error with file:line:col, exit 3.
mkdir "$T/cfg"
cp "$CONFIG"/*.yaml "$T/cfg/"
sed -i 's/at: grid/at: village/' "$T/cfg/forms.yaml"
sed -i 's/sla: 1wd/sla: one day/' "$T/cfg/workflows.yaml"
"$BIN" --config "$T/cfg" --db "$DB" check-config >"$T/out" 2>"$T/err"; RC=$?
expect_rc 3 "broken configuration: bad data"
L=$(grep -n 'at: village' "$T/cfg/forms.yaml" | head -n 1 | cut -d: -f1)
expect_err "forms.yaml:$L:9: form 'case': undefined level 'village'" "undefined level with file:line:col"
expect_err "workflows.yaml:" "second file's error reported too"
expect_err "bad time limit 'one day'" "bad time limit reported"

# A configuration that would orphan stored data is reported.
gc --user admin new case --node 510304001001001 title=测试 category=城市管理
sed -i 's/at: village/at: grid/' "$T/cfg/forms.yaml"
sed -i 's/sla: one day/sla: 1wd/; s/reported/reportd/g' "$T/cfg/workflows.yaml"
sed -i 's/- {key: location.*//' "$T/cfg/forms.yaml"
sed -i '/^      location:/d' "$T/cfg/demo.yaml"   # the demo names the field too
gc --user admin set 1 location=幸福路
"$BIN" --config "$T/cfg" --db "$DB" check-config >"$T/out" 2>"$T/err"; RC=$?
expect_rc 3 "orphaned data: bad data"
expect_err "1 stored record use field 'location' of form 'case', which the form no longer defines" "orphaned field reported"
expect_err "1 stored record use state 'reported' of form 'case', which workflow 'case_flow' no longer defines" "orphaned state reported"

# A form moved to another level: its stored records would drop out of
# lists of that form (they read only the nodes of its level), so say so.
mkdir "$T/cfgl"
cp "$CONFIG"/*.yaml "$T/cfgl/"
"$BIN" --config "$CONFIG" --db "$DB" --user admin new visit --node 510304001001001 household=幸福路1号 date=2026-11-20 >"$T/out" 2>"$T/err"
sed -i '/^  visit:/,/^    at:/s/at: grid/at: community/' "$T/cfgl/forms.yaml"
"$BIN" --config "$T/cfgl" --db "$DB" check-config >"$T/out" 2>"$T/err"; RC=$?
expect_rc 3 "a form moved to another level: bad data"
expect_err "1 stored record use level 'grid' for form 'visit', which the form now puts under 'community'" "records left at the old level are reported"

# The optional sections are checked too.
mkdir "$T/cfgm"
cp "$CONFIG"/*.yaml "$T/cfgm/"
sed -i 's/area: street/area: streat/' "$T/cfgm/matching.yaml"
"$BIN" --config "$T/cfgm" check-config >"$T/out" 2>"$T/err"; RC=$?
expect_rc 3 "a bad matching: section is bad data"
L=$(grep -n 'area: streat' "$T/cfgm/matching.yaml" | head -n 1 | cut -d: -f1)
expect_err "matching.yaml:$L:11: matching: undefined level or form 'streat'" "named by file:line:col"
# More demo templates than the demo builds with are refused, not dropped.
mkdir "$T/cfgd"
cp "$CONFIG"/*.yaml "$T/cfgd/"
extra=""
for i in 1 2 3 4 5 6 7 8 9 10 11 12 13; do extra="$extra      x$i: \"v\"\n"; done
sed -i "s/^      title: \"{place}{number}号{kind}\"$/&\n$extra/" "$T/cfgd/demo.yaml"
"$BIN" --config "$T/cfgd" check-config >"$T/out" 2>"$T/err"; RC=$?
expect_rc 3 "a demo with 17 field templates is bad data"
expect_err "demo: fields: at most 16 templates, found 17" "the demo's template limit is named"

# Patterns are PCRE2 in UTF mode, anchored to the whole value: \p{Han}
# and [一-龥] work; patterns that do not compile, or that backtrack without
# bound, are refused by check-config with file:line:col.
mkdir "$T/cfgp"
cp "$CONFIG"/*.yaml "$T/cfgp/"
sed -i "s|{key: reporter, label: 反映人, type: text, max: 20}|{key: reporter, label: 反映人, type: text, max: 20, pattern: '\\\\p{Han}{2,4}'}|" "$T/cfgp/forms.yaml"
sed -i "s|{key: location, label: 地点, type: text, max: 80}|{key: location, label: 地点, type: text, max: 80, pattern: '[一-龥0-9]+'}|" "$T/cfgp/forms.yaml"
"$BIN" --config "$T/cfgp" check-config >"$T/out" 2>"$T/err"; RC=$?
expect_rc 0 "Chinese patterns (\\p{Han}, [一-龥]) are valid"
"$BIN" --config "$T/cfgp" --db "$DB" --user admin new case --node 510304001001001 title=测试 category=城市管理 reporter=张三 location=幸福路1号 phone=13812345678 >"$T/out" 2>"$T/err"; RC=$?
expect_rc 0 "a value that matches a Chinese pattern is accepted"
"$BIN" --config "$T/cfgp" --db "$DB" --user admin new case --node 510304001001001 title=测试 category=城市管理 reporter=张3 >"$T/out" 2>"$T/err"; RC=$?
expect_rc 3 "a value that does not match is refused (bad data)"
expect_err "'张3' does not match the pattern \\p{Han}{2,4}" "the refusal names the value and the pattern"
"$BIN" --config "$T/cfgp" --db "$DB" --user admin new case --node 510304001001001 title=测试 category=城市管理 location=幸福路 phone=138123456789 >"$T/out" 2>"$T/err"; RC=$?
expect_rc 3 "the default phone pattern still refuses 12 digits"
for bad in '^((a{1,100}){1,100}){1,100}$|regular expression is too large' '(a+)+$|(match limit)' '[a|missing terminating ]'; do
	pat=${bad%%|*}; why=${bad#*|}
	cp "$T/cfgp/forms.yaml" "$T/cfgp/forms.yaml.ok"
	sed -i "s|'\\\\p{Han}{2,4}'|'$pat'|" "$T/cfgp/forms.yaml"
	"$BIN" --config "$T/cfgp" check-config >"$T/out" 2>"$T/err"; RC=$?
	expect_rc 3 "check-config refuses the pattern $pat"
	L=$(grep -n 'key: reporter' "$T/cfgp/forms.yaml" | head -n 1 | cut -d: -f1)
	expect_err "forms.yaml:$L:" "the refused pattern $pat is named by file:line"
	expect_err "$why" "the refusal of $pat says why: $why"
	mv "$T/cfgp/forms.yaml.ok" "$T/cfgp/forms.yaml"
done
