// RUN: tfcc-opt %s --tfcc-fuse-im2col=remarks --split-input-file --verify-diagnostics | FileCheck %s

// A 3x3 NHWC convolution (16 -> 64 channels, 16x8 output) after
// tfcc-fuse-epilogues: row panels of 8 rows outside, two column panels of
// 32 inside. Each row panel's 8 x 144 im2col rows are one output row of
// the image, [oh, 0:8]: they are copied once per row panel, at the start
// of the outer loop, into a buffer of their own, and the whole im2col
// goes.
#im2col = affine_map<(n, oh, ow, kh, kwc) -> (n, oh + kh, ow * 16 + kwc)>
#id5 = affine_map<(n, oh, ow, kh, kwc) -> (n, oh, ow, kh, kwc)>
#a = affine_map<(m1, n1, k1, m0, n0, k0) -> (m1, m0, k1, k0)>
#b = affine_map<(m1, n1, k1, m0, n0, k0) -> (n1, k1, n0, k0)>
#c = affine_map<(m1, n1, k1, m0, n0, k0) -> (m1, n1, m0, n0)>
#rowpanel = affine_map<(d0) -> (d0 floordiv 8)>
#colpanel = affine_map<(d0) -> (d0 floordiv 32)>

// CHECK-LABEL: func.func @rows_outside
// CHECK-SAME: (%[[X:.*]]: tensor<1x18x160xf32>
// CHECK-NOT: tensor<1x16x8x3x48xf32>
// CHECK: scf.for %[[M:.*]] = %{{.*}} to %{{.*}} step %{{.*}} iter_args
// CHECK: %[[POS:.*]]:2 = affine.delinearize_index %{{.*}} into (16, 8)
// CHECK: %[[IN:.*]] = tensor.extract_slice %[[X]][0, %[[POS]]#0, %{{.*}}] [1, 3, 160]
// CHECK: %[[BUF:.*]] = tensor.empty() : tensor<1x1x8x3x48xf32>
// CHECK: %[[ROWS:.*]] = linalg.generic {{.*}} ins(%[[IN]] : tensor<1x3x160xf32>) outs(%[[BUF]] : tensor<1x1x8x3x48xf32>)
// CHECK: %[[FLAT:.*]] = tensor.collapse_shape %[[ROWS]] {{\[}}[0, 1, 2], [3, 4]] : tensor<1x1x8x3x48xf32> into tensor<8x144xf32>
// CHECK: %[[PANEL:.*]] = tensor.expand_shape %[[FLAT]] {{\[}}[0, 1], [2, 3]] output_shape [1, 8, 144, 1]
// CHECK: scf.for
// CHECK: linalg.generic {{.*}} ins(%[[PANEL]], %{{.*}} : tensor<1x8x144x1xf32>, tensor<1x144x32x1xf32>)
func.func @rows_outside(%x: tensor<1x18x160xf32>, %w: tensor<2x144x32x1xf32>) -> tensor<16x2x8x32xf32> {
  %c0 = arith.constant 0 : index
  %c8 = arith.constant 8 : index
  %c32 = arith.constant 32 : index
  %c64 = arith.constant 64 : index
  %c128 = arith.constant 128 : index
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x16x8x3x48xf32>
  %cols = linalg.generic {indexing_maps = [#im2col, #id5], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel"]} ins(%x : tensor<1x18x160xf32>) outs(%e : tensor<1x16x8x3x48xf32>) {
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  } -> tensor<1x16x8x3x48xf32>
  %flat = tensor.collapse_shape %cols [[0, 1, 2], [3, 4]] : tensor<1x16x8x3x48xf32> into tensor<128x144xf32>
  %a = tensor.expand_shape %flat [[0, 1], [2, 3]] output_shape [16, 8, 144, 1] : tensor<128x144xf32> into tensor<16x8x144x1xf32>
  %init = tensor.empty() : tensor<16x2x8x32xf32>
  %r = scf.for %i = %c0 to %c128 step %c8 iter_args(%acc = %init) -> (tensor<16x2x8x32xf32>) {
    %s = scf.for %j = %c0 to %c64 step %c32 iter_args(%acc2 = %acc) -> (tensor<16x2x8x32xf32>) {
      %m = affine.apply #rowpanel(%i)
      %n = affine.apply #colpanel(%j)
      %as = tensor.extract_slice %a[%m, 0, 0, 0] [1, 8, 144, 1] [1, 1, 1, 1] : tensor<16x8x144x1xf32> to tensor<1x8x144x1xf32>
      %bs = tensor.extract_slice %w[%n, 0, 0, 0] [1, 144, 32, 1] [1, 1, 1, 1] : tensor<2x144x32x1xf32> to tensor<1x144x32x1xf32>
      %cs = tensor.extract_slice %acc2[%m, %n, 0, 0] [1, 1, 8, 32] [1, 1, 1, 1] : tensor<16x2x8x32xf32> to tensor<1x1x8x32xf32>
      %f = linalg.fill ins(%zero : f32) outs(%cs : tensor<1x1x8x32xf32>) -> tensor<1x1x8x32xf32>
      // expected-remark @below {{im2col rows copied per row panel}}
      %t = linalg.generic {indexing_maps = [#a, #b, #c], iterator_types = ["parallel", "parallel", "reduction", "parallel", "parallel", "reduction"]} ins(%as, %bs : tensor<1x8x144x1xf32>, tensor<1x144x32x1xf32>) outs(%f : tensor<1x1x8x32xf32>) {
      ^bb0(%in: f32, %in2: f32, %out: f32):
        %p = arith.mulf %in, %in2 : f32
        %q = arith.addf %out, %p : f32
        linalg.yield %q : f32
      } -> tensor<1x1x8x32xf32>
      %u = tensor.insert_slice %t into %acc2[%m, %n, 0, 0] [1, 1, 8, 32] [1, 1, 1, 1] : tensor<1x1x8x32xf32> into tensor<16x2x8x32xf32>
      scf.yield %u : tensor<16x2x8x32xf32>
    }
    scf.yield %s : tensor<16x2x8x32xf32>
  }
  return %r : tensor<16x2x8x32xf32>
}

// -----

#im2col = affine_map<(n, oh, ow, kh, kwc) -> (n, oh + kh, ow * 16 + kwc)>
#id5 = affine_map<(n, oh, ow, kh, kwc) -> (n, oh, ow, kh, kwc)>
#a = affine_map<(m1, n1, k1, m0, n0, k0) -> (m1, m0, k1, k0)>
#b = affine_map<(m1, n1, k1, m0, n0, k0) -> (n1, k1, n0, k0)>
#c = affine_map<(m1, n1, k1, m0, n0, k0) -> (m1, n1, m0, n0)>
#rowpanel = affine_map<(d0) -> (d0 floordiv 8)>
#colpanel = affine_map<(d0) -> (d0 floordiv 32)>

// The same with the column panels outside (weights larger than the
// im2col): copying a row panel's rows in the inner loop would repeat them
// for every column panel, so the whole im2col stays.
// CHECK-LABEL: func.func @columns_outside
// CHECK: linalg.generic {{.*}} outs(%{{.*}} : tensor<1x16x8x3x48xf32>)
// CHECK: scf.for
// CHECK: scf.for
// CHECK-NOT: tensor<1x1x8x3x48xf32>
func.func @columns_outside(%x: tensor<1x18x160xf32>, %w: tensor<2x144x32x1xf32>) -> tensor<16x2x8x32xf32> {
  %c0 = arith.constant 0 : index
  %c8 = arith.constant 8 : index
  %c32 = arith.constant 32 : index
  %c64 = arith.constant 64 : index
  %c128 = arith.constant 128 : index
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x16x8x3x48xf32>
  %cols = linalg.generic {indexing_maps = [#im2col, #id5], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel"]} ins(%x : tensor<1x18x160xf32>) outs(%e : tensor<1x16x8x3x48xf32>) {
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  } -> tensor<1x16x8x3x48xf32>
  %flat = tensor.collapse_shape %cols [[0, 1, 2], [3, 4]] : tensor<1x16x8x3x48xf32> into tensor<128x144xf32>
  %a = tensor.expand_shape %flat [[0, 1], [2, 3]] output_shape [16, 8, 144, 1] : tensor<128x144xf32> into tensor<16x8x144x1xf32>
  %init = tensor.empty() : tensor<16x2x8x32xf32>
  %r = scf.for %j = %c0 to %c64 step %c32 iter_args(%acc = %init) -> (tensor<16x2x8x32xf32>) {
    %s = scf.for %i = %c0 to %c128 step %c8 iter_args(%acc2 = %acc) -> (tensor<16x2x8x32xf32>) {
      %m = affine.apply #rowpanel(%i)
      %n = affine.apply #colpanel(%j)
      %as = tensor.extract_slice %a[%m, 0, 0, 0] [1, 8, 144, 1] [1, 1, 1, 1] : tensor<16x8x144x1xf32> to tensor<1x8x144x1xf32>
      %bs = tensor.extract_slice %w[%n, 0, 0, 0] [1, 144, 32, 1] [1, 1, 1, 1] : tensor<2x144x32x1xf32> to tensor<1x144x32x1xf32>
      %cs = tensor.extract_slice %acc2[%m, %n, 0, 0] [1, 1, 8, 32] [1, 1, 1, 1] : tensor<16x2x8x32xf32> to tensor<1x1x8x32xf32>
      %f = linalg.fill ins(%zero : f32) outs(%cs : tensor<1x1x8x32xf32>) -> tensor<1x1x8x32xf32>
      %t = linalg.generic {indexing_maps = [#a, #b, #c], iterator_types = ["parallel", "parallel", "reduction", "parallel", "parallel", "reduction"]} ins(%as, %bs : tensor<1x8x144x1xf32>, tensor<1x144x32x1xf32>) outs(%f : tensor<1x1x8x32xf32>) {
      ^bb0(%in: f32, %in2: f32, %out: f32):
        %p = arith.mulf %in, %in2 : f32
        %q = arith.addf %out, %p : f32
        linalg.yield %q : f32
      } -> tensor<1x1x8x32xf32>
      %u = tensor.insert_slice %t into %acc2[%m, %n, 0, 0] [1, 1, 8, 32] [1, 1, 1, 1] : tensor<1x1x8x32xf32> into tensor<16x2x8x32xf32>
      scf.yield %u : tensor<16x2x8x32xf32>
    }
    scf.yield %s : tensor<16x2x8x32xf32>
  }
  return %r : tensor<16x2x8x32xf32>
}

// -----


#im2col = affine_map<(n, oh, ow, kh, kwc) -> (n, oh + kh, ow * 16 + kwc)>
#id5 = affine_map<(n, oh, ow, kh, kwc) -> (n, oh, ow, kh, kwc)>
#a = affine_map<(m1, n1, k1, m0, n0, k0) -> (m1, m0, k1, k0)>
#b = affine_map<(m1, n1, k1, m0, n0, k0) -> (n1, k1, n0, k0)>
#c = affine_map<(m1, n1, k1, m0, n0, k0) -> (m1, n1, m0, n0)>
#rowpanel = affine_map<(d0) -> (d0 floordiv 8)>
#colpanel = affine_map<(d0) -> (d0 floordiv 32)>

// Rows outside, but the contraction reads only the last 48 steps of K
// (tfcc-fuse-epilogues' split of a blocked reduction): its panels are not
// boxes of the im2col, which stays.
// CHECK-LABEL: func.func @slice_of_k
// CHECK: linalg.generic {{.*}} outs(%{{.*}} : tensor<1x16x8x3x48xf32>)
// CHECK-NOT: tensor<1x1x8x3x48xf32>
func.func @slice_of_k(%x: tensor<1x18x160xf32>, %w: tensor<2x48x32x1xf32>) -> tensor<16x2x8x32xf32> {
  %c0 = arith.constant 0 : index
  %c8 = arith.constant 8 : index
  %c32 = arith.constant 32 : index
  %c64 = arith.constant 64 : index
  %c128 = arith.constant 128 : index
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x16x8x3x48xf32>
  %cols = linalg.generic {indexing_maps = [#im2col, #id5], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel"]} ins(%x : tensor<1x18x160xf32>) outs(%e : tensor<1x16x8x3x48xf32>) {
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  } -> tensor<1x16x8x3x48xf32>
  %flat = tensor.collapse_shape %cols [[0, 1, 2], [3, 4]] : tensor<1x16x8x3x48xf32> into tensor<128x144xf32>
  %a = tensor.expand_shape %flat [[0, 1], [2, 3]] output_shape [16, 8, 144, 1] : tensor<128x144xf32> into tensor<16x8x144x1xf32>
  %last = tensor.extract_slice %a[0, 0, 96, 0] [16, 8, 48, 1] [1, 1, 1, 1] : tensor<16x8x144x1xf32> to tensor<16x8x48x1xf32>
  %init = tensor.empty() : tensor<16x2x8x32xf32>
  %r = scf.for %i = %c0 to %c128 step %c8 iter_args(%acc = %init) -> (tensor<16x2x8x32xf32>) {
    %s = scf.for %j = %c0 to %c64 step %c32 iter_args(%acc2 = %acc) -> (tensor<16x2x8x32xf32>) {
      %m = affine.apply #rowpanel(%i)
      %n = affine.apply #colpanel(%j)
      %as = tensor.extract_slice %last[%m, 0, 0, 0] [1, 8, 48, 1] [1, 1, 1, 1] : tensor<16x8x48x1xf32> to tensor<1x8x48x1xf32>
      %bs = tensor.extract_slice %w[%n, 0, 0, 0] [1, 48, 32, 1] [1, 1, 1, 1] : tensor<2x48x32x1xf32> to tensor<1x48x32x1xf32>
      %cs = tensor.extract_slice %acc2[%m, %n, 0, 0] [1, 1, 8, 32] [1, 1, 1, 1] : tensor<16x2x8x32xf32> to tensor<1x1x8x32xf32>
      %f = linalg.fill ins(%zero : f32) outs(%cs : tensor<1x1x8x32xf32>) -> tensor<1x1x8x32xf32>
      %t = linalg.generic {indexing_maps = [#a, #b, #c], iterator_types = ["parallel", "parallel", "reduction", "parallel", "parallel", "reduction"]} ins(%as, %bs : tensor<1x8x48x1xf32>, tensor<1x48x32x1xf32>) outs(%f : tensor<1x1x8x32xf32>) {
      ^bb0(%in: f32, %in2: f32, %out: f32):
        %p = arith.mulf %in, %in2 : f32
        %q = arith.addf %out, %p : f32
        linalg.yield %q : f32
      } -> tensor<1x1x8x32xf32>
      %u = tensor.insert_slice %t into %acc2[%m, %n, 0, 0] [1, 1, 8, 32] [1, 1, 1, 1] : tensor<1x1x8x32xf32> into tensor<16x2x8x32xf32>
      scf.yield %u : tensor<16x2x8x32xf32>
    }
    scf.yield %s : tensor<16x2x8x32xf32>
  }
  return %r : tensor<16x2x8x32xf32>
}
