# SPDX-License-Identifier: MIT
# SSH mode through a real sshd: a private sshd on 127.0.0.1 (a free high
# port, its own host key and configuration), authorized_keys written by
# `gridcase admin keys`, and the users' own ssh client, as in a deployment
# (docs/deploy.md). The sshd is stopped at the end, whatever happened.
. "$(dirname "$0")/lib.sh"
expect_rc 0 "admin keys writes authorized_keys"
expect_out "4 keys of 4 people, 1 other lines kept" "admin keys reports the keys it wrote and the lines it kept"
check "grep -q '^restrict,pty,command=\"[^\"]*--ssh-user alice\" ssh-ed25519 ' '$S/authorized_keys'" \
	"each key is forced to gridcase --ssh-user LOGIN, restricted"

LOG=$T/data/gridcase-access.log

# ---- identity and scope ----
as alice new case --node $GRID_A "'title=幸福路3号楼道堆放杂物'" category=消防应急
expect_rc 0 "alice creates a case in her grid over SSH"
A_ID=$(cat "$T/out")
as bob new case --node $GRID_B "'title=和平路8号占道经营'" category=城市管理
expect_rc 0 "bob creates a case in his grid"
B_ID=$(cat "$T/out")
as alice history "$A_ID"
expect_out "127.0.0.1" "the history records the client address of the SSH session"
expect_out "alice" "and who made the change"

as alice list --limit 1000 --format csv
expect_rc 0 "alice lists over SSH"
check "[ \$(tail -n +2 '$T/out' | wc -l) -ge 1 ]" "alice's list is not empty"
check "! tail -n +2 '$T/out' | awk -F, '{print \$3}' | grep -qv '^$GRID_A\$'" "alice's list holds only her grid (node: export's third column)"
check "grep -q '^$A_ID,' '$T/out'" "alice's list holds her new case"
check "! grep -q '^$B_ID,' '$T/out'" "alice's list does not hold bob's case"
as alice export
check "[ $RC = 0 ] && ! tail -n +2 '$T/out' | awk -F, '{print \$3}' | grep -qv '^$GRID_A\$'" "alice's export holds only her grid"
as alice stats
expect_out "$GRID_A" "alice's statistics show her grid"
expect_no_out "$GRID_B" "and no other node"
N_ALICE=$(sshc alice "$ACCOUNT@127.0.0.1" list --limit 1000 --format csv </dev/null | tail -n +2 | wc -l)
check "grep -qE '^$GRID_A +[^ ]+ +$N_ALICE ' '$T/out'" "her counts are those of the records she can list ($N_ALICE)"
as alice tree
expect_no_out "第二网格" "alice's tree does not show the other grids"

# No existence oracle over SSH: bob's case answers alice exactly as an id
# never used (the id asked for aside), for every command that takes one.
NONE=$((B_ID + 900000))
for cmd in "show %s" "show %s --json" "history %s" "set %s title=x" "act %s accept" "match accept %s $A_ID" "match accept $A_ID %s"; do
	as alice $(printf "$cmd" "$B_ID")
	a_rc=$RC; sed "s/\b$B_ID\b/ID/g" "$T/out" >"$T/a.out"; sed "s/\b$B_ID\b/ID/g" "$T/err" >"$T/a.err"
	as alice $(printf "$cmd" "$NONE")
	sed "s/\b$NONE\b/ID/g" "$T/out" >"$T/b.out"; sed "s/\b$NONE\b/ID/g" "$T/err" >"$T/b.err"
	check "[ $a_rc = $RC ] && cmp -s '$T/a.out' '$T/b.out' && cmp -s '$T/a.err' '$T/b.err'" \
		"over SSH, '$(printf "$cmd" ID)' on another grid's id answers as on an unused one"
done

# ---- who am I, what may I run ----
as alice whoami
expect_rc 0 "whoami over SSH"
check "grep -q '^Login: *alice\$' '$T/out' && grep -q '^Name: *爱丽丝\$' '$T/out' && grep -q '^Role: *grid_worker\$' '$T/out' && grep -q '^Node: *$GRID_A\$' '$T/out'" \
	"whoami says alice's login, name, role and node"
check "grep -q '^Commands:.* list .*whoami' '$T/out' && ! grep -q '^Commands:.*verify' '$T/out' && ! grep -q '^Commands:.*demo' '$T/out'" \
	"and the commands she may run over SSH: not verify, not demo"
as alice whoami --format json
check "python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d[\"login\"]==\"alice\" and d[\"admin\"] is False and \"list\" in d[\"commands\"] and \"backup\" not in d[\"commands\"]' '$T/out'" \
	"whoami --format json over SSH: one object, admin false, the commands as a list"
as admin whoami
check "grep -q '^Commands:.*verify' '$T/out' && ! grep -q '^Commands:.*demo' '$T/out'" "an administrator over SSH may run verify, but not demo"
as alice help
expect_rc 0 "help over SSH"
expect_out "whoami" "the help lists the commands"
as alice help act
check "[ $RC = 0 ] && grep -q '^usage: gridcase act ID TRANSITION' '$T/out' && grep -q -- '--expect-version N' '$T/out'" "help act over SSH: its usage and options"
as alice list --help
check "[ $RC = 0 ] && grep -q -- '--format table|csv|jsonl|json' '$T/out'" "list --help over SSH"
check "tail -n 1 '$LOG' | grep -q ' ran '" "help over SSH is logged as ran"

as bob show "$A_ID"
expect_rc 6 "bob cannot show alice's case: it reads as not found"
expect_err "no record $A_ID" "the same message as for a record that does not exist"
as bob act "$A_ID" handle result=已处置
expect_rc 6 "bob cannot act on alice's case"
as bob list --node $GRID_A
expect_rc 4 "bob cannot list alice's grid"
as alice show "$B_ID"
expect_rc 6 "nor alice bob's case"
as carol show "$A_ID"
expect_rc 0 "carol (community staff) sees the cases of both grids"
as carol show "$B_ID"
expect_rc 0 "both of them"

# ---- refusals: no shell, no forwarding, no paths, no identities ----
refused() {   # refused DESC: the last command was refused and logged
	expect_rc 4 "$1 is refused"
	check "tail -n 1 '$LOG' | grep -q ' refused '" "$1: the refusal is in the access log"
}
as alice bash
refused "ssh ... bash"
expect_err "'bash' is not a gridcase command" "the refusal says why"
as alice 'list; sh'
refused "ssh ... 'list; sh'"
as alice 'list $(touch '"$T/pwned"')'
refused "a command substitution"
check "[ ! -e '$T/pwned' ]" "and nothing ran"
as alice 'show 1 `id`'
refused "backquotes"
as alice "$(printf 'list\nid')"
refused "a line break in the command"
as alice 'list > /tmp/x'
refused "a redirection"
as alice gridcase --db /etc/passwd list   # ssh itself would take a leading --db
refused "a global option naming a file"
as alice gridcase --user carol list
refused "a global option naming another user"
as alice import records case /etc/passwd
refused "an import naming a file outside the data directory"
as alice import records case ../../etc/passwd
refused "a relative path climbing out of the data directory"
as alice demo --cases 1
refused "demo (creates databases)"
as alice admin keys
refused "admin keys"
as alice "$(printf 'list --search \033]0;x\007')"
refused "control characters in the command"
check "! grep -q \"\$(printf '\\033')\" '$LOG'" "the access log holds no control byte from a crafted command"
check "grep -q 'from=127.0.0.1 port=' '$LOG'" "the access log names the client address"
# ESC, a C1 CSI (U+009B), RIGHT-TO-LEFT OVERRIDE and an invalid byte are
# escaped in the log; the Chinese next to them is written as it is.
as alice "$(printf 'list --search \033[2J\302\233x\342\200\256y\200 网格')"
check "tail -n 1 '$LOG' | grep -qF '\"list --search \\x1B[2J\\u{009B}x\\u{202E}y\\x80 网格\"'" \
	"the access log escapes ESC, C1, bidi and invalid bytes and keeps Chinese"
check "! tail -n 1 '$LOG' | sed 's/网格//' | LC_ALL=C grep -q \"\$(printf '[\\200-\\377]')\"" \
	"the access log line holds no byte above ASCII but the Chinese"

sshc alice -o ExitOnForwardFailure=yes -R "$((PORT + 100)):127.0.0.1:$PORT" "$ACCOUNT@127.0.0.1" list >"$T/out" 2>"$T/err" </dev/null
RC=$?
check "[ $RC != 0 ] && grep -q 'forwarding failed' '$T/err'" "remote port forwarding is refused"
check "grep -q 'tcpip-forward listen' '$S/sshd.log'" "sshd logs the forwarding request"
sshc alice -N -L "$((PORT + 101)):127.0.0.1:$PORT" "$ACCOUNT@127.0.0.1" </dev/null >/dev/null 2>&1 &
sleep 1
TO_PORT=$((PORT + 101)) sshc alice "$ACCOUNT@127.0.0.1" list >"$T/out" 2>"$T/err" </dev/null
RC=$?
check "[ $RC != 0 ] && [ ! -s '$T/out' ]" "local port forwarding is refused: nothing gets through the tunnel"
check "grep -q 'refused local port forward' '$S/sshd.log'" "sshd logs the refused local forward"
pkill -f -- "-L $((PORT + 101)):" 2>/dev/null   # the ssh behind the background function
eval "$(ssh-agent -s)" >/dev/null
ssh-add "$S/alice" 2>/dev/null
sshc alice -A "$ACCOUNT@127.0.0.1" list --limit 1 >/dev/null 2>&1 </dev/null
kill "$SSH_AGENT_PID" 2>/dev/null
check "grep -q 'agent forwarding disabled' '$S/sshd.log'" "agent forwarding is refused, and sshd logs it"

# Restricted mode: the binary can start no program. It links no function
# that starts one and its own objects call none; the kernel refuses execve to an
# SSH-mode process besides (test_noexec.sh).
SPAWN=$(nm -D --undefined-only "$BIN" | awk '{print $NF}' | sed 's/@.*//' |
	grep -xE 'system|popen|fork|vfork|execl|execlp|execle|execv|execve|execvp|execvpe|posix_spawn|posix_spawnp' | tr '\n' ' ')
check "[ -z '$SPAWN' ]" "gridcase links no function that starts a program ($SPAWN)"
# gridcase's own objects (comments and names aside: the compiler's view)
OWN=$(nm -u "$(dirname "$BIN")/libgridcase.a" "$(dirname "$BIN")/cli/main.o" 2>/dev/null | awk '{print $NF}' |
	grep -xE 'system|popen|fork|vfork|execl|execlp|execle|execv|execve|execvp|execvpe|posix_spawn|posix_spawnp' | sort -u | tr '\n' ' ')
check "[ -f '$(dirname "$BIN")/libgridcase.a' ] && [ -z '$OWN' ]" "and gridcase's own objects call none ($OWN)"

# ---- 20 sessions at once, reading and writing ----
# session NAME WHO COMMAND...: one SSH session in the background; its
# output, errors and status in $T/s.NAME.{out,err,rc}.
session() {
	name=$1 who=$2
	shift 2
	(sshc "$who" "$ACCOUNT@127.0.0.1" "$@" >"$T/s.$name.out" 2>"$T/s.$name.err" </dev/null
	 echo $? >"$T/s.$name.rc") &
}
# sessions_ok GLOB DESC: every session NAME matching GLOB ended with status 0.
sessions_ok() {
	bad=$(grep -Lx 0 "$T"/s.$1.rc 2>/dev/null | wc -l)
	n=$(ls "$T"/s.$1.rc 2>/dev/null | wc -l)
	if [ "$bad" = 0 ] && [ "$n" -gt 0 ]; then
		ok "$2"
	else
		echo "not ok - $2 ($bad of $n failed)"
		for f in $(grep -Lx 0 "$T"/s.$1.rc); do
			echo "# $(basename "$f" .rc): status $(cat "$f"): $(head -c 300 "${f%.rc}.err")"
		done
		grep -iE 'error|fatal|drop|startups|reset' "$S/sshd.log" | sed 's/^/# sshd: /' | head -20
	fi
}
i=0
while [ $i -lt 20 ]; do
	who=alice grid=$GRID_A
	[ $((i % 2)) = 1 ] && who=bob grid=$GRID_B
	session "new$i" $who new case --node $grid "'title=并发测试$i'" category=城市管理
	i=$((i + 1))
done
wait
sessions_ok "new*" "20 sessions at once: every one ended well"
cat "$T"/s.new*.out | sort -u >"$T/ids"
check "[ \$(wc -l <'$T/ids') = 20 ]" "20 distinct new ids"
i=0
for id in $(cat "$T/ids"); do
	[ $((i % 2)) = 0 ] && session "act$i" carol act "$id" accept
	[ $((i % 2)) = 0 ] || session "list$i" alice list --limit 20
	i=$((i + 1))
done
wait
for id in $(sed -n '2~2p' "$T/ids"); do
	session "act$i" carol act "$id" accept
	session "list$i" bob list --limit 20
	i=$((i + 1))
done
wait
sessions_ok "act*" "20 acts, ten at a time beside ten lists: every one ended well"
sessions_ok "list*" "and every list"
"$BIN" --config "$CONFIG" --db "$DB" --user admin list --search 并发测试 --limit 100 --format csv >"$T/out"
check "[ \$(tail -n +2 '$T/out' | wc -l) = 20 ]" "every new case landed once"
check "[ \$(grep -c ',accepted,' '$T/out') = 20 ]" "every act landed"
for id in $(head -3 "$T/ids"); do
	"$BIN" --config "$CONFIG" --db "$DB" --user admin history "$id" >"$T/out"
	check "[ \$(grep -c 'accept' '$T/out') = 1 ]" "case $id was accepted exactly once"
done
gc --user admin verify
expect_rc 0 "verify passes after the concurrent sessions"

# ---- two people, one record: the second save is a conflict ----
V=$(sshc alice "$ACCOUNT@127.0.0.1" show "$A_ID" --json </dev/null | sed -n 's/.*"version": *\([0-9]*\).*/\1/p')
sshc carol "$ACCOUNT@127.0.0.1" history "$A_ID" </dev/null >"$T/hist.before"
as alice set "$A_ID" "'detail=楼道东侧堆放纸箱'" --expect-version "$V"
expect_rc 0 "alice saves her change"
as carol set "$A_ID" "'detail=楼道西侧堆放旧家具'" --expect-version "$V"
expect_rc 5 "carol's save from the same version is refused as a conflict"
as carol show "$A_ID"
expect_out "楼道东侧堆放纸箱" "alice's change was not overwritten"
sshc carol "$ACCOUNT@127.0.0.1" history "$A_ID" </dev/null >"$T/hist.after"
check "[ -s '$T/hist.before' ] && head -n \$(wc -l <'$T/hist.before') '$T/hist.after' | cmp -s - '$T/hist.before'" \
	"the history only grows: the earlier entries are unchanged"
check "[ \$(wc -l <'$T/hist.after') -gt \$(wc -l <'$T/hist.before') ]" "and alice's change was added to it"

# ---- escape sequences in a title never reach a reviewer's terminal ----
as bob new case --node $GRID_B "$(printf "'title=\033]0;pwn\007\033[2J'")" category=城市管理
refused "a title with escape sequences typed by bob"
printf 'title,category\n"\033]0;pwn\007",城市管理\n' >"$T/evil.csv"
sshc admin "$ACCOUNT@127.0.0.1" import records case - <"$T/evil.csv" >"$T/out" 2>"$T/err"
RC=$?
expect_rc 3 "the same title sent by an administrator as an import on standard input is refused"
expect_err "title" "the refusal names the field"
as bob new case --node $GRID_B title=XXXXXXXXXX category=城市管理
EVIL=$(cat "$T/out")
# Put the bytes in behind the program's back, as damage or another tool
# might (the same length, so the record stays well-formed).
mdb_dump -n -s records "$DB" >"$T/rec.dump"
sed -i 's/58585858585858585858/1b5d303b70776e071b4a/' "$T/rec.dump"
mdb_load -n -s records -f "$T/rec.dump" "$DB" 2>/dev/null
term_start 80 24 "ssh -F /dev/null -tt -i $S/carol -p $PORT -o BatchMode=yes -o IdentitiesOnly=yes -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR -o SendEnv=LANG $ACCOUNT@127.0.0.1"
ui_wait "q:quit"
TITLE0=$(TM display -p -t ui '#{pane_title}')
expect_screen "<1b>]0;pwn<07><1b>J" "carol's list over SSH shows bob's control characters as placeholders"
ui_keys Tab Enter
expect_screen "#$EVIL  <1b>]0;pwn<07><1b>J" "and so does the case itself"
check "[ \"\$(TM display -p -t ui '#{pane_title}')\" = '$TITLE0' ]" "the reviewer's window title is unchanged"
ui_keys Q   # quit at once
check "! grep -q \"\$(printf '\\033]0;')\" '$T/raw'" "no OSC sequence from the data crossed the wire"
check "! grep -q \"\$(printf '\\007')\" '$T/raw'" "no BEL byte crossed the wire"
# The damage undone: verify below checks the search index against the
# records, and the damaged title no longer matches what was indexed.
sed -i 's/1b5d303b70776e071b4a/58585858585858585858/' "$T/rec.dump"
mdb_load -n -s records -f "$T/rec.dump" "$DB" 2>/dev/null

# ---- the UI over SSH shows alice her grid only ----
term_start 80 24 "ssh -F /dev/null -tt -i $S/alice -p $PORT -o BatchMode=yes -o IdentitiesOnly=yes -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR -o SendEnv=LANG $ACCOUNT@127.0.0.1"
ui_wait "q:quit"
expect_screen "第一网格" "alice's UI over SSH opens on her grid"
expect_no_screen "第二网格" "and shows no other grid"
ui_keys Tab
expect_screen "幸福路3号楼道堆放杂物" "her case is in her list"
expect_no_screen "和平路8号占道经营" "bob's is not"
ui_keys Q   # quit at once
check "grep -q 'user=alice from=127.0.0.1 port=[0-9]* ui' '$LOG'" "the UI session is in the access log"
term_start 80 24 "ssh -F /dev/null -tt -i $S/bob -p $PORT -o BatchMode=yes -o IdentitiesOnly=yes -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR -o SendEnv=LANG $ACCOUNT@127.0.0.1"
ui_wait "q:quit"
expect_screen "第二网格" "bob's UI over SSH opens on his grid"
expect_no_screen "第一网格" "and shows no other grid"
ui_keys Tab
expect_screen "和平路8号占道经营" "his case is in his list"
expect_no_screen "幸福路3号楼道堆放杂物" "alice's is not"
ui_keys Q   # quit at once

# ---- backup over SSH onto the files the program uses ----
ln -s g.db "$T/data/link.db"
ln "$DB" "$T/data/hard.db"
for target in g.db g.db-lock gridcase-access.log ./g.db link.db hard.db; do
	as admin backup "$target"
	expect_rc 2 "backup over SSH onto $target is refused"
	expect_err "a file gridcase uses" "the refusal over SSH of $target says why"
done
# ---- a draft is its writer's alone ----
printf 'title,category\n"alice typed this",城市管理\n' >"$T/data/g.db.draft-alice"
as bob import records case g.db.draft-alice
expect_rc 4 "bob cannot import alice's draft over SSH"
expect_err "a draft is its writer's alone" "the refusal says why"
as admin backup g.db.draft-bob
expect_rc 4 "nor can a backup be written onto a draft's name"
check "[ ! -e '$T/data/g.db.draft-bob' ]" "and nothing was written there"
rm -f "$T/data/g.db.draft-alice"
gc --user admin verify
expect_rc 0 "the database is whole after the refused backups"
as admin backup copy.db
expect_rc 0 "a backup over SSH to a new file in the data directory"
check "mdb_stat -n '$T/data/copy.db' >/dev/null 2>&1" "the SSH backup is an LMDB file"

stop_sshd
check "[ ! -f '$S/sshd.pid' ]" "the private sshd is stopped"
