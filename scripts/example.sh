#!/usr/bin/env bash
# Builds Intake and runs it once over a fresh copy of inbox-example/ in
# example-root/, then shows what landed in the outbox, archive and failed folders.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh build
swift build -c release --product intake
rm -rf example-root
cp -R inbox-example example-root
.build/release/intake run example-root || true
echo
echo "== jobs (intake status example-root)"
.build/release/intake status example-root
echo
echo "== outbox, archive and failed files"
(cd example-root && find outbox archive failed -type f | sort)
echo
echo "Open example-root/outbox/acme/*.errors.csv to see each rejected row and why."
