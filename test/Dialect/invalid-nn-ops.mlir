// RUN: tfcc-opt %s -split-input-file -verify-diagnostics

// Every verifier message of conv2d, max_pool, avg_pool, batch_norm,
// layer_norm and pad.

func.func @conv_rank(%x: tensor<3x9x9xf32>, %w: tensor<8x3x3x3xf32>) {
  // expected-error @+1 {{'tfcc.conv2d' op input and filter must have rank 4, got [3,9,9] and [8,3,3,3]}}
  %0 = tfcc.conv2d %x, %w : tensor<3x9x9xf32>, tensor<8x3x3x3xf32>
  return
}

// -----

func.func @conv_elements(%x: tensor<1x3x9x9xf32>, %w: tensor<8x3x3x3xf64>) {
  // expected-error @+1 {{'tfcc.conv2d' op input and filter have different element types}}
  %0 = tfcc.conv2d %x, %w : tensor<1x3x9x9xf32>, tensor<8x3x3x3xf64>
  return
}

// -----

func.func @conv_int(%x: tensor<1x3x9x9xi32>, %w: tensor<8x3x3x3xi32>) {
  // expected-error @+1 {{'tfcc.conv2d' op operand #0 must be ranked tensor of 32-bit float or 64-bit float values}}
  %0 = tfcc.conv2d %x, %w : tensor<1x3x9x9xi32>, tensor<8x3x3x3xi32>
  return
}

// -----

func.func @conv_format(%x: tensor<1x3x9x9xf32>, %w: tensor<8x3x3x3xf32>) {
  // expected-error @+1 {{'tfcc.conv2d' op data_format must be "NCHW" or "NHWC", got "NCWH"}}
  %0 = tfcc.conv2d %x, %w {data_format = "NCWH"} : tensor<1x3x9x9xf32>, tensor<8x3x3x3xf32>
  return
}

// -----

func.func @conv_strides_size(%x: tensor<1x3x9x9xf32>, %w: tensor<8x3x3x3xf32>) {
  // expected-error @+1 {{'tfcc.conv2d' op 'strides' must have 2 entries, got [2]}}
  %0 = tfcc.conv2d %x, %w {strides = array<i64: 2>} : tensor<1x3x9x9xf32>, tensor<8x3x3x3xf32>
  return
}

// -----

func.func @conv_strides_zero(%x: tensor<1x3x9x9xf32>, %w: tensor<8x3x3x3xf32>) {
  // expected-error @+1 {{'tfcc.conv2d' op 'strides' entries must be positive, got [1,0]}}
  %0 = tfcc.conv2d %x, %w {strides = array<i64: 1, 0>} : tensor<1x3x9x9xf32>, tensor<8x3x3x3xf32>
  return
}

// -----

func.func @conv_dilations(%x: tensor<1x3x9x9xf32>, %w: tensor<8x3x3x3xf32>) {
  // expected-error @+1 {{'tfcc.conv2d' op 'dilations' entries must be positive, got [-1,1]}}
  %0 = tfcc.conv2d %x, %w {dilations = array<i64: -1, 1>} : tensor<1x3x9x9xf32>, tensor<8x3x3x3xf32>
  return
}

// -----

func.func @conv_padding_size(%x: tensor<1x3x9x9xf32>, %w: tensor<8x3x3x3xf32>) {
  // expected-error @+1 {{'tfcc.conv2d' op 'padding' must have 4 entries, got [1,1]}}
  %0 = tfcc.conv2d %x, %w {padding = array<i64: 1, 1>} : tensor<1x3x9x9xf32>, tensor<8x3x3x3xf32>
  return
}

// -----

func.func @conv_padding_negative(%x: tensor<1x3x9x9xf32>, %w: tensor<8x3x3x3xf32>) {
  // expected-error @+1 {{'tfcc.conv2d' op 'padding' entries must be non-negative, got [0,0,-1,0]}}
  %0 = tfcc.conv2d %x, %w {padding = array<i64: 0, 0, -1, 0>} : tensor<1x3x9x9xf32>, tensor<8x3x3x3xf32>
  return
}

// -----

func.func @conv_groups(%x: tensor<1x3x9x9xf32>, %w: tensor<8x3x3x3xf32>) {
  // expected-error @+1 {{'tfcc.conv2d' op groups must be positive, got 0}}
  %0 = tfcc.conv2d %x, %w {groups = 0} : tensor<1x3x9x9xf32>, tensor<8x3x3x3xf32>
  return
}

// -----

func.func @conv_in_groups(%x: tensor<1x3x9x9xf32>, %w: tensor<8x1x3x3xf32>) {
  // expected-error @+1 {{'tfcc.conv2d' op input channels (3) are not divisible by groups (2)}}
  %0 = tfcc.conv2d %x, %w {groups = 2} : tensor<1x3x9x9xf32>, tensor<8x1x3x3xf32>
  return
}

// -----

func.func @conv_out_groups(%x: tensor<1x9x9x4xf32>, %w: tensor<3x3x2x5xf32>) {
  // expected-error @+1 {{'tfcc.conv2d' op output channels (5) are not divisible by groups (2)}}
  %0 = tfcc.conv2d %x, %w {groups = 2, data_format = "NHWC"} : tensor<1x9x9x4xf32>, tensor<3x3x2x5xf32>
  return
}

// -----

// An HWIO filter read as NCHW: 3 input channels per group against 4.
func.func @conv_channels(%x: tensor<1x4x9x9xf32>, %w: tensor<3x3x4x8xf32>) {
  // expected-error @+1 {{'tfcc.conv2d' op input [1,4,9,9] and filter [3,3,4,8] (NCHW) do not fit: the filter takes 3 input channels per group, the input has 4 in 1 group(s)}}
  %0 = tfcc.conv2d %x, %w : tensor<1x4x9x9xf32>, tensor<3x3x4x8xf32>
  return
}

// -----

func.func @conv_kernel(%x: tensor<1x3x4x9xf32>, %w: tensor<8x3x3x3xf32>) {
  // expected-error @+1 {{'tfcc.conv2d' op the dilated kernel (5) is larger than the padded input (4) in dimension H}}
  %0 = tfcc.conv2d %x, %w {dilations = array<i64: 2, 1>} : tensor<1x3x4x9xf32>, tensor<8x3x3x3xf32>
  return
}

// -----

// A declared result type that does not match the inferred one.
func.func @conv_result(%x: tensor<1x3x9x9xf32>, %w: tensor<8x3x3x3xf32>) {
  // expected-error @+2 {{'tfcc.conv2d' op inferred type(s) 'tensor<1x8x7x7xf32>' are incompatible with return type(s) of operation 'tensor<1x8x9x9xf32>'}}
  // expected-error @+1 {{'tfcc.conv2d' op failed to infer returned types}}
  %0 = "tfcc.conv2d"(%x, %w) : (tensor<1x3x9x9xf32>, tensor<8x3x3x3xf32>) -> tensor<1x8x9x9xf32>
  return
}

// -----

func.func @pool_rank(%x: tensor<8x8xf32>) {
  // expected-error @+1 {{'tfcc.max_pool' op input must have rank 4, got [8,8]}}
  %0 = tfcc.max_pool %x {kernel = array<i64: 2, 2>} : tensor<8x8xf32>
  return
}

// -----

func.func @pool_kernel_missing(%x: tensor<1x1x8x8xf32>) {
  // expected-error @+1 {{'tfcc.avg_pool' op requires the attribute 'kernel'}}
  %0 = tfcc.avg_pool %x : tensor<1x1x8x8xf32>
  return
}

// -----

func.func @pool_kernel_zero(%x: tensor<1x1x8x8xf32>) {
  // expected-error @+1 {{'tfcc.max_pool' op 'kernel' entries must be positive, got [0,2]}}
  %0 = tfcc.max_pool %x {kernel = array<i64: 0, 2>} : tensor<1x1x8x8xf32>
  return
}

// -----

func.func @pool_format(%x: tensor<1x1x8x8xf32>) {
  // expected-error @+1 {{'tfcc.avg_pool' op data_format must be "NCHW" or "NHWC", got "nhwc"}}
  %0 = tfcc.avg_pool %x {kernel = array<i64: 2, 2>, data_format = "nhwc"} : tensor<1x1x8x8xf32>
  return
}

// -----

// NHWC: W is dimension 2 (size 1 here).
func.func @pool_too_small(%x: tensor<1x8x1x8xf32>) {
  // expected-error @+1 {{'tfcc.max_pool' op the dilated kernel (2) is larger than the padded input (1) in dimension W}}
  %0 = tfcc.max_pool %x {kernel = array<i64: 2, 2>, data_format = "NHWC"} : tensor<1x8x1x8xf32>
  return
}

// -----

func.func @pool_padding(%x: tensor<1x1x8x8xf32>) {
  // expected-error @+1 {{'tfcc.avg_pool' op 'padding' must have 4 entries, got [1,1,1]}}
  %0 = tfcc.avg_pool %x {kernel = array<i64: 2, 2>, padding = array<i64: 1, 1, 1>} : tensor<1x1x8x8xf32>
  return
}

// -----

func.func @bn_axis(%x: tensor<1x4x2x2xf32>, %v: tensor<4xf32>) {
  // expected-error @+1 {{'tfcc.batch_norm' op axis 4 is out of range for rank 4}}
  %0 = tfcc.batch_norm %x, %v, %v, %v, %v {axis = 4} : tensor<1x4x2x2xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>
  return
}

// -----

func.func @bn_elements(%x: tensor<1x4x2x2xf32>, %v: tensor<4xf32>, %m: tensor<4xf64>) {
  // expected-error @+1 {{'tfcc.batch_norm' op 'mean' has a different element type than the input}}
  %0 = tfcc.batch_norm %x, %v, %v, %m, %v : tensor<1x4x2x2xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf64>, tensor<4xf32>
  return
}

// -----

func.func @bn_rank(%x: tensor<1x4x2x2xf32>, %v: tensor<4xf32>, %s: tensor<1x4xf32>) {
  // expected-error @+1 {{'tfcc.batch_norm' op 'scale' must have rank 1, got [1,4]}}
  %0 = tfcc.batch_norm %x, %s, %v, %v, %v : tensor<1x4x2x2xf32>, tensor<1x4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>
  return
}

// -----

// NHWC statistics (axis -1) against the channels of an NHWC tensor.
func.func @bn_size(%x: tensor<?x2x2x4xf32>, %v: tensor<4xf32>, %w: tensor<2xf32>) {
  // expected-error @+1 {{'tfcc.batch_norm' op 'variance' has 2 elements but dimension 3 of input [?,2,2,4] has 4}}
  %0 = tfcc.batch_norm %x, %v, %v, %v, %w {axis = -1} : tensor<?x2x2x4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<2xf32>
  return
}

// -----

func.func @ln_axis(%x: tensor<2x8xf32>, %g: tensor<8xf32>) {
  // expected-error @+1 {{'tfcc.layer_norm' op axis -3 is out of range for rank 2}}
  %0 = tfcc.layer_norm %x, %g, %g {axis = -3} : tensor<2x8xf32>, tensor<8xf32>, tensor<8xf32>
  return
}

// -----

func.func @ln_elements(%x: tensor<2x8xf32>, %g: tensor<8xf32>, %b: tensor<8xf64>) {
  // expected-error @+1 {{'tfcc.layer_norm' op 'bias' has a different element type than the input}}
  %0 = tfcc.layer_norm %x, %g, %b : tensor<2x8xf32>, tensor<8xf32>, tensor<8xf64>
  return
}

// -----

func.func @ln_shape(%x: tensor<2x8xf32>, %g: tensor<4xf32>) {
  // expected-error @+1 {{'tfcc.layer_norm' op 'scale' of shape [4] does not broadcast to the normalized dimensions [8] of input [2,8]}}
  %0 = tfcc.layer_norm %x, %g, %g : tensor<2x8xf32>, tensor<4xf32>, tensor<4xf32>
  return
}

// -----

// Scale may not add dimensions outside the normalized ones.
func.func @ln_rank(%x: tensor<2x8xf32>, %g: tensor<2x8xf32>, %b: tensor<8xf32>) {
  // expected-error @+1 {{'tfcc.layer_norm' op 'scale' of shape [2,8] does not broadcast to the normalized dimensions [8] of input [2,8]}}
  %0 = tfcc.layer_norm %x, %g, %b : tensor<2x8xf32>, tensor<2x8xf32>, tensor<8xf32>
  return
}

// -----

func.func @pad_missing(%x: tensor<4xf32>) {
  // expected-error @+1 {{'tfcc.pad' op requires the attribute 'high'}}
  %0 = tfcc.pad %x {low = array<i64: 1>} : tensor<4xf32>
  return
}

// -----

func.func @pad_entries(%x: tensor<4x4xf32>) {
  // expected-error @+1 {{'tfcc.pad' op 'low' must have 2 entries, got [1]}}
  %0 = tfcc.pad %x {low = array<i64: 1>, high = array<i64: 1, 1>} : tensor<4x4xf32>
  return
}

// -----

func.func @pad_mode(%x: tensor<4xf32>) {
  // expected-error @+1 {{'tfcc.pad' op mode must be "constant", "reflect" or "edge", got "symmetric"}}
  %0 = tfcc.pad %x {low = array<i64: 1>, high = array<i64: 1>, mode = "symmetric"} : tensor<4xf32>
  return
}

// -----

func.func @pad_value_rank(%x: tensor<4xf32>, %v: tensor<1xf32>) {
  // expected-error @+1 {{'tfcc.pad' op value must have rank 0, got [1]}}
  %0 = tfcc.pad %x, %v {low = array<i64: 1>, high = array<i64: 1>} : tensor<4xf32>, tensor<1xf32>
  return
}

// -----

func.func @pad_value_type(%x: tensor<4xf32>, %v: tensor<i32>) {
  // expected-error @+1 {{'tfcc.pad' op value has a different element type than the input}}
  %0 = tfcc.pad %x, %v {low = array<i64: 1>, high = array<i64: 1>} : tensor<4xf32>, tensor<i32>
  return
}

// -----

func.func @pad_crop(%x: tensor<3x4xf32>) {
  // expected-error @+1 {{'tfcc.pad' op dimension 1 of size 4 cannot be cropped by 3 and 2}}
  %0 = tfcc.pad %x {low = array<i64: 0, -3>, high = array<i64: 0, -2>} : tensor<3x4xf32>
  return
}

// -----

// Cropping comes first: 4 - 1 leaves 3 elements, too few to reflect 3.
func.func @pad_reflect(%x: tensor<3x4xf32>) {
  // expected-error @+1 {{'tfcc.pad' op reflect padding of 3 needs dimension 1 to have more than 3 elements, it has 3}}
  %0 = tfcc.pad %x {low = array<i64: 0, -1>, high = array<i64: 0, 3>, mode = "reflect"} : tensor<3x4xf32>
  return
}

// -----

func.func @pad_edge(%x: tensor<3x0xf32>) {
  // expected-error @+1 {{'tfcc.pad' op edge padding of the empty dimension 1}}
  %0 = tfcc.pad %x {low = array<i64: 0, 1>, high = array<i64: 0, 0>, mode = "edge"} : tensor<3x0xf32>
  return
}
