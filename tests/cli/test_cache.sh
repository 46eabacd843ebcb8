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
# trust this build's trees: it parses and writes its own, under names of
# its own, so the two run in turn without writing over each other.
if objcopy --remove-section .note.gnu.build-id "$BIN" "$T/other" 2>/dev/null; then
	"$T/other" --config "$C" check-config >"$T/out" 2>"$T/err"
	check "cmp -s \"$T/err\" \"$T/cold\"" "another build: the same message"
	check "[ \$(ls \"\$K\" | grep -c '\\.tree\$') = $((2 * nfiles)) ]" "another build writes its own trees beside these"
	ls -i "$K" >"$T/inodes3"
	run
	ls -i "$K" >"$T/inodes4"
	check "cmp -s \"$T/inodes3\" \"$T/inodes4\"" "and this build reads its own again, writing nothing"
	"$T/other" --config "$C" check-config >"$T/out" 2>"$T/err"
	ls -i "$K" >"$T/inodes4"
	check "cmp -s \"$T/inodes3\" \"$T/inodes4\"" "as the other build does"
	for f in "$K"/*.tree; do grep -q " ${f##*/}\$" "$T/inodes" || rm "$f"; done
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

# The directory stays bounded: after a write (an edited file), the trees
# used longest ago go beyond 256 files or 64 MiB, a killed writer's .tmp
# after an hour; names the cache does not make are left alone. A tree read
# is marked used (its time) at most once a day.
i=0
while [ $i -lt 300 ]; do
	printf 'old tree %d\n' $i >"$K/y-$(printf '%032x' $i).tree"
	i=$((i + 1))
done
touch -d '10 days ago' "$K"/y-0000*.tree
truncate -s 65M "$K/y-ffffffffffffffffffffffffffffffff.tree"
touch -d '20 days ago' "$K/y-ffffffffffffffffffffffffffffffff.tree"
: >"$K/y-0123.tree.99.tmp"
touch -d '2 hours ago' "$K/y-0123.tree.99.tmp"
: >"$K/y-4567.tree.98.tmp"
: >"$K/notes.txt"
mine=$(ls "$K" | grep -v '^y-0000\|^y-ffff\|tmp$\|notes' | sort)
touch -d '3 days ago' "$K"/$(echo "$mine" | head -1)
run
check "[ \$(find \"\$K\" -name \"$(echo "$mine" | head -1)\" -mmin -5 | wc -l) = 1 ]" "a tree read is marked used"
ls -i "$K" >"$T/inodes"
printf '# edited\n' >>"$C/gridcase.yaml"
run
expect_out "$C: configuration is valid" "an edited file: valid"
check "[ \$(ls \"\$K\" | grep -c '\\.tree\$') -le 256 ]" "at most 256 trees are kept ($(ls "$K" | grep -c '\.tree$'))"
check "[ ! -e \"\$K/y-ffffffffffffffffffffffffffffffff.tree\" ]" "the oldest go first (beyond 64 MiB too)"
others=$(ls "$K" | grep '\.tree$' | grep -vc '^y-0000')
check "[ \$(ls \"\$K\" | grep -c '^y-0000') = $((256 - others)) ]" "only as many old ones as the limit needs go"
check "[ \$(for f in $(echo $mine); do [ -e \"\$K/\$f\" ] && echo x; done | wc -l) = $(echo "$mine" | wc -l) ]" "the trees in use are kept"
check "[ ! -e \"\$K/y-0123.tree.99.tmp\" ] && [ -e \"\$K/y-4567.tree.98.tmp\" ]" "a killed writer's .tmp goes after an hour, a fresh one stays"
check "[ -e \"\$K/notes.txt\" ]" "a file the cache did not make is left alone"
ls -i "$K" | grep -v '^ *[0-9]* y-0000' >"$T/inodes2"
run
ls -i "$K" | grep -v '^ *[0-9]* y-0000' >"$T/inodes3"
check "cmp -s \"$T/inodes2\" \"$T/inodes3\"" "and read again without a write"
