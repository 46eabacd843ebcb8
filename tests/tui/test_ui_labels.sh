# SPDX-License-Identifier: MIT
# Labels, not keys, where a person reads: the record page's history says
# 受理 and 标题, never accept and title, and the person's name beside the
# login; its head and `show` say 状态/期限/经办人 under zh_CN, the light
# in the user's language.
. "$(dirname "$0")/lib.sh"
"$BIN" --config "$CONFIG" --db "$DB" --user admin demo --cases 0 >/dev/null
G() { "$BIN" --config "$CONFIG" --db "$DB" "$@"; }
ID=$(G --user zhangsan new case --node 510304001001001 title=井盖缺失 category=城市管理)
G --user wangwu act "$ID" accept --comment 收到 >/dev/null
G --user wangwu act "$ID" register >/dev/null
G --user wangwu act "$ID" dispatch assignee=zhangsan >/dev/null

UI_LANG=zh_CN.UTF-8 ui_start 80 24 --user wangwu
ui_keys : ; ui_text "$ID"; ui_keys Enter
expect_screen "状态：派遣   期限：" "the head says 状态 and 期限 under zh_CN"
expect_screen "(绿灯)" "the light in Chinese"
expect_screen "经办人 张三 (zhangsan)" "经办人, by name beside the login"
expect_screen "创建 " "创建"
expect_screen "办理记录" "the history's title in Chinese"
expect_screen "v1 2026-11-23 09:00 张三 (zhangsan) 新建   -> 上报" "the report: 新建, by 张三 (zhangsan)"
expect_screen "v2 2026-11-23 09:00 王五 (wangwu) 受理  上报 -> 受理" "受理, not accept; 王五 beside wangwu"
expect_screen "标题: （空） -> 井盖缺失" "a change under the field's label, 标题"
expect_screen "意见：收到" "the comment as 意见"
expect_screen "经办人: （空） -> zhangsan" "the assignee's change under its label"
for key in " accept " " register " " dispatch " "title:" "category:" "assignee" "负责人"; do
	expect_no_screen "$key" "no key '$key' on the page"
done
ui_keys Q

# In English the head's words are English, the history's labels the configuration's.
ui_start 80 24 --user wangwu
ui_keys : ; ui_text "$ID"; ui_keys Enter
expect_screen "state: 派遣   due: " "English head"
expect_screen "(green)" "the light in English"
expect_screen "王五 (wangwu) 立案  受理 -> 立案" "立案 in the history in English too"
expect_screen "类别: (empty) -> 城市管理" "类别, the configured label"
ui_keys Q

LANG=zh_CN.UTF-8 G --user wangwu show "$ID" >"$T/out"
expect_out "状态：     派遣 (dispatched)" "show says 状态 under zh_CN"
expect_out "期限：" "期限"
expect_out "绿灯" "the light in Chinese"
expect_out "经办人：   zhangsan (张三)" "经办人 with the person's name"
expect_out "由 zhangsan (张三)" "the creator by name too"
G --user wangwu show "$ID" >"$T/out"
expect_out "assignee:  zhangsan (张三)" "in English: assignee, with the name"
expect_out "  green" "and green"
