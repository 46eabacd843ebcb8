# SPDX-License-Identifier: MIT
# tests/catalogue.sh - every message of the source is in every translation,
# translated and not fuzzy: the messages are extracted from src/ as
# `make po` does (the same xgettext keywords) and compared with each
# src/po/LANG.po. Prints "ok - ..." / "not ok - ..." lines.
cd "$(dirname "$0")/.." || exit 1
T=$(mktemp -d "${TMPDIR:-/tmp}/gridcase-po-XXXXXX")
trap 'rm -rf "$T"' EXIT
keys=$(make -s --no-print-directory print-xgettext-keys)
# shellcheck disable=SC2086  # the keywords are words
if ! xgettext --from-code=UTF-8 --language=C $keys --package-name=gridcase -o "$T/src.pot" src/*/*.c 2>"$T/err"; then
	echo "not ok - xgettext reads the source ($(head -n 1 "$T/err"))"
	exit 1
fi
for po in src/po/*.po; do
	msgcmp "$po" "$T/src.pot" >"$T/cmp" 2>&1
	missing=$(grep -c 'used but not defined' "$T/cmp")
	grep 'used but not defined' "$T/cmp" | head -n 20 | sed 's/^/#   /'
	[ "$missing" = 0 ] && echo "ok - $po holds every message of the source" ||
		echo "not ok - $po lacks $missing messages of the source (make po, then translate them)"
	msgattrib --untranslated --no-obsolete "$po" 2>/dev/null | grep '^msgid ' | grep -v '^msgid ""$' >"$T/untr"
	[ -s "$T/untr" ] && echo "not ok - $po leaves $(wc -l <"$T/untr") messages untranslated: $(head -n 3 "$T/untr" | tr '\n' ' ')" ||
		echo "ok - every message of $po is translated"
	msgattrib --only-fuzzy --no-obsolete "$po" 2>/dev/null | grep '^msgid ' | grep -v '^msgid ""$' >"$T/fuzzy"
	[ -s "$T/fuzzy" ] && echo "not ok - $po has $(wc -l <"$T/fuzzy") fuzzy translations: $(head -n 3 "$T/fuzzy" | tr '\n' ' ')" ||
		echo "ok - no translation in $po is fuzzy"
done
