# SPDX-License-Identifier: MIT
# lib.sh - a private sshd for SSH mode tests: on 127.0.0.1 (a free high
# port, its own host key and configuration), authorized_keys written by
# `gridcase admin keys` for alice, bob, carol and admin, and the users' own
# ssh client, as in a deployment (docs/deploy.md). The sshd is stopped at
# the end, whatever happened. After it: sshc, as, $PORT, $S, $CONFIG.
. "$(dirname "$0")/../tui/lib.sh"
SSHD=/usr/sbin/sshd
ACCOUNT=$(id -un)
S=$T/ssh
mkdir -p "$S/keys" "$T/data"
DB=$T/data/g.db

stop_sshd() {
	[ -f "$S/sshd.pid" ] && kill "$(cat "$S/sshd.pid")" 2>/dev/null
	rm -f "$S/sshd.pid"
}
# Every process of the run names a file under $S (keys, configuration):
# stop them all, whatever happened.
trap 'stop_sshd; pkill -f -- "$S/" 2>/dev/null; TM kill-server 2>/dev/null; rm -rf "$T"' EXIT
trap 'exit 1' INT TERM HUP

if [ ! -x "$SSHD" ] || ! command -v ssh >/dev/null; then
	echo "not ok - openssh-server and openssh-client are installed (make deps)"
	exit 1
fi

# The district: the default configuration plus alice and bob (grid workers
# of two grids of one community) and carol (that community's staff).
CONFIG=$T/config
cp -rL "$ROOT/config/demo" "$CONFIG"
cat >>"$CONFIG/users.yaml" <<'EOF'
  - {login: alice, name: 爱丽丝, role: grid_worker, node: "510304001001001"}
  - {login: bob, name: 鲍勃, role: grid_worker, node: "510304001001002"}
  - {login: carol, name: 卡萝, role: community_staff, node: "510304001001"}
EOF
GRID_A=510304001001001
GRID_B=510304001001002
"$BIN" --config "$CONFIG" --db "$DB" --user admin demo --cases 3000 --seed 5 >/dev/null

for who in alice bob carol admin; do
	ssh-keygen -q -t ed25519 -N '' -C "$who@phone" -f "$S/$who"
	cp "$S/$who.pub" "$S/keys/$who.pub"
done
ssh-keygen -q -t ed25519 -N '' -f "$S/hostkey"
echo "# the account's own line, kept by admin keys" >"$S/authorized_keys"
gc admin keys --keydir "$S/keys" --output "$S/authorized_keys" --program "$BIN"
# A private sshd on the first free port from a per-run start.
PORT=$((20000 + $$ % 20000))
start_sshd() {
	[ "$(id -u)" = 0 ] && mkdir -p /run/sshd   # privilege separation directory
	for try in 1 2 3 4 5 6 7 8 9 10; do
		cat >"$S/sshd_config" <<EOF
Port $PORT
ListenAddress 127.0.0.1
HostKey $S/hostkey
PidFile $S/sshd.pid
AuthorizedKeysFile $S/authorized_keys
StrictModes no
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
PermitRootLogin forced-commands-only
AcceptEnv LANG LC_*
MaxStartups 200:30:200
MaxSessions 100
LogLevel DEBUG1
EOF
		if "$SSHD" -f "$S/sshd_config" -E "$S/sshd.log" 2>>"$S/sshd.log"; then
			return 0
		fi
		PORT=$((PORT + 1))
	done
	return 1
}
start_sshd
i=0
while [ ! -s "$S/sshd.pid" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
check "[ -s '$S/sshd.pid' ] && grep -q 'listening on 127.0.0.1 port $PORT' '$S/sshd.log'" \
	"a private sshd listens on 127.0.0.1:$PORT"

# sshc WHO [SSH OPTIONS] DESTINATION COMMAND: what a person types (ssh
# joins the command's words); the port is $TO_PORT or the sshd's.
sshc() {
	who=$1
	shift
	ssh -F /dev/null -i "$S/$who" -p "${TO_PORT:-$PORT}" -o BatchMode=yes -o IdentitiesOnly=yes \
		-o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR \
		-o ConnectTimeout=10 "$@"
}
# as WHO COMMAND...: one command over SSH; stdout, stderr and status as gc.
as() {
	who=$1
	shift
	sshc "$who" "$ACCOUNT@127.0.0.1" "$@" >"$T/out" 2>"$T/err" </dev/null
	RC=$?
}
