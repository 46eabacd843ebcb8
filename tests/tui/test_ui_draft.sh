# SPDX-License-Identifier: MIT
# A draft survives: the terminal closed in the middle of a form (the tmux
# pane killed, a hang-up for the UI) keeps what was typed as the user's
# draft, a file beside the database written whole; the next start offers
# it back, and saving it makes the record.
. "$(dirname "$0")/lib.sh"
"$BIN" --config "$CONFIG" --db "$DB" --user admin demo --cases 0 >/dev/null
DRAFT=$DB.draft-zhangsan
pane_gone() {   # the pane killed: its process group gets the hang-up
	TM kill-pane -t ui
	i=0; while [ $i -lt 30 ] && pgrep -f -- "--db $DB --user zhangsan" >/dev/null; do sleep 0.1; i=$((i + 1)); done
}

# 1. Closed while typing the description in the long-text editor.
ui_start 80 24 --user zhangsan
ui_keys : ; ui_text "node 510304001001001"; ui_keys Enter
ui_keys c 1 Enter
ui_text "楼道堆物草稿"
ui_keys Enter Enter
ui_text "楼道堆"
ui_keys Enter Down Down Down Enter
ui_text "三楼楼道堆满纸箱，"
ui_keys Enter
ui_text "已通知物业，等待"
pane_gone
check "[ -f '$DRAFT' ]" "the draft is kept beside the database ($DRAFT)"
check "[ \"\$(stat -c %a '$DRAFT')\" = 600 ]" "readable by its owner only"
check "[ ! -e '$DRAFT.tmp' ]" "written whole: no temporary file left"
check "grep -q '^end$' '$DRAFT'" "and complete"
"$BIN" --config "$CONFIG" --db "$DB" --user zhangsan list --format csv >"$T/out"
check "! grep -q 楼道堆物草稿 '$T/out'" "nothing was saved as a record"

ui_start 80 24 --user zhangsan
expect_screen "a draft was kept when your connection dropped (new 事件 at 第一网格" "the next start offers the draft"
ui_keys y
expect_screen "new 事件 at 510304001001001 第一网格" "y opens the form"
expect_screen "楼道堆物草稿" "with the title typed"
expect_screen "消防应急/楼道堆放杂物" "the category picked"
expect_screen "三楼楼道堆满纸箱，" "and the description as far as it was typed"
expect_screen "your draft: s saves it, q drops it" "saying so"
ui_keys s
expect_screen "created" "s saves it"
"$BIN" --config "$CONFIG" --db "$DB" --user zhangsan list --format csv >"$T/out"
ID=$(awk -F, '/楼道堆物草稿/ { print $1 }' "$T/out")
"$BIN" --config "$CONFIG" --db "$DB" --user zhangsan show "$ID" --json >"$T/out"
check "python3 -c 'import json,sys; d = json.load(open(sys.argv[1])); sys.exit(d[\"detail\"] != \"三楼楼道堆满纸箱，\\n已通知物业，等待\")' '$T/out'" \
	"the record holds every character typed before the drop, the newline too"
check "[ ! -e '$DRAFT' ]" "a saved draft is gone"
ui_keys Q

# 2. Closed in the middle of a line, in an edit of that record.
ui_start 80 24 --user zhangsan
ui_keys : ; ui_text "$ID"; ui_keys Enter
ui_keys e
expect_screen "edit #$ID" "the edit form"
ui_keys Down Down Enter
ui_text "幸福路12号"
pane_gone
check "grep -q '幸福路12号' '$DRAFT'" "the location being typed is in the draft"
"$BIN" --config "$CONFIG" --db "$DB" --user wangwu set "$ID" reporter=李大爷 >/dev/null   # meanwhile, someone else changes another field
ui_start 80 24 --user zhangsan
expect_screen "(edit of #$ID" "the edit's draft is offered"
ui_keys n
expect_screen "delete the draft? (y/n)" "n asks whether to delete it"
ui_keys n
check "[ -f '$DRAFT' ]" "n again keeps it for next time"
ui_keys Q
ui_start 80 24 --user zhangsan
ui_keys y
expect_screen "幸福路12号" "offered again, and restored"
ui_keys s
"$BIN" --config "$CONFIG" --db "$DB" --user zhangsan show "$ID" >"$T/out"
expect_out "地点: 幸福路12号" "saved, merged with the change made meanwhile"
expect_out "反映人: 李大爷" "which it kept"
check "[ ! -e '$DRAFT' ]" "and the draft is gone"
ui_keys Q
