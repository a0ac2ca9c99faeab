// RUN: tfcc-opt %s -split-input-file -tfcc-autodiff -verify-diagnostics | FileCheck %s

// The nn gradient rules (lib/Transforms/GradientRulesNN.cpp): what they
// emit, and the cases they refuse. Their numerics are checked against
// finite differences in test/gradcheck (cases_nn.py).

// conv2d: the backward ops take the forward op's attributes, the input's
// spatial size and the filter's kernel size.
// CHECK-LABEL: func.func @conv2d
// CHECK-SAME: (%[[X:.*]]: tensor<?x3x9x9xf32>, %[[W:.*]]: tensor<8x3x3x3xf32>
// CHECK-DAG: tfcc.conv2d_backprop_input %{{.*}}, %[[W]] {input_spatial = array<i64: 9, 9>, padding = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : tensor<?x8x5x5xf32>, tensor<8x3x3x3xf32>
// CHECK-DAG: tfcc.conv2d_backprop_filter %[[X]], %{{.*}} {kernel = array<i64: 3, 3>, padding = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : tensor<?x3x9x9xf32>, tensor<?x8x5x5xf32>
func.func @conv2d(%x: tensor<?x3x9x9xf32>, %w: tensor<8x3x3x3xf32>, %dy: tensor<?x8x5x5xf32>)
    -> (tensor<?x3x9x9xf32>, tensor<8x3x3x3xf32>) {
  %y = tfcc.conv2d %x, %w {strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>}
      : tensor<?x3x9x9xf32>, tensor<8x3x3x3xf32>
  %g:2 = tfcc.gradients (%y : tensor<?x8x5x5xf32>) wrt (%x, %w : tensor<?x3x9x9xf32>, tensor<8x3x3x3xf32>)
      seeds (%dy : tensor<?x8x5x5xf32>)
  return %g#0, %g#1 : tensor<?x3x9x9xf32>, tensor<8x3x3x3xf32>
}

// -----

// CHECK-LABEL: func.func @pooling
// CHECK-DAG: tfcc.max_pool_grad %{{.*}}, %{{.*}} {data_format = "NHWC", kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>} : tensor<2x8x8x4xf64>, tensor<2x4x4x4xf64>
// CHECK-DAG: tfcc.avg_pool_grad %{{.*}} {count_include_pad, data_format = "NHWC", input_spatial = array<i64: 8, 8>, kernel = array<i64: 3, 3>, padding = array<i64: 1, 1, 1, 1>} : tensor<2x8x8x4xf64>
func.func @pooling(%x: tensor<2x8x8x4xf64>) -> tensor<2x8x8x4xf64> {
  %m = tfcc.max_pool %x {data_format = "NHWC", kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>} : tensor<2x8x8x4xf64>
  %a = tfcc.avg_pool %x {data_format = "NHWC", kernel = array<i64: 3, 3>, padding = array<i64: 1, 1, 1, 1>, count_include_pad} : tensor<2x8x8x4xf64>
  %sm = tfcc.reduce_sum %m axes = [0, 1, 2, 3] : tensor<2x4x4x4xf64>
  %sa = tfcc.reduce_sum %a axes = [0, 1, 2, 3] : tensor<2x8x8x4xf64>
  %l = tfcc.add %sm, %sa : tensor<f64>, tensor<f64>
  %g = tfcc.gradients (%l : tensor<f64>) wrt (%x : tensor<2x8x8x4xf64>)
  return %g : tensor<2x8x8x4xf64>
}

// -----

// Reflect padding: one unsorted_segment_sum per grown dimension, along
// dimension 0 (dimension 1 is moved there and back); the ids are the
// mirrored source of each padded element.
// CHECK-LABEL: func.func @pad_reflect
// CHECK: tfcc.constant dense<[2, 1, 0, 1, 2, 3, 2, 1]> : tensor<8xi64>
// CHECK: tfcc.transpose %{{.*}} perm = [1, 0]
// CHECK: tfcc.unsorted_segment_sum %{{.*}}, %{{.*}} {num_segments = 4 : i64} : tensor<8x?xf32>, tensor<8xi64>
// CHECK: tfcc.transpose %{{.*}} perm = [1, 0]
func.func @pad_reflect(%x: tensor<?x4xf32>, %dy: tensor<?x8xf32>) -> tensor<?x4xf32> {
  %y = tfcc.pad %x {low = array<i64: 0, 2>, high = array<i64: 0, 2>, mode = "reflect"} : tensor<?x4xf32>
  %g = tfcc.gradients (%y : tensor<?x8xf32>) wrt (%x : tensor<?x4xf32>) seeds (%dy : tensor<?x8xf32>)
  return %g : tensor<?x4xf32>
}

// -----

// conv2d_backprop_input needs the input's spatial size as an attribute.
func.func @conv2d_dynamic_spatial(%x: tensor<1x3x?x?xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<4x3x3x3xf32> {
  // expected-error @+1 {{gradient of 'tfcc.conv2d' needs the input's spatial sizes to be static, got tensor<1x3x?x?xf32>}}
  %y = tfcc.conv2d %x, %w : tensor<1x3x?x?xf32>, tensor<4x3x3x3xf32>
  %l = tfcc.reduce_sum %y axes = [0, 1, 2, 3] : tensor<1x4x?x?xf32>
  %g = tfcc.gradients (%l : tensor<f32>) wrt (%w : tensor<4x3x3x3xf32>)
  return %g : tensor<4x3x3x3xf32>
}

// -----

func.func @conv2d_dynamic_kernel(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x?x3xf32>) -> tensor<1x3x8x8xf32> {
  // expected-error @+1 {{gradient of 'tfcc.conv2d' needs the filter's kernel sizes to be static, got tensor<4x3x?x3xf32>}}
  %y = tfcc.conv2d %x, %w : tensor<1x3x8x8xf32>, tensor<4x3x?x3xf32>
  %l = tfcc.reduce_sum %y axes = [0, 1, 2, 3] : tensor<1x4x?x6xf32>
  %g = tfcc.gradients (%l : tensor<f32>) wrt (%x : tensor<1x3x8x8xf32>)
  return %g : tensor<1x3x8x8xf32>
}

// -----

func.func @avg_pool_dynamic_spatial(%x: tensor<1x?x8x3xf32>) -> tensor<1x?x8x3xf32> {
  // expected-error @+1 {{gradient of 'tfcc.avg_pool' needs the input's spatial sizes to be static, got tensor<1x?x8x3xf32>}}
  %y = tfcc.avg_pool %x {data_format = "NHWC", kernel = array<i64: 2, 2>} : tensor<1x?x8x3xf32>
  %l = tfcc.reduce_sum %y axes = [0, 1, 2, 3] : tensor<1x?x7x3xf32>
  %g = tfcc.gradients (%l : tensor<f32>) wrt (%x : tensor<1x?x8x3xf32>)
  return %g : tensor<1x?x8x3xf32>
}

// -----

func.func @pad_edge_dynamic(%x: tensor<?x4xf32>) -> tensor<?x4xf32> {
  // expected-error @+1 {{gradient of 'tfcc.pad' in edge mode needs the size of padded dimension 0 to be static}}
  %y = tfcc.pad %x {low = array<i64: 1, 0>, high = array<i64: 0, 0>, mode = "edge"} : tensor<?x4xf32>
  %l = tfcc.reduce_sum %y axes = [0, 1] : tensor<?x4xf32>
  %g = tfcc.gradients (%l : tensor<f32>) wrt (%x : tensor<?x4xf32>)
  return %g : tensor<?x4xf32>
}
