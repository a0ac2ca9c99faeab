// RUN: tfcc-opt %s --tfcc-split-empty-tensors --split-input-file | FileCheck %s

// One tensor.empty (as CSE leaves it) for two copies: each gets its own,
// just before it, and the original goes. The one used inside a loop gets
// its clone before the loop.
// CHECK-LABEL: func.func @split
// CHECK: %[[E0:.*]] = tensor.empty() : tensor<8xf32>
// CHECK-NEXT: %[[A:.*]] = linalg.copy ins(%arg0 : tensor<8xf32>) outs(%[[E0]] : tensor<8xf32>)
// CHECK-NEXT: %[[E1:.*]] = tensor.empty() : tensor<8xf32>
// CHECK-NEXT: %[[B:.*]] = linalg.copy ins(%[[A]] : tensor<8xf32>) outs(%[[E1]] : tensor<8xf32>)
// CHECK: %[[E2:.*]] = tensor.empty() : tensor<8xf32>
// CHECK-NEXT: scf.for
// CHECK-NEXT: linalg.copy ins(%{{.*}} : tensor<8xf32>) outs(%[[E2]] : tensor<8xf32>)
// CHECK-NOT: tensor.empty
func.func @split(%x: tensor<8xf32>, %n: index) -> (tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %e = tensor.empty() : tensor<8xf32>
  %a = linalg.copy ins(%x : tensor<8xf32>) outs(%e : tensor<8xf32>) -> tensor<8xf32>
  %b = linalg.copy ins(%a : tensor<8xf32>) outs(%e : tensor<8xf32>) -> tensor<8xf32>
  %c = scf.for %i = %c0 to %n step %c1 iter_args(%t = %b) -> (tensor<8xf32>) {
    %d = linalg.copy ins(%t : tensor<8xf32>) outs(%e : tensor<8xf32>) -> tensor<8xf32>
    scf.yield %d : tensor<8xf32>
  }
  return %a, %b, %c : tensor<8xf32>, tensor<8xf32>, tensor<8xf32>
}

// -----

// One of a dynamic shape is left as it is.
// CHECK-LABEL: func.func @dynamic
// CHECK-COUNT-1: tensor.empty
// CHECK-NOT: tensor.empty
func.func @dynamic(%x: tensor<?xf32>, %n: index) -> (tensor<?xf32>, tensor<?xf32>) {
  %e = tensor.empty(%n) : tensor<?xf32>
  %a = linalg.copy ins(%x : tensor<?xf32>) outs(%e : tensor<?xf32>) -> tensor<?xf32>
  %b = linalg.copy ins(%a : tensor<?xf32>) outs(%e : tensor<?xf32>) -> tensor<?xf32>
  return %a, %b : tensor<?xf32>, tensor<?xf32>
}
