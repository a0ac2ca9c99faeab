// RUN: tfcc-opt %s -split-input-file | tfcc-opt | FileCheck %s
// RUN: tfcc-opt %s -split-input-file -canonicalize | FileCheck %s --check-prefix=CANON

// tfcc.assert round-trips with and without values.
// CHECK-LABEL: func.func @asserts
// CHECK: tfcc.assert %{{.*}}, "node 'y' (Add): dims {0} and {1} do not broadcast"(%{{.*}}, %{{.*}} : index, index)
// CHECK: tfcc.assert %{{.*}}, "integer division by zero"
// CHECK: tfcc.assert %{{.*}}, "a literal {{[{][{]}}0} brace"(%{{.*}} : i32)
// A check that holds whatever the inputs is gone; the others stay.
// CANON-LABEL: func.func @asserts
// CANON: tfcc.assert
// CANON-NOT: "integer division by zero"
// CANON: tfcc.assert
// CANON-NOT: tfcc.assert
func.func @asserts(%a: index, %b: index, %c: i1, %v: i32) {
  %ok = arith.cmpi eq, %a, %b : index
  tfcc.assert %ok, "node 'y' (Add): dims {0} and {1} do not broadcast"(%a, %b : index, index)
  %true = arith.constant true
  tfcc.assert %true, "integer division by zero"
  tfcc.assert %c, "a literal {{0} brace"(%v : i32)
  return
}
