#!/bin/sh
# SPDX-License-Identifier: MIT
# tools/conf.sh - the configuration files of make install and make uninstall.
#   conf.sh install SRC DEST    SRC/*.yaml into DEST; a file already there is
#                               never replaced: the new one goes beside it as
#                               FILE.dist (unless they are the same). users.yaml
#                               is 0640 (people's names), the others 0644.
#   conf.sh uninstall SRC DEST  removes what install put there unchanged; an
#                               edited file stays, and is named.
#   conf.sh examples SRC DEST   DEST/demo (SRC/demo, its links followed) and
#                               DEST/english (SRC/examples/english), replaced.
set -eu
what=$1 src=$2 dest=$3

mode_of() { case $(basename "$1") in users.yaml) echo 640 ;; *) echo 644 ;; esac; }

case $what in
install)
	install -d -m 755 "$dest"
	for f in "$src"/*.yaml; do
		to=$dest/$(basename "$f")
		if [ ! -e "$to" ]; then
			install -m "$(mode_of "$f")" "$f" "$to"
		elif cmp -s "$f" "$to"; then
			rm -f "$to.dist"
		else
			install -m "$(mode_of "$f")" "$f" "$to.dist"
			echo "$to: kept as it is (edited); the new version is $to.dist"
		fi
	done
	;;
uninstall)
	for f in "$src"/*.yaml; do
		to=$dest/$(basename "$f")
		[ -e "$to.dist" ] && cmp -s "$f" "$to.dist" && rm -f "$to.dist"
		if [ -e "$to" ] && ! cmp -s "$f" "$to"; then
			echo "$to: edited, kept"
		else
			rm -f "$to"
		fi
	done
	rmdir "$dest" 2>/dev/null || true
	;;
examples)
	rm -rf "$dest/demo" "$dest/english"
	install -d -m 755 "$dest/demo" "$dest/english"
	for f in "$src"/demo/*.yaml; do install -m 644 "$f" "$dest/demo/"; done
	for f in "$src"/examples/english/*.yaml; do install -m 644 "$f" "$dest/english/"; done
	;;
*)
	echo "usage: conf.sh install|uninstall|examples SRC DEST" >&2
	exit 2
	;;
esac
