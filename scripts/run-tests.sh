#!/bin/sh
# Runs the lit suite and closes with one summary line: "tests: N passed, N failed".
set -u
LIT=${LIT:-/usr/lib/llvm-22/bin/lit}
BUILD_DIR=${1:-build}
log=$(mktemp)
"$LIT" -sv "$BUILD_DIR/test" 2>&1 | tee "$log"

# Sums lit's summary counts ("  Passed: 97 (97.98%)") for the given labels.
count() {
  sed -n "s/^[[:space:]]*\($1\)[[:space:]]*:[[:space:]]*\([0-9][0-9]*\).*/\2/p" "$log" |
    awk '{s+=$1} END {print s+0}'
}
passed=$(count 'Passed\|Expectedly Failed')
failed=$(count 'Failed\|Unexpectedly Passed\|Unresolved\|Timed Out')
skipped=$(count 'Unsupported\|Skipped\|Excluded')
rm -f "$log"
echo "tests: $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
