# SPDX-License-Identifier: MIT
# Every input a fuzz target ever crashed on (tests/fuzz/regressions/NAME/)
# and the seeds, replayed once through each reader with this build's
# replay_NAME (tests/fuzz/replay.c: the target's function without
# libFuzzer; under build-asan, with AddressSanitizer and UBSan).
. "$(dirname "$0")/lib.sh"
B=$(dirname "$BIN")/tests
for name in csv jsonl xlsx config; do
	case $name in
	csv) seeds="$ROOT/tests/cli/*.csv" ;;
	jsonl) seeds="" ;;
	xlsx) seeds="$ROOT/tests/data/*.xlsx" ;;
	config) seeds="$ROOT/config/*.yaml $ROOT/config/examples/english/*.yaml" ;;
	esac
	if [ ! -x "$B/replay_$name" ]; then
		not_ok "replay_$name is built ($B/replay_$name)"
		continue
	fi
	n=$(ls "$ROOT/tests/fuzz/regressions/$name" | wc -l)
	# shellcheck disable=SC2086
	"$B/replay_$name" "$ROOT/tests/fuzz/regressions/$name"/* $seeds >"$T/out" 2>"$T/err"
	RC=$?
	expect_rc 0 "$name: $n regression inputs and the seeds replay without a crash"
	expect_out "replayed" "$name: the replay ran"
done
