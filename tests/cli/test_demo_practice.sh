# SPDX-License-Identifier: MIT
# The demo follows the reports' figures (config/demo/demo.yaml): 104 needs
# of 74 communities, 93 resources of 55 agencies, 951 两新组织 all with a
# party organisation, 20 pairs of 40 communities across streets with 42
# projects (增收类 10, 民生类 14, 党建类 18), a 书记项目 per community by its
# secretary, patrols whose findings became cases. Counted from export.
. "$(dirname "$0")/lib.sh"
gc --user admin demo --cases 3000 --seed 9
expect_rc 0 "the demo district"
gc --user admin export --format jsonl
cp "$T/out" "$T/all.jsonl"
gc --user admin export nodes --format jsonl
cp "$T/out" "$T/nodes.jsonl"
py() { check "python3 - '$T/all.jsonl' '$T/nodes.jsonl' <<'PY' >'$T/py' || { sed 's/^/# /' '$T/py'; false; }
import json, sys
recs = [json.loads(l) for l in open(sys.argv[1], encoding='utf-8') if l.strip()]
nodes = {n['code']: n for n in (json.loads(l) for l in open(sys.argv[2], encoding='utf-8') if l.strip())}
by_id = {r['id']: r for r in recs}
form = lambda f: [r for r in recs if r['form'] == f]
$1
PY" "$2"; }

py "needs = form('need'); print(len(needs), len({r['node'] for r in needs}))
assert len(needs) == 104 and len({r['node'] for r in needs}) == 74" "104 needs of 74 communities"
py "res = form('resource'); prov = {r['provider'] for r in res}
assert len(res) == 93 and len(prov) == 55
assert all(by_id[int(p)]['kind'] == '机关' for p in prov)
assert len([u for u in form('unit') if u['kind'] == '机关']) == 55" "93 resources provided by the 55 agencies (机关)"
py "tn = [u for u in form('unit') if u['kind'] == '两新组织']
assert len(tn) == 951 and all(u.get('party_org') == 'true' for u in tn)" "951 两新组织, every one with a party organisation"
py "pairs = form('pair'); comm = [p['left'] for p in pairs] + [p['right'] for p in pairs]
assert len(pairs) == 20 and len(set(comm)) == 40
assert all(nodes[c]['level'] == 'community' for c in comm)
assert all(p['left'][:9] != p['right'][:9] for p in pairs)" "20 pairs of 40 communities, each across two streets"
py "proj = form('project'); cats = {}
[cats.__setitem__(p['category'], cats.get(p['category'], 0) + 1) for p in proj]
assert len(proj) == 42 and cats == {'增收类': 10, '民生类': 14, '党建类': 18}, cats
assert all(by_id[int(p['pair'])]['form'] == 'pair' for p in proj)
assert all(p['node'] in (by_id[int(p['pair'])]['left'], by_id[int(p['pair'])]['right']) for p in proj)
assert len({p['pair'] for p in proj}) == 20" "42 projects, 增收类 10, 民生类 14, 党建类 18, each under a pair at one of its communities"
# The pairs are in force (demo state: active), and the matching pairs
# proposes exactly the open needs and resources of one category in the two
# communities of a pair, worked out again from export.
gc --user admin match --matching pairs --format csv --keys
tr -d '\r' <"$T/out" >"$T/pairs.csv"
py "import csv
got = {(int(r['left']), int(r['right'])) for r in csv.DictReader(open(sys.argv[1].replace('all.jsonl', 'pairs.csv'), encoding='utf-8'))}
pairs = form('pair'); assert all(p['state'] == 'active' for p in pairs)
opened = lambda f: [r for r in form(f) if r['state'] == 'listed' and not r.get('project')]
want = {(n['id'], x['id']) for p in pairs for n in opened('need') for x in opened('resource')
        if n['category'] == x['category'] and {n['node'], x['node']} == {p['left'], p['right']}}
print(len(got), len(want)); assert got == want and want, (got, want)" "match --matching pairs: the open needs and resources of the communities of a pair in force, as export says"
py "sp = form('sproject'); comm = [c for c, n in nodes.items() if n['level'] == 'community']
assert sorted(s['node'] for s in sp) == sorted(comm)
assert all(s['secretary'] == nodes[s['node']]['secretary'] for s in sp)" "a 书记项目 per community, claimed by its secretary"
py "pt = form('patrol'); linked = [p for p in pt if p.get('case')]
assert len(pt) == 60 and len(linked) >= 40, (len(pt), len(linked))
for p in linked:
    c = by_id[int(p['case'])]
    assert c['form'] == 'case' and c['node'] == p['grid'] and c['node'].startswith(p['node']), (p, c)
    assert c['title'] == p['title'] and c['detail'] == p['findings'] and c['id'] > p['id'], (p, c)" \
	"60 patrols, most findings turned into a new case in a grid of their community, titled and described by the finding"
gc --user admin report --format csv --keys
check "awk -F, '{ sub(/\\r\$/, \"\") } NR == 1 { for (i = 1; i <= NF; i++) { if (\$i == \"m_twonew_coverage\") a = i; if (\$i == \"m_projects_per_pair\") b = i } }
	\$1 == \"total\" { print \$a, \$b }' '$T/out' | grep -qx '100.0 2.10'" "the report: 应建尽建率 100.0 %, 2.10 projects per pair"
# 考评问责 on the demo's cases: a street's communities by 按期结案率, the flags
# as the configuration gives them (约谈 the last, 通报批评 the two before,
# 取消评先资格 any other below 80 %), worked out again from the counts.
gc --user admin report --node 510304008 --rank on_time_rate --format csv --keys
tr -d '\r' <"$T/out" >"$T/rank.csv"
check "grep -q ',取消评先资格\$' '$T/rank.csv'" "in 牛佛街道 (seed 9) a community outside the last three is below 80 %"
check "awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) { if (\$i == \"closed\") c = i; if (\$i == \"closed_on_time\") o = i } next }
	\$1 == \"node\" && \$(NF - 1) != \"\" { n++; rank[n] = \$(NF - 1); flag[n] = \$NF; rate[n] = int((\$o * 1000 + int(\$c / 2)) / \$c) }
	END { if (n < 5) exit 1; for (i = 1; i <= n; i++) {
		w = rank[i] > n - 1 ? \"约谈\" : rank[i] > n - 3 ? \"通报批评\" : rate[i] < 800 ? \"取消评先资格\" : \"\";
		if (rank[i] != i || flag[i] != w || (i > 1 && rate[i] > rate[i - 1])) exit 1 } }' '$T/rank.csv'" \
	"ranked by 按期结案率, best first, with 约谈, 通报批评 and 取消评先资格 where the configuration says"
# A demo.yaml with digits out of range is refused with its line, and the
# staff built from it meanwhile stay in their buffers (ASan run: no overflow).
mkdir -p "$T/bad" && cp -L "$CONFIG"/*.yaml "$T/bad/"
sed -i 's/^  children: \[11, 10, 5\]/  digits: 40\n&/' "$T/bad/demo.yaml"
"$BIN" --config "$T/bad" --db "$DB" --user admin check-config >"$T/out" 2>"$T/err"; RC=$?
check "[ $RC -ne 0 ]" "digits: 40 in demo.yaml: check-config fails"
expect_err "demo.yaml:7:11: demo: digits" "and names the file and line"
expect_err "digits must be a whole number from 1 to 6" "and says what digits may be"
exit 0
