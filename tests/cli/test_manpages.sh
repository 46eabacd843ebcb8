# SPDX-License-Identifier: MIT
# The manuals against the program: gridcase.yaml(5), docs/configuration.md and the
# configuration reader list the same top-level keys; gridcase(1) documents every
# command of the command table; both pages render without warnings.
. "$(dirname "$0")/lib.sh"
Y5=$ROOT/docs/gridcase.yaml.5
MD=$ROOT/docs/configuration.md
# The reader's list: top_keys in src/config/config.c.
sed -n '/^static const char \*const top_keys\[\] = {/,/};/p' "$ROOT/src/config/config.c" |
	grep -o '"~\?[a-z_]*"' | tr -d '"~' | sort >"$T/code"
# configuration.md: the first column of the "Top level" table.
sed -n '/^## Top level/,/^## /p' "$MD" | sed -n 's/^| `\([a-z_]*\)` |.*/\1/p' | sort >"$T/md"
# gridcase.yaml(5): the .TP/.B entries of TOP-LEVEL KEYS.
sed -n '/^\.SH TOP-LEVEL KEYS/,/^\.SH /p' "$Y5" | awk 'prev == ".TP" && $1 == ".B" { print $2 } { prev = $0 }' | sort >"$T/man"
check "[ -s '$T/code' ] && [ \$(wc -l <'$T/code') -ge 10 ]" "the reader's top-level keys are found ($(tr '\n' ' ' <"$T/code"))"
check "cmp -s '$T/code' '$T/md'" "docs/configuration.md lists every top-level key the reader accepts, and no other"
[ -s "$T/md" ] && ! cmp -s "$T/code" "$T/md" && diff "$T/code" "$T/md" | sed 's/^/# /'
check "cmp -s '$T/code' '$T/man'" "gridcase.yaml(5) lists every top-level key the reader accepts, and no other"
! cmp -s "$T/code" "$T/man" && diff "$T/code" "$T/man" | sed 's/^/# /'
# gridcase(1): every command the help lists has an entry in COMMANDS.
for cmd in $("$BIN" --config "$CONFIG" complete commands); do
	esc=$(printf '%s' "$cmd" | sed 's/-/\\\\-/g')
	check "sed -n '/^\.SH COMMANDS/,/^\.SH EXIT/p' '$ROOT/docs/gridcase.1' | grep -q -e '^\.B $esc\$' -e '^\.BI \"$esc ' -e '^\\\\fB$esc\\\\fR' -e '^\\\\fB$esc \\\\' -e '^\\\\fB$esc [a-z]*\\\\fR'" \
		"gridcase(1) documents $cmd"
done
if command -v man >/dev/null && man -l "$Y5" >/dev/null 2>&1; then
	for page in "$ROOT/docs/gridcase.1" "$Y5"; do
		MANWIDTH=80 man --warnings -l "$page" 2>"$T/warn" >"$T/page"
		check "[ ! -s '$T/warn' ] && [ -s '$T/page' ]" "$(basename "$page") renders without warnings"
	done
else
	echo "# man is not installed: the pages were not rendered"
fi
exit 0
