#!/usr/bin/env python3
"""Intake's payments import benchmark against SQLite's own bulk loader.

Run from the project root:  python3 bench/bench.py [--rounds 5] [--skip-100k] [--baseline BIN]

1. Generates (once, cached outside the repository in ~/.cache/intake-bench) the
   1M-row and 100k-row payments files with ../shared/bench/gen_payments.py
   (--seed 1 --error-rate 0.02) when it exists, else with the project's own
   generator (intake-gen-payments, same columns and defect kinds).
2. Builds Intake in release mode.
3. Checks the output before timing anything: records, entries and per-code
   failure counts equal the generator's.
4. Alternates A B A B after a warm-up: `intake import` into a fresh root, and
   the floor (sqlite_import_floor.sh: the sqlite3 CLI loading the same file
   into the same two tables, no validation). Prints median wall time, median
   peak RSS (/usr/bin/time -v), rows/s, and the ratio Intake / floor per pair.
5. With --baseline BIN (another build's intake, e.g. the previous release's),
   that build runs in each round too (A B C), and the ratio this build /
   baseline is printed per round: a before/after comparison in one run.
"""
import argparse
import json
import os
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
PROJECT = os.path.dirname(HERE)
SHARED_GEN = os.path.join(PROJECT, "..", "shared", "bench", "gen_payments.py")
SHARED_FLOOR = os.path.join(PROJECT, "..", "shared", "bench", "sqlite_import_floor.sh")
LOCAL_FLOOR = os.path.join(HERE, "sqlite_import_floor.sh")
CACHE = os.path.join(os.path.expanduser("~"), ".cache", "intake-bench")
CODE_OF = {"iban_check": "iban_checksum", "currency": "currency_unknown", "date": "date_invalid",
           "amount": "amount_not_positive", "name": "required", "bic_length": "bic_format",
           "duplicate_id": "duplicate_id"}


def sh(cmd, **kw):
    return subprocess.run(cmd, check=True, **kw)


def generate(rows):
    os.makedirs(CACHE, exist_ok=True)
    source = "shared" if os.path.exists(SHARED_GEN) else "own"
    path = os.path.join(CACHE, f"payments-{rows}-seed1-{source}.csv")
    counts_path = path + ".counts"
    if not (os.path.exists(path) and os.path.exists(counts_path)):
        tmp = path + ".tmp"
        with open(tmp, "wb") as out:
            if source == "shared":
                err = sh([sys.executable, SHARED_GEN, "--rows", str(rows), "--seed", "1", "--error-rate", "0.02"],
                         stdout=out, stderr=subprocess.PIPE).stderr.decode()
            else:
                err = sh([os.path.join(PROJECT, ".build", "release", "intake-gen-payments"), "--rows", str(rows),
                          "--seed", "1", "--error-rate", "0.02"], stdout=out, stderr=subprocess.PIPE).stderr.decode()
        counts = {}
        for line in err.splitlines():
            m = re.match(r"\s+(\w+)\s+(\d+)$", line)
            if m:
                counts[m.group(1)] = int(m.group(2))
        with open(counts_path, "w") as f:
            json.dump(counts, f)
        os.replace(tmp, path)
    with open(counts_path) as f:
        return path, source, json.load(f)


def timed(cmd):
    """Runs cmd under /usr/bin/time -v; returns (wall seconds, peak RSS MiB)."""
    proc = subprocess.run(["/usr/bin/time", "-v"] + cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    err = proc.stderr.decode()
    if proc.returncode not in (0,):
        sys.exit(f"command failed ({proc.returncode}): {' '.join(cmd)}\n{err[-2000:]}")
    wall = re.search(r"Elapsed \(wall clock\) time.*: (?:(\d+):)?(\d+):([\d.]+)", err)
    hours = float(wall.group(1) or 0)
    seconds = hours * 3600 + float(wall.group(2)) * 60 + float(wall.group(3))
    rss_kib = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", err).group(1))
    return seconds, rss_kib / 1024


def fresh_root(base, intake):
    root = os.path.join(base, "root")
    shutil.rmtree(root, ignore_errors=True)
    sh([intake, "init", root, "--workspace", "bench"], stdout=subprocess.DEVNULL)
    return root


def run_intake(base, path, intake=None):
    intake = intake or INTAKE
    root = fresh_root(base, intake)
    return timed([intake, "import", root, "--workspace", "bench", "--type", "payments", path]), root


def run_floor(base, path):
    db = os.path.join(base, "floor.sqlite")
    floor = SHARED_FLOOR if os.path.exists(SHARED_FLOOR) else LOCAL_FLOOR
    return timed(["sh", floor, path, db])


def check(base, path, rows, counts):
    (_, _), root = run_intake(base, path)
    db = sqlite3.connect(os.path.join(root, "data", "bench.sqlite"))
    invalid = sum(counts.values())
    records = db.execute("SELECT count(*) FROM payments").fetchone()[0]
    entries = db.execute("SELECT count(*) FROM entries").fetchone()[0]
    found = {}
    for (issues,) in db.execute("SELECT issues FROM entries WHERE status = 'FAILED'"):
        for issue in json.loads(issues):
            found[issue["code"]] = found.get(issue["code"], 0) + 1
    expected = {CODE_OF[k]: v for k, v in counts.items() if v}
    ok = records == rows - invalid and entries == rows and found == expected
    print(f"check {rows} rows: records={records} (want {rows - invalid}) entries={entries} (want {rows}) "
          f"codes={'equal' if found == expected else f'DIFFER {found} vs {expected}'}")
    if not ok:
        sys.exit("the output is wrong: not timing it")


def bench(base, path, rows, rounds, baseline=None):
    results = {"intake": [], "floor": [], "baseline": []}
    run_intake(base, path)  # warm-up
    run_floor(base, path)
    if baseline:
        run_intake(base, path, baseline)
    for _ in range(rounds):
        (a, _) = run_intake(base, path)
        b = run_floor(base, path)
        results["intake"].append(a)
        results["floor"].append(b)
        if baseline:
            (c, _) = run_intake(base, path, baseline)
            results["baseline"].append(c)
    ratios = [a[0] / b[0] for a, b in zip(results["intake"], results["floor"])]
    order = "A B C" if baseline else "A B"
    print(f"\n{rows:,} rows, {os.path.getsize(path) / 2**20:.1f} MiB, {rounds} rounds ({order} alternating)")
    print(f"{'':8} {'median wall s':>14} {'median peak RSS MiB':>20} {'rows/s':>12}")
    for name in ("intake", "floor", "baseline") if baseline else ("intake", "floor"):
        wall = statistics.median(r[0] for r in results[name])
        rss = statistics.median(r[1] for r in results[name])
        print(f"{name:8} {wall:14.3f} {rss:20.1f} {rows / wall:12,.0f}")
    print("ratio intake/floor per pair: " + " ".join(f"{r:.2f}" for r in ratios)
          + f"   median {statistics.median(ratios):.2f}")
    if baseline:
        against = [a[0] / c[0] for a, c in zip(results["intake"], results["baseline"])]
        print("ratio intake/baseline per round: " + " ".join(f"{r:.2f}" for r in against)
              + f"   median {statistics.median(against):.2f}")
    return statistics.median(r[1] for r in results["intake"])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--skip-100k", action="store_true")
    parser.add_argument("--baseline", metavar="BIN", help="another build's intake, run in each round for a same-run ratio")
    args = parser.parse_args()
    if args.baseline and not os.access(args.baseline, os.X_OK):
        sys.exit(f"--baseline {args.baseline}: not an executable")
    sh(["bash", os.path.join(PROJECT, "scripts", "setup.sh")])
    sh(["swift", "build", "-c", "release", "--package-path", PROJECT], stdout=subprocess.DEVNULL)
    if shutil.which("sqlite3") is None:
        sys.exit("the floor needs the sqlite3 CLI: apt-get install -y sqlite3")
    big, source, big_counts = generate(1_000_000)
    print(f"generator: {source}; files cached in {CACHE}")
    with tempfile.TemporaryDirectory(prefix="intake-bench-") as base:
        check(base, big, 1_000_000, big_counts)
        rss_big = bench(base, big, 1_000_000, args.rounds, args.baseline)
        if not args.skip_100k:
            small, _, small_counts = generate(100_000)
            check(base, small, 100_000, small_counts)
            rss_small = bench(base, small, 100_000, args.rounds, args.baseline)
            print(f"\npeak RSS 1M / 100k: {rss_big / rss_small:.2f}")


INTAKE = os.path.join(PROJECT, ".build", "release", "intake")

if __name__ == "__main__":
    main()
