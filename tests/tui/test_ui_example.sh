# SPDX-License-Identifier: MIT
# The screen with the English example configuration: five levels, its own
# workflow and labels; the UI knows none of them.
. "$(dirname "$0")/lib.sh"
CONFIG=$ROOT/config/examples/english
GRIDCASE_NOW="2026-11-23T10:00:00+00:00"
"$BIN" --config "$CONFIG" --db "$DB" --user admin demo --cases 3000 --seed 2 >/dev/null

ui_start 80 24 --user carla
expect_screen "Riverside District Service Desk  [carla Village staff]" "the example's title and the role's label"
expect_screen "Oak Hill" "the tree starts at carla's village"
expect_screen "q:quit  Enter:open" "the hint line"
expect_screen "Group A" "the village is open onto its groups"
ui_keys Down
ui_keys l
ui_wait "Grid 1"
expect_screen "Grid 1" "and a group onto its grids: the fifth level"
ui_keys Tab
# The example's other kinds (offers, bookings) are listed too: issues only.
ui_keys :
ui_text "filter form issue"
ui_keys Enter
expect_screen "Broken streetli" "the list shows the example's issues"
expect_screen "Closed " "with the example's state labels, whole"
ui_keys Enter
expect_screen "state: Closed" "a record shows the example's state label"
expect_screen "Summary:" "and its field labels"
expect_screen "Topic:" "its topic too"
ui_keys q
ui_keys Tab
ui_keys S
expect_screen "Per node" "the statistics view"
ui_keys G
expect_screen "Sanitation" "per topic"
ui_keys Q   # quit at once

ui_start 100 30 --user eve
ui_keys :
ui_text "node 990001010101"
ui_keys Enter
ui_keys c
expect_screen "new Issue at" "a new record uses the form's label"
expect_screen "Summary*" "and its required fields"
ui_keys q
ui_keys Q   # quit at once
