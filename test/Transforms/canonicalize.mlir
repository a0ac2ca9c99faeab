// RUN: tfcc-opt %s -split-input-file -canonicalize | FileCheck %s
// RUN: tfcc-opt %s -split-input-file -canonicalize -cse | FileCheck %s --check-prefix=CSE

// tfcc ops are pure: unused ones are erased. Constants fold to themselves,
// so equal constants are uniqued (and re-materialized as tfcc.constant).

// CHECK-LABEL: func.func @cleanup
// CHECK-SAME: (%[[X:.*]]: tensor<4xf32>)
// CHECK: %[[C:.*]] = tfcc.constant dense<1.000000e+00> : tensor<4xf32>
// CHECK-NOT: tfcc.constant
// CHECK-NOT: tfcc.exp
// CHECK: %[[A:.*]] = tfcc.add %[[X]], %[[C]]
// CHECK: %[[B:.*]] = tfcc.add %[[X]], %[[C]]
// CHECK: return %[[A]], %[[B]]

// CSE-LABEL: func.func @cleanup
// CSE: %[[A:.*]] = tfcc.add
// CSE-NOT: tfcc.add
// CSE: return %[[A]], %[[A]]
func.func @cleanup(%x: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>) {
  %a = tfcc.constant dense<1.0> : tensor<4xf32>
  %b = tfcc.constant dense<1.0> : tensor<4xf32>
  %dead = tfcc.exp %x : tensor<4xf32>
  %0 = tfcc.add %x, %a : tensor<4xf32>, tensor<4xf32>
  %1 = tfcc.add %x, %b : tensor<4xf32>, tensor<4xf32>
  %unused = tfcc.constant dense<2.0> : tensor<4xf32>
  return %0, %1 : tensor<4xf32>, tensor<4xf32>
}

// -----

// Constants of different types or values stay distinct.
// CHECK-LABEL: func.func @distinct
// CHECK-DAG: tfcc.constant dense<1> : tensor<2xi32>
// CHECK-DAG: tfcc.constant dense<1> : tensor<2xi64>
// CHECK-DAG: tfcc.constant dense<[1, 2]> : tensor<2xi64>
// CHECK-DAG: tfcc.constant dense<true> : tensor<2xi1>
func.func @distinct() -> (tensor<2xi32>, tensor<2xi64>, tensor<2xi64>, tensor<2xi1>) {
  %0 = tfcc.constant dense<1> : tensor<2xi32>
  %1 = tfcc.constant dense<1> : tensor<2xi64>
  %2 = tfcc.constant dense<[1, 2]> : tensor<2xi64>
  %3 = tfcc.constant dense<true> : tensor<2xi1>
  return %0, %1, %2, %3 : tensor<2xi32>, tensor<2xi64>, tensor<2xi64>, tensor<2xi1>
}
