// RUN: tfcc-opt %s --tfcc-channels-last --cse --split-input-file | FileCheck %s

// A residual block: both convolutions go NHWC, the transposes move through
// the bias adds (constants, through a reshape), the ReLUs and the residual
// add, and cancel between the convolutions; what is left is one transpose
// of the input and one of the result.
// CHECK-LABEL: func.func @block
// CHECK-SAME: (%[[X:.*]]: tensor<1x32x8x8xf32>, %[[W:.*]]: tensor<32x32x3x3xf32>)
// CHECK: %[[XT:.*]] = tfcc.transpose %[[X]] perm = [0, 2, 3, 1] : tensor<1x32x8x8xf32>
// CHECK: %[[WT:.*]] = tfcc.transpose %[[W]] perm = [2, 3, 1, 0] : tensor<32x32x3x3xf32>
// CHECK: %[[C1:.*]] = tfcc.conv2d %[[XT]], %[[WT]] {data_format = "NHWC", padding = array<i64: 1, 1, 1, 1>} : tensor<1x8x8x32xf32>, tensor<3x3x32x32xf32>
// CHECK: %[[B:.*]] = tfcc.transpose %{{.*}} perm = [0, 2, 3, 1] : tensor<1x32x1x1xf32>
// CHECK: %[[A1:.*]] = tfcc.add %[[C1]], %[[B]] : tensor<1x8x8x32xf32>, tensor<1x1x1x32xf32>
// CHECK: %[[R1:.*]] = tfcc.relu %[[A1]] : tensor<1x8x8x32xf32>
// CHECK-NOT: tfcc.transpose %[[R1]]
// CHECK: %[[C2:.*]] = tfcc.conv2d %[[R1]], %{{.*}} {data_format = "NHWC"
// CHECK: %[[A2:.*]] = tfcc.add %[[C2]], %[[XT]] : tensor<1x8x8x32xf32>, tensor<1x8x8x32xf32>
// CHECK: %[[R2:.*]] = tfcc.relu %[[A2]] : tensor<1x8x8x32xf32>
// CHECK: %[[Y:.*]] = tfcc.transpose %[[R2]] perm = [0, 3, 1, 2] : tensor<1x8x8x32xf32>
// CHECK: return %[[Y]]
func.func @block(%x: tensor<1x32x8x8xf32>, %w: tensor<32x32x3x3xf32>) -> tensor<1x32x8x8xf32> {
  %c = tfcc.constant dense<0.5> : tensor<32xf32>
  %b = tfcc.reshape %c [1, 32, 1, 1] : tensor<32xf32>
  %0 = tfcc.conv2d %x, %w {padding = array<i64: 1, 1, 1, 1>} : tensor<1x32x8x8xf32>, tensor<32x32x3x3xf32>
  %1 = tfcc.add %0, %b : tensor<1x32x8x8xf32>, tensor<1x32x1x1xf32>
  %2 = tfcc.relu %1 : tensor<1x32x8x8xf32>
  %3 = tfcc.conv2d %2, %w {padding = array<i64: 1, 1, 1, 1>} : tensor<1x32x8x8xf32>, tensor<32x32x3x3xf32>
  %4 = tfcc.add %3, %x : tensor<1x32x8x8xf32>, tensor<1x32x8x8xf32>
  %5 = tfcc.relu %4 : tensor<1x32x8x8xf32>
  return %5 : tensor<1x32x8x8xf32>
}

// -----

// NCHW pooling and a reduction that keeps its dims follow the layout: the
// max pool becomes NHWC and the mean reduces H and W, now axes 1 and 2.
// CHECK-LABEL: func.func @pool_and_mean
// CHECK: %[[C:.*]] = tfcc.conv2d {{.*}}data_format = "NHWC"
// CHECK: %[[P:.*]] = tfcc.max_pool %[[C]] {data_format = "NHWC", kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>} : tensor<1x8x8x32xf32>
// CHECK: %[[M:.*]] = tfcc.reduce_mean %[[P]] axes = [1, 2] keep_dims : tensor<1x4x4x32xf32>
// CHECK: tfcc.transpose %[[M]] perm = [0, 3, 1, 2] : tensor<1x1x1x32xf32>
func.func @pool_and_mean(%x: tensor<1x16x8x8xf32>, %w: tensor<32x16x1x1xf32>) -> tensor<1x32x1x1xf32> {
  %0 = tfcc.conv2d %x, %w : tensor<1x16x8x8xf32>, tensor<32x16x1x1xf32>
  %1 = tfcc.max_pool %0 {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>} : tensor<1x32x8x8xf32>
  %2 = tfcc.reduce_mean %1 axes = [2, 3] keep_dims : tensor<1x32x4x4xf32>
  return %2 : tensor<1x32x1x1xf32>
}

// -----

// A 3-channel stem (7x7, stride 2) goes NHWC too: its im2col rows are
// 7 contiguous runs of 7 x 3 floats.
// CHECK-LABEL: func.func @stem
// CHECK: %[[X:.*]] = tfcc.transpose %{{.*}} perm = [0, 2, 3, 1]
// CHECK: %[[Y:.*]] = tfcc.conv2d %[[X]], %{{.*}} {data_format = "NHWC"
// CHECK: tfcc.transpose %[[Y]] perm = [0, 3, 1, 2]
func.func @stem(%x: tensor<1x3x32x32xf32>, %w: tensor<64x3x7x7xf32>) -> tensor<1x64x16x16xf32> {
  %0 = tfcc.conv2d %x, %w {padding = array<i64: 3, 3, 3, 3>, strides = array<i64: 2, 2>} : tensor<1x3x32x32xf32>, tensor<64x3x7x7xf32>
  return %0 : tensor<1x64x16x16xf32>
}

// -----

// Left alone: too few output channels (a direct loop nest, tuned in NCHW),
// groups, dynamic shapes.
// CHECK-LABEL: func.func @unchanged
// CHECK-NOT: tfcc.transpose
// CHECK-NOT: NHWC
func.func @unchanged(%x: tensor<1x16x8x8xf32>, %w: tensor<8x16x3x3xf32>,
                     %g: tensor<1x32x8x8xf32>, %wg: tensor<32x16x3x3xf32>,
                     %d: tensor<?x32x8x8xf32>, %wd: tensor<32x32x3x3xf32>)
    -> (tensor<1x8x6x6xf32>, tensor<1x32x6x6xf32>, tensor<?x32x6x6xf32>) {
  %0 = tfcc.conv2d %x, %w : tensor<1x16x8x8xf32>, tensor<8x16x3x3xf32>
  %2 = tfcc.conv2d %g, %wg {groups = 2} : tensor<1x32x8x8xf32>, tensor<32x16x3x3xf32>
  %3 = tfcc.conv2d %d, %wd : tensor<?x32x8x8xf32>, tensor<32x32x3x3xf32>
  return %0, %2, %3 : tensor<1x8x6x6xf32>, tensor<1x32x6x6xf32>, tensor<?x32x6x6xf32>
}
