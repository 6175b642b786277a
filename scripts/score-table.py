#!/usr/bin/env python3
"""Scores every gold file of a folder against pira's JSON of the same report
and prints one row per report and the aggregate.

usage: score-table.py SCORER GOLD_DIR OUT_DIR [--min-fields PCT] [--min-numbers PCT]

SCORER is shared/eval/score.py; GOLD_DIR holds <name>.gold.json, OUT_DIR
pira's <name>.json. For each field score.py counts wrong ("MISS"), the
table says whether pira's output carries a warning on it: on the field
itself (same objective, indicator and field; a cell's text and its number,
"target" and "target_value", count as one field), only on its indicator or
objective, or none. A report with no JSON (pira failed on it) scores 0.
It also counts false alarms: warnings on a field the gold scores (same
objective, indicator and field) that pira got right.
The aggregate counts fields and numbers over all reports; the last line
says how many reports reach --min-fields and --min-numbers.
"""
import argparse
import json
import os
import re
import subprocess
import sys

SUMMARY = re.compile(r"fields (\d+)/(\d+) = .*\| numbers (\d+)/(\d+)")
MISS = re.compile(r"^MISS (\S+) @ (\S+): ")


def score(scorer, gold, out):
    """(fields right, total, numbers right, total, [(group, where)])."""
    if not os.path.exists(out):
        g = json.load(open(gold))
        n = sum(1 + len(o.get("indicators", [])) for o in g["objectives"])
        return 0, max(n, 1), 0, 1, [("report.failed", "report")]
    res = subprocess.run(["python3", scorer, gold, out, "--detail"],
                         capture_output=True, text=True, check=True)
    m = SUMMARY.search(res.stdout)
    misses = [(mm.group(1), mm.group(2)) for mm in map(MISS.match, res.stdout.splitlines()) if mm]
    return int(m.group(1)), int(m.group(2)), int(m.group(3)), int(m.group(4)), misses


def field_of(group):
    """The JSON field a score group is about ("indicator.target_value" ->
    "target_value", "resource.amount" -> "resources")."""
    kind, _, name = group.partition(".")
    if kind == "resource":
        return "resources"
    # A cell's text and its number are one field: "target" and
    # "target_value" match each other's warnings.
    return name.removesuffix("_value")


PLACE = re.compile(r"^(#\d+|[^#@]+)(?:#(\d+))?(?:@.*)?$")


def place_of(where):
    """(objective code, indicator number or None) of a score.py place:
    "CODE", "CODE#N" or "CODE#N@YEAR", CODE an NNN-NNN-NNN code, "#N"
    (contract version 2, an objective without a code) or "report"."""
    m = PLACE.match(where)
    if not m:
        return where, None
    return m.group(1), int(m.group(2)) if m.group(2) else None


# A record found where the gold has none, or missing where it has one, is
# "warned on its field" by a warning on the count or list it belongs to
# (an objective's declared indicators or its resources), or for a whole
# objective by any warning on it.
RECORD_FIELDS = {"indicator.found": ("declared_indicators", "indicators"),
                 "indicator.no_extra": ("declared_indicators", "indicators"),
                 "resource.no_extra": ("resources",)}


def warned(miss, warnings):
    """'field', 'indicator', 'objective' or 'none': the closest warning."""
    group, where = miss
    code, number = place_of(where)
    field = field_of(group)
    if group in ("objective.found", "objective.no_extra"):
        return "field" if any(w.get("objective_code") == code for w in warnings) else "none"
    if group in RECORD_FIELDS:
        hit = any(w.get("objective_code") == code and (w.get("field") or "").split("[")[0]
                  in RECORD_FIELDS[group] for w in warnings)
        if hit:
            return "field"
    best = "none"
    for w in warnings:
        if code != "report" and w.get("objective_code") != code:
            continue
        if number is not None and w.get("indicator_number") not in (None, number):
            continue
        # An objective's field is not one of its indicators' fields.
        on_indicator = w.get("indicator_number") == number
        wf = (w.get("field") or "").removesuffix("_value")
        if on_indicator and wf and (wf == field or wf.startswith(field + "[")
                                    or wf.startswith(field + ".")):
            return "field"
        if on_indicator and number is not None:
            best = "indicator"
        elif best == "none":
            best = "objective"
    return best


OBJECTIVE_FIELDS = {"mission_code", "mission_name", "programme_code", "programme_name",
                    "title", "time_frame", "responsibility_centre", "declared_indicators"}
INDICATOR_FIELDS = {"title", "measures", "type", "unit", "algorithm", "data_source",
                    "last_observed", "target", "actual"}
# Contract version 2: scored only where the gold has them.
INDICATOR_FIELDS_V2 = {"kpi_code", "achievement_stated", "targets"}


def scored_places(gold):
    """The (objective code, indicator number or None, field) places the
    gold scores, a cell's text and its number as one field."""
    places = set()
    for o in gold["objectives"]:
        code = o["code"]
        places |= {(code, None, f) for f in OBJECTIVE_FIELDS}
        if o.get("resources"):
            places.add((code, None, "resources"))
        for i in o.get("indicators", []):
            unsure = {f.removesuffix("_value") for f in i.get("uncertain_fields") or []}
            fields = INDICATOR_FIELDS | {f for f in INDICATOR_FIELDS_V2 if i.get(f)}
            places |= {(code, i["number"], f) for f in fields - unsure}
    return places


def warning_place(w):
    """The place a warning names, as scored_places writes it."""
    field = (w.get("field") or "").removesuffix("_value")
    field = re.sub(r"\[.*$", "", field)
    return w.get("objective_code"), w.get("indicator_number"), field


def false_alarms(gold, misses, warnings):
    """How many warnings stand on a scored field that is right."""
    scored = scored_places(gold)
    missed = set()
    for group, where in misses:
        code, number = place_of(where)
        missed.add((code, number, field_of(group)))
    return sum(1 for w in warnings
               if w.get("field") and warning_place(w) in scored - missed)


def main():
    ap = argparse.ArgumentParser(description="Scores a folder of reports against their gold files.")
    ap.add_argument("scorer")
    ap.add_argument("gold_dir")
    ap.add_argument("out_dir")
    ap.add_argument("--min-fields", type=float, default=99.0)
    ap.add_argument("--min-numbers", type=float, default=0.0)
    a = ap.parse_args()
    scorer, gold_dir, out_dir = a.scorer, a.gold_dir, a.out_dir
    min_fields, min_numbers = a.min_fields, a.min_numbers
    golds = sorted(f for f in os.listdir(gold_dir) if f.endswith(".gold.json"))
    if not golds:
        sys.exit(f"score-table: no .gold.json in {gold_dir}")
    print(f"{'report':58s} {'fields':>14s} {'numbers':>12s} {'miss':>5s} "
          f"{'warned: field':>13s} {'ind/obj':>7s} {'none':>5s} {'false':>5s}")
    tot = [0, 0, 0, 0]
    kinds_all = {"field": 0, "indicator": 0, "objective": 0, "none": 0}
    passing = 0
    alarms_all = 0
    for g in golds:
        name = g[: -len(".gold.json")]
        out = os.path.join(out_dir, name + ".json")
        r, n, vr, vn, misses = score(scorer, os.path.join(gold_dir, g), out)
        warnings = json.load(open(out)).get("warnings", []) if os.path.exists(out) else []
        alarms = false_alarms(json.load(open(os.path.join(gold_dir, g))), misses, warnings)
        alarms_all += alarms
        kinds = {"field": 0, "indicator": 0, "objective": 0, "none": 0}
        for m in misses:
            kinds[warned(m, warnings)] += 1
        for k in kinds:
            kinds_all[k] += kinds[k]
        for i, v in enumerate((r, n, vr, vn)):
            tot[i] += v
        fp, np_ = 100 * r / max(1, n), 100 * vr / max(1, vn)
        passing += fp >= min_fields and np_ >= min_numbers
        print(f"{name:58s} {r:4d}/{n:<4d}{fp:5.1f}% {vr:3d}/{vn:<3d}{np_:5.1f}% {len(misses):5d} "
              f"{kinds['field']:13d} {kinds['indicator'] + kinds['objective']:7d} {kinds['none']:5d} {alarms:5d}")
    fp, np_ = 100 * tot[0] / max(1, tot[1]), 100 * tot[2] / max(1, tot[3])
    misses = sum(kinds_all.values())
    print(f"{'ALL (' + str(len(golds)) + ' reports)':58s} {tot[0]:4d}/{tot[1]:<4d}{fp:5.1f}% "
          f"{tot[2]:3d}/{tot[3]:<3d}{np_:5.1f}% {misses:5d} {kinds_all['field']:13d} "
          f"{kinds_all['indicator'] + kinds_all['objective']:7d} {kinds_all['none']:5d} {alarms_all:5d}")
    target = f">= {min_fields:g}% fields" + (f" and >= {min_numbers:g}% numbers" if min_numbers else "")
    print(f"{passing}/{len(golds)} reports at {target}; "
          f"misses warned on their field {kinds_all['field']}/{misses}, "
          f"only on their indicator or objective {kinds_all['indicator'] + kinds_all['objective']}, "
          f"not at all {kinds_all['none']}; false alarms (warnings on right fields) {alarms_all}")


if __name__ == "__main__":
    main()
