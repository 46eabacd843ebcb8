# SPDX-License-Identifier: MIT
# sshd.sh - a private sshd for the SSH benches (link.sh, users.sh), as in
# tests/ssh/lib.sh: its own host key and configuration, authorized_keys
# written by `gridcase admin keys` (forced command, SSH mode) for the
# logins of $BENCH_LOGINS, and one plain key ("peer") for the programs
# gridcase is compared with (less, tig). Sourced; needs $G, $CFG, $DB.
#   bench_sshd DIR NETNS ADDRESS PORT   start it inside network namespace NETNS
#   bench_ssh DIR WHO [SSH OPTIONS] DESTINATION [COMMAND]
#   bench_sshd_stop DIR
bench_sshd() {
	d=$1 ns=$2 addr=$3 port=$4
	mkdir -p "$d/keys"
	[ -f "$d/hostkey" ] || ssh-keygen -q -t ed25519 -N '' -f "$d/hostkey"
	for who in ${BENCH_LOGINS:-admin} peer; do
		[ -f "$d/$who" ] || ssh-keygen -q -t ed25519 -N '' -C "$who@bench" -f "$d/$who"
		[ "$who" = peer ] || cp "$d/$who.pub" "$d/keys/$who.pub"
	done
	echo "restrict,pty $(cat "$d/peer.pub")" >"$d/authorized_keys"
	"$G" --config "$CFG" --db "$DB" --user admin admin keys --keydir "$d/keys" \
		--output "$d/authorized_keys" --program "$G" >/dev/null || return 1
	mkdir -p /run/sshd   # privilege separation directory
	cat >"$d/sshd_config" <<EOF
Port $port
ListenAddress $addr
HostKey $d/hostkey
PidFile $d/sshd.pid
AuthorizedKeysFile $d/authorized_keys
StrictModes no
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
PermitRootLogin prohibit-password
AcceptEnv LANG LC_*
MaxStartups 200:30:200
MaxSessions 200
LogLevel ERROR
EOF
	rm -f "$d/sshd.pid"
	ip netns exec "$ns" /usr/sbin/sshd -f "$d/sshd_config" -E "$d/sshd.log" || return 1
	i=0
	while [ ! -s "$d/sshd.pid" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
	[ -s "$d/sshd.pid" ]
}

bench_ssh() {
	d=$1 who=$2
	shift 2
	ssh -F /dev/null -i "$d/$who" -o BatchMode=yes -o IdentitiesOnly=yes \
		-o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR \
		-o ConnectTimeout=30 -o SendEnv=LANG "$@"
}

bench_sshd_stop() {
	[ -s "$1/sshd.pid" ] && kill "$(cat "$1/sshd.pid")" 2>/dev/null
	rm -f "$1/sshd.pid"
}
