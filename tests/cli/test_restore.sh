# SPDX-License-Identifier: MIT
# Restore and moving a district: a whole-database export (every form, one
# file) imports into a new database in one go and exports the same bytes,
# in both configurations; ids stay below 2^53 and the counter cannot wrap;
# an export that cannot be written fails.
. "$(dirname "$0")/lib.sh"

# g DB ARGS...: gridcase on another database file, as admin; like gc.
g() {
	_db=$1; shift
	"$BIN" --config "$CONFIG" --db "$_db" --user admin "$@" >"$T/out" 2>"$T/err"
	RC=$?
}

# ---- ids: below 2^53, and the counter never wraps ----
g "$T/ids.db" init
g "$T/ids.db" import nodes "$ROOT/tests/cli/nodes.csv"
for id in 9007199254740992 9007199254740993 18446744073709551615; do
	printf 'id,node,title,category\n5,510304001001001,好,城市管理\n%s,510304001001001,大,城市管理\n' $id >"$T/big.csv"
	g "$T/ids.db" import records case "$T/big.csv"
	expect_rc 3 "id $id: bad data"
	expect_err "big.csv:3: id: $id is too large: the largest record id is 9007199254740991" "id $id refused with FILE:LINE"
done
printf '{"id":9007199254740992,"form":"case","node":"510304001001001","title":"大","category":"城市管理"}\n' >"$T/big.jsonl"
g "$T/ids.db" import records case "$T/big.jsonl"
expect_err "big.jsonl:1: id: 9007199254740992 is too large" "a JSON Lines id at the ceiling refused with FILE:LINE"
g "$T/ids.db" export
check "[ \$(wc -l <'$T/out') = 1 ]" "nothing of the refused files was imported"

printf 'id,node,title,category\n9007199254740991,510304001001001,最大,城市管理\n' >"$T/max.csv"
g "$T/ids.db" import records case "$T/max.csv"
expect_rc 0 "the largest allowed id, 2^53 - 1, is imported"
g "$T/ids.db" new case --node 510304001001001 title=下一个 category=城市管理
expect_rc 1 "new after the largest id: a clean failure"
expect_err "no record id is left: the largest, 9007199254740991" "and it says why"
g "$T/ids.db" export --format jsonl
check "[ \$(wc -l <'$T/out') = 1 ]" "still one record: no record 2^53, none numbered 0"
expect_out '{"id":9007199254740991,' "its id exported exactly"
g "$T/ids.db" verify
expect_rc 0 "verify passes after the refused new"
g "$T/ids.db" set 9007199254740991 location=幸福路
expect_rc 0 "the record with the largest id can still be edited"
g "$T/ids.db" new case --node 510304001001001 title=关联 category=城市管理
expect_rc 1 "and new still fails cleanly after that edit"

# ---- a whole demo district: export -> import into a new database -> export ----
# rt CONFIG NAME: the round trip of the demo district of a configuration,
# its tree made by `demo --cases 0` in the new database.
rt() {
	CONFIG=$1
	g "$T/$2.db" demo --seed 5   # the full district: 5000 cases and every other form
	expect_rc 0 "$2: a demo district"
	for fmt in csv jsonl; do
		g "$T/$2.db" export --format $fmt; cp "$T/out" "$T/$2-a.$fmt"
		expect_rc 0 "$2: export $fmt"
		rm -f "$T/$2-new.db" "$T/$2-new.db-lock"
		g "$T/$2-new.db" demo --cases 0
		g "$T/$2-new.db" import records "$T/$2-a.$fmt"
		expect_rc 0 "$2: the $fmt export imports into a new database, no form named"
		expect_out "$(($(wc -l <"$T/$2-a.$fmt") - $([ $fmt = csv ] && echo 1 || echo 0))) records imported" "$2: every $fmt row"
		g "$T/$2-new.db" export --format $fmt; cp "$T/out" "$T/$2-b.$fmt"
		check "cmp -s '$T/$2-a.$fmt' '$T/$2-b.$fmt'" "$2: export -> import -> export gives the same bytes ($fmt)"
		g "$T/$2-new.db" verify
		expect_rc 0 "$2: the new database verifies ($fmt)"
	done
	CONFIG=$ROOT/config/demo
}
rt "$ROOT/config/demo" default
# The file has every form, and records that name each other, some forward
# (a need names the claim its matching made after it; a patrol the case).
for form in $("$BIN" --config "$ROOT/config/demo" complete forms); do
	check "grep -q '^[0-9]*,$form,' '$T/default-a.csv'" "the default export has $form records"
done
check "awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if (\$i == \"claim\") c = i; next }
	\$2 == \"need\" && \$c != \"\" && \$c + 0 > \$1 + 0' '$T/default-a.csv' | grep -q ." \
	"a need names a claim with a larger id"
check "grep -q '\"form\":\"claim\",.*\"need\":\"[0-9]' '$T/default-a.jsonl'" "claims name their need"
check "grep -q '\"form\":\"project\",.*\"pair\":\"[0-9]' '$T/default-a.jsonl'" "projects name their pair"
rt "$ROOT/config/examples/english" english
check "grep -qv '\"urgent\"' '$T/english-a.jsonl'" "english: the export has records whose defaulted field (urgent) is empty"

# ---- moving a district: init, import nodes, import records ----
# move CONFIG NAME: the tree and the records of NAME's demo into a fresh file,
# by the three documented commands, in both formats.
move() {
	CONFIG=$1
	for fmt in csv jsonl; do
		g "$T/$2.db" export nodes --format $fmt --verbose; cp "$T/out" "$T/$2-nodes-a.$fmt"
		expect_rc 0 "$2: export nodes $fmt"
		expect_err "exported $(($(wc -l <"$T/$2-nodes-a.$fmt") - $([ $fmt = csv ] && echo 1 || echo 0))) nodes" "$2: every node ($fmt)"
		rm -f "$T/$2-moved.db" "$T/$2-moved.db-lock"
		g "$T/$2-moved.db" init
		g "$T/$2-moved.db" import nodes "$T/$2-nodes-a.$fmt"
		expect_rc 0 "$2: the $fmt tree imports into a fresh file"
		g "$T/$2-moved.db" export nodes --format $fmt; cp "$T/out" "$T/$2-nodes-b.$fmt"
		check "cmp -s '$T/$2-nodes-a.$fmt' '$T/$2-nodes-b.$fmt'" "$2: export nodes -> import nodes -> export nodes gives the same bytes ($fmt)"
		g "$T/$2-moved.db" import records "$T/$2-a.$fmt"
		expect_rc 0 "$2: then the whole $fmt export imports"
		g "$T/$2-moved.db" export --format $fmt
		check "cmp -s '$T/out' '$T/$2-a.$fmt'" "$2: and exports the same bytes ($fmt)"
		for cmd in "tree --depth 9" "stats --depth 9"; do
			g "$T/$2.db" $cmd; cp "$T/out" "$T/before"
			g "$T/$2-moved.db" $cmd
			check "cmp -s '$T/out' '$T/before'" "$2: $cmd shows the same in the moved district ($fmt)"
		done
	done
	CONFIG=$ROOT/config/demo
}
move "$ROOT/config/demo" default
check "head -1 '$T/default-nodes-a.csv' | grep -qx 'code,name,parent,level,party_org,secretary,households,population,worker.'" \
	"the nodes header: import's columns and every level's attributes"
check "grep -q '^510304001001,东华社区,510304001,community,社区党' '$T/default-nodes-a.csv'" "a community with its parent, level and base data"
check "sed -n 2p '$T/default-nodes-a.csv' | grep -q '^510304,大安区,,district,'" "the root comes first, without a parent"
check "grep -q '\"households\":\"[0-9]' '$T/default-nodes-a.jsonl'" "JSON Lines nodes carry the attributes"
move "$ROOT/config/examples/english" english

# A subtree, and a user's scope.
g "$T/default.db" export nodes --node 510304001001
check "[ \$(wc -l <'$T/out') = 7 ] && sed -n 2p '$T/out' | grep -q '^510304001001,东华社区,510304001,'" \
	"export nodes --node: the community and its grids, naming its parent"
"$BIN" --config "$CONFIG" --db "$T/default.db" --user wangwu export nodes >"$T/out" 2>"$T/err"; RC=$?
check "[ \$RC = 0 ] && [ \$(wc -l <'$T/out') = 7 ]" "a community worker exports the nodes of the community"
"$BIN" --config "$CONFIG" --db "$T/default.db" --user wangwu export nodes --node 510304002 >"$T/out" 2>"$T/err"; RC=$?
expect_rc 4 "and not another street's"
g "$T/default.db" export nodes --since 3
expect_rc 2 "export nodes takes no --since"

# The same file under one form: each row of another form is named.
DD=$T/default-new.db
rm -f "$DD" "$DD-lock"
g "$DD" demo --cases 0
g "$DD" import records case "$T/default-a.csv"
expect_rc 3 "a several-form file under one form: bad data"
LINE=$(grep -n '^[0-9]*,visit,' "$T/default-a.csv" | head -1 | cut -d: -f1)
expect_err "default-a.csv:$LINE: form: a 'visit' record in a file imported as 'case' records" "the first visit row is named"
check "! grep -q 'has no state' '$T/err'" "and only its form is said of it"
check "[ \$(grep -c ': form: a ' '$T/err') = \$(grep -vc '^[0-9]*,case,' '$T/default-a.csv' | awk '{print \$1 - 1}') ]" \
	"every row of another form is named, once"
g "$DD" import records case "$T/default-a.jsonl"
LINE=$(grep -n '"form":"need"' "$T/default-a.jsonl" | head -1 | cut -d: -f1)
expect_err "default-a.jsonl:$LINE: form: a 'need' record in a file imported as 'case' records" "JSON Lines: the first need row named"
g "$DD" export
check "[ \$(wc -l <'$T/out') = 1 ]" "nothing was imported"

# A reference to a record in neither the database nor the file: a need
# that names the claim its matching made (the demo's needs and services).
col() { awk -F, -v k="$1" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == k) print i; exit }' "$T/default-a.csv"; }
CL=$(col claim) SV=$(col service)
{ head -1 "$T/default-a.csv"; awk -F, -v c="$CL" '$2=="need" && $c!=""' "$T/default-a.csv" | head -1; } >"$T/dangling.csv"
REF=$(awk -F, -v c="$CL" 'NR==2 {print $c}' "$T/dangling.csv")
g "$DD" import records "$T/dangling.csv"
expect_rc 3 "a dangling reference: bad data"
expect_err "dangling.csv:2: field 'claim' (服务认领): no record $REF, neither in the database nor in the file" \
	"the dangling reference is named with FILE:LINE"
# The claim it names, after it in the file, and the service the claim names: all land.
awk -F, -v id="$REF" '$1==id' "$T/default-a.csv" >>"$T/dangling.csv"
SVC=$(awk -F, -v c="$SV" 'NR==3 {print $c}' "$T/dangling.csv")
awk -F, -v id="$SVC" '$1==id' "$T/default-a.csv" >>"$T/dangling.csv"
check "[ \$(wc -l <'$T/dangling.csv') = 4 ] && [ \$(cut -d, -f1 '$T/dangling.csv' | sort -u | wc -l) = 4 ]" \
	"a need, its claim and the claim's service: three records"
g "$DD" import records "$T/dangling.csv"
expect_rc 0 "a need, then the claim and the service it names: imported"
g "$DD" import records need "$T/dangling.csv"
expect_rc 3 "again under a named form: refused"
expect_err "dangling.csv:3: form: a 'claim' record in a file imported as 'need' records" "the claim row named"
printf 'id,node,title\n' >"$T/noform.csv"
g "$DD" import records "$T/noform.csv"
expect_rc 3 "no form named and no form column: bad data"
expect_err "noform.csv:1: no 'form' column" "said once, at the header"

# A field a new row leaves out gets its default; a row as exported (with a
# version) keeps it empty, as its JSON line left it out.
printf '{"form":"visit","node":"510304001001001","household":"一号","date":"2026-11-20"}\n{"form":"visit","node":"510304001001001","household":"二号","date":"2026-11-20","version":1}\n' >"$T/visits.jsonl"
g "$DD" import records "$T/visits.jsonl"
expect_rc 0 "two visits, one of them as exported"
g "$DD" export --form visit --format jsonl
check "grep '一号' '$T/out' | grep -q '\"followup\":\"false\"'" "the new row gets the default"
check "grep '二号' '$T/out' | grep -qv '\"followup\"'" "the exported row keeps the field empty"

# ---- an export or import whose output cannot be written fails ----
"$BIN" --config "$CONFIG" --db "$T/default.db" --user admin export >/dev/full 2>"$T/err"; RC=$?
expect_rc 1 "export > /dev/full: exit 1"
expect_err "export: cannot write the output" "and says so"
"$BIN" --config "$CONFIG" --db "$T/default.db" --user admin export --format jsonl --node 510304001001001 --form visit --verbose >/dev/full 2>"$T/err"; RC=$?
expect_rc 1 "a small export > /dev/full: exit 1"
check "! grep -q 'exported' '$T/err'" "no export is reported as done"
rm -f "$DD" "$DD-lock"
g "$DD" demo --cases 0
"$BIN" --config "$CONFIG" --db "$DD" --user admin import records "$T/default-a.csv" >/dev/full 2>"$T/err"; RC=$?
expect_rc 1 "import with its report > /dev/full: exit 1"
expect_err "imported, but standard output could not be written" "and says the records are in"

"$BIN" --config "$CONFIG" --db "$T/default.db" --user admin export nodes >/dev/full 2>"$T/err"; RC=$?
expect_rc 1 "export nodes > /dev/full: exit 1"
expect_err "export nodes: cannot write the output" "and says so"
"$BIN" --config "$CONFIG" --db "$T/default.db" --user admin export nodes --format jsonl --node 510304001001001 --verbose >/dev/full 2>"$T/err"; RC=$?
expect_rc 1 "one node's JSON line > /dev/full: exit 1"
check "! grep -q 'exported' '$T/err'" "no node export is reported as done"

# ---- two roots: a whole export has both ----
g "$T/roots.db" init
printf 'code,name,parent\nA,甲区,\nA1,一街,A\nA11,一社区,A1\nA111,一网格,A11\nB,乙区,\nB1,二街,B\nB11,二社区,B1\nB111,二网格,B11\n' >"$T/roots.csv"
g "$T/roots.db" import nodes "$T/roots.csv"
g "$T/roots.db" new case --node A111 title=甲 category=城市管理
g "$T/roots.db" new case --node B111 title=乙 category=城市管理
g "$T/roots.db" export
expect_out ",B111," "the records of the second root are exported too"
g "$T/roots.db" export nodes
check "[ \$(wc -l <'$T/out') = 9 ] && grep -q '^B111,二网格,B11,grid' '$T/out'" "export nodes has both roots' trees"
