# SPDX-License-Identifier: MIT
# What an operator's mistake or a damaged disk must never cost: backup onto
# a file the program uses, init over data, truncated files, a full disk,
# output that cannot be written. Real LMDB files, the real binary, a UI
# open meanwhile in a real terminal.
. "$(dirname "$0")/../tui/lib.sh"

G() { "$BIN" --config "$CONFIG" --db "$DB" --user admin "$@"; }
"$BIN" --config "$CONFIG" --db "$DB" --user admin demo --cases 2000 --seed 3 >/dev/null
G export --format jsonl >"$T/before.jsonl" 2>/dev/null
same_data() { G export --format jsonl >"$T/after.jsonl" 2>/dev/null && cmp -s "$T/before.jsonl" "$T/after.jsonl"; }

# ---- backup onto a file the program uses, with a UI open meanwhile ----
ui_start 80 24 --user wangwu
ui_wait "q:quit"
ln -s "$DB" "$T/link.db"
ln "$DB" "$T/hard.db"
for target in "$DB" "$DB-lock" "$T/gridcase-access.log" "$T/link.db" "$T/hard.db" "$T/./g.db" \
	"$CONFIG/users.yaml"; do
	gc --user admin backup "$target"
	expect_rc 2 "backup onto $(basename "$target") is refused"
	expect_err "a file gridcase uses" "the refusal of $(basename "$target") says why"
done
G backup - >>"$DB" 2>"$T/err"; RC=$?
expect_rc 2 "backup - appended to the database itself is refused"
check "same_data" "the database is unchanged by the refused backups"
check "[ ! -e '$T/gridcase-access.log' ]" "no file was made where the access log will be"
gc --user admin list --limit 1
expect_rc 0 "new commands still open the database"
ui_keys j
expect_screen "q:quit" "the open UI goes on working"
ui_keys q

gc --user admin backup "$T/copy.db"
expect_rc 0 "a backup to a new file is written"
check "mdb_stat -n '$T/copy.db' >/dev/null 2>&1" "the backup is readable by mdb_stat"
"$BIN" --config "$CONFIG" --db "$T/copy.db" --user admin export --format jsonl >"$T/copy.jsonl" 2>/dev/null
check "cmp -s '$T/before.jsonl' '$T/copy.jsonl'" "the backup opens as a database with the same records"
check "[ -z \"\$(ls '$T' | grep '\\.tmp\\.')\" ]" "no temporary file is left beside it"

# ---- init never writes over data ----
gc --user admin init
expect_rc 2 "init on a database with data is refused"
expect_err "already a gridcase database (" "init says what it found"
check "same_data" "init changed nothing"
printf 'VERSION=3\nformat=bytevalue\ntype=btree\nHEADER=END\n 6b6579\n 76616c7565\nDATA=END\n' >"$T/other.dump"
mdb_load -n -s other -f "$T/other.dump" "$T/other.db"
SIZE=$(stat -c %s "$T/other.db")
"$BIN" --config "$CONFIG" --db "$T/other.db" --user admin init >"$T/out" 2>"$T/err"; RC=$?
expect_rc 3 "init on another program's LMDB file is refused"
expect_err "holds data" "init says the file holds data"
"$BIN" --config "$CONFIG" --db "$T/other.db" --user admin list >"$T/out" 2>"$T/err"; RC=$?
check "! grep -q \"gridcase init\" '$T/err'" "no message advises init for a file that holds data"
check "[ \$(stat -c %s '$T/other.db') = $SIZE ] && mdb_dump -n -s other '$T/other.db' | grep -q 76616c7565" \
	"the other file is untouched"

# ---- truncated copies: a clear message, never SIGBUS ----
SIZE=$(stat -c %s "$T/copy.db")
for cut in 8192 $((SIZE / 2)) $((SIZE - 4096)); do
	cp "$T/copy.db" "$T/cut.db"
	rm -f "$T/cut.db-lock"
	truncate -s $cut "$T/cut.db"
	"$BIN" --config "$CONFIG" --db "$T/cut.db" --user admin list >"$T/out" 2>"$T/err"; RC=$?
	expect_rc 1 "a copy cut to $cut bytes: exit 1"
	expect_err "the database file is damaged: it holds $((cut / 4096)) of $((SIZE / 4096)) pages" \
		"the message says how much of the file is there ($cut bytes)"
	expect_err "restore it from a backup" "and what to do ($cut bytes)"
	"$BIN" --config "$CONFIG" --db "$T/cut.db" --user admin verify >"$T/out" 2>"$T/err"; RC=$?
	expect_rc 1 "verify of a copy cut to $cut bytes: exit 1"
	expect_err "could not be" "verify reports what it cannot read ($cut bytes)"
done
check "grep -q 'lies beyond the end of the file' '$T/err'" "verify names the pages it cannot read"
"$BIN" --config "$CONFIG" --db "$T/copy.db" --user admin verify >"$T/out" 2>"$T/err"; RC=$?
expect_rc 0 "verify of the whole copy passes"

# A file damaged under a running UI: one line naming the file, not "Bus error".
cp "$T/copy.db" "$T/live.db"
ui_start 80 24 --db "$T/live.db" --user admin
ui_wait "q:quit"
truncate -s 8192 "$T/live.db"
ui_keys Tab G Enter
ui_wait "EXITED"
expect_screen "could not be read: the file is damaged" "a damaged page under the UI ends with a message"
expect_screen "live.db" "the message names the file"
expect_screen "EXITED 1" "and exit 1"
expect_no_screen "Bus error" "no bare Bus error"

# ---- a full disk: the lock file, init and demo ----
MNT=$T/full
mkdir -p "$MNT"
if [ "$(id -u)" = 0 ] && mount -t tmpfs -o size=32m tmpfs "$MNT" 2>/dev/null; then
	trap 'umount "$MNT" 2>/dev/null; TM kill-server 2>/dev/null; rm -rf "$T"' EXIT
	cp "$T/copy.db" "$MNT/g.db"
	dd if=/dev/zero of="$MNT/fill" bs=4096 2>/dev/null
	"$BIN" --config "$CONFIG" --db "$MNT/g.db" --user admin list >"$T/out" 2>"$T/err"; RC=$?
	expect_rc 1 "first open on a full disk (no lock file yet): exit 1"
	expect_err "the disk is full" "first open says the disk is full"
	"$BIN" --config "$CONFIG" --db "$MNT/new.db" --user admin init >"$T/out" 2>"$T/err"; RC=$?
	expect_rc 1 "init on a full disk: exit 1"
	expect_err "the disk is full" "init says the disk is full"
	rm -f "$MNT/new.db" "$MNT/new.db-lock"
	"$BIN" --config "$CONFIG" --db "$MNT/demo.db" --user admin demo --cases 100 >"$T/out" 2>"$T/err"; RC=$?
	expect_rc 1 "demo on a full disk: exit 1"
	expect_err "the disk is full" "demo says the disk is full"
	rm -f "$MNT/fill"
	"$BIN" --config "$CONFIG" --db "$MNT/g.db" --user admin verify >"$T/out" 2>"$T/err"; RC=$?
	expect_rc 0 "with space again, the database opens and verifies"
	umount "$MNT"
else
	echo "# skipped: the full-disk tests need root and a tmpfs mount"
	ok "skipped: full disk (cannot mount a tmpfs here)"
fi

# ---- output that cannot be written: exit 1 for every command that prints (verify
# prints on success only with --verbose) ----
for cmd in "list" "list --format csv" "list --format jsonl" "show 5" "show 5 --json" "history 5" "stats" \
	"stats --from 2026-10-01 --to 2026-10-31" "tree" "report" "report --format csv" "check-config" \
	"node 510304001" "match" "export" "export --format jsonl" "export nodes" "verify --verbose" "--help" "--version" \
	"backup -"; do
	# shellcheck disable=SC2086
	G $cmd >/dev/full 2>"$T/err"; RC=$?
	expect_rc 1 "$cmd > /dev/full: exit 1"
	check "[ -s '$T/err' ]" "$cmd > /dev/full: a message"
done
# Commands that change something and then print: the change is made (and
# kept), the exit says the output was lost.
cp "$DB" "$T/w.db"
W() { "$BIN" --config "$CONFIG" --db "$T/w.db" --user admin "$@"; }
W new case --node 510304001001001 title=写不出编号 category=城市管理 >/dev/full 2>"$T/err"; RC=$?
expect_rc 1 "new > /dev/full: exit 1"
check "W list --search 写不出编号 --format csv | grep -q 写不出编号" "new > /dev/full: the record is there all the same"
ID=$(W list --search 写不出编号 --format csv | sed -n 2p | cut -d, -f1)
W set "$ID" location=幸福路 >/dev/full 2>"$T/err"; RC=$?
expect_rc 1 "set > /dev/full: exit 1"
W act "$ID" accept >/dev/full 2>"$T/err"; RC=$?
expect_rc 1 "act > /dev/full: exit 1"
W export nodes >"$T/nodes.csv" 2>/dev/null
W import nodes "$T/nodes.csv" >/dev/full 2>"$T/err"; RC=$?
expect_rc 1 "import nodes > /dev/full: exit 1"
"$BIN" --config "$CONFIG" --db "$T/n.db" --user admin init >/dev/full 2>"$T/err"; RC=$?
expect_rc 1 "init > /dev/full: exit 1"
"$BIN" --config "$CONFIG" --db "$T/d.db" --user admin demo --cases 10 >/dev/full 2>"$T/err"; RC=$?
expect_rc 1 "demo > /dev/full: exit 1"
check "same_data" "after all of it the district is the same"
