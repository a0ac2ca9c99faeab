// RUN: tfcc-opt %s -split-input-file -verify-diagnostics

func.func @rank1(%a: tensor<4xf32>, %b: tensor<4x2xf32>) {
  // expected-error @+1 {{'tfcc.matmul' op operands must have rank 2 or more, got [4] and [4,2]}}
  %0 = tfcc.matmul %a, %b : tensor<4xf32>, tensor<4x2xf32>
  return
}

// -----

func.func @rank0(%a: tensor<3x4xf32>, %b: tensor<f32>) {
  // expected-error @+1 {{'tfcc.matmul' op operands must have rank 2 or more, got [3,4] and []}}
  %0 = tfcc.matmul %a, %b : tensor<3x4xf32>, tensor<f32>
  return
}

// -----

func.func @elements(%a: tensor<3x4xf32>, %b: tensor<4x2xf64>) {
  // expected-error @+1 {{'tfcc.matmul' op operands have different element types}}
  %0 = tfcc.matmul %a, %b : tensor<3x4xf32>, tensor<4x2xf64>
  return
}

// -----

func.func @contracting(%a: tensor<3x4xf32>, %b: tensor<5x2xf32>) {
  // expected-error @+1 {{'tfcc.matmul' op contracting dimensions differ: [3,4] x [5,2] (4 vs 5)}}
  %0 = tfcc.matmul %a, %b : tensor<3x4xf32>, tensor<5x2xf32>
  return
}

// -----

func.func @contracting_batched(%a: tensor<?x3x4xi64>, %b: tensor<?x3x4xi64>) {
  // expected-error @+1 {{'tfcc.matmul' op contracting dimensions differ: [?,3,4] x [?,3,4] (4 vs 3)}}
  %0 = tfcc.matmul %a, %b : tensor<?x3x4xi64>, tensor<?x3x4xi64>
  return
}

// -----

// With transpose_b the contracting dimension of b is its last one (3 here).
func.func @contracting_transposed(%a: tensor<2x4xf32>, %b: tensor<4x3xf32>) {
  // expected-error @+2 {{'tfcc.matmul' op contracting dimensions differ: [2,4] x [4,3] (4 vs 3)}}
  // expected-error @+1 {{'tfcc.matmul' op failed to infer returned types}}
  %0 = "tfcc.matmul"(%a, %b) <{transpose_b = true}> : (tensor<2x4xf32>, tensor<4x3xf32>) -> tensor<2x4xf32>
  return
}

// -----

func.func @batch(%a: tensor<2x3x4xf32>, %b: tensor<5x4x6xf32>) {
  // expected-error @+1 {{'tfcc.matmul' op batch dimensions of [2,3,4] and [5,4,6] are not broadcast-compatible}}
  %0 = tfcc.matmul %a, %b : tensor<2x3x4xf32>, tensor<5x4x6xf32>
  return
}

// -----

func.func @result(%a: tensor<3x4xf32>, %b: tensor<4x2xf32>) {
  // expected-error @+2 {{'tfcc.matmul' op inferred type(s) 'tensor<3x2xf32>' are incompatible with return type(s) of operation 'tensor<3x4xf32>'}}
  // expected-error @+1 {{'tfcc.matmul' op failed to infer returned types}}
  %0 = "tfcc.matmul"(%a, %b) : (tensor<3x4xf32>, tensor<4x2xf32>) -> tensor<3x4xf32>
  return
}
