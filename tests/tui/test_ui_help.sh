# SPDX-License-Identifier: MIT
# The help page (?) lists every ':' command of the command table
# (src/tui/command.c), so a command added there without its help line, or
# one the help leaves out (as :stats and :match once were), fails here; the
# ':' key's own line and an unknown command's message name each of them too.
. "$(dirname "$0")/lib.sh"
"$BIN" --config "$CONFIG" --db "$DB" --user admin demo --cases 0 >/dev/null
# The table's names: the rows of commands[] in command.c.
sed -n '/^static const command commands\[\] = {/,/^};/p' "$ROOT/src/tui/command.c" |
	sed -n 's/^	{ "\([a-z]*\)".*/\1/p' >"$T/names"
check "[ \$(wc -l <'$T/names') -ge 6 ]" "the command table's names are found ($(tr '\n' ' ' <"$T/names"))"
ui_start 100 250 --user wangwu   # tall enough for the whole help on one page
ui_keys '?'
ui_screen
cp "$T/screen" "$T/help"
for c in $(cat "$T/names"); do
	check "grep -q '^  :$c\\b' '$T/help'" "the help lists :$c"
done
check "grep -q '^  :ID, :#ID' '$T/help'" "the help lists :ID"
ui_keys q
ui_keys : ; ui_text "nosuch"; ui_keys Enter
ui_screen
for c in $(cat "$T/names"); do
	check "grep -q \"unknown command ':nosuch' (.*\\b$c\\b\" '$T/screen'" "an unknown command's message names $c"
	check "grep -q '^  :  .*command line: .*\\b$c\\b' '$T/help'" "the ':' key's help line names $c"
done
ui_keys Q
