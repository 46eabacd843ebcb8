# SPDX-License-Identifier: MIT
# The program's own words in Chinese or English, from the locale (gettext),
# English when nothing else is asked for or the language has no catalogue.
# The user's locale need not be installed (a server reached over SSH).
. "$(dirname "$0")/lib.sh"
"$BIN" --config "$CONFIG" --db "$DB" --user admin demo --cases 300 >/dev/null

ui_start 80 24 --user wangwu
expect_screen "q:quit  Enter:open  c:new" "English by default (LANG=C.UTF-8)"
ui_keys Q   # quit at once

UI_LANG=zh_CN.UTF-8 ui_start 80 24 --user wangwu
expect_screen "q:退出  Enter:打开  c:新建  Tab:切换  /:搜索" "LANG=zh_CN.UTF-8: the hint line in Chinese"
expect_screen "东华社区" "and the data as before"
ui_keys ?
expect_screen "gridcase 按键" "the help screen in Chinese"
expect_screen "只看超期记录（切换）" "every key's help"
ui_keys q
ui_keys S
expect_screen "按节点" "the statistics view in Chinese"
ui_keys Q   # quit at once

UI_LANG=fr_FR.UTF-8 ui_start 80 24 --user wangwu
expect_screen "q:quit  Enter:open" "a language without a catalogue: English"
ui_keys q

# The command line.
LANG=zh_CN.UTF-8 "$BIN" --config "$CONFIG" --db "$DB" --user wangwu show 99999 >"$T/out" 2>"$T/err"; RC=$?
expect_rc 6 "the status does not change with the language"
expect_err "没有记录 99999" "messages in Chinese"
LANG=C.UTF-8 LANGUAGE=zh_CN "$BIN" --config "$CONFIG" --db "$DB" --user wangwu show 99999 >"$T/out" 2>"$T/err"; RC=$?
expect_err "没有记录 99999" "LANGUAGE chooses too"
LANG=C.UTF-8 "$BIN" --config "$CONFIG" --db "$DB" --user wangwu show 99999 >"$T/out" 2>"$T/err"; RC=$?
expect_err "no record 99999" "English otherwise"
LANG=zh_CN.UTF-8 "$BIN" --help >"$T/out" 2>"$T/err"; RC=$?
expect_out "不带命令时启动终端界面" "--help in Chinese"
expect_out "按流程办理记录" "with the commands' summaries"
