// RUN: tfcc-opt %s --tfcc-fold-batch-norm --split-input-file | FileCheck %s

// f = scale / sqrt(variance + epsilon) = [1 / 2, 2 / 1]: the filters of the
// two output channels (2 and 3) become 1 and 6, and the shift
// (bias - mean) * f + offset, here with ONNX Conv's bias [4, 1] reshaped to
// [1, 2, 1, 1], is [(4 - 1) / 2 + 0.5, (1 - 2) * 2 + 1] = [2, -1].
// CHECK-LABEL: func.func @conv_bias
// CHECK-DAG: %[[W:.*]] = tfcc.constant dense<{{\[\[\[\[}}1.000000e+00]]], {{\[\[\[}}6.000000e+00]]]]> : tensor<2x1x1x1xf32>
// CHECK-DAG: %[[B:.*]] = tfcc.constant dense<{{\[\[\[}}2.000000e+00]], {{\[\[}}-1.000000e+00]]]> : tensor<2x1x1xf32>
// CHECK: %[[Y:.*]] = tfcc.conv2d %arg0, %[[W]] {padding = array<i64: 1, 1, 1, 1>}
// CHECK: %[[R:.*]] = tfcc.add %[[Y]], %[[B]]
// CHECK-NOT: tfcc.batch_norm
// CHECK: return %[[R]]
func.func @conv_bias(%x: tensor<?x1x4x4xf32>) -> tensor<?x2x6x6xf32> {
  %w = tfcc.constant dense<[[[[2.0]]], [[[3.0]]]]> : tensor<2x1x1x1xf32>
  %b = tfcc.constant dense<[4.0, 1.0]> : tensor<2xf32>
  %s = tfcc.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %o = tfcc.constant dense<[0.5, 1.0]> : tensor<2xf32>
  %m = tfcc.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %v = tfcc.constant dense<[3.0, 0.0]> : tensor<2xf32>
  %y = tfcc.conv2d %x, %w {padding = array<i64: 1, 1, 1, 1>} : tensor<?x1x4x4xf32>, tensor<2x1x1x1xf32>
  %br = tfcc.reshape %b [1, 2, 1, 1] : tensor<2xf32>
  %yb = tfcc.add %y, %br : tensor<?x2x6x6xf32>, tensor<1x2x1x1xf32>
  %r = tfcc.batch_norm %yb, %s, %o, %m, %v {epsilon = 1.0} : tensor<?x2x6x6xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>
  return %r : tensor<?x2x6x6xf32>
}

// -----

// A matmul by W[K = 2][O = 2] (a Linear and BatchNorm1d): the columns of W
// take the factors [0.5, 2]; without a bias the shift is
// -mean * f + offset = [0, -3]. f64 throughout.
// CHECK-LABEL: func.func @matmul
// CHECK-DAG: %[[W:.*]] = tfcc.constant dense<{{\[}}[5.000000e-01, 4.000000e+00], [1.500000e+00, 8.000000e+00]]> : tensor<2x2xf64>
// CHECK-DAG: %[[B:.*]] = tfcc.constant dense<[0.000000e+00, -3.000000e+00]> : tensor<2xf64>
// CHECK: %[[Y:.*]] = tfcc.matmul %arg0, %[[W]]
// CHECK: tfcc.add %[[Y]], %[[B]]
// CHECK-NOT: tfcc.batch_norm
func.func @matmul(%x: tensor<3x2xf64>) -> tensor<3x2xf64> {
  %w = tfcc.constant dense<[[1.0, 2.0], [3.0, 4.0]]> : tensor<2x2xf64>
  %s = tfcc.constant dense<[1.0, 2.0]> : tensor<2xf64>
  %o = tfcc.constant dense<[0.5, 1.0]> : tensor<2xf64>
  %m = tfcc.constant dense<[1.0, 2.0]> : tensor<2xf64>
  %v = tfcc.constant dense<[3.0, 0.0]> : tensor<2xf64>
  %y = tfcc.matmul %x, %w : tensor<3x2xf64>, tensor<2x2xf64>
  %r = tfcc.batch_norm %y, %s, %o, %m, %v {epsilon = 1.0, axis = -1 : i64} : tensor<3x2xf64>, tensor<2xf64>, tensor<2xf64>, tensor<2xf64>, tensor<2xf64>
  return %r : tensor<3x2xf64>
}

// -----

// Left alone: a convolution whose result is also returned (its weights
// cannot change), run-time statistics, and a batch norm along the spatial
// axis 2 instead of the channels.
// CHECK-LABEL: func.func @left_alone
// CHECK-COUNT-3: tfcc.batch_norm
func.func @left_alone(%x: tensor<1x1x4x4xf32>, %v: tensor<2xf32>) -> (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) {
  %w = tfcc.constant dense<[[[[2.0]]], [[[3.0]]]]> : tensor<2x1x1x1xf32>
  %c = tfcc.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %c4 = tfcc.constant dense<[1.0, 2.0, 3.0, 4.0]> : tensor<4xf32>
  %y = tfcc.conv2d %x, %w : tensor<1x1x4x4xf32>, tensor<2x1x1x1xf32>
  %r = tfcc.batch_norm %y, %c, %c, %c, %c : tensor<1x2x4x4xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>
  %y2 = tfcc.conv2d %x, %w : tensor<1x1x4x4xf32>, tensor<2x1x1x1xf32>
  %r2 = tfcc.batch_norm %y2, %c, %c, %c, %v : tensor<1x2x4x4xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>
  %y3 = tfcc.conv2d %x, %w : tensor<1x1x4x4xf32>, tensor<2x1x1x1xf32>
  %r3 = tfcc.batch_norm %y3, %c4, %c4, %c4, %c4 {axis = 2 : i64} : tensor<1x2x4x4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>
  return %y, %r, %r2, %r3 : tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>
}
