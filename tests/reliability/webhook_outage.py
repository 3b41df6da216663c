#!/usr/bin/env python3
"""A webhook receiver down for minutes while `intake watch` ends jobs, then up.

Run from the project root:  python3 tests/reliability/webhook_outage.py [--down-minutes 5] [--drops 20]

Starts the HTTPS receiver of the tests (Tests/Receivers/webhook-receiver.py,
a throwaway CA), stops it, starts `intake watch` on a root whose webhook posts
to it, drops --drops files in 4 workspaces, keeps the receiver down for
--down-minutes (the real backoff: 1 s doubling to 1 h, ±50 %), then starts it
again on the same port and waits for every delivery. Checks that each
delivery is delivered, arrived at the receiver exactly once with its id, and
that its attempts count every failed attempt the daemon logged plus the one
that succeeded. Prints the counts and the longest wait after the receiver came
back; exits 0 when every check holds. (The suite's short version is
WebhookEndpointTests.aReceiverDownForAWhileGetsEachDeliveryOnceWhenItIsBack.)
"""
import argparse
import collections
import json
import os
import signal
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from crash_loop import PROJECT, conclude, generate, init_root, parse_with_binaries  # noqa: E402

RECEIVER = os.path.join(PROJECT, "Tests", "Receivers", "webhook-receiver.py")


def start_receiver(folder, port=None):
    if os.path.exists(os.path.join(folder, "port")):
        os.remove(os.path.join(folder, "port"))
    process = subprocess.Popen([sys.executable, RECEIVER, folder] + ([str(port)] if port else []),
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(300):
        if os.path.exists(os.path.join(folder, "port")):
            with open(os.path.join(folder, "port")) as f:
                return process, int(f.read())
        time.sleep(0.1)
    raise SystemExit("the webhook receiver did not start in " + folder)


def deliveries(intake, root):
    out = subprocess.run([intake, "webhooks", root, "--json", "--limit", "100000"], capture_output=True, text=True)
    return [json.loads(line) for line in out.stdout.splitlines() if line.strip()]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--down-minutes", type=float, default=5)
    parser.add_argument("--drops", type=int, default=20)
    args, intake, gen = parse_with_binaries(parser)
    base = tempfile.mkdtemp(prefix="intake-webhook-outage-")
    root, folder = os.path.join(base, "root"), os.path.join(base, "receiver")
    os.makedirs(folder)
    receiver, port = start_receiver(folder)
    with open(os.path.join(folder, "secret"), "w") as f:
        f.write("outage-secret\n")
    workspaces = [f"ws{i}" for i in range(4)]
    init_root(intake, root, workspaces, settle_seconds=0, rescan_seconds=5, webhooks=[{
        "url": f"https://127.0.0.1:{port}/hook", "secret_file": os.path.join(folder, "secret"),
        "ca_file": os.path.join(folder, "ca.pem"), "timeout_seconds": 5}])
    receiver.kill()
    receiver.wait()
    log_path = os.path.join(base, "watch.log")
    log = open(log_path, "w")
    daemon = subprocess.Popen([intake, "watch", root], stdout=log, stderr=log)
    for index in range(args.drops):
        name = f"{workspaces[index % len(workspaces)]}__payments__f{index:04d}.csv"
        generate(gen, 50, 7000 + index, os.path.join(root, "inbox", name), prefix=f"O{index:04d}")
    down_until = time.time() + args.down_minutes * 60
    print(f"receiver down for {args.down_minutes} min; {args.drops} drops; root {root}", flush=True)
    while time.time() < down_until:
        time.sleep(5)
    owed = deliveries(intake, root)
    receiver, _ = start_receiver(folder, port)
    back = time.time()
    problems = []
    # The last failed attempt's step is at most about twice the outage (the waits before it were at least half
    # their steps) and its wait at most 1.5 steps: every delivery is tried again within about 3 x the outage.
    deadline = back + 3 * args.down_minutes * 60 + 60
    rows = owed
    while time.time() < deadline:
        rows = deliveries(intake, root)
        if len(rows) == args.drops and all(row["state"] == "delivered" for row in rows):
            break
        time.sleep(5)
    waited = time.time() - back
    daemon.send_signal(signal.SIGTERM)
    daemon.wait(timeout=120)
    receiver.kill()
    log.close()

    if len(rows) != args.drops:
        problems.append(f"{len(rows)} deliveries for {args.drops} jobs")
    not_delivered = [row["id"] for row in rows if row["state"] != "delivered"]
    if not_delivered:
        problems.append(f"{len(not_delivered)} not delivered: {not_delivered[:5]}")
    if any(row["state"] != "pending" for row in owed):
        problems.append("a delivery left the pending state while the receiver was down")
    with open(os.path.join(folder, "arrived.jsonl")) as f:
        arrived = collections.Counter(json.loads(line)["delivery"] for line in f if line.strip())
    twice = [i for i, n in arrived.items() if n != 1]
    if twice:
        problems.append(f"{len(twice)} deliveries arrived more than once: {twice[:5]}")
    if set(arrived) != {row["id"] for row in rows}:
        problems.append("the ids that arrived are not the ids of the catalogue's deliveries")
    failed = collections.Counter()
    with open(log_path) as f:
        for line in f:
            if "event=webhook_failed" in line:
                failed[line.split(" delivery=", 1)[1].split(" ", 1)[0]] += 1
    miscounted = [row["id"] for row in rows if row["attempts"] != failed[row["id"]] + 1]
    if miscounted:
        problems.append(f"{len(miscounted)} deliveries whose attempts are not their failed attempts + 1: {miscounted[:5]}")
    attempts = [row["attempts"] for row in rows]
    print(f"{len(rows)} deliveries, {sum(arrived.values())} arrivals, attempts {min(attempts, default=0)} to "
          f"{max(attempts, default=0)} each; all delivered {waited:.0f} s after the receiver came back", flush=True)
    return conclude(problems)


if __name__ == "__main__":
    sys.exit(main())
