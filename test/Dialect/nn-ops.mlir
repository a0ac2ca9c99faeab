// RUN: tfcc-opt %s | tfcc-opt | FileCheck %s
// RUN: tfcc-opt %s -mlir-print-op-generic | tfcc-opt | FileCheck %s

// Round trip of the nn ops in their custom assembly form, with the result
// types they infer (static and dynamic sizes).

// Output size floor((in + pad_lo + pad_hi - dilation*(k-1) - 1)/stride) + 1.
// CHECK-LABEL: func.func @conv2d
func.func @conv2d(%x: tensor<2x3x9x9xf32>, %w: tensor<8x3x3x3xf32>,
                  %d: tensor<?x4x?x10xf64>, %g: tensor<6x2x3x3xf64>,
                  %t: tensor<?x7x7x4xf32>, %h: tensor<3x3x1x8xf32>)
    -> (tensor<2x8x7x7xf32>, tensor<2x8x4x3xf32>, tensor<?x6x?x5xf64>,
        tensor<?x3x3x8xf32>) {
  // CHECK: %[[A:.*]] = tfcc.conv2d %{{.*}}, %{{.*}} : tensor<2x3x9x9xf32>, tensor<8x3x3x3xf32>
  %0 = tfcc.conv2d %x, %w : tensor<2x3x9x9xf32>, tensor<8x3x3x3xf32>
  // (9+1+0-3)/2+1 = 4 rows, (9+0+2-5)/3+1 = 3 columns.
  // CHECK: tfcc.conv2d %{{.*}}, %{{.*}} {dilations = array<i64: 1, 2>, padding = array<i64: 1, 0, 0, 2>, strides = array<i64: 2, 3>} : tensor<2x3x9x9xf32>, tensor<8x3x3x3xf32>
  %1 = tfcc.conv2d %x, %w {strides = array<i64: 2, 3>, dilations = array<i64: 1, 2>, padding = array<i64: 1, 0, 0, 2>} : tensor<2x3x9x9xf32>, tensor<8x3x3x3xf32>
  // Two groups of 2 input channels; the dynamic H stays dynamic.
  // CHECK: tfcc.conv2d %{{.*}}, %{{.*}} {groups = 2 : i64, padding = array<i64: 0, 1, 0, 0>, strides = array<i64: 1, 2>} : tensor<?x4x?x10xf64>, tensor<6x2x3x3xf64>
  %2 = tfcc.conv2d %d, %g {groups = 2, strides = array<i64: 1, 2>, padding = array<i64: 0, 1, 0, 0>} : tensor<?x4x?x10xf64>, tensor<6x2x3x3xf64>
  // Depthwise NHWC, multiplier 2: filter [KH, KW, 1, C*2].
  // CHECK: tfcc.conv2d %{{.*}}, %{{.*}} {data_format = "NHWC", groups = 4 : i64, strides = array<i64: 2, 2>} : tensor<?x7x7x4xf32>, tensor<3x3x1x8xf32>
  %3 = tfcc.conv2d %t, %h {data_format = "NHWC", groups = 4, strides = array<i64: 2, 2>} : tensor<?x7x7x4xf32>, tensor<3x3x1x8xf32>
  // CHECK: return %[[A]], {{.*}} : tensor<2x8x7x7xf32>, tensor<2x8x4x3xf32>, tensor<?x6x?x5xf64>, tensor<?x3x3x8xf32>
  return %0, %1, %2, %3 : tensor<2x8x7x7xf32>, tensor<2x8x4x3xf32>, tensor<?x6x?x5xf64>, tensor<?x3x3x8xf32>
}

// CHECK-LABEL: func.func @pooling
func.func @pooling(%x: tensor<?x64x112x112xf32>, %t: tensor<1x8x?x16xf64>)
    -> (tensor<?x64x56x56xf32>, tensor<1x4x?x16xf64>, tensor<?x64x110x109xf32>) {
  // CHECK: tfcc.max_pool %{{.*}} {kernel = array<i64: 3, 3>, padding = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : tensor<?x64x112x112xf32>
  %0 = tfcc.max_pool %x {kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>} : tensor<?x64x112x112xf32>
  // CHECK: tfcc.avg_pool %{{.*}} {count_include_pad, data_format = "NHWC", kernel = array<i64: 2, 2>, padding = array<i64: 0, 0, 1, 1>, strides = array<i64: 2, 2>} : tensor<1x8x?x16xf64>
  %1 = tfcc.avg_pool %t {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>, padding = array<i64: 0, 0, 1, 1>, data_format = "NHWC", count_include_pad} : tensor<1x8x?x16xf64>
  // CHECK: tfcc.avg_pool %{{.*}} {dilations = array<i64: 2, 3>, kernel = array<i64: 2, 2>} : tensor<?x64x112x112xf32>
  %2 = tfcc.avg_pool %x {kernel = array<i64: 2, 2>, dilations = array<i64: 2, 3>} : tensor<?x64x112x112xf32>
  return %0, %1, %2 : tensor<?x64x56x56xf32>, tensor<1x4x?x16xf64>, tensor<?x64x110x109xf32>
}

// CHECK-LABEL: func.func @norms
func.func @norms(%x: tensor<?x16x5x5xf32>, %v: tensor<16xf32>, %u: tensor<?xf32>,
                 %s: tensor<2x?x8xf64>, %g: tensor<8xf64>, %b: tensor<1x8xf64>)
    -> (tensor<?x16x5x5xf32>, tensor<2x?x8xf64>, tensor<2x?x8xf64>) {
  // CHECK: tfcc.batch_norm %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} {epsilon = 1.000000e-03 : f64} : tensor<?x16x5x5xf32>, tensor<16xf32>, tensor<16xf32>, tensor<?xf32>, tensor<16xf32>
  %0 = tfcc.batch_norm %x, %v, %v, %u, %v {epsilon = 1.0e-3 : f64} : tensor<?x16x5x5xf32>, tensor<16xf32>, tensor<16xf32>, tensor<?xf32>, tensor<16xf32>
  // CHECK: tfcc.layer_norm %{{.*}}, %{{.*}}, %{{.*}} : tensor<2x?x8xf64>, tensor<8xf64>, tensor<8xf64>
  %1 = tfcc.layer_norm %s, %g, %g : tensor<2x?x8xf64>, tensor<8xf64>, tensor<8xf64>
  // CHECK: tfcc.layer_norm %{{.*}}, %{{.*}}, %{{.*}} {axis = 1 : i64, epsilon = 2.500000e-01 : f64} : tensor<2x?x8xf64>, tensor<8xf64>, tensor<1x8xf64>
  %2 = tfcc.layer_norm %s, %g, %b {axis = 1, epsilon = 0.25} : tensor<2x?x8xf64>, tensor<8xf64>, tensor<1x8xf64>
  return %0, %1, %2 : tensor<?x16x5x5xf32>, tensor<2x?x8xf64>, tensor<2x?x8xf64>
}

// CHECK-LABEL: func.func @pad
func.func @pad(%x: tensor<4x?xf32>, %c: tensor<f32>, %i: tensor<3xi64>)
    -> (tensor<5x?xf32>, tensor<7x?xf32>, tensor<2x?xf32>, tensor<5xi64>) {
  // CHECK: tfcc.pad %{{.*}}, %{{.*}} {high = array<i64: 0, -1>, low = array<i64: 1, 2>} : tensor<4x?xf32>, tensor<f32>
  %0 = tfcc.pad %x, %c {low = array<i64: 1, 2>, high = array<i64: 0, -1>} : tensor<4x?xf32>, tensor<f32>
  // CHECK: tfcc.pad %{{.*}} {high = array<i64: 3, 1>, low = array<i64: 0, 1>, mode = "reflect"} : tensor<4x?xf32>
  %1 = tfcc.pad %x {low = array<i64: 0, 1>, high = array<i64: 3, 1>, mode = "reflect"} : tensor<4x?xf32>
  // CHECK: tfcc.pad %{{.*}} {high = array<i64: -3, 0>, low = array<i64: 1, 0>, mode = "edge"} : tensor<4x?xf32>
  %2 = tfcc.pad %x {low = array<i64: 1, 0>, high = array<i64: -3, 0>, mode = "edge"} : tensor<4x?xf32>
  // CHECK: tfcc.pad %{{.*}} {high = array<i64: 2>, low = array<i64: 0>} : tensor<3xi64>
  %3 = tfcc.pad %i {low = array<i64: 0>, high = array<i64: 2>} : tensor<3xi64>
  return %0, %1, %2, %3 : tensor<5x?xf32>, tensor<7x?xf32>, tensor<2x?xf32>, tensor<5xi64>
}

// CHECK-LABEL: func.func @gelu
func.func @gelu(%x: tensor<?x8xf32>) -> (tensor<?x8xf32>, tensor<?x8xf32>) {
  // CHECK: tfcc.gelu %{{.*}} : tensor<?x8xf32>
  %0 = tfcc.gelu %x : tensor<?x8xf32>
  // CHECK: tfcc.gelu %{{.*}} {tanh_approximation} : tensor<?x8xf32>
  %1 = tfcc.gelu %x {tanh_approximation} : tensor<?x8xf32>
  return %0, %1 : tensor<?x8xf32>, tensor<?x8xf32>
}
