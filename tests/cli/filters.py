# SPDX-License-Identifier: MIT
# filters.py BIN CONFIG DB NOW USER...: every list filter, alone and in
# combinations of two and three, at several nodes and as several people,
# against a scan of `export` done here: the same records in the same order
# (newest first; --overdue and --due-soon by due time, then id), and with
# --limit the first of them with an honest total. Prints ok / not ok lines.
import datetime
import itertools
import json
import os
import re
import subprocess
import sys

BIN, CONFIG, DB, NOW = sys.argv[1:5]
USERS = sys.argv[5:]
now = datetime.datetime.fromisoformat(NOW)
soon = now + datetime.timedelta(hours=24)
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


# Which states are final, per form: from the configuration's text.
def finals():
    wf_of, final, cur = {}, {}, None
    for line in open(os.path.join(CONFIG, "forms.yaml"), encoding="utf-8"):
        m = re.match(r"^  (\w+):\s*$", line)
        if m:
            cur = m.group(1)
        m = re.match(r"^    workflow:\s*(\w+)", line)
        if m and cur:
            wf_of[cur] = m.group(1)
    states = {}
    for line in open(os.path.join(CONFIG, "workflows.yaml"), encoding="utf-8"):
        m = re.match(r"^  (\w+):\s*$", line)
        if m:
            cur = m.group(1)
            final[cur], states[cur] = set(), set()
        m = re.match(r"^      (\w+):\s*\{(.*)", line)
        if m and cur in states:
            states[cur].add(m.group(1))
            if re.search(r"final:\s*true", m.group(2)):
                final[cur].add(m.group(1))
    return wf_of, final, states


WF_OF, FINAL, STATES = finals()
NODES = {}
for line in run("admin", "export", "nodes", "--format", "jsonl").splitlines():
    n = json.loads(line)
    NODES[n["code"]] = n["parent"]
RECS = [json.loads(l) for l in run("admin", "export", "--format", "jsonl").splitlines()]


def under(code, top):
    while code:
        if code == top:
            return True
        code = NODES.get(code, "")
    return False


def is_open(r):
    wf = WF_OF.get(r["form"])
    return bool(wf) and r["state"] in STATES[wf] and r["state"] not in FINAL[wf]


def due(r):
    return datetime.datetime.fromisoformat(r["due"]) if r.get("due") else None


def matches(r, f):
    if "form" in f and r["form"] != f["form"]:
        return False
    if "state" in f and r["state"] != f["state"]:
        return False
    if "assignee" in f and r.get("assignee", "") != f["assignee"]:
        return False
    if "field" in f and r.get(f["field"][0], "") != f["field"][1]:
        return False
    if "open" in f and not is_open(r):
        return False
    d = due(r)
    if "overdue" in f and not (is_open(r) and d and d < now):
        return False
    if "due-soon" in f and not (is_open(r) and d and now <= d < soon):
        return False
    return True


def expected(top, exact, f):
    got = [r for r in RECS if (r["node"] == top if exact else under(r["node"], top)) and matches(r, f)]
    if "overdue" in f or "due-soon" in f:
        got.sort(key=lambda r: (due(r), r["id"]))
    else:
        got.sort(key=lambda r: -r["id"])
    return [r["id"] for r in got]


def args_of(f):
    a = []
    for k, v in f.items():
        if k == "field":
            a += ["--field", "%s=%s" % v]
        elif v is True:
            a.append("--" + k)
        else:
            a += ["--" + k, v]
    return a


def common(key, pick=lambda r: True):
    counts = {}
    for r in RECS:
        v = r.get(key, "")
        if v and pick(r):
            counts[v] = counts.get(v, 0) + 1
    return max(counts, key=counts.get)


main_form = common("form")
choice = None
for k in ("category", "topic"):
    if any(k in r for r in RECS):
        choice = (k, common(k))
filters = {
    "state": common("state", is_open),
    "assignee": common("assignee"),
    "form": main_form,
    "open": True,
    "overdue": True,
    "due-soon": True,
    "field": choice,
}
roots = [c for c, p in NODES.items() if not p]
street = sorted(c for c, p in NODES.items() if p == roots[0])[0]
grid_parent = sorted(c for c, p in NODES.items() if p == street)[0]
checked = 0
for user in USERS:
    for node in ([None, street, grid_parent] if user == "admin" else [None]):
        top, exact = node or (roots[0] if user == "admin" else None), False
        if top is None:   # a person's own node: the list without --node shows it
            me = json.loads(run(user, "whoami", "--format", "jsonl").splitlines()[0])
            top, exact = me["node"], me["scope"] == "own"
        for size in (1, 2, 3):
            for keys in itertools.combinations(filters, size):
                f = {k: filters[k] for k in keys}
                a = args_of(f) + (["--node", node] if node else [])
                want = expected(top, exact, f)
                got = [json.loads(l)["id"] for l in run(user, "list", *a, "--format", "jsonl").splitlines()]
                checked += 1
                if got != want:
                    report(False, "%s list %s: %d records, the export's scan %d (first %s / %s)" %
                           (user, " ".join(a), len(got), len(want), got[:3], want[:3]))
                    continue
                out = run(user, "list", *a, "--limit", "7").splitlines()
                ids = [int(l.split()[0]) for l in out[1:-1]]
                m = re.match(r"\((\d+) of (more than )?(\d+)\)", out[-1])
                total_ok = m and (int(m.group(3)) == len(want) if not m.group(2) else len(want) > 7)
                if ids != want[:7] or not total_ok:
                    report(False, "%s list %s --limit 7: %s, %s; the scan: %s of %d" %
                           (user, " ".join(a), ids, out[-1], want[:7], len(want)))
report(failures == 0, "%d filtered lists equal the export's scan, in order, limited with honest totals" % checked)
sys.exit(1 if failures else 0)
