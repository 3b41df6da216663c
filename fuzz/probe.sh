#!/bin/sh
# Usage: fuzz/probe.sh [SHAPE...]   Builds $PROBE_BIN (default /tmp/intake-probe, -O, no
# sanitizer) unless it exists, then times every shape (or the given ones) at 1, 2, 4 and 8
# MiB, in one process each, read in one chunk and in 4 KiB chunks, under a 30 s and 4 GiB limit.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${PROBE_BIN:-/tmp/intake-probe}
if [ ! -x "$bin" ]; then
    # shellcheck disable=SC2046 # word splitting of the source list is intended
    swiftc -O -parse-as-library -swift-version 6 -module-name IntakeProbe \
        $(find "$root/Sources/IntakeKit" -name '*.swift' | sort) "$root/fuzz/QuadraticProbe.swift" \
        -I "$root/Sources/CSQLite" -lsqlite3 -o "$bin"
fi
shapes=${*:-$("$bin" list)}
ulimit -v 4194304
for shape in $shapes; do
    for chunk in all 4096; do
        for mib in 1 2 4 8; do
            timeout 30 "$bin" "$shape" "$mib" "$([ "$chunk" = all ] && echo max || echo "$chunk")" \
                || echo "$shape	${mib}MiB	chunk=$chunk	TIMEOUT or crash (status $?)"
        done
    done
done
