# SPDX-License-Identifier: MIT
# tests/layers.sh - the layer rule, checked on every include line of src/.
# A folder of src/ is a layer; a file may include the public headers of its
# own layer and the layers below it (include/gridcase/), and the private
# headers (src/LAYER/*.h) of its own layer and the layers below it, except
# a front end (cli/, tui/) and a public header: they see only
# include/gridcase/. lmdb.h is for the store layer alone. Prints "ok - ..." / "not ok - ..." lines.
cd "$(dirname "$0")/.." || exit 1

# The layers from the bottom up, and which layer owns each public header.
rank() {
	case $1 in
	base) echo 0 ;; format) echo 1 ;; config) echo 2 ;; store) echo 3 ;; ssh) echo 3 ;;
	core) echo 4 ;; demo) echo 5 ;; present) echo 5 ;; tui) echo 6 ;; cli) echo 7 ;;
	*) echo 99 ;;
	esac
}
owner() {
	case $1 in
	util|text|calendar|i18n) echo base ;;
	csv|json|xlsx) echo format ;;
	config) echo config ;;
	record) echo store ;;
	ssh|authkeys) echo ssh ;;
	core) echo core ;;
	demo) echo demo ;;
	present) echo present ;;
	tui) echo tui ;;
	cli) echo cli ;;
	*) echo unknown ;;
	esac
}

bad=0
fail() { echo "not ok - $1"; bad=$((bad + 1)); }
for f in src/*/*.c src/*/*.h include/gridcase/*.h; do
	case $f in
	include/*) layer=$(owner "$(basename "$f" .h)") ;;
	*) layer=$(echo "$f" | cut -d/ -f2) ;;
	esac
	r=$(rank "$layer")
	[ "$r" = 99 ] && fail "$f: '$layer' is not a layer this check knows"
	front=0
	case $layer in cli|tui) front=1 ;; esac
	case $f in include/*) front=1 ;; esac   # a public header is what a front end sees
	grep '^#include' "$f" | while IFS= read -r line; do
		case $line in
		*'<lmdb.h>'*)
			[ "$layer" = store ] || echo "not ok - $f: includes lmdb.h (only the store layer may)"
			continue ;;
		*'<'*) continue ;;   # the C library and other system headers
		esac
		inc=$(echo "$line" | sed -n 's/.*#include "\([^"]*\)".*/\1/p')
		case $inc in
		gridcase/*)
			h=$(basename "$inc" .h)
			o=$(owner "$h")
			if [ "$o" = unknown ]; then
				echo "not ok - $f: includes $inc, which is not a public header"
			elif [ "$(rank "$o")" -gt "$r" ]; then
				echo "not ok - $f: includes $inc of the $o layer, above $layer"
			fi ;;
		*/*.h)
			o=$(dirname "$inc")
			if [ ! -f "src/$inc" ]; then
				echo "not ok - $f: includes $inc, which does not exist"
			elif [ $front = 1 ] && { [ "$o" != "$layer" ] || [ "${f#include/}" != "$f" ]; }; then
				echo "not ok - $f: a front end or public header includes $inc, private to $o"
			elif [ "$(rank "$o")" -gt "$r" ]; then
				echo "not ok - $f: includes $inc of the $o layer, above $layer"
			fi ;;
		esac
	done
done >"${TMPDIR:-/tmp}/layers.$$"
# Only the store layer and the core's write batch call LMDB.
for f in src/*/*.c; do
	case $f in src/store/*|src/core/write.c|src/core/stage.c) continue ;; esac
	grep -n '\bmdb_[a-z_]*(' "$f" | sed "s|^|not ok - $f:|; s|\$| (LMDB is called by the store layer and the write batch only)|"
done >>"${TMPDIR:-/tmp}/layers.$$"
# No file over 800 lines, no function over 120 (a function starts with a
# line of its own '{' and ends with one of '}', as every one here does).
for f in src/*/*.c src/*/*.h include/gridcase/*.h; do
	n=$(wc -l <"$f")
	[ "$n" -gt 800 ] && echo "not ok - $f: $n lines (at most 800)"
	awk -v f="$f" '/^\{/ { start = NR; name = prev } /^\}/ && start { if (NR - start > 120) printf "not ok - %s:%d: %s is %d lines (at most 120)\n", f, start, name, NR - start; start = 0 } { prev = $0 }' "$f"
done >>"${TMPDIR:-/tmp}/layers.$$"
if [ -s "${TMPDIR:-/tmp}/layers.$$" ]; then
	cat "${TMPDIR:-/tmp}/layers.$$"
else
	echo "ok - every include of src/ and include/ follows the layers; LMDB is called by the store and the write batch only; no file over 800 lines, no function over 120"
fi
rm -f "${TMPDIR:-/tmp}/layers.$$"
