
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

