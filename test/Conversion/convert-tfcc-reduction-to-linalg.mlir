// RUN: tfcc-opt %s -split-input-file --convert-tfcc-reduction-to-linalg | FileCheck %s

// CHECK-LABEL: func.func @sum
// CHECK-SAME: (%[[X:.*]]: tensor<?x4x5xf32>)
// CHECK: %[[DIM:.*]] = tensor.dim %[[X]], %{{.*}} : tensor<?x4x5xf32>
// CHECK: %[[EMPTY:.*]] = tensor.empty(%[[DIM]]) : tensor<?x5xf32>
// CHECK: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK: %[[INIT:.*]] = linalg.fill ins(%[[ZERO]] : f32) outs(%[[EMPTY]] : tensor<?x5xf32>)
// CHECK: %[[R:.*]] = linalg.reduce ins(%[[X]] : tensor<?x4x5xf32>) outs(%[[INIT]] : tensor<?x5xf32>) dimensions = [1]
// CHECK: (%[[IN:.*]]: f32, %[[ACC:.*]]: f32) {
// CHECK: %[[S:.*]] = arith.addf %[[IN]], %[[ACC]] : f32
// CHECK: linalg.yield %[[S]] : f32
// CHECK: return %[[R]] : tensor<?x5xf32>
func.func @sum(%x: tensor<?x4x5xf32>) -> tensor<?x5xf32> {
  %0 = tfcc.reduce_sum %x axes = [1] : tensor<?x4x5xf32>
  return %0 : tensor<?x5xf32>
}

// -----

// keep_dims re-inserts the unit dimension with expand_shape; a dynamic kept
// dimension is passed to output_shape.
// CHECK-LABEL: func.func @sum_keep_dims
// CHECK-SAME: (%[[X:.*]]: tensor<?x4xi64>)
// CHECK: %[[DIM:.*]] = tensor.dim %[[X]], %{{.*}} : tensor<?x4xi64>
// CHECK: %[[R:.*]] = linalg.reduce ins(%[[X]] : tensor<?x4xi64>) outs(%{{.*}} : tensor<?xi64>) dimensions = [1]
// CHECK: arith.addi
// CHECK: %[[RDIM:.*]] = tensor.dim %[[R]], %{{.*}} : tensor<?xi64>
// CHECK: %[[E:.*]] = tensor.expand_shape %[[R]] {{\[\[}}0, 1]] output_shape [%[[RDIM]], 1] : tensor<?xi64> into tensor<?x1xi64>
// CHECK: return %[[E]] : tensor<?x1xi64>
func.func @sum_keep_dims(%x: tensor<?x4xi64>) -> tensor<?x1xi64> {
  %0 = tfcc.reduce_sum %x axes = [-1] keep_dims : tensor<?x4xi64>
  return %0 : tensor<?x1xi64>
}

// -----

// reduce_mean divides by the reduced element count, read at run time for a
// dynamic dimension.
// CHECK-DAG: #[[$ID:.*]] = affine_map<(d0) -> (d0)>
// CHECK-LABEL: func.func @mean_dynamic
// CHECK-SAME: (%[[X:.*]]: tensor<?x4xf32>)
// CHECK: %[[R:.*]] = linalg.reduce ins(%[[X]] : tensor<?x4xf32>) outs(%{{.*}} : tensor<4xf32>) dimensions = [0]
// CHECK: %[[DIM:.*]] = tensor.dim %[[X]], %{{.*}} : tensor<?x4xf32>
// CHECK: %[[COUNT:.*]] = arith.muli %{{.*}}, %[[DIM]] : index
// CHECK: %[[I64:.*]] = arith.index_cast %[[COUNT]] : index to i64
// CHECK: %[[DIVISOR:.*]] = arith.sitofp %[[I64]] : i64 to f32
// CHECK: %[[M:.*]] = linalg.generic {indexing_maps = [#[[$ID]], #[[$ID]]], iterator_types = ["parallel"]} ins(%[[R]] : tensor<4xf32>)
// CHECK: ^bb0(%[[IN:.*]]: f32, %{{.*}}: f32):
// CHECK: %[[Q:.*]] = arith.divf %[[IN]], %[[DIVISOR]] : f32
// CHECK: linalg.yield %[[Q]] : f32
// CHECK: return %[[M]] : tensor<4xf32>
func.func @mean_dynamic(%x: tensor<?x4xf32>) -> tensor<4xf32> {
  %0 = tfcc.reduce_mean %x axes = [0] : tensor<?x4xf32>
  return %0 : tensor<4xf32>
}

// -----

// Integer mean: signed division by the count truncated to the element type.
// CHECK-LABEL: func.func @mean_int_keep_dims
// CHECK: %[[R:.*]] = linalg.reduce ins(%{{.*}} : tensor<3x4xi32>) outs(%{{.*}} : tensor<3xi32>) dimensions = [1]
// CHECK: %[[C4:.*]] = arith.constant 4 : index
// CHECK: %[[COUNT:.*]] = arith.muli %{{.*}}, %[[C4]] : index
// CHECK: %[[I64:.*]] = arith.index_cast %[[COUNT]] : index to i64
// CHECK: %[[DIVISOR:.*]] = arith.trunci %[[I64]] : i64 to i32
// CHECK: %[[M:.*]] = linalg.generic
// CHECK: arith.divsi %{{.*}}, %[[DIVISOR]] : i32
// CHECK: tensor.expand_shape %[[M]] {{\[\[}}0, 1]] output_shape [3, 1] : tensor<3xi32> into tensor<3x1xi32>
func.func @mean_int_keep_dims(%x: tensor<3x4xi32>) -> tensor<3x1xi32> {
  %0 = tfcc.reduce_mean %x axes = [-1] keep_dims : tensor<3x4xi32>
  return %0 : tensor<3x1xi32>
}

// -----

// max starts from the smallest value; unit dimensions on both sides of the
// kept one join its group.
// CHECK-LABEL: func.func @max_int
// CHECK: %[[MIN:.*]] = arith.constant -9223372036854775808 : i64
// CHECK: linalg.fill ins(%[[MIN]] : i64) outs(%{{.*}} : tensor<3xi64>)
// CHECK: %[[R:.*]] = linalg.reduce ins(%{{.*}} : tensor<2x3x4xi64>) outs(%{{.*}} : tensor<3xi64>) dimensions = [0, 2]
// CHECK: arith.maxsi
// CHECK: tensor.expand_shape %[[R]] {{\[\[}}0, 1, 2]] output_shape [1, 3, 1] : tensor<3xi64> into tensor<1x3x1xi64>
func.func @max_int(%x: tensor<2x3x4xi64>) -> tensor<1x3x1xi64> {
  %0 = tfcc.reduce_max %x axes = [0, 2] keep_dims : tensor<2x3x4xi64>
  return %0 : tensor<1x3x1xi64>
}

// -----

// CHECK-LABEL: func.func @max_float
// CHECK: %[[NEGINF:.*]] = arith.constant 0xFF800000 : f32
// CHECK: linalg.fill ins(%[[NEGINF]] : f32)
// CHECK: linalg.reduce
// CHECK: arith.maximumf
func.func @max_float(%x: tensor<5x2xf32>) -> tensor<2xf32> {
  %0 = tfcc.reduce_max %x axes = [0] : tensor<5x2xf32>
  return %0 : tensor<2xf32>
}

// -----

// min starts from the largest value. Reducing every axis gives a rank-0
// tensor; with keep_dims it expands to all ones without reassociation groups.
// CHECK-LABEL: func.func @min_all
// CHECK: %[[INF:.*]] = arith.constant 0x7FF0000000000000 : f64
// CHECK: linalg.fill ins(%[[INF]] : f64) outs(%{{.*}} : tensor<f64>)
// CHECK: %[[R:.*]] = linalg.reduce ins(%{{.*}} : tensor<2x3xf64>) outs(%{{.*}} : tensor<f64>) dimensions = [0, 1]
// CHECK: arith.minimumf
// CHECK: %[[MAXI:.*]] = arith.constant 2147483647 : i32
// CHECK: linalg.fill ins(%[[MAXI]] : i32)
// CHECK: %[[RI:.*]] = linalg.reduce ins(%{{.*}} : tensor<2x3xi32>) outs(%{{.*}} : tensor<i32>) dimensions = [0, 1]
// CHECK: arith.minsi
// CHECK: %[[E:.*]] = tensor.expand_shape %[[RI]] [] output_shape [1, 1] : tensor<i32> into tensor<1x1xi32>
// CHECK: return %[[R]], %[[E]] : tensor<f64>, tensor<1x1xi32>
func.func @min_all(%x: tensor<2x3xf64>, %y: tensor<2x3xi32>) -> (tensor<f64>, tensor<1x1xi32>) {
  %0 = tfcc.reduce_min %x axes = [1, 0] : tensor<2x3xf64>
  %1 = tfcc.reduce_min %y axes = [0, 1] keep_dims : tensor<2x3xi32>
  return %0, %1 : tensor<f64>, tensor<1x1xi32>
}

// -----

// An empty axis list reduces nothing.
// CHECK-LABEL: func.func @no_axes
// CHECK-SAME: (%[[X:.*]]: tensor<2x3xf32>)
// CHECK-NEXT: return %[[X]] : tensor<2x3xf32>
func.func @no_axes(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = tfcc.reduce_sum %x axes = [] keep_dims : tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// prod starts from 1 and multiplies.
// CHECK-LABEL: func.func @prod
// CHECK: %[[ONE:.*]] = arith.constant 1.000000e+00 : f32
// CHECK: linalg.fill ins(%[[ONE]] : f32) outs(%{{.*}} : tensor<?xf32>)
// CHECK: linalg.reduce ins(%{{.*}} : tensor<?x4xf32>) outs(%{{.*}} : tensor<?xf32>) dimensions = [1]
// CHECK: arith.mulf
// CHECK: %[[IONE:.*]] = arith.constant 1 : i64
// CHECK: linalg.fill ins(%[[IONE]] : i64)
// CHECK: arith.muli
func.func @prod(%x: tensor<?x4xf32>, %y: tensor<3xi64>) -> (tensor<?xf32>, tensor<i64>) {
  %0 = tfcc.reduce_prod %x axes = [1] : tensor<?x4xf32>
  %1 = tfcc.reduce_prod %y axes = [0] : tensor<3xi64>
  return %0, %1 : tensor<?xf32>, tensor<i64>
}
