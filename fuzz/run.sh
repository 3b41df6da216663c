#!/bin/sh
# Usage: fuzz/run.sh PARSER SECONDS     (PARSER: csv, json or xml)
# Runs $FUZZ_BIN/fuzz-PARSER (default /tmp, built by fuzz/build.sh) for SECONDS of wall
# time on a working corpus in $FUZZ_WORK/PARSER (default /tmp/intake-fuzz), seeded from
# fuzz/corpus/PARSER and fuzz/seeds/PARSER, then minimises everything (-set_cover_merge=1) back
# into fuzz/corpus/PARSER. Crashes, timeouts and slow inputs go to $FUZZ_WORK/PARSER-artifacts.
# MAX_LEN (default 1048576) bounds an input; extra libFuzzer flags may follow SECONDS.
set -eu
parser=${1:?usage: run.sh csv|json|xml SECONDS [libFuzzer flags]}
seconds=${2:?usage: run.sh csv|json|xml SECONDS [libFuzzer flags]}
shift 2
here=$(cd "$(dirname "$0")" && pwd)
bin=${FUZZ_BIN:-/tmp}/fuzz-$parser
work=${FUZZ_WORK:-/tmp/intake-fuzz}
corpus=$here/corpus/$parser
seeds=$here/seeds/$parser
max_len=${MAX_LEN:-1048576}
mkdir -p "$work/$parser" "$work/$parser-artifacts" "$corpus"
[ -x "$bin" ] || { echo "no $bin: run fuzz/build.sh first" >&2; exit 2; }

# The Swift runtime's backtracer and ASan's report step on each other: keep ASan's.
export SWIFT_BACKTRACE=enable=no
status=0
"$bin" "$work/$parser" "$corpus" "$seeds" \
    -max_total_time="$seconds" -max_len="$max_len" -timeout=5 -rss_limit_mb=1024 \
    -report_slow_units=1 -print_final_stats=1 \
    -artifact_prefix="$work/$parser-artifacts/" "$@" || status=$?

# Minimise: keep only inputs that add coverage, in the committed corpus. The set-cover
# variant of -merge=1 keeps the same features in about half the files and bytes.
merged=$work/$parser-merged
rm -rf "$merged" && mkdir -p "$merged"
"$bin" -set_cover_merge=1 -max_len="$max_len" -timeout=5 -rss_limit_mb=1024 \
    -artifact_prefix="$work/$parser-artifacts/" "$merged" "$corpus" "$work/$parser" "$seeds" >"$work/$parser-merge.log" 2>&1
rm -f "$corpus"/* && cp "$merged"/* "$corpus"/
echo "corpus $corpus: $(ls "$corpus" | wc -l) files, $(du -sb "$corpus" | cut -f1) bytes"
exit $status
