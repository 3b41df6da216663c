#!/usr/bin/env python3
"""The daemon's everyday load: many small files, measured from outside.

Run from the project root:  python3 bench/small_files.py [--files 5000] [--workspaces 50]
                            [--baseline PATH_TO_OTHER_INTAKE]

For each binary (this tree's release build, and --baseline when given, in the
same run, alternating):

1. Flood: starts `intake watch` on a fresh root (default configuration, but
   settle_seconds 0 so the flood measures the import path, not the window),
   renames --files five-row payments files across --workspaces workspaces into
   the inbox as fast as it can, and times until every file has its
   result.json: files/s. Then `intake verify` must be clean.
2. Latency: on an idle daemon (settle_seconds 2), drops a 100-row file with a
   NAME.done marker --latency-runs times and times marker creation to
   result.json: p50/p90/p99 in ms.
3. The daemon's peak RSS (VmHWM from /proc) over both.

Prints one table row per binary and the ratios.
"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
PROJECT = os.path.dirname(HERE)
HEADER = b"payment_id,amount,currency,due_date,beneficiary_name,beneficiary_iban,beneficiary_bic,beneficiary_country,reference\n"


def rows(prefix, count):
    return HEADER + b"".join(
        f"{prefix}-{i},{i + 1}.50,EUR,2026-06-01,Name {i},FR7630006000011234567890189,SOGEFRPP,FR,ref\n".encode()
        for i in range(count))


def build():
    subprocess.run(["bash", "scripts/setup.sh"], cwd=PROJECT, check=True, stdout=subprocess.DEVNULL)
    subprocess.run(["swift", "build", "-c", "release", "--product", "intake"], cwd=PROJECT, check=True)
    bin_dir = subprocess.run(["swift", "build", "-c", "release", "--show-bin-path"], cwd=PROJECT, check=True,
                             capture_output=True, text=True).stdout.strip()
    return os.path.join(bin_dir, "intake")


def make_root(intake, base, workspaces, settle, workers=None):
    root = os.path.join(base, "root")
    subprocess.run([intake, "init", root] + sum([["--workspace", w] for w in workspaces], []), check=True,
                   stdout=subprocess.DEVNULL)
    path = os.path.join(root, "intake.json")
    with open(path) as f:
        config = json.load(f)
    config["settle_seconds"] = settle
    if workers:
        config["workers"] = workers
    with open(path, "w") as f:
        json.dump(config, f)
    return root


def results(root):
    outbox = os.path.join(root, "outbox")
    return sum(1 for w in os.listdir(outbox) for n in os.listdir(os.path.join(outbox, w)) if n.endswith(".result.json"))


def peak_rss_kib(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


# The roots of a run, removed at its end, not between measurements: on a
# journal-less ext4 (this machine's) an inode freed in the last seconds is not
# reused, so a flood started right after 30,000 files were deleted spends most
# of its time scanning the inode table for each new file (`recently_deleted`
# in `perf`): it would measure the previous round's `rm -r`.
LEFTOVERS = []


def cleanup():
    """Removes the roots of the run (at its end: see LEFTOVERS)."""
    for base in LEFTOVERS:
        shutil.rmtree(base, ignore_errors=True)
    LEFTOVERS.clear()


def staged_flood(intake, files, workspaces, prefix, workers=None):
    """A fresh root (settle_seconds 0) with `files` five-row files across
    `workspaces` workspaces written under hidden temporary names in its inbox.
    Returns (base folder, root, [(temporary path, final path)]): rename them to drop them."""
    base = tempfile.mkdtemp(prefix=prefix)
    names = [f"ws{i:03d}" for i in range(workspaces)]
    root = make_root(intake, base, names, settle=0, workers=workers)
    staging = os.path.join(root, "inbox")
    payloads = []
    for index in range(files):
        name = f"{names[index % workspaces]}__payments__f{index:06d}.csv"
        tmp = os.path.join(staging, "." + name + ".tmp")
        with open(tmp, "wb") as f:
            f.write(rows(f"F{index}", 5))
        payloads.append((tmp, os.path.join(staging, name)))
    return base, root, payloads


def flood(intake, files, workspaces, workers=None):
    base, root, payloads = staged_flood(intake, files, workspaces, "intake-small-", workers)
    daemon = subprocess.Popen([intake, "watch", root], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    while not os.path.exists(os.path.join(root, "metrics.prom")):
        time.sleep(0.01)
    started = time.monotonic()
    for tmp, final in payloads:
        os.rename(tmp, final)
    peak = 0
    while results(root) < files:
        peak = max(peak, peak_rss_kib(daemon.pid))
        time.sleep(0.02)
    elapsed = time.monotonic() - started
    peak = max(peak, peak_rss_kib(daemon.pid))
    daemon.terminate()
    daemon.wait()
    verify = subprocess.run([intake, "verify", root], capture_output=True, text=True)
    LEFTOVERS.append(base)
    return files / elapsed, elapsed, peak, verify.returncode


def latency(intake, runs):
    base = tempfile.mkdtemp(prefix="intake-latency-")
    root = make_root(intake, base, ["acme"], settle=2)
    daemon = subprocess.Popen([intake, "watch", root], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    while not os.path.exists(os.path.join(root, "metrics.prom")):
        time.sleep(0.01)
    inbox = os.path.join(root, "inbox")
    outbox = os.path.join(root, "outbox", "acme")
    samples = []
    for run in range(runs):
        name = f"acme__payments__l{run:04d}.csv"
        with open(os.path.join(inbox, name), "wb") as f:
            f.write(rows(f"L{run}", 100))
        time.sleep(0.05)  # the file is there, waiting for its window; the marker says it is complete
        before = results(root)
        started = time.monotonic()
        open(os.path.join(inbox, name + ".done"), "wb").close()
        while results(root) == before:
            time.sleep(0.0005)
        samples.append((time.monotonic() - started) * 1000)
    peak = peak_rss_kib(daemon.pid)
    daemon.terminate()
    daemon.wait()
    LEFTOVERS.append(base)
    samples.sort()
    pick = lambda q: samples[min(len(samples) - 1, int(q * len(samples)))]
    return pick(0.5), pick(0.9), pick(0.99), peak


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=5000)
    parser.add_argument("--workspaces", type=int, default=50)
    parser.add_argument("--latency-runs", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--intake", help="this tree's binary (default: build it in release mode)")
    parser.add_argument("--baseline", help="another intake binary to measure in the same run")
    parser.add_argument("--workers", type=int, help="set workers in intake.json (default: Intake's default)")
    args = parser.parse_args()
    binaries = [("this", args.intake or build())]
    if args.baseline:
        binaries.append(("baseline", args.baseline))
    table = {label: [] for label, _ in binaries}
    for _ in range(args.rounds):
        for label, intake in binaries:
            rate, elapsed, flood_peak, verified = flood(intake, args.files, args.workspaces, args.workers)
            p50, p90, p99, idle_peak = latency(intake, args.latency_runs)
            table[label].append((rate, elapsed, p50, p90, p99, max(flood_peak, idle_peak) / 1024, verified))
            print(f"{label:9} {rate:8.1f} files/s ({elapsed:.1f} s)  latency p50 {p50:6.1f} ms  p90 {p90:6.1f} ms  "
                  f"p99 {p99:6.1f} ms  peak RSS {max(flood_peak, idle_peak) / 1024:5.1f} MiB  verify exit {verified}",
                  flush=True)
    print()
    print(f"{'binary':9} {'files/s':>9} {'p50 ms':>8} {'p90 ms':>8} {'p99 ms':>8} {'peak MiB':>9}")
    medians = {}
    for label, rounds in table.items():
        medians[label] = [statistics.median(r[i] for r in rounds) for i in (0, 2, 3, 4, 5)]
        m = medians[label]
        print(f"{label:9} {m[0]:9.1f} {m[1]:8.1f} {m[2]:8.1f} {m[3]:8.1f} {m[4]:9.1f}")
    if "baseline" in medians:
        this, base = medians["this"], medians["baseline"]
        print(f"ratio this/baseline: files/s {this[0] / base[0]:.2f}, p50 latency {this[1] / base[1]:.2f}")
    cleanup()
    return 0 if all(r[6] == 0 for rounds in table.values() for r in rounds) else 1


if __name__ == "__main__":
    sys.exit(main())
