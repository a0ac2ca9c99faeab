// RUN: tfcc-opt %s -split-input-file -verify-diagnostics

func.func @reshape_count(%a: tensor<2x3xf32>) {
  // expected-error @+1 {{'tfcc.reshape' op cannot reshape [2,3] (6 elements) into [4,2] (8 elements)}}
  %0 = tfcc.reshape %a [4, 2] : tensor<2x3xf32>
  return
}

// -----

func.func @reshape_inferred(%a: tensor<2x3xf32>) {
  // expected-error @+1 {{'tfcc.reshape' op cannot reshape [2,3] into [-1,4]}}
  %0 = tfcc.reshape %a [-1, 4] : tensor<2x3xf32>
  return
}

// -----

func.func @reshape_inferred_zero(%a: tensor<2x3xf32>) {
  // expected-error @+1 {{'tfcc.reshape' op cannot reshape [2,3] into [0,-1]}}
  %0 = tfcc.reshape %a [0, -1] : tensor<2x3xf32>
  return
}

// -----

func.func @reshape_two_inferred(%a: tensor<?x3xf32>) {
  // expected-error @+1 {{'tfcc.reshape' op shape [-1,3,-1] has more than one -1 entry}}
  %0 = tfcc.reshape %a [-1, 3, -1] : tensor<?x3xf32>
  return
}

// -----

func.func @reshape_negative(%a: tensor<2x3xf32>) {
  // expected-error @+1 {{'tfcc.reshape' op shape [-2,-3] has a negative size}}
  %0 = tfcc.reshape %a [-2, -3] : tensor<2x3xf32>
  return
}

// -----

// The product of the sizes overflows 64 bits (found by the .mlir fuzzer).
func.func @reshape_overflow(%a: tensor<2x3xf32>) {
  // expected-error @+1 {{'tfcc.reshape' op shape [49149,1125899906842623] has more elements than 64 bits count}}
  %0 = tfcc.reshape %a [49149, 1125899906842623] : tensor<2x3xf32>
  return
}

// -----

func.func @transpose_length(%a: tensor<2x3x4xf32>) {
  // expected-error @+1 {{'tfcc.transpose' op perm [1,0] has 2 entries but the input has rank 3}}
  %0 = tfcc.transpose %a perm = [1, 0] : tensor<2x3x4xf32>
  return
}

// -----

func.func @transpose_repeated(%a: tensor<2x3x4xf32>) {
  // expected-error @+1 {{'tfcc.transpose' op perm [0,2,0] is not a permutation of 0..2}}
  %0 = tfcc.transpose %a perm = [0, 2, 0] : tensor<2x3x4xf32>
  return
}

// -----

func.func @transpose_range(%a: tensor<2x3xi1>) {
  // expected-error @+1 {{'tfcc.transpose' op perm [-1,0] is not a permutation of 0..1}}
  %0 = tfcc.transpose %a perm = [-1, 0] : tensor<2x3xi1>
  return
}

// -----

func.func @broadcast_to_lower_rank(%a: tensor<2x3xf32>) {
  // expected-error @+1 {{'tfcc.broadcast_to' op cannot broadcast [2,3] to the lower-rank shape [3]}}
  %0 = tfcc.broadcast_to %a [3] : tensor<2x3xf32>
  return
}

// -----

func.func @broadcast_to_incompatible(%a: tensor<2x3xf32>) {
  // expected-error @+1 {{'tfcc.broadcast_to' op cannot broadcast [2,3] to [4,2,4]}}
  %0 = tfcc.broadcast_to %a [4, 2, 4] : tensor<2x3xf32>
  return
}

// -----

func.func @broadcast_to_negative(%a: tensor<3xf32>) {
  // expected-error @+1 {{'tfcc.broadcast_to' op target shape [-1,3] must be static and non-negative}}
  %0 = tfcc.broadcast_to %a [-1, 3] : tensor<3xf32>
  return
}

// -----

func.func @concat_none() {
  // expected-error @+2 {{'tfcc.concat' op needs at least one input}}
  // expected-error @+1 {{'tfcc.concat' op failed to infer returned types}}
  %0 = "tfcc.concat"() <{axis = 0 : i64}> : () -> tensor<1xf32>
  return
}

// -----

func.func @concat_axis(%a: tensor<2x3xf32>) {
  // expected-error @+1 {{'tfcc.concat' op axis 2 is out of range for rank 2}}
  %0 = tfcc.concat %a, %a axis = 2 : tensor<2x3xf32>, tensor<2x3xf32>
  return
}

// TODO: a negative out-of-range axis (axis = -3 on rank 2) is reported as
// "axis 18446744073709551613 is out of range"; add that case once the
// message prints the signed value.

// -----

func.func @concat_elements(%a: tensor<2x3xf32>, %b: tensor<2x3xi32>) {
  // expected-error @+1 {{'tfcc.concat' op input 1 has a different element type than input 0}}
  %0 = tfcc.concat %a, %b axis = 0 : tensor<2x3xf32>, tensor<2x3xi32>
  return
}

// -----

func.func @concat_rank(%a: tensor<2x3xf32>, %b: tensor<2x3x1xf32>) {
  // expected-error @+1 {{'tfcc.concat' op input 2 has rank 3 but input 0 has rank 2}}
  %0 = tfcc.concat %a, %a, %b axis = 0 : tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3x1xf32>
  return
}

// -----

func.func @concat_dims(%a: tensor<2x3xf32>, %b: tensor<2x4xf32>) {
  // expected-error @+1 {{'tfcc.concat' op input 1 has shape [2,4], which does not match [2,3] of the inputs before it outside axis 0}}
  %0 = tfcc.concat %a, %b axis = 0 : tensor<2x3xf32>, tensor<2x4xf32>
  return
}

// -----

// A dynamic dimension of an earlier input takes the size of a later one.
func.func @concat_dims_dynamic(%a: tensor<2x?xf32>, %b: tensor<2x3xf32>, %c: tensor<2x4xf32>) {
  // expected-error @+1 {{'tfcc.concat' op input 2 has shape [2,4], which does not match [4,3] of the inputs before it outside axis 0}}
  %0 = tfcc.concat %a, %b, %c axis = 0 : tensor<2x?xf32>, tensor<2x3xf32>, tensor<2x4xf32>
  return
}

// -----

func.func @slice_begin_length(%a: tensor<4x3xf32>) {
  // expected-error @+1 {{'tfcc.slice' op begin and size need one entry per dimension (rank 2)}}
  %0 = tfcc.slice %a begin = [0] size = [1, 1] : tensor<4x3xf32>
  return
}

// -----

func.func @slice_size_length(%a: tensor<4x3xf32>) {
  // expected-error @+1 {{'tfcc.slice' op begin and size need one entry per dimension (rank 2)}}
  %0 = tfcc.slice %a begin = [0, 0] size = [1, 1, 1] : tensor<4x3xf32>
  return
}

// -----

func.func @slice_negative_begin(%a: tensor<4x3xf32>) {
  // expected-error @+1 {{'tfcc.slice' op begin [-1,0] and size [1,1] must be non-negative (size may be -1)}}
  %0 = tfcc.slice %a begin = [-1, 0] size = [1, 1] : tensor<4x3xf32>
  return
}

// -----

func.func @slice_negative_size(%a: tensor<?x3xf32>) {
  // expected-error @+1 {{'tfcc.slice' op begin [0,0] and size [-2,1] must be non-negative (size may be -1)}}
  %0 = tfcc.slice %a begin = [0, 0] size = [-2, 1] : tensor<?x3xf32>
  return
}

// -----

func.func @slice_past_end(%a: tensor<4x3xf32>) {
  // expected-error @+1 {{'tfcc.slice' op slice of dimension 1 [2, 4) is outside [0, 3)}}
  %0 = tfcc.slice %a begin = [0, 2] size = [4, 2] : tensor<4x3xf32>
  return
}

// -----

func.func @slice_begin_past_end(%a: tensor<4x3xf32>) {
  // expected-error @+1 {{'tfcc.slice' op slice of dimension 0 [5, 4) is outside [0, 4)}}
  %0 = tfcc.slice %a begin = [5, 0] size = [-1, 1] : tensor<4x3xf32>
  return
}
