#!/usr/bin/env python3
"""`intake serve` under load, as issue 26 measures it: one command builds the
scenario and measures it.

Run from the project root:  python3 bench/serve_latency.py [--jobs 10000] [--rows 1000000]
                            [--requests 2000] [--clients 4] [--rounds 2]

1. Builds Intake in release mode (intake, intake-gen-payments).
2. Makes a root (SQLite mode) of 50 workspaces with --jobs small jobs: five-row
   payments files dropped into the inbox and imported by the real `intake
   watch` (settle_seconds 0), then one job of --rows rows in workspace `big`
   (`intake import` of a file generated as bench/bench.py does: cached in
   ~/.cache/intake-bench, ../shared's generator when present, else the
   project's own intake-gen-payments; 2% failed rows).
3. Starts `intake serve` (an admin token from `intake token`) and `intake
   watch`, and floods the daemon with more small drops (one every 10 ms, round
   robin over the workspaces) while it measures, on keep-alive connections:
   GET /api/v1/imports/{id} of the big job, its entries page of 100 (the first,
   and a deep one after row 900,000 of 1M), the failed entries page, and the
   jobs list page; --requests each on one connection, then --clients connections
   at once for requests per second.
4. The review page's first render in headless Chromium (the DevTools pipe, as
   Tests/IntakeHTTPTests/Chromium.swift drives it): the job list and the big
   job's page, load event and first contentful paint, median of 5.
5. The peak RSS of `serve` (VmHWM) and of `watch`.

Each --rounds builds nothing again: the root is made once and measured
--rounds times (a fresh serve each round). Goals: p99 < 20 ms for the job,
< 50 ms for an entries page.
"""
import argparse, http.client, json, os, shutil, statistics, subprocess, sys, tempfile, threading, time

HERE = os.path.dirname(os.path.abspath(__file__))
PROJECT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
import bench  # noqa: E402  (bench.generate: the 1M-row file, cached)
from small_files import rows, make_root, results, peak_rss_kib  # noqa: E402

WORKSPACES = [f"ws{i:03d}" for i in range(50)]


def build():
    for product in ("intake", "intake-gen-payments"):
        subprocess.run(["swift", "build", "-c", "release", "--product", product], cwd=PROJECT, check=True,
                       stdout=subprocess.DEVNULL)
    bin_dir = subprocess.run(["swift", "build", "-c", "release", "--show-bin-path"], cwd=PROJECT, check=True,
                             capture_output=True, text=True).stdout.strip()
    return os.path.join(bin_dir, "intake")


def wait_for(condition, what, seconds=600):
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise SystemExit(f"timed out waiting for {what}")
        time.sleep(0.05)


def drop(root, index, prefix="F"):
    inbox = os.path.join(root, "inbox")
    name = f"{WORKSPACES[index % len(WORKSPACES)]}__payments__{prefix.lower()}{index:07d}.csv"
    tmp = os.path.join(inbox, "." + name + ".tmp")
    with open(tmp, "wb") as f:
        f.write(rows(f"{prefix}{index}", 5))
    os.rename(tmp, os.path.join(inbox, name))


def make_scenario(intake, base, jobs, big_rows):
    root = make_root(intake, base, WORKSPACES + ["big"], settle=0)
    daemon = subprocess.Popen([intake, "watch", root], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_for(lambda: os.path.exists(os.path.join(root, "metrics.prom")), "intake watch")
    started = time.monotonic()
    for index in range(jobs):
        drop(root, index)
    wait_for(lambda: results(root) >= jobs, f"{jobs} jobs", seconds=3600)
    daemon.terminate()
    daemon.wait()
    print(f"{jobs} small jobs through intake watch: {time.monotonic() - started:.0f} s", flush=True)
    path, _, _ = bench.generate(big_rows)
    started = time.monotonic()
    subprocess.run([intake, "import", root, "--workspace", "big", "--type", "payments", path], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    print(f"{big_rows}-row job through intake import: {time.monotonic() - started:.0f} s", flush=True)
    return root


def measure(connection, path, token, count):
    timings = []
    started = time.perf_counter()
    for _ in range(count):
        t = time.perf_counter()
        connection.request("GET", path, headers={"Authorization": "Bearer " + token})
        response = connection.getresponse()
        response.read()
        if response.status != 200:
            raise SystemExit(f"{path}: HTTP {response.status}")
        timings.append(time.perf_counter() - t)
    elapsed = time.perf_counter() - started
    timings.sort()
    pick = lambda q: timings[min(len(timings) - 1, int(q * len(timings)))] * 1000
    return count / elapsed, pick(0.50), pick(0.99)


def concurrent(port, path, token, clients, count):
    """--clients keep-alive connections at once, `count` requests each: requests/s over all."""
    done = []
    def client():
        done.append(measure(http.client.HTTPConnection("127.0.0.1", port), path, token, count))
    threads = [threading.Thread(target=client) for _ in range(clients)]
    started = time.perf_counter()
    for t in threads: t.start()
    for t in threads: t.join()
    return clients * count / (time.perf_counter() - started), max(d[2] for d in done)


class Browser:
    """Headless Chromium over --remote-debugging-pipe (fd 3 commands, fd 4 answers, NUL-separated JSON)."""
    def __init__(self):
        self.profile = tempfile.mkdtemp(prefix="intake-bench-chromium-")
        # The pipes become the browser's descriptors 3 (commands) and 4 (answers).
        self.process = subprocess.Popen(
            ["/bin/bash", "-c", "exec /usr/bin/chromium --headless --no-sandbox --disable-gpu --no-first-run --disable-extensions "
             "--remote-debugging-pipe --user-data-dir=\"$0\" --window-size=1280,900 about:blank 3<&0 4>&1 1>/dev/null 2>/dev/null",
             self.profile], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        self.commands, self.answers = self.process.stdin.fileno(), self.process.stdout.fileno()
        self.buffer, self.next_id, self.session, self.events = b"", 0, None, []
        page = next(t for t in self.send("Target.getTargets")["targetInfos"] if t["type"] == "page")
        self.session = self.send("Target.attachToTarget", {"targetId": page["targetId"], "flatten": True})["sessionId"]
        self.send("Page.enable")

    def read(self):
        while b"\0" not in self.buffer:
            more = os.read(self.answers, 1 << 16)
            if not more: raise SystemExit("chromium closed its pipe")
            self.buffer += more
        message, self.buffer = self.buffer.split(b"\0", 1)
        return json.loads(message)

    def send(self, method, params=None):
        self.next_id += 1
        command = {"id": self.next_id, "method": method, "params": params or {}}
        if self.session: command["sessionId"] = self.session
        os.write(self.commands, json.dumps(command).encode() + b"\0")
        while True:
            message = self.read()
            if message.get("id") == self.next_id:
                if "error" in message: raise SystemExit(f"{method}: {message['error']}")
                return message.get("result", {})
            self.events.append(message.get("method"))

    def first_render(self, url):
        """Milliseconds from navigation start to the load event and to first contentful paint (fresh each time)."""
        self.send("Page.navigate", {"url": url})
        deadline = time.monotonic() + 60
        while True:
            value = self.send("Runtime.evaluate", {"returnByValue": True, "expression": """(function(){
                const n = performance.getEntriesByType('navigation')[0];
                const p = performance.getEntriesByName('first-contentful-paint')[0];
                if (location.href !== %s || !n || n.loadEventEnd === 0 || !p) return null;
                return [n.loadEventEnd, p.startTime]; })()""" % json.dumps(url)})["result"].get("value")
            if value: return value
            if time.monotonic() > deadline: raise SystemExit(f"{url} never rendered")
            time.sleep(0.01)

    def close(self):
        self.process.stdin.close()
        self.process.terminate(); self.process.wait()
        shutil.rmtree(self.profile, ignore_errors=True)


def round_(intake, root, args, round_number):
    token = subprocess.run([intake, "token", root, "--admin"], check=True, capture_output=True, text=True).stdout.strip()
    port = 18000 + os.getpid() % 1000
    serve = subprocess.Popen([intake, "serve", root, "--listen", f"127.0.0.1:{port}"],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    def up():
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=1); c.request("GET", "/healthz")
            return c.getresponse().status == 200
        except OSError:
            return False
    wait_for(up, "intake serve")
    c = http.client.HTTPConnection("127.0.0.1", port)
    c.request("GET", "/api/v1/imports?workspace=big&limit=1", headers={"Authorization": "Bearer " + token})
    big = json.loads(c.getresponse().read())["data"][0]
    job = big["id"]
    daemon = subprocess.Popen([intake, "watch", root], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    flooding, flooded = [True], [0]
    def flood():
        while flooding[0]:
            drop(root, flooded[0], prefix=f"R{round_number}X")
            flooded[0] += 1
            time.sleep(0.01)
    flooder = threading.Thread(target=flood); flooder.start()
    before = results(root)
    print(f"round {round_number}: serve on :{port}, job {job} ({big['attributes']['total']} rows), watch importing a flood",
          flush=True)
    paths = [("job", f"/api/v1/imports/{job}"),
             ("entries page 1 (100)", f"/api/v1/imports/{job}/entries?limit=100"),
             ("entries deep page (after row 900000)", f"/api/v1/imports/{job}/entries?limit=100&cursor=900000"),
             ("failed entries page (100)", f"/api/v1/imports/{job}/entries?status=failed&limit=100"),
             ("jobs list page (100)", "/api/v1/imports?limit=100")]
    try:
        for name, path in paths:
            rate, p50, p99 = measure(c, path, token, args.requests)
            all_rate, all_p99 = concurrent(port, path, token, args.clients, args.requests // args.clients)
            print(f"  {name}: one client {rate:.0f} req/s p50 {p50:.2f} ms p99 {p99:.2f} ms; "
                  f"{args.clients} clients {all_rate:.0f} req/s p99 {all_p99:.2f} ms", flush=True)
        browser = Browser()
        browser.send("Network.enable")
        browser.send("Network.setCookie", {"name": "intake_session", "value": token, "url": f"http://127.0.0.1:{port}/",
                                           "httpOnly": True, "sameSite": "Strict"})
        for name, url in [("job list", f"http://127.0.0.1:{port}/"), ("big job's page", f"http://127.0.0.1:{port}/jobs/{job}")]:
            samples = [browser.first_render(url + ("?" if "?" not in url else "&") + f"n={i}") for i in range(6)][1:]
            load = statistics.median(s[0] for s in samples); paint = statistics.median(s[1] for s in samples)
            print(f"  Chromium {name}: load event {load:.0f} ms, first contentful paint {paint:.0f} ms (median of 5)",
                  flush=True)
        browser.close()
        print(f"  during the round watch imported {results(root) - before} of {flooded[0]} flood drops; "
              f"peak RSS serve {peak_rss_kib(serve.pid) / 1024:.0f} MiB, watch {peak_rss_kib(daemon.pid) / 1024:.0f} MiB",
              flush=True)
    finally:
        flooding[0] = False; flooder.join()
        for p in (serve, daemon):
            p.terminate(); p.wait()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--jobs", type=int, default=10_000)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--keep", action="store_true", help="keep the root (its path is printed)")
    args = parser.parse_args()
    intake = build()
    base = tempfile.mkdtemp(prefix="intake-serve-bench-")
    try:
        root = make_scenario(intake, base, args.jobs, args.rows)
        for number in range(1, args.rounds + 1):
            round_(intake, root, args, number)
    finally:
        if args.keep:
            print(f"root kept: {base}/root")
        else:
            shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
