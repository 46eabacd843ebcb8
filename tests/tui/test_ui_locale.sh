# SPDX-License-Identifier: MIT
# Which terminal the locale means. No locale, C and POSIX count as UTF-8:
# PuTTY and Windows ssh.exe send no LANG and servers often set none, and
# then every Chinese character was a '?'. A locale named for another
# character set, --ascii and `ascii: true` draw the UI in ASCII.
. "$(dirname "$0")/lib.sh"
"$BIN" --config "$CONFIG" --db "$DB" --user admin demo --cases 300 --seed 2 >/dev/null

# only_ascii WHAT: nothing but printable ASCII on the screen.
only_ascii() {
	ui_screen
	check "! LC_ALL=C grep -q '[^ -~]' '$T/screen'" "only ASCII on the screen $1"
}

UI_ENV="-u LANG -u LC_ALL -u LC_CTYPE" ui_start 80 24 --user wangwu
expect_screen "东华社区" "no LANG, LC_ALL or LC_CTYPE at all: Chinese is shown"
expect_screen "q:quit" "with the hint line in English"
ui_keys Q   # quit at once

UI_LANG=C ui_start 80 24 --user wangwu
expect_screen "东华社区" "LANG=C: Chinese is shown"
ui_keys S
expect_screen "第二网格" "the statistics too"
ui_keys Q   # quit at once

UI_LANG=POSIX ui_start 80 24 --user wangwu
expect_screen "东华社区" "LANG=POSIX: Chinese is shown"
ui_keys Q   # quit at once

UI_ENV="-u LANG LC_ALL= LC_CTYPE=C" ui_start 80 24 --user wangwu
expect_screen "东华社区" "LC_CTYPE=C with an empty LC_ALL: Chinese is shown"
ui_keys Q   # quit at once

# Explicitly another character set: the terminal is not UTF-8.
UI_LANG=en_US.ISO-8859-1 ui_start 80 24 --user wangwu
only_ascii "with LANG=en_US.ISO-8859-1"
expect_screen "q:quit" "the hint line is there"
ui_keys Q   # quit at once

UI_LANG=zh_CN.GB18030 ui_start 80 24 --user wangwu
only_ascii "with LANG=zh_CN.GB18030"
ui_keys Q   # quit at once

# Asked for: --ascii, whatever the locale; the bars are '#'.
ui_start 80 24 --user wangwu --ascii
only_ascii "with --ascii on a UTF-8 locale"
expect_screen "q:quit" "the hint line is there"
ui_keys S
expect_screen "????    #" "the statistics bars are '#', the names '?'"
only_ascii "on the statistics page"
ui_keys Q   # quit at once

ui_start 28 12 --user wangwu --ascii
ui_keys Tab
ui_screen
check "grep -q '?\\$\$' '$T/screen'" "a title cut at its column's end is marked '\$'"
only_ascii "at 28 columns"
ui_keys Q   # quit at once

UI_ENV="-u LANG -u LC_ALL -u LC_CTYPE" ui_start 80 24 --user wangwu --ascii
only_ascii "with --ascii and no locale"
ui_keys Q   # quit at once

# Over SSH: --ascii is one of the global options a client may give.
term_start 80 24 "env SSH_ORIGINAL_COMMAND=--ascii $BIN --config $CONFIG --db $DB --ssh-user wangwu"
only_ascii "with --ascii asked for over SSH"
expect_screen "q:quit" "the UI is there"
ui_keys q

# The configuration key.
cp -rL "$ROOT/config/demo" "$T/cfg"
printf '\nascii: true\n' >>"$T/cfg/gridcase.yaml"
term_start 80 24 "$BIN --config $T/cfg --db $DB --user wangwu"
only_ascii "with ascii: true in gridcase.yaml"
ui_keys q
sed -i 's/^ascii: true$/ascii: maybe/' "$T/cfg/gridcase.yaml"
"$BIN" --config "$T/cfg" --db "$DB" --user wangwu list >"$T/out" 2>"$T/err"; RC=$?
expect_err "ascii must be true or false, found 'maybe'" "ascii: maybe is refused by the loader"
