// RUN: tfcc-opt %s --tfcc-vectorize-elementwise --split-input-file | FileCheck %s
// RUN: tfcc-opt %s --tfcc-vectorize-elementwise="vector-bits=512" --split-input-file | FileCheck %s --check-prefix=AVX512

#id = affine_map<(i, j) -> (i, j)>
#row = affine_map<(i, j) -> (j)>
#col = affine_map<(i, j) -> (i)>

// A bias add and relu over 4x256: one row at a time, four 8-lane vectors per
// step with AVX2 (32 floats), four 16-lane ones with AVX-512 (64 floats);
// the bias is read along the row, the per-row scale broadcast once a row.
// The rows are written into the result itself, not into slices of it.
// CHECK-LABEL: func.func @bias_relu
// CHECK: scf.for {{.*}} to %c4 step %c1
// CHECK: tensor.extract %{{.*}} : tensor<1xf32>
// CHECK: vector.broadcast %{{.*}} : f32 to vector<32xf32>
// CHECK: scf.for {{.*}} to %c256 step %c32
// CHECK-DAG: vector.transfer_read %{{.*}} : tensor<4x256xf32>, vector<32xf32>
// CHECK-DAG: vector.transfer_read %{{.*}} : tensor<256xf32>, vector<32xf32>
// CHECK: arith.addf %{{.*}} : vector<32xf32>
// CHECK: arith.mulf %{{.*}} : vector<32xf32>
// CHECK: arith.maximumf %{{.*}} : vector<32xf32>
// CHECK: vector.transfer_write %{{.*}} : vector<32xf32>, tensor<4x256xf32>
// CHECK-NOT: linalg.generic
// AVX512-LABEL: func.func @bias_relu
// AVX512: scf.for {{.*}} to %c256 step %c64
// AVX512: arith.maximumf %{{.*}} : vector<64xf32>
func.func @bias_relu(%x: tensor<4x256xf32>, %b: tensor<256xf32>, %s: tensor<4xf32>) -> tensor<4x256xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<4x256xf32>
  %r = linalg.generic {indexing_maps = [#id, #row, #col, #id], iterator_types = ["parallel", "parallel"]} ins(%x, %b, %s : tensor<4x256xf32>, tensor<256xf32>, tensor<4xf32>) outs(%e : tensor<4x256xf32>) {
  ^bb0(%v: f32, %bias: f32, %scale: f32, %o: f32):
    %a = arith.addf %v, %bias : f32
    %m = arith.mulf %a, %scale : f32
    %y = arith.maximumf %m, %zero : f32
    linalg.yield %y : f32
  } -> tensor<4x256xf32>
  return %r : tensor<4x256xf32>
}

// -----

#id = affine_map<(i, j) -> (i, j)>

// Rows of 24 floats (a LeNet feature map) are three 8-lane vectors; a row
// of 10 is one vector of 10, which LLVM splits.
// CHECK-LABEL: func.func @rows
// CHECK: scf.for {{.*}} to %c24 step %c8
// CHECK: math.tanh %{{.*}} : vector<8xf32>
// CHECK: scf.for {{.*}} to %c3 step %c1
// CHECK: math.exp %{{.*}} : vector<10xf32>
func.func @rows(%x: tensor<6x24xf32>, %y: tensor<3x10xf32>) -> (tensor<6x24xf32>, tensor<3x10xf32>) {
  %e = tensor.empty() : tensor<6x24xf32>
  %r = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]} ins(%x : tensor<6x24xf32>) outs(%e : tensor<6x24xf32>) {
  ^bb0(%v: f32, %o: f32):
    %t = math.tanh %v : f32
    linalg.yield %t : f32
  } -> tensor<6x24xf32>
  %e2 = tensor.empty() : tensor<3x10xf32>
  %s = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]} ins(%y : tensor<3x10xf32>) outs(%e2 : tensor<3x10xf32>) {
  ^bb0(%v: f32, %o: f32):
    %t = math.exp %v : f32
    linalg.yield %t : f32
  } -> tensor<3x10xf32>
  return %r, %s : tensor<6x24xf32>, tensor<3x10xf32>
}

// -----

// im2col of a 3x3 window: each output row of 8 is a contiguous read of the
// padded input at (oh + kh, kw); the unit batch dimension is dropped and
// the loops over channels, kh, kw and oh step by one.
// CHECK-LABEL: func.func @im2col
// CHECK-COUNT-4: scf.for {{.*}} step %c1
// CHECK: vector.transfer_read %{{.*}} : tensor<3x10x10xf32>, vector<8xf32>
// CHECK: vector.transfer_write %{{.*}} : vector<8xf32>, tensor<3x3x3x8x8xf32>
// CHECK-NOT: linalg.generic
#win = affine_map<(n, c, kh, kw, oh, ow) -> (n, c, oh + kh, ow + kw)>
#out6 = affine_map<(n, c, kh, kw, oh, ow) -> (n, c, kh, kw, oh, ow)>
func.func @im2col(%x: tensor<1x3x10x10xf32>) -> tensor<1x3x3x3x8x8xf32> {
  %e = tensor.empty() : tensor<1x3x3x3x8x8xf32>
  %r = linalg.generic {indexing_maps = [#win, #out6], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel", "parallel"]} ins(%x : tensor<1x3x10x10xf32>) outs(%e : tensor<1x3x3x3x8x8xf32>) {
  ^bb0(%v: f32, %o: f32):
    linalg.yield %v : f32
  } -> tensor<1x3x3x3x8x8xf32>
  return %r : tensor<1x3x3x3x8x8xf32>
}

// -----

// 2x2 max pooling with stride 2: the window loops are reductions stepped
// one at a time, each reading 15 floats of an input row and keeping every
// second one, and taking the maximum with the output row, which is read
// before the window loops, carried through them in a register and written
// after them.
// CHECK-LABEL: func.func @max_pool
// CHECK: %[[ACC:.*]] = vector.transfer_read %{{.*}} : tensor<2x8x8xf32>, vector<8xf32>
// CHECK: scf.for {{.*}} iter_args(%{{.*}} = %{{.*}}, %{{.*}} = %[[ACC]]) -> (tensor<2x8x8xf32>, vector<8xf32>)
// CHECK: scf.for {{.*}} -> (tensor<2x8x8xf32>, vector<8xf32>)
// CHECK: vector.transfer_read %{{.*}} : tensor<2x16x16xf32>, vector<15xf32>
// CHECK: vector.shuffle %{{.*}} [0, 2, 4, 6, 8, 10, 12, 14] : vector<15xf32>, vector<15xf32>
// CHECK: arith.maximumf %{{.*}} : vector<8xf32>
// CHECK: scf.yield
// CHECK: scf.yield
// CHECK: vector.transfer_write %{{.*}} : vector<8xf32>, tensor<2x8x8xf32>
// CHECK-NOT: linalg.generic
#pin = affine_map<(n, oh, kh, kw, ow) -> (n, oh * 2 + kh, ow * 2 + kw)>
#pwin = affine_map<(n, oh, kh, kw, ow) -> (kh, kw)>
#pout = affine_map<(n, oh, kh, kw, ow) -> (n, oh, ow)>
func.func @max_pool(%x: tensor<2x16x16xf32>, %init: tensor<2x8x8xf32>) -> tensor<2x8x8xf32> {
  %w = tensor.empty() : tensor<2x2xf32>
  %r = linalg.generic {indexing_maps = [#pin, #pwin, #pout], iterator_types = ["parallel", "parallel", "reduction", "reduction", "parallel"]} ins(%x, %w : tensor<2x16x16xf32>, tensor<2x2xf32>) outs(%init : tensor<2x8x8xf32>) {
  ^bb0(%v: f32, %unused: f32, %o: f32):
    %m = arith.maximumf %o, %v : f32
    linalg.yield %m : f32
  } -> tensor<2x8x8xf32>
  return %r : tensor<2x8x8xf32>
}

// -----

// Odd window rows are rounded up to whole registers and masked: the 12-wide
// im2col rows of a 14x14 image move as 16 lanes, 12 of them live; the
// 14-wide rows of a stride-2 pooling read 27 of 32 input floats. AVX-512
// stores the rows masked too; AVX2, whose masked stores are slow, stores
// the live lanes of a copied row as a vector of their own, and keeps the
// masked store of an accumulated row (the pooling's), paired with its
// masked read, so that both leave the window loops: one masked store a
// row, not one a window element.
// CHECK-LABEL: func.func @masked_windows
// CHECK: %[[M12:.*]] = vector.constant_mask [12] : vector<16xi1>
// CHECK: %[[R12:.*]] = vector.transfer_read %{{.*}}, %[[M12]] {in_bounds = [true]} : tensor<2x14x14xf32>, vector<16xf32>
// CHECK: %[[L12:.*]] = vector.extract_strided_slice %[[R12]] {offsets = [0], sizes = [12], strides = [1]} : vector<16xf32> to vector<12xf32>
// CHECK: vector.transfer_write %[[L12]], %{{.*}} {in_bounds = [true]} : vector<12xf32>, tensor<2x3x3x12x12xf32>
// CHECK: %[[M27:.*]] = vector.constant_mask [27] : vector<32xi1>
// CHECK: %[[M14:.*]] = vector.constant_mask [14] : vector<16xi1>
// CHECK: %[[ACC:.*]] = vector.transfer_read %{{.*}}, %[[M14]] {in_bounds = [true]} : tensor<2x14x14xf32>, vector<16xf32>
// CHECK: scf.for
// CHECK: scf.for
// CHECK: vector.transfer_read %{{.*}}, %[[M27]] {in_bounds = [true]} : tensor<2x28x28xf32>, vector<32xf32>
// CHECK: vector.shuffle %{{.*}} [0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30] : vector<32xf32>, vector<32xf32>
// CHECK: arith.maximumf %{{.*}} : vector<16xf32>
// CHECK: vector.transfer_write %{{.*}}, %[[M14]] {in_bounds = [true]} : vector<16xf32>, tensor<2x14x14xf32>
// CHECK-NOT: linalg.generic
// AVX512-LABEL: func.func @masked_windows
// AVX512: %[[M12:.*]] = vector.constant_mask [12] : vector<16xi1>
// AVX512: vector.transfer_read %{{.*}}, %[[M12]] {in_bounds = [true]} : tensor<2x14x14xf32>, vector<16xf32>
// AVX512: vector.transfer_write %{{.*}}, %[[M12]] {in_bounds = [true]} : vector<16xf32>, tensor<2x3x3x12x12xf32>
#mwin = affine_map<(c, kh, kw, oh, ow) -> (c, oh + kh, ow + kw)>
#mout = affine_map<(c, kh, kw, oh, ow) -> (c, kh, kw, oh, ow)>
#mpin = affine_map<(c, oh, kh, kw, ow) -> (c, oh * 2 + kh, ow * 2 + kw)>
#mpwin = affine_map<(c, oh, kh, kw, ow) -> (kh, kw)>
#mpout = affine_map<(c, oh, kh, kw, ow) -> (c, oh, ow)>
func.func @masked_windows(%x: tensor<2x14x14xf32>, %y: tensor<2x28x28xf32>, %init: tensor<2x14x14xf32>) -> (tensor<2x3x3x12x12xf32>, tensor<2x14x14xf32>) {
  %e = tensor.empty() : tensor<2x3x3x12x12xf32>
  %r = linalg.generic {indexing_maps = [#mwin, #mout], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel"]} ins(%x : tensor<2x14x14xf32>) outs(%e : tensor<2x3x3x12x12xf32>) {
  ^bb0(%v: f32, %o: f32):
    linalg.yield %v : f32
  } -> tensor<2x3x3x12x12xf32>
  %w = tensor.empty() : tensor<2x2xf32>
  %p = linalg.generic {indexing_maps = [#mpin, #mpwin, #mpout], iterator_types = ["parallel", "parallel", "reduction", "reduction", "parallel"]} ins(%y, %w : tensor<2x28x28xf32>, tensor<2x2xf32>) outs(%init : tensor<2x14x14xf32>) {
  ^bb0(%v: f32, %unused: f32, %o: f32):
    %m = arith.maximumf %o, %v : f32
    linalg.yield %m : f32
  } -> tensor<2x14x14xf32>
  return %r, %p : tensor<2x3x3x12x12xf32>, tensor<2x14x14xf32>
}

// -----

// A window with a constant term (the `+ 1`s of a pooling gradient): tiling
// keeps the constant in the map, so the row is read at (oh - kh + 1,
// 1 - kw) of the input, not at the slice's offset (oh - kh, -kw).
// CHECK-DAG: #[[ROW:.*]] = affine_map<(d0, d1) -> (d0 - d1 + 1)>
// CHECK-DAG: #[[COL:.*]] = affine_map<(d0) -> (-d0 + 1)>
// CHECK-LABEL: func.func @window_offset
// CHECK: %[[R:.*]] = affine.apply #[[ROW]]
// CHECK: %[[C:.*]] = affine.apply #[[COL]]
// CHECK: vector.transfer_read %{{.*}}[%[[R]], %[[C]]], %{{.*}} {in_bounds = [true]} : tensor<8x18xf32>, vector<16xf32>
#gin = affine_map<(oh, kh, kw, ow) -> (oh - kh + 1, ow - kw + 1)>
#gw = affine_map<(oh, kh, kw, ow) -> (kh, kw)>
#gout = affine_map<(oh, kh, kw, ow) -> (oh, ow)>
func.func @window_offset(%x: tensor<8x18xf32>, %init: tensor<7x16xf32>) -> tensor<7x16xf32> {
  %w = tensor.empty() : tensor<2x2xf32>
  %r = linalg.generic {indexing_maps = [#gin, #gw, #gout], iterator_types = ["parallel", "reduction", "reduction", "parallel"]} ins(%x, %w : tensor<8x18xf32>, tensor<2x2xf32>) outs(%init : tensor<7x16xf32>) {
  ^bb0(%v: f32, %unused: f32, %o: f32):
    %m = arith.addf %o, %v : f32
    linalg.yield %m : f32
  } -> tensor<7x16xf32>
  return %r : tensor<7x16xf32>
}

// -----

// The transpose of a pack with a unit inner tile (k0 = 1) moves rows of 16
// whole once the unit dimensions are dropped.
// CHECK-LABEL: func.func @pack_transpose
// CHECK: vector.transfer_read %{{.*}} : tensor<4x3x16xf32>, vector<16xf32>
// CHECK: vector.transfer_write %{{.*}} : vector<16xf32>, tensor<3x4x16xf32>
// CHECK-NOT: linalg.transpose
// CHECK-NOT: linalg.generic
func.func @pack_transpose(%x: tensor<4x1x3x16xf32>) -> tensor<3x4x16x1xf32> {
  %e = tensor.empty() : tensor<3x4x16x1xf32>
  %t = linalg.transpose ins(%x : tensor<4x1x3x16xf32>) outs(%e : tensor<3x4x16x1xf32>) permutation = [2, 0, 3, 1]
  return %t : tensor<3x4x16x1xf32>
}

// -----

#id = affine_map<(i, j) -> (i, j)>
#t = affine_map<(i, j) -> (j, i)>

// Left scalar: a transposing read, a comparison (i1 is a byte in memory but
// a bit in a vector), rows narrower than a vector along a dynamic loop
// (LLVM vectorizes across them), a long row that is no multiple of the
// vector width, a body with a gather.
// CHECK-LABEL: func.func @scalar
// CHECK-NOT: vector.
// CHECK-COUNT-5: linalg.generic
// CHECK-NOT: vector.
func.func @scalar(%x: tensor<8x8xf32>, %d: tensor<?x4xf32>, %l: tensor<2x100xf32>, %idx: tensor<8x8xindex>) -> (tensor<8x8xf32>, tensor<8x8xi1>, tensor<?x4xf32>, tensor<2x100xf32>, tensor<8x8xf32>) {
  %c0 = arith.constant 0 : index
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<8x8xf32>
  %tr = linalg.generic {indexing_maps = [#t, #id], iterator_types = ["parallel", "parallel"]} ins(%x : tensor<8x8xf32>) outs(%e : tensor<8x8xf32>) {
  ^bb0(%v: f32, %o: f32):
    %n = arith.negf %v : f32
    linalg.yield %n : f32
  } -> tensor<8x8xf32>
  %eb = tensor.empty() : tensor<8x8xi1>
  %cmp = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]} ins(%x : tensor<8x8xf32>) outs(%eb : tensor<8x8xi1>) {
  ^bb0(%v: f32, %o: i1):
    %p = arith.cmpf ogt, %v, %zero : f32
    linalg.yield %p : i1
  } -> tensor<8x8xi1>
  %dim = tensor.dim %d, %c0 : tensor<?x4xf32>
  %ed = tensor.empty(%dim) : tensor<?x4xf32>
  %dyn = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]} ins(%d : tensor<?x4xf32>) outs(%ed : tensor<?x4xf32>) {
  ^bb0(%v: f32, %o: f32):
    %n = arith.negf %v : f32
    linalg.yield %n : f32
  } -> tensor<?x4xf32>
  %el = tensor.empty() : tensor<2x100xf32>
  %long = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]} ins(%l : tensor<2x100xf32>) outs(%el : tensor<2x100xf32>) {
  ^bb0(%v: f32, %o: f32):
    %n = arith.negf %v : f32
    linalg.yield %n : f32
  } -> tensor<2x100xf32>
  %g = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]} ins(%idx : tensor<8x8xindex>) outs(%e : tensor<8x8xf32>) {
  ^bb0(%i: index, %o: f32):
    %v = tensor.extract %x[%i, %c0] : tensor<8x8xf32>
    linalg.yield %v : f32
  } -> tensor<8x8xf32>
  return %tr, %cmp, %dyn, %long, %g : tensor<8x8xf32>, tensor<8x8xi1>, tensor<?x4xf32>, tensor<2x100xf32>, tensor<8x8xf32>
}

// -----

// The pack of a transposed A: rows of 14 along a dynamic loop, but read
// out of loop order, so one vector per row here (LLVM would copy them an
// element at a time).
// CHECK-LABEL: func.func @narrow_pack
// CHECK: scf.for %[[M:.*]] = %c0 to %c29 step %c1
// CHECK: scf.for %[[N:.*]] = %c0 to %{{.*}} step %c1
// CHECK: %[[ROW:.*]] = vector.transfer_read %arg0[%[[N]], %[[M]], %c0], %{{.*}} {in_bounds = [true]} : tensor<?x29x14xf32>, vector<14xf32>
// CHECK: vector.transfer_write %[[ROW]], %{{.*}}[%[[M]], %[[N]], %c0] {in_bounds = [true]} : vector<14xf32>, tensor<29x?x14xf32>
func.func @narrow_pack(%a: tensor<?x29x14xf32>, %d: tensor<29x?x14xf32>) -> tensor<29x?x14xf32> {
  %p = linalg.generic {indexing_maps = [affine_map<(m, n, i) -> (n, m, i)>, affine_map<(m, n, i) -> (m, n, i)>],
                       iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%a : tensor<?x29x14xf32>) outs(%d : tensor<29x?x14xf32>) {
  ^bb0(%v: f32, %o: f32):
    linalg.yield %v : f32
  } -> tensor<29x?x14xf32>
  return %p : tensor<29x?x14xf32>
}

// -----

#id = affine_map<(i, j) -> (i, j)>

// A dynamic batch: the tiles are static, the loop over rows runs to the
// batch size.
// CHECK-LABEL: func.func @dynamic_batch
// CHECK: %[[N:.*]] = tensor.dim
// CHECK: scf.for {{.*}} to %[[N]] step %c1
// CHECK: arith.maximumf %{{.*}} : vector<16xf32>
// CHECK: vector.transfer_write %{{.*}} : vector<16xf32>, tensor<?x16xf32>
func.func @dynamic_batch(%x: tensor<?x16xf32>) -> tensor<?x16xf32> {
  %c0 = arith.constant 0 : index
  %zero = arith.constant 0.0 : f32
  %n = tensor.dim %x, %c0 : tensor<?x16xf32>
  %e = tensor.empty(%n) : tensor<?x16xf32>
  %r = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]} ins(%x : tensor<?x16xf32>) outs(%e : tensor<?x16xf32>) {
  ^bb0(%v: f32, %o: f32):
    %y = arith.maximumf %v, %zero : f32
    linalg.yield %y : f32
  } -> tensor<?x16xf32>
  return %r : tensor<?x16xf32>
}

// -----

// A direct convolution (the input gradient of a 6-channel one, loops n, c,
// oh | f, kh, kw | ow): the tile is a 2-D register tile, two output rows
// (oh) of each of the 6 channels, read before the reduction loops and
// carried through them as 12 vectors; per step each of the two input rows
// is read once and each filter element broadcast once, for 12 FMAs; the
// rows are written after the loops. AVX-512 rounds the rows of 8 up to 16
// lanes, masked.
// CHECK-LABEL: func.func @direct_conv
// CHECK: %[[N:.*]] = tensor.dim
// CHECK: scf.for {{.*}} to %[[N]] step %c1
// CHECK: scf.for {{.*}} to %c8 step %c2
// CHECK-COUNT-12: vector.transfer_read %{{.*}} : tensor<?x6x8x8xf32>, vector<8xf32>
// CHECK: scf.for {{.*}} to %c4 step %c1 {{.*}} -> (tensor<?x6x8x8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>)
// CHECK: scf.for {{.*}} to %c3
// CHECK: scf.for {{.*}} to %c3
// CHECK-COUNT-2: vector.transfer_read %{{.*}} : tensor<?x4x10x10xf32>, vector<8xf32>
// CHECK-NOT: vector.transfer_read
// CHECK-COUNT-6: tensor.extract
// CHECK-NOT: tensor.extract
// CHECK-COUNT-12: vector.fma %{{.*}} : vector<8xf32>
// CHECK-NOT: vector.transfer_write
// CHECK: scf.yield
// CHECK: scf.yield
// CHECK: scf.yield
// CHECK-COUNT-12: vector.transfer_write %{{.*}} : vector<8xf32>, tensor<?x6x8x8xf32>
// AVX512-LABEL: func.func @direct_conv
// AVX512: %[[M8:.*]] = vector.constant_mask [8] : vector<16xi1>
// AVX512-COUNT-12: vector.transfer_read %{{.*}}, %[[M8]] {in_bounds = [true]} : tensor<?x6x8x8xf32>, vector<16xf32>
// AVX512-COUNT-12: vector.fma %{{.*}} : vector<16xf32>
// AVX512-COUNT-12: vector.transfer_write %{{.*}}, %[[M8]] {in_bounds = [true]} : vector<16xf32>, tensor<?x6x8x8xf32>
#cin = affine_map<(n, c, oh, f, kh, kw, ow) -> (n, f, oh + kh, ow + kw)>
#cw = affine_map<(n, c, oh, f, kh, kw, ow) -> (f, c, kh, kw)>
#cout = affine_map<(n, c, oh, f, kh, kw, ow) -> (n, c, oh, ow)>
func.func @direct_conv(%x: tensor<?x4x10x10xf32>, %w: tensor<4x6x3x3xf32>, %init: tensor<?x6x8x8xf32>) -> tensor<?x6x8x8xf32> {
  %r = linalg.generic {indexing_maps = [#cin, #cw, #cout], iterator_types = ["parallel", "parallel", "parallel", "reduction", "reduction", "reduction", "parallel"]} ins(%x, %w : tensor<?x4x10x10xf32>, tensor<4x6x3x3xf32>) outs(%init : tensor<?x6x8x8xf32>) {
  ^bb0(%v: f32, %k: f32, %o: f32):
    %m = arith.mulf %v, %k : f32
    %a = arith.addf %o, %m : f32
    linalg.yield %a : f32
  } -> tensor<?x6x8x8xf32>
  return %r : tensor<?x6x8x8xf32>
}

// -----

// A row read at iw floordiv 2 (a max-pooling gradient over 2x2 windows that
// tile the input): 8 elements of the 16-wide row, each taken twice by a
// shuffle.
// CHECK-LABEL: func.func @repeated_row
// CHECK: %[[G:.*]] = vector.transfer_read %{{.*}} : tensor<4x8xf32>, vector<8xf32>
// CHECK: vector.shuffle %[[G]], %[[G]] [0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7] : vector<8xf32>, vector<8xf32>
// CHECK: arith.select %{{.*}} : vector<16xi1>, vector<16xf32>
// CHECK: vector.transfer_write %{{.*}} : vector<16xf32>, tensor<4x2x16xf32>
#half = affine_map<(oh, kh, iw) -> (oh, iw floordiv 2)>
#taps = affine_map<(oh, kh, iw) -> (kh, iw)>
#rout = affine_map<(oh, kh, iw) -> (oh, kh, iw)>
func.func @repeated_row(%g: tensor<4x8xf32>, %t: tensor<4x8xi64>, %tap: tensor<2x16xi64>) -> tensor<4x2x16xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<4x2x16xf32>
  %r = linalg.generic {indexing_maps = [#half, #half, #taps, #rout], iterator_types = ["parallel", "parallel", "parallel"]} ins(%t, %g, %tap : tensor<4x8xi64>, tensor<4x8xf32>, tensor<2x16xi64>) outs(%e : tensor<4x2x16xf32>) {
  ^bb0(%w: i64, %v: f32, %k: i64, %o: f32):
    %hit = arith.cmpi eq, %w, %k : i64
    %y = arith.select %hit, %v, %zero : f32
    linalg.yield %y : f32
  } -> tensor<4x2x16xf32>
  return %r : tensor<4x2x16xf32>
}

// -----

// An accumulation into a fill, with its reductions inside: each output row
// is read once, before the window loops, and that first read is the fill's
// value, so the fill goes (no memset). The fill of a padded buffer, which
// the insert_slice writes only in part, stays.
// CHECK-LABEL: func.func @pool_from_fill
// CHECK: %[[NINF:.*]] = arith.constant 0xFF800000 : f32
// CHECK: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK: %[[BUF:.*]] = linalg.fill ins(%[[ZERO]] : f32) outs(%{{.*}} : tensor<2x18x18xf32>)
// CHECK: tensor.insert_slice %{{.*}} into %[[BUF]]
// CHECK-NOT: linalg.fill
// CHECK: %[[ACC:.*]] = vector.broadcast %[[NINF]] : f32 to vector<8xf32>
// CHECK: scf.for {{.*}} iter_args(%{{.*}} = %{{.*}}, %{{.*}} = %[[ACC]]) -> (tensor<2x8x8xf32>, vector<8xf32>)
#fin = affine_map<(n, oh, kh, kw, ow) -> (n, oh * 2 + kh, ow * 2 + kw)>
#fwin = affine_map<(n, oh, kh, kw, ow) -> (kh, kw)>
#fout = affine_map<(n, oh, kh, kw, ow) -> (n, oh, ow)>
func.func @pool_from_fill(%x: tensor<2x16x16xf32>) -> tensor<2x8x8xf32> {
  %ninf = arith.constant 0xFF800000 : f32
  %zero = arith.constant 0.0 : f32
  %b = tensor.empty() : tensor<2x18x18xf32>
  %bz = linalg.fill ins(%zero : f32) outs(%b : tensor<2x18x18xf32>) -> tensor<2x18x18xf32>
  %p = tensor.insert_slice %x into %bz[0, 1, 1] [2, 16, 16] [1, 1, 1] : tensor<2x16x16xf32> into tensor<2x18x18xf32>
  %e = tensor.empty() : tensor<2x8x8xf32>
  %init = linalg.fill ins(%ninf : f32) outs(%e : tensor<2x8x8xf32>) -> tensor<2x8x8xf32>
  %w = tensor.empty() : tensor<2x2xf32>
  %r = linalg.generic {indexing_maps = [#fin, #fwin, #fout], iterator_types = ["parallel", "parallel", "reduction", "reduction", "parallel"]} ins(%p, %w : tensor<2x18x18xf32>, tensor<2x2xf32>) outs(%init : tensor<2x8x8xf32>) {
  ^bb0(%v: f32, %unused: f32, %o: f32):
    %m = arith.maximumf %o, %v : f32
    linalg.yield %m : f32
  } -> tensor<2x8x8xf32>
  return %r : tensor<2x8x8xf32>
}

// -----

// A row reduced along its innermost loop (softmax's maximum) is split into
// vector-wide partial results: 16 steps of 8 lanes with AVX2 (8 of 16 with
// AVX-512) carried in a register from the fill's value, then one short
// reduction over the lanes.
// CHECK-LABEL: func.func @row_max
// CHECK: tensor.expand_shape %{{.*}} {{\[\[}}0], [1, 2]] output_shape [8, 16, 8] : tensor<8x128xf32> into tensor<8x16x8xf32>
// CHECK: scf.for {{.*}} -> (tensor<8x8xf32>, vector<8xf32>)
// CHECK: arith.maximumf %{{.*}} : vector<8xf32>
// CHECK: linalg.generic {{.*}} iterator_types = ["parallel", "reduction"]} ins(%{{.*}} : tensor<8x8xf32>) outs(%{{.*}} : tensor<8xf32>)
// AVX512-LABEL: func.func @row_max
// AVX512: tensor.expand_shape %{{.*}} output_shape [8, 8, 16] : tensor<8x128xf32> into tensor<8x8x16xf32>
// AVX512: arith.maximumf %{{.*}} : vector<16xf32>
#rid = affine_map<(i, j) -> (i, j)>
#rrow = affine_map<(i, j) -> (i)>
func.func @row_max(%x: tensor<8x128xf32>) -> tensor<8xf32> {
  %ninf = arith.constant 0xFF800000 : f32
  %e = tensor.empty() : tensor<8xf32>
  %f = linalg.fill ins(%ninf : f32) outs(%e : tensor<8xf32>) -> tensor<8xf32>
  %r = linalg.reduce ins(%x : tensor<8x128xf32>) outs(%f : tensor<8xf32>) dimensions = [1]
    (%v: f32, %o: f32) {
      %m = arith.maximumf %v, %o : f32
      linalg.yield %m : f32
    }
  return %r : tensor<8xf32>
}

// -----

// One fill that two accumulations start from (CSE merges equal fills, as a
// max pooling's and its gradient's argmax's): each tile loop nest reads it
// only as its accumulators' first values, so both start from the fill's
// value and the fill goes.
// CHECK-LABEL: func.func @shared_fill
// CHECK-NOT: linalg.fill
// CHECK: vector.broadcast %{{.*}} : f32 to vector<8xf32>
// CHECK: vector.broadcast %{{.*}} : f32 to vector<8xf32>
#sin = affine_map<(n, oh, kh, kw, ow) -> (n, oh * 2 + kh, ow * 2 + kw)>
#swin = affine_map<(n, oh, kh, kw, ow) -> (kh, kw)>
#sout = affine_map<(n, oh, kh, kw, ow) -> (n, oh, ow)>
func.func @shared_fill(%x: tensor<2x16x16xf32>, %y: tensor<2x16x16xf32>) -> (tensor<2x8x8xf32>, tensor<2x8x8xf32>) {
  %ninf = arith.constant 0xFF800000 : f32
  %e = tensor.empty() : tensor<2x8x8xf32>
  %init = linalg.fill ins(%ninf : f32) outs(%e : tensor<2x8x8xf32>) -> tensor<2x8x8xf32>
  %w = tensor.empty() : tensor<2x2xf32>
  %a = linalg.generic {indexing_maps = [#sin, #swin, #sout], iterator_types = ["parallel", "parallel", "reduction", "reduction", "parallel"]} ins(%x, %w : tensor<2x16x16xf32>, tensor<2x2xf32>) outs(%init : tensor<2x8x8xf32>) {
  ^bb0(%v: f32, %unused: f32, %o: f32):
    %m = arith.maximumf %o, %v : f32
    linalg.yield %m : f32
  } -> tensor<2x8x8xf32>
  %b = linalg.generic {indexing_maps = [#sin, #swin, #sout], iterator_types = ["parallel", "parallel", "reduction", "reduction", "parallel"]} ins(%y, %w : tensor<2x16x16xf32>, tensor<2x2xf32>) outs(%init : tensor<2x8x8xf32>) {
  ^bb0(%v: f32, %unused: f32, %o: f32):
    %m = arith.maximumf %o, %v : f32
    linalg.yield %m : f32
  } -> tensor<2x8x8xf32>
  return %a, %b : tensor<2x8x8xf32>, tensor<2x8x8xf32>
}

// -----

// A pad by -inf (max pooling's border) in one pass over its rows (W * C):
// the padding rows filled, the others filled at both ends and copied from
// the source in between, in whole vectors (four of 8 lanes).
// CHECK-LABEL: func.func @pad_ninf
// CHECK-SAME: (%[[X:.*]]: tensor<1x4x4x64xf32>)
// CHECK-NOT: tensor.pad
// CHECK-DAG: %[[SRC:.*]] = tensor.collapse_shape %[[X]] {{\[}}[0, 1], [2, 3]] : tensor<1x4x4x64xf32> into tensor<4x256xf32>
// CHECK-DAG: %[[NINF:.*]] = vector.broadcast %{{.*}} : f32 to vector<32xf32>
// CHECK: %[[ROWS:.*]] = scf.for %[[R:.*]] = %{{.*}} to %{{.*}} step %{{.*}} iter_args(%[[T:.*]] = %{{.*}}) -> (tensor<6x384xf32>)
// CHECK: %[[IN:.*]] = scf.if %{{.*}} -> (tensor<6x384xf32>)
// CHECK: %[[W0:.*]] = vector.transfer_write %[[NINF]], %[[T]][%[[R]], %{{.*}}]
// CHECK: %[[W1:.*]] = vector.transfer_write %[[NINF]], %[[W0]]
// CHECK: scf.for %[[J:.*]] = %{{.*}} to %{{.*}} step %{{.*}} iter_args(%{{.*}} = %[[W1]])
// CHECK: vector.transfer_read %[[SRC]][%{{.*}}, %[[J]]]
// CHECK: } else {
// CHECK: scf.for
// CHECK: vector.transfer_write %[[NINF]]
// CHECK: tensor.expand_shape %[[ROWS]] {{\[}}[0, 1], [2, 3]] output_shape [1, 6, 6, 64]
func.func @pad_ninf(%x: tensor<1x4x4x64xf32>) -> tensor<1x6x6x64xf32> {
  %ninf = arith.constant 0xFF800000 : f32
  %p = tensor.pad %x low[0, 1, 1, 0] high[0, 1, 1, 0] {
  ^bb0(%a: index, %b: index, %c: index, %d: index):
    tensor.yield %ninf : f32
  } : tensor<1x4x4x64xf32> to tensor<1x6x6x64xf32>
  return %p : tensor<1x6x6x64xf32>
}

// -----

// A zero pad the same way: no memset of the whole result before the copy.
// CHECK-LABEL: func.func @pad_zero
// CHECK-NOT: tensor.pad
// CHECK: scf.for
// CHECK: scf.if
func.func @pad_zero(%x: tensor<1x4x4x64xf32>) -> tensor<1x6x6x64xf32> {
  %zero = arith.constant 0.0 : f32
  %p = tensor.pad %x low[0, 1, 1, 0] high[0, 1, 1, 0] {
  ^bb0(%a: index, %b: index, %c: index, %d: index):
    tensor.yield %zero : f32
  } : tensor<1x4x4x64xf32> to tensor<1x6x6x64xf32>
  return %p : tensor<1x6x6x64xf32>
}

// -----

// Ends of a row that are not whole vectors (3 channels, a ResNet stem's
// input): a zero pad stays, for bufferization's memset and copy; a pad by
// another value is a vectorized fill of the whole result, then the source
// inserted.
// CHECK-LABEL: func.func @pad_rgb
// CHECK-SAME: (%[[X:.*]]: tensor<1x8x8x3xf32>)
// CHECK: %[[ZERO:.*]] = tensor.pad %[[X]] low[0, 3, 3, 0]
// CHECK: vector.transfer_write
// CHECK: %[[FILLED:.*]] = tensor.expand_shape
// CHECK: %[[ONES:.*]] = tensor.insert_slice %[[X]] into %[[FILLED]][0, 3, 3, 0] [1, 8, 8, 3] [1, 1, 1, 1]
// CHECK: return %[[ZERO]], %[[ONES]]
func.func @pad_rgb(%x: tensor<1x8x8x3xf32>) -> (tensor<1x14x14x3xf32>, tensor<1x14x14x3xf32>) {
  %zero = arith.constant 0.0 : f32
  %one = arith.constant 1.0 : f32
  %p = tensor.pad %x low[0, 3, 3, 0] high[0, 3, 3, 0] {
  ^bb0(%a: index, %b: index, %c: index, %d: index):
    tensor.yield %zero : f32
  } : tensor<1x8x8x3xf32> to tensor<1x14x14x3xf32>
  %q = tensor.pad %x low[0, 3, 3, 0] high[0, 3, 3, 0] {
  ^bb0(%a: index, %b: index, %c: index, %d: index):
    tensor.yield %one : f32
  } : tensor<1x8x8x3xf32> to tensor<1x14x14x3xf32>
  return %p, %q : tensor<1x14x14x3xf32>, tensor<1x14x14x3xf32>
}

// -----

// A tile loop (tfcc-fuse-epilogues, vectorized) that writes 4x16 tiles of a
// 1x4x4x16 NHWC image as rows of [16, 16], then padded by one pixel for
// the next 3x3 convolution: the tiles are stored into the padded image
// itself, the border filled after the loop, and the residual user of the
// image reads its interior.
// CHECK-LABEL: func.func @pad_into_producer
// CHECK-NOT: tensor.pad
// CHECK: %[[E:.*]] = tensor.empty() : tensor<1x6x6x16xf32>
// CHECK: %[[L:.*]] = scf.for %[[M:.*]] = %{{.*}} to %{{.*}} step %{{.*}} iter_args(%[[T:.*]] = %[[E]]) -> (tensor<1x6x6x16xf32>)
// CHECK: %[[P:.*]]:3 = affine.delinearize_index %[[M]] into (1, 4, 4)
// CHECK-DAG: %[[H:.*]] = affine.apply #{{.*}}(%[[P]]#1)
// CHECK-DAG: %[[W:.*]] = affine.apply #{{.*}}(%[[P]]#2)
// CHECK: vector.transfer_write %{{.*}}, %[[T]][%{{.*}}, %[[H]], %[[W]], %{{.*}}] {in_bounds = [true, true]} : vector<4x16xf32>, tensor<1x6x6x16xf32>
// CHECK: %[[ROWS:.*]] = tensor.collapse_shape %[[L]]
// CHECK: %[[B:.*]] = scf.for {{.*}} iter_args(%{{.*}} = %[[ROWS]])
// CHECK: %[[PADDED:.*]] = tensor.expand_shape %[[B]]
// CHECK: %[[IN:.*]] = tensor.extract_slice %[[PADDED]][0, 1, 1, 0] [1, 4, 4, 16] [1, 1, 1, 1]
// CHECK: return %[[PADDED]], %[[IN]]
func.func @pad_into_producer(%v: vector<4x16xf32>) -> (tensor<1x6x6x16xf32>, tensor<1x4x4x16xf32>) {
  %c0 = arith.constant 0 : index
  %c4 = arith.constant 4 : index
  %c16 = arith.constant 16 : index
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x4x4x16xf32>
  %init = tensor.collapse_shape %e [[0, 1, 2], [3]] : tensor<1x4x4x16xf32> into tensor<16x16xf32>
  %r = scf.for %m = %c0 to %c16 step %c4 iter_args(%acc = %init) -> (tensor<16x16xf32>) {
    %w = vector.transfer_write %v, %acc[%m, %c0] {in_bounds = [true, true]} : vector<4x16xf32>, tensor<16x16xf32>
    scf.yield %w : tensor<16x16xf32>
  }
  %x = tensor.expand_shape %r [[0, 1, 2], [3]] output_shape [1, 4, 4, 16] : tensor<16x16xf32> into tensor<1x4x4x16xf32>
  %p = tensor.pad %x low[0, 1, 1, 0] high[0, 1, 1, 0] {
  ^bb0(%a: index, %b: index, %c: index, %d: index):
    tensor.yield %zero : f32
  } : tensor<1x4x4x16xf32> to tensor<1x6x6x16xf32>
  return %p, %x : tensor<1x6x6x16xf32>, tensor<1x4x4x16xf32>
}

// -----

// A depthwise convolution (loops c, oh | kh, kw | ow): every input row uses
// both output loops, but the filter's broadcasts do not use oh, so the tile
// takes several output rows (oh) as independent accumulators that share
// each broadcast: 2 rows of 16 lanes with AVX2 (2 registers each), 4 with
// AVX-512 (one each; the pass's default of 16 registers is what bounds them).
// CHECK-LABEL: func.func @depthwise
// CHECK: scf.for {{.*}} to %c8 step %c2
// CHECK: scf.for {{.*}} -> (tensor<4x8x16xf32>, vector<16xf32>, vector<16xf32>)
// CHECK: scf.for {{.*}} -> (tensor<4x8x16xf32>, vector<16xf32>, vector<16xf32>)
// CHECK-COUNT-2: vector.transfer_read %{{.*}} : tensor<4x10x18xf32>, vector<16xf32>
// CHECK: tensor.extract
// CHECK-NOT: tensor.extract
// CHECK-COUNT-2: vector.fma %{{.*}} : vector<16xf32>
// AVX512-LABEL: func.func @depthwise
// AVX512: scf.for {{.*}} to %c8 step %c4
// AVX512-COUNT-4: vector.transfer_read %{{.*}} : tensor<4x10x18xf32>, vector<16xf32>
// AVX512-COUNT-4: vector.fma %{{.*}} : vector<16xf32>
#dwin = affine_map<(c, oh, kh, kw, ow) -> (c, oh + kh, ow + kw)>
#dww = affine_map<(c, oh, kh, kw, ow) -> (c, kh, kw)>
#dwout = affine_map<(c, oh, kh, kw, ow) -> (c, oh, ow)>
func.func @depthwise(%x: tensor<4x10x18xf32>, %w: tensor<4x3x3xf32>, %init: tensor<4x8x16xf32>) -> tensor<4x8x16xf32> {
  %r = linalg.generic {indexing_maps = [#dwin, #dww, #dwout], iterator_types = ["parallel", "parallel", "reduction", "reduction", "parallel"]} ins(%x, %w : tensor<4x10x18xf32>, tensor<4x3x3xf32>) outs(%init : tensor<4x8x16xf32>) {
  ^bb0(%v: f32, %k: f32, %o: f32):
    %m = arith.mulf %v, %k : f32
    %a = arith.addf %o, %m : f32
    linalg.yield %a : f32
  } -> tensor<4x8x16xf32>
  return %r : tensor<4x8x16xf32>
}

// -----

// An op that names the dimension to split (tfcc.split_dim, its third):
// only that loop is marked tfcc.parallel, the one outside it not, also
// with the unit dimension before it dropped.
#split_in = affine_map<(a, n, y, c) -> (a, n, y, c)>
// CHECK-LABEL: func.func @split_dim
// CHECK: scf.for %{{.*}} = %c0 to %c6
// CHECK: scf.for %{{.*}} = %c0 to %c14
// CHECK: } {tfcc.parallel}
// CHECK-NEXT: scf.yield
// CHECK-NEXT: }{{$}}
func.func @split_dim(%x: tensor<6x1x14x64xf32>) -> tensor<6x1x14x64xf32> {
  %init = tensor.empty() : tensor<6x1x14x64xf32>
  %y = linalg.generic {indexing_maps = [#split_in, #split_in],
                       iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%x : tensor<6x1x14x64xf32>) outs(%init : tensor<6x1x14x64xf32>)
      attrs = {tfcc.split_dim = 2 : index} {
  ^bb0(%in: f32, %out: f32):
    %r = arith.mulf %in, %in : f32
    linalg.yield %r : f32
  } -> tensor<6x1x14x64xf32>
  return %y : tensor<6x1x14x64xf32>
}
