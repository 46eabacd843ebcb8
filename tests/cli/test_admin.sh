# SPDX-License-Identifier: MIT
# Looking after a database: verify, hot backup, schema versions, a full
# disk, a writer killed in the middle of an import, the demo district.
. "$(dirname "$0")/lib.sh"

gc --user admin demo --cases 3000 --seed 7
expect_rc 0 "demo district"
expect_out "11 街道, 110 社区, 550 网格 and 3000 cases" "demo has at least 10 streets, 100 communities, 500 grids"
OTHER=$(sed -n 's/.*cases, \([0-9]*\) other records.*/\1/p' "$T/out")
check "[ '${OTHER:-0}' -gt 0 ]" "and records of the other kinds ($OTHER)"
for form in motion need resource project visit; do
	"$BIN" --config "$CONFIG" --db "$DB" --user admin list --form $form --limit 1 >"$T/out"
	check "! grep -qx '(0 of 0)' '$T/out'" "the demo has $form records"
done
# The state columns (state_KEY), not the measures beside them.
states_filled='NR == 1 { for (i = 1; i <= NF; i++) if ($i ~ /^state_/) c[i] = 1; n = length(c) }
	NR == 2 { for (i in c) if ($i == 0) bad = 1; exit bad || n < 5 }'
"$BIN" --config "$CONFIG" --db "$DB" --user admin stats --form motion --depth 0 --format csv --keys >"$T/out"
awk -F, "$states_filled" "$T/out" && ok "议事事项 in each of the five steps" || not_ok "议事事项 in each of the five steps"
gc --user admin tree --depth 3
check "grep -c '^      5103040[0-9]\{8\} ' '$T/out' | grep -qx 550" "550 grids with 6+3+3+3 codes"
gc --user admin stats --form case --depth 0 --format csv --keys
awk -F, "$states_filled" "$T/out" && ok "cases in every state" || not_ok "cases in every state"
awk -F, 'NR==2 { exit !($5 > 0) }' "$T/out" && ok "some cases are overdue" || not_ok "some cases are overdue"
gc --user admin verify
expect_rc 0 "verify passes on the demo"
gc --user admin verify --verbose
expect_out "$((3000 + OTHER)) records, every index and counter matches" "verify --verbose counts the records"
# Success is silent, as cp is: a nightly cron job mails nothing.
gc --user admin verify --quiet
check "[ $RC = 0 ] && [ ! -s '$T/out' ] && [ ! -s '$T/err' ]" "verify says nothing on success"
gc --user admin backup "$T/nightly.db"
check "[ $RC = 0 ] && [ ! -s '$T/out' ] && [ ! -s '$T/err' ] && [ -s '$T/nightly.db' ]" "backup writes the copy and says nothing"
gc --user admin backup "$T/nightly2.db" --verbose
expect_out "backup written" "backup --verbose says so"
gc --user admin export --form case
check "[ $RC = 0 ] && [ -s '$T/out' ] && [ ! -s '$T/err' ]" "export writes the records and nothing on stderr"
gc --user admin export --form case --verbose
expect_err "use --since" "export --verbose gives the change number for next time"

# A limited list reads only the ends of each node's range; it must agree
# with a full scan and sort, and its total with the counters.
for sort in -id id; do
	gc --user admin list --node 510304001 --sort $sort --format csv
	tail -n +2 "$T/out" | cut -d, -f1 >"$T/all.ids"
	gc --user admin list --node 510304001 --sort $sort --limit 25 --format csv
	tail -n +2 "$T/out" | cut -d, -f1 >"$T/some.ids"
	check "head -n 25 '$T/all.ids' | cmp -s - '$T/some.ids'" "limited list agrees with a full sort ($sort)"
done
gc --user admin list --node 510304001 --limit 25
check "grep -qx '(25 of $(wc -l <"$T/all.ids"))' '$T/out'" "limited list total from the counters"
gc --user zhangsan list --limit 3
N=$("$BIN" --config "$CONFIG" --db "$DB" --user zhangsan list --format csv | tail -n +2 | wc -l)
check "grep -qx '(3 of $N)' '$T/out'" "own-scope total counts the node's range"

# A full map is grown and the change run again: start a database with a
# 64 KiB map and write more than that in one transaction.
GRIDCASE_MAPSIZE=65536 "$BIN" --config "$CONFIG" --db "$T/small.db" --user admin demo --cases 0 >"$T/out" 2>"$T/err"; RC=$?
expect_rc 0 "the demo tree fits after the map grew"
check "[ \$(stat -c %s '$T/small.db') -gt 65536 ]" "the node import outgrew the first map"
i=0
while [ $i -lt 5 ]; do
	GRIDCASE_MAPSIZE=65536 "$BIN" --config "$CONFIG" --db "$T/small.db" --user admin new case --node 510304001001001 title=增长$i "detail=$(printf '%01500d' $i)" category=城市管理 >/dev/null || break
	i=$((i + 1))
done
check "[ $i = 5 ]" "writes go on after the map grew"
check "[ \$(stat -c %s '$T/small.db') -gt 65536 ]" "the database is larger than the first map"
GRIDCASE_MAPSIZE=65536 "$BIN" --config "$CONFIG" --db "$T/small.db" --user admin verify >"$T/out" 2>"$T/err"; RC=$?
expect_rc 0 "verify passes on the grown database"

# The same seed gives the same district, a different one does not.
"$BIN" --config "$CONFIG" --db "$T/d2.db" --user admin demo --cases 3000 --seed 7 >/dev/null
"$BIN" --config "$CONFIG" --db "$DB" --user admin export >"$T/e1.csv" 2>/dev/null
"$BIN" --config "$CONFIG" --db "$T/d2.db" --user admin export >"$T/e2.csv" 2>/dev/null
check "cmp -s '$T/e1.csv' '$T/e2.csv'" "demo is deterministic for a seed"
"$BIN" --config "$CONFIG" --db "$T/d3.db" --user admin demo --cases 3000 --seed 8 >/dev/null
"$BIN" --config "$CONFIG" --db "$T/d3.db" --user admin export >"$T/e3.csv" 2>/dev/null
check "! cmp -s '$T/e1.csv' '$T/e3.csv'" "another seed gives other cases"
gc --user admin demo
expect_rc 3 "demo refuses a database with data"

# verify finds damage: overwrite one counter behind the program's back.
cp "$DB" "$T/broken.db"
mdb_dump -n -s counts "$T/broken.db" >"$T/counts.dump"
awk '/^HEADER=END/ { print; getline; print; getline; print " 00000000000f4240"; exit } { print }' "$T/counts.dump" >"$T/one.dump"
echo DATA=END >>"$T/one.dump"
mdb_load -n -s counts -f "$T/one.dump" "$T/broken.db" 2>/dev/null
"$BIN" --config "$CONFIG" --db "$T/broken.db" --user admin verify >"$T/out" 2>"$T/err"; RC=$?
expect_rc 3 "verify reports a damaged database"
expect_err "stored 1000000, records say" "verify names the wrong counter"

# Hot backup while another process writes.
( i=0; while [ $i -lt 40 ]; do "$BIN" --config "$CONFIG" --db "$DB" --user admin new case --node 510304001001001 title=并发写入 category=城市管理 >/dev/null; i=$((i+1)); done ) &
WRITER=$!
gc --user admin backup "$T/backup.db"
expect_rc 0 "backup while another process writes"
wait $WRITER
"$BIN" --config "$CONFIG" --db "$T/backup.db" --user admin verify >"$T/out" 2>"$T/err"; RC=$?
expect_rc 0 "the backup verifies"
check "[ ! -e '$T/backup.db.tmp.'* ]" "no temporary file left"
gc --user zhangsan backup "$T/b2.db"
expect_rc 4 "backup is for administrators"

# A newer schema is refused with a clear message.
cp "$DB" "$T/new.db"
mdb_dump -n -s meta "$T/new.db" >"$T/meta.dump"
# key "schema" is 736368656d61; its value becomes 99.
awk '{ print } / 736368656d61$/ { getline; print " 0000000000000063" }' "$T/meta.dump" >"$T/meta2.dump"
mdb_load -n -s meta -f "$T/meta2.dump" "$T/new.db" 2>/dev/null
"$BIN" --config "$CONFIG" --db "$T/new.db" --user admin list >"$T/out" 2>"$T/err"; RC=$?
expect_rc 3 "a newer schema: bad data"
expect_err "schema version 99 is newer than this gridcase understands" "the schema message"

# Schema 4 (records of format 2 only) opens; reading leaves it 4, the first
# write stamps 5 (it may hold records of format 3, which a gridcase of
# schema 4 would misread: that one then refuses the file). Schema 3 is refused.
set_schema() {   # FILE VALUE(16 hex digits)
	mdb_dump -n -s meta "$1" >"$T/meta.dump"
	awk -v v="$2" '{ print } / 736368656d61$/ { getline; print " " v }' "$T/meta.dump" >"$T/meta2.dump"
	mdb_load -n -s meta -f "$T/meta2.dump" "$1" 2>/dev/null
}
schema_of() { mdb_dump -n -s meta "$1" | awk '/ 736368656d61$/ { getline; print $1 }'; }
cp "$DB" "$T/s4.db"
set_schema "$T/s4.db" 0000000000000004
check "[ $(schema_of "$T/s4.db") = 0000000000000004 ]" "schema 4 stamped for the test"
"$BIN" --config "$CONFIG" --db "$T/s4.db" --user admin list --limit 5 >"$T/out" 2>"$T/err"; RC=$?
N4=$(wc -l <"$T/out")
expect_rc 0 "schema 4 opens"
check "[ $N4 -gt 1 ]" "schema 4: its records list"
check "[ $(schema_of "$T/s4.db") = 0000000000000004 ]" "schema 4: reading leaves it 4"
"$BIN" --config "$CONFIG" --db "$T/s4.db" --user admin new case --node 510304001001001 title=升级后 category=城市管理 >"$T/out" 2>"$T/err"; RC=$?
expect_rc 0 "schema 4: a write"
check "[ $(schema_of "$T/s4.db") = 0000000000000005 ]" "schema 4: the first write stamps 5"
"$BIN" --config "$CONFIG" --db "$T/s4.db" --user admin verify >"$T/out" 2>"$T/err"; RC=$?
expect_rc 0 "schema 4 upgraded: verify passes"
cp "$DB" "$T/s3.db"
set_schema "$T/s3.db" 0000000000000003
"$BIN" --config "$CONFIG" --db "$T/s3.db" --user admin list >"$T/out" 2>"$T/err"; RC=$?
expect_rc 3 "schema 3: bad data"
expect_err "schema version 3 is older than this gridcase's" "schema 3: the message"

# A full disk (a file size limit): a clear message, nothing half-written.
BEFORE=$("$BIN" --config "$CONFIG" --db "$DB" --user admin list --limit 1 | tail -1)
cat >"$T/many.csv" <<'CSV'
node,title,category,detail
CSV
i=0
while [ $i -lt 3000 ]; do echo "510304001001001,批量$i,城市管理,$(printf '%0300d' $i)"; i=$((i+1)); done >>"$T/many.csv"
SIZE=$(( $(stat -c %s "$DB") / 1024 + 64 ))
( trap '' XFSZ; ulimit -f $SIZE; exec "$BIN" --config "$CONFIG" --db "$DB" --user admin import records case "$T/many.csv" ) >"$T/out" 2>"$T/err"; RC=$?
expect_rc 1 "a full disk: storage error"
expect_err "nothing was imported" "full disk: says nothing was imported"
AFTER=$("$BIN" --config "$CONFIG" --db "$DB" --user admin list --limit 1 | tail -1)
check "[ '$BEFORE' = '$AFTER' ]" "full disk: the record count is unchanged"
gc --user admin verify
expect_rc 0 "full disk: verify passes afterwards"

# Kill a writer in the middle of a large import: the database opens,
# verify passes, no committed record is lost and no half file landed.
i=0
{ echo "node,title,category,detail"
  while [ $i -lt 150000 ]; do echo "510304001002001,导入$i,城市管理,第$i行"; i=$((i+1)); done; } >"$T/big.csv"
"$BIN" --config "$CONFIG" --db "$DB" --user admin export >"$T/before.csv" 2>/dev/null
# Readers never wait for a writer: a list runs while a long import holds
# the write lock, and sees the data as it was before the import.
gc --user admin list --limit 1
BEFORE_TOTAL=$(tail -1 "$T/out")
"$BIN" --config "$CONFIG" --db "$DB" --user admin import records case "$T/big.csv" >/dev/null 2>&1 &
PID=$!
sleep 0.2
gc --user admin list --limit 1
expect_rc 0 "a list during a long import succeeds"
check "[ '$(tail -1 "$T/out")' = '$BEFORE_TOTAL' ]" "the list did not wait for the import to commit"
kill -9 $PID 2>/dev/null
wait $PID 2>/dev/null

# A file of more than 20,000 rows is checked whole, then written 50,000
# rows a transaction into a database of fewer than 1,000,000 records
# (docs/import.md): a killed import leaves whole
# transactions and a mark every command names, and the same command
# finishes it, no row written twice.
B=$(wc -l <"$T/before.csv")
resume() {   # the same import again, to its end: all 150,000 rows in
	"$BIN" --config "$CONFIG" --db "$DB" --user admin import records case "$T/big.csv" >"$T/out" 2>"$T/err"; RC=$?
	expect_rc 0 "$1: the same import again finishes it"
	"$BIN" --config "$CONFIG" --db "$DB" --user admin export >"$T/after.csv" 2>/dev/null
	check "[ $(wc -l <"$T/after.csv") = $((B + 150000)) ]" "$1: then every row is in once"
	check "head -n $B '$T/after.csv' | cmp -s - '$T/before.csv'" "$1: every record from before is intact"
	gc --user admin list --limit 1
	check "! grep -q 'stopped after line' '$T/err'" "$1: and no command names a stopped import"
	cp "$T/after.csv" "$T/before.csv"
	B=$(wc -l <"$T/before.csv")
}
resume "killed during the list"
MIDWAY=0
for delay in 0.2 0.5 1.0; do
	"$BIN" --config "$CONFIG" --db "$DB" --user admin import records case "$T/big.csv" >/dev/null 2>&1 &
	PID=$!
	sleep $delay
	kill -9 $PID 2>/dev/null && KILLED=1 || KILLED=0
	wait $PID 2>/dev/null
	gc --user admin verify
	expect_rc 0 "killed after ${delay}s: verify passes"
	"$BIN" --config "$CONFIG" --db "$DB" --user admin export >"$T/after.csv" 2>"$T/err"
	N=$(( $(wc -l <"$T/after.csv") - B ))
	check "[ $((N % 50000)) = 0 ] || [ $N = 150000 ]" "killed after ${delay}s: whole transactions of 50,000 rows, or all ($N)"
	check "head -n $B '$T/after.csv' | cmp -s - '$T/before.csv'" "killed after ${delay}s: every committed record is intact"
	if [ $N != 0 ] && [ $N != 150000 ]; then
		check "grep -q 'big.csv stopped after line $((N + 1))' '$T/err'" "killed after ${delay}s: a command names the stopped import and its line"
	fi
	[ $KILLED = 1 ] && [ $N != 150000 ] && MIDWAY=$((MIDWAY + 1))
	if [ $N = 150000 ]; then cp "$T/after.csv" "$T/before.csv"; B=$(wc -l <"$T/before.csv"); else resume "killed after ${delay}s"; fi
done
check "[ $MIDWAY -ge 1 ]" "at least one writer was killed before its last commit"

# The demo writes its cases' records last, so until it ends the file is
# marked incomplete: other commands refuse it while it runs, and a demo
# killed half-way leaves a file that says so instead of one that fails
# verify in a thousand ways.
DD=$T/killed.db
"$BIN" --config "$CONFIG" --db "$DD" --user admin demo --cases 200000 >/dev/null 2>&1 &
PID=$!
SEEN=0
for i in $(seq 1 200); do
	"$BIN" --config "$CONFIG" --db "$DD" --user admin tree >"$T/out" 2>"$T/err"
	if grep -q "is incomplete" "$T/err"; then SEEN=1; break; fi
	kill -0 $PID 2>/dev/null || break
	sleep 0.05
done
check "[ $SEEN = 1 ]" "while the demo runs, a command refuses the file as incomplete"
kill -9 $PID 2>/dev/null
wait $PID 2>/dev/null
"$BIN" --config "$CONFIG" --db "$DD" --user admin verify >"$T/out" 2>"$T/err"; RC=$?
expect_rc 3 "a killed demo's file: verify refuses it (bad data)"
expect_err "killed.db: this database is incomplete: 'gridcase demo' stopped before it finished; remove the file and run it again" \
	"saying what happened and what to do"
rm -f "$DD" "$DD-lock"
"$BIN" --config "$CONFIG" --db "$DD" --user admin demo --cases 3000 >/dev/null 2>&1
"$BIN" --config "$CONFIG" --db "$DD" --user admin verify >"$T/out" 2>"$T/err"; RC=$?
expect_rc 0 "a demo that ran to its end verifies"
VER=$("$BIN" --config "$CONFIG" --db "$DD" --user admin show 2000 --json | grep -o '"version":[0-9]*' | cut -d: -f2)
"$BIN" --config "$CONFIG" --db "$DD" --user admin history 2000 >"$T/out" 2>"$T/err"
check "[ \$(grep -c '^v' '$T/out') = $VER ] && grep -q '^v1 .* create ' '$T/out' && grep -q '^v$VER ' '$T/out'" \
	"a demo case's history reads back from its run: v1 (create) to its version $VER"
rm -f "$DD" "$DD-lock"
# Holding less than the whole table (here 1 MB, a little over 2,000
# records) writes what is held after each transaction of 50,000 cases
# instead of once at the end: the same district.
"$BIN" --config "$CONFIG" --db "$DD" --user admin demo --cases 60000 >/dev/null 2>&1
"$BIN" --config "$CONFIG" --db "$DD" --user admin export >"$T/whole.csv" 2>/dev/null
rm -f "$DD" "$DD-lock"
GRIDCASE_DEMO_HOLD=1000000 "$BIN" --config "$CONFIG" --db "$DD" --user admin demo --cases 60000 >/dev/null 2>&1
"$BIN" --config "$CONFIG" --db "$DD" --user admin verify >"$T/out" 2>"$T/err"; RC=$?
expect_rc 0 "a demo holding back 1 MB at a time verifies"
"$BIN" --config "$CONFIG" --db "$DD" --user admin export >"$T/parts.csv" 2>/dev/null
check "cmp -s '$T/whole.csv' '$T/parts.csv'" "and exports the same district as one that held everything"
rm -f "$DD" "$DD-lock"
# A map started at 1 MB fills again and again: every transaction of cases
# and of held entries is aborted, the map doubled and the transaction run
# again, the stages rolled back to where it began. Still the same district.
GRIDCASE_MAPSIZE=1048576 GRIDCASE_DEMO_HOLD=1000000 "$BIN" --config "$CONFIG" --db "$DD" --user admin demo --cases 60000 >/dev/null 2>&1
"$BIN" --config "$CONFIG" --db "$DD" --user admin verify >"$T/out" 2>"$T/err"; RC=$?
expect_rc 0 "a demo whose map filled many times verifies"
check "[ \$(stat -c %s '$DD') -gt 1048576 ]" "its map grew"
"$BIN" --config "$CONFIG" --db "$DD" --user admin export >"$T/retried.csv" 2>/dev/null
check "cmp -s '$T/whole.csv' '$T/retried.csv'" "and exports the same district as one that never retried"
rm -f "$DD" "$DD-lock"

# ---- admin keys: authorized_keys from a key directory ----
K=$T/keys
mkdir -p "$K"
ssh-keygen -q -t ed25519 -N '' -C laptop -f "$T/k1"
ssh-keygen -q -t ed25519 -N '' -C phone -f "$T/k2"
ssh-keygen -q -t ed25519 -N '' -C other -f "$T/k3"
cp "$T/k1.pub" "$K/zhangsan.pub"                 # two keys for one person, in two files
cp "$T/k2.pub" "$K/zhangsan@phone.pub"
cat "$T/k1.pub" >"$K/zhaoliu.pub"                # zhangsan's laptop key again
echo "command=\"/bin/sh\" $(cat "$T/k3.pub")" >>"$K/zhaoliu.pub"
echo "ssh-ed25519 AAAAnotbase64!! broken" >>"$K/zhaoliu.pub"
cp "$T/k3.pub" "$K/nobody.pub"                   # not a user of the configuration
cp "$T/k3.pub" "$K/sunqi.pub"                    # also the administrator's own line below
printf '# the administrator'"'"'s own key\n%s\n' "$(cat "$T/k3.pub")" >"$T/ak"
gc admin keys --keydir "$K" --output "$T/ak" --program /usr/bin/gridcase
expect_rc 0 "admin keys writes the file despite the bad keys"
expect_out "3 keys of 2 people, 2 other lines kept" "admin keys counts keys, people and the lines it kept"
expect_err "zhaoliu.pub:1: the same key as $K/zhangsan.pub:1 (zhangsan); skipped" "a key used twice is warned about and written once"
expect_err "zhaoliu.pub:2: not a public key line" "a key line with options is refused"
expect_err "zhaoliu.pub:3: the ssh-ed25519 key is damaged" "a damaged key is refused"
expect_err "nobody.pub: no user 'nobody'" "a key of an unknown login is refused"
expect_err "a line not written by gridcase has the same key" "a key also present outside the generated block is warned about"
check "[ \$(grep -c -- '--ssh-user zhangsan\" ssh-ed25519' '$T/ak') = 2 ]" "both of zhangsan's keys are forced to --ssh-user zhangsan"
check "grep -q '^restrict,pty,command=\"/usr/bin/gridcase --config $CONFIG --db $DB --ssh-user zhangsan\" ' '$T/ak'" \
	"each line is restrict,pty with the forced command"
check "head -2 '$T/ak' | grep -q 'the administrator' && sed -n 2p '$T/ak' | grep -q '^ssh-ed25519'" "lines it did not write are kept where they were"
check "[ \$(stat -c %a '$T/ak') = 600 ]" "the file is private (0600)"
echo "# added by hand after the block" >>"$T/ak"
cp "$T/ak" "$T/ak.before"
gc admin keys --keydir "$K" --output "$T/ak" --program /usr/bin/gridcase
check "cmp -s '$T/ak' '$T/ak.before'" "running it again changes nothing, the line added after the block included"
rm "$K/zhangsan@phone.pub"
gc admin keys --keydir "$K" --output "$T/ak" --program /usr/bin/gridcase
check "[ \$(grep -c -- '--ssh-user zhangsan' '$T/ak') = 1 ] && grep -q 'added by hand' '$T/ak'" "a removed key file removes its line, and only that"
cp "$T/ak" "$T/ak.before2"
gc admin keys --keydir "$T/missing" --output "$T/ak" --program /usr/bin/gridcase
expect_rc 6 "a missing key directory is an error"
check "cmp -s '$T/ak' '$T/ak.before2'" "and the file is left as it was"
gc admin keys --keydir "$K" --output "$T/ak" --program "/usr/bin/grid case"
expect_rc 3 "a program path that cannot go into a forced command is refused"
gc admin keys --keydir "$K" --output "$T/no/such/dir/ak" --program /usr/bin/gridcase
expect_rc 1 "an output in a missing directory is an error"
expect_err "cannot create a file beside it" "naming the file"

# The demo rewrites the file it made without its free pages, every table's
# pages full (store_compact): it is then no larger than a compacted backup
# of it, and whole.
# A copy a killed compaction left (its process gone) is removed; one of a
# live process is not.
sh -c 'exit 0' & DEAD=$!; wait $DEAD
echo stale >"$T/demo.db.compact.$DEAD"; echo live >"$T/demo.db.compact.$$"
"$BIN" --config "$CONFIG" --db "$T/demo.db" demo --cases 20000 --seed 1 >"$T/out" 2>"$T/err"; RC=$?
expect_rc 0 "demo: made"
check "[ ! -e '$T/demo.db.compact.$DEAD' ] && [ -e '$T/demo.db.compact.$$' ]" "demo: a dead compaction's copy removed, a live one's kept"
rm -f "$T/demo.db.compact.$$"
gc_on() { D=$1; shift; "$BIN" --config "$CONFIG" --db "$D" --user admin "$@" >"$T/out" 2>"$T/err"; RC=$?; }
gc_on "$T/demo.db" backup "$T/demo.bak"
# (a handful of free pages: the copy commits every 8 MiB, each commit frees a few)
check "[ $(stat -c %s "$T/demo.db") -le $(( $(stat -c %s "$T/demo.bak") + 65536 )) ]" "demo: the file holds no free pages to speak of"
check "[ -z \"$(ls "$T" | grep compact)\" ]" "demo: no copy left beside it"
gc_on "$T/demo.db" verify
expect_rc 0 "demo compacted: verify passes"
gc_on "$T/demo.db" list --limit 3
expect_out "(3 of 22899)" "demo compacted: it lists all its records"
# Another process holding the file open (as every gridcase process holds
# LMDB's lock byte shared): the file stays where that process has it.
"$BIN" --config "$CONFIG" --db "$T/held.db" --user admin init >/dev/null 2>&1
python3 -c 'import fcntl, sys, time
f = open(sys.argv[1], "r+b"); fcntl.lockf(f, fcntl.LOCK_SH, 1, 0)
open(sys.argv[2], "w").close(); time.sleep(120)' "$T/held.db-lock" "$T/held.ready" &
HOLDER=$!
i=0; while [ ! -e "$T/held.ready" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i+1)); done
INODE=$(stat -c %i "$T/held.db")
"$BIN" --config "$CONFIG" --db "$T/held.db" demo --cases 20000 --seed 1 >"$T/out" 2>"$T/err"; RC=$?
kill $HOLDER; wait $HOLDER 2>/dev/null
expect_rc 0 "demo beside another process: made"
check "[ $(stat -c %i "$T/held.db") = $INODE ]" "demo beside another process: the file is not replaced"
gc_on "$T/held.db" backup "$T/held.bak"
check "[ $(stat -c %s "$T/held.db") -gt $(stat -c %s "$T/held.bak") ]" "demo beside another process: its free pages stay"
check "[ -z \"$(ls "$T" | grep compact)\" ]" "demo beside another process: no copy left"
# The same demo's records, repacked, take fewer pages than left as written.
records_bytes() { awk '$1 == "records" { print $3 }' "$T/out"; }
gc_on "$T/demo.db" stats --storage
PACKED=$(records_bytes)
gc_on "$T/held.db" stats --storage
check "[ $PACKED -lt $(records_bytes) ]" "demo: the records table repacked ($PACKED bytes)"
check "[ $(stat -c %a "$T/demo.db") = $(stat -c %a "$T/held.db") ]" "demo: the file keeps its mode"
gc_on "$T/held.db" verify
expect_rc 0 "demo beside another process: verify passes"
# The gate (a flock on the lock file, held shared by every gridcase
# process from before LMDB opens): held by another opener, the demo does
# not compact; held exclusive (as a compaction holds it while its fcntl
# locks are down), an opener waits for it, then opens.
"$BIN" --config "$CONFIG" --db "$T/gate.db" --user admin init >/dev/null 2>&1
INODE=$(stat -c %i "$T/gate.db")
python3 -c 'import fcntl, sys, time
f = open(sys.argv[1], "r+b"); fcntl.flock(f, fcntl.LOCK_SH)
open(sys.argv[2], "w").close(); time.sleep(120)' "$T/gate.db-lock" "$T/gate.ready" &
HOLDER=$!
i=0; while [ ! -e "$T/gate.ready" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i+1)); done
"$BIN" --config "$CONFIG" --db "$T/gate.db" demo --cases 2000 --seed 2 >"$T/out" 2>"$T/err"; RC=$?
kill $HOLDER; wait $HOLDER 2>/dev/null
expect_rc 0 "demo beside a gate held shared: made"
check "[ $(stat -c %i "$T/gate.db") = $INODE ]" "demo beside a gate held shared: the file is not replaced"
python3 -c 'import fcntl, sys, time
f = open(sys.argv[1], "r+b"); fcntl.flock(f, fcntl.LOCK_EX)
open(sys.argv[2], "w").close(); time.sleep(2)' "$T/held.db-lock" "$T/gateex.ready" &
HOLDER=$!
i=0; while [ ! -e "$T/gateex.ready" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i+1)); done
"$BIN" --config "$CONFIG" --db "$T/held.db" --user admin list --limit 1 >"$T/gate.out" 2>&1 &
OPENER=$!
sleep 1
check "kill -0 $OPENER 2>/dev/null" "an opener waits while the gate is held exclusive"
wait $OPENER; RC=$?
wait $HOLDER 2>/dev/null
check "[ $RC = 0 ] && grep -q 'of ' '$T/gate.out'" "and opens once it is let go"
# A database reached through a symbolic link: the link stays a link to the
# same file (never replaced by a copy beside it).
mkdir "$T/real"
ln -s "$T/real/linked.db" "$T/link.db"
"$BIN" --config "$CONFIG" --db "$T/link.db" demo --cases 3000 --seed 1 >"$T/out" 2>"$T/err"; RC=$?
expect_rc 0 "demo through a symbolic link: made"
check "[ -L '$T/link.db' ] && [ -f '$T/real/linked.db' ]" "demo through a symbolic link: the link is kept"
gc_on "$T/link.db" verify
expect_rc 0 "demo through a symbolic link: verify passes"
