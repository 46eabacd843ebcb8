#!/bin/sh
# SPDX-License-Identifier: MIT
# tests/bench/config.sh [DIR]: check-config on the default configuration with
# BENCH_KEYS (default 50,000) more roles, one mapping of that many keys, as a
# figure for docs/performance.md (not a timed assertion). Duplicate keys are
# found by sorting, not by comparing every pair: 50,000 keys took 9 s before.
set -u
cd "$(dirname "$0")/../.." || exit 1
W=${1:-/tmp/gridcase-bench}/config
KEYS=${BENCH_KEYS:-50000}
G="$PWD/gridcase"
TIME="$PWD/build/bench/timecmd"
rm -rf "$W"
mkdir -p "$W"
cp config/*.yaml "$W/"
awk -v n="$KEYS" '
	{ print }
	/^roles:/ { for (i = 1; i <= n; i++) printf "  bench_role_%06d: {label: 角色%d, scope: own}\n", i, i }' \
	config/roles.yaml >"$W/roles.yaml"
[ "$(grep -c '^  bench_role_' "$W/roles.yaml")" = "$KEYS" ] || { echo "no roles: mapping in config/roles.yaml"; exit 1; }
if ! "$G" --config "$W" check-config >"$W/out" 2>&1; then
	echo "check-config refused the generated configuration:"
	head -5 "$W/out"
	exit 1
fi
T=$("$TIME" -n 5 -- "$G" --config "$W" check-config)
set -- $T
printf '%-44s %12s %12s %s\n' "check-config, a mapping of $KEYS keys" "$1" "$2" "gridcase check-config (roles: +$KEYS)"
