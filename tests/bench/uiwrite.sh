#!/bin/sh
# SPDX-License-Identifier: MIT
# The UI's figures for writing and overseeing, run by tests/bench/ui.sh on
# the bench's demo district ($1/g.db): ptycount types each step as one
# burst and reports the time from the burst to the last byte of the
# answer, and the bytes. Each measured step runs BENCH_UI_REPS times.
set -u
W=$1
G=${GRIDCASE_BIN:-$PWD/gridcase}
PTY=${GRIDCASE_PTYCOUNT:-$PWD/build/tests/ptycount}
REPS=${BENCH_UI_REPS:-21}
GRID=510304001001001
g() { "$G" --config "$PWD/config/demo" --db "$W/g.db" --user admin "$@"; }
pct() {   # pct P: the P-th percentile of the numbers on stdin
	sort -n | awk -v p="$1" '{ v[NR] = $1 } END { i = int((NR - 1) * p + 0.5) + 1; print v[i] }'
}
# A case with a long 描述 (1,900 characters in paragraphs) to page through.
LONG=$(python3 -c 'import sys; s = "网格员巡查发现幸福路12号楼道内堆放大量纸箱，堵塞消防通道，已告知住户清理并张贴整改通知。"; sys.stdout.write(("\n".join([s * 5] * 20))[:1900])')
ID=$(g new case --node "$GRID" title=长描述分页 category=城市管理 detail="$LONG")

# The steps, one a line: LABEL<TAB>KEYS (printf escapes); "-" labels are
# not measured (they bring the UI where the next step starts).
{
	printf -- '-\t:node %s\\r\n' "$GRID"
	printf -- '-\tc\n-\t1\n-\tj\n'
	i=0; while [ $i -lt "$REPS" ]; do
		printf 'picker\t\\r\nnarrow\t消防\n-\t\\033\n'
		i=$((i + 1))
	done
	printf -- '-\tq\n'
	i=0; while [ $i -lt "$REPS" ]; do
		printf 'jump\t:%s\\r\npage\t\\033[6~\n-\tq\n' "$ID"
		i=$((i + 1))
	done
	printf -- '-\t:node 510304\\r\n'
	printf 'stats\tS\n'
	i=0; while [ $i -lt "$REPS" ]; do
		printf 'drill\t\\r\nup\tq\n'
		i=$((i + 1))
	done
	printf -- '-\tq\n'
} >"$W/uiw.steps"
cut -f1 "$W/uiw.steps" >"$W/uiw.labels"
cut -f2 "$W/uiw.steps" | while IFS= read -r keys; do printf "$keys\n"; done >"$W/uiw.keys"
for mode in normal low; do
	extra=; [ $mode = low ] && extra=--low-bandwidth
	PTYCOUNT_FIRST=${PTYCOUNT_FIRST:-5000} "$PTY" -k "$W/uiw.keys" -c 80x24 -- env TERM=xterm-256color LANG=C.UTF-8 GRIDCASE_NOW="$GRIDCASE_NOW" \
		"$G" --config "$PWD/config/demo" --db "$W/g.db" --user admin $extra >"$W/uiw.$mode"
	sed 1d "$W/uiw.$mode" | paste "$W/uiw.labels" - >"$W/uiw.$mode.steps"
	echo "UI writing and overseeing, $mode mode, 80x24, $REPS rounds each ($(sed -n '$=' "$W/uiw.labels") steps):"
	for step in "picker:open the 类别 picker (Enter)" "narrow:narrow it (消防 typed)" "jump:jump to a record (:ID Enter)" \
		"page:a page of wrapped record text (PgDn)" "stats:the district's statistics (S)" \
		"drill:statistics drill-down (Enter on a street)" "up:back up a level (q)"; do
		label=${step%%:*} what=${step#*:}
		awk -F'\t' -v l="$label" '$1 == l { split($2, a, " "); print a[1] }' "$W/uiw.$mode.steps" >"$W/uiw.ms"
		awk -F'\t' -v l="$label" '$1 == l { split($2, a, " "); print a[2] }' "$W/uiw.$mode.steps" >"$W/uiw.bytes"
		[ -s "$W/uiw.ms" ] || continue
		printf '  %-44s median %7s ms  p99 %7s ms  %6s bytes\n' "$what" "$(pct 0.5 <"$W/uiw.ms")" \
			"$(pct 0.99 <"$W/uiw.ms")" "$(pct 0.5 <"$W/uiw.bytes")"
	done
done
