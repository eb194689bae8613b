#!/usr/bin/python3
"""The city preset partitioned by district through a real Dask cluster equals the single run (issue 22, item 4).

  tests/engine/partitioned_test.py --landrenew BIN --gen-sample BIN --work DIR [--keep-cluster-logs]

What may differ between the merged and the single run (everything else must be equal; compare_runs.py says it):
  - manifest.json: the command, the start time, the duration, the inputs (a merge's are the partitions' runs);
  - report.html: its section "数据来源与版本" only, which shows manifest.json and the run time;
  - the order of four lists of summary.json, matched by their key instead: districts (code), parks (id),
    clusters (id), findings.warnings (kind);
  - the order of the rows of every tables.xlsx sheet and of every GeoPackage layer, and the layers' fids;
  - reals within 1e-9 relative (1e-9 absolute near zero), in summary.json, the sheets and the layers' attributes;
  - summary.json's `merge` (the merge's own account: partitions, cross-partition overlap, what it could not
    estimate), present in the merged run only.
The merge must write every file of a run and recombine every key: the test fails when merge.not_merged names
anything or a file is missing.
Geometries must be equal WKB for WKB (compare_runs.py --geometry wkb).

The cluster is real and on loopback only: `dask scheduler` (Debian's python3-distributed) bound to 127.0.0.1 on
a free port, writing a scheduler file, no dashboard, with an idle timeout; one `dask worker` of 2 processes × 1
thread bound to 127.0.0.1 with a death timeout. Each is its own process group (session); both groups are
terminated (SIGTERM, then SIGKILL after 15 s) in a `finally`, also on a failure, on SIGTERM/SIGINT (ctest's
timeout) and at this script's own deadline, and the test fails if a process of either group survives. If this
script is killed outright (SIGKILL), the scheduler ends itself after its idle timeout and the workers after
their death timeout.

Steps: the city preset (gen-sample --preset city --seed 20230403); the cluster started; meanwhile the single
`landrenew run` (2 threads); `scripts/run-partitioned --by district --scheduler-file` against the cluster; its
engine report checked (every partition ran on one of the cluster's workers, exit 0, measured; they started
largest first: the scheduler runs with worker-saturation 1.0); then
compare_runs.py single merged.

Exit: 0 equal; 1 a step failed or the runs differ; 77 skipped (python3-distributed not installed:
scripts/install-deps --test).
"""

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
SKIP = 77
SEED = "20230403"
DEADLINE_S = 1000  # below ctest's TIMEOUT (1200): the cluster is stopped by this script, not left behind


class Failed(Exception):
    pass


class Deadline(Exception):
    pass


def log(msg):
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", flush=True)


def dask_commands():
    """`dask scheduler` / `dask worker` (the dask command), else the older dask-scheduler / dask-worker."""
    if shutil.which("dask"):
        return ["dask", "scheduler"], ["dask", "worker"]
    if shutil.which("dask-scheduler") and shutil.which("dask-worker"):
        return ["dask-scheduler"], ["dask-worker"]
    return None


class LoopbackCluster:
    """A Dask scheduler and one worker (2 processes × 1 thread) on 127.0.0.1, each in its own session."""

    def __init__(self, work, commands):
        self.work = work
        self.scheduler_cmd, self.worker_cmd = commands
        self.scheduler_file = os.path.join(work, "scheduler.json")
        self.procs = []  # (name, Popen, log path)

    def start(self):
        os.makedirs(self.work, exist_ok=True)
        self._spawn("scheduler", self.scheduler_cmd + [
            "--host", "127.0.0.1", "--port", "0", "--no-dashboard", "--dashboard-address", "127.0.0.1:0",
            "--scheduler-file", self.scheduler_file, "--idle-timeout", "300"])
        self._wait(lambda: os.path.isfile(self.scheduler_file) and os.path.getsize(self.scheduler_file) > 0,
                   60, "the scheduler file")
        self._spawn("worker", self.worker_cmd + [
            "--scheduler-file", self.scheduler_file, "--nworkers", "2", "--nthreads", "1", "--host", "127.0.0.1",
            "--no-dashboard", "--dashboard-address", "127.0.0.1:0", "--local-directory",
            os.path.join(self.work, "worker-space"), "--death-timeout", "60"])

    def _spawn(self, name, argv):
        path = os.path.join(self.work, f"{name}.log")
        # A task goes to a worker only when it has a free thread: the largest waiting partition runs next.
        env = dict(os.environ, DASK_DISTRIBUTED__SCHEDULER__WORKER_SATURATION="1.0")
        with open(path, "wb") as out:
            # Its own session: its process group is stopped whole (the nanny's worker processes, their children).
            p = subprocess.Popen(argv, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                 start_new_session=True, env=env)
        self.procs.append((name, p, path))
        log(f"started {name}: pid {p.pid}: {' '.join(argv)}")

    def _wait(self, ready, seconds, what):
        end = time.monotonic() + seconds
        while not ready():
            for name, p, path in self.procs:
                if p.poll() is not None:
                    raise Failed(f"the {name} exited ({p.returncode}) before {what} was there:\n{tail(path)}")
            if time.monotonic() > end:
                raise Failed(f"no {what} after {seconds} s")
            time.sleep(0.1)

    def wait_for_workers(self, n, seconds):
        from distributed import Client

        with Client(scheduler_file=self.scheduler_file, timeout="30s") as client:
            client.wait_for_workers(n, timeout=seconds)
            info = client.scheduler_info()
            return info["address"], sorted(info["workers"])

    def stop(self):
        """Terminates every process group, workers first; returns the names of groups that would not end."""
        survivors = []
        for name, p, path in reversed(self.procs):
            pgid = p.pid  # start_new_session: the leader's pid is the group's id
            signal_group(pgid, signal.SIGTERM)
            end = time.monotonic() + 15
            while group_alive(pgid) and time.monotonic() < end:
                p.poll()
                time.sleep(0.1)
            if group_alive(pgid):
                signal_group(pgid, signal.SIGKILL)
                time.sleep(1)
            p.poll()
            if group_alive(pgid):
                survivors.append(name)
            log(f"stopped {name} (exit {p.returncode})")
        return survivors

    def print_logs(self):
        for name, _, path in self.procs:
            print(f"--- {name} log (end) ---\n{tail(path)}")


def signal_group(pgid, sig):
    try:
        os.killpg(pgid, sig)
    except ProcessLookupError:
        pass


def group_alive(pgid):
    """Whether a process other than a zombie is left in the group (the leader is reaped by Popen.poll)."""
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[2]) == pgid and fields[0] != "Z":
                return True
    return False


def tail(path, n=30):
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            return "".join(f.readlines()[-n:])
    except OSError:
        return "(no log)"


class Child:
    """A command in its own session: on an exception (a deadline, a signal) its whole group is killed, so that
    nothing it started (run-partitioned's landrenew partition, …) is left running."""

    def __init__(self, argv, what):
        log(f"{what}: {' '.join(argv)}")
        self.what, self.t0 = what, time.monotonic()
        self.p = subprocess.Popen(argv, start_new_session=True, stdin=subprocess.DEVNULL)
        RUNNING.append(self)

    def wait(self):
        code = self.p.wait()
        RUNNING.remove(self)
        log(f"{self.what}: exit {code} after {time.monotonic() - self.t0:.1f} s")
        return code

    def kill(self):
        signal_group(self.p.pid, signal.SIGKILL)
        self.p.wait()


RUNNING = []


def run(argv, what):
    return Child(argv, what).wait()


def on_signal(signum, frame):
    raise Deadline(f"signal {signum}")


def on_alarm(signum, frame):
    raise Deadline(f"this test's deadline ({DEADLINE_S} s)")


def check_report(path, workers):
    with open(path, encoding="utf-8") as f:
        report = json.load(f)
    problems = []
    if report.get("status") != "merged":
        problems.append(f"status {report.get('status')!r}, not 'merged'")
    parts = report.get("partitions", [])
    if len(parts) < 2:
        problems.append(f"{len(parts)} partitions: the city preset has 5 districts")
    for p in parts:
        if p.get("exit") != 0 or p.get("worker") not in workers:
            problems.append(f"partition {p.get('id')}: exit {p.get('exit')} on {p.get('worker')}")
        if not (isinstance(p.get("wall_s"), float) and isinstance(p.get("peak_rss_mb"), float)):
            problems.append(f"partition {p.get('id')}: not measured (wall_s, peak_rss_mb)")
    # Largest first: the partitions start in order of size (core + margin parcels). Dask holds tasks back on the
    # scheduler (worker-saturation) only when there are more than twice as many as worker threads: the city's 5
    # districts on 2 threads.
    by_size = sorted(parts, key=lambda p: -sum(p.get("parcels", {}).values()))
    starts = [p.get("timeline_s", {}).get("started") for p in by_size]
    # Dask's scheduler decides among waiting tasks with priorities it may break in its own way: the order is
    # said, not held against the figures.
    if len(parts) > 2 * len(workers) and None not in starts and starts != sorted(starts):
        log(f"note: not started largest first: {[(p['id'], p['parcels'], p['timeline_s']) for p in by_size]}")
    if report.get("merge", {}).get("exit") != 0:
        problems.append(f"merge: exit {report.get('merge', {}).get('exit')}")
    if report.get("cluster", {}).get("workers") != len(workers):
        problems.append(f"cluster: {report.get('cluster')} (the test started {len(workers)} workers)")
    return problems


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--landrenew", required=True)
    ap.add_argument("--gen-sample", required=True)
    ap.add_argument("--work", required=True)
    args = ap.parse_args()

    try:
        import distributed  # noqa: F401
    except ImportError:
        print("skipped: python3-distributed is not installed (scripts/install-deps --test)")
        return SKIP
    commands = dask_commands()
    if commands is None:
        print("skipped: neither `dask` nor `dask-scheduler`/`dask-worker` on PATH (python3-distributed)")
        return SKIP

    work = os.path.abspath(args.work)
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    city, single, merged = (os.path.join(work, d) for d in ("city", "single", "merged"))
    cluster = LoopbackCluster(os.path.join(work, "cluster"), commands)
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGALRM, on_alarm)
    signal.alarm(DEADLINE_S)
    t_start = time.monotonic()
    failed = None
    try:
        if run([args.gen_sample, "--preset", "city", "--seed", SEED, "-o", city], "gen-sample"):
            raise Failed("gen-sample failed")
        t0 = time.monotonic()
        cluster.start()
        # The single run while the cluster starts.
        single_run = Child([args.landrenew, "run", os.path.join(city, "project.toml"), "-o", single, "-q",
                            "--threads", "2"], "single run")
        address, workers = cluster.wait_for_workers(2, 120)
        log(f"cluster up after {time.monotonic() - t0:.1f} s: {address}, workers {workers}")
        if single_run.wait() != 0:
            raise Failed("the single run failed")

        code = run([sys.executable, os.path.join(ROOT, "scripts", "run-partitioned"), os.path.join(city, "project.toml"),
                 "-o", merged, "--by", "district", "--scheduler-file", cluster.scheduler_file, "--landrenew",
                 args.landrenew, "--work", os.path.join(work, "engine"), "--threads-per-run", "1"],
                "run-partitioned")
        if code != 0:
            raise Failed(f"run-partitioned failed: exit {code}")
        problems = check_report(os.path.join(work, "engine", "engine-report.json"), workers)
        if problems:
            raise Failed("the engine report:\n  " + "\n  ".join(problems))

        # At most 200 differences a file (and how many more): a systematic one would print a line per feature.
        # --as-merge-says: what merge does not recombine yet (it lists it in summary.json merge.not_merged, and
        # the files it does not write) is named, not compared; everything it writes must be equal.
        missing = [f for f in ("summary.json", "manifest.json", "landrenew.gpkg", "tables.xlsx", "report.html",
                               "landrenew.qgs") if not os.path.isfile(os.path.join(merged, f))]
        with open(os.path.join(merged, "summary.json"), encoding="utf-8") as f:
            not_merged = json.load(f).get("merge", {}).get("not_merged")
        if missing or not_merged != []:
            raise Failed(f"merge left out files {missing} or summary.json keys {not_merged}")
        if run([sys.executable, os.path.join(HERE, "compare_runs.py"), single, merged, "--limit", "200",
                "--as-merge-says"],
               "compare_runs") != 0:
            raise Failed("the merged run differs from the single run (above)")
    except (Failed, Deadline) as e:
        failed = str(e)
    except Exception as e:  # a timeout waiting for the workers, an OSError, …: the cluster is stopped all the same
        failed = f"{type(e).__name__}: {e}"
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)  # the cleanup is not interrupted
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        for child in list(RUNNING):
            child.kill()
        if failed:
            cluster.print_logs()
        survivors = cluster.stop()
    if survivors:
        failed = (failed + "; " if failed else "") + f"processes of the {', '.join(survivors)} survived SIGKILL"
    log(f"total {time.monotonic() - t_start:.1f} s")
    if failed:
        print(f"FAIL: {failed}")
        return 1
    print("ok: the city preset partitioned by district through Dask equals the single run")
    return 0


if __name__ == "__main__":
    sys.exit(main())
