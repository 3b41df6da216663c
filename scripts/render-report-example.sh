#!/usr/bin/env bash
# Regenerates docs/report-example.html and docs/report-example.png from the
# current code: runs intake over a fresh copy of inbox-example/ in a temporary
# root, takes the HTML report of acme__payments__june-resent.csv (rows that
# succeed, fail and warn), and renders it with scripts/render-report.sh
# (headless Debian chromium, installed by that script when missing).
# Usage: scripts/render-report-example.sh   (INTAKE=PATH uses that binary instead of building one)
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${INTAKE:-}" ]; then
    swift build -c release --product intake
    INTAKE="$(swift build -c release --show-bin-path)/intake"
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp -R inbox-example "$work/root"
"$INTAKE" run "$work/root" >/dev/null || true
source_name="acme__payments__june-resent.csv"
job="$("$INTAKE" status "$work/root" --json | python3 -c '
import json, sys
jobs = [json.loads(line) for line in sys.stdin if line.strip()]
print(next(j["job_id"] for j in jobs if j["source"]["name"] == sys.argv[1]))
' "$source_name")"
report="$work/root/outbox/acme/$job.report.html"
if [ ! -f "$report" ]; then
    echo "error: no report for $source_name (job $job) at $report" >&2
    exit 1
fi
cp "$report" docs/report-example.html
bash scripts/render-report.sh docs/report-example.html docs/report-example.png
