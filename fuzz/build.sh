#!/bin/sh
# Builds the three libFuzzer binaries (fuzz-csv, fuzz-json, fuzz-xml) into $1 (default /tmp).
# Each is IntakeKit's sources plus one harness, compiled as one module with
# -sanitize=fuzzer,address (libFuzzer ships with the Swift toolchain on Linux).
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-/tmp}
mkdir -p "$out"
sources=$(find "$root/Sources/IntakeKit" -name '*.swift' | sort)
for parser in csv json xml; do
    case $parser in
        csv) harness=CSVFuzz.swift ;;
        json) harness=JSONFuzz.swift ;;
        xml) harness=XMLFuzz.swift ;;
    esac
    echo "building $out/fuzz-$parser"
    # shellcheck disable=SC2086 # word splitting of $sources is intended
    swiftc -sanitize=fuzzer,address -parse-as-library -O -g -swift-version 6 \
        -module-name IntakeFuzz $sources "$root/fuzz/FuzzInput.swift" "$root/fuzz/$harness" \
        -I "$root/Sources/CSQLite" -lsqlite3 -use-ld=lld -o "$out/fuzz-$parser"
done
