# SPDX-License-Identifier: MIT
# The cache of parsed configuration files ($XDG_CACHE_HOME/gridcase, see
# docs/configuration.md): the same messages, FILE:LINE:COL and all, from a
# cold cache, a warm one, a damaged one and none; a valid cache file is read,
# not written again; a damaged one is written again; a file with a YAML or
# text rule error is never kept.
. "$(dirname "$0")/lib.sh"
C=$T/conf
mkdir -p "$C"
cp -L "$ROOT"/config/demo/*.yaml "$C/"
printf 'colour: red\n' >>"$C/gridcase.yaml"
export XDG_CACHE_HOME=$T/xdg
K=$XDG_CACHE_HOME/gridcase
run() { "$BIN" --config "$C" check-config >"$T/out" 2>"$T/err"; RC=$?; }
nfiles=$(ls "$C"/*.yaml | wc -l)
line=$(grep -n '^colour:' "$C/gridcase.yaml" | cut -d: -f1)

run
cp "$T/err" "$T/cold"
expect_rc 3 "an unknown key is refused"
expect_err "$C/gridcase.yaml:$line:1:" "the message names FILE:LINE:COL"
check "[ \$(ls \"\$K\" | grep -c '\\.tree\$') = $nfiles ]" "one cache file per configuration file"
check "[ \$(stat -c %a \"\$K\") = 700 ] && [ -z \"\$(find \"\$K\" -type f ! -perm 600)\" ]" "cache directory 0700, files 0600"
ls -i "$K" >"$T/inodes"
run
check "cmp -s \"$T/err\" \"$T/cold\"" "a warm cache gives the same message"
ls -i "$K" >"$T/inodes2"
check "cmp -s \"$T/inodes\" \"$T/inodes2\"" "a warm cache is read, not written again"

# Another build (here: the same program without its build id) does not
# trust this build's trees: it parses and writes its own.
if objcopy --remove-section .note.gnu.build-id "$BIN" "$T/other" 2>/dev/null; then
	"$T/other" --config "$C" check-config >"$T/out" 2>"$T/err"
	check "cmp -s \"$T/err\" \"$T/cold\"" "another build: the same message"
	ls -i "$K" >"$T/inodes3"
	check "! cmp -s \"$T/inodes\" \"$T/inodes3\"" "another build writes its own trees"
	run
	ls -i "$K" >"$T/inodes4"
	check "! cmp -s \"$T/inodes3\" \"$T/inodes4\"" "and this build its own again"
else
	ok "# SKIP objcopy cannot make another build"
fi
ls -i "$K" >"$T/inodes"
cp -r "$K" "$T/good"
for f in "$K"/*.tree; do head -c 40 "$f" >"$f.cut" && mv "$f.cut" "$f"; done
run
check "cmp -s \"$T/err\" \"$T/cold\"" "truncated cache files: the same message"
check "diff -r \"$K\" \"$T/good\" >/dev/null" "truncated cache files are written again"
for f in "$K"/*.tree; do head -c "$(stat -c %s "$f")" /dev/urandom >"$f"; done
run
check "cmp -s \"$T/err\" \"$T/cold\"" "garbage cache files: the same message"
check "diff -r \"$K\" \"$T/good\" >/dev/null" "garbage cache files are written again"

# A file with a YAML syntax error: parsed every time, never kept.
printf 'levels: [a, b\nx: y\n' >"$C/zz.yaml"
run
cp "$T/err" "$T/syntax"
expect_err "$C/zz.yaml:2:2: YAML syntax error" "a syntax error names FILE:LINE:COL"
run
check "cmp -s \"$T/err\" \"$T/syntax\"" "a syntax error is reported the same the second time"
check "[ \$(ls \"\$K\" | grep -c '\\.tree\$') = $nfiles ]" "a file with a syntax error is not cached"
# A file whose texts break the text rule (a zero-width space): the same.
printf 'holidays: ["2026-12-25"]\nx: "a\342\200\213b"\n' >"$C/zz.yaml"
run
cp "$T/err" "$T/textrule"
expect_err "$C/zz.yaml:2:4: the value contains U+200B" "a text rule error names FILE:LINE:COL"
run
check "cmp -s \"$T/err\" \"$T/textrule\"" "a text rule error is reported the same the second time"
check "[ \$(ls \"\$K\" | grep -c '\\.tree\$') = $nfiles ]" "a file that breaks the text rule is not cached"
rm "$C/zz.yaml"

# No usable cache directory: the same message, nothing written.
: >"$T/plainfile"
XDG_CACHE_HOME=$T/plainfile run
check "cmp -s \"$T/err\" \"$T/cold\"" "a cache directory that cannot be made: the same message"
(unset XDG_CACHE_HOME HOME; "$BIN" --config "$C" check-config >"$T/out" 2>"$T/err")
check "cmp -s \"$T/err\" \"$T/cold\"" "no HOME and no XDG_CACHE_HOME: the same message"

# A valid configuration says so, cold and warm.
sed -i '$d' "$C/gridcase.yaml"
run
expect_out "$C: configuration is valid" "a valid configuration, cold cache"
run
expect_out "$C: configuration is valid" "a valid configuration, warm cache"
