# SPDX-License-Identifier: MIT
# Choice fields open a picker: a list that fits the screen, in two levels
# for GROUP/KIND categories, narrowed as the user types (消防 gives every
# 消防应急 kind), Enter picks; at 40x12 too, what is typed always visible.
. "$(dirname "$0")/lib.sh"
"$BIN" --config "$CONFIG" --db "$DB" --user admin demo --cases 0 >/dev/null
# The case form's categories, counted in the configuration file.
NCHOICES=$(awk '/key: category/ { on = 1; next } on && /key: location/ { print n; exit } on && /^          - / { n++ }' \
	"$ROOT/config/forms.yaml")

for size in "80 24" "40 12"; do
	set -- $size
	ui_start "$1" "$2" --user zhangsan
	ui_keys : ; ui_text "node 510304001001001"; ui_keys Enter
	ui_keys c 1 Enter
	ui_text "井盖缺失"
	ui_keys Enter Enter
	expect_screen "公安综治/  (6)" "$1x$2: the groups first, each with its number of choices"
	expect_screen "5 groups, $NCHOICES choices" "$1x$2: all $NCHOICES choices in 5 groups"
	ui_text "消防"
	ui_screen
	n=$(grep -c "^ 消防应急" "$T/screen")
	check "[ $n = 5 ]" "$1x$2: 消防 narrows to 消防应急 and its four kinds ($n rows)"
	expect_no_screen "城市管理" "$1x$2: and nothing else"
	expect_screen "类别: 消防  (5 of $NCHOICES)" "$1x$2: the typed text on the last row, with the count"
	ui_text "灭火器"
	expect_screen "类别: 消防灭火器" "$1x$2: typing goes on"
	expect_screen "nothing matches" "$1x$2: 消防灭火器 is in no choice"
	ui_keys BSpace BSpace BSpace BSpace BSpace
	ui_text "应急/灭火"
	ui_keys Enter
	expect_screen " 类别*        消防应急/灭火器过期" "$1x$2: Enter picks the one left"
	# Again: the picker opens at the current value, in its group.
	ui_keys Up Enter
	expect_screen "类别 > 消防应急" "$1x$2: opened in the current value's group"
	expect_screen " 灭火器过期" "$1x$2: its kinds by their own names"
	ui_keys Left
	expect_screen "城市管理/  (7)" "$1x$2: Left goes back to the groups"
	ui_keys Down Enter
	expect_screen "类别 > 城市管理" "$1x$2: Enter opens a group"
	ui_keys Down Enter
	expect_screen " 类别*        城市管理/暴露垃圾" "$1x$2: a kind picked from the group's list"
	ui_keys Up Enter
	ui_text "楼道充电很长很长很长很长很长很长很长很长很长很长很长很长"
	ui_screen
	last=$(tail -1 "$T/screen")
	case $last in *"很长很长很长很长"*) ok "$1x$2: a long text typed still shows its end on the last row";;
	*) echo "not ok - $1x$2: the typed text's end is visible (last row: $last)";; esac
	ui_keys Escape
	expect_screen " 类别*        城市管理/暴露垃圾" "$1x$2: Esc keeps the value"
	ui_keys s
	"$BIN" --config "$CONFIG" --db "$DB" --user zhangsan list --format csv >"$T/out"
	check "grep -q '井盖缺失.*城市管理/暴露垃圾' '$T/out'" "$1x$2: saved with the category picked"
	ui_keys Q
done

# A choice field that may stay empty offers "(none)" first, and it empties
# the field again (服务认领's 类别 is not required).
ui_start 200 30 --user wangwu   # wide: the question lists every form of a community
ui_keys c
ui_screen
N=$(grep -o '[0-9] 服务认领' "$T/screen" | cut -c1)
check "[ -n '$N' ]" "c on a community offers 服务认领 (key $N)"
ui_keys "$N"
expect_screen "new 服务认领" "its form"
ui_screen
ROWS=$(awk '$1 == "类别" { print NR; exit }' "$T/screen")
DOWNS=$(awk -v n="${ROWS:-4}" 'BEGIN { for (k = 4; k < n; k++) printf "Down " }')   # the fields start on row 4
ui_keys $DOWNS
ui_keys Enter
expect_screen " (none)" "the picker of a field that may stay empty offers (none)"
ui_keys Down Enter
expect_screen " 类别         增收类" "a choice picked"
ui_keys Up Enter
expect_screen "类别:   (3 of 3)" "the count leaves (none) out"
ui_keys Home Enter   # tmux sends ESC [ 1 ~: a Home, never a cancel
expect_no_screen "增收类" "(none) empties the field again"
ui_keys Escape y   # drop the form
ui_keys Q
