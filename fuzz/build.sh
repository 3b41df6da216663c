#!/bin/sh
# Builds the libFuzzer binaries (fuzz-csv, fuzz-json, fuzz-xml, fuzz-xlsx, fuzz-layers) into $1 (default /tmp);
# the parsers named after it only, when some are (build.sh /tmp xlsx).
# Each is the readers' sources (IntakeSystem, IntakeCore, IntakeFormats) plus one harness, compiled as one module with
# -sanitize=fuzzer,address (libFuzzer ships with the Swift toolchain on Linux).
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-/tmp}
[ $# -gt 0 ] && shift
parsers=${*:-csv json xml xlsx layers}
mkdir -p "$out"
# The readers' targets (IntakeSystem, IntakeCore, IntakeFormats: what every harness needs) as one
# module: copied with their imports of each other removed.
flat=$(mktemp -d /tmp/intake-fuzz-src.XXXXXX)
trap 'rm -rf "$flat"' EXIT
for target in IntakeSystem IntakeCore IntakeFormats; do
    find "$root/Sources/$target" -name '*.swift' | while read -r file; do
        name=$target-$(echo "${file#"$root/Sources/$target/"}" | tr / -)
        grep -Ev '^(@_exported )?import (IntakeSystem|IntakeCore|IntakeFormats)$' "$file" >"$flat/$name"
    done
done
sources=$(find "$flat" -name '*.swift' | sort)
for parser in $parsers; do
    case $parser in
        csv) harness=CSVFuzz.swift ;;
        json) harness=JSONFuzz.swift ;;
        xml) harness=XMLFuzz.swift ;;
        xlsx) harness=XLSXFuzz.swift ;;
        layers) harness=LayersFuzz.swift ;;
        *) echo "unknown parser $parser (csv, json, xml, xlsx or layers)" >&2; exit 2 ;;
    esac
    echo "building $out/fuzz-$parser"
    # The .xlsx profiles' limits are one file, shared with the corpus replay test.
    shared=""
    [ "$parser" = xlsx ] && shared="$root/Tests/IntakeFormatsTests/XLSX/XLSXFuzzLimits.swift"
    # shellcheck disable=SC2086 # word splitting of $sources and $shared is intended
    swiftc -sanitize=fuzzer,address -parse-as-library -O -g -swift-version 6 \
        -module-name IntakeFuzz -package-name intake $sources "$root/fuzz/FuzzInput.swift" "$root/fuzz/$harness" $shared \
        -I "$root/Sources/CSystem" -I "$root/Sources/CZlib" \
        -lz -use-ld=lld -o "$out/fuzz-$parser"
done
