#!/usr/bin/env python3
"""Kills Intake with SIGKILL at random moments and checks that nothing is lost.

Run from the project root:
    python3 tests/reliability/crash_loop.py [--kills 200] [--rows 1000000] [--drops 100] [--seed 1]

Phase 1 kills `intake run` over and over while it imports one large payments
file (--rows), restarting it each time; phase 2 kills `intake watch` while a
burst of --drops small files arrives in ten workspaces. Half the kills go to
each phase, each at a random moment (startup, recovery, claiming, parsing,
committing, reporting, archiving). After the last restart has finished:

- every dropped file has exactly one finished job, with its original in
  archive/ or failed/ and its result.json in the outbox; inbox/ and work/ are empty;
- `intake verify` finds no problem and nothing pending: the catalogue and every
  store pass PRAGMA integrity_check, no job is half stored, every stored job is
  DONE in the catalogue and every DONE job is stored;
- no record is stored twice.

Prints the counts and exits 0 when every check holds.
"""
import argparse
import glob
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
PROJECT = os.path.dirname(os.path.dirname(HERE))


def build():
    subprocess.run(["bash", "scripts/setup.sh"], cwd=PROJECT, check=True, stdout=subprocess.DEVNULL)
    subprocess.run(["swift", "build", "-c", "release", "--product", "intake"], cwd=PROJECT, check=True)
    subprocess.run(["swift", "build", "-c", "release", "--product", "intake-gen-payments"], cwd=PROJECT, check=True)
    bin_dir = subprocess.run(["swift", "build", "-c", "release", "--show-bin-path"], cwd=PROJECT, check=True,
                             capture_output=True, text=True).stdout.strip()
    return os.path.join(bin_dir, "intake"), os.path.join(bin_dir, "intake-gen-payments")


def parse_with_binaries(parser):
    """Adds --intake and --gen (built binaries; default: build release) to `parser`; (args, intake, gen)."""
    parser.add_argument("--intake", help="a built intake binary (default: build release)")
    parser.add_argument("--gen", help="a built intake-gen-payments binary")
    args = parser.parse_args()
    intake, gen = (args.intake, args.gen) if args.intake and args.gen else build()
    return args, intake, gen


def init_root(intake, path, workspaces, **settings):
    subprocess.run([intake, "init", path] + sum([["--workspace", w] for w in workspaces], []), check=True,
                   stdout=subprocess.DEVNULL)
    config_path = os.path.join(path, "intake.json")
    with open(config_path) as f:
        config = json.load(f)
    config.update(settings)
    with open(config_path, "w") as f:
        json.dump(config, f)


def generate(gen, rows, seed, path, prefix=None):
    # Written under a hidden name, as an upload would be: Intake never takes it half written.
    tmp = os.path.join(os.path.dirname(path), "." + os.path.basename(path) + ".tmp")
    subprocess.run([gen, "--rows", str(rows), "--seed", str(seed), "--out", tmp], check=True, stderr=subprocess.DEVNULL)
    if prefix:
        with open(tmp, "rb") as f:
            data = f.read().replace(b"\nPAY-", b"\n" + prefix.encode() + b"-")
        with open(tmp, "wb") as f:
            f.write(data)
    os.rename(tmp, path)  # appears at once, like an SFTP rename


def kill_at_random(command, delay):
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(delay)
    if process.poll() is None:
        process.send_signal(signal.SIGKILL)
        process.wait()
        return True
    return False


def verify(intake, root):
    out = subprocess.run([intake, "verify", root, "--json"], capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1]) if out.stdout.strip() else {"problems": [out.stderr]}


def audit(intake, root, dropped, table_ids):
    """The checks of the docstring; returns (counts, problems)."""
    problems = []
    report = verify(intake, root)
    problems += ["verify: " + p for p in report.get("problems", [])]
    problems += ["pending after the last run: " + p for p in report.get("pending", [])]
    status = subprocess.run([intake, "status", root, "--json", "--limit", "100000"], capture_output=True, text=True)
    jobs = [json.loads(line) for line in status.stdout.splitlines() if line.strip()]
    by_name = {}
    for job in jobs:
        by_name.setdefault(job["source"]["name"], []).append(job)
    archived = failed = 0
    for name in dropped:
        found = by_name.get(name, [])
        finished = [j for j in found if j["status"] in ("DONE", "FAILED", "DUPLICATE", "REJECTED")]
        if len(finished) != 1:
            problems.append(f"{name}: {len(finished)} finished jobs ({[j['status'] for j in found]})")
            continue
        job = finished[0]
        originals = glob.glob(os.path.join(root, "archive", "*", "*", job["job_id"] + "__*"))
        fails = glob.glob(os.path.join(root, "failed", "*", job["job_id"] + "__*"))
        archived += len(originals)
        failed += len(fails)
        if len(originals) + len(fails) != 1:
            problems.append(f"{name}: original not in archive/ or failed/ exactly once")
        if not os.path.exists(os.path.join(root, "outbox", job["workspace"], job["job_id"] + ".result.json")):
            problems.append(f"{name}: no result.json")
    for folder in ("inbox", "work"):
        left = [p for p in glob.glob(os.path.join(root, folder, "**", "*"), recursive=True) if os.path.isfile(p)]
        if left:
            problems.append(f"{folder}/ still holds {len(left)} file(s): {left[:3]}")
    twice = 0
    for store in glob.glob(os.path.join(root, "data", "*.sqlite")):
        db = sqlite3.connect(store)
        for table, key in table_ids:
            count, distinct = db.execute(f"SELECT count(*), count(DISTINCT {key}) FROM {table}").fetchone()
            twice += count - distinct
        db.close()
    if twice:
        problems.append(f"{twice} record(s) stored twice")
    counts = {
        "dropped": len(dropped), "archived": archived, "failed": failed,
        "jobs": report.get("jobs", {}), "applied_jobs": report.get("applied_jobs"),
        "entries": report.get("entries"), "records": report.get("records"), "stored_twice": twice,
        "lost": len(dropped) - archived - failed,
    }
    return counts, problems


def phase_big(intake, gen, base, kills, rows, rng):
    root = os.path.join(base, "big")
    init_root(intake, root, ["acme"], settle_seconds=0, max_attempts=1000000)
    dropped = ["acme__payments__big0.csv"]
    generate(gen, rows, 7, os.path.join(root, "inbox", dropped[0]))
    # Kill anywhere in a run: roughly the time a whole import takes here, measured once.
    probe = os.path.join(base, "probe")
    init_root(intake, probe, ["acme"], settle_seconds=0)
    started = time.time()
    subprocess.run([intake, "import", probe, "--workspace", "acme", "--type", "payments",
                    os.path.join(root, "inbox", dropped[0])], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    span = max(0.3, time.time() - started)
    shutil.rmtree(probe)
    done = 0
    while done < kills:
        if kill_at_random([intake, "run", root], rng.uniform(0.01, span * 1.05)):
            done += 1
        elif not glob.glob(os.path.join(root, "inbox", "*.csv")):
            # A run outlived its random moment and finished the import: drop the next large file.
            name = f"acme__payments__big{len(dropped)}.csv"
            generate(gen, rows, 7 + len(dropped), os.path.join(root, "inbox", name))
            dropped.append(name)
    finished = subprocess.run([intake, "run", root], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    counts, problems = audit(intake, root, dropped, [("payments", "payment_id")])
    if finished.returncode != 0:
        problems.append(f"the last run exited {finished.returncode}: {finished.stderr.strip()}")
    counts["kills"] = done
    counts["import_seconds"] = round(span, 2)
    return counts, problems


def phase_burst(intake, gen, base, kills, drops, rng):
    root = os.path.join(base, "burst")
    workspaces = [f"w{i:02d}" for i in range(10)]
    init_root(intake, root, workspaces, settle_seconds=0, rescan_seconds=1, max_attempts=1000000, workers=2)
    dropped = []
    per_kill = max(1, -(-drops // max(1, kills // 2)))
    done = 0
    next_drop = 0
    while done < kills:
        for _ in range(per_kill):
            if next_drop < drops:
                workspace = workspaces[next_drop % len(workspaces)]
                name = f"{workspace}__payments__drop{next_drop:04d}.csv"
                generate(gen, rng.choice([50, 500, 5000]), 1000 + next_drop, os.path.join(root, "inbox", name),
                         prefix=f"D{next_drop:04d}")
                dropped.append(name)
                next_drop += 1
        if kill_at_random([intake, "watch", root], rng.uniform(0.01, 0.8)):
            done += 1
    watch = subprocess.Popen([intake, "watch", root], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 300
    while time.time() < deadline:
        report = verify(intake, root)
        inbox = [p for p in glob.glob(os.path.join(root, "inbox", "*")) if os.path.isfile(p)]
        if not inbox and not report.get("pending"):
            break
        time.sleep(0.5)
    watch.send_signal(signal.SIGTERM)
    code = watch.wait(timeout=60)
    counts, problems = audit(intake, root, dropped, [("payments", "payment_id")])
    if code != 0:
        problems.append(f"watch exited {code} on SIGTERM")
    counts["kills"] = done
    return counts, problems


def conclude(problems):
    """Prints the problems and the verdict; the exit status."""
    for problem in problems:
        print("PROBLEM: " + problem)
    print("all checks hold" if not problems else f"{len(problems)} problem(s)")
    return 0 if not problems else 1


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=200)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--drops", type=int, default=100)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--intake", help="a built intake binary (default: build release)")
    parser.add_argument("--gen", help="a built intake-gen-payments binary")
    parser.add_argument("--keep", action="store_true", help="keep the roots for inspection")
    args = parser.parse_args()
    intake, gen = (args.intake, args.gen) if args.intake and args.gen else build()
    rng = random.Random(args.seed)
    base = tempfile.mkdtemp(prefix="intake-crash-")
    started = time.time()
    try:
        big, big_problems = phase_big(intake, gen, base, args.kills // 2, args.rows, rng)
        burst, burst_problems = phase_burst(intake, gen, base, args.kills - args.kills // 2, args.drops, rng)
    finally:
        if not args.keep:
            shutil.rmtree(base, ignore_errors=True)
    print(f"crash loop: seed {args.seed}, {round(time.time() - started)} s")
    print(f"  large imports ({args.rows:,} rows each): {json.dumps(big, sort_keys=True)}")
    print(f"  burst under watch ({args.drops} drops): {json.dumps(burst, sort_keys=True)}")
    print(f"  kills survived: {big['kills'] + burst['kills']}, files lost: {big['lost'] + burst['lost']}")
    return conclude(big_problems + burst_problems)


if __name__ == "__main__":
    sys.exit(main())
