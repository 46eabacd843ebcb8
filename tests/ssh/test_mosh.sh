# SPDX-License-Identifier: MIT
# mosh in SSH mode: the real mosh client (Debian's mosh) through the
# private sshd. The forced command accepts the client's `mosh-server new
# ...`, checks it, and runs mosh-server with gridcase for the same person
# as its only command; the session opens the UI in the person's scope and
# survives its network being cut (the client's UDP packets dropped, as when
# a phone changes cells) and restored.
. "$(dirname "$0")/lib.sh"
if ! command -v mosh >/dev/null 2>&1 || ! command -v mosh-server >/dev/null 2>&1; then
	echo "ok - # SKIP mosh is not installed here (make deps installs it)"
	exit 0
fi
LOG=$T/data/gridcase-access.log

# Off unless the administrator turns it on: nothing is started.
as alice mosh-server new -c 256 -s -l LANG=zh_CN.UTF-8
expect_rc 4 "mosh is refused while gridcase.yaml does not enable it"
expect_err "mosh is not enabled on this server" "and the message says so"
echo "mosh: true" >>"$CONFIG/gridcase.yaml"

# What the mosh client sends, refused where it strays.
as alice mosh-server new -c 256 -s -l LANG=zh_CN.UTF-8 -- /bin/sh
expect_rc 4 "a client's own command after -- is refused (as every refusal: 4)"
expect_err "mosh-server: a command of the client's '/bin/sh' is not accepted" "and the message names it"
as alice mosh-server new -p 22
check "[ $RC != 0 ]" "a port outside mosh's range is refused"
expect_err "a port outside 60000-61000" "the message says which ports"
as alice mosh-server new -l 'LD_PRELOAD=/tmp/x.so'
check "[ $RC != 0 ]" "a variable that is not a locale's is refused"
as alice mosh-server new -x
expect_err "the option '-x' is not accepted" "an option mosh's client does not send is refused"
as alice mosh-server
expect_err "only 'mosh-server new' is accepted" "mosh-server without new is refused"
check "grep -q 'alice.*refused.*mosh-server new -c 256' '$LOG'" "refusals are in the access log"

# The real client, through the real sshd, in a terminal of 80x24. mosh
# runs ssh with -n -tt and the command mosh-server new ...; SSH's own
# command-line (the key, the port) comes from --ssh.
SSHCMD="ssh -F /dev/null -i $S/alice -p $PORT -o BatchMode=yes -o IdentitiesOnly=yes -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR"
term_start 80 24 "mosh --no-init --ssh='$SSHCMD' --port=60001:60999 $ACCOUNT@127.0.0.1"
ui_wait "q:quit"
expect_screen "q:quit" "mosh opens the UI"
expect_screen "第一网格" "in alice's grid"
expect_no_screen "第二网格" "and no other"
check "grep -q 'alice.*mosh.*mosh-server new' '$LOG'" "the access log records the mosh session"
check "pgrep -f 'mosh-server new.*--ssh-user alice' >/dev/null" "mosh-server runs gridcase for alice as its only command"
SERVER=$(pgrep -f 'mosh-server new.*--ssh-user alice' | head -1)
UI=$(pgrep -P "$SERVER" | head -1)
check "[ -n '$UI' ] && tr '\\0' ' ' </proc/$UI/cmdline | grep -q -- '--ssh-user alice'" "the session's program is gridcase in SSH mode"
check "! pgrep -P '$SERVER' -x sh >/dev/null && ! pgrep -P '$SERVER' -x bash >/dev/null" "no shell between mosh-server and gridcase"

# Cut the network: the client's UDP packets go nowhere, keys typed meanwhile
# wait in the client; then restore it. mosh resumes the same session.
CPORT=$(ss -Hunap 2>/dev/null | awk '/mosh-client/ { n = split($4, a, ":"); print a[n]; exit }')
SPORT=$(ss -Hunap 2>/dev/null | awk '/mosh-server/ { n = split($4, a, ":"); print a[n]; exit }')
echo "# mosh-client UDP port $CPORT, mosh-server UDP port $SPORT"
if [ -n "$SPORT" ] && command -v iptables >/dev/null 2>&1 && iptables -I INPUT -p udp --dport "$SPORT" -j DROP 2>/dev/null; then
	iptables -I INPUT -p udp --dport "$CPORT" -j DROP
	ui_keys Tab   # typed into the cut: it waits in the client
	sleep 9
	expect_screen "Last contact" "with the network cut mosh says the link is lost"
	iptables -D INPUT -p udp --dport "$SPORT" -j DROP
	iptables -D INPUT -p udp --dport "$CPORT" -j DROP
	sleep 4
	ui_settle
	expect_no_screen "Last contact" "with the network back mosh reconnects"
	expect_screen "q:tree" "the key typed during the cut arrived (the list has the focus)"
	check "pgrep -P '$SERVER' >/dev/null && [ '$(pgrep -P "$SERVER" | head -1)' = '$UI' ]" "the same gridcase process serves it"
else
	echo "not ok - the link can be cut: iptables drops the UDP packets (root, and iptables from make deps)"
fi
ui_keys Q
sleep 2
check "! kill -0 '$UI' 2>/dev/null" "Q ends the UI and mosh-server with it"
