#!/bin/sh
# Runs the lit suite and closes with one summary line: "tests: N passed, N failed".
set -u
LIT=${LIT:-/usr/lib/llvm-22/bin/lit}
BUILD_DIR=${1:-build}
log=$(mktemp)
"$LIT" -sv "$BUILD_DIR/test" 2>&1 | tee "$log"
status=$(sed -n 's/^[[:space:]]*\(Passed\|Expectedly Failed\)[[:space:]]*:[[:space:]]*\([0-9][0-9]*\).*/\2/p' "$log" | awk '{s+=$1} END {print s+0}')
failed=$(sed -n 's/^[[:space:]]*\(Failed\|Unexpectedly Passed\|Unresolved\|Timed Out\)[[:space:]]*:[[:space:]]*\([0-9][0-9]*\).*/\2/p' "$log" | awk '{s+=$1} END {print s+0}')
skipped=$(sed -n 's/^[[:space:]]*\(Unsupported\|Skipped\|Excluded\)[[:space:]]*:[[:space:]]*\([0-9][0-9]*\).*/\2/p' "$log" | awk '{s+=$1} END {print s+0}')
rm -f "$log"
echo "tests: $status passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ] && [ "$status" -gt 0 ]
