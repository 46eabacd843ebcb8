# SPDX-License-Identifier: MIT
# The configured measures and a ranking computed again, independently of
# gridcase, from `export --format jsonl` and compared with `report --format
# csv --keys` (tests/cli/test_measures.sh). Usage:
#   measures_check.py EXPORT.jsonl REPORT.csv RANK_KEY FLAGS SPEC...
# SPEC is KEY:KIND:FORM[:FIELD[:VALUE[:WHERE_FIELD=WHERE_VALUE]]] (KIND average, share, count,
# ratio; for count FIELD is the field it is split by, for ratio the form that divides); FLAGS is LABEL=N,... (the
# bottom N ranked rows) in the configuration's order, or -. Prints what
# differs and exits 1, else exits 0.
import csv, json, sys

exp, rep, rank_key, flags = sys.argv[1:5]
specs = [s.split(":") for s in sys.argv[5:]]
records = [json.loads(line) for line in open(exp, encoding="utf-8") if line.strip()]
rows = list(csv.DictReader(open(rep, encoding="utf-8")))
bad = []

def value(spec, recs):
    recs_all = recs
    key, kind, form = spec[:3]
    field = spec[3] if len(spec) > 3 else ""
    want = spec[4] if len(spec) > 4 else ""
    where = spec[5].split("=", 1) if len(spec) > 5 else None
    recs = [r for r in recs if r["form"] == form and (not where or r.get(where[0], "") == where[1])]
    if kind == "average":
        vals = [int(r[field]) for r in recs if r.get(field, "") != ""]
        return ("%.2f" % (sum(vals) / len(vals))) if vals else ""
    if kind == "ratio":
        per = [r for r in recs_all if r["form"] == field]
        return ("%.2f" % (len(recs) / len(per))) if per else ""
    if kind == "share":
        if not recs:
            return ""
        n = sum(1 for r in recs if (r.get(field, "") == want if want else r.get(field, "") != ""))
        return "%.1f" % (100.0 * n / len(recs))
    return str(len(recs))

def split(spec, recs, choice):
    return str(sum(1 for r in recs if r["form"] == spec[2] and r.get(spec[3], "") == choice))

for row in rows:
    if row["kind"] == "category":
        continue
    code = row["code"]
    mine = [r for r in records if row["kind"] == "total" or r["node"].startswith(code)]
    for spec in specs:
        got, want = row["m_" + spec[0]], value(spec, mine)
        if got != want:
            bad.append("%s %s: report %r, export %r" % (code or "total", spec[0], got, want))
        if spec[1] == "count" and len(spec) > 3:
            for col in row:
                if col.startswith("m_%s/" % spec[0]):
                    c = col.split("/", 1)[1]
                    if row[col] != split(spec, mine, c):
                        bad.append("%s %s: report %r, export %r" % (code, col, row[col], split(spec, mine, c)))

if rank_key != "-":
    spec = [s for s in specs if s[0] == rank_key][0]
    nodes = [r for r in rows if r["kind"] == "node"]
    vals = [(r["code"], value(spec, [x for x in records if x["node"].startswith(r["code"])])) for r in nodes]
    ranked = [(c, float(v)) for c, v in sorted(vals) if v != ""]
    # best first (higher), equal values in code order: Python's sort is stable
    ranked.sort(key=lambda cv: -cv[1])
    want_rank = {c: str(i + 1) for i, (c, _) in enumerate(ranked)}
    want_flag = {}
    for i, (c, _) in enumerate(ranked):
        for fl in ([] if flags == "-" else flags.split(",")):
            label, n = fl.rsplit("=", 1)
            if c not in want_flag and i + int(n) >= len(ranked):
                want_flag[c] = label
    order = [r["code"] for r in nodes if r["rank"]]
    if order != [c for c, _ in ranked]:
        bad.append("rank order: report %s, export %s" % (order, [c for c, _ in ranked]))
    for r in nodes:
        if r["rank"] != want_rank.get(r["code"], "") or r["flag"] != want_flag.get(r["code"], ""):
            bad.append("%s: report rank %r flag %r, export %r %r" % (r["code"], r["rank"], r["flag"],
                       want_rank.get(r["code"], ""), want_flag.get(r["code"], "")))

for b in bad[:20]:
    print("# " + b)
sys.exit(1 if bad else 0)
