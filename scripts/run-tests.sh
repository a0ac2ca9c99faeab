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
# The gradient checks' report: one line per differentiable op.
gradcheck_log="$BUILD_DIR/test/gradcheck/Output/gradcheck.test.tmp.log"
[ -f "$gradcheck_log" ] && grep '^gradcheck' "$gradcheck_log"
passed=$(count 'Passed\|Expectedly Failed')
failed=$(count 'Failed\|Unexpectedly Passed\|Unresolved\|Timed Out')
skipped=$(count 'Unsupported\|Skipped\|Excluded')
rm -f "$log"

# ONNX's backend node tests, generated once into the build directory
# (test/onnx/run_node_tests.py prints failures, unsupported tests by op and
# a summary line).
PYTHON=/usr/bin/python3
[ -x "$PYTHON" ] || PYTHON=python3
onnx_failed=0
"$PYTHON" "$(dirname "$0")/../test/onnx/run_node_tests.py" \
  --tfcc "$BUILD_DIR/bin/tfcc" --cache "$BUILD_DIR/onnx-node-tests" \
  >"$log" 2>&1 || onnx_failed=1
cat "$log"
onnx_summary=$(grep '^onnx node tests:' "$log" || echo "onnx node tests: did not run")
rm -f "$log"

echo "tests: $passed passed, $failed failed, $skipped skipped"
echo "$onnx_summary"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ] && [ "$onnx_failed" -eq 0 ]
