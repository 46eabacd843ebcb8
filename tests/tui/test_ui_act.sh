# SPDX-License-Identifier: MIT
# The act menu: a transition is chosen by its letter (the same in every
# state) or by typing its label; every transition takes an optional
# comment, asked again when it is required; the transition's fields come
# first, each checked as it is typed, a refused value kept for editing and
# the message the field's hint from the configuration, never its pattern.
. "$(dirname "$0")/lib.sh"
"$BIN" --config "$CONFIG" --db "$DB" --user admin demo --cases 0 >/dev/null
cli() { "$BIN" --config "$CONFIG" --db "$DB" "$@" >"$T/out" 2>"$T/err"; RC=$?; }
A=$("$BIN" --config "$CONFIG" --db "$DB" --user zhangsan new case --node 510304001001001 title=井盖缺失 category=城市管理)
B=$("$BIN" --config "$CONFIG" --db "$DB" --user zhangsan new case --node 510304001001001 title=路灯不亮 category=城市管理)

ui_start 80 24 --user wangwu
ui_keys : ; ui_text "$A"; ui_keys Enter
ui_keys a
expect_screen " a  受理 (accept)" "上报: 受理 is a"
expect_screen " r  退回 (return), with a comment" "退回 is r, and says it needs a comment"
expect_no_screen " 1 " "no numbers: a position would change with the state"
ui_keys a
expect_screen "受理 comment (optional, Enter for none):" "受理 asks for a comment, optional"
ui_text "收到，马上处理"
ui_keys Enter
cli --user wangwu history "$A"
expect_out "收到，马上处理" "the optional comment is in the history"
ui_keys a
expect_screen " r  退回 (return), with a comment" "受理: 退回 is still r"
expect_screen " g  立案 (register)" "立案 has its own letter, g"
ui_keys r
expect_screen "退回 comment (needed):" "退回 asks for its comment"
ui_keys Enter
expect_screen "退回 needs a comment" "an empty one is refused"
expect_screen "退回 comment (needed):" "and asked again"
ui_keys Escape
cli --user wangwu show "$A"
expect_out "受理 (accepted)" "Esc: nothing done"
# A label typed: its first character opens the line for the rest.
ui_keys a
ui_text "立案"
expect_screen "act (its label or key): 立案" "typing a label in Chinese"
ui_keys Enter
expect_screen "立案 comment (optional, Enter for none):" "the label chose 立案"
ui_keys Enter
cli --user wangwu show "$A"
expect_out "立案 (registered)" "and it was taken"
ui_keys a d
expect_screen "assign #$A to" "派遣 (d) asks for the person first"
ui_text "张三"; ui_keys Enter
expect_screen "派遣 comment (optional" "then the comment"
ui_keys Enter
cli --user wangwu show "$A"
expect_out "assignee:  zhangsan" "dispatched to zhangsan"
ui_keys Q

# The handler asks for more time: the amount first, checked as typed.
ui_start 80 24 --user zhangsan
ui_keys : ; ui_text "$A"; ui_keys Enter
ui_keys a
expect_screen " k  申请延期 (ask_extension), with a comment" "申请延期 is k"
ui_keys k
expect_screen "申请延期 (如 2wd（2个工作日）、4wh):" "the field first, with its hint"
ui_text "两天"
ui_keys Enter
expect_screen "申请延期: '两天' is not right here: 如 2wd（2个工作日）、4wh" "a refused value: the hint says what is wanted"
expect_no_screen "(wh|wd|h|d)" "never the regular expression"
expect_screen "申请延期 (如 2wd（2个工作日）、4wh): 两天" "the refused value is kept to be edited"
ui_keys Home   # tmux sends ESC [ 1 ~: the line's start, never a cancel
ui_text "约"
expect_screen "(如 2wd（2个工作日）、4wh): 约两天" "Home went to the line's start; the value still there"
ui_keys C-u
ui_text "2wd"
ui_keys Enter
expect_screen "申请延期 comment (needed):" "then the comment, after the field passed"
ui_text "等待材料"
ui_keys Enter
cli --user zhangsan show "$A" --json
expect_out '"extension":"2wd"' "the extension asked is stored"
cli --user zhangsan history "$A"
expect_out "等待材料" "with its comment"
ui_keys Q

# The letters are the workflow's, whoever acts and whatever is offered:
# the CLI's state moves do not change them.
cli --user wangwu act "$B" accept
ui_start 80 24 --user zhaoliu
ui_keys : ; ui_text "$B"; ui_keys Enter
ui_keys a
expect_screen " g  立案 (register)" "立案 is g for street staff too"
expect_screen " r  退回 (return)" "退回 r"
ui_keys Escape
ui_keys Q
