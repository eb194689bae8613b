#!/usr/bin/python3
"""Runs landrenew on cases of the bad-input corpus (cases.tsv; the inputs are made by make_corpus.py) and
checks for each: no signal and no sanitizer report, no hang (a timeout per case), the documented exit code,
the message fragment (on stderr, as one line "landrenew: ...", for a failure; in the output for exit 0),
that `check` writes nothing beside its inputs, and that a `run` leaves no partial output: no OUT_DIR when it
fails (or the previous one untouched), no stray .OUT_DIR.tmp-PID / .old-PID folders either way.

    run_corpus.py --landrenew BIN --corpus DIR [--cases cases.tsv] [--results FILE.md] [CASE ...]

Exit 0 when every case passes, 1 otherwise, 77 (ctest: skipped) when the corpus could not be made.
"""
import argparse
import csv
import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SANITIZER_MARKS = ("AddressSanitizer", "LeakSanitizer", "UndefinedBehaviorSanitizer", "runtime error:",
                   "MemorySanitizer", "ThreadSanitizer")


def read_cases(path):
    with open(path, encoding="utf-8", newline="") as f:
        rows = [r for r in csv.reader(f, delimiter="\t") if r and not r[0].startswith("#")]
    header, rows = rows[0], rows[1:]
    return [dict(zip(header, r)) for r in rows]


def tree_state(folder):
    """name → (size, sha256) of every file under `folder` (symlinks and special files by name only)."""
    state = {}
    for root, dirs, files in os.walk(folder):
        for name in dirs + files:
            p = Path(root) / name
            rel = str(p.relative_to(folder))
            if p.is_file() and not p.is_symlink():
                state[rel] = (p.stat().st_size, hashlib.sha256(p.read_bytes()).hexdigest())
            else:
                state[rel] = ("dir" if p.is_dir() else "special", "")
    return state


def findings_text(out_dir):
    """summary.json and every finding of landrenew.gpkg's qa_findings layer ("kind: message"), as text."""
    text = ""
    if (out_dir / "summary.json").is_file():
        text += (out_dir / "summary.json").read_text(encoding="utf-8", errors="replace")
    gpkg = out_dir / "landrenew.gpkg"
    if gpkg.is_file():
        try:
            from osgeo import ogr
        except ImportError:
            return text
        ds = ogr.Open(str(gpkg))
        layer = ds.GetLayerByName("qa_findings") if ds else None
        for f in layer or []:
            text += f"\n{f.GetField('kind')}: {f.GetField('message')}"
    return text


def stray_staging(parent, out_name):
    if not parent.is_dir():
        return []
    return [p.name for p in parent.iterdir()
            if p.name.startswith(f".{out_name}.tmp-") or p.name.startswith(f".{out_name}.old-")]


def read_only_wrapper(folder):
    """A command prefix that runs the rest with `folder` read-only (root ignores permission bits, so root
    gets a read-only bind mount in a private mount namespace); None when that is impossible here."""
    if os.geteuid() != 0:
        os.chmod(folder, 0o555)
        return []
    probe = subprocess.run(["unshare", "-m", "sh", "-c", "exit 0"], capture_output=True)
    if probe.returncode != 0 or shutil.which("unshare") is None:
        return None
    script = 'mount --bind "$1" "$1" && mount -o remount,bind,ro "$1" && shift && exec "$@"'
    return ["unshare", "-m", "sh", "-c", script, "sh", str(folder)]


def run_case(c, landrenew, corpus):
    """Returns (ok, detail, seconds)."""
    name = c["case"]
    d = corpus / name
    if not d.is_dir():
        return False, f"no folder {d} (make_corpus.py has no case '{name}')", 0.0
    out = d / "out"
    project = d / "project.toml"
    if (d / "cmd").exists():  # the case names its project path itself (e.g. /dev/zero)
        project = Path((d / "cmd").read_text().strip())
    ro = d / "ro"
    args = c["args"].format(project=project, out=out, dir=d, ro=ro)
    prefix = []
    if "{ro}" in c["args"]:
        ro.mkdir(exist_ok=True)
        prefix = read_only_wrapper(ro)
        if prefix is None:
            return True, "SKIPPED: cannot make a read-only folder here", 0.0
    out_dir = Path(args.split(" -o ", 1)[1].split()[0]) if " -o " in args else None
    before_out = tree_state(out_dir) if out_dir and out_dir.is_dir() else None
    out_was_file = out_dir is not None and out_dir.is_file()
    before_case = tree_state(d) if c["args"].startswith("check") else None

    cmd = prefix + [landrenew] + args.split()
    timeout = float(c.get("timeout") or 60)
    env = dict(os.environ)
    env.setdefault("ASAN_OPTIONS", "detect_leaks=1")
    start = time.monotonic()
    try:
        p = subprocess.run(cmd, capture_output=True, timeout=timeout, env=env, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired as e:
        return False, f"HANG: no exit within {timeout:.0f} s", time.monotonic() - start
    seconds = time.monotonic() - start
    stdout = p.stdout.decode("utf-8", "replace")
    stderr = p.stderr.decode("utf-8", "replace")
    problems = []
    code = p.returncode
    if code < 0:
        problems.append(f"killed by signal {signal.Signals(-code).name}")
    elif code >= 128:
        problems.append(f"exit {code} (a signal or an abort)")
    for mark in SANITIZER_MARKS:
        if mark in stderr:
            problems.append(f"sanitizer report ({mark})")
            break
    expected = int(c["exit"])
    if code != expected:
        problems.append(f"exit {code}, expected {expected}")
    fragment = c["fragment"]
    if expected != 0:
        lines = [line for line in stderr.splitlines() if line.strip()]
        if len(lines) != 1 or not lines[0].startswith("landrenew: "):
            problems.append("stderr is not one line starting with 'landrenew: '")
        if fragment not in stderr:
            problems.append(f"stderr lacks '{fragment}'")
    elif fragment not in stdout + stderr + (findings_text(out_dir) if out_dir else ""):
        problems.append(f"output lacks '{fragment}'")

    if out_dir is not None:
        strays = stray_staging(out_dir.parent, out_dir.name)
        if strays:
            problems.append(f"stray staging folders left: {', '.join(strays)}")
        if code != 0:
            if before_out is not None:
                if not out_dir.is_dir() or tree_state(out_dir) != before_out:
                    problems.append("the previous OUT_DIR was changed by a failed run")
            elif out_was_file:
                if not out_dir.is_file():
                    problems.append("the file in OUT_DIR's place was changed")
            elif out_dir.exists():
                problems.append("a failed run left OUT_DIR behind")
        elif not (out_dir / "summary.json").is_file():
            problems.append("a successful run wrote no summary.json")
    if before_case is not None and tree_state(d) != before_case:
        problems.append("`check` wrote files beside its inputs")

    if problems:
        tail = (stderr.strip().splitlines() or [""])[-1][:300]
        return False, "; ".join(problems) + f" — stderr: {tail}", seconds
    if expected != 0:
        shown = stderr.strip()
    else:
        lines = (stdout + (findings_text(out_dir) if out_dir else "")).splitlines()
        shown = next((line.strip() for line in lines if fragment in line), "")
    return True, shown[:300], seconds


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--landrenew", required=True)
    ap.add_argument("--corpus", required=True, help="folder of the corpus (made if missing)")
    ap.add_argument("--cases", default=str(HERE / "cases.tsv"))
    ap.add_argument("--results", help="write a Markdown table of the results here")
    ap.add_argument("--make", action="store_true", help="(re)make the corpus first")
    ap.add_argument("names", nargs="*")
    args = ap.parse_args()
    cases = read_cases(args.cases)
    if args.names:
        unknown = set(args.names) - {c["case"] for c in cases}
        if unknown:
            print(f"run_corpus: unknown cases {sorted(unknown)}", file=sys.stderr)
            return 1
        cases = [c for c in cases if c["case"] in args.names]
    corpus = Path(args.corpus)
    if args.make:
        r = subprocess.run([sys.executable, str(HERE / "make_corpus.py"), str(corpus), "--only"] +
                           [c["case"] for c in cases])
        if r.returncode != 0:
            return 77 if r.returncode == 77 else 1
    failed = 0
    rows = []
    for c in cases:
        ok, detail, seconds = run_case(c, args.landrenew, corpus)
        failed += not ok
        status = "ok" if ok else "FAIL"
        print(f"{status:4} {c['case']:40} exit {c['exit']} {seconds:6.2f} s  {detail}")
        rows.append((c, status, detail, seconds))
    if args.results:
        with open(args.results, "w", encoding="utf-8") as f:
            f.write("| case | command | exit | message fragment | result | s | what it produced |\n"
                    "|---|---|---|---|---|---|---|\n")
            for c, status, detail, seconds in rows:
                produced = detail.replace("|", "\\|").replace(str(corpus) + "/", "")
                f.write(f"| {c['case']} | {c['args'].split()[0]} | {c['exit']} | `{c['fragment']}` | {status} "
                        f"| {seconds:.2f} | {produced} |\n")
    print(f"run_corpus: {len(cases) - failed} of {len(cases)} cases pass")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
