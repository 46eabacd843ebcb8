# Restore and moving a district: ids below the ceiling of 2^53 and a
# counter that cannot wrap.
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
