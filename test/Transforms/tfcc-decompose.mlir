// RUN: tfcc-opt %s -split-input-file --tfcc-decompose | FileCheck %s
// RUN: tfcc-opt %s -split-input-file --pass-pipeline='builtin.module(func.func(tfcc-decompose))' | FileCheck %s

// softmax(x) = e / reduce_sum(e), e = exp(x - reduce_max(x)), all along the
// axis with keep_dims so that the reductions broadcast back.

// CHECK-LABEL: func.func @softmax
// CHECK-SAME: (%[[X:.*]]: tensor<?x10xf32>)
// CHECK: %[[MAX:.*]] = tfcc.reduce_max %[[X]] axes = [-1] keep_dims : tensor<?x10xf32>
// CHECK: %[[SHIFTED:.*]] = tfcc.sub %[[X]], %[[MAX]] : tensor<?x10xf32>, tensor<?x1xf32>
// CHECK: %[[E:.*]] = tfcc.exp %[[SHIFTED]] : tensor<?x10xf32>
// CHECK: %[[SUM:.*]] = tfcc.reduce_sum %[[E]] axes = [-1] keep_dims : tensor<?x10xf32>
// CHECK: %[[R:.*]] = tfcc.div %[[E]], %[[SUM]] : tensor<?x10xf32>, tensor<?x1xf32>
// CHECK: return %[[R]] : tensor<?x10xf32>
// CHECK-NOT: tfcc.softmax
func.func @softmax(%x: tensor<?x10xf32>) -> tensor<?x10xf32> {
  %0 = tfcc.softmax %x axis = -1 : tensor<?x10xf32>
  return %0 : tensor<?x10xf32>
}

// -----

// log_softmax(x) = s - log(reduce_sum(exp(s))), s = x - reduce_max(x).
// CHECK-LABEL: func.func @log_softmax
// CHECK-SAME: (%[[X:.*]]: tensor<3x4xf64>)
// CHECK: %[[MAX:.*]] = tfcc.reduce_max %[[X]] axes = [0] keep_dims : tensor<3x4xf64>
// CHECK: %[[S:.*]] = tfcc.sub %[[X]], %[[MAX]] : tensor<3x4xf64>, tensor<1x4xf64>
// CHECK: %[[E:.*]] = tfcc.exp %[[S]] : tensor<3x4xf64>
// CHECK: %[[SUM:.*]] = tfcc.reduce_sum %[[E]] axes = [0] keep_dims : tensor<3x4xf64>
// CHECK: %[[LOG:.*]] = tfcc.log %[[SUM]] : tensor<1x4xf64>
// CHECK: %[[R:.*]] = tfcc.sub %[[S]], %[[LOG]] : tensor<3x4xf64>, tensor<1x4xf64>
// CHECK: return %[[R]] : tensor<3x4xf64>
// CHECK-NOT: tfcc.log_softmax
func.func @log_softmax(%x: tensor<3x4xf64>) -> tensor<3x4xf64> {
  %0 = tfcc.log_softmax %x axis = 0 : tensor<3x4xf64>
  return %0 : tensor<3x4xf64>
}

// -----

// A middle axis of a rank-3 tensor.
// CHECK-LABEL: func.func @softmax_middle_axis
// CHECK: tfcc.reduce_max %{{.*}} axes = [1] keep_dims : tensor<2x?x5xf32>
// CHECK: tfcc.sub %{{.*}}, %{{.*}} : tensor<2x?x5xf32>, tensor<2x1x5xf32>
// CHECK: tfcc.reduce_sum %{{.*}} axes = [1] keep_dims : tensor<2x?x5xf32>
// CHECK: tfcc.div %{{.*}}, %{{.*}} : tensor<2x?x5xf32>, tensor<2x1x5xf32>
func.func @softmax_middle_axis(%x: tensor<2x?x5xf32>) -> tensor<2x?x5xf32> {
  %0 = tfcc.softmax %x axis = 1 : tensor<2x?x5xf32>
  return %0 : tensor<2x?x5xf32>
}

// -----

// Every softmax is expanded, including one that feeds another; primitive
// ops are left as they are.
// CHECK-LABEL: func.func @chained
// CHECK-NOT: softmax
// CHECK: tfcc.relu
// CHECK: tfcc.reduce_max
// CHECK: tfcc.div
// CHECK: tfcc.reduce_max
// CHECK: tfcc.log
// CHECK-NOT: softmax
func.func @chained(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = tfcc.relu %x : tensor<4xf32>
  %1 = tfcc.softmax %0 axis = 0 : tensor<4xf32>
  %2 = tfcc.log_softmax %1 axis = -1 : tensor<4xf32>
  return %2 : tensor<4xf32>
}

// -----

// Functions without composite ops are unchanged.
// CHECK-LABEL: func.func @untouched
// CHECK-NEXT: tfcc.add
// CHECK-NEXT: return
func.func @untouched(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = tfcc.add %x, %x : tensor<4xf32>, tensor<4xf32>
  return %0 : tensor<4xf32>
}
