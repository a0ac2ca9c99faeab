// RUN: tfcc-opt %s -split-input-file -verify-diagnostics

// Every verifier message of conv2d_backprop_input, conv2d_backprop_filter,
// max_pool_grad and avg_pool_grad (the window attributes they share with the
// forward ops are checked by the same code, tested in invalid-nn-ops.mlir;
// one of each is repeated here).

func.func @bpi_rank(%dy: tensor<8x4x4xf32>, %w: tensor<8x3x3x3xf32>) {
  // expected-error @+1 {{'tfcc.conv2d_backprop_input' op grad and filter must have rank 4, got [8,4,4] and [8,3,3,3]}}
  %0 = tfcc.conv2d_backprop_input %dy, %w {input_spatial = array<i64: 6, 6>} : tensor<8x4x4xf32>, tensor<8x3x3x3xf32>
  return
}

// -----

func.func @bpi_elements(%dy: tensor<1x8x4x4xf32>, %w: tensor<8x3x3x3xf64>) {
  // expected-error @+1 {{'tfcc.conv2d_backprop_input' op grad and filter have different element types}}
  %0 = tfcc.conv2d_backprop_input %dy, %w {input_spatial = array<i64: 6, 6>} : tensor<1x8x4x4xf32>, tensor<8x3x3x3xf64>
  return
}

// -----

func.func @bpi_missing(%dy: tensor<1x8x4x4xf32>, %w: tensor<8x3x3x3xf32>) {
  // expected-error @+1 {{'tfcc.conv2d_backprop_input' op requires the attribute 'input_spatial'}}
  %0 = tfcc.conv2d_backprop_input %dy, %w : tensor<1x8x4x4xf32>, tensor<8x3x3x3xf32>
  return
}

// -----

func.func @bpi_spatial_size(%dy: tensor<1x8x4x4xf32>, %w: tensor<8x3x3x3xf32>) {
  // expected-error @+1 {{'tfcc.conv2d_backprop_input' op 'input_spatial' must have 2 entries, got [6]}}
  %0 = tfcc.conv2d_backprop_input %dy, %w {input_spatial = array<i64: 6>} : tensor<1x8x4x4xf32>, tensor<8x3x3x3xf32>
  return
}

// -----

func.func @bpi_spatial_zero(%dy: tensor<1x8x4x4xf32>, %w: tensor<8x3x3x3xf32>) {
  // expected-error @+1 {{'tfcc.conv2d_backprop_input' op 'input_spatial' entries must be positive, got [6,0]}}
  %0 = tfcc.conv2d_backprop_input %dy, %w {input_spatial = array<i64: 6, 0>} : tensor<1x8x4x4xf32>, tensor<8x3x3x3xf32>
  return
}

// -----

func.func @bpi_dynamic_kernel(%dy: tensor<1x8x4x4xf32>, %w: tensor<8x3x?x3xf32>) {
  // expected-error @+1 {{'tfcc.conv2d_backprop_input' op the filter's kernel sizes must be static, got filter [8,3,?,3]}}
  %0 = tfcc.conv2d_backprop_input %dy, %w {input_spatial = array<i64: 6, 6>} : tensor<1x8x4x4xf32>, tensor<8x3x?x3xf32>
  return
}

// -----

func.func @bpi_groups(%dy: tensor<1x8x4x4xf32>, %w: tensor<8x3x3x3xf32>) {
  // expected-error @+1 {{'tfcc.conv2d_backprop_input' op groups must be positive, got 0}}
  %0 = tfcc.conv2d_backprop_input %dy, %w {input_spatial = array<i64: 6, 6>, groups = 0} : tensor<1x8x4x4xf32>, tensor<8x3x3x3xf32>
  return
}

// -----

func.func @bpi_out_groups(%dy: tensor<1x8x4x4xf32>, %w: tensor<8x3x3x3xf32>) {
  // expected-error @+1 {{'tfcc.conv2d_backprop_input' op output channels (8) are not divisible by groups (3)}}
  %0 = tfcc.conv2d_backprop_input %dy, %w {input_spatial = array<i64: 6, 6>, groups = 3} : tensor<1x8x4x4xf32>, tensor<8x3x3x3xf32>
  return
}

// -----

// A 6x6 input gives a 4x4 result, not 5x5.
func.func @bpi_grad_shape(%dy: tensor<?x8x5x5xf32>, %w: tensor<8x3x3x3xf32>) {
  // expected-error @+1 {{'tfcc.conv2d_backprop_input' op grad has shape [?,8,5,5] but the forward result has shape [?,8,4,4]}}
  %0 = tfcc.conv2d_backprop_input %dy, %w {input_spatial = array<i64: 6, 6>} : tensor<?x8x5x5xf32>, tensor<8x3x3x3xf32>
  return
}

// -----

// The grad's channels are the filter's output channels.
func.func @bpi_grad_channels(%dy: tensor<1x4x4x4xf32>, %w: tensor<8x3x3x3xf32>) {
  // expected-error @+1 {{'tfcc.conv2d_backprop_input' op grad has shape [1,4,4,4] but the forward result has shape [1,8,4,4]}}
  %0 = tfcc.conv2d_backprop_input %dy, %w {input_spatial = array<i64: 6, 6>} : tensor<1x4x4x4xf32>, tensor<8x3x3x3xf32>
  return
}

// -----

func.func @bpi_kernel_too_large(%dy: tensor<1x8x1x1xf32>, %w: tensor<8x3x3x3xf32>) {
  // expected-error @+1 {{'tfcc.conv2d_backprop_input' op the dilated kernel (5) is larger than the padded input (2) in dimension H}}
  %0 = tfcc.conv2d_backprop_input %dy, %w {input_spatial = array<i64: 2, 6>, dilations = array<i64: 2, 1>} : tensor<1x8x1x1xf32>, tensor<8x3x3x3xf32>
  return
}

// -----

func.func @bpi_format(%dy: tensor<1x8x4x4xf32>, %w: tensor<8x3x3x3xf32>) {
  // expected-error @+1 {{'tfcc.conv2d_backprop_input' op data_format must be "NCHW" or "NHWC", got "CHWN"}}
  %0 = tfcc.conv2d_backprop_input %dy, %w {input_spatial = array<i64: 6, 6>, data_format = "CHWN"} : tensor<1x8x4x4xf32>, tensor<8x3x3x3xf32>
  return
}

// -----

func.func @bpf_rank(%x: tensor<1x3x6x6xf32>, %dy: tensor<1x8x16xf32>) {
  // expected-error @+1 {{'tfcc.conv2d_backprop_filter' op input and grad must have rank 4, got [1,3,6,6] and [1,8,16]}}
  %0 = tfcc.conv2d_backprop_filter %x, %dy {kernel = array<i64: 3, 3>} : tensor<1x3x6x6xf32>, tensor<1x8x16xf32>
  return
}

// -----

func.func @bpf_elements(%x: tensor<1x3x6x6xf32>, %dy: tensor<1x8x4x4xf64>) {
  // expected-error @+1 {{'tfcc.conv2d_backprop_filter' op input and grad have different element types}}
  %0 = tfcc.conv2d_backprop_filter %x, %dy {kernel = array<i64: 3, 3>} : tensor<1x3x6x6xf32>, tensor<1x8x4x4xf64>
  return
}

// -----

func.func @bpf_missing(%x: tensor<1x3x6x6xf32>, %dy: tensor<1x8x4x4xf32>) {
  // expected-error @+1 {{'tfcc.conv2d_backprop_filter' op requires the attribute 'kernel'}}
  %0 = tfcc.conv2d_backprop_filter %x, %dy : tensor<1x3x6x6xf32>, tensor<1x8x4x4xf32>
  return
}

// -----

func.func @bpf_in_groups(%x: tensor<1x3x6x6xf32>, %dy: tensor<1x8x4x4xf32>) {
  // expected-error @+1 {{'tfcc.conv2d_backprop_filter' op input channels (3) are not divisible by groups (2)}}
  %0 = tfcc.conv2d_backprop_filter %x, %dy {kernel = array<i64: 3, 3>, groups = 2} : tensor<1x3x6x6xf32>, tensor<1x8x4x4xf32>
  return
}

// -----

func.func @bpf_grad_shape(%x: tensor<?x6x6x3xf32>, %dy: tensor<2x3x3x8xf32>) {
  // expected-error @+1 {{'tfcc.conv2d_backprop_filter' op grad has shape [2,3,3,8] but the forward result has shape [?,4,4,8]}}
  %0 = tfcc.conv2d_backprop_filter %x, %dy {kernel = array<i64: 3, 3>, data_format = "NHWC"} : tensor<?x6x6x3xf32>, tensor<2x3x3x8xf32>
  return
}

// -----

func.func @bpf_kernel_zero(%x: tensor<1x3x6x6xf32>, %dy: tensor<1x8x4x4xf32>) {
  // expected-error @+1 {{'tfcc.conv2d_backprop_filter' op 'kernel' entries must be positive, got [3,0]}}
  %0 = tfcc.conv2d_backprop_filter %x, %dy {kernel = array<i64: 3, 0>} : tensor<1x3x6x6xf32>, tensor<1x8x4x4xf32>
  return
}

// -----

func.func @mpg_rank(%x: tensor<3x6x6xf32>, %dy: tensor<1x3x3x3xf32>) {
  // expected-error @+1 {{'tfcc.max_pool_grad' op input and grad must have rank 4, got [3,6,6] and [1,3,3,3]}}
  %0 = tfcc.max_pool_grad %x, %dy {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>} : tensor<3x6x6xf32>, tensor<1x3x3x3xf32>
  return
}

// -----

func.func @mpg_elements(%x: tensor<1x3x6x6xf64>, %dy: tensor<1x3x3x3xf32>) {
  // expected-error @+1 {{'tfcc.max_pool_grad' op input and grad have different element types}}
  %0 = tfcc.max_pool_grad %x, %dy {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>} : tensor<1x3x6x6xf64>, tensor<1x3x3x3xf32>
  return
}

// -----

func.func @mpg_grad_shape(%x: tensor<?x3x6x6xf32>, %dy: tensor<?x4x3x3xf32>) {
  // expected-error @+1 {{'tfcc.max_pool_grad' op grad has shape [?,4,3,3] but the forward result has shape [?,3,3,3]}}
  %0 = tfcc.max_pool_grad %x, %dy {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>} : tensor<?x3x6x6xf32>, tensor<?x4x3x3xf32>
  return
}

// -----

func.func @mpg_padding(%x: tensor<1x3x6x6xf32>, %dy: tensor<1x3x3x3xf32>) {
  // expected-error @+1 {{'tfcc.max_pool_grad' op 'padding' entries must be non-negative, got [0,-1,0,0]}}
  %0 = tfcc.max_pool_grad %x, %dy {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>, padding = array<i64: 0, -1, 0, 0>} : tensor<1x3x6x6xf32>, tensor<1x3x3x3xf32>
  return
}

// -----

func.func @apg_rank(%dy: tensor<3x3x3xf32>) {
  // expected-error @+1 {{'tfcc.avg_pool_grad' op grad must have rank 4, got [3,3,3]}}
  %0 = tfcc.avg_pool_grad %dy {input_spatial = array<i64: 6, 6>, kernel = array<i64: 2, 2>} : tensor<3x3x3xf32>
  return
}

// -----

func.func @apg_missing(%dy: tensor<1x3x3x3xf32>) {
  // expected-error @+1 {{'tfcc.avg_pool_grad' op requires the attribute 'input_spatial'}}
  %0 = tfcc.avg_pool_grad %dy {kernel = array<i64: 2, 2>} : tensor<1x3x3x3xf32>
  return
}

// -----

func.func @apg_grad_shape(%dy: tensor<1x3x3x3xf32>) {
  // expected-error @+1 {{'tfcc.avg_pool_grad' op grad has shape [1,3,3,3] but the forward result has shape [1,3,5,5]}}
  %0 = tfcc.avg_pool_grad %dy {input_spatial = array<i64: 6, 6>, kernel = array<i64: 2, 2>} : tensor<1x3x3x3xf32>
  return
}

// -----

func.func @apg_strides(%dy: tensor<1x3x3x3xf32>) {
  // expected-error @+1 {{'tfcc.avg_pool_grad' op 'strides' must have 2 entries, got [2,2,2]}}
  %0 = tfcc.avg_pool_grad %dy {input_spatial = array<i64: 6, 6>, kernel = array<i64: 2, 2>, strides = array<i64: 2, 2, 2>} : tensor<1x3x3x3xf32>
  return
}
