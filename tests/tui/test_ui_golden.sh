# SPDX-License-Identifier: MIT
# Golden screens, as tig's tests compare them: the whole screen of the tree
# and the list at 80x24, 40x12 and 120x30 against the files in
# tests/tui/golden/, so a column shifted by one fails. The demo district
# (300 cases, the clock of lib.sh) is the same on every run.
# GOLDEN_UPDATE=1 writes the screens as they are now (look at the diff!).
. "$(dirname "$0")/lib.sh"
GOLD=$ROOT/tests/tui/golden
"$BIN" --config "$CONFIG" --db "$DB" --user admin demo --cases 300 >/dev/null

# golden NAME DESC: the screen against golden/NAME.txt
golden() {
	ui_screen
	if [ "${GOLDEN_UPDATE:-}" = 1 ]; then
		cp "$T/screen" "$GOLD/$1.txt"
		ok "$2 (golden/$1.txt written)"
	elif cmp -s "$T/screen" "$GOLD/$1.txt"; then
		ok "$2"
	else
		echo "not ok - $2 (the screen differs from golden/$1.txt; GOLDEN_UPDATE=1 rewrites it)"
		diff "$GOLD/$1.txt" "$T/screen" | sed 's/^/#   /'
	fi
}

for size in 80x24 40x12 120x30; do
	ui_start "${size%x*}" "${size#*x}" --user wangwu
	ui_wait "wangwu"
	golden "tree_$size" "the tree at $size"
	ui_keys Enter
	golden "list_$size" "the list of the community at $size"
	ui_keys G
	golden "last_$size" "G: the list's last record at $size"
	ui_keys Q
done
# A district officer: the whole tree, a street's list at 80x24.
ui_start 80 24 --user sunqi
ui_wait "sunqi"
golden "district_80x24" "the district's tree for sunqi at 80x24"
ui_keys Tab G
golden "district_last_80x24" "G: the district's last record, read from the other end of 2188"
ui_keys g Tab Down Enter
golden "street_80x24" "a street's list at 80x24"
ui_keys Q
