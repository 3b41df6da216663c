#!/bin/sh
# Builds the libFuzzer binaries (fuzz-csv, fuzz-json, fuzz-xml, fuzz-xlsx) into $1 (default /tmp);
# the parsers named after it only, when some are (build.sh /tmp xlsx).
# Each is IntakeKit's sources plus one harness, compiled as one module with
# -sanitize=fuzzer,address (libFuzzer ships with the Swift toolchain on Linux).
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-/tmp}
[ $# -gt 0 ] && shift
parsers=${*:-csv json xml xlsx}
mkdir -p "$out"
sources=$(find "$root/Sources/IntakeKit" -name '*.swift' | sort)
for parser in $parsers; do
    case $parser in
        csv) harness=CSVFuzz.swift ;;
        json) harness=JSONFuzz.swift ;;
        xml) harness=XMLFuzz.swift ;;
        xlsx) harness=XLSXFuzz.swift ;;
        *) echo "unknown parser $parser (csv, json, xml or xlsx)" >&2; exit 2 ;;
    esac
    echo "building $out/fuzz-$parser"
    # The .xlsx profiles' limits are one file, shared with the corpus replay test.
    shared=""
    [ "$parser" = xlsx ] && shared="$root/Tests/IntakeFormatsTests/XLSX/XLSXFuzzLimits.swift"
    # shellcheck disable=SC2086 # word splitting of $sources and $shared is intended
    swiftc -sanitize=fuzzer,address -parse-as-library -O -g -swift-version 6 \
        -module-name IntakeFuzz $sources "$root/fuzz/FuzzInput.swift" "$root/fuzz/$harness" $shared \
        -I "$root/Sources/CSQLite" -I "$root/Sources/CZlib" -I "$root/Sources/CPostgreSQL" \
        -lsqlite3 -lz -use-ld=lld -o "$out/fuzz-$parser"
done
