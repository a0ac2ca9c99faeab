// RUN: tfcc-opt %s | tfcc-opt | FileCheck %s
// RUN: tfcc-opt %s -mlir-print-op-generic | tfcc-opt | FileCheck %s

// Round trip of the gradient ops of convolution and pooling in their custom
// assembly form, with the result types they infer.

// CHECK-LABEL: func.func @conv2d_backprop_input
func.func @conv2d_backprop_input(%dy: tensor<?x8x4x4xf32>, %w: tensor<8x3x3x3xf32>,
                                 %gy: tensor<2x5x5x6xf64>, %g: tensor<3x3x2x6xf64>)
    -> (tensor<?x3x9x9xf32>, tensor<?x3x10x10xf32>, tensor<2x5x5x4xf64>) {
  // A 4x4 result at stride 2 comes from 9x9 and 10x10 inputs alike, hence
  // input_spatial.
  // CHECK: tfcc.conv2d_backprop_input %{{.*}}, %{{.*}} {input_spatial = array<i64: 9, 9>, strides = array<i64: 2, 2>} : tensor<?x8x4x4xf32>, tensor<8x3x3x3xf32>
  %0 = tfcc.conv2d_backprop_input %dy, %w {input_spatial = array<i64: 9, 9>, strides = array<i64: 2, 2>} : tensor<?x8x4x4xf32>, tensor<8x3x3x3xf32>
  // CHECK: tfcc.conv2d_backprop_input %{{.*}}, %{{.*}} {input_spatial = array<i64: 10, 10>, strides = array<i64: 2, 2>} : tensor<?x8x4x4xf32>, tensor<8x3x3x3xf32>
  %1 = tfcc.conv2d_backprop_input %dy, %w {input_spatial = array<i64: 10, 10>, strides = array<i64: 2, 2>} : tensor<?x8x4x4xf32>, tensor<8x3x3x3xf32>
  // Two groups of 2 input channels, NHWC: 4 channels.
  // CHECK: tfcc.conv2d_backprop_input %{{.*}}, %{{.*}} {data_format = "NHWC", groups = 2 : i64, input_spatial = array<i64: 5, 5>, padding = array<i64: 1, 1, 1, 1>} : tensor<2x5x5x6xf64>, tensor<3x3x2x6xf64>
  %2 = tfcc.conv2d_backprop_input %gy, %g {data_format = "NHWC", groups = 2, input_spatial = array<i64: 5, 5>, padding = array<i64: 1, 1, 1, 1>} : tensor<2x5x5x6xf64>, tensor<3x3x2x6xf64>
  // CHECK: return {{.*}} : tensor<?x3x9x9xf32>, tensor<?x3x10x10xf32>, tensor<2x5x5x4xf64>
  return %0, %1, %2 : tensor<?x3x9x9xf32>, tensor<?x3x10x10xf32>, tensor<2x5x5x4xf64>
}

// CHECK-LABEL: func.func @conv2d_backprop_filter
func.func @conv2d_backprop_filter(%x: tensor<?x3x9x9xf32>, %dy: tensor<?x8x9x9xf32>,
                                  %t: tensor<1x7x7x4xf32>, %ty: tensor<1x3x3x8xf32>)
    -> (tensor<8x3x3x3xf32>, tensor<3x3x1x8xf32>) {
  // CHECK: tfcc.conv2d_backprop_filter %{{.*}}, %{{.*}} {kernel = array<i64: 3, 3>, padding = array<i64: 1, 1, 1, 1>} : tensor<?x3x9x9xf32>, tensor<?x8x9x9xf32>
  %0 = tfcc.conv2d_backprop_filter %x, %dy {kernel = array<i64: 3, 3>, padding = array<i64: 1, 1, 1, 1>} : tensor<?x3x9x9xf32>, tensor<?x8x9x9xf32>
  // Depthwise NHWC with multiplier 2: filter [KH, KW, 1, C*2].
  // CHECK: tfcc.conv2d_backprop_filter %{{.*}}, %{{.*}} {data_format = "NHWC", groups = 4 : i64, kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>} : tensor<1x7x7x4xf32>, tensor<1x3x3x8xf32>
  %1 = tfcc.conv2d_backprop_filter %t, %ty {data_format = "NHWC", groups = 4, kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>} : tensor<1x7x7x4xf32>, tensor<1x3x3x8xf32>
  // CHECK: return {{.*}} : tensor<8x3x3x3xf32>, tensor<3x3x1x8xf32>
  return %0, %1 : tensor<8x3x3x3xf32>, tensor<3x3x1x8xf32>
}

// CHECK-LABEL: func.func @pool_grads
func.func @pool_grads(%x: tensor<?x64x112x112xf32>, %dy: tensor<?x64x56x56xf32>,
                      %ay: tensor<1x4x?x16xf64>)
    -> (tensor<?x64x112x112xf32>, tensor<1x8x9x16xf64>) {
  // CHECK: tfcc.max_pool_grad %{{.*}}, %{{.*}} {kernel = array<i64: 3, 3>, padding = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : tensor<?x64x112x112xf32>, tensor<?x64x56x56xf32>
  %0 = tfcc.max_pool_grad %x, %dy {kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>} : tensor<?x64x112x112xf32>, tensor<?x64x56x56xf32>
  // (8+1-2)/2+1 = 4 rows, (9+1-2)/2+1 = 5 columns (dynamic in the grad).
  // CHECK: tfcc.avg_pool_grad %{{.*}} {count_include_pad, data_format = "NHWC", input_spatial = array<i64: 8, 9>, kernel = array<i64: 2, 2>, padding = array<i64: 0, 0, 1, 1>, strides = array<i64: 2, 2>} : tensor<1x4x?x16xf64>
  %1 = tfcc.avg_pool_grad %ay {data_format = "NHWC", input_spatial = array<i64: 8, 9>, kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>, padding = array<i64: 0, 0, 1, 1>, count_include_pad} : tensor<1x4x?x16xf64>
  // CHECK: return {{.*}} : tensor<?x64x112x112xf32>, tensor<1x8x9x16xf64>
  return %0, %1 : tensor<?x64x112x112xf32>, tensor<1x8x9x16xf64>
}
