// RUN: tfcc-opt %s -split-input-file -verify-diagnostics

func.func @int_y(%x: tensor<4xf32>, %y: tensor<4xi32>) {
  // expected-error @+1 {{'tfcc.gradients' op y #0 has type tensor<4xi32>; only float tensors have gradients}}
  %g = tfcc.gradients (%y : tensor<4xi32>) wrt (%x : tensor<4xf32>)
  return
}

// -----

func.func @bool_x(%x: tensor<4xi1>, %y: tensor<f32>) {
  // expected-error @+1 {{'tfcc.gradients' op x #1 has type tensor<4xi1>; only float tensors have gradients}}
  %g:2 = tfcc.gradients (%y : tensor<f32>) wrt (%y, %x : tensor<f32>, tensor<4xi1>)
  return
}

// -----

func.func @seed_count(%x: tensor<4xf32>, %y: tensor<f32>, %s: tensor<f32>) {
  // expected-error @+1 {{'tfcc.gradients' op has 2 seeds for 1 ys; give one per y or none}}
  %g = tfcc.gradients (%y : tensor<f32>) wrt (%x : tensor<4xf32>) seeds (%s, %s : tensor<f32>, tensor<f32>)
  return
}

// -----

func.func @seed_shape(%x: tensor<4xf32>, %y: tensor<?x3xf32>, %s: tensor<2x4xf32>) {
  // expected-error @+1 {{'tfcc.gradients' op seed #0 of type tensor<2x4xf32> does not match y #0 of type tensor<?x3xf32>}}
  %g = tfcc.gradients (%y : tensor<?x3xf32>) wrt (%x : tensor<4xf32>) seeds (%s : tensor<2x4xf32>)
  return
}

// -----

func.func @seed_type(%x: tensor<4xf32>, %y: tensor<f32>, %s: tensor<f64>) {
  // expected-error @+1 {{'tfcc.gradients' op seed #0 of type tensor<f64> does not match y #0 of type tensor<f32>}}
  %g = tfcc.gradients (%y : tensor<f32>) wrt (%x : tensor<4xf32>) seeds (%s : tensor<f64>)
  return
}

// -----

func.func @no_x(%y: tensor<f32>) {
  // expected-error @+2 {{'tfcc.gradients' op needs at least one x}}
  // expected-error @+1 {{'tfcc.gradients' op failed to infer returned types}}
  "tfcc.gradients"(%y) {operandSegmentSizes = array<i32: 1, 0, 0>} : (tensor<f32>) -> ()
  return
}

// -----

func.func @result_type(%x: tensor<4xf32>, %y: tensor<f32>) {
  // expected-error @+2 {{'tfcc.gradients' op inferred type(s) 'tensor<4xf32>' are incompatible with return type(s) of operation 'tensor<3xf32>'}}
  // expected-error @+1 {{'tfcc.gradients' op failed to infer returned types}}
  %g = "tfcc.gradients"(%y, %x) {operandSegmentSizes = array<i32: 1, 1, 0>} : (tensor<f32>, tensor<4xf32>) -> tensor<3xf32>
  return
}
