#!/bin/sh
# SPDX-License-Identifier: MIT
# make demo: build the demo district once (demo/gridcase.db) and show it.
cd "$(dirname "$0")/.." || exit 1
mkdir -p demo
DB=demo/gridcase.db
G="./gridcase --config config/demo --db $DB --user admin"
if [ ! -f "$DB" ]; then
	$G demo --cases 20000 --seed 1 || exit 1
fi
echo
echo "== the district (gridcase tree --depth 1)"
$G tree --depth 1
echo
echo "== overdue cases of 大安街道 (gridcase list --node 510304001 --overdue --limit 10)"
$G list --node 510304001 --overdue --limit 10
echo
echo "== zhangsan's grid, as zhangsan sees it (gridcase --user zhangsan list --limit 5)"
./gridcase --config config/demo --db $DB --user zhangsan list --limit 5
echo
echo "The program is ./gridcase; README.md's tour goes on from here:"
echo "  export PATH=\$PWD:\$PATH GRIDCASE_CONFIG=\$PWD/config/demo GRIDCASE_DB=\$PWD/$DB"
echo "  gridcase --user wangwu                      (the UI as a community worker)"
echo "  gridcase --user wangwu show ID | history ID | act ID accept"
echo "  gridcase --user admin stats --depth 1"
# On a terminal, open the UI on the demo district once the tour has been read.
if [ -t 0 ] && [ -t 1 ]; then
	printf '%s' "Press Enter to open the UI as admin (? lists the keys, q steps back, Q quits) "
	read -r _
	exec ./gridcase --config config/demo --db $DB --user admin
fi
