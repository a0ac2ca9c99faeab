// RUN: tfcc-opt %s --tfcc-vectorize-transposes --split-input-file | FileCheck %s

// A 2-D transpose becomes 8x8 blocks: 8 row reads along the input's
// innermost dimension, 24 shuffles (unpacks of row pairs, pairs of those,
// then 128-bit halves) and 8 row writes along the result's.
// CHECK-LABEL: func.func @two_d
// CHECK-NOT: linalg.
// CHECK: scf.for %[[I:.*]] = %c0 to %c24 step %c8
// CHECK: scf.for %[[J:.*]] = %c0 to %c16 step %c8
// CHECK: %[[R0:.*]] = vector.transfer_read %arg0[%[[J]], %[[I]]], %{{.*}} {in_bounds = [true]} : tensor<16x24xf32>, vector<8xf32>
// CHECK: %[[R1:.*]] = vector.transfer_read %arg0[%{{.*}}, %[[I]]]
// CHECK-COUNT-6: vector.transfer_read
// CHECK: vector.shuffle %[[R0]], %[[R1]] [0, 8, 1, 9, 4, 12, 5, 13]
// CHECK: vector.shuffle %[[R0]], %[[R1]] [2, 10, 3, 11, 6, 14, 7, 15]
// CHECK-COUNT-6: vector.shuffle {{.*}} [{{0, 8|2, 10}}
// CHECK-COUNT-8: vector.shuffle {{.*}} [{{0, 1, 8, 9|2, 3, 10, 11}}
// CHECK-COUNT-8: vector.shuffle {{.*}} [{{0, 1, 2, 3, 8|4, 5, 6, 7, 12}}
// CHECK-NOT: vector.shuffle
// CHECK-COUNT-8: vector.transfer_write {{.*}} {in_bounds = [true]} : vector<8xf32>, tensor<8x8xf32>
func.func @two_d(%a: tensor<16x24xf32>) -> tensor<24x16xf32> {
  %e = tensor.empty() : tensor<24x16xf32>
  %t = linalg.transpose ins(%a : tensor<16x24xf32>) outs(%e : tensor<24x16xf32>) permutation = [1, 0]
  return %t : tensor<24x16xf32>
}

// -----

// NCHW to NHWC with a dynamic batch: H and W, adjacent in both, are one
// loop of 192 (linalg::collapseOpIterationDims); the batch steps by one; a
// row is read along H * W at one channel and written along C at one pixel.
// CHECK-LABEL: func.func @nchw_to_nhwc
// CHECK: %[[IN:.*]] = tensor.collapse_shape %arg0 {{\[\[}}0], [1], [2, 3]] : tensor<?x16x8x24xi32> into tensor<?x16x192xi32>
// CHECK: %[[OUT:.*]] = tensor.collapse_shape %arg1 {{\[\[}}0], [1, 2], [3]] : tensor<?x8x24x16xi32> into tensor<?x192x16xi32>
// CHECK: %[[N:.*]] = tensor.dim %[[IN]], %c0
// CHECK: scf.for %[[B:.*]] = %c0 to %[[N]] step %c1
// CHECK: scf.for %[[P:.*]] = %c0 to %c192 step %c8
// CHECK: scf.for %[[C:.*]] = %c0 to %c16 step %c8
// CHECK: vector.transfer_read %[[IN]][%[[B]], %[[C]], %[[P]]], %{{.*}} {in_bounds = [true]} : tensor<?x16x192xi32>, vector<8xi32>
// CHECK-COUNT-24: vector.shuffle
// CHECK: vector.transfer_write %{{.*}}, %{{.*}}[%c0, %c0, %c0] {in_bounds = [true]} : vector<8xi32>, tensor<1x8x8xi32>
// CHECK: vector.transfer_write %{{.*}}, %{{.*}}[%c0, %c1, %c0] {in_bounds = [true]} : vector<8xi32>, tensor<1x8x8xi32>
// CHECK: tensor.expand_shape %{{.*}} {{\[\[}}0], [1, 2], [3]] output_shape [%{{.*}}, 8, 24, 16]
func.func @nchw_to_nhwc(%a: tensor<?x16x8x24xi32>, %e: tensor<?x8x24x16xi32>) -> tensor<?x8x24x16xi32> {
  %t = linalg.transpose ins(%a : tensor<?x16x8x24xi32>) outs(%e : tensor<?x8x24x16xi32>) permutation = [0, 2, 3, 1]
  return %t : tensor<?x8x24x16xi32>
}

// -----

// NHWC -> NCHW of a 7x7 image: H and W, adjacent in both, become one loop
// of 49 (linalg::collapseOpIterationDims); the whole blocks, 16 channels by
// 48 pixels, are split off (linalg::splitOp) and the rest, 4 channels and
// the last pixel, left to tfcc-vectorize-elementwise.
// CHECK-LABEL: func.func @ragged
// CHECK: %[[IN:.*]] = tensor.collapse_shape %arg0 {{\[\[}}0], [1, 2], [3]] : tensor<1x7x7x20xf32> into tensor<1x49x20xf32>
// CHECK: %[[OUT:.*]] = tensor.collapse_shape %{{.*}} {{\[\[}}0], [1], [2, 3]] : tensor<1x20x7x7xf32> into tensor<1x20x49xf32>
// CHECK: scf.for %{{.*}} = %c0 to %c16 step %c8
// CHECK: scf.for %{{.*}} = %c0 to %c48 step %c8
// CHECK-COUNT-24: vector.shuffle
// CHECK: linalg.generic {{.*}} ins(%{{.*}} : tensor<1x48x4xf32>) outs(%{{.*}} : tensor<1x4x48xf32>)
// CHECK: linalg.generic {{.*}} ins(%{{.*}} : tensor<1x1x20xf32>) outs(%{{.*}} : tensor<1x20x1xf32>)
// CHECK: tensor.expand_shape %{{.*}} {{\[\[}}0], [1], [2, 3]] output_shape [1, 20, 7, 7]
func.func @ragged(%a: tensor<1x7x7x20xf32>) -> tensor<1x20x7x7xf32> {
  %e = tensor.empty() : tensor<1x20x7x7xf32>
  %t = linalg.transpose ins(%a : tensor<1x7x7x20xf32>) outs(%e : tensor<1x20x7x7xf32>) permutation = [0, 3, 1, 2]
  return %t : tensor<1x20x7x7xf32>
}

// -----

// Not vectorized: a side shorter than 8 (generalized, as
// tfcc-vectorize-elementwise would), 64-bit elements, a transpose that keeps
// the innermost dimension, and a generic that computes.
// CHECK-LABEL: func.func @not_blocks
// CHECK-NOT: vector.
// CHECK: linalg.generic {{.*}} ins(%arg0 : tensor<6x16xf32>)
// CHECK: linalg.transpose ins(%arg1 : tensor<16x24xf64>)
// CHECK: linalg.transpose ins(%arg2 : tensor<16x8x24xf32>)
// CHECK: linalg.generic
// CHECK: arith.negf
func.func @not_blocks(%a: tensor<6x16xf32>, %b: tensor<16x24xf64>, %c: tensor<16x8x24xf32>, %d: tensor<16x24xf32>)
    -> (tensor<16x6xf32>, tensor<24x16xf64>, tensor<8x16x24xf32>, tensor<24x16xf32>) {
  %e0 = tensor.empty() : tensor<16x6xf32>
  %t0 = linalg.transpose ins(%a : tensor<6x16xf32>) outs(%e0 : tensor<16x6xf32>) permutation = [1, 0]
  %e1 = tensor.empty() : tensor<24x16xf64>
  %t1 = linalg.transpose ins(%b : tensor<16x24xf64>) outs(%e1 : tensor<24x16xf64>) permutation = [1, 0]
  %e2 = tensor.empty() : tensor<8x16x24xf32>
  %t2 = linalg.transpose ins(%c : tensor<16x8x24xf32>) outs(%e2 : tensor<8x16x24xf32>) permutation = [1, 0, 2]
  %e3 = tensor.empty() : tensor<24x16xf32>
  %t3 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d1, d0)>, affine_map<(d0, d1) -> (d0, d1)>],
                        iterator_types = ["parallel", "parallel"]}
      ins(%d : tensor<16x24xf32>) outs(%e3 : tensor<24x16xf32>) {
  ^bb0(%x: f32, %y: f32):
    %n = arith.negf %x : f32
    linalg.yield %n : f32
  } -> tensor<24x16xf32>
  return %t0, %t1, %t2, %t3 : tensor<16x6xf32>, tensor<24x16xf64>, tensor<8x16x24xf32>, tensor<24x16xf32>
}
