#!/bin/sh
# SPDX-License-Identifier: MIT
# tests/fuzz/run.sh SECONDS NAME... - run each fuzz target build-fuzz/fuzz_NAME
# for SECONDS under libFuzzer (AddressSanitizer and UBSan built in), from
# its seeds and its regression inputs; a new corpus grows in
# build-fuzz/corpus/NAME. A crash stops the run with its input saved as
# build-fuzz/crash-NAME-*: fix it, then keep the input in
# tests/fuzz/regressions/NAME/. make check runs this before tests/run.sh,
# whose "N passed, N failed" stays the closing line.
cd "$(dirname "$0")/../.." || exit 1
secs=$1; shift
passed=0
failed=0
for name in "$@"; do
	corpus=build-fuzz/corpus/$name
	seeds=build-fuzz/seeds/$name
	mkdir -p "$corpus" "$seeds"
	case $name in
	csv) cp tests/cli/*.csv "$seeds/" 2>/dev/null ;;
	jsonl) sh tests/data.sh build/testdata >/dev/null 2>&1
	       [ -d build/testdata/JSONTestSuite ] && cp build/testdata/JSONTestSuite/* "$seeds/" 2>/dev/null
	       printf '{"id":1,"form":"case","title":"a\\u00e9"}\n{"x":-0.5e+3}\n' >"$seeds/rows.jsonl" ;;
	xlsx) cp tests/data/*.xlsx "$seeds/" ;;
	config) cp config/*.yaml config/examples/english/*.yaml "$seeds/" 2>/dev/null ;;
	esac
	if build-fuzz/fuzz_"$name" -max_total_time="$secs" -rss_limit_mb=2048 -max_len=65536 -timeout=10 \
		-print_final_stats=0 -artifact_prefix="build-fuzz/crash-$name-" \
		"$corpus" "$seeds" tests/fuzz/regressions/"$name" >build-fuzz/fuzz-"$name".log 2>&1; then
		echo "ok - fuzz_$name: $(grep -o 'stat::number_of_executed_units: [0-9]*\|#[0-9]*	DONE' build-fuzz/fuzz-"$name".log | tail -1 | tr -d '#	') in ${secs}s, no crash"
		passed=$((passed + 1))
	else
		echo "not ok - fuzz_$name crashed: see build-fuzz/fuzz-$name.log and build-fuzz/crash-$name-*"
		grep -m1 -A8 'ERROR\|==ERROR\|deadly signal' build-fuzz/fuzz-"$name".log | sed 's/^/#   /'
		failed=$((failed + 1))
	fi
done
echo "fuzz: $passed targets ran clean, $failed crashed"
[ "$failed" = 0 ]
