# SPDX-License-Identifier: MIT
# The English example configuration (config/examples/english): five levels,
# another workflow, English labels. The same program, nothing else changed.
. "$(dirname "$0")/lib.sh"
CONFIG=$ROOT/config/examples/english
export GRIDCASE_NOW="2026-11-23T10:00:00+00:00"   # a Monday in London

"$BIN" --config "$CONFIG" check-config >"$T/out" 2>"$T/err"; RC=$?
expect_rc 0 "the example configuration is valid"
expect_out "5 levels, 8 forms, 3 workflows" "with five levels"
gc --user admin demo --cases 3000 --seed 2
expect_rc 0 "its demo district"
expect_out "4 Township, 20 Village, 60 Group, 240 Grid and 3000 cases" "four levels below the root, counted by their labels"
gc --user admin tree --depth 4
expect_out "990001010101 Grid 1" "grid codes 4+2+2+2+2 digits, five levels deep"
expect_out "99000101 Oak Hill" "village names from the demo configuration"
gc --user admin show 1 --json
expect_out '"form":"issue"' "the records are issues"

# An issue through its workflow, in English.
gc --user ann new issue --node 990001010101 "summary=Litter by the bus stop" topic=Sanitation/Litter address=2\ Mill\ Lane
expect_rc 0 "a grid keeper opens an issue"
ID=$(cat "$T/out")
gc --user ann show "$ID"
expect_out "state:     Opened (opened)" "the state by its English label"
expect_out "due:       2026-11-23 12:00  green" "2 working hours from 10:00"
expect_out "Summary: Litter by the bus stop" "fields by label"
expect_out "Urgent: false" "a default value"
gc --user ann act "$ID" assign assignee=ann
expect_rc 4 "a grid keeper cannot assign"
gc --user carla act "$ID" assign assignee=ann
expect_rc 0 "village staff assign"
gc --user ann act "$ID" start
gc --user ann show "$ID"
expect_out "due:       2026-11-23 15:00" "the topic's own limit (Litter: 4 working hours, across lunch)"
gc --user ann act "$ID" resolve
expect_rc 3 "resolving needs an outcome"
gc --user ann act "$ID" resolve "outcome=Swept and bagged"
gc --user carla act "$ID" reopen --comment "Still litter behind the shelter"
gc --user carla show "$ID"
expect_out "Reopened: 1" "a reopen is counted"
gc --user ann act "$ID" resolve "outcome=Swept again"
gc --user carla act "$ID" close
gc --user carla show "$ID"
expect_out "state:     Closed (closed)" "closed"
gc --user bill show "$ID"
expect_rc 6 "another grid's keeper cannot see it"
gc --user ann set "$ID" reopened=0
expect_rc 4 "the count is kept by the workflow"

# Escalation only when overdue; a hold stops the clock.
gc --user ann new issue --node 990001010101 "summary=Loose dog" topic=Safety/Loose\ dog
ID2=$(cat "$T/out")
gc --user dev act "$ID2" escalate --comment "Please hurry"
expect_rc 4 "no escalation before the limit"
saved=$GRIDCASE_NOW; GRIDCASE_NOW=2026-11-23T16:00:00+00:00
gc --user dev act "$ID2" escalate --comment "Please hurry"
expect_rc 0 "township staff escalate an overdue issue"
GRIDCASE_NOW=$saved

# Lists, statistics and the report in the example's terms.
gc --user carla list --limit 5
expect_out "STATE" "carla lists her village"
expect_no_out "990002" "and nothing of another township"
gc --user carla stats --depth 1 --form issue   # the example has two forms with a workflow
expect_out "Opened Assigned" "stats columns are the example's states"
gc --user admin report --node 990001 --format csv --keys
expect_out ",closed_with_reopened," "the report counts what this workflow counts"
expect_out "category,,Sanitation," "categories are the example's topics"
gc --user admin report --node 990001
expect_out "Assessment of Issue (issue) under 990001 North Township" "the text report in the example's words"
gc --user admin verify
expect_rc 0 "verify passes"
