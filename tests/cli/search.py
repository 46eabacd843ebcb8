# SPDX-License-Identifier: MIT
# search.py BIN CONFIG DB NOW SCAN USER...: list --search for substrings
# taken from the records (Chinese, Latin, digits, mixed; two characters
# and more, and one), alone and with other filters, against a substring
# scan of `export` done here: a record is found when a search field
# (title, location, reporter, phone, or search: true) holds the text,
# when another field holds it and the record is among the newest SCAN
# of the scope, or when the text is its id; a one-character text is looked
# for in the newest SCAN only. Same records, same order.
import json
import os
import random
import re
import subprocess
import sys

BIN, CONFIG, DB, NOW, SCAN = sys.argv[1:6]
SCAN = int(SCAN)
USERS = sys.argv[6:]
# The search fields: these four unless search: false, and search: true.
SEARCHED = {"title", "location", "reporter", "phone"}
for line in open(os.path.join(CONFIG, "forms.yaml"), encoding="utf-8"):
    m = re.search(r"key:\s*(\w+).*search:\s*(true|false)", line)
    if m:
        (SEARCHED.add if m.group(2) == "true" else SEARCHED.discard)(m.group(1))
SYSTEM = {"id", "form", "node", "state", "version", "created", "updated", "due", "creator", "assignee",
          "overdue", "light"}
failures = 0


def run(user, *args):
    p = subprocess.run([BIN, "--config", CONFIG, "--db", DB, "--user", user, *args],
                       capture_output=True, text=True)
    if p.returncode:
        raise RuntimeError("%s %s: %s" % (user, " ".join(args), p.stderr.strip()))
    return p.stdout


def report(good, what):
    global failures
    print(("ok - " if good else "not ok - ") + what)
    failures += 0 if good else 1


NODES = {}
for line in run("admin", "export", "nodes", "--format", "jsonl").splitlines():
    n = json.loads(line)
    NODES[n["code"]] = n["parent"]
RECS = [json.loads(l) for l in run("admin", "export", "--format", "jsonl").splitlines()]


def under(code, top, exact):
    if exact:
        return code == top
    while code:
        if code == top:
            return True
        code = NODES.get(code, "")
    return False


def fields(r, searched):
    return [v for k, v in r.items() if k not in SYSTEM and isinstance(v, str) and (k in SEARCHED) == searched]


def expected(top, exact, text, state):
    scope = sorted((r for r in RECS if under(r["node"], top, exact)), key=lambda r: -r["id"])
    newest = {r["id"] for r in scope[:SCAN]}
    got = []
    for r in scope:
        if state and r["state"] != state:
            continue
        indexed = len(text) >= 2 and any(text in v for v in fields(r, True))   # one character: a scan only
        if indexed or str(r["id"]) == text or (r["id"] in newest and any(text in v for v in fields(r, True) +
                                                                          fields(r, False))):
            got.append(r["id"])
    return got


rnd = random.Random(7)


def pick(key, size):
    vals = [r[key] for r in RECS if len(r.get(key, "")) >= size]
    v = rnd.choice(vals)
    at = rnd.randrange(len(v) - size + 1)
    return v[at:at + size]


queries = set()
for key in ("title", "location", "reporter", "phone", "summary", "address", "detail", "result", "notes"):
    if any(key in r for r in RECS):
        for size in (2, 3, 4, 7):
            queries.add(pick(key, size) if any(len(r.get(key, "")) >= size for r in RECS) else "")
phones = [r["phone"] for r in RECS if r.get("phone")]
if phones:
    queries.update({phones[0], phones[-1][:4], phones[len(phones) // 2][3:9]})
queries.update({str(RECS[len(RECS) // 3]["id"]), RECS[0].get("title", "x")[:1], "不存在的字"})
queries.discard("")
roots = [c for c, p in NODES.items() if not p]
street = sorted(c for c, p in NODES.items() if p == roots[0])[0]
state = max({r["state"] for r in RECS}, key=lambda s: sum(r["state"] == s for r in RECS))
checked = 0
for user in USERS:
    me = json.loads(run(user, "whoami", "--format", "jsonl").splitlines()[0])
    for node in ([None, street] if user == "admin" else [None]):
        top = node or (roots[0] if me["scope"] == "all" else me["node"])
        exact = me["scope"] == "own" and not node
        for text in sorted(queries):
            for st in (None, state):
                a = ["--search", text] + (["--node", node] if node else []) + (["--state", st] if st else [])
                want = expected(top, exact, text, st)
                got = [json.loads(l)["id"] for l in run(user, "list", *a, "--format", "jsonl").splitlines()]
                checked += 1
                if got != want:
                    report(False, "%s list %s: %d records, the export's scan %d (first %s / %s)" %
                           (user, " ".join(a), len(got), len(want), got[:4], want[:4]))
                    continue
                out = run(user, "list", *a, "--limit", "5").splitlines()
                rows = [l for l in out[1:] if not l.startswith("(")]
                ids = [int(l.split()[0]) for l in rows]
                tail = [l for l in out if l.startswith("(") and " of " in l][0]
                more = " of more than " in tail
                n = int(tail.rstrip(")").split()[-1])
                if ids != want[:5] or (not more and n != len(want)) or (more and len(want) <= 5):
                    report(False, "%s list %s --limit 5: %s %s; the scan: %s of %d" %
                           (user, " ".join(a), ids, tail, want[:5], len(want)))
report(failures == 0, "%d searches (%d texts) equal the export's substring scan, in order" % (checked, len(queries)))
sys.exit(1 if failures else 0)
