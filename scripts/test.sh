#!/usr/bin/env bash
# Runs the whole test suite (unit, engine and end-to-end tests on the built binary).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/check-walls.sh
swift build --build-tests
swift test --skip-build
