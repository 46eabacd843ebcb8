# SPDX-License-Identifier: MIT
# lib.sh - helpers for the command-line tests. Each test script sources this,
# runs the real binary against real files in a temporary directory, and
# prints "ok - ..." or "not ok - ..." per assertion (read by tests/run.sh).
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BIN=${GRIDCASE_BIN:-$ROOT/gridcase}
T=$(mktemp -d /tmp/gridcase-cli-XXXXXX)
trap 'rm -rf "$T"' EXIT
CONFIG=$ROOT/config/demo   # the demo district's configuration (config/ is the production one)
DB=$T/g.db
RC=0
export GRIDCASE_NOW="2026-11-23T09:00:00+08:00"   # a Monday morning, for stable due times
unset GRIDCASE_CONFIG GRIDCASE_DB SSH_CONNECTION LANGUAGE LC_ALL LC_MESSAGES
export XDG_CACHE_HOME="$T/cache"   # parsed configuration trees: kept out of the real home
# LeakSanitizer cannot follow a process killed on purpose; keep its noise off those runs only.
export ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=0}

# gc [ARGS...]: run gridcase; stdout in $T/out, stderr in $T/err, status in $RC.
gc() {
	"$BIN" --config "$CONFIG" --db "$DB" "$@" >"$T/out" 2>"$T/err"
	RC=$?
}

ok() { echo "ok - $1"; }
not_ok() {
	echo "not ok - $1"
	echo "# status $RC; stdout:"; sed 's/^/#   /' "$T/out" | head -20
	echo "# stderr:"; sed 's/^/#   /' "$T/err" | head -20
}

# expect_rc N DESC
expect_rc() { if [ "$RC" = "$1" ]; then ok "$2"; else not_ok "$2 (wanted status $1)"; fi; }
# expect_out TEXT DESC: stdout contains TEXT (fixed string)
expect_out() { if grep -qF -- "$1" "$T/out"; then ok "$2"; else not_ok "$2 (no '$1' in stdout)"; fi; }
expect_err() { if grep -qF -- "$1" "$T/err"; then ok "$2"; else not_ok "$2 (no '$1' in stderr)"; fi; }
expect_no_out() { if grep -qF -- "$1" "$T/out"; then not_ok "$2 ('$1' in stdout)"; else ok "$2"; fi; }
# check COND DESC: a shell condition
check() { if eval "$1"; then ok "$2"; else not_ok "$2 ($1)"; fi; }
