#!/usr/bin/env python3
"""Writers that stall mid-file under the final name, against `intake watch`
with the default settle window (2 s).

Run from the project root:  python3 tests/reliability/stalled_writers.py [--files 40]

Each writer opens `inbox/wsNN__payments__fNNN.csv` under its final name,
writes it in chunks and pauses between chunks for 0 to 3 settle windows with
its descriptor open (a stalled `sftp put`); a few writers close and reopen to
append (a client that reconnects). Then it checks every file was imported
exactly once and whole (one DONE job, total = rows written, SHA-256 = the
file's), or, for a reopened file, that every row written is accounted for
(stored, or reported in a job); that `intake verify --content` is clean. Prints
the counts; exits 0 when every check holds.
"""
import argparse
import hashlib
import json
import os
import random
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from crash_loop import build, conclude, init_root, verify  # noqa: E402


def write_stalled(path, data, rng, settle, reopen):
    """Writes `data` to `path` in 3 to 6 chunks, pausing with the file open."""
    cuts = sorted(rng.sample(range(1, len(data)), rng.randint(2, 5)))
    chunks = [data[a:b] for a, b in zip([0] + cuts, cuts + [len(data)])]
    f = open(path, "wb")
    for index, chunk in enumerate(chunks):
        f.write(chunk)
        f.flush()
        if index + 1 < len(chunks):
            if reopen and index == len(chunks) // 2:
                f.close()  # gap with nobody writing: shorter than the settle window
                time.sleep(settle * rng.uniform(0.1, 0.4))
                f = open(path, "ab")
            else:
                time.sleep(settle * rng.uniform(0, 3))
    f.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=40)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--intake")
    args = parser.parse_args()
    intake = args.intake or build()[0]
    rng = random.Random(args.seed)
    base = tempfile.mkdtemp(prefix="intake-stalled-")
    root = os.path.join(base, "root")
    workspaces = [f"ws{i:02d}" for i in range(8)]
    settle = 2.0
    init_root(intake, root, workspaces, settle_seconds=settle, rescan_seconds=30, workers=2)
    daemon = subprocess.Popen([intake, "watch", root], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    started = time.time()
    files = {}
    threads = []
    for index in range(args.files):
        rows = rng.choice([50, 500, 5000])
        lines = ["payment_id,amount,currency,due_date,beneficiary_name,beneficiary_iban,beneficiary_bic,beneficiary_country,reference"]
        lines += [f"S{index:03d}-{r:05d},{r % 997 + 1}.{r % 100:02d},EUR,2026-06-01,Name {r},"
                  f"FR7630006000011234567890189,SOGEFRPP,FR,ref {r}" for r in range(rows)]
        data = ("\n".join(lines) + "\n").encode()
        name = f"{workspaces[index % len(workspaces)]}__payments__f{index:03d}.csv"
        reopen = index % 5 == 4
        files[name] = (rows, hashlib.sha256(data).hexdigest(), reopen)
        thread = threading.Thread(target=write_stalled,
                                  args=(os.path.join(root, "inbox", name), data, random.Random(index), settle, reopen))
        thread.start()
        threads.append(thread)
        time.sleep(rng.uniform(0, 0.2))
    for thread in threads:
        thread.join()
    deadline = time.time() + 120
    catalogue = os.path.join(root, "index.sqlite")
    while time.time() < deadline:
        if not os.listdir(os.path.join(root, "inbox")) and not any(os.listdir(os.path.join(root, "work", w))
                                                                     for w in os.listdir(os.path.join(root, "work"))):
            db = sqlite3.connect(catalogue)
            open_jobs = db.execute("SELECT count(*) FROM jobs WHERE status IN ('QUEUED','RUNNING','APPLIED')").fetchone()[0]
            db.close()
            if open_jobs == 0:
                break
        time.sleep(0.5)
    daemon.terminate()
    _, log = daemon.communicate(timeout=60)
    elapsed = time.time() - started
    db = sqlite3.connect(catalogue)
    jobs = db.execute("SELECT source_name, status, total, sha256, workspace FROM jobs").fetchall()
    problems = []
    whole = split = 0
    for name, (rows, digest, reopen) in sorted(files.items()):
        mine = [j for j in jobs if j[0] == name]
        done = [j for j in mine if j[1] == "DONE"]
        if len(done) == 1 and done[0][2] == rows and done[0][3] == digest:
            whole += 1
            continue
        if reopen and mine:
            # Taken in the reopen gap: every row must still be in some job's total.
            if sum(j[2] for j in mine) >= rows:
                split += 1
                continue
        problems.append(f"{name}: {rows} rows written, jobs {[(j[1], j[2]) for j in mine]}")
    report = verify(intake, root)
    problems += report.get("problems", [])
    verify_content = subprocess.run([intake, "verify", root, "--content"], capture_output=True, text=True)
    if verify_content.returncode != 0:
        problems.append("verify --content: " + (verify_content.stdout.strip() or verify_content.stderr.strip()))
    print(f"{len(files)} files written with stalls of up to 3 settle windows ({sum(1 for v in files.values() if v[2])} reopened), "
          f"{whole} imported whole once, {split} reopened and split visibly, {len(jobs)} jobs, {elapsed:.1f} s")
    return conclude(problems)


if __name__ == "__main__":
    sys.exit(main())
