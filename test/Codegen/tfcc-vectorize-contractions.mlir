// RUN: tfcc-opt %s --tfcc-vectorize-contractions --split-input-file | FileCheck %s

// A packed contraction (as tfcc-pack-contractions makes it: 6x16 register
// tiles, K1 = 20; M = 24 < N = 48) becomes loops over N1, then M1, then K1; the accumulator
// tile is read before the K1 loop, carried through it as a vector and
// written after it. Each step of K1 reads the A column (6 floats) and the B
// row (16 floats) and does 6 FMAs on vector<16xf32>. B fits in L2: no
// prefetches.
// CHECK-LABEL: func.func @packed
// CHECK-NOT: memref.prefetch
// CHECK-SAME: %[[A:.*]]: tensor<4x20x6x1xf32>, %[[B:.*]]: tensor<3x20x16x1xf32>, %[[C:.*]]: tensor<4x3x6x16xf32>
// CHECK-DAG: %[[C3:.*]] = arith.constant 3 : index
// CHECK-DAG: %[[C4:.*]] = arith.constant 4 : index
// CHECK-DAG: %[[C20:.*]] = arith.constant 20 : index
// CHECK: scf.for %[[N1:.*]] = %{{.*}} to %[[C3]]
// CHECK: scf.for %[[M1:.*]] = %{{.*}} to %[[C4]] {{.*}} iter_args(%[[ACC:.*]] = %{{.*}}) -> (tensor<4x3x6x16xf32>)
// CHECK: %[[TILE:.*]] = vector.transfer_read %[[ACC]][%[[M1]], %[[N1]], %{{.*}}, %{{.*}}]{{.*}} : tensor<4x3x6x16xf32>, vector<6x16xf32>
// CHECK: %[[R:.*]] = scf.for %[[K1:.*]] = %{{.*}} to %[[C20]] {{.*}} -> (vector<1x1x6x16xf32>)
// CHECK: vector.transfer_read %[[A]][%[[M1]], %[[K1]], %{{.*}}, %{{.*}}]{{.*}} : tensor<4x20x6x1xf32>, vector<6x1xf32>
// CHECK: vector.transfer_read %[[B]][%[[N1]], %[[K1]], %{{.*}}, %{{.*}}]{{.*}} : tensor<3x20x16x1xf32>, vector<16x1xf32>
// CHECK-COUNT-6: vector.fma {{.*}} : vector<16xf32>
// CHECK-NOT: vector.fma
// CHECK-NOT: vector.contract
// CHECK: scf.yield
// CHECK: vector.transfer_write %{{.*}}, %[[ACC]][%[[M1]], %[[N1]], %{{.*}}, %{{.*}}]{{.*}} : vector<6x16xf32>, tensor<4x3x6x16xf32>
// CHECK-NOT: memref.prefetch
// CHECK: return
#a = affine_map<(m1, n1, k1, m0, n0, k0) -> (m1, k1, m0, k0)>
#b = affine_map<(m1, n1, k1, m0, n0, k0) -> (n1, k1, n0, k0)>
#c = affine_map<(m1, n1, k1, m0, n0, k0) -> (m1, n1, m0, n0)>
func.func @packed(%a: tensor<4x20x6x1xf32>, %b: tensor<3x20x16x1xf32>, %c: tensor<4x3x6x16xf32>) -> tensor<4x3x6x16xf32> {
  %r = linalg.generic {indexing_maps = [#a, #b, #c], iterator_types = ["parallel", "parallel", "reduction", "parallel", "parallel", "reduction"]} ins(%a, %b : tensor<4x20x6x1xf32>, tensor<3x20x16x1xf32>) outs(%c : tensor<4x3x6x16xf32>) {
  ^bb0(%x: f32, %y: f32, %z: f32):
    %m = arith.mulf %x, %y : f32
    %s = arith.addf %z, %m : f32
    linalg.yield %s : f32
  } -> tensor<4x3x6x16xf32>
  return %r : tensor<4x3x6x16xf32>
}

// -----

// With M = 120 rows against N = 32 columns (a late ResNet convolution:
// many output channels, few pixels) the M1 panels go outside: the smaller
// B is the operand read again for every panel of the other.
// CHECK-LABEL: func.func @m_outer
// CHECK-DAG: %[[C2:.*]] = arith.constant 2 : index
// CHECK-DAG: %[[C20:.*]] = arith.constant 20 : index
// CHECK: scf.for %{{.*}} = %{{.*}} to %[[C20]]
// CHECK: scf.for %{{.*}} = %{{.*}} to %[[C2]]
// CHECK: scf.for %{{.*}} = %{{.*}} to %[[C20]]
// CHECK-COUNT-6: vector.fma {{.*}} : vector<16xf32>
#a = affine_map<(m1, n1, k1, m0, n0, k0) -> (m1, k1, m0, k0)>
#b = affine_map<(m1, n1, k1, m0, n0, k0) -> (n1, k1, n0, k0)>
#c = affine_map<(m1, n1, k1, m0, n0, k0) -> (m1, n1, m0, n0)>
func.func @m_outer(%a: tensor<20x20x6x1xf32>, %b: tensor<2x20x16x1xf32>, %c: tensor<20x2x6x16xf32>) -> tensor<20x2x6x16xf32> {
  %r = linalg.generic {indexing_maps = [#a, #b, #c], iterator_types = ["parallel", "parallel", "reduction", "parallel", "parallel", "reduction"]} ins(%a, %b : tensor<20x20x6x1xf32>, tensor<2x20x16x1xf32>) outs(%c : tensor<20x2x6x16xf32>) {
  ^bb0(%x: f32, %y: f32, %z: f32):
    %m = arith.mulf %x, %y : f32
    %s = arith.addf %z, %m : f32
    linalg.yield %s : f32
  } -> tensor<20x2x6x16xf32>
  return %r : tensor<20x2x6x16xf32>
}

// -----

// Accumulating into a zero fill: the fill goes, and each register tile's
// accumulators start as zero vectors instead of loads of the filled output.
// CHECK-LABEL: func.func @zero_init
// CHECK-NOT: linalg.fill
// CHECK: %[[ZERO:.*]] = arith.constant dense<0.000000e+00> : vector<1x1x6x16xf32>
// CHECK: scf.for
// CHECK: scf.for
// CHECK-NOT: vector.transfer_read %{{.*}} : tensor<4x3x6x16xf32>
// CHECK: scf.for {{.*}} iter_args(%{{.*}} = %[[ZERO]]) -> (vector<1x1x6x16xf32>)
// CHECK: vector.transfer_write %{{.*}} : vector<6x16xf32>, tensor<4x3x6x16xf32>
#a = affine_map<(m1, n1, k1, m0, n0, k0) -> (m1, k1, m0, k0)>
#b = affine_map<(m1, n1, k1, m0, n0, k0) -> (n1, k1, n0, k0)>
#c = affine_map<(m1, n1, k1, m0, n0, k0) -> (m1, n1, m0, n0)>
func.func @zero_init(%a: tensor<4x20x6x1xf32>, %b: tensor<3x20x16x1xf32>) -> tensor<4x3x6x16xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<4x3x6x16xf32>
  %c = linalg.fill ins(%zero : f32) outs(%e : tensor<4x3x6x16xf32>) -> tensor<4x3x6x16xf32>
  %r = linalg.generic {indexing_maps = [#a, #b, #c], iterator_types = ["parallel", "parallel", "reduction", "parallel", "parallel", "reduction"]} ins(%a, %b : tensor<4x20x6x1xf32>, tensor<3x20x16x1xf32>) outs(%c : tensor<4x3x6x16xf32>) {
  ^bb0(%x: f32, %y: f32, %z: f32):
    %m = arith.mulf %x, %y : f32
    %s = arith.addf %z, %m : f32
    linalg.yield %s : f32
  } -> tensor<4x3x6x16xf32>
  return %r : tensor<4x3x6x16xf32>
}

// -----

// Other generics are left alone.
// CHECK-LABEL: func.func @not_packed
// CHECK-NOT: scf.for
// CHECK-NOT: vector.
// CHECK: linalg.generic
#map = affine_map<(m, n, k) -> (m, k)>
#mapb = affine_map<(m, n, k) -> (k, n)>
#mapc = affine_map<(m, n, k) -> (m, n)>
func.func @not_packed(%a: tensor<4x3xf32>, %b: tensor<3x2xf32>, %c: tensor<4x2xf32>) -> tensor<4x2xf32> {
  %r = linalg.generic {indexing_maps = [#map, #mapb, #mapc], iterator_types = ["parallel", "parallel", "reduction"]} ins(%a, %b : tensor<4x3xf32>, tensor<3x2xf32>) outs(%c : tensor<4x2xf32>) {
  ^bb0(%x: f32, %y: f32, %z: f32):
    %m = arith.mulf %x, %y : f32
    %s = arith.addf %z, %m : f32
    linalg.yield %s : f32
  } -> tensor<4x2xf32>
  return %r : tensor<4x2xf32>
}

// -----

// A run-time A read in place (tfcc-pack-contractions reshapes a row-major
// [24, 20] to [M1, m0, K, 1] instead of packing it): each step of K1 reads
// the 6 rows' elements of one column, strided in memory, and does the same
// 6 FMAs.
// CHECK-LABEL: func.func @a_in_place
// CHECK: %[[AV:.*]] = tensor.expand_shape %{{.*}} : tensor<24x20xf32> into tensor<4x6x20x1xf32>
// CHECK: scf.for %{{.*}} = %{{.*}} to %c3
// CHECK: scf.for %[[M1:[a-z0-9]+]] = %{{.*}} to %c4
// CHECK: scf.for %[[K1:[a-z0-9]+]] = %{{.*}} to %c20
// CHECK: vector.transfer_read %[[AV]][%[[M1]], %{{.*}}, %[[K1]], %{{.*}}]{{.*}} : tensor<4x6x20x1xf32>, vector<6x1x1xf32>
// CHECK-COUNT-6: vector.fma {{.*}} : vector<16xf32>
// CHECK-NOT: vector.contract
#a = affine_map<(m1, n1, k1, m0, n0, k0) -> (m1, m0, k1, k0)>
#b = affine_map<(m1, n1, k1, m0, n0, k0) -> (n1, k1, n0, k0)>
#c = affine_map<(m1, n1, k1, m0, n0, k0) -> (m1, n1, m0, n0)>
func.func @a_in_place(%a: tensor<24x20xf32>, %b: tensor<3x20x16x1xf32>, %c: tensor<4x3x6x16xf32>) -> tensor<4x3x6x16xf32> {
  %av = tensor.expand_shape %a [[0, 1], [2, 3]] output_shape [4, 6, 20, 1] : tensor<24x20xf32> into tensor<4x6x20x1xf32>
  %r = linalg.generic {indexing_maps = [#a, #b, #c], iterator_types = ["parallel", "parallel", "reduction", "parallel", "parallel", "reduction"]} ins(%av, %b : tensor<4x6x20x1xf32>, tensor<3x20x16x1xf32>) outs(%c : tensor<4x3x6x16xf32>) {
  ^bb0(%x: f32, %y: f32, %z: f32):
    %m = arith.mulf %x, %y : f32
    %s = arith.addf %z, %m : f32
    linalg.yield %s : f32
  } -> tensor<4x3x6x16xf32>
  return %r : tensor<4x3x6x16xf32>
}

// -----

// A tile loop of tfcc-fuse-epilogues: the contraction of one 8x16 tile,
// its unpack and the bias add and ReLU. The tile's accumulators start at
// zero (the fill goes), leave the K1 loop as a vector and go through the
// epilogue in registers to one store into the 16x48 result; the bias row
// is read and broadcast once per N1 panel.
// CHECK-LABEL: func.func @fused_epilogue
// CHECK-NOT: linalg.fill
// CHECK: scf.for %[[N1:[^ ]+]] = {{.*}} -> (tensor<16x48xf32>)
// CHECK: %[[BIAS:.*]] = vector.transfer_read %{{.*}}[%[[N1]]]{{.*}} : tensor<48xf32>, vector<16xf32>
// CHECK: %[[B:.*]] = vector.broadcast %[[BIAS]] : vector<16xf32> to vector<8x16xf32>
// CHECK: scf.for %[[M1:[^ ]+]] = {{.*}} iter_args(%[[OUT:[^ ]+]] = %{{.*}}) -> (tensor<16x48xf32>)
// CHECK: %[[ACC:.*]] = scf.for {{.*}} -> (vector<1x1x8x16xf32>)
// CHECK-COUNT-8: vector.fma
// CHECK: %[[TILE:.*]] = vector.shape_cast %[[ACC]] : vector<1x1x8x16xf32> to vector<8x16xf32>
// CHECK: %[[SUM:.*]] = arith.addf %[[TILE]], %[[B]] : vector<8x16xf32>
// CHECK: %[[RELU:.*]] = arith.maximumf %[[SUM]], %{{.*}} : vector<8x16xf32>
// CHECK: vector.transfer_write %[[RELU]], %[[OUT]][%[[M1]], %[[N1]]]{{.*}} : vector<8x16xf32>, tensor<16x48xf32>
// CHECK-NOT: linalg.unpack
#a = affine_map<(m1, n1, k1, m0, n0, k0) -> (m1, k1, m0, k0)>
#b = affine_map<(m1, n1, k1, m0, n0, k0) -> (n1, k1, n0, k0)>
#c = affine_map<(m1, n1, k1, m0, n0, k0) -> (m1, n1, m0, n0)>
#id = affine_map<(i, j) -> (i, j)>
#row = affine_map<(i, j) -> (j)>
#m1 = affine_map<(i) -> (i floordiv 8)>
#n1 = affine_map<(j) -> (j floordiv 16)>
func.func @fused_epilogue(%a: tensor<2x20x8x1xf32>, %b: tensor<3x20x16x1xf32>, %bias: tensor<48xf32>) -> tensor<16x48xf32> {
  %c0 = arith.constant 0 : index
  %c8 = arith.constant 8 : index
  %c16 = arith.constant 16 : index
  %c48 = arith.constant 48 : index
  %zero = arith.constant 0.0 : f32
  %packed = tensor.empty() : tensor<2x3x8x16xf32>
  %e = tensor.empty() : tensor<16x48xf32>
  %r = scf.for %j = %c0 to %c48 step %c16 iter_args(%outer = %e) -> (tensor<16x48xf32>) {
    %inner = scf.for %i = %c0 to %c16 step %c8 iter_args(%out = %outer) -> (tensor<16x48xf32>) {
      %mi = affine.apply #m1(%i)
      %nj = affine.apply #n1(%j)
      %as = tensor.extract_slice %a[%mi, 0, 0, 0] [1, 20, 8, 1] [1, 1, 1, 1] : tensor<2x20x8x1xf32> to tensor<1x20x8x1xf32>
      %bs = tensor.extract_slice %b[%nj, 0, 0, 0] [1, 20, 16, 1] [1, 1, 1, 1] : tensor<3x20x16x1xf32> to tensor<1x20x16x1xf32>
      %cs = tensor.extract_slice %packed[%mi, %nj, 0, 0] [1, 1, 8, 16] [1, 1, 1, 1] : tensor<2x3x8x16xf32> to tensor<1x1x8x16xf32>
      %fill = linalg.fill ins(%zero : f32) outs(%cs : tensor<1x1x8x16xf32>) -> tensor<1x1x8x16xf32>
      %p = linalg.generic {indexing_maps = [#a, #b, #c], iterator_types = ["parallel", "parallel", "reduction", "parallel", "parallel", "reduction"]} ins(%as, %bs : tensor<1x20x8x1xf32>, tensor<1x20x16x1xf32>) outs(%fill : tensor<1x1x8x16xf32>) {
      ^bb0(%x: f32, %y: f32, %z: f32):
        %m = arith.mulf %x, %y : f32
        %s = arith.addf %z, %m : f32
        linalg.yield %s : f32
      } -> tensor<1x1x8x16xf32>
      %ds = tensor.extract_slice %e[%i, %j] [8, 16] [1, 1] : tensor<16x48xf32> to tensor<8x16xf32>
      %u = linalg.unpack %p inner_dims_pos = [0, 1] inner_tiles = [8, 16] into %ds : tensor<1x1x8x16xf32> -> tensor<8x16xf32>
      %bias_s = tensor.extract_slice %bias[%j] [16] [1] : tensor<48xf32> to tensor<16xf32>
      %os = tensor.extract_slice %out[%i, %j] [8, 16] [1, 1] : tensor<16x48xf32> to tensor<8x16xf32>
      %t = linalg.generic {indexing_maps = [#id, #row, #id], iterator_types = ["parallel", "parallel"]} ins(%u, %bias_s : tensor<8x16xf32>, tensor<16xf32>) outs(%os : tensor<8x16xf32>) {
      ^bb0(%x: f32, %y: f32, %z: f32):
        %s = arith.addf %x, %y : f32
        %q = arith.maximumf %s, %zero : f32
        linalg.yield %q : f32
      } -> tensor<8x16xf32>
      %ins = tensor.insert_slice %t into %out[%i, %j] [8, 16] [1, 1] : tensor<8x16xf32> into tensor<16x48xf32>
      scf.yield %ins : tensor<16x48xf32>
    }
    scf.yield %inner : tensor<16x48xf32>
  }
  return %r : tensor<16x48xf32>
}

// -----

// K1 = 8192: A, the operand the inner (M1) panel loop walks, is 16 x 8192
// floats (512 KiB), more than the L2 share; K is blocked by 4096 around
// the panel loops, so that a block of A stays in L2 for every B panel, and
// the accumulators are loaded and stored once a block.
// CHECK-LABEL: func.func @k_blocked
// CHECK-DAG: %[[C4096:.*]] = arith.constant 4096 : index
// CHECK-DAG: %[[C8192:.*]] = arith.constant 8192 : index
// CHECK: scf.for %{{.*}} = %{{.*}} to %[[C8192]] step %[[C4096]]
// CHECK: scf.for
// CHECK: scf.for
// CHECK: vector.transfer_read {{.*}} : tensor<2x3x8x16xf32>, vector<8x16xf32>
// CHECK: scf.for %{{.*}} = %{{.*}} to %[[C4096]]
// CHECK-COUNT-8: vector.fma
#a = affine_map<(m1, n1, k1, m0, n0, k0) -> (m1, k1, m0, k0)>
#b = affine_map<(m1, n1, k1, m0, n0, k0) -> (n1, k1, n0, k0)>
#c = affine_map<(m1, n1, k1, m0, n0, k0) -> (m1, n1, m0, n0)>
func.func @k_blocked(%a: tensor<2x8192x8x1xf32>, %b: tensor<3x8192x16x1xf32>, %c: tensor<2x3x8x16xf32>) -> tensor<2x3x8x16xf32> {
  %r = linalg.generic {indexing_maps = [#a, #b, #c], iterator_types = ["parallel", "parallel", "reduction", "parallel", "parallel", "reduction"]} ins(%a, %b : tensor<2x8192x8x1xf32>, tensor<3x8192x16x1xf32>) outs(%c : tensor<2x3x8x16xf32>) {
  ^bb0(%x: f32, %y: f32, %z: f32):
    %m = arith.mulf %x, %y : f32
    %s = arith.addf %z, %m : f32
    linalg.yield %s : f32
  } -> tensor<2x3x8x16xf32>
  return %r : tensor<2x3x8x16xf32>
}

// -----

// A 3x3 convolution's GEMM over im2col rows (C = 2 channels, 4x6 output:
// KWC = 6, K = 18, row panels of m0 = 6 pixels of one output row): inside
// the panel loop K is split into window rows, the accumulators carried
// through both loops, and each step reads its 6 rows of A from the padded
// input itself, 6 floats 2 apart (the stride times C), instead of from the
// im2col, which goes.
// CHECK-LABEL: func.func @im2col_rows_in_place
// CHECK-SAME: (%[[X:.*]]: tensor<1x6x16xf32>
// CHECK-NOT: linalg.generic
// CHECK: scf.for %{{.*}} = %{{.*}} to %c4
// CHECK: scf.for %{{.*}} = %{{.*}} to %c18 step %c6 iter_args(%{{.*}}) -> (vector<1x1x6x16xf32>)
// CHECK: scf.for %{{.*}} = %{{.*}} to %c6 step %c1 iter_args(%{{.*}}) -> (vector<1x1x6x16xf32>)
// CHECK: %[[ROWS:.*]] = tensor.extract_slice %[[X]][0, %{{.*}}, %{{.*}}] [1, 1, 6] [1, 1, 2] : tensor<1x6x16xf32> to tensor<6xf32>
// CHECK: tensor.expand_shape %[[ROWS]] {{\[}}[0, 1, 2, 3]] output_shape [1, 6, 1, 1]
// CHECK-COUNT-6: vector.fma {{.*}} : vector<16xf32>
#im2col = affine_map<(n, oh, ow, kh, kwc) -> (n, oh + kh, ow * 2 + kwc)>
#id5 = affine_map<(n, oh, ow, kh, kwc) -> (n, oh, ow, kh, kwc)>
#a = affine_map<(m1, n1, k1, m0, n0, k0) -> (m1, m0, k1, k0)>
#b = affine_map<(m1, n1, k1, m0, n0, k0) -> (n1, k1, n0, k0)>
#c = affine_map<(m1, n1, k1, m0, n0, k0) -> (m1, n1, m0, n0)>
func.func @im2col_rows_in_place(%x: tensor<1x6x16xf32>, %b: tensor<1x18x16x1xf32>, %c: tensor<4x1x6x16xf32>) -> tensor<4x1x6x16xf32> {
  %e = tensor.empty() : tensor<1x4x6x3x6xf32>
  %cols = linalg.generic {indexing_maps = [#im2col, #id5], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel"]} ins(%x : tensor<1x6x16xf32>) outs(%e : tensor<1x4x6x3x6xf32>) {
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  } -> tensor<1x4x6x3x6xf32>
  %flat = tensor.collapse_shape %cols [[0, 1, 2], [3, 4]] : tensor<1x4x6x3x6xf32> into tensor<24x18xf32>
  %av = tensor.expand_shape %flat [[0, 1], [2, 3]] output_shape [4, 6, 18, 1] : tensor<24x18xf32> into tensor<4x6x18x1xf32>
  %r = linalg.generic {indexing_maps = [#a, #b, #c], iterator_types = ["parallel", "parallel", "reduction", "parallel", "parallel", "reduction"]} ins(%av, %b : tensor<4x6x18x1xf32>, tensor<1x18x16x1xf32>) outs(%c : tensor<4x1x6x16xf32>) {
  ^bb0(%p: f32, %q: f32, %z: f32):
    %m = arith.mulf %p, %q : f32
    %s = arith.addf %z, %m : f32
    linalg.yield %s : f32
  } -> tensor<4x1x6x16xf32>
  return %r : tensor<4x1x6x16xf32>
}

// -----

// The same read in place by a contraction whose column panels are outside
// (N = 32 > M = 24), with 24 x 4608 floats of im2col (442 KB, more than
// half of the default 512 KiB L2) but an input of 6 x 4096 floats (96 KB):
// what the inner panel loop reads is the input, which stays in L2, so K is
// not blocked around the panels but split into window rows inside them.
// B (590 KB) does not fit L2: each of the 4 row tiles of a column panel
// prefetches a quarter of the next panel (a row of B's buffer, collapsed),
// step k of tile t the element (t * 4608 + k) * 16 / 4; the last panel
// prefetches itself (the min).
// CHECK-DAG: #[[NEXT:.*]] = affine_map<(d0) -> (1, d0 + 1)>
// CHECK-DAG: #[[PART:.*]] = affine_map<(d0, d1, d2) -> (d0 * 73728 + d1 * 16 + d2 * 16)>
// CHECK-LABEL: func.func @im2col_rows_in_place_unblocked
// CHECK: %[[BUF:.*]] = bufferization.to_buffer %{{.*}} read_only : tensor<2x4608x16x1xf32> to memref<2x4608x16x1xf32>
// CHECK: %[[PANELS:.*]] = memref.collapse_shape %[[BUF]] {{\[}}[0], [1, 2, 3]] : memref<2x4608x16x1xf32> into memref<2x73728xf32>
// CHECK: scf.for %[[N:.*]] = %{{.*}} to %c2
// CHECK: %[[NEXTN:.*]] = affine.min #[[NEXT]](%[[N]])
// CHECK: scf.for %[[M:.*]] = %{{.*}} to %c4
// CHECK: scf.for %[[KB:.*]] = %{{.*}} to %c4608 step %c1536 iter_args(%{{.*}}) -> (vector<1x1x6x16xf32>)
// CHECK: scf.for %[[K:.*]] = %{{.*}} to %c1536 step %c1 iter_args(%{{.*}}) -> (vector<1x1x6x16xf32>)
// CHECK: %[[AT:.*]] = affine.apply #[[PART]](%[[M]], %[[K]], %[[KB]])
// CHECK: %[[Q:.*]] = arith.divui %[[AT]], %c4 : index
// CHECK: memref.prefetch %[[PANELS]][%[[NEXTN]], %[[Q]]], read, locality<3>, data : memref<2x73728xf32>
// CHECK: tensor.extract_slice %{{.*}} [1, 1, 6] [1, 1, 512] : tensor<1x6x4096xf32> to tensor<6xf32>
#im2col = affine_map<(n, oh, ow, kh, kwc) -> (n, oh + kh, ow * 512 + kwc)>
#id5 = affine_map<(n, oh, ow, kh, kwc) -> (n, oh, ow, kh, kwc)>
#a = affine_map<(m1, n1, k1, m0, n0, k0) -> (m1, m0, k1, k0)>
#b = affine_map<(m1, n1, k1, m0, n0, k0) -> (n1, k1, n0, k0)>
#c = affine_map<(m1, n1, k1, m0, n0, k0) -> (m1, n1, m0, n0)>
func.func @im2col_rows_in_place_unblocked(%x: tensor<1x6x4096xf32>, %b: tensor<2x4608x16x1xf32>, %c: tensor<4x2x6x16xf32>) -> tensor<4x2x6x16xf32> {
  %e = tensor.empty() : tensor<1x4x6x3x1536xf32>
  %cols = linalg.generic {indexing_maps = [#im2col, #id5], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel"]} ins(%x : tensor<1x6x4096xf32>) outs(%e : tensor<1x4x6x3x1536xf32>) {
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  } -> tensor<1x4x6x3x1536xf32>
  %flat = tensor.collapse_shape %cols [[0, 1, 2], [3, 4]] : tensor<1x4x6x3x1536xf32> into tensor<24x4608xf32>
  %av = tensor.expand_shape %flat [[0, 1], [2, 3]] output_shape [4, 6, 4608, 1] : tensor<24x4608xf32> into tensor<4x6x4608x1xf32>
  %r = linalg.generic {indexing_maps = [#a, #b, #c], iterator_types = ["parallel", "parallel", "reduction", "parallel", "parallel", "reduction"]} ins(%av, %b : tensor<4x6x4608x1xf32>, tensor<2x4608x16x1xf32>) outs(%c : tensor<4x2x6x16xf32>) {
  ^bb0(%p: f32, %q: f32, %z: f32):
    %m = arith.mulf %p, %q : f32
    %s = arith.addf %z, %m : f32
    linalg.yield %s : f32
  } -> tensor<4x2x6x16xf32>
  return %r : tensor<4x2x6x16xf32>
}
