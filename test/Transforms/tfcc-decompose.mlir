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

// -----

// batch_norm, NCHW: the per-channel factor scale * rsqrt(variance + eps)
// is computed on the vectors, which are reshaped to [C, 1, 1] to
// broadcast along axis 1; the mean is subtracted before scaling.
// CHECK-LABEL: func.func @batch_norm
// CHECK-SAME: (%[[X:.*]]: tensor<?x4x3x5xf32>, %[[S:.*]]: tensor<4xf32>, %[[O:.*]]: tensor<4xf32>, %[[M:.*]]: tensor<4xf32>, %[[V:.*]]: tensor<4xf32>)
// CHECK: %[[EPS:.*]] = tfcc.constant dense<1.000000e-03> : tensor<f32>
// CHECK: %[[VE:.*]] = tfcc.add %[[V]], %[[EPS]] : tensor<4xf32>, tensor<f32>
// CHECK: %[[R:.*]] = tfcc.rsqrt %[[VE]] : tensor<4xf32>
// CHECK: %[[INV:.*]] = tfcc.mul %[[S]], %[[R]] : tensor<4xf32>, tensor<4xf32>
// CHECK: %[[MC:.*]] = tfcc.reshape %[[M]] [-1, 1, 1] : tensor<4xf32>
// CHECK: %[[D:.*]] = tfcc.sub %[[X]], %[[MC]] : tensor<?x4x3x5xf32>, tensor<4x1x1xf32>
// CHECK: %[[INVC:.*]] = tfcc.reshape %[[INV]] [-1, 1, 1] : tensor<4xf32>
// CHECK: %[[Y:.*]] = tfcc.mul %[[D]], %[[INVC]] : tensor<?x4x3x5xf32>, tensor<4x1x1xf32>
// CHECK: %[[OC:.*]] = tfcc.reshape %[[O]] [-1, 1, 1] : tensor<4xf32>
// CHECK: %[[R2:.*]] = tfcc.add %[[Y]], %[[OC]] : tensor<?x4x3x5xf32>, tensor<4x1x1xf32>
// CHECK: return %[[R2]]
// CHECK-NOT: tfcc.batch_norm
func.func @batch_norm(%x: tensor<?x4x3x5xf32>, %s: tensor<4xf32>, %o: tensor<4xf32>, %m: tensor<4xf32>, %v: tensor<4xf32>) -> tensor<?x4x3x5xf32> {
  %0 = tfcc.batch_norm %x, %s, %o, %m, %v {epsilon = 1.0e-3}
      : tensor<?x4x3x5xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>
  return %0 : tensor<?x4x3x5xf32>
}

// -----

// batch_norm along the last axis (NHWC) needs no reshape; the default
// epsilon is 1e-5.
// CHECK-LABEL: func.func @batch_norm_last_axis
// CHECK-SAME: (%[[X:.*]]: tensor<?x3x5x4xf64>, %[[S:.*]]: tensor<4xf64>, %[[O:.*]]: tensor<4xf64>, %[[M:.*]]: tensor<4xf64>, %[[V:.*]]: tensor<4xf64>)
// CHECK: tfcc.constant dense<1.000000e-05> : tensor<f64>
// CHECK-NOT: tfcc.reshape
// CHECK: %[[D:.*]] = tfcc.sub %[[X]], %[[M]] : tensor<?x3x5x4xf64>, tensor<4xf64>
// CHECK: %[[Y:.*]] = tfcc.mul %[[D]], %{{.*}} : tensor<?x3x5x4xf64>, tensor<4xf64>
// CHECK: tfcc.add %[[Y]], %[[O]] : tensor<?x3x5x4xf64>, tensor<4xf64>
func.func @batch_norm_last_axis(%x: tensor<?x3x5x4xf64>, %s: tensor<4xf64>, %o: tensor<4xf64>, %m: tensor<4xf64>, %v: tensor<4xf64>) -> tensor<?x3x5x4xf64> {
  %0 = tfcc.batch_norm %x, %s, %o, %m, %v {axis = -1}
      : tensor<?x3x5x4xf64>, tensor<4xf64>, tensor<4xf64>, tensor<4xf64>, tensor<4xf64>
  return %0 : tensor<?x3x5x4xf64>
}

// -----

// layer_norm over axes 1..2: mean and biased variance with keep_dims, then
// scale and bias broadcast against the trailing dimensions.
// CHECK-LABEL: func.func @layer_norm
// CHECK-SAME: (%[[X:.*]]: tensor<?x4x8xf32>, %[[G:.*]]: tensor<1x8xf32>, %[[B:.*]]: tensor<4x8xf32>)
// CHECK: %[[EPS:.*]] = tfcc.constant dense<{{.*}}> : tensor<f32>
// CHECK: %[[MEAN:.*]] = tfcc.reduce_mean %[[X]] axes = [1, 2] keep_dims : tensor<?x4x8xf32>
// CHECK: %[[D:.*]] = tfcc.sub %[[X]], %[[MEAN]] : tensor<?x4x8xf32>, tensor<?x1x1xf32>
// CHECK: %[[SQ:.*]] = tfcc.mul %[[D]], %[[D]] : tensor<?x4x8xf32>, tensor<?x4x8xf32>
// CHECK: %[[VAR:.*]] = tfcc.reduce_mean %[[SQ]] axes = [1, 2] keep_dims : tensor<?x4x8xf32>
// CHECK: %[[VE:.*]] = tfcc.add %[[VAR]], %[[EPS]] : tensor<?x1x1xf32>, tensor<f32>
// CHECK: %[[INV:.*]] = tfcc.rsqrt %[[VE]] : tensor<?x1x1xf32>
// CHECK: %[[N:.*]] = tfcc.mul %[[D]], %[[INV]] : tensor<?x4x8xf32>, tensor<?x1x1xf32>
// CHECK: %[[Y:.*]] = tfcc.mul %[[N]], %[[G]] : tensor<?x4x8xf32>, tensor<1x8xf32>
// CHECK: %[[R:.*]] = tfcc.add %[[Y]], %[[B]] : tensor<?x4x8xf32>, tensor<4x8xf32>
// CHECK: return %[[R]]
// CHECK-NOT: tfcc.layer_norm
func.func @layer_norm(%x: tensor<?x4x8xf32>, %g: tensor<1x8xf32>, %b: tensor<4x8xf32>) -> tensor<?x4x8xf32> {
  %0 = tfcc.layer_norm %x, %g, %b {axis = 1} : tensor<?x4x8xf32>, tensor<1x8xf32>, tensor<4x8xf32>
  return %0 : tensor<?x4x8xf32>
}

// -----

// The default axis is the last one.
// CHECK-LABEL: func.func @layer_norm_last
// CHECK: tfcc.reduce_mean %{{.*}} axes = [1] keep_dims : tensor<2x768xf64>
// CHECK: tfcc.reduce_mean %{{.*}} axes = [1] keep_dims : tensor<2x768xf64>
func.func @layer_norm_last(%x: tensor<2x768xf64>, %g: tensor<768xf64>) -> tensor<2x768xf64> {
  %0 = tfcc.layer_norm %x, %g, %g : tensor<2x768xf64>, tensor<768xf64>, tensor<768xf64>
  return %0 : tensor<2x768xf64>
}
