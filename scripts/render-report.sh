#!/usr/bin/env bash
# Renders an Intake HTML report (e.g. JOB.report.html) to a PNG with headless Chromium.
# Usage: scripts/render-report.sh REPORT.html OUTPUT.png
# Installs Debian's chromium with apt-get when it is missing. Exits non-zero when the
# PNG is missing or smaller than 10 KB (an empty or broken page). Not run by the tests.
set -euo pipefail

if [ "$#" -ne 2 ]; then
    echo "usage: $0 REPORT.html OUTPUT.png" >&2
    exit 2
fi
html="$1"
png="$2"
if [ ! -f "$html" ]; then
    echo "error: no such file: $html" >&2
    exit 2
fi

if ! command -v chromium >/dev/null 2>&1; then
    echo "chromium not found; installing it with apt-get" >&2
    sudo=""
    if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
    $sudo apt-get update
    $sudo apt-get install -y chromium
fi

html_abs="$(cd "$(dirname "$html")" && pwd)/$(basename "$html")"
mkdir -p "$(dirname "$png")"
png_abs="$(cd "$(dirname "$png")" && pwd)/$(basename "$png")"
rm -f "$png_abs"
log="$(mktemp)"
trap 'rm -f "$log"' EXIT

# Chromium logs harmless D-Bus errors in containers; keep its output for failures only.
chromium --headless --no-sandbox --disable-gpu \
    --screenshot="$png_abs" --window-size=1200,1400 \
    "file://$html_abs" >"$log" 2>&1 || true

if [ ! -f "$png_abs" ]; then
    echo "error: chromium wrote no PNG at $png_abs; its last output:" >&2
    tail -n 20 "$log" >&2
    exit 1
fi
size=$(stat -c %s "$png_abs")
if [ "$size" -lt 10240 ]; then
    echo "error: $png_abs is only $size bytes; the page looks empty or broken" >&2
    exit 1
fi
echo "wrote $png_abs ($size bytes)"
