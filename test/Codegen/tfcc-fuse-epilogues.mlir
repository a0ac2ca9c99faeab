// RUN: tfcc-opt %s --tfcc-fuse-epilogues="remarks=1" --split-input-file --verify-diagnostics | FileCheck %s

#a = affine_map<(m1, n1, k1, m0, n0, k0) -> (m1, k1, m0, k0)>
#b = affine_map<(m1, n1, k1, m0, n0, k0) -> (n1, k1, n0, k0)>
#c = affine_map<(m1, n1, k1, m0, n0, k0) -> (m1, n1, m0, n0)>
#id = affine_map<(i, j) -> (i, j)>
#row = affine_map<(i, j) -> (j)>

// A packed 16x48 contraction in 8x16 register tiles, unpacked and then
// biased and rectified: the bias add becomes the loop nest over the tiles
// (N1 outside M1, as tfcc-vectorize-contractions orders the panels: M < N),
// with the fill, the contraction of one tile and its unpack inside. Each
// tile is stored once, into the 16x48 result.
// CHECK-LABEL: func.func @bias_relu
// CHECK-SAME: %[[A:.*]]: tensor<2x20x8x1xf32>, %[[B:.*]]: tensor<3x20x16x1xf32>, %[[BIAS:.*]]: tensor<48xf32>
// CHECK: %[[R:.*]] = scf.for %[[J:.*]] = %{{.*}} to %{{.*}} step %{{.*}} iter_args(%[[OUTER:.*]] = %{{.*}}) -> (tensor<16x48xf32>)
// CHECK: scf.for %[[I:.*]] = %{{.*}} to %{{.*}} step %{{.*}} iter_args(%[[ACC:.*]] = %[[OUTER]]) -> (tensor<16x48xf32>)
// CHECK: %[[FILL:.*]] = linalg.fill {{.*}} -> tensor<1x1x8x16xf32>
// CHECK: %[[TILE:.*]] = linalg.generic {{.*}} ins(%{{.*}}, %{{.*}} : tensor<1x20x8x1xf32>, tensor<1x20x16x1xf32>) outs(%[[FILL]] : tensor<1x1x8x16xf32>)
// CHECK: %[[U:.*]] = linalg.unpack %[[TILE]] {{.*}} : tensor<1x1x8x16xf32> -> tensor<8x16xf32>
// CHECK: %[[BSLICE:.*]] = tensor.extract_slice %[[BIAS]][%[[J]]] [16] [1]
// CHECK: %[[E:.*]] = linalg.generic {{.*}} ins(%[[U]], %[[BSLICE]] : tensor<8x16xf32>, tensor<16xf32>)
// CHECK: arith.addf
// CHECK: arith.maximumf
// CHECK: tensor.insert_slice %[[E]] into %[[ACC]][%[[I]], %[[J]]] [8, 16] [1, 1]
// CHECK: return %[[R]]
// CHECK-NOT: linalg.unpack
func.func @bias_relu(%a: tensor<2x20x8x1xf32>, %b: tensor<3x20x16x1xf32>, %bias: tensor<48xf32>) -> tensor<16x48xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<2x3x8x16xf32>
  %fill = linalg.fill ins(%zero : f32) outs(%e : tensor<2x3x8x16xf32>) -> tensor<2x3x8x16xf32>
  %p = linalg.generic {indexing_maps = [#a, #b, #c], iterator_types = ["parallel", "parallel", "reduction", "parallel", "parallel", "reduction"]} ins(%a, %b : tensor<2x20x8x1xf32>, tensor<3x20x16x1xf32>) outs(%fill : tensor<2x3x8x16xf32>) {
  ^bb0(%x: f32, %y: f32, %z: f32):
    %m = arith.mulf %x, %y : f32
    %s = arith.addf %z, %m : f32
    linalg.yield %s : f32
  } -> tensor<2x3x8x16xf32>
  %d = tensor.empty() : tensor<16x48xf32>
  %u = linalg.unpack %p inner_dims_pos = [0, 1] inner_tiles = [8, 16] into %d : tensor<2x3x8x16xf32> -> tensor<16x48xf32>
  // expected-remark @below {{fused as the epilogue of the contraction}}
  %r = linalg.generic {indexing_maps = [#id, #row, #id], iterator_types = ["parallel", "parallel"]} ins(%u, %bias : tensor<16x48xf32>, tensor<48xf32>) outs(%d : tensor<16x48xf32>) {
  ^bb0(%x: f32, %y: f32, %z: f32):
    %s = arith.addf %x, %y : f32
    %t = arith.maximumf %s, %zero : f32
    linalg.yield %t : f32
  } -> tensor<16x48xf32>
  return %r : tensor<16x48xf32>
}

// -----

#a = affine_map<(m1, n1, k1, m0, n0, k0) -> (m1, k1, m0, k0)>
#b = affine_map<(m1, n1, k1, m0, n0, k0) -> (n1, k1, n0, k0)>
#c = affine_map<(m1, n1, k1, m0, n0, k0) -> (m1, n1, m0, n0)>
#nhwc = affine_map<(n, h, w, c) -> (n, h, w, c)>
#bias = affine_map<(n, h, w, c) -> (n, 0, 0, c)>

// An NHWC convolution's GEMM result [N*OH*OW, O] = [32, 16], expanded to
// 1x4x8x16 for its bias (1x1x1x16, broadcast), residual add and ReLU: the
// epilogue is rewritten over the 2-D GEMM space (the bias collapsed to
// [16], the residual to [32, 16]) and then fused; the NHWC result is an
// expand_shape of the tile loops' result.
// CHECK-LABEL: func.func @nhwc_residual
// CHECK-SAME: %[[RES:[^:]*]]: tensor<1x4x8x16xf32>
// CHECK-DAG: %[[BIAS:.*]] = tensor.collapse_shape %{{.*}} {{\[}}[0, 1, 2, 3]] : tensor<1x1x1x16xf32> into tensor<16xf32>
// CHECK-DAG: %[[RES2:.*]] = tensor.collapse_shape %[[RES]] {{\[}}[0, 1, 2], [3]] : tensor<1x4x8x16xf32> into tensor<32x16xf32>
// One panel of N: only the M1 loop remains.
// CHECK: %[[R:.*]] = scf.for
// CHECK: linalg.generic {{.*}} outs(%{{.*}} : tensor<1x1x8x16xf32>)
// CHECK: %[[U:.*]] = linalg.unpack {{.*}} : tensor<1x1x8x16xf32> -> tensor<8x16xf32>
// CHECK: %[[RS:.*]] = tensor.extract_slice %[[RES2]]
// CHECK: linalg.generic {{.*}} ins(%[[U]], %[[BIAS]], %[[RS]] : tensor<8x16xf32>, tensor<16xf32>, tensor<8x16xf32>)
// CHECK: %[[NHWC:.*]] = tensor.expand_shape %[[R]] {{\[}}[0, 1, 2], [3]] output_shape [1, 4, 8, 16] : tensor<32x16xf32> into tensor<1x4x8x16xf32>
// CHECK: return %[[NHWC]]
func.func @nhwc_residual(%a: tensor<4x20x8x1xf32>, %b: tensor<1x20x16x1xf32>, %bias: tensor<1x1x1x16xf32>, %res: tensor<1x4x8x16xf32>) -> tensor<1x4x8x16xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<4x1x8x16xf32>
  %fill = linalg.fill ins(%zero : f32) outs(%e : tensor<4x1x8x16xf32>) -> tensor<4x1x8x16xf32>
  %p = linalg.generic {indexing_maps = [#a, #b, #c], iterator_types = ["parallel", "parallel", "reduction", "parallel", "parallel", "reduction"]} ins(%a, %b : tensor<4x20x8x1xf32>, tensor<1x20x16x1xf32>) outs(%fill : tensor<4x1x8x16xf32>) {
  ^bb0(%x: f32, %y: f32, %z: f32):
    %m = arith.mulf %x, %y : f32
    %s = arith.addf %z, %m : f32
    linalg.yield %s : f32
  } -> tensor<4x1x8x16xf32>
  %d = tensor.empty() : tensor<32x16xf32>
  %u = linalg.unpack %p inner_dims_pos = [0, 1] inner_tiles = [8, 16] into %d : tensor<4x1x8x16xf32> -> tensor<32x16xf32>
  %x = tensor.expand_shape %u [[0, 1, 2], [3]] output_shape [1, 4, 8, 16] : tensor<32x16xf32> into tensor<1x4x8x16xf32>
  %o = tensor.empty() : tensor<1x4x8x16xf32>
  // expected-remark @below {{fused as the epilogue of the contraction}}
  %r = linalg.generic {indexing_maps = [#nhwc, #bias, #nhwc, #nhwc], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%x, %bias, %res : tensor<1x4x8x16xf32>, tensor<1x1x1x16xf32>, tensor<1x4x8x16xf32>) outs(%o : tensor<1x4x8x16xf32>) {
  ^bb0(%v: f32, %w: f32, %y: f32, %z: f32):
    %s = arith.addf %v, %w : f32
    %t = arith.addf %s, %y : f32
    %q = arith.maximumf %t, %zero : f32
    linalg.yield %q : f32
  } -> tensor<1x4x8x16xf32>
  return %r : tensor<1x4x8x16xf32>
}

// -----

#a = affine_map<(m1, n1, k1, m0, n0, k0) -> (m1, k1, m0, k0)>
#b = affine_map<(m1, n1, k1, m0, n0, k0) -> (n1, k1, n0, k0)>
#c = affine_map<(m1, n1, k1, m0, n0, k0) -> (m1, n1, m0, n0)>
#id = affine_map<(i, j) -> (i, j)>

// 12 rows in tiles of 8: the unpack drops the padding of the last tile,
// which a tile of the consumer would not see; nothing is fused.
// CHECK-LABEL: func.func @padded
// CHECK-NOT: scf.for
// CHECK: linalg.unpack {{.*}} -> tensor<12x16xf32>
// CHECK: linalg.generic
func.func @padded(%a: tensor<2x20x8x1xf32>, %b: tensor<1x20x16x1xf32>, %c: tensor<2x1x8x16xf32>) -> tensor<12x16xf32> {
  %p = linalg.generic {indexing_maps = [#a, #b, #c], iterator_types = ["parallel", "parallel", "reduction", "parallel", "parallel", "reduction"]} ins(%a, %b : tensor<2x20x8x1xf32>, tensor<1x20x16x1xf32>) outs(%c : tensor<2x1x8x16xf32>) {
  ^bb0(%x: f32, %y: f32, %z: f32):
    %m = arith.mulf %x, %y : f32
    %s = arith.addf %z, %m : f32
    linalg.yield %s : f32
  } -> tensor<2x1x8x16xf32>
  %d = tensor.empty() : tensor<12x16xf32>
  %u = linalg.unpack %p inner_dims_pos = [0, 1] inner_tiles = [8, 16] into %d : tensor<2x1x8x16xf32> -> tensor<12x16xf32>
  %r = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]} ins(%u : tensor<12x16xf32>) outs(%d : tensor<12x16xf32>) {
  ^bb0(%x: f32, %z: f32):
    %t = math.tanh %x : f32
    linalg.yield %t : f32
  } -> tensor<12x16xf32>
  return %r : tensor<12x16xf32>
}

// -----

#a = affine_map<(m1, n1, k1, m0, n0, k0) -> (m1, k1, m0, k0)>
#b = affine_map<(m1, n1, k1, m0, n0, k0) -> (n1, k1, n0, k0)>
#c = affine_map<(m1, n1, k1, m0, n0, k0) -> (m1, n1, m0, n0)>
#id = affine_map<(i, j) -> (i, j)>
#rows = affine_map<(i, j) -> (i)>

// A row sum reads the whole row of the result, not one tile: no epilogue.
// CHECK-LABEL: func.func @reduction
// CHECK-NOT: scf.for
// CHECK: linalg.unpack
func.func @reduction(%a: tensor<2x20x8x1xf32>, %b: tensor<1x20x16x1xf32>, %c: tensor<2x1x8x16xf32>, %s: tensor<16xf32>) -> tensor<16xf32> {
  %p = linalg.generic {indexing_maps = [#a, #b, #c], iterator_types = ["parallel", "parallel", "reduction", "parallel", "parallel", "reduction"]} ins(%a, %b : tensor<2x20x8x1xf32>, tensor<1x20x16x1xf32>) outs(%c : tensor<2x1x8x16xf32>) {
  ^bb0(%x: f32, %y: f32, %z: f32):
    %m = arith.mulf %x, %y : f32
    %s2 = arith.addf %z, %m : f32
    linalg.yield %s2 : f32
  } -> tensor<2x1x8x16xf32>
  %d = tensor.empty() : tensor<16x16xf32>
  %u = linalg.unpack %p inner_dims_pos = [0, 1] inner_tiles = [8, 16] into %d : tensor<2x1x8x16xf32> -> tensor<16x16xf32>
  %r = linalg.generic {indexing_maps = [#id, #rows], iterator_types = ["parallel", "reduction"]} ins(%u : tensor<16x16xf32>) outs(%s : tensor<16xf32>) {
  ^bb0(%x: f32, %z: f32):
    %t = arith.addf %x, %z : f32
    linalg.yield %t : f32
  } -> tensor<16xf32>
  return %r : tensor<16xf32>
}

// -----

#a = affine_map<(m1, n1, k1, m0, n0, k0) -> (m1, k1, m0, k0)>
#b = affine_map<(m1, n1, k1, m0, n0, k0) -> (n1, k1, n0, k0)>
#c = affine_map<(m1, n1, k1, m0, n0, k0) -> (m1, n1, m0, n0)>
#id = affine_map<(i, j) -> (i, j)>

// K1 = 8192 steps: A (16 x 8192 floats, 512 KiB) outgrows the L2 share
// tfcc-vectorize-contractions blocks K for, in blocks of 4096. The
// contraction over the first 4096 steps stays out of the loops (and is
// blocked there); the last block accumulates onto it in the tile loop and
// takes the epilogue.
// CHECK-LABEL: func.func @split_k
// CHECK-SAME: %[[A:[^:]*]]: tensor<2x8192x8x1xf32>, %[[B:[^:]*]]: tensor<1x8192x16x1xf32>
// CHECK-DAG: %[[AH:.*]] = tensor.extract_slice %[[A]][0, 0, 0, 0] [2, 4096, 8, 1]
// CHECK-DAG: %[[BH:.*]] = tensor.extract_slice %[[B]][0, 0, 0, 0] [1, 4096, 16, 1]
// CHECK-DAG: %[[AL:.*]] = tensor.extract_slice %[[A]][0, 4096, 0, 0] [2, 4096, 8, 1]
// CHECK-DAG: %[[BL:.*]] = tensor.extract_slice %[[B]][0, 4096, 0, 0] [1, 4096, 16, 1]
// CHECK: %[[HEAD:.*]] = linalg.generic {{.*}} ins(%[[AH]], %[[BH]] : tensor<2x4096x8x1xf32>, tensor<1x4096x16x1xf32>)
// CHECK: scf.for
// CHECK: %[[ACC:.*]] = tensor.extract_slice %[[HEAD]]
// CHECK: linalg.generic {{.*}} outs(%[[ACC]] : tensor<1x1x8x16xf32>)
// CHECK: linalg.unpack
// CHECK: math.tanh
func.func @split_k(%a: tensor<2x8192x8x1xf32>, %b: tensor<1x8192x16x1xf32>) -> tensor<16x16xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<2x1x8x16xf32>
  %fill = linalg.fill ins(%zero : f32) outs(%e : tensor<2x1x8x16xf32>) -> tensor<2x1x8x16xf32>
  %p = linalg.generic {indexing_maps = [#a, #b, #c], iterator_types = ["parallel", "parallel", "reduction", "parallel", "parallel", "reduction"]} ins(%a, %b : tensor<2x8192x8x1xf32>, tensor<1x8192x16x1xf32>) outs(%fill : tensor<2x1x8x16xf32>) {
  ^bb0(%x: f32, %y: f32, %z: f32):
    %m = arith.mulf %x, %y : f32
    %s = arith.addf %z, %m : f32
    linalg.yield %s : f32
  } -> tensor<2x1x8x16xf32>
  %d = tensor.empty() : tensor<16x16xf32>
  %u = linalg.unpack %p inner_dims_pos = [0, 1] inner_tiles = [8, 16] into %d : tensor<2x1x8x16xf32> -> tensor<16x16xf32>
  // expected-remark @below {{fused as the epilogue of the contraction}}
  %r = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]} ins(%u : tensor<16x16xf32>) outs(%d : tensor<16x16xf32>) {
  ^bb0(%x: f32, %z: f32):
    %t = math.tanh %x : f32
    linalg.yield %t : f32
  } -> tensor<16x16xf32>
  return %r : tensor<16x16xf32>
}
