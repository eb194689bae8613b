#!/usr/bin/python3
"""Runs landrenew on variants of the realistic-variants corpus (variants.py; the inputs are made by
make_variants.py) and checks each against its expectation: the headline figures equal the demo run's (`same`),
a refusal with the documented exit code and a one-line message (`refuse`), or a headline warning (`warn`). Any
signal or sanitizer report fails a variant.

    run_variants.py --landrenew BIN --variants DIR [--demo DIR] [--make] [--lang en,zh] [--results FILE.md] [NAME ...]

--lang en,zh runs each variant under LANG=C, then under LANG=zh_CN.UTF-8 (issue 21): in Chinese the figures,
warnings and exit codes must be the same expectation's; a refusal must be said in Chinese, and name the
fragments of its expectation that are the data's own words (a file, layer or field name, a setting) — its
English words are then Chinese.

The demo's own run, the baseline, is made once per binary and kept in DIR/baseline-<key> (key: the binary's
path, size and modification time, and the demo's project file), so that one ctest per variant does not run the
demo again each time; concurrent tests wait for the first to finish it (a file lock).

Exit 0 when every variant passes, 1 otherwise, 77 (ctest: skipped) when the variants could not be made.
"""
import argparse
import fcntl
import hashlib
import json
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

LANG = "en"  # --lang: the language landrenew is run in (the locale it is given)
sys.dont_write_bytecode = True  # no __pycache__ in the source tree
import kit  # noqa: E402
import variants  # noqa: E402,F401  (fills kit.VARIANTS)

SANITIZER_MARKS = ("AddressSanitizer", "LeakSanitizer", "UndefinedBehaviorSanitizer", "runtime error:",
                   "MemorySanitizer", "ThreadSanitizer")
TIMEOUT = 240  # seconds for one run (the demo takes ~1 s, 10–20 s under AddressSanitizer)


# ---------------------------------------------------------------------------------------------------------------
# Headline figures (issue 17 item 4): the groups a `same` variant must reproduce exactly. They are computed the
# same way from the same information, so they are compared as exact doubles, not within a tolerance.


def _criteria(s):
    out = {}
    for name, c in (s.get("low_efficiency", {}).get("by_criterion") or {}).items():
        out[name] = {"parcels": c.get("parcels"), "mu": c.get("mu"), "not_evaluable": c.get("not_evaluable")}
    return out


HEADLINE = {
    "industrial": lambda s: {k: s["industrial"].get(k) for k in ("parcels", "mu")},
    "low_efficiency": lambda s: {"parcels": s["low_efficiency"].get("parcels"), "mu": s["low_efficiency"].get("mu"),
                                 "by_criterion": _criteria(s)},
    "enterprises": lambda s: {k: s["enterprises"].get(k) for k in ("evaluated", "classes", "outside_parks", "linked")},
    "freed": lambda s: {k: s["freed"].get(k) for k in ("mu", "records_counted", "by_year")},
    "parks": lambda s: {p["id"]: {k: p.get(k) for k in ("far_before", "far_after", "uplift", "meets_target")}
                        for p in s.get("parks", [])},
    "inputs": lambda s: {"enterprises.used": s["inputs"]["enterprises"].get("used")},
    # Warnings that change a headline figure: the same information gives the same ones.
    "warnings": lambda s: {w["kind"]: {"count": w.get("count"), "mu": w.get("mu")} for w in warnings(s)},
}


# Beyond the headline: a `same` variant must also give every enterprise and every parcel the demo's results
# (landrenew.gpkg), since one misread cell can leave the headline counts unchanged (a class count is fixed by
# rank percentiles). Keys: the credit code after RULES 21's normalisation, and the parcel's source FID. Their
# doubles are compared within a relative 1e-12: the 亩均 score divides by group means summed in row order, and
# rows in another order may change the last bit.
RECORDS = {
    "enterprises": (lambda row: identifier(row["credit_code"]),
                    ("name", "industry_code", "size_class", "land_mu", "land_source", "parcel_ids",
                     "location_parcel", "district", "park", "outside_parks", "tax_per_mu", "value_added_per_mu",
                     "output_per_mu", "value_added_per_energy", "value_added_per_emission", "labour_productivity",
                     "rd_intensity", "tax_per_electricity", "energy_per_value_added", "green_channel", "score",
                     "class", "class_reason", "admission", "admission_detail")),
    "parcels": (lambda row: row["source_fid"],
                ("industrial", "industry_code", "far_minimum", "enterprise_classes", "tax_per_mu", "wuwei",
                 "admission", "admission_detail", "low_efficiency", "criteria", "not_evaluable", "cluster_id")),
}
RELATIVE = 1e-12


def identifier(text):
    """RULES 21: NFKC, no whitespace, upper case."""
    return "".join(unicodedata.normalize("NFKC", text or "").split()).upper()


def records(out):
    """{layer: {key: {field: value}}} from OUT/landrenew.gpkg (read as the SQLite file a GeoPackage is); a layer
    or field the run lacks is left out."""
    path = out / "landrenew.gpkg"
    if not path.is_file():
        return {}
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    db.row_factory = sqlite3.Row
    result = {}
    try:
        for name, (key, fields) in RECORDS.items():
            columns = {r[1] for r in db.execute("SELECT * FROM pragma_table_info(?)", (name,))}
            if not columns:
                continue
            have = [f for f in fields if f in columns]
            keys = sorted({"credit_code", "source_fid"} & columns)
            rows = db.execute(f"SELECT {', '.join(keys + have)} FROM \"{name}\"")
            result[name] = {key(row): {k: row[k] for k in have} for row in rows}
    finally:
        db.close()
    return result


def record_differences(demo, variant):
    problems = []
    for name, demo_rows in demo.items():
        rows = variant.get(name)
        if rows is None:
            problems.append(f"landrenew.gpkg has no layer '{name}'")
            continue
        diffs = differences(demo_rows, rows, name, RELATIVE)
        if diffs:
            problems.append(f"{len(diffs)} {name} values differ, e.g. " + "; ".join(diffs[:3]))
    return problems


def warnings(summary):
    return (summary.get("findings") or {}).get("warnings") or []


def headline(summary, group):
    try:
        return HEADLINE[group](summary)
    except (KeyError, TypeError) as e:
        return f"<missing: {e}>"


def differences(a, b, path="", relative=0.0):
    """Paths where b differs from a (the demo's), with both values; numbers exactly, or within `relative`."""
    if isinstance(a, dict) and isinstance(b, dict):
        out = []
        for k in sorted(set(a) | set(b), key=str):
            out += differences(a.get(k, "<absent>"), b.get(k, "<absent>"), f"{path}.{k}" if path else str(k),
                               relative)
        return out
    numbers = all(isinstance(x, (int, float)) and not isinstance(x, bool) for x in (a, b))
    if numbers and (a == b or abs(a - b) <= relative * max(abs(a), abs(b))):
        return []
    if not numbers and a == b and type(a) is type(b):
        return []
    return [f"{path}: {b!r}, demo {a!r}"]


# ---------------------------------------------------------------------------------------------------------------
# Running landrenew


def run_landrenew(landrenew, project, out):
    env = {k: v for k, v in os.environ.items() if k not in ("LANGUAGE", "LC_ALL", "LC_MESSAGES")}
    env["LANG"] = "zh_CN.UTF-8" if LANG == "zh" else "C"
    env.setdefault("ASAN_OPTIONS", "detect_leaks=1")
    cmd = [landrenew, "run", str(project), "-o", str(out), "--overwrite", "-q"]
    start = time.monotonic()
    try:
        p = subprocess.run(cmd, capture_output=True, timeout=TIMEOUT, env=env, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        return None, "", time.monotonic() - start
    except OSError as e:  # the binary missing or being rebuilt
        return 127, f"landrenew: cannot start {landrenew}: {e.strerror}", time.monotonic() - start
    return p.returncode, p.stderr.decode("utf-8", "replace"), time.monotonic() - start


def crash(code, stderr):
    if code is None:
        return f"no exit within {TIMEOUT} s"
    if code < 0:
        return f"killed by signal {signal.Signals(-code).name}"
    if code >= 128:
        return f"exit {code} (a signal or an abort)"
    mark = next((m for m in SANITIZER_MARKS if m in stderr), None)
    return f"sanitizer report ({mark})" if mark else None


def baseline(landrenew, demo, folder):
    """(summary.json, records) of the demo's own run with this binary, made once and shared between tests."""
    st = os.stat(landrenew)
    key = hashlib.sha256(f"{os.path.realpath(landrenew)}|{st.st_size}|{st.st_mtime_ns}|".encode() +
                         (demo / "project.toml").read_bytes()).hexdigest()[:16]
    base = folder / f"baseline-{key}"
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / "baseline.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # the other tests wait here while one runs the demo
        summary = base / "summary.json"
        if not summary.is_file():
            for old in folder.glob("baseline-*"):
                shutil.rmtree(old, ignore_errors=True)
            code, stderr, _ = run_landrenew(landrenew, demo / "project.toml", base)
            if code != 0 or crash(code, stderr) or not summary.is_file():
                raise RuntimeError(f"the demo's own run failed (exit {code}): {stderr.strip()[:300]}")
        return json.loads(summary.read_text(encoding="utf-8")), records(base)


# ---------------------------------------------------------------------------------------------------------------
# Expectations


def data_word(fragment):
    """A fragment that is the data's or the project file's own word (QLRZJH, 实缴税金(万元), parcel_ids,
    evaluation_year = 2023), not a phrase of landrenew's English (unzip, are not degrees)."""
    if any(ord(c) > 127 for c in fragment):
        return True
    return bool(re.search(r"[A-Z0-9_=.]", fragment)) and not re.match(r"[a-z]+ [a-z]+", fragment)


def check(expect, code, stderr, out, demo_summary, demo_records):
    """Problems (empty when the run meets the expectation) and a one-line account of what it gave."""
    kind = expect["expect"]
    if kind == "one_of":
        tried = [check(e, code, stderr, out, demo_summary, demo_records) for e in expect["any"]]
        for problems, shown in tried:
            if not problems:
                return [], shown
        return ["; or ".join("; ".join(p) for p, _ in tried)], tried[0][1]
    if kind == "refuse":
        problems = []
        if code != expect["exit"]:
            problems.append(f"exit {code}, expected {expect['exit']}")
        lines = [line for line in stderr.splitlines() if line.strip()]
        if len(lines) != 1 or not lines[0].startswith("landrenew: "):
            problems.append("stderr is not one line starting with 'landrenew: '")
        fragments = expect["fragment"] if isinstance(expect["fragment"], (list, tuple)) else [expect["fragment"]]
        if LANG == "zh":  # the data's words stay; landrenew's own words are Chinese
            fragments = [f for f in fragments if data_word(f)]
            if not any("\u4e00" <= c <= "\u9fff" for c in stderr.split("landrenew: ", 1)[-1].replace(
                    "".join(fragments), "")):
                problems.append("the refusal is not said in Chinese")
        if fragments and not any(f in stderr for f in fragments):
            problems.append(f"stderr names none of {fragments}")
        if code != 0 and out.exists():
            problems.append("a failed run left OUT_DIR behind")
        return problems, (stderr.strip().splitlines() or [""])[-1][:240]
    if code != 0:
        return [f"exit {code}, expected 0"], (stderr.strip().splitlines() or [""])[-1][:240]
    summary_path = out / "summary.json"
    if not summary_path.is_file():
        return ["a successful run wrote no summary.json"], ""
    summary = json.loads(summary_path.read_text(encoding="utf-8"))
    problems = []
    if kind == "same":
        for group in HEADLINE:
            problems += differences(headline(demo_summary, group), headline(summary, group), group)
        problems += record_differences(demo_records, records(out))
        return problems, ("headline figures, warnings, enterprises and parcels equal the demo's" if not problems
                          else f"{len(problems)} differ")
    # warn: each kind is a headline warning, touching more than it does in the demo's own run.
    have = {w["kind"]: w for w in warnings(summary)}
    demo_have = {w["kind"]: w for w in warnings(demo_summary)}
    shown = []
    for wanted in expect["kinds"]:
        alternatives = [wanted] if isinstance(wanted, str) else list(wanted)
        counts = {k: (have[k].get("count", 0), demo_have.get(k, {}).get("count", 0)) for k in alternatives if k in have}
        shown += [f"{k} {c} (demo {dc})" for k, (c, dc) in counts.items()]
        if not counts:
            problems.append(f"no warning '{' or '.join(alternatives)}'")
        elif not any(c > dc for c, dc in counts.values()):
            problems.append(f"warning '{' or '.join(counts)}' counts no more than in the demo's run")
    for group in expect["same_as_demo"]:
        problems += differences(headline(demo_summary, group), headline(summary, group), group)
    return problems, "; ".join(shown)


def run_variant(name, landrenew, folder, demo):
    """(ok, detail, seconds)"""
    d = folder / name
    if not (d / "project.toml").is_file():
        return False, f"no variant folder {d} (make_variants.py not run?)", 0.0
    out = d / ("out-zh" if LANG == "zh" else "out")
    if out.exists():
        shutil.rmtree(out)
    code, stderr, seconds = run_landrenew(landrenew, d / "project.toml", out)
    bad = crash(code, stderr)
    if bad:
        return False, bad + " — " + (stderr.strip().splitlines() or [""])[-1][:240], seconds
    english = d / "out"
    if LANG == "zh" and (english / "summary.json").is_file():
        # After the English run: the files must be the same bytes (the language changes what is printed only).
        if code != 0:
            return False, f"exit {code} in Chinese, 0 in English — {stderr.strip()[:240]}", seconds
        differ = [f for f in ("summary.json", "landrenew.gpkg", "tables.xlsx")
                  if (english / f).read_bytes() != (out / f).read_bytes()]
        return not differ, (f"{', '.join(differ)} differ from the English run's" if differ
                             else "the same files as the English run"), seconds
    problems, shown = check(kit.VARIANTS[name][1], code, stderr, out, *demo)
    if problems:
        listed = "; ".join(problems[:8]) + (f"; … {len(problems) - 8} more" if len(problems) > 8 else "")
        return False, listed + (f" — {shown}" if shown else ""), seconds
    return True, shown, seconds


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--landrenew", required=True)
    ap.add_argument("--variants", required=True, help="folder of the variants (made there with --make)")
    ap.add_argument("--demo", default=str(HERE.parent.parent / "geodata" / "huzhou-demo"))
    ap.add_argument("--make", action="store_true", help="(re)make the named variants first")
    ap.add_argument("--results", help="write a Markdown table of the results here")
    ap.add_argument("--lang", default="en", help="the languages landrenew runs in, in turn: en, zh or en,zh")
    ap.add_argument("names", nargs="*")
    args = ap.parse_args()
    langs = args.lang.split(",")
    if not set(langs) <= {"en", "zh"}:
        ap.error("--lang takes en, zh or en,zh")
    names = args.names or list(kit.VARIANTS)
    unknown = [n for n in names if n not in kit.VARIANTS]
    if unknown:
        print(f"run_variants: unknown variants {unknown}", file=sys.stderr)
        return 1
    folder, demo = Path(args.variants), Path(args.demo).resolve()
    if args.make:
        r = subprocess.run([sys.executable, str(HERE / "make_variants.py"), str(folder), "--demo", str(demo),
                            "--only"] + names)
        if r.returncode != 0:
            return 77 if r.returncode == 77 else 1
    try:
        demo_run = baseline(os.path.abspath(args.landrenew), demo, folder)
    except RuntimeError as e:
        print(f"run_variants: {e}", file=sys.stderr)
        return 1
    failed, rows = 0, []
    global LANG
    for name in names:
        for LANG in langs:
            ok, detail, seconds = run_variant(name, args.landrenew, folder, demo_run)
            failed += not ok
            status = "ok" if ok else "FAIL"
            expectation = kit.describe(kit.VARIANTS[name][1])
            label = name if LANG == "en" else f"{name} [zh]"
            print(f"{status:4} {label:36} {seconds:6.2f} s  {expectation} — {detail}")
            rows.append((label, expectation, status, detail, seconds))
    if args.results:
        with open(args.results, "w", encoding="utf-8") as f:
            f.write("| variant | expectation | result | s | what it gave |\n|---|---|---|---|---|\n")
            for name, expectation, status, detail, seconds in rows:
                f.write(f"| {name} | {expectation.replace('|', '/')} | {status} | {seconds:.1f} "
                        f"| {detail.replace('|', '/')} |\n")
    print(f"run_variants: {len(rows) - failed} of {len(rows)} variant runs pass ({', '.join(langs)})")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
