#!/usr/bin/python3
"""Atomic outputs (issue 9): `landrenew run` on the demo into an existing OUT_DIR with --overwrite is killed
with SIGKILL at several points — as soon as its working folder appears, at fractions of a normal run's
duration, and as each output file appears in the working folder — and each time OUT_DIR must be complete:
exactly the previous result (same files, same bytes), or, when the kill landed after the swap, exactly a new
complete one. OUT_DIR must never be missing while a run is under way. The next run must remove the
.OUT_DIR.tmp-PID folders the killed runs left, and the last run must leave nothing beside OUT_DIR.

    kill_test.py --landrenew BIN --project geodata/huzhou-demo/project.toml --work DIR
"""
import argparse
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path


def tree(folder):
    out = {}
    for p in sorted(Path(folder).rglob("*")):
        if p.is_file():
            out[str(p.relative_to(folder))] = hashlib.sha256(p.read_bytes()).hexdigest()
    return out


def leftovers(parent, name):
    return sorted(p.name for p in Path(parent).iterdir() if p.name.startswith(f".{name}.tmp-") or
                  p.name.startswith(f".{name}.old-"))


def run(bin_, project, out):
    return subprocess.run([bin_, "run", str(project), "-o", str(out), "--overwrite", "-q"], capture_output=True,
                          text=True)


# Outputs that two runs of the same inputs write byte for byte alike (the manifest, the report and the
# workbook hold the run's time).
DETERMINISTIC = ("summary.json", "landrenew.gpkg")


def is_complete_result(folder, reference):
    """A finished run's OUT_DIR: the same files as a normal run, none empty, the deterministic ones byte for
    byte, the manifest readable."""
    t = tree(folder)
    if set(t) != set(reference) or any((Path(folder) / n).stat().st_size == 0 for n in t):
        return False
    for name in DETERMINISTIC:
        if name in reference and t[name] != reference[name]:
            return False
    try:
        json.loads((Path(folder) / "manifest.json").read_text())
    except ValueError:
        return False
    return True


def kill_at(bin_, project, out, trigger, deadline_s):
    """Starts a run, waits for `trigger(tmp_folder, elapsed)` to be true, SIGKILLs it. Returns (what happened,
    OUT_DIR was missing at some poll)."""
    p = subprocess.Popen([bin_, "run", str(project), "-o", str(out), "--overwrite", "-q"],
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    tmp = out.parent / f".{out.name}.tmp-{p.pid}"
    start = time.monotonic()
    missing = False
    while True:
        if not out.is_dir():
            missing = True
        if p.poll() is not None:
            return f"finished before the kill (exit {p.returncode})", missing
        elapsed = time.monotonic() - start
        if trigger(tmp, elapsed):
            p.send_signal(signal.SIGKILL)
            p.wait()
            return f"killed at {elapsed:.2f} s", missing
        if elapsed > deadline_s:
            p.kill()
            p.wait()
            return "killed at the deadline (trigger never fired)", missing
        time.sleep(0.002)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--landrenew", required=True)
    ap.add_argument("--project", required=True)
    ap.add_argument("--work", required=True)
    args = ap.parse_args()
    work = Path(args.work)
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    out = work / "out"

    durations = []
    for _ in range(2):  # the second run, with warm caches, times the kill points
        t0 = time.monotonic()
        first = run(args.landrenew, args.project, out)
        durations.append(time.monotonic() - t0)
        if first.returncode != 0:
            print(f"kill_test: the demo run failed (exit {first.returncode}): {first.stderr}", file=sys.stderr)
            return 1
    duration = min(durations)
    reference = tree(out)
    print(f"kill_test: a normal run takes {duration:.1f} s and writes {', '.join(reference)}")
    # Mark this result so that "the previous OUT_DIR" cannot be mistaken for a new one.
    (out / "previous-run.txt").write_text("the result a killed run must leave in place\n")

    triggers = [("the working folder appears", lambda tmp, t: tmp.is_dir())]
    for f in (0.1, 0.25, 0.5, 0.7, 0.85, 0.95):
        triggers.append((f"{int(f * 100)}% of a normal run", lambda tmp, t, f=f: t >= f * duration))
    for name in reference:
        triggers.append((f"{name} appears in the working folder", lambda tmp, t, n=name: (tmp / n).exists()))

    failures = 0
    for label, trigger in triggers:
        before = tree(out)
        happened, missing = kill_at(args.landrenew, args.project, out, trigger, 3 * duration + 30)
        if happened.startswith("finished") and is_complete_result(out, reference):
            verdict = "the run finished first: new complete OUT_DIR"
            ok = True
            (out / "previous-run.txt").write_text("the result a killed run must leave in place\n")
        elif tree(out) == before:
            verdict = "previous OUT_DIR intact"
            ok = True
        elif is_complete_result(out, reference):
            verdict = "new complete OUT_DIR (the kill came after the swap)"
            ok = True
            (out / "previous-run.txt").write_text("the result a killed run must leave in place\n")
        else:
            verdict = f"OUT_DIR DAMAGED: {sorted(tree(out))}"
            ok = False
        if missing:
            verdict += "; OUT_DIR WAS MISSING during the run"
            ok = False
        if len(leftovers(work, out.name)) > 1:
            verdict += "; EARLIER RUNS' WORKING FOLDERS WERE NOT REMOVED"
            ok = False
        failures += not ok
        print(f"{'ok' if ok else 'FAIL':4} kill when {label:45} {happened:35} {verdict}; "
              f"left beside it: {leftovers(work, out.name) or 'nothing'}")

    (out / "previous-run.txt").unlink(missing_ok=True)
    stale = leftovers(work, out.name)
    last = run(args.landrenew, args.project, out)
    after = leftovers(work, out.name)
    if last.returncode != 0 or after or not is_complete_result(out, reference):
        print(f"FAIL the next run (exit {last.returncode}) left {after or 'nothing'} beside OUT_DIR; "
              f"complete: {is_complete_result(out, reference)}; {last.stderr.strip()}")
        failures += 1
    else:
        print(f"ok   the next run removed {len(stale)} working folder(s) of killed runs ({', '.join(stale) or '-'})")
    print(f"kill_test: {'FAILED' if failures else 'passed'}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
