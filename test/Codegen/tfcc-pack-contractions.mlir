// RUN: tfcc-opt %s --tfcc-pack-contractions --split-input-file | FileCheck %s
// RUN: tfcc-opt %s --tfcc-pack-contractions="vector-bits=512 vector-registers=32" --split-input-file | FileCheck %s --check-prefix=AVX512

#mkn_a = affine_map<(m, k, n) -> (m, k)>
#mkn_b = affine_map<(m, k, n) -> (k, n)>
#mkn_c = affine_map<(m, k, n) -> (m, n)>

// A matmul (loops m, k, n as tfcc's lowering orders them) becomes the
// mmt4d-shaped generic over 6x1 tiles of A and 16x1 tiles of B (AVX2: 12
// accumulators of 8 floats), B's panels ordered [N1][K1] so that K is
// contiguous within a panel; M is dynamic, everything pads with zeros.
// CHECK-LABEL: func.func @matmul
// CHECK-SAME: %[[A:.*]]: tensor<?x20xf32>, %[[B:.*]]: tensor<20x40xf32>, %[[C:.*]]: tensor<?x40xf32>
// CHECK: %[[PA:.*]] = linalg.pack %[[A]] padding_value(%{{.*}} : f32) inner_dims_pos = [0, 1] inner_tiles = [6, 1] into %{{.*}} : tensor<?x20xf32> -> tensor<?x20x6x1xf32>
// CHECK: %[[PB:.*]] = linalg.pack %[[B]] padding_value(%{{.*}} : f32) outer_dims_perm = [1, 0] inner_dims_pos = [1, 0] inner_tiles = [16, 1] into %{{.*}} : tensor<20x40xf32> -> tensor<3x20x16x1xf32>
// CHECK: %[[PC:.*]] = linalg.pack %[[C]] {{.*}} inner_tiles = [6, 16] {{.*}} -> tensor<?x3x6x16xf32>
// CHECK: %[[R:.*]] = linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "reduction", "parallel", "parallel", "reduction"]
// CHECK-SAME: ins(%[[PA]], %[[PB]] : tensor<?x20x6x1xf32>, tensor<3x20x16x1xf32>) outs(%[[PC]] : tensor<?x3x6x16xf32>)
// CHECK: arith.mulf
// CHECK: arith.addf
// CHECK: linalg.unpack %[[R]] inner_dims_pos = [0, 1] inner_tiles = [6, 16] into %[[C]]
// AVX512-LABEL: func.func @matmul
// AVX512: inner_tiles = [14, 1] {{.*}} -> tensor<?x20x14x1xf32>
// AVX512: inner_tiles = [32, 1] {{.*}} -> tensor<2x20x32x1xf32>
// AVX512: inner_tiles = [14, 32] {{.*}} -> tensor<?x2x14x32xf32>
func.func @matmul(%a: tensor<?x20xf32>, %b: tensor<20x40xf32>, %c: tensor<?x40xf32>) -> tensor<?x40xf32> {
  %r = linalg.generic {indexing_maps = [#mkn_a, #mkn_b, #mkn_c], iterator_types = ["parallel", "reduction", "parallel"]} ins(%a, %b : tensor<?x20xf32>, tensor<20x40xf32>) outs(%c : tensor<?x40xf32>) {
  ^bb0(%x: f32, %y: f32, %z: f32):
    %m = arith.mulf %x, %y : f32
    %s = arith.addf %z, %m : f32
    linalg.yield %s : f32
  } -> tensor<?x40xf32>
  return %r : tensor<?x40xf32>
}

// -----

#mnk_a = affine_map<(m, n, k) -> (m, k)>
#mnk_bt = affine_map<(m, n, k) -> (n, k)>
#mnk_c = affine_map<(m, n, k) -> (m, n)>

// A constant weight (here B transposed, as ONNX Gemm's transB gives) is
// packed at compile time: no pack of it is left, and the packed constant
// holds W[n][k] at [n / 16][k][n % 16][0], zeros past N = 17. The fill of
// the accumulator is packed by folding the fill itself. Its 4 rows take a
// tile of 4 rows, not the default 6 (AVX2) or 14 (AVX-512, where one tile
// of 4x32 covers the 17 columns), and the run-time A, whole tiles of rows,
// is read in place: a reshape to [M1, m0, K, 1], no pack.
// CHECK-LABEL: func.func @constant_weight
// CHECK: %[[W:.*]] = arith.constant dense<{{\[\[\[\[}}1.000000e+00], [4.000000e+00], [7.000000e+00],
// CHECK-SAME: [4.900000e+01], [0.000000e+00], [0.000000e+00],
// CHECK-SAME: tensor<2x3x16x1xf32>
// CHECK-NOT: linalg.pack %[[W]]
// CHECK-NOT: linalg.pack %arg0
// CHECK: %[[F:.*]] = linalg.fill {{.*}} -> tensor<1x2x4x16xf32>
// CHECK: %[[A:.*]] = tensor.expand_shape %arg0 {{\[\[}}0, 1], [2, 3]] output_shape [1, 4, 3, 1] : tensor<4x3xf32> into tensor<1x4x3x1xf32>
// CHECK: linalg.generic {{.*}} ins(%[[A]], %[[W]] : tensor<1x4x3x1xf32>, tensor<2x3x16x1xf32>) outs(%[[F]] : tensor<1x2x4x16xf32>)
// AVX512-LABEL: func.func @constant_weight
// AVX512: linalg.generic {{.*}} ins(%{{.*}}, %{{.*}} : tensor<1x4x3x1xf32>, tensor<1x3x32x1xf32>) outs(%{{.*}} : tensor<1x1x4x32xf32>)
func.func @constant_weight(%a: tensor<4x3xf32>) -> tensor<4x17xf32> {
  %w = arith.constant dense<[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 9.0], [10.0, 11.0, 12.0], [13.0, 14.0, 15.0], [16.0, 17.0, 18.0], [19.0, 20.0, 21.0], [22.0, 23.0, 24.0], [25.0, 26.0, 27.0], [28.0, 29.0, 30.0], [31.0, 32.0, 33.0], [34.0, 35.0, 36.0], [37.0, 38.0, 39.0], [40.0, 41.0, 42.0], [43.0, 44.0, 45.0], [46.0, 47.0, 48.0], [49.0, 50.0, 51.0]]> : tensor<17x3xf32>
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<4x17xf32>
  %c = linalg.fill ins(%zero : f32) outs(%e : tensor<4x17xf32>) -> tensor<4x17xf32>
  %r = linalg.generic {indexing_maps = [#mnk_a, #mnk_bt, #mnk_c], iterator_types = ["parallel", "parallel", "reduction"]} ins(%a, %w : tensor<4x3xf32>, tensor<17x3xf32>) outs(%c : tensor<4x17xf32>) {
  ^bb0(%x: f32, %y: f32, %z: f32):
    %m = arith.mulf %x, %y : f32
    %s = arith.addf %z, %m : f32
    linalg.yield %s : f32
  } -> tensor<4x17xf32>
  return %r : tensor<4x17xf32>
}

// A contraction narrower than one vector (N = 2) with a run-time A is not
// packed: each element of A would be packed to be used twice.
// CHECK-LABEL: func.func @narrow
// CHECK-NOT: linalg.pack
// CHECK: linalg.generic
func.func @narrow(%a: tensor<4x3xf32>, %w: tensor<2x3xf32>, %c: tensor<4x2xf32>) -> tensor<4x2xf32> {
  %r = linalg.generic {indexing_maps = [#mnk_a, #mnk_bt, #mnk_c], iterator_types = ["parallel", "parallel", "reduction"]} ins(%a, %w : tensor<4x3xf32>, tensor<2x3xf32>) outs(%c : tensor<4x2xf32>) {
  ^bb0(%x: f32, %y: f32, %z: f32):
    %m = arith.mulf %x, %y : f32
    %s = arith.addf %z, %m : f32
    linalg.yield %s : f32
  } -> tensor<4x2xf32>
  return %r : tensor<4x2xf32>
}

// -----

#bat_a = affine_map<(b, m, k, n) -> (b, m, k)>
#bat_b = affine_map<(b, m, k, n) -> (k, n)>
#bat_c = affine_map<(b, m, k, n) -> (b, m, n)>

// A batch matmul whose B is broadcast along the batch packs B once, without
// a batch dim; the batch stays the outermost loop. M = 16 rows are four
// tiles of 4 (three of 6 would pad to 18 and cost more). The output, in
// whole tiles, is written in place: a view of it, [8][M1][m0][N1][n0], and
// no unpack.
// CHECK-LABEL: func.func @broadcast_batch
// CHECK: linalg.pack %arg0 {{.*}} -> tensor<8x4x32x4x1xf32>
// CHECK: linalg.pack %arg1 outer_dims_perm = [1, 0] {{.*}} -> tensor<1x32x16x1xf32>
// CHECK-NOT: linalg.pack %arg2
// CHECK: %[[VIEW:.*]] = tensor.expand_shape %arg2 {{\[\[}}0], [1, 2], [3, 4]] output_shape [8, 4, 4, 1, 16]
// CHECK: %[[R:.*]] = linalg.generic {indexing_maps = [#{{.*}}, #{{.*}}, #[[OUT:.*]]], iterator_types = ["parallel", "parallel", "parallel", "reduction", "parallel", "parallel", "reduction"]} {{.*}} outs(%[[VIEW]] : tensor<8x4x4x1x16xf32>)
// CHECK-NOT: linalg.unpack
// CHECK: %[[ROWS:.*]] = tensor.collapse_shape %[[R]] {{\[\[}}0], [1, 2], [3, 4]] : tensor<8x4x4x1x16xf32> into tensor<8x16x16xf32>
// CHECK: return %[[ROWS]]
func.func @broadcast_batch(%a: tensor<8x16x32xf32>, %b: tensor<32x16xf32>, %c: tensor<8x16x16xf32>) -> tensor<8x16x16xf32> {
  %r = linalg.generic {indexing_maps = [#bat_a, #bat_b, #bat_c], iterator_types = ["parallel", "parallel", "reduction", "parallel"]} ins(%a, %b : tensor<8x16x32xf32>, tensor<32x16xf32>) outs(%c : tensor<8x16x16xf32>) {
  ^bb0(%x: f32, %y: f32, %z: f32):
    %m = arith.mulf %x, %y : f32
    %s = arith.addf %z, %m : f32
    linalg.yield %s : f32
  } -> tensor<8x16x16xf32>
  return %r : tensor<8x16x16xf32>
}

// -----

#bb_a = affine_map<(b, m, k, n) -> (b, m, k)>
#bb_b = affine_map<(b, m, k, n) -> (b, k, n)>
#bb_c = affine_map<(b, m, k, n) -> (b, m, n)>

// A batched run-time A in whole row tiles is read in place as a plain one
// is, batch by batch (Winograd's GEMMs, attention's products).
// CHECK-LABEL: func.func @batched_rows
// CHECK-NOT: linalg.pack %arg0
// CHECK: tensor.expand_shape %arg0 {{\[\[}}0], [1, 2], [3, 4]] output_shape [8, 4, 4, 32, 1] : tensor<8x16x32xf32> into tensor<8x4x4x32x1xf32>
// CHECK-NOT: linalg.unpack
// AVX512-LABEL: func.func @batched_rows
// AVX512-NOT: linalg.pack %arg0
// AVX512: tensor.expand_shape %arg0 {{\[\[}}0], [1, 2], [3, 4]] output_shape [8, 1, 16, 32, 1] : tensor<8x16x32xf32> into tensor<8x1x16x32x1xf32>
func.func @batched_rows(%a: tensor<8x16x32xf32>, %b: tensor<8x32x16xf32>, %c: tensor<8x16x16xf32>) -> tensor<8x16x16xf32> {
  %r = linalg.generic {indexing_maps = [#bb_a, #bb_b, #bb_c], iterator_types = ["parallel", "parallel", "reduction", "parallel"]} ins(%a, %b : tensor<8x16x32xf32>, tensor<8x32x16xf32>) outs(%c : tensor<8x16x16xf32>) {
  ^bb0(%x: f32, %y: f32, %z: f32):
    %m = arith.mulf %x, %y : f32
    %s = arith.addf %z, %m : f32
    linalg.yield %s : f32
  } -> tensor<8x16x16xf32>
  return %r : tensor<8x16x16xf32>
}

// -----

#mkn_a = affine_map<(m, k, n) -> (m, k)>
#mkn_b = affine_map<(m, k, n) -> (k, n)>
#mkn_c = affine_map<(m, k, n) -> (m, n)>

// 64 rows: tiles of whole rows, which read the run-time A in place (its
// pack would copy and transpose it on every run): 4x16 with AVX2 (as fast
// a row as the default 6x16, whose 11 tiles would pad to 66 rows), 8x32
// with AVX-512 rather than five 14-row tiles (70).
// CHECK-LABEL: func.func @rows64
// CHECK-NOT: linalg.pack %arg0
// CHECK: tensor.expand_shape %arg0 {{.*}} : tensor<64x16xf32> into tensor<16x4x16x1xf32>
// AVX512-LABEL: func.func @rows64
// AVX512: linalg.pack %arg1 {{.*}} inner_tiles = [32, 1] {{.*}} -> tensor<2x16x32x1xf32>
// AVX512-NOT: linalg.pack %arg0
// AVX512: tensor.expand_shape %arg0 {{.*}} : tensor<64x16xf32> into tensor<8x8x16x1xf32>
func.func @rows64(%a: tensor<64x16xf32>, %b: tensor<16x64xf32>, %o: tensor<64x64xf32>) -> tensor<64x64xf32> {
  %r = linalg.generic {indexing_maps = [#mkn_a, #mkn_b, #mkn_c], iterator_types = ["parallel", "reduction", "parallel"]} ins(%a, %b : tensor<64x16xf32>, tensor<16x64xf32>) outs(%o : tensor<64x64xf32>) {
  ^bb0(%x: f32, %y: f32, %z: f32):
    %m = arith.mulf %x, %y : f32
    %s = arith.addf %z, %m : f32
    linalg.yield %s : f32
  } -> tensor<64x64xf32>
  return %r : tensor<64x64xf32>
}

// -----

#mkn_at = affine_map<(m, k, n) -> (k, m)>
#mkn_b = affine_map<(m, k, n) -> (k, n)>
#mkn_c = affine_map<(m, k, n) -> (m, n)>

// One run-time A times two matrices (a GCN's adjacency), stored transposed
// so that it cannot be read in place: the second product, 8 columns wide,
// takes the 6 rows of the first's tile (6x8 rather than 12x8) so that both
// read one pack of A.
// CHECK-LABEL: func.func @shared_pack
// CHECK: %[[PA:.*]] = linalg.pack %arg0 {{.*}} inner_tiles = [6, 1] {{.*}} : tensor<64x24xf32> -> tensor<4x64x6x1xf32>
// CHECK-NOT: linalg.pack %arg0
// CHECK: linalg.generic {{.*}} ins(%[[PA]], %{{.*}} : tensor<4x64x6x1xf32>, tensor<4x64x16x1xf32>)
// CHECK: linalg.generic {{.*}} ins(%[[PA]], %{{.*}} : tensor<4x64x6x1xf32>, tensor<1x64x8x1xf32>)
func.func @shared_pack(%a: tensor<64x24xf32>, %b: tensor<64x64xf32>, %c: tensor<64x8xf32>, %o1: tensor<24x64xf32>, %o2: tensor<24x8xf32>) -> (tensor<24x64xf32>, tensor<24x8xf32>) {
  %r1 = linalg.generic {indexing_maps = [#mkn_at, #mkn_b, #mkn_c], iterator_types = ["parallel", "reduction", "parallel"]} ins(%a, %b : tensor<64x24xf32>, tensor<64x64xf32>) outs(%o1 : tensor<24x64xf32>) {
  ^bb0(%x: f32, %y: f32, %z: f32):
    %m = arith.mulf %x, %y : f32
    %s = arith.addf %z, %m : f32
    linalg.yield %s : f32
  } -> tensor<24x64xf32>
  %r2 = linalg.generic {indexing_maps = [#mkn_at, #mkn_b, #mkn_c], iterator_types = ["parallel", "reduction", "parallel"]} ins(%a, %c : tensor<64x24xf32>, tensor<64x8xf32>) outs(%o2 : tensor<24x8xf32>) {
  ^bb0(%x: f32, %y: f32, %z: f32):
    %m = arith.mulf %x, %y : f32
    %s = arith.addf %z, %m : f32
    linalg.yield %s : f32
  } -> tensor<24x8xf32>
  return %r1, %r2 : tensor<24x64xf32>, tensor<24x8xf32>
}

// -----

#mnk_a = affine_map<(m, n, k) -> (m, k)>
#mnk_b = affine_map<(m, n, k) -> (k, n)>
#mnk_c = affine_map<(m, n, k) -> (m, n)>

// Integer contractions and f32 generics that are no contraction (a sum of
// products with a max) are left alone.
// CHECK-LABEL: func.func @left_alone
// CHECK-NOT: linalg.pack
// CHECK: linalg.generic
// CHECK-NOT: linalg.pack
// CHECK: linalg.generic
// CHECK-NOT: linalg.pack
func.func @left_alone(%a: tensor<4x3xi32>, %b: tensor<3x2xi32>, %c: tensor<4x2xi32>, %fa: tensor<4x3xf32>, %fb: tensor<3x2xf32>, %fc: tensor<4x2xf32>) -> (tensor<4x2xi32>, tensor<4x2xf32>) {
  %r = linalg.generic {indexing_maps = [#mnk_a, #mnk_b, #mnk_c], iterator_types = ["parallel", "parallel", "reduction"]} ins(%a, %b : tensor<4x3xi32>, tensor<3x2xi32>) outs(%c : tensor<4x2xi32>) {
  ^bb0(%x: i32, %y: i32, %z: i32):
    %m = arith.muli %x, %y : i32
    %s = arith.addi %z, %m : i32
    linalg.yield %s : i32
  } -> tensor<4x2xi32>
  %f = linalg.generic {indexing_maps = [#mnk_a, #mnk_b, #mnk_c], iterator_types = ["parallel", "parallel", "reduction"]} ins(%fa, %fb : tensor<4x3xf32>, tensor<3x2xf32>) outs(%fc : tensor<4x2xf32>) {
  ^bb0(%x: f32, %y: f32, %z: f32):
    %m = arith.mulf %x, %y : f32
    %s = arith.maximumf %z, %m : f32
    linalg.yield %s : f32
  } -> tensor<4x2xf32>
  return %r, %f : tensor<4x2xi32>, tensor<4x2xf32>
}

// -----

// The dimension to split (tfcc.split_dim, here M of a batched contraction)
// is the same dimension of the packed op, M's panels.
#bmk = affine_map<(b, m, n, k) -> (b, m, k)>
#bkn = affine_map<(b, m, n, k) -> (b, k, n)>
#bmn = affine_map<(b, m, n, k) -> (b, m, n)>
// CHECK-LABEL: func.func @split_dim
// CHECK: linalg.generic {{.*}} attrs = {tfcc.split_dim = 1 : index}
func.func @split_dim(%a: tensor<4x64x32xf32>, %b: tensor<4x32x64xf32>) -> tensor<4x64x64xf32> {
  %zero = arith.constant 0.0 : f32
  %init = tensor.empty() : tensor<4x64x64xf32>
  %acc = linalg.fill ins(%zero : f32) outs(%init : tensor<4x64x64xf32>) -> tensor<4x64x64xf32>
  %c = linalg.generic {indexing_maps = [#bmk, #bkn, #bmn],
                       iterator_types = ["parallel", "parallel", "parallel", "reduction"]}
      ins(%a, %b : tensor<4x64x32xf32>, tensor<4x32x64xf32>) outs(%acc : tensor<4x64x64xf32>)
      attrs = {tfcc.split_dim = 1 : index} {
  ^bb0(%x: f32, %y: f32, %o: f32):
    %p = arith.mulf %x, %y : f32
    %s = arith.addf %o, %p : f32
    linalg.yield %s : f32
  } -> tensor<4x64x64xf32>
  return %c : tensor<4x64x64xf32>
}
