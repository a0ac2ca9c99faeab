// RUN: tfcc-opt %s -split-input-file -verify-diagnostics

// Every verifier message of the ops in TfccIndexOps.td.

func.func @argmax_axis(%a: tensor<3x4xf32>) {
  // expected-error @+1 {{'tfcc.argmax' op axis 2 is out of range for rank 2}}
  %0 = tfcc.argmax %a {axis = 2 : i64} : tensor<3x4xf32>
  return
}

// -----

func.func @argmin_axis_negative(%a: tensor<3x4xi32>) {
  // expected-error @+1 {{'tfcc.argmin' op axis -3 is out of range for rank 2}}
  %0 = tfcc.argmin %a {axis = -3 : i64} : tensor<3x4xi32>
  return
}

// -----

func.func @argmax_no_axis(%a: tensor<3x4xf32>) {
  // expected-error @+1 {{'tfcc.argmax' op requires the integer attribute 'axis'}}
  %0 = tfcc.argmax %a : tensor<3x4xf32>
  return
}

// -----

func.func @argmax_empty(%a: tensor<3x0xf32>) {
  // expected-error @+1 {{'tfcc.argmax' op cannot reduce the empty dimension 1 of [3,0]}}
  %0 = tfcc.argmax %a {axis = 1 : i64} : tensor<3x0xf32>
  return
}

// -----

func.func @argmax_result(%a: tensor<3x4xf32>) {
  // expected-error @+2 {{'tfcc.argmax' op inferred type(s) 'tensor<3xi64>' are incompatible with return type(s) of operation 'tensor<4xi64>'}}
  // expected-error @+1 {{'tfcc.argmax' op failed to infer returned types}}
  %0 = "tfcc.argmax"(%a) <{axis = 1 : i64}> : (tensor<3x4xf32>) -> tensor<4xi64>
  return
}

// -----

func.func @cumsum_axis(%a: tensor<?x4xf32>) {
  // expected-error @+1 {{'tfcc.cumsum' op axis 2 is out of range for rank 2}}
  %0 = tfcc.cumsum %a {axis = 2 : i64} : tensor<?x4xf32>
  return
}

// -----

func.func @cumsum_scalar(%a: tensor<f64>) {
  // expected-error @+1 {{'tfcc.cumsum' op axis 0 is out of range for rank 0}}
  %0 = tfcc.cumsum %a {axis = 0 : i64} : tensor<f64>
  return
}

// -----

func.func @top_k_axis(%a: tensor<f32>) {
  // expected-error @+1 {{'tfcc.top_k' op axis -1 is out of range for rank 0}}
  %0:2 = tfcc.top_k %a {k = 1 : i64} : tensor<f32>
  return
}

// -----

func.func @top_k_negative(%a: tensor<4xf32>) {
  // expected-error @+1 {{'tfcc.top_k' op k must be non-negative, got -1}}
  %0:2 = tfcc.top_k %a {k = -1 : i64} : tensor<4xf32>
  return
}

// -----

func.func @top_k_large(%a: tensor<?x4xf32>) {
  // expected-error @+1 {{'tfcc.top_k' op k = 5 is larger than dimension 1 of [?,4]}}
  %0:2 = tfcc.top_k %a {k = 5 : i64} : tensor<?x4xf32>
  return
}

// -----

func.func @top_k_no_k(%a: tensor<4xf32>) {
  // expected-error @+1 {{'tfcc.top_k' op requires the integer attribute 'k'}}
  %0:2 = tfcc.top_k %a : tensor<4xf32>
  return
}

// -----

func.func @gather_axis(%p: tensor<5x4xf32>, %i: tensor<3xi32>) {
  // expected-error @+1 {{'tfcc.gather' op axis 2 is out of range for rank 2}}
  %0 = tfcc.gather %p, %i {axis = 2 : i64} : tensor<5x4xf32>, tensor<3xi32>
  return
}

// -----

func.func @gather_empty(%p: tensor<0x4xf32>, %i: tensor<3xi64>) {
  // expected-error @+1 {{'tfcc.gather' op cannot gather from the empty dimension 0 of [0,4]}}
  %0 = tfcc.gather %p, %i : tensor<0x4xf32>, tensor<3xi64>
  return
}

// -----

func.func @gather_float_indices(%p: tensor<5x4xf32>, %i: tensor<3xf32>) {
  // expected-error @+1 {{operand #1 must be ranked tensor of 32-bit signless integer or 64-bit signless integer values}}
  %0 = tfcc.gather %p, %i : tensor<5x4xf32>, tensor<3xf32>
  return
}

// -----

func.func @segment_negative(%d: tensor<5x4xf32>, %s: tensor<5xi32>) {
  // expected-error @+1 {{'tfcc.unsorted_segment_sum' op num_segments must be non-negative, got -2}}
  %0 = tfcc.unsorted_segment_sum %d, %s {num_segments = -2 : i64} : tensor<5x4xf32>, tensor<5xi32>
  return
}

// -----

func.func @segment_prefix(%d: tensor<5x4xf32>, %s: tensor<4xi32>) {
  // expected-error @+1 {{'tfcc.unsorted_segment_sum' op segment_ids shape [4] is not a prefix of data shape [5,4]}}
  %0 = tfcc.unsorted_segment_sum %d, %s {num_segments = 3 : i64} : tensor<5x4xf32>, tensor<4xi32>
  return
}

// -----

func.func @segment_rank(%d: tensor<5xf32>, %s: tensor<5x1xi64>) {
  // expected-error @+1 {{'tfcc.unsorted_segment_sum' op segment_ids shape [5,1] is not a prefix of data shape [5]}}
  %0 = tfcc.unsorted_segment_sum %d, %s {num_segments = 3 : i64} : tensor<5xf32>, tensor<5x1xi64>
  return
}

// -----

func.func @segment_no_num(%d: tensor<5xf32>, %s: tensor<5xi64>) {
  // expected-error @+1 {{'tfcc.unsorted_segment_sum' op requires the integer attribute 'num_segments'}}
  %0 = tfcc.unsorted_segment_sum %d, %s : tensor<5xf32>, tensor<5xi64>
  return
}

// -----

func.func @one_hot_depth(%i: tensor<3xi32>, %v: tensor<f32>) {
  // expected-error @+1 {{'tfcc.one_hot' op depth must be non-negative, got -1}}
  %0 = tfcc.one_hot %i, %v, %v {depth = -1 : i64} : tensor<3xi32>, tensor<f32>, tensor<f32>
  return
}

// -----

func.func @one_hot_no_depth(%i: tensor<3xi32>, %v: tensor<f32>) {
  // expected-error @+1 {{'tfcc.one_hot' op requires the integer attribute 'depth'}}
  %0 = tfcc.one_hot %i, %v, %v : tensor<3xi32>, tensor<f32>, tensor<f32>
  return
}

// -----

func.func @one_hot_rank(%i: tensor<3xi32>, %v: tensor<1xf32>, %w: tensor<f32>) {
  // expected-error @+1 {{'tfcc.one_hot' op on_value and off_value must have rank 0, got [1] and []}}
  %0 = tfcc.one_hot %i, %v, %w {depth = 4 : i64} : tensor<3xi32>, tensor<1xf32>, tensor<f32>
  return
}

// -----

func.func @one_hot_types(%i: tensor<3xi32>, %v: tensor<f32>, %w: tensor<f64>) {
  // expected-error @+1 {{'tfcc.one_hot' op on_value and off_value have different element types}}
  %0 = tfcc.one_hot %i, %v, %w {depth = 4 : i64} : tensor<3xi32>, tensor<f32>, tensor<f64>
  return
}

// -----

func.func @one_hot_axis(%i: tensor<3x2xi64>, %v: tensor<i1>) {
  // expected-error @+1 {{'tfcc.one_hot' op axis 3 is out of range [-3, 2] for indices of rank 2}}
  %0 = tfcc.one_hot %i, %v, %v {depth = 4 : i64, axis = 3 : i64} : tensor<3x2xi64>, tensor<i1>, tensor<i1>
  return
}

// -----

func.func @floor_mod_shapes(%a: tensor<2xf32>, %b: tensor<3xf32>) {
  // expected-error @+1 {{'tfcc.floor_mod' op operand shapes [2] and [3] are not broadcast-compatible}}
  %0 = tfcc.floor_mod %a, %b : tensor<2xf32>, tensor<3xf32>
  return
}

// -----

func.func @mod_types(%a: tensor<2xi32>, %b: tensor<2xi64>) {
  // expected-error @+1 {{'tfcc.mod' op operand element types i32 and i64 differ}}
  %0 = tfcc.mod %a, %b : tensor<2xi32>, tensor<2xi64>
  return
}

// -----

func.func @logical_and_float(%a: tensor<2xf32>) {
  // expected-error @+1 {{'tfcc.logical_and' op operand #0 must be ranked tensor of 1-bit signless integer values}}
  %0 = tfcc.logical_and %a, %a : tensor<2xf32>, tensor<2xf32>
  return
}

// -----

func.func @logical_or_shapes(%a: tensor<2xi1>, %b: tensor<3xi1>) {
  // expected-error @+1 {{'tfcc.logical_or' op operand shapes [2] and [3] are not broadcast-compatible}}
  %0 = tfcc.logical_or %a, %b : tensor<2xi1>, tensor<3xi1>
  return
}

// -----

func.func @sign_bool(%a: tensor<2xi1>) {
  // expected-error @+1 {{'tfcc.sign' op operand #0 must be ranked tensor of 32-bit float or 64-bit float or 32-bit signless integer or 64-bit signless integer values}}
  %0 = tfcc.sign %a : tensor<2xi1>
  return
}

// -----

func.func @floor_int(%a: tensor<2xi32>) {
  // expected-error @+1 {{'tfcc.floor' op operand #0 must be ranked tensor of 32-bit float or 64-bit float values}}
  %0 = tfcc.floor %a : tensor<2xi32>
  return
}

// -----

func.func @reduce_prod_axis(%a: tensor<3x4xf32>) {
  // expected-error @+1 {{'tfcc.reduce_prod' op axis -1 is repeated}}
  %0 = tfcc.reduce_prod %a axes = [1, -1] : tensor<3x4xf32>
  return
}
