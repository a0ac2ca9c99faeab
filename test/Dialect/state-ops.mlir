// RUN: tfcc-opt %s | tfcc-opt | FileCheck %s
// RUN: tfcc-opt %s -mlir-print-op-generic | tfcc-opt | FileCheck %s
// RUN: tfcc-opt %s -canonicalize -cse | FileCheck %s --check-prefix=CANON

// Round trip of variables and the ops that read and write them.

// CHECK: tfcc.variable @W : tensor<2x3xf32> = dense<0.000000e+00>
// CHECK: tfcc.variable @b : tensor<3xf32> = dense<[1.000000e+00, 2.000000e+00, 3.000000e+00]>
// CHECK: tfcc.variable @step : tensor<i64> = dense<7>
// CHECK: tfcc.variable @flag : tensor<2xi1> = dense<[true, false]>
tfcc.variable @W : tensor<2x3xf32> = dense<0.0>
tfcc.variable @b : tensor<3xf32> = dense<[1.0, 2.0, 3.0]>
tfcc.variable @step : tensor<i64> = dense<7>
tfcc.variable @flag : tensor<2xi1> = dense<[true, false]>

// CHECK-LABEL: func.func @state
// CHECK: %[[R:.*]] = tfcc.read_variable @W : tensor<2x3xf32>
// CHECK: %[[A:.*]] = tfcc.assign @W, %[[R]] : tensor<2x3xf32>
// CHECK: tfcc.assign_add @b, %{{.*}} : tensor<3xf32>
// CHECK: tfcc.assign_sub @step, %{{.*}} : tensor<i64>
// CHECK: tfcc.assign @flag, %{{.*}} : tensor<2xi1>
func.func @state(%d: tensor<3xf32>, %s: tensor<i64>, %f: tensor<2xi1>)
    -> tensor<2x3xf32> {
  %r = tfcc.read_variable @W : tensor<2x3xf32>
  %a = tfcc.assign @W, %r : tensor<2x3xf32>
  %b = tfcc.assign_add @b, %d : tensor<3xf32>
  %c = tfcc.assign_sub @step, %s : tensor<i64>
  %e = tfcc.assign @flag, %f : tensor<2xi1>
  return %a : tensor<2x3xf32>
}

// Canonicalize and CSE keep every write (even unused ones), keep the two
// reads that a write separates apart, and keep the order.
// CANON-LABEL: func.func @effects
// CANON-NEXT: %[[R0:.*]] = tfcc.read_variable @b
// CANON-NEXT: tfcc.assign_add @b, %arg0
// CANON-NEXT: %[[R1:.*]] = tfcc.read_variable @b
// CANON-NEXT: tfcc.assign @b, %arg0
// CANON-NEXT: tfcc.assign_sub @b, %arg0
// CANON-NEXT: %[[S:.*]] = tfcc.add %[[R0]], %[[R1]]
// CANON-NEXT: return %[[S]]
func.func @effects(%d: tensor<3xf32>) -> tensor<3xf32> {
  %r0 = tfcc.read_variable @b : tensor<3xf32>
  %unused = tfcc.read_variable @b : tensor<3xf32>
  %n = tfcc.assign_add @b, %d : tensor<3xf32>
  %r1 = tfcc.read_variable @b : tensor<3xf32>
  %w = tfcc.assign @b, %d : tensor<3xf32>
  %w2 = tfcc.assign_sub @b, %d : tensor<3xf32>
  %s = tfcc.add %r0, %r1 : tensor<3xf32>, tensor<3xf32>
  return %s : tensor<3xf32>
}

// Two reads with no write between them are one value.
// CANON-LABEL: func.func @merge_reads
// CANON-NEXT: %[[R:.*]] = tfcc.read_variable @b
// CANON-NEXT: tfcc.add %[[R]], %[[R]]
func.func @merge_reads() -> tensor<3xf32> {
  %r0 = tfcc.read_variable @b : tensor<3xf32>
  %r1 = tfcc.read_variable @b : tensor<3xf32>
  %s = tfcc.add %r0, %r1 : tensor<3xf32>, tensor<3xf32>
  return %s : tensor<3xf32>
}
