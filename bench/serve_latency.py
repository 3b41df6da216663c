#!/usr/bin/env python3
"""Latency of `intake serve` for one job and one entries page (issue 26's goals:
p99 under 20 ms for a job, under 50 ms for an entries page of 100).

    python3 bench/serve_latency.py URL TOKEN JOB [--requests N]

URL is a running `intake serve` (e.g. http://127.0.0.1:8080), JOB a job of the
root with at least 100 entries. One keep-alive connection, requests one after
another; prints requests per second, p50 and p99 for each endpoint. It does not
make the root: import a document first (intake import, or POST /api/v1/imports)."""
import argparse, http.client, time, urllib.parse

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
    print(f"{path}: {count / elapsed:.0f} req/s, p50 {pick(0.50):.2f} ms, p99 {pick(0.99):.2f} ms")

def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("url"); parser.add_argument("token"); parser.add_argument("job")
    parser.add_argument("--requests", type=int, default=2000)
    args = parser.parse_args()
    address = urllib.parse.urlparse(args.url)
    connection = http.client.HTTPConnection(address.hostname, address.port or 80)
    measure(connection, f"/api/v1/imports/{args.job}", args.token, args.requests)
    measure(connection, f"/api/v1/imports/{args.job}/entries?limit=100", args.token, args.requests)

if __name__ == "__main__":
    main()
