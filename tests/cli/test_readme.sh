# SPDX-License-Identifier: MIT
# The README's tour and its "setting up a district" block, run line by line
# exactly as written, on what `make demo` makes (tests/demo.sh's demo in a
# checkout-like directory: ./gridcase, config/, docs/examples, demo/):
# every line must succeed. The UI's line needs a person; it is left out.
. "$(dirname "$0")/lib.sh"
W=$T/checkout
mkdir -p "$W/demo" "$W/docs"
ln -s "$BIN" "$W/gridcase"
ln -s "$ROOT/config" "$W/config"
cp -r "$ROOT/docs/examples" "$W/docs/examples"
( cd "$W" && ./gridcase --config config/demo --db demo/gridcase.db --user admin demo --cases 20000 --seed 1 >/dev/null ) ||
	echo "not ok - the demo of make demo is built"

# The indented lines from "## A short tour" to the formats paragraph, the
# continuation lines joined, each followed by a line that reports its status.
awk '/^## A short tour/ { on = 1; next } /^docs\/import.md has the formats/ { on = 0 }
	on && /^    / { sub(/^    /, ""); line = line $0; if (line ~ /\\$/) { sub(/\\$/, "", line); next }
		print line; line = "" }' "$ROOT/README.md" >"$T/lines"
check "[ \$(wc -l <'$T/lines') -ge 25 ]" "the README's tour has its lines ($(wc -l <"$T/lines"))"
n=0
while IFS= read -r l; do
	n=$((n + 1))
	case $l in *"# the terminal UI"*) continue ;; esac
	printf '%s\necho "RC $? %s"\n' "$l" "$n"
done <"$T/lines" >"$T/tour.sh"
( cd "$W" && GRIDCASE_NOW=$GRIDCASE_NOW sh "$T/tour.sh" ) >"$T/tour.out" 2>"$T/tour.err"
n=0
while IFS= read -r l; do
	n=$((n + 1))
	case $l in *"# the terminal UI"*) continue ;; esac
	rc=$(sed -n "s/^RC \([0-9]*\) $n\$/\1/p" "$T/tour.out")
	if [ "$rc" = 0 ]; then
		ok "README: $l"
	else
		echo "not ok - README: $l (status ${rc:-none})"
		sed 's/^/#   /' "$T/tour.err" | tail -5
	fi
done <"$T/lines"
check "grep -q '幸福路12号楼道堆物' '$W/demo/../all.jsonl'" "the tour's new case is in its export"
check "[ -s '$W/my-district/users-imported.yaml' ] && [ -s '$W/my-district/copy.db' ]" "the district block made its files"
