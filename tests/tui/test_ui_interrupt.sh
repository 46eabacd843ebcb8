# SPDX-License-Identifier: MIT
# Ctrl-C ends with status 130, the status a shell gives an interrupted
# program: the UI (where ^C is a key, raw mode) and a command waiting on
# its input (a real SIGINT from the terminal).
. "$(dirname "$0")/lib.sh"
gc --user admin demo --cases 200 --seed 1

ui_start 100 24 --user wangwu
ui_wait "q:quit"
ui_keys C-c
expect_screen "quit? (y/n)" "^C in the tree asks, as q does"
ui_keys y
ui_wait "EXITED"
expect_screen "EXITED 130" "^C answered y quits with status 130"

ui_start 100 24 --user wangwu
ui_wait "q:quit"
ui_keys q y
ui_wait "EXITED"
expect_screen "EXITED 0" "q answered y quits with status 0"

# import reading the terminal: it waits for a line that never comes.
term_start 100 24 "$BIN --config $CONFIG --db $DB --user admin import nodes /dev/stdin"
ui_keys C-c
ui_wait "EXITED"
expect_screen "EXITED 130" "^C stops a command with status 130"
gc --user admin verify
expect_rc 0 "the database is whole after the interrupted import"
