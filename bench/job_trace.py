#!/usr/bin/env python3
"""Where a small job's system calls go: a per-job strace of a running daemon.

Run from the project root:  python3 bench/job_trace.py [--intake PATH] [--baseline PATH]
                            [--files 1000] [--workspaces 50] [--stack-files 300]
                            [--timing-files 5000] [--latency-runs 50] [--no-timing]

For each binary (this tree's release build, and --baseline when given):

1. Counts: starts `intake watch` under `strace -f -ttt` on a fresh root (the
   flood setup of bench/small_files.py: default configuration, settle_seconds
   0), renames --files five-row files across --workspaces workspaces into the
   inbox, waits until every job is DONE (each file archived, work/ empty), and
   counts the daemon's system calls between the first rename and that moment:
   per job in all, by name, fsync-family calls (fsync, fdatasync, syncfs,
   sync_file_range, msync) and timed sleeps (clock_nanosleep, nanosleep: a
   polling sleep, SQLite's busy handler included).
2. Phases: the same flood of --stack-files files with `perf record -e
   raw_syscalls:sys_enter --call-graph dwarf` attached to the daemon (a stack
   for every call, unwound afterwards through SQLite and libc by their unwind
   tables; `strace -k` gives the same but unwinds while the daemon waits, at
   ~6 ms a call). Each call goes to the phase of the innermost Intake
   function on its stack that names one (claim, lock, open store,
   transaction, outbox, archive, catalogue, recovery, scan, wait, metrics,
   hooks, webhooks, logging, turn; `other` when no frame names one).
3. Throughput and latency, unless --no-timing: bench/small_files.py's flood
   (files/s) and marker-to-result.json latency (p50/p90/p99), peak RSS.

Counts of system calls, syncs and sleeps do not depend on the machine's load
(the number of loop wakes per job does, a little); files/s and latency do.
"""
import argparse
import collections
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import small_files  # noqa: E402  (the flood and latency measurements are its own)

SYNCS = ("fsync", "fdatasync", "syncfs", "sync_file_range", "msync")
SLEEPS = ("clock_nanosleep", "nanosleep")
STRACE_LINE = re.compile(r"^(\d+)\s+(\d+\.\d+)\s+(.*)$")
CALL = re.compile(r"^([a-z_0-9]+)\(")
PERF_SAMPLE = re.compile(r"^\s*\d+\s+NR (\d+) ")
PERF_FRAME = re.compile(r"^\s+[0-9a-f]+ (\S+)")

# Phase of a call: the innermost frame on its stack whose demangled name
# contains one of these (checked in order, first match wins for that frame).
# Generic helpers (BufferedFile, FileSystem, Database, Statement) name no
# phase, so a call is given to whoever used them.
PHASES = [
    ("outbox", ["ReportBuilder", "HTMLReport", "RejectedWriter", "SpillBuffer", "prepareOutbox", "emptyReport"]),
    ("catalogue", ["SQLiteCatalogue", "openCatalogue", "JobCatalogue"]),
    ("transaction", ["ImportTransaction", "beginImport", "importDocument", "parseRows", "RowLoop", "HeldDrop",
                     "openDocument", "documentInput", "CSVHandler", "DecodingByteSource"]),
    ("open store", ["SQLiteStore", "openStore", "StoreCache", "Sessions"]),
    ("lock", ["FileLock", "WorkspaceLock", "tryAcquire", "setHolder", "confirmHeld"]),
    ("claim", ["Claims.", "DropFolder"]),
    ("archive", ["moveOriginal", ".archive("]),
    ("recovery", [".recover(", "needsRecovery", "removeTemporaries", "settleOrphan"]),
    ("scan", ["InboxScanner", "Readiness", "FolderWatches", "InboxPass.plan", "RemovedWorkspaces", "Inotify"]),
    ("metrics", ["writeMetrics", "Metrics"]),
    ("hooks", ["HookRunner"]),
    ("webhooks", ["Webhook"]),
    ("wait", ["ServiceClock", "WakePipe"]),
    ("logging", ["Logger"]),
    ("turn", ["InboxPass", "JobRunner", "Daemon"]),
]


def strace_counts(stream, window):
    """Calls by name in strace -f -ttt output, inside `window` [start, end] (epoch seconds)."""
    counts = collections.Counter()
    for raw in stream:
        match = STRACE_LINE.match(raw)
        if not match or "resumed>" in raw[:80]:
            continue  # an unfinished call was counted when it started
        stamp = float(match.group(2))
        call = CALL.match(match.group(3))
        if call and window[0] is not None and window[0] <= stamp and (window[1] is None or stamp <= window[1]):
            counts[call.group(1)] += 1
    return counts


def perf_phases(stream, symbols, numbers):
    """Calls by phase and name in `perf script -F tid,trace,ip,sym` output."""
    by_phase = collections.defaultdict(collections.Counter)
    name, frames = None, []
    for raw in stream:
        sample = PERF_SAMPLE.match(raw)
        if sample:
            name, frames = numbers.get(int(sample.group(1)), "nr" + sample.group(1)), []
        elif raw.strip() == "":
            if name is not None:
                by_phase[phase(frames, symbols)][name] += 1
            name = None
        elif name is not None:
            frame = PERF_FRAME.match(raw)
            if frame:
                frames.append(frame.group(1))
    if name is not None:
        by_phase[phase(frames, symbols)][name] += 1
    return by_phase


def phase(frames, symbols):
    for frame in frames:
        name = symbols.get(frame)
        if name is None:
            continue
        for label, needles in PHASES:
            if any(needle in name for needle in needles):
                return label
    return "other"


def syscall_numbers():
    """x86-64 system call numbers -> names, from the kernel headers."""
    numbers = {}
    for header in ("/usr/include/x86_64-linux-gnu/asm/unistd_64.h", "/usr/include/asm/unistd_64.h"):
        if os.path.exists(header):
            for line in open(header):
                parts = line.split()
                if len(parts) == 3 and parts[0] == "#define" and parts[1].startswith("__NR_"):
                    numbers[int(parts[2])] = parts[1][5:]
            break
    return numbers


def demangled(intake):
    """Every function symbol of the binary, mangled -> demangled (one swift-demangle run)."""
    names = subprocess.run(["nm", "--defined-only", intake], capture_output=True, text=True).stdout.split("\n")
    mangled = sorted({line.split()[-1] for line in names if line.count(" ") >= 2 and line.split()[1] in "tTwW"})
    tool = shutil.which("swift-demangle") or "/opt/swift/usr/bin/swift-demangle"
    out = subprocess.run([tool, "--simplified", "--compact"], input="\n".join(mangled), capture_output=True, text=True)
    return dict(zip(mangled, out.stdout.split("\n")))


def traced_flood(intake, files, workspaces, tool, symbols=None):
    """One flood watched by `tool` ("strace": counts by name; "perf": counts by phase).
    Returns (jobs, result, seconds)."""
    base, root, staged = small_files.staged_flood(intake, files, workspaces, "intake-trace-")
    window = [None, None]
    result = {}
    reader = None
    if tool == "strace":
        fifo = os.path.join(base, "strace.fifo")
        os.mkfifo(fifo)
        command = ["strace", "-f", "-qq", "-ttt", "-s", "0", "-o", fifo, intake, "watch", root]
        traced = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

        def read():
            with open(fifo, errors="replace") as stream:
                result["counts"] = strace_counts(stream, window)

        reader = threading.Thread(target=read)
        reader.start()
    else:
        traced = subprocess.Popen([intake, "watch", root], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    while not os.path.exists(os.path.join(root, "metrics.prom")):
        time.sleep(0.01)
    time.sleep(0.2)
    daemon = traced.pid
    if tool == "strace":
        with open(f"/proc/{traced.pid}/task/{traced.pid}/children") as f:  # the daemon: strace's child
            daemon = int(f.read().split()[0])
    else:
        data = os.path.join(base, "perf.data")
        recorder = subprocess.Popen(
            ["perf", "record", "-q", "-m", "16384", "-e", "raw_syscalls:sys_enter", "--call-graph", "dwarf,16384",
             "-o", data, "-p", str(daemon)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(1.0)  # perf attached
    window[0] = time.time()
    for tmp, final in staged:
        os.rename(tmp, final)
    archive = os.path.join(root, "archive")
    work = os.path.join(root, "work")
    while True:
        time.sleep(0.05)
        done = sum(len(entries) for _, _, entries in os.walk(archive))
        busy = sum(len(entries) for _, _, entries in os.walk(work))
        if done >= files and busy == 0:
            break
    time.sleep(0.1)  # the DONE write follows the archive rename
    window[1] = time.time()
    seconds = window[1] - window[0]
    if tool == "perf":
        recorder.send_signal(signal.SIGINT)
        recorder.wait()
    os.kill(daemon, signal.SIGTERM)
    traced.wait()
    if reader:
        reader.join()
    else:
        script = subprocess.Popen(["perf", "script", "-i", data, "-F", "tid,trace,ip,sym"], stdout=subprocess.PIPE,
                                  stderr=subprocess.DEVNULL, text=True, errors="replace")
        result["counts"] = perf_phases(script.stdout, symbols, syscall_numbers())
        script.wait()
        stats = subprocess.run(["perf", "report", "--stats", "-i", data], capture_output=True, text=True).stdout
        lost = sum(int(n) for n in re.findall(r"LOST(?:_SAMPLES)? events:\s+(\d+)", stats))
        result["lost"] = lost
    verify = subprocess.run([intake, "verify", root], capture_output=True, text=True)
    shutil.rmtree(base, ignore_errors=True)
    if verify.returncode != 0:
        print(f"intake verify failed after the traced flood:\n{verify.stdout}{verify.stderr}", file=sys.stderr)
    if result.get("lost"):
        print(f"  (perf lost {result['lost']} samples: a busy machine; the phase figures are short of the counts above)")
    return files, result["counts"], seconds


def per_job(counter, jobs, names=None):
    return sum(v for k, v in counter.items() if names is None or k in names) / jobs


def report(label, intake, args, symbols):
    print(f"== {label}: {intake}")
    jobs, by_name, seconds = traced_flood(intake, args.files, args.workspaces, "strace")
    summary = {
        "calls": per_job(by_name, jobs), "syncs": per_job(by_name, jobs, SYNCS), "sleeps": per_job(by_name, jobs, SLEEPS),
    }
    print(f"{jobs} jobs in {args.workspaces} workspaces under strace -f ({seconds:.1f} s), per job: "
          f"{summary['calls']:.1f} system calls, {summary['syncs']:.2f} fsync-family, {summary['sleeps']:.2f} timed sleeps")
    print("  by name: " + "  ".join(f"{n} {c / jobs:.1f}" for n, c in by_name.most_common() if c / jobs >= 0.05))
    if args.stack_files:
        jobs, by_phase, seconds = traced_flood(intake, args.stack_files, args.workspaces, "perf", symbols)
        calls = sum(sum(c.values()) for c in by_phase.values())
        print(f"phases ({jobs} jobs under perf record, {seconds:.1f} s; {calls / jobs:.1f} calls per job):")
        print(f"  {'phase':12} {'calls':>7} {'syncs':>6} {'sleeps':>6}  most frequent calls")
        for name, calls in sorted(by_phase.items(), key=lambda item: -sum(item[1].values())):
            top = "  ".join(f"{n} {c / jobs:.1f}" for n, c in calls.most_common(6) if c / jobs >= 0.05)
            print(f"  {name:12} {per_job(calls, jobs):7.1f} {per_job(calls, jobs, SYNCS):6.2f} "
                  f"{per_job(calls, jobs, SLEEPS):6.2f}  {top}")
    if not args.no_timing:
        rate, elapsed, flood_peak, verified = small_files.flood(intake, args.timing_files, args.workspaces)
        p50, p90, p99, idle_peak = small_files.latency(intake, args.latency_runs)
        summary.update(rate=rate, p50=p50, rss=max(flood_peak, idle_peak) / 1024)
        print(f"bench/small_files.py: {rate:.1f} files/s ({args.timing_files} files, {elapsed:.1f} s, verify exit {verified}), "
              f"marker -> result.json p50 {p50:.1f} / p90 {p90:.1f} / p99 {p99:.1f} ms, peak RSS {summary['rss']:.1f} MiB")
    print(flush=True)
    return summary


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--intake", help="this tree's binary (default: build it in release mode)")
    parser.add_argument("--baseline", help="another intake binary to trace in the same run")
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--workspaces", type=int, default=50)
    parser.add_argument("--stack-files", type=int, default=300, help="files of the phase run (0: none)")
    parser.add_argument("--timing-files", type=int, default=5000)
    parser.add_argument("--latency-runs", type=int, default=50)
    parser.add_argument("--no-timing", action="store_true", help="skip bench/small_files.py's files/s and latency")
    args = parser.parse_args()
    for tool in ["strace"] + (["perf"] if args.stack_files else []):
        if not shutil.which(tool):
            print(f"{tool} is not installed (apt-get install {'linux-perf' if tool == 'perf' else tool})", file=sys.stderr)
            return 2
    binaries = [("this", args.intake or small_files.build())]
    if args.baseline:
        binaries.append(("baseline", args.baseline))
    summaries = {label: report(label, intake, args, demangled(intake) if args.stack_files else {}) for label, intake in binaries}
    if len(summaries) > 1:
        keys = [k for k in ("calls", "syncs", "sleeps", "rate", "p50", "rss") if all(k in s for s in summaries.values())]
        print(f"{'per job':10} " + " ".join(f"{k:>9}" for k in keys))
        for label, summary in summaries.items():
            print(f"{label:10} " + " ".join(f"{summary[k]:9.2f}" for k in keys))
    small_files.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
