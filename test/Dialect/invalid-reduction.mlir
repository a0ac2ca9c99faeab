// RUN: tfcc-opt %s -split-input-file -verify-diagnostics

func.func @axis_high(%a: tensor<3x4xf32>) {
  // expected-error @+1 {{'tfcc.reduce_sum' op axis 2 is out of range for rank 2}}
  %0 = tfcc.reduce_sum %a axes = [2] : tensor<3x4xf32>
  return
}

// -----

func.func @axis_low(%a: tensor<3x4xf32>) {
  // expected-error @+1 {{'tfcc.reduce_mean' op axis -3 is out of range for rank 2}}
  %0 = tfcc.reduce_mean %a axes = [0, -3] keep_dims : tensor<3x4xf32>
  return
}

// -----

func.func @axis_scalar(%a: tensor<i32>) {
  // expected-error @+1 {{'tfcc.reduce_max' op axis 0 is out of range for rank 0}}
  %0 = tfcc.reduce_max %a axes = [0] : tensor<i32>
  return
}

// -----

func.func @repeated(%a: tensor<3x4xf32>) {
  // expected-error @+1 {{'tfcc.reduce_min' op axis 1 is repeated}}
  %0 = tfcc.reduce_min %a axes = [1, 1] : tensor<3x4xf32>
  return
}

// -----

// -1 and 1 name the same axis of a rank-2 tensor.
func.func @repeated_negative(%a: tensor<3x4xf32>) {
  // expected-error @+1 {{'tfcc.reduce_sum' op axis -1 is repeated}}
  %0 = tfcc.reduce_sum %a axes = [1, -1] : tensor<3x4xf32>
  return
}

// -----

func.func @keep_dims_result(%a: tensor<3x4xf32>) {
  // expected-error @+2 {{'tfcc.reduce_sum' op inferred type(s) 'tensor<3x1xf32>' are incompatible with return type(s) of operation 'tensor<3xf32>'}}
  // expected-error @+1 {{'tfcc.reduce_sum' op failed to infer returned types}}
  %0 = "tfcc.reduce_sum"(%a) <{axes = array<i64: 1>, keep_dims}> : (tensor<3x4xf32>) -> tensor<3xf32>
  return
}

// -----

func.func @softmax_rank0(%a: tensor<f32>) {
  // expected-error @+1 {{'tfcc.softmax' op input must have rank 1 or more}}
  %0 = tfcc.softmax %a axis = 0 : tensor<f32>
  return
}

// -----

func.func @softmax_axis(%a: tensor<2x3xf32>) {
  // expected-error @+1 {{'tfcc.softmax' op axis 2 is out of range for rank 2}}
  %0 = tfcc.softmax %a axis = 2 : tensor<2x3xf32>
  return
}

// -----

func.func @log_softmax_rank0(%a: tensor<f64>) {
  // expected-error @+1 {{'tfcc.log_softmax' op input must have rank 1 or more}}
  %0 = tfcc.log_softmax %a axis = -1 : tensor<f64>
  return
}

// -----

func.func @log_softmax_axis(%a: tensor<?x3xf32>) {
  // expected-error @+1 {{'tfcc.log_softmax' op axis 2 is out of range for rank 2}}
  %0 = tfcc.log_softmax %a axis = 2 : tensor<?x3xf32>
  return
}

// TODO: a negative out-of-range axis (axis = -3 on rank 2) is reported as
// "axis 18446744073709551613 is out of range"; add that case once the
// message prints the signed value.
