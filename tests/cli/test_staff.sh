#!/bin/sh
# SPDX-License-Identifier: MIT
# The demo's staff (demo.yaml, staff:) are users like the configured ones.
# list, show, stats and report make them only when a login is not among
# the configured users (config_staff_on_demand); every command sees the
# same people either way: a staff login acts in its own area, a configured
# user of a staff login comes first, an unknown login is refused.
. "$(dirname "$0")/lib.sh"
gc --user admin demo --cases 2000 --seed 5
expect_rc 0 "a demo district of 2000 cases"

# A community's staff member (sq + the code after the district's).
gc --user sq001002 list --limit 0 --format csv --keys
expect_rc 0 "list as sq001002, one of the demo's staff"
check "[ \$(tail -n +2 '$T/out' | wc -l) -gt 0 ]" "who sees records"
check "[ -z \"\$(tail -n +2 '$T/out' | cut -d, -f3 | grep -v '^510304001002')\" ]" \
	"only those of community 510304001002"
ID=$(sed -n 2p "$T/out" | cut -d, -f1)
gc --user sq001002 show "$ID"
expect_rc 0 "show as sq001002"
gc --user jd002 stats
expect_rc 0 "stats as jd002, a street's staff member"
expect_out "510304002" "of street 510304002"
expect_no_out "510304001 " "and not of another street"
gc --user wg001001006 report --from 2026-10-01 --to 2026-10-31
expect_rc 4 "the worker of a grid the demo does not have (wg001001006) is no user"
gc --user wg001001005 report --from 2026-10-01 --to 2026-10-31
expect_rc 0 "report as wg001001005, a grid's worker"
gc --user wg001001005 whoami
expect_out "grid_worker" "whoami (which makes every user at the start) agrees: a grid worker"
gc --user nosuch list --limit 1
expect_rc 4 "an unknown login is refused"
expect_err "unknown user 'nosuch'" "by its name"

# A configured user of a staff login comes first, on demand or not.
mkdir -p "$T/conf"
cp "$CONFIG"/*.yaml "$T/conf/"
printf '  - {login: sq001002, name: 配置的人, role: grid_worker, node: "510304001002001"}\n' >>"$T/conf/users.yaml"
CONFIG=$T/conf
gc --user sq001002 list --limit 0 --format csv --keys
check "[ -z \"\$(tail -n +2 '$T/out' | cut -d, -f3 | grep -v '^510304001002001')\" ]" \
	"list as the configured sq001002: only grid 510304001002001"
gc --user sq001002 whoami
expect_out "配置的人" "whoami names the configured person"

# A configured user who shows a record of the demo's staff: the staff are
# made while the command holds its own user, which must stay where it is
# (the ASan build reads freed memory if the users' array moved under it).
CONFIG=$T/conf
gc --user sunqi list --overdue --limit 1 --format csv --keys
ID=$(sed -n 2p "$T/out" | cut -d, -f1)
gc --user sunqi show "$ID"
expect_rc 0 "show as a configured user (sunqi), an overdue record (#$ID)"
check "[ -n '$ID' ] && grep -q 'by wg[0-9]* (' '$T/out'" "with the staff among its people, by name"
check "grep -q '^actions: .*supervise' '$T/out'" "and the actions sunqi may take"
