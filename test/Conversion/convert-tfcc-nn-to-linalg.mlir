// RUN: tfcc-opt %s -split-input-file --convert-tfcc-nn-to-linalg | FileCheck %s

// NCHW, 2 groups, stride 2, padding 1: the input is zero-padded, channels
// are split into [groups, channels / groups] on input, filter and
// accumulator, and one generic reads the input at oh * 2 + kh. Loops:
// (n, g, o, oh | c, kh, kw | ow).
// CHECK-DAG: #[[$IN:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d0, d1, d4, d3 * 2 + d5, d7 * 2 + d6)>
// CHECK-DAG: #[[$FIL:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d1, d2, d4, d5, d6)>
// CHECK-DAG: #[[$OUT:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d0, d1, d2, d3, d7)>
// CHECK-LABEL: func.func @conv_nchw_grouped
// CHECK-SAME: (%[[X:.*]]: tensor<?x4x9x10xf32>, %[[W:.*]]: tensor<6x2x3x3xf32>)
// CHECK: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK: %[[P:.*]] = tensor.pad %[[X]] low[0, 0, 1, 1] high[0, 0, 1, 1]
// CHECK: tensor.yield %[[ZERO]] : f32
// CHECK: } : tensor<?x4x9x10xf32> to tensor<?x4x11x12xf32>
// CHECK: %[[N:.*]] = tensor.dim %[[P]], %{{.*}} : tensor<?x4x11x12xf32>
// CHECK: %[[XG:.*]] = tensor.expand_shape %[[P]] {{\[\[}}0], [1, 2], [3], [4]] output_shape [%{{.*}}, 2, 2, 11, 12] : tensor<?x4x11x12xf32> into tensor<?x2x2x11x12xf32>
// CHECK: %[[WG:.*]] = tensor.expand_shape %[[W]] {{\[\[}}0, 1], [2], [3], [4]] output_shape [2, 3, 2, 3, 3] : tensor<6x2x3x3xf32> into tensor<2x3x2x3x3xf32>
// CHECK: %[[E:.*]] = tensor.empty(%[[N]]) : tensor<?x6x5x5xf32>
// CHECK: %[[EG:.*]] = tensor.expand_shape %[[E]] {{\[\[}}0], [1, 2], [3], [4]] {{.*}} into tensor<?x2x3x5x5xf32>
// CHECK: %[[ACC:.*]] = linalg.fill ins(%[[ZERO]] : f32) outs(%[[EG]] : tensor<?x2x3x5x5xf32>)
// CHECK: %[[G:.*]] = linalg.generic {indexing_maps = [#[[$IN]], #[[$FIL]], #[[$OUT]]], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction", "parallel"]}
// CHECK-SAME: ins(%[[XG]], %[[WG]] : tensor<?x2x2x11x12xf32>, tensor<2x3x2x3x3xf32>) outs(%[[ACC]] : tensor<?x2x3x5x5xf32>)
// CHECK: ^bb0(%[[A:.*]]: f32, %[[B:.*]]: f32, %[[C:.*]]: f32):
// CHECK: %[[M:.*]] = arith.mulf %[[A]], %[[B]] : f32
// CHECK: %[[S:.*]] = arith.addf %[[C]], %[[M]] : f32
// CHECK: linalg.yield %[[S]] : f32
// CHECK: %[[R:.*]] = tensor.collapse_shape %[[G]] {{\[\[}}0], [1, 2], [3], [4]] : tensor<?x2x3x5x5xf32> into tensor<?x6x5x5xf32>
// CHECK: return %[[R]]
func.func @conv_nchw_grouped(%x: tensor<?x4x9x10xf32>, %w: tensor<6x2x3x3xf32>) -> tensor<?x6x5x5xf32> {
  %0 = tfcc.conv2d %x, %w {groups = 2, strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>}
      : tensor<?x4x9x10xf32>, tensor<6x2x3x3xf32>
  return %0 : tensor<?x6x5x5xf32>
}

// -----

// NHWC through im2col and a GEMM (32 output channels), stride 2: a window
// row's 3 x 3 (kw, c) elements are contiguous in the input viewed as
// [N, H, W * C] and in the columns, one copy of 9 floats from
// (n, oh * 2 + kh, ow * 6) per (n, oh, ow, kh); the columns are then the
// [N * OH * OW, KH * KW * C] matrix of the GEMM.
// CHECK-DAG: #[[$ROW:.*]] = affine_map<(d0, d1, d2, d3, d4) -> (d0, d1 * 2 + d3, d2 * 6 + d4)>
// CHECK-LABEL: func.func @conv_nhwc_im2col
// CHECK-SAME: (%[[X:.*]]: tensor<1x9x9x3xf32>
// CHECK: %[[ROWS:.*]] = tensor.collapse_shape %[[X]] {{\[\[}}0], [1], [2, 3]] : tensor<1x9x9x3xf32> into tensor<1x9x27xf32>
// CHECK: %[[COL:.*]] = linalg.generic {indexing_maps = [#[[$ROW]], #{{.*}}], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel"]} ins(%[[ROWS]] : tensor<1x9x27xf32>) outs(%{{.*}} : tensor<1x4x4x3x9xf32>)
// CHECK: %[[WIN:.*]] = tensor.expand_shape %[[COL]] {{\[\[}}0], [1], [2], [3], [4, 5]] {{.*}} into tensor<1x4x4x3x3x3xf32>
// CHECK: tensor.collapse_shape %[[WIN]] {{\[\[}}0, 1, 2], [3, 4, 5]] : tensor<1x4x4x3x3x3xf32> into tensor<16x27xf32>
func.func @conv_nhwc_im2col(%x: tensor<1x9x9x3xf32>, %w: tensor<3x3x3x32xf32>) -> tensor<1x4x4x32xf32> {
  %0 = tfcc.conv2d %x, %w {data_format = "NHWC", strides = array<i64: 2, 2>} : tensor<1x9x9x3xf32>, tensor<3x3x3x32xf32>
  return %0 : tensor<1x4x4x32xf32>
}

// -----

// NHWC with HWIO filter, dilation 2 along H, no padding (so no tensor.pad),
// dynamic spatial sizes: OH = max((H - 5) floordiv 1 + 1, 0). Loops:
// (n, oh, ow, g | kh, kw, c | o).
// CHECK-DAG: #[[$IN:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d0, d1 + d4 * 2, d2 + d5, d3, d6)>
// CHECK-DAG: #[[$FIL:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d4, d5, d6, d3, d7)>
// CHECK-DAG: #[[$OUT:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d0, d1, d2, d3, d7)>
// CHECK-LABEL: func.func @conv_nhwc_dilated
// CHECK-SAME: (%[[X:.*]]: tensor<1x?x?x4xf32>, %[[W:.*]]: tensor<3x3x4x8xf32>)
// CHECK-NOT: tensor.pad
// CHECK: %[[H:.*]] = tensor.dim %[[X]], %{{.*}} : tensor<1x?x?x4xf32>
// CHECK: %[[C5:.*]] = arith.constant 5 : index
// CHECK: %[[HK:.*]] = arith.subi %[[H]], %[[C5]] : index
// CHECK: %[[HS:.*]] = arith.floordivsi %[[HK]], %{{.*}} : index
// CHECK: %[[HO:.*]] = arith.addi %[[HS]], %{{.*}} : index
// CHECK: %[[OH:.*]] = arith.maxsi %[[HO]], %{{.*}} : index
// CHECK: %[[OW:.*]] = arith.maxsi
// CHECK: tensor.expand_shape %[[X]] {{\[\[}}0], [1], [2], [3, 4]] {{.*}} : tensor<1x?x?x4xf32> into tensor<1x?x?x1x4xf32>
// CHECK: tensor.expand_shape %[[W]] {{\[\[}}0], [1], [2], [3, 4]] {{.*}} : tensor<3x3x4x8xf32> into tensor<3x3x4x1x8xf32>
// CHECK: tensor.empty(%[[OH]], %[[OW]]) : tensor<1x?x?x8xf32>
// CHECK: linalg.generic {indexing_maps = [#[[$IN]], #[[$FIL]], #[[$OUT]]], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction", "parallel"]}
// CHECK: tensor.collapse_shape %{{.*}} {{\[\[}}0], [1], [2], [3, 4]] : tensor<1x?x?x1x8xf32> into tensor<1x?x?x8xf32>
func.func @conv_nhwc_dilated(%x: tensor<1x?x?x4xf32>, %w: tensor<3x3x4x8xf32>) -> tensor<1x?x?x8xf32> {
  %0 = tfcc.conv2d %x, %w {data_format = "NHWC", dilations = array<i64: 2, 1>}
      : tensor<1x?x?x4xf32>, tensor<3x3x4x8xf32>
  return %0 : tensor<1x?x?x8xf32>
}

// -----

// Depthwise (groups = channels, one input channel per group), f64.
// CHECK-LABEL: func.func @conv_depthwise
// CHECK: tensor.expand_shape %{{.*}} {{\[\[}}0], [1, 2], [3], [4]] {{.*}} : tensor<2x3x5x5xf64> into tensor<2x3x1x5x5xf64>
// CHECK: tensor.expand_shape %{{.*}} {{\[\[}}0, 1], [2], [3], [4]] {{.*}} : tensor<6x1x3x3xf64> into tensor<3x2x1x3x3xf64>
// CHECK: linalg.generic
// CHECK: arith.mulf %{{.*}}, %{{.*}} : f64
// CHECK: tensor.collapse_shape %{{.*}} : tensor<2x3x2x3x3xf64> into tensor<2x6x3x3xf64>
func.func @conv_depthwise(%x: tensor<2x3x5x5xf64>, %w: tensor<6x1x3x3xf64>) -> tensor<2x6x3x3xf64> {
  %0 = tfcc.conv2d %x, %w {groups = 3} : tensor<2x3x5x5xf64>, tensor<6x1x3x3xf64>
  return %0 : tensor<2x6x3x3xf64>
}

// -----

// Max pooling pads with -inf (padding never wins) and starts from -inf;
// an empty tensor of the kernel's shape bounds the window loops.
// CHECK-DAG: #[[$IN:.*]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d2 * 2 + d3, d5 * 2 + d4)>
// CHECK-DAG: #[[$WIN:.*]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d3, d4)>
// CHECK-DAG: #[[$OUT:.*]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d2, d5)>
// CHECK-LABEL: func.func @max_pool
// CHECK-SAME: (%[[X:.*]]: tensor<?x3x9x10xf32>)
// CHECK: %[[NINF:.*]] = arith.constant 0xFF800000 : f32
// CHECK: %[[P:.*]] = tensor.pad %[[X]] low[0, 0, 1, 1] high[0, 0, 1, 1]
// CHECK: tensor.yield %[[NINF]] : f32
// CHECK: %[[ACC:.*]] = linalg.fill ins(%[[NINF]] : f32)
// CHECK: %[[WIN:.*]] = tensor.empty() : tensor<3x3xf32>
// CHECK: linalg.generic {indexing_maps = [#[[$IN]], #[[$WIN]], #[[$OUT]]], iterator_types = ["parallel", "parallel", "parallel", "reduction", "reduction", "parallel"]}
// CHECK-SAME: ins(%[[P]], %[[WIN]] : tensor<?x3x11x12xf32>, tensor<3x3xf32>) outs(%[[ACC]] : tensor<?x3x5x5xf32>)
// CHECK: ^bb0(%[[A:.*]]: f32, %{{.*}}: f32, %[[C:.*]]: f32):
// CHECK: %[[MAX:.*]] = arith.maximumf %[[C]], %[[A]] fastmath<nsz> : f32
// CHECK: linalg.yield %[[MAX]] : f32
func.func @max_pool(%x: tensor<?x3x9x10xf32>) -> tensor<?x3x5x5xf32> {
  %0 = tfcc.max_pool %x {kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>}
      : tensor<?x3x9x10xf32>
  return %0 : tensor<?x3x5x5xf32>
}

// -----

// NHWC average with count_include_pad: a zero-padded window sum, then a
// division by kh * kw. Loops (n, oh, ow | kh, kw | c).
// CHECK-DAG: #[[$IN:.*]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1 * 2 + d3, d2 * 2 + d4, d5)>
// CHECK-LABEL: func.func @avg_pool_include_pad
// CHECK: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f64
// CHECK: tensor.pad %{{.*}} low[0, 1, 1, 0] high[0, 1, 1, 0]
// CHECK: tensor.yield %[[ZERO]] : f64
// CHECK: %[[SUM:.*]] = linalg.generic {indexing_maps = [#[[$IN]], {{.*}}], iterator_types = ["parallel", "parallel", "parallel", "reduction", "reduction", "parallel"]}
// CHECK: arith.addf %{{.*}}, %{{.*}} : f64
// CHECK: %[[NINE:.*]] = arith.constant 9.000000e+00 : f64
// CHECK: linalg.generic {{.*}} ins(%[[SUM]] : tensor<1x5x5x3xf64>)
// CHECK: arith.divf %{{.*}}, %[[NINE]] : f64
// CHECK-NOT: linalg.index
func.func @avg_pool_include_pad(%x: tensor<1x9x10x3xf64>) -> tensor<1x5x5x3xf64> {
  %0 = tfcc.avg_pool %x {data_format = "NHWC", kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>, count_include_pad}
      : tensor<1x9x10x3xf64>
  return %0 : tensor<1x5x5x3xf64>
}

// -----

// Without count_include_pad the divisor is the number of in-bounds taps
// of the output position (its linalg.index), per spatial dimension:
// taps = max(min(floor((H - 1 - start) / d), k - 1) - max(ceil(-start / d), 0) + 1, 0),
// start = oh * stride - pad_top.
// CHECK-LABEL: func.func @avg_pool_in_bounds
// CHECK: %[[SUM:.*]] = linalg.generic
// CHECK: %[[H:.*]] = arith.constant 9 : index
// CHECK: linalg.generic {{.*}} ins(%[[SUM]] : tensor<?x3x5x5xf32>)
// CHECK: %[[OH:.*]] = linalg.index 2 : index
// CHECK: %[[OW:.*]] = linalg.index 3 : index
// CHECK: arith.muli %[[OH]], %{{.*}} : index
// CHECK: arith.ceildivsi
// CHECK: arith.floordivsi
// CHECK: arith.muli %[[OW]], %{{.*}} : index
// CHECK: %[[TAPS:.*]] = arith.muli %{{.*}}, %{{.*}} : index
// CHECK: %[[I:.*]] = arith.index_cast %[[TAPS]] : index to i64
// CHECK: %[[F:.*]] = arith.sitofp %[[I]] : i64 to f32
// CHECK: arith.divf %{{.*}}, %[[F]] : f32
func.func @avg_pool_in_bounds(%x: tensor<?x3x9x10xf32>) -> tensor<?x3x5x5xf32> {
  %0 = tfcc.avg_pool %x {kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>}
      : tensor<?x3x9x10xf32>
  return %0 : tensor<?x3x5x5xf32>
}

// -----

// Constant mode: negative entries crop with extract_slice, the rest is a
// tensor.pad with the rank-0 value.
// CHECK-LABEL: func.func @pad_constant
// CHECK-SAME: (%[[X:.*]]: tensor<?x5xf32>, %[[V:.*]]: tensor<f32>)
// CHECK: %[[CROP:.*]] = tensor.extract_slice %[[X]][0, 2] [%{{.*}}, 3] [1, 1] : tensor<?x5xf32> to tensor<?x3xf32>
// CHECK: %[[VAL:.*]] = tensor.extract %[[V]][] : tensor<f32>
// CHECK: %[[P:.*]] = tensor.pad %[[CROP]] low[0, 0] high[1, 3]
// CHECK: tensor.yield %[[VAL]] : f32
// CHECK: } : tensor<?x3xf32> to tensor<?x6xf32>
// CHECK: return %[[P]]
func.func @pad_constant(%x: tensor<?x5xf32>, %v: tensor<f32>) -> tensor<?x6xf32> {
  %0 = tfcc.pad %x, %v {low = array<i64: 0, -2>, high = array<i64: 1, 3>} : tensor<?x5xf32>, tensor<f32>
  return %0 : tensor<?x6xf32>
}

// -----

// Without a value, integers pad with 0; no crop, no slice.
// CHECK-LABEL: func.func @pad_zero
// CHECK-NOT: tensor.extract_slice
// CHECK: %[[ZERO:.*]] = arith.constant 0 : i32
// CHECK: tensor.pad %{{.*}} low[2] high[1]
// CHECK: tensor.yield %[[ZERO]] : i32
func.func @pad_zero(%x: tensor<4xi32>) -> tensor<7xi32> {
  %0 = tfcc.pad %x {low = array<i64: 2>, high = array<i64: 1>} : tensor<4xi32>
  return %0 : tensor<7xi32>
}

// -----

// Reflect: every result element reads x[i0, last - |last - |i1 - low||];
// unpadded dimensions read at their own index.
// CHECK-LABEL: func.func @pad_reflect
// CHECK-SAME: (%[[X:.*]]: tensor<?x5xf32>)
// CHECK: %[[E:.*]] = tensor.empty(%{{.*}}) : tensor<?x12xf32>
// CHECK: linalg.generic {{.*}} outs(%[[E]] : tensor<?x12xf32>)
// CHECK: %[[I0:.*]] = linalg.index 0 : index
// CHECK: %[[I1:.*]] = linalg.index 1 : index
// CHECK: %[[X1:.*]] = arith.subi %[[I1]], %{{.*}} : index
// CHECK: %[[NX:.*]] = arith.subi %{{.*}}, %[[X1]] : index
// CHECK: %[[AX:.*]] = arith.maxsi %[[X1]], %[[NX]] : index
// CHECK: %[[D:.*]] = arith.subi %[[LAST:.*]], %[[AX]] : index
// CHECK: %[[ND:.*]] = arith.subi %{{.*}}, %[[D]] : index
// CHECK: %[[AD:.*]] = arith.maxsi %[[D]], %[[ND]] : index
// CHECK: %[[J:.*]] = arith.subi %[[LAST]], %[[AD]] : index
// CHECK: %[[V:.*]] = tensor.extract %[[X]][%[[I0]], %[[J]]] : tensor<?x5xf32>
// CHECK: linalg.yield %[[V]] : f32
func.func @pad_reflect(%x: tensor<?x5xf32>) -> tensor<?x12xf32> {
  %0 = tfcc.pad %x {low = array<i64: 0, 4>, high = array<i64: 0, 3>, mode = "reflect"} : tensor<?x5xf32>
  return %0 : tensor<?x12xf32>
}

// -----

// Edge after a crop: the index is clamped into the cropped tensor.
// CHECK-LABEL: func.func @pad_edge
// CHECK: %[[CROP:.*]] = tensor.extract_slice %{{.*}}[1] [5] [1] : tensor<6xf64> to tensor<5xf64>
// CHECK: linalg.generic
// CHECK: %[[I:.*]] = linalg.index 0 : index
// CHECK: %[[X:.*]] = arith.subi %[[I]], %{{.*}} : index
// CHECK: %[[LO:.*]] = arith.maxsi %[[X]], %{{.*}} : index
// CHECK: %[[J:.*]] = arith.minsi %[[LO]], %{{.*}} : index
// CHECK: tensor.extract %[[CROP]][%[[J]]] : tensor<5xf64>
func.func @pad_edge(%x: tensor<6xf64>) -> tensor<7xf64> {
  %0 = tfcc.pad %x {low = array<i64: -1>, high = array<i64: 2>, mode = "edge"} : tensor<6xf64>
  return %0 : tensor<7xf64>
}

// -----

// A dynamic kernel size (a run-time filter) enters the output size:
// OH = max((H + 2 - (2 * (KH - 1) + 1)) floordiv 1 + 1, 0).
// CHECK-LABEL: func.func @conv_dynamic_kernel
// CHECK-SAME: (%[[X:.*]]: tensor<1x2x?x?xf32>, %[[W:.*]]: tensor<3x2x?x?xf32>)
// CHECK: %[[P:.*]] = tensor.pad %[[X]]
// CHECK: %[[KH:.*]] = tensor.dim %[[W]], %{{.*}} : tensor<3x2x?x?xf32>
// CHECK: %[[KW:.*]] = tensor.dim %[[W]], %{{.*}} : tensor<3x2x?x?xf32>
// CHECK: %[[H:.*]] = tensor.dim %[[P]], %{{.*}} : tensor<1x2x?x?xf32>
// CHECK: %[[K1:.*]] = arith.subi %[[KH]], %{{.*}} : index
// CHECK: %[[KD:.*]] = arith.muli %[[K1]], %{{.*}} : index
// CHECK: %[[EXT:.*]] = arith.addi %[[KD]], %{{.*}} : index
// CHECK: arith.subi %[[H]], %[[EXT]] : index
// CHECK: arith.subi %[[KW]], %{{.*}} : index
// CHECK: linalg.generic
func.func @conv_dynamic_kernel(%x: tensor<1x2x?x?xf32>, %w: tensor<3x2x?x?xf32>) -> tensor<1x3x?x?xf32> {
  %0 = tfcc.conv2d %x, %w {padding = array<i64: 1, 1, 1, 1>, dilations = array<i64: 2, 2>}
      : tensor<1x2x?x?xf32>, tensor<3x2x?x?xf32>
  return %0 : tensor<1x3x?x?xf32>
}

// -----

// conv2d_backprop_input, NCHW, 2 groups, stride 2, padding 1: dy is placed
// into a zero buffer at offset 1 with stride 2 (11 = max(9 + 1, 4 * 2 + 1)
// + 1 rows), and one generic reads it at h + 2 - kh, so no index leaves
// the buffer. Loops (n, g, ic, h | og, kh, kw | w).
// CHECK-DAG: #[[$BUF:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d0, d1, d4, d3 - d5 + 2, d7 - d6 + 2)>
// CHECK-DAG: #[[$FIL:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d1, d4, d2, d5, d6)>
// CHECK-DAG: #[[$OUT:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d0, d1, d2, d3, d7)>
// CHECK-LABEL: func.func @conv2d_backprop_input
// CHECK-SAME: (%[[DY:.*]]: tensor<?x6x5x5xf32>, %[[W:.*]]: tensor<6x2x3x3xf32>)
// CHECK: %[[FILL:.*]] = linalg.fill {{.*}} -> tensor<?x6x11x12xf32>
// CHECK: %[[BUF:.*]] = tensor.insert_slice %[[DY]] into %[[FILL]][0, 0, 1, 1] [%{{.*}}, 6, 5, 5] [1, 1, 2, 2]
// CHECK: %[[SPLIT:.*]] = tensor.expand_shape %[[BUF]] {{\[\[}}0], [1, 2], [3], [4]] {{.*}} into tensor<?x2x3x11x12xf32>
// CHECK: %[[WS:.*]] = tensor.expand_shape %[[W]] {{\[\[}}0, 1], [2], [3], [4]] {{.*}} into tensor<2x3x2x3x3xf32>
// CHECK: linalg.generic {indexing_maps = [#[[$BUF]], #[[$FIL]], #[[$OUT]]], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction", "parallel"]}
// CHECK-SAME: ins(%[[SPLIT]], %[[WS]] : {{.*}}) outs(%{{.*}} : tensor<?x2x2x9x10xf32>)
// CHECK: tensor.collapse_shape %{{.*}} {{\[\[}}0], [1, 2], [3], [4]] : tensor<?x2x2x9x10xf32> into tensor<?x4x9x10xf32>
func.func @conv2d_backprop_input(%dy: tensor<?x6x5x5xf32>, %w: tensor<6x2x3x3xf32>) -> tensor<?x4x9x10xf32> {
  %0 = tfcc.conv2d_backprop_input %dy, %w {input_spatial = array<i64: 9, 10>, strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>, groups = 2}
      : tensor<?x6x5x5xf32>, tensor<6x2x3x3xf32>
  return %0 : tensor<?x4x9x10xf32>
}

// -----

// conv2d_backprop_filter, NHWC, 2 groups: the zero-padded input read at
// oh * 2 + kh times dy, summed over (n, oh, ow). Loops
// (kh, kw, ic, g | n, oh, ow | og).
// CHECK-DAG: #[[$IN:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d4, d5 * 2 + d0, d1 + d6, d3, d2)>
// CHECK-DAG: #[[$DY:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d4, d5, d6, d3, d7)>
// CHECK-DAG: #[[$OUT:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d0, d1, d2, d3, d7)>
// CHECK-LABEL: func.func @conv2d_backprop_filter
// CHECK: tensor.pad %{{.*}} low[0, 1, 0, 0] high[0, 0, 1, 0]
// CHECK: linalg.generic {indexing_maps = [#[[$IN]], #[[$DY]], #[[$OUT]]], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction", "parallel"]}
// CHECK-SAME: ins(%{{.*}}, %{{.*}} : tensor<?x8x9x2x2xf32>, tensor<?x3x7x2x3xf32>) outs(%{{.*}} : tensor<3x3x2x2x3xf32>)
// CHECK: tensor.collapse_shape %{{.*}} {{\[\[}}0], [1], [2], [3, 4]] : tensor<3x3x2x2x3xf32> into tensor<3x3x2x6xf32>
func.func @conv2d_backprop_filter(%x: tensor<?x7x8x4xf32>, %dy: tensor<?x3x7x6xf32>) -> tensor<3x3x2x6xf32> {
  %0 = tfcc.conv2d_backprop_filter %x, %dy {kernel = array<i64: 3, 3>, strides = array<i64: 2, 1>, padding = array<i64: 1, 0, 0, 1>, groups = 2, data_format = "NHWC"}
      : tensor<?x7x8x4xf32>, tensor<?x3x7x6xf32>
  return %0 : tensor<3x3x2x6xf32>
}

// -----

// conv2d_backprop_filter, NCHW, 8 or more output channels a group: dy is
// transposed to [n, oh, ow, g, o] and the generic accumulates into
// [g, c, kh, kw, o], so that its innermost loop (the output channels) is
// contiguous; the result is transposed back.
// CHECK-DAG: #[[$IN:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d4, d3, d2, d5 * 2 + d0, d6 * 2 + d1)>
// CHECK-DAG: #[[$DY:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d4, d5, d6, d3, d7)>
// CHECK-DAG: #[[$ACC:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d3, d2, d0, d1, d7)>
// CHECK-LABEL: func.func @conv2d_backprop_filter_nchw
// CHECK: %[[DYT:.*]] = linalg.transpose ins(%{{.*}} : tensor<?x2x8x4x4xf32>) outs(%{{.*}} : tensor<?x4x4x2x8xf32>) permutation = [0, 3, 4, 1, 2]
// CHECK: %[[G:.*]] = linalg.generic {indexing_maps = [#[[$IN]], #[[$DY]], #[[$ACC]]], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction", "parallel"]}
// CHECK-SAME: ins(%{{.*}}, %[[DYT]] : tensor<?x2x2x9x9xf32>, tensor<?x4x4x2x8xf32>) outs(%{{.*}} : tensor<2x2x3x3x8xf32>)
// CHECK: %[[T:.*]] = linalg.transpose ins(%[[G]] : tensor<2x2x3x3x8xf32>) outs(%{{.*}} : tensor<2x8x2x3x3xf32>) permutation = [0, 4, 1, 2, 3]
// CHECK: tensor.collapse_shape %[[T]] {{\[\[}}0, 1], [2], [3], [4]] : tensor<2x8x2x3x3xf32> into tensor<16x2x3x3xf32>
func.func @conv2d_backprop_filter_nchw(%x: tensor<?x4x9x9xf32>, %dy: tensor<?x16x4x4xf32>) -> tensor<16x2x3x3xf32> {
  %0 = tfcc.conv2d_backprop_filter %x, %dy {kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>, groups = 2}
      : tensor<?x4x9x9xf32>, tensor<?x16x4x4xf32>
  return %0 : tensor<16x2x3x3xf32>
}


// -----

// With fewer than 8 output channels a group the NCHW filter gradient sums
// along the output rows: partial sums [g, o, c, kh, kw, ow] over (n, oh)
// read x and dy in place (innermost loop ow), then one reduction over ow.
// CHECK-DAG: #[[$IN:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d5, d0, d2, d6 * 2 + d3, d7 * 2 + d4)>
// CHECK-DAG: #[[$DY:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d5, d0, d1, d6, d7)>
// CHECK-DAG: #[[$P:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d0, d1, d2, d3, d4, d7)>
// CHECK-LABEL: func.func @conv2d_backprop_filter_rows
// CHECK-NOT: linalg.transpose
// CHECK: %[[P:.*]] = linalg.generic {indexing_maps = [#[[$IN]], #[[$DY]], #[[$P]]], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "parallel"]}
// CHECK-SAME: ins(%{{.*}}, %{{.*}} : tensor<?x2x2x9x9xf32>, tensor<?x2x3x4x4xf32>) outs(%{{.*}} : tensor<2x3x2x3x3x4xf32>)
// CHECK: %[[S:.*]] = linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel", "reduction"]} ins(%[[P]] : tensor<2x3x2x3x3x4xf32>) outs(%{{.*}} : tensor<2x3x2x3x3xf32>)
// CHECK: tensor.collapse_shape %[[S]] {{\[\[}}0, 1], [2], [3], [4]] : tensor<2x3x2x3x3xf32> into tensor<6x2x3x3xf32>
func.func @conv2d_backprop_filter_rows(%x: tensor<?x4x9x9xf32>, %dy: tensor<?x6x4x4xf32>) -> tensor<6x2x3x3xf32> {
  %0 = tfcc.conv2d_backprop_filter %x, %dy {kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>, groups = 2}
      : tensor<?x4x9x9xf32>, tensor<?x6x4x4xf32>
  return %0 : tensor<6x2x3x3xf32>
}

// -----

// max_pool_grad: one generic finds each window's first in-bounds maximum
// (its tap kh * 3 + kw, -1 for none); dy and the taps get an extra row and
// column (0 and -1), and a second generic over dx gathers, for each tap,
// the dy of the window that tap belongs to when that window chose it.
// CHECK-LABEL: func.func @max_pool_grad
// CHECK: %[[NINF:.*]] = arith.constant 0xFF800000 : f32
// CHECK: %[[NONE:.*]] = arith.constant -1 : i64
// CHECK: tensor.pad %{{.*}} low[0, 0, 1, 1] high[0, 0, 1, 1]
// CHECK: %[[ARG:.*]]:2 = linalg.generic {{.*}} outs(%{{.*}}, %{{.*}} : tensor<?x3x5x5xf32>, tensor<?x3x5x5xi64>)
// CHECK: arith.cmpi eq, %{{.*}}, %[[NONE]] : i64
// CHECK: arith.cmpf ogt
// CHECK: linalg.yield %{{.*}}, %{{.*}} : f32, i64
// CHECK: %[[DYP:.*]] = tensor.pad %{{.*}} low[0, 0, 0, 0] high[0, 0, 1, 1]
// CHECK: } : tensor<?x3x5x5xf32> to tensor<?x3x6x6xf32>
// CHECK: %[[TAPS:.*]] = tensor.pad %[[ARG]]#1 low[0, 0, 0, 0] high[0, 0, 1, 1]
// CHECK: } : tensor<?x3x5x5xi64> to tensor<?x3x6x6xi64>
// CHECK: linalg.generic {{.*}} outs(%{{.*}} : tensor<?x3x9x10xf32>)
// CHECK: arith.remsi
// CHECK: tensor.extract %[[TAPS]]
// CHECK: tensor.extract %[[DYP]]
func.func @max_pool_grad(%x: tensor<?x3x9x10xf32>, %dy: tensor<?x3x5x5xf32>) -> tensor<?x3x9x10xf32> {
  %0 = tfcc.max_pool_grad %x, %dy {kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>}
      : tensor<?x3x9x10xf32>, tensor<?x3x5x5xf32>
  return %0 : tensor<?x3x9x10xf32>
}

// -----

// avg_pool_grad, NHWC, count_include_pad: dy divided by kh * kw, placed
// into a zero buffer with stride 2, and summed over the window taps.
// CHECK-DAG: #[[$BUF:.*]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1 - d3 + 2, d2 - d4 + 2, d5)>
// CHECK-LABEL: func.func @avg_pool_grad
// CHECK: %[[NINE:.*]] = arith.constant 9.000000e+00 : f64
// CHECK: %[[SCALED:.*]] = linalg.generic
// CHECK: arith.divf %{{.*}}, %[[NINE]] : f64
// CHECK: %[[BUF:.*]] = tensor.insert_slice %[[SCALED]] into %{{.*}}[0, 1, 1, 0] [1, 5, 5, 3] [1, 2, 2, 1] : tensor<1x5x5x3xf64> into tensor<1x11x12x3xf64>
// CHECK: linalg.generic {indexing_maps = [#[[$BUF]], {{.*}}], iterator_types = ["parallel", "parallel", "parallel", "reduction", "reduction", "parallel"]}
// CHECK-SAME: ins(%[[BUF]], %{{.*}} : tensor<1x11x12x3xf64>, tensor<3x3xf64>) outs(%{{.*}} : tensor<1x9x10x3xf64>)
func.func @avg_pool_grad(%dy: tensor<1x5x5x3xf64>) -> tensor<1x9x10x3xf64> {
  %0 = tfcc.avg_pool_grad %dy {data_format = "NHWC", input_spatial = array<i64: 9, 10>, kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>, count_include_pad}
      : tensor<1x5x5x3xf64>
  return %0 : tensor<1x9x10x3xf64>
}

// -----

// Reflect padding of a dynamic dim needs more elements than the widest pad;
// cropping one needs at least what is cut.
// CHECK-LABEL: func.func @pad_checks
// CHECK: %[[OK1:.*]] = arith.cmpi sge, %[[D1:.*]], %[[CUT:.*]] : index
// CHECK: tfcc.assert %[[OK1]], "{{.*}}: tfcc.pad: cannot crop {1} from dim 1 of size {0}"(%[[D1]], %[[CUT]] : index, index)
// CHECK: %[[OK0:.*]] = arith.cmpi sge, %[[D0:.*]], %[[NEED:.*]] : index
// CHECK: tfcc.assert %[[OK0]], "{{.*}}: tfcc.pad: reflect pad of dim 0 needs at least {1} elements, but it has {0}"(%[[D0]], %[[NEED]] : index, index)
// CHECK: linalg.generic
func.func @pad_checks(%x: tensor<?x?xf32>) -> tensor<?x?xf32> {
  %0 = tfcc.pad %x {low = array<i64: 2, 0>, high = array<i64: 1, -1>, mode = "reflect"} : tensor<?x?xf32>
  return %0 : tensor<?x?xf32>
}

// -----

// An ungrouped f32 convolution with static channels, window and output
// size and at least 32 output channels is im2col + a matmul-shaped
// contraction (which the codegen phase packs): col[n, c, kh, kw, oh, ow] = padded[n, c, 2 * oh + kh, 2 * ow + kw],
// then out[n, o, (oh, ow)] += filter[o, (c, kh, kw)] * col[n, (c, kh, kw), (oh, ow)].
// CHECK-DAG: #[[$COL_IN:.*]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d4 * 2 + d2, d5 * 2 + d3)>
// CHECK-DAG: #[[$FIL_MK:.*]] = affine_map<(d0, d1, d2, d3) -> (d1, d3)>
// CHECK-DAG: #[[$COL_KN:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d3, d2)>
// CHECK-LABEL: func.func @conv_im2col
// CHECK-SAME: (%[[X:.*]]: tensor<?x3x8x8xf32>, %[[W:.*]]: tensor<32x3x3x3xf32>)
// CHECK: %[[P:.*]] = tensor.pad %[[X]] low[0, 0, 1, 1] high[0, 0, 0, 0]
// CHECK: %[[COL:.*]] = linalg.generic {indexing_maps = [#[[$COL_IN]], #{{.*}}], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel", "parallel"]} ins(%[[P]] : tensor<?x3x9x9xf32>) outs(%{{.*}} : tensor<?x3x3x3x4x4xf32>)
// CHECK: %[[CM:.*]] = tensor.collapse_shape %[[COL]] {{\[\[}}0], [1, 2, 3], [4, 5]] : tensor<?x3x3x3x4x4xf32> into tensor<?x27x16xf32>
// CHECK: %[[WM:.*]] = tensor.collapse_shape %[[W]] {{\[\[}}0], [1, 2, 3]] : tensor<32x3x3x3xf32> into tensor<32x27xf32>
// CHECK: %[[MM:.*]] = linalg.generic {indexing_maps = [#[[$FIL_MK]], #[[$COL_KN]], #{{.*}}], iterator_types = ["parallel", "parallel", "parallel", "reduction"]} ins(%[[WM]], %[[CM]] : tensor<32x27xf32>, tensor<?x27x16xf32>) outs(%{{.*}} : tensor<?x32x16xf32>)
// CHECK: tensor.expand_shape %[[MM]] {{\[\[}}0], [1], [2, 3]] {{.*}} : tensor<?x32x16xf32> into tensor<?x32x4x4xf32>
func.func @conv_im2col(%x: tensor<?x3x8x8xf32>, %w: tensor<32x3x3x3xf32>) -> tensor<?x32x4x4xf32> {
  %0 = tfcc.conv2d %x, %w {strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 0, 0>}
      : tensor<?x3x8x8xf32>, tensor<32x3x3x3xf32>
  return %0 : tensor<?x32x4x4xf32>
}

// -----

// A 1x1 window at stride 1 needs no im2col: NHWC input and HWCF filter are
// the matrices of out[(n, h, w), o] += x[(n, h, w), c] * w[c, o], a plain
// 2-D GEMM with a static batch (its A is read in place once packed).
// CHECK-LABEL: func.func @conv_pointwise_nhwc
// CHECK-NOT: linalg.generic
// CHECK: %[[XM:.*]] = tensor.collapse_shape %arg0 {{\[\[}}0, 1, 2], [3]] : tensor<2x5x5x8xf32> into tensor<50x8xf32>
// CHECK: %[[WM:.*]] = tensor.collapse_shape %arg1 {{\[\[}}0, 1, 2], [3]] : tensor<1x1x8x32xf32> into tensor<8x32xf32>
// CHECK: linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "reduction"]} ins(%[[XM]], %[[WM]] : tensor<50x8xf32>, tensor<8x32xf32>) outs(%{{.*}} : tensor<50x32xf32>)
// CHECK: tensor.expand_shape %{{.*}} {{\[\[}}0, 1, 2], [3]] {{.*}} : tensor<50x32xf32> into tensor<2x5x5x32xf32>
func.func @conv_pointwise_nhwc(%x: tensor<2x5x5x8xf32>, %w: tensor<1x1x8x32xf32>) -> tensor<2x5x5x32xf32> {
  %0 = tfcc.conv2d %x, %w {data_format = "NHWC"} : tensor<2x5x5x8xf32>, tensor<1x1x8x32xf32>
  return %0 : tensor<2x5x5x32xf32>
}

// -----

// With fewer than 32 output channels (LeNet's 6 and 16) an ungrouped
// convolution stays a direct loop nest, no im2col: loops (n, g, og, oh |
// ic, kh, kw | ow), which tfcc-vectorize-elementwise makes a register tile
// of output rows.
// CHECK-LABEL: func.func @conv_few_channels
// CHECK-NOT: tensor.collapse_shape
// CHECK: linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction", "parallel"]} ins(%{{.*}}, %{{.*}} : tensor<?x1x1x32x32xf32>, tensor<1x6x1x5x5xf32>) outs(%{{.*}} : tensor<?x1x6x28x28xf32>)
func.func @conv_few_channels(%x: tensor<?x1x32x32xf32>, %w: tensor<6x1x5x5xf32>) -> tensor<?x6x28x28xf32> {
  %0 = tfcc.conv2d %x, %w : tensor<?x1x32x32xf32>, tensor<6x1x5x5xf32>
  return %0 : tensor<?x6x28x28xf32>
}

// -----

// max_pool_grad over windows that tile the input (2x2 at stride 2, no
// padding): the argmax needs no bounds tests and takes its taps from a
// constant; each input element of the 4 x 2 window rows then takes dy
// where the window's tap is its own (dy and the taps read at iw floordiv
// 2, against a constant row of taps), and the row past the last window is
// padding.
// CHECK-DAG: #[[$HALF:.*]] = affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d2, d4 floordiv 2)>
// CHECK-LABEL: func.func @max_pool_grad_tiled
// CHECK: %[[TAP:.*]] = arith.constant dense<{{\[\[}}0, 1], [2, 3]]> : tensor<2x2xi64>
// CHECK: %[[ARG:.*]]:2 = linalg.generic {{.*}} ins(%{{.*}}, %[[TAP]] : tensor<?x3x9x10xf32>, tensor<2x2xi64>)
// CHECK-NOT: linalg.index
// CHECK: linalg.yield %{{.*}}, %{{.*}} : f32, i64
// CHECK: %[[ROW:.*]] = arith.constant dense<{{\[\[}}0, 1, 0, 1, 0, 1, 0, 1, 0, 1], [2, 3, 2, 3, 2, 3, 2, 3, 2, 3]]> : tensor<2x10xi64>
// CHECK: %[[DX:.*]] = linalg.generic {indexing_maps = [#[[$HALF]], #[[$HALF]], {{.*}}], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel"]} ins(%[[ARG]]#1, %arg1, %[[ROW]] : {{.*}}) outs(%{{.*}} : tensor<?x3x4x2x10xf32>)
// CHECK: arith.cmpi eq
// CHECK: arith.select
// CHECK: %[[M:.*]] = tensor.collapse_shape %[[DX]] {{\[\[}}0], [1], [2, 3], [4]] : tensor<?x3x4x2x10xf32> into tensor<?x3x8x10xf32>
// CHECK: tensor.pad %[[M]] low[0, 0, 0, 0] high[0, 0, 1, 0]
func.func @max_pool_grad_tiled(%x: tensor<?x3x9x10xf32>, %dy: tensor<?x3x4x5xf32>) -> tensor<?x3x9x10xf32> {
  %0 = tfcc.max_pool_grad %x, %dy {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>}
      : tensor<?x3x9x10xf32>, tensor<?x3x4x5xf32>
  return %0 : tensor<?x3x9x10xf32>
}

// -----

// NHWC 3x3 at stride 1 with a constant filter: Winograd's F(2x2, 3x3), as
// F(4x4, 3x3) would leave 4 tiles of an 8x8 output, too few. The filter
// transform G g G^T is a constant [16, C, O]; the input transform BT d BT^T
// applies BT along the tiles' rows (padded width 4 * 2 + 2), then along
// their columns, each step one elementwise generic of four taps and four
// columns of BT; 16 GEMMs [tiles, C] x [C, O] are one batched
// contraction; AT M AT^T along rows and columns writes [n, y, 2, x, 2, o],
// which is the output as it is. The matrix's rows are the loop just
// outside the taps and channels: (n, y, w, xi | c) reads each input row
// once for all of them. U (16 x 4 x 32) is small against V and M (16 x 16
// tiles x 36 channels): the thread pool splits every stage by rows of
// tiles (y, tfcc.split_dim), the GEMMs by their M (tiles).
// CHECK-DAG: #[[$ROW0:.*]] = affine_map<(d0, d1, d2, d3, d4) -> (d0, d1 * 2, d2, d4)>
// CHECK-DAG: #[[$ROW3:.*]] = affine_map<(d0, d1, d2, d3, d4) -> (d0, d1 * 2 + 3, d2, d4)>
// CHECK-DAG: #[[$BT3:.*]] = affine_map<(d0, d1, d2, d3, d4) -> (d3, 3)>
// CHECK-DAG: #[[$ROWS:.*]] = affine_map<(d0, d1, d2, d3, d4) -> (d3, d0, d1, d2, d4)>
// CHECK-LABEL: func.func @conv_winograd
// CHECK: %[[P:.*]] = tensor.pad
// CHECK: %[[U:.*]] = arith.constant dense<{{.*}}> : tensor<16x4x32xf32>
// CHECK: %[[BT:.*]] = arith.constant dense<{{\[\[}}1.000000e+00, 0.000000e+00, -1.000000e+00, 0.000000e+00], {{.*}}> : tensor<4x4xf32>
// CHECK: %[[ROWS:.*]] = linalg.generic {indexing_maps = [#[[$ROW0]], {{.*}}, #[[$ROW3]], #[[$BT3]], #[[$ROWS]]], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel"]} ins(%[[P]], %[[BT]], {{.*}}) outs(%{{.*}} : tensor<4x1x4x10x4xf32>) attrs = {tfcc.split_dim = 1 : index}
// CHECK: math.fma
// CHECK: %[[V:.*]] = linalg.generic {{.*}} ins(%[[ROWS]], {{.*}}) outs(%{{.*}} : tensor<4x4x1x4x4x4xf32>) attrs = {tfcc.split_dim = 2 : index}
// CHECK: %[[VM:.*]] = tensor.collapse_shape %[[V]] {{\[\[}}0, 1], [2, 3, 4], [5]] : tensor<4x4x1x4x4x4xf32> into tensor<16x16x4xf32>
// CHECK: %[[ACC:.*]] = linalg.fill {{.*}} -> tensor<16x16x32xf32>
// CHECK: %[[M:.*]] = linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "parallel", "reduction"]} ins(%[[VM]], %[[U]] : tensor<16x16x4xf32>, tensor<16x4x32xf32>) outs(%[[ACC]] : tensor<16x16x32xf32>) attrs = {tfcc.split_dim = 1 : index}
// CHECK: %[[MT:.*]] = tensor.expand_shape %[[M]] {{\[\[}}0, 1], [2, 3, 4], [5]] {{.*}} : tensor<16x16x32xf32> into tensor<4x4x1x4x4x32xf32>
// CHECK: %[[HALF:.*]] = linalg.generic {{.*}} ins(%[[MT]], {{.*}}) outs(%{{.*}} : tensor<2x4x1x4x4x32xf32>) attrs = {tfcc.split_dim = 2 : index}
// CHECK: %[[OUT:.*]] = linalg.generic {{.*}} ins(%[[HALF]], {{.*}}) outs(%{{.*}} : tensor<1x4x2x4x2x32xf32>) attrs = {tfcc.split_dim = 1 : index}
// CHECK: %[[Y:.*]] = tensor.collapse_shape %[[OUT]] {{\[\[}}0], [1, 2], [3, 4], [5]] : tensor<1x4x2x4x2x32xf32> into tensor<1x8x8x32xf32>
// CHECK: return %[[Y]]
func.func @conv_winograd(%x: tensor<1x8x8x4xf32>) -> tensor<1x8x8x32xf32> {
  %w = arith.constant dense<0.5> : tensor<3x3x4x32xf32>
  %0 = tfcc.conv2d %x, %w {data_format = "NHWC", padding = array<i64: 1, 1, 1, 1>} : tensor<1x8x8x4xf32>, tensor<3x3x4x32xf32>
  return %0 : tensor<1x8x8x32xf32>
}

// -----

// U (16 x 64 x 64) is larger than half of V and M (16 x 16 tiles x 128
// channels): no stage names a dimension to split, so the thread pool
// splits each by its outermost loop, the GEMMs by position.
// CHECK-LABEL: func.func @conv_winograd_by_position
// CHECK-NOT: tfcc.split_dim
// CHECK: return
func.func @conv_winograd_by_position(%x: tensor<1x8x8x64xf32>) -> tensor<1x8x8x64xf32> {
  %w = arith.constant dense<0.5> : tensor<3x3x64x64xf32>
  %0 = tfcc.conv2d %x, %w {data_format = "NHWC", padding = array<i64: 1, 1, 1, 1>} : tensor<1x8x8x64xf32>, tensor<3x3x64x64xf32>
  return %0 : tensor<1x8x8x64xf32>
}

// -----

// Two images: every stage is split by image (n).
// CHECK-LABEL: func.func @conv_winograd_by_image
// CHECK: linalg.generic {{.*}} outs(%{{.*}} : tensor<4x2x4x10x4xf32>) attrs = {tfcc.split_dim = 0 : index}
// CHECK: linalg.generic {{.*}} outs(%{{.*}} : tensor<4x4x2x4x4x4xf32>) attrs = {tfcc.split_dim = 1 : index}
// CHECK: linalg.generic {{.*}} outs(%{{.*}} : tensor<16x32x32xf32>) attrs = {tfcc.split_dim = 1 : index}
// CHECK: linalg.generic {{.*}} outs(%{{.*}} : tensor<2x4x2x4x4x32xf32>) attrs = {tfcc.split_dim = 1 : index}
// CHECK: linalg.generic {{.*}} outs(%{{.*}} : tensor<2x4x2x4x2x32xf32>) attrs = {tfcc.split_dim = 0 : index}
func.func @conv_winograd_by_image(%x: tensor<2x8x8x4xf32>) -> tensor<2x8x8x32xf32> {
  %w = arith.constant dense<0.5> : tensor<3x3x4x32xf32>
  %0 = tfcc.conv2d %x, %w {data_format = "NHWC", padding = array<i64: 1, 1, 1, 1>} : tensor<2x8x8x4xf32>, tensor<3x3x4x32xf32>
  return %0 : tensor<2x8x8x32xf32>
}

// -----

// Too few tiles for either (a 6x6 output: 9 of F(2x2)), a filter that is
// not a constant, or a stride: an im2col GEMM.
// CHECK-LABEL: func.func @conv_not_winograd
// CHECK-NOT: math.fma
// CHECK: return
func.func @conv_not_winograd(%x: tensor<1x6x6x4xf32>, %v: tensor<3x3x4x32xf32>, %s: tensor<1x17x17x4xf32>) -> (tensor<1x6x6x32xf32>, tensor<1x6x6x32xf32>, tensor<1x8x8x32xf32>) {
  %w = arith.constant dense<0.5> : tensor<3x3x4x32xf32>
  %0 = tfcc.conv2d %x, %w {data_format = "NHWC", padding = array<i64: 1, 1, 1, 1>} : tensor<1x6x6x4xf32>, tensor<3x3x4x32xf32>
  %1 = tfcc.conv2d %x, %v {data_format = "NHWC", padding = array<i64: 1, 1, 1, 1>} : tensor<1x6x6x4xf32>, tensor<3x3x4x32xf32>
  %2 = tfcc.conv2d %s, %w {data_format = "NHWC", strides = array<i64: 2, 2>} : tensor<1x17x17x4xf32>, tensor<3x3x4x32xf32>
  return %0, %1, %2 : tensor<1x6x6x32xf32>, tensor<1x6x6x32xf32>, tensor<1x8x8x32xf32>
}
