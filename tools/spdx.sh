#!/bin/sh
# SPDX-License-Identifier: MIT
# tools/spdx.sh - put the licence line (LICENSE: MIT) at the head of every
# source file that lacks it: C sources and headers, shell scripts (after a
# #! line), the Makefile and debian/rules. Idempotent: run it again after a
# merge. The YAML configuration and the translations are left as they are.
cd "$(dirname "$0")/.." || exit 1
TAG='SPDX-License-Identifier: MIT'
files=$(git ls-files 'src/*.c' 'src/*.h' 'include/*.h' 'tests/*.c' 'tests/*.h' '*.sh' .ci/run Makefile debian/rules \
	debian/gridcase.postinst debian/gridcase.postrm)
for f in $files; do
	[ -f "$f" ] && ! [ -L "$f" ] || continue
	head -3 "$f" | grep -q "$TAG" && continue
	case $f in
	*.c|*.h) line="/* $TAG */" ;;
	*) line="# $TAG" ;;
	esac
	if head -1 "$f" | grep -q '^#!'; then
		sed -i "1a $line" "$f"
	else
		sed -i "1i $line" "$f"
	fi
done
