# SPDX-License-Identifier: MIT
# SSH mode starts no program. A mosh client's request is refused and
# logged; "mosh: true" in gridcase.yaml, which an older release read, is an
# error naming its place; the kernel refuses execve to an SSH-mode process
# (seccomp, src/ssh/noexec.c); and strace sees no program started and no
# process made by a refused request, a command or a UI session.
. "$(dirname "$0")/lib.sh"
LOG=$T/data/gridcase-access.log

# What the mosh client sends, refused with a reason that says why.
as alice mosh-server new -c 256 -s -l LANG=zh_CN.UTF-8
expect_rc 4 "a mosh-server request is refused (status 4)"
expect_err "mosh is not offered: SSH mode starts no program" "and the message says SSH mode starts no program"
check "grep -q 'alice.*refused.*mosh-server new -c 256' '$LOG'" "the refusal is in the access log"
as alice mosh-server new -- /bin/sh
expect_rc 4 "with a command of the client's as well"

# An older configuration that turned mosh on is an error at its place, for
# every command; "mosh: false" still reads.
cp "$CONFIG/gridcase.yaml" "$T/gridcase.yaml.orig"
echo "mosh: false" >>"$CONFIG/gridcase.yaml"
as alice list --limit 1
expect_rc 0 "mosh: false is still read"
cp "$T/gridcase.yaml.orig" "$CONFIG/gridcase.yaml"
echo "mosh: true" >>"$CONFIG/gridcase.yaml"
LINE=$(wc -l <"$CONFIG/gridcase.yaml")
as alice mosh-server new -s
check "[ $RC != 0 ]" "with mosh: true nothing is served ($RC)"
expect_err "gridcase.yaml:$LINE" "the error names the file and line"
expect_err "mosh: true is no longer supported" "and says mosh is gone"
cp "$T/gridcase.yaml.orig" "$CONFIG/gridcase.yaml"

# The forced command as sshd runs it, under strace: the one execve is
# strace starting gridcase; no fork, vfork or new process (clone without
# CLONE_THREAD) follows. LeakSanitizer cannot run under ptrace (its own
# thread would attach to the process), so the ASan build runs without it.
NOLEAK="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
FORCED=$(grep 'gridcase:alice' "$S/authorized_keys" | sed 's/.*command="\([^"]*\)".*/\1/')
check "[ -n '$FORCED' ]" "alice's forced command is in authorized_keys"
# spawned FILE: the lines of strace's log that start a program or a process.
spawned() {
	grep -E 'execve(at)?\(|fork\(|clone3?\(' "$1" | grep -v 'CLONE_THREAD' | grep -vc '^[0-9]* *execve("[^"]*gridcase"'
}
for request in "mosh-server new -c 256 -s" "list --limit 3" "show 1"; do
	ASAN_OPTIONS=$NOLEAK SSH_ORIGINAL_COMMAND="$request" strace -f -qq -o "$T/strace" -e trace=execve,execveat,fork,vfork,clone,clone3 \
		$FORCED >/dev/null 2>&1 </dev/null
	check "[ \$(spawned '$T/strace') = 0 ]" "'$request' over SSH starts no program and no process"
done

# A UI session through the real sshd: the kernel holds the process to it.
term_start 80 24 "ssh -F /dev/null -tt -i $S/alice -p $PORT -o BatchMode=yes -o IdentitiesOnly=yes -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR $ACCOUNT@127.0.0.1"
ui_wait "q:quit"
expect_screen "q:quit" "alice's UI opens over SSH"
UI=$(pgrep -f -- "--ssh-user alice" | head -1)
check "[ -n '$UI' ] && grep -q '^Seccomp:[[:space:]]*2' /proc/$UI/status" "the UI's process runs under a seccomp filter"
check "[ -n '$UI' ] && grep -q '^NoNewPrivs:[[:space:]]*1' /proc/$UI/status" "with no_new_privs set"
check "! pgrep -P '$UI' >/dev/null" "and has no child process"
ui_keys Q
sleep 1
check "! kill -0 '$UI' 2>/dev/null" "Q ends it"

# The same UI under strace, keys and all: no program, no process.
term_start 80 24 "env -u SSH_ORIGINAL_COMMAND ASAN_OPTIONS=$NOLEAK strace -f -qq -o $T/strace.ui -e trace=execve,execveat,fork,vfork,clone,clone3 $FORCED"
ui_wait "q:quit"
ui_keys Tab
ui_keys Enter
ui_keys q
ui_keys Q
sleep 1
expect_screen "EXITED 0" "the UI under strace ran and ended"
check "[ -s '$T/strace.ui' ] && [ \$(spawned '$T/strace.ui') = 0 ]" "a UI session starts no program and no process"
