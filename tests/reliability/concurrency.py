#!/usr/bin/env python3
"""Two `intake watch` daemons and `intake run` (again and again) on one root,
while --drops files arrive in 20 workspaces.

Run from the project root:  python3 tests/reliability/concurrency.py [--drops 1000]

Checks that each file is imported exactly once (one job per file, DONE, its
records stored once), that no two jobs of one workspace ever overlap in time,
and that `intake verify` finds nothing wrong and nothing pending. Prints the
counts; exits 0 when every check holds.
"""
import argparse
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from crash_loop import audit, conclude, generate, init_root, parse_with_binaries, verify  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--drops", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    args, intake, gen = parse_with_binaries(parser)
    rng = random.Random(args.seed)
    base = tempfile.mkdtemp(prefix="intake-concurrency-")
    root = os.path.join(base, "root")
    workspaces = [f"ws{i:02d}" for i in range(20)]
    init_root(intake, root, workspaces, settle_seconds=0, rescan_seconds=2, workers=2)
    started = time.time()
    daemons = [subprocess.Popen([intake, "watch", root], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
               for _ in range(2)]
    stop = threading.Event()
    runs = {"count": 0, "failures": []}

    def cron():
        while not stop.is_set():
            result = subprocess.run([intake, "run", root], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
            runs["count"] += 1
            if result.returncode != 0:
                runs["failures"].append(result.stderr.strip())

    runner = threading.Thread(target=cron)
    runner.start()
    dropped = []
    for index in range(args.drops):
        name = f"{workspaces[index % 20]}__payments__f{index:05d}.csv"
        generate(gen, rng.choice([20, 200, 2000]), 5000 + index, os.path.join(root, "inbox", name), prefix=f"F{index:05d}")
        dropped.append(name)
    deadline = time.time() + 900
    while time.time() < deadline:
        report = verify(intake, root)
        inbox = [f for f in os.listdir(os.path.join(root, "inbox")) if not f.startswith(".")]
        if not inbox and not report.get("pending") and sum(report.get("jobs", {}).values()) >= len(dropped):
            break
        time.sleep(1)
    stop.set()
    runner.join()
    codes = []
    for daemon in daemons:
        daemon.send_signal(signal.SIGTERM)
        codes.append(daemon.wait(timeout=60))
    counts, problems = audit(intake, root, dropped, [("payments", "payment_id")])
    status = subprocess.run([intake, "status", root, "--json", "--limit", "100000"], capture_output=True, text=True)
    jobs = [json.loads(line) for line in status.stdout.splitlines() if line.strip()]
    if len(jobs) != len(dropped):
        problems.append(f"{len(jobs)} jobs for {len(dropped)} files")
    overlaps = 0
    for workspace in workspaces:
        spans = sorted((j["started_at"], j["finished_at"]) for j in jobs if j["workspace"] == workspace and j["started_at"])
        overlaps += sum(1 for a, b in zip(spans, spans[1:]) if a[1] > b[0])
    if overlaps:
        problems.append(f"{overlaps} overlapping job pair(s) in one workspace")
    if runs["failures"]:
        problems.append(f"{len(runs['failures'])} `intake run` failed: {runs['failures'][:2]}")
    if any(codes):
        problems.append(f"daemons exited {codes} on SIGTERM")
    shutil.rmtree(base, ignore_errors=True)
    print(f"concurrency: 2 daemons + {runs['count']} `intake run`, {len(dropped)} drops in 20 workspaces, "
          f"{round(time.time() - started)} s")
    print(f"  {json.dumps(counts, sort_keys=True)}, overlapping jobs: {overlaps}")
    return conclude(problems)


if __name__ == "__main__":
    sys.exit(main())
