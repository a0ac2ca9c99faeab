// RUN: tfcc-opt %s -split-input-file -verify-diagnostics

func.func @add_shapes(%a: tensor<2xf32>, %b: tensor<3xf32>) {
  // expected-error @+1 {{'tfcc.add' op operand shapes [2] and [3] are not broadcast-compatible}}
  %0 = tfcc.add %a, %b : tensor<2xf32>, tensor<3xf32>
  return
}

// -----

// Shapes are aligned at the trailing dimension: [4,3] against [4] compares 3
// with 4.
func.func @mul_trailing(%a: tensor<4x3xf32>, %b: tensor<4xf32>) {
  // expected-error @+1 {{'tfcc.mul' op operand shapes [4,3] and [4] are not broadcast-compatible}}
  %0 = tfcc.mul %a, %b : tensor<4x3xf32>, tensor<4xf32>
  return
}

// -----

// A dynamic dimension elsewhere does not hide a static mismatch.
func.func @sub_dynamic(%a: tensor<?x2xi32>, %b: tensor<?x5xi32>) {
  // expected-error @+1 {{'tfcc.sub' op operand shapes [?,2] and [?,5] are not broadcast-compatible}}
  %0 = tfcc.sub %a, %b : tensor<?x2xi32>, tensor<?x5xi32>
  return
}

// -----

func.func @add_elements(%a: tensor<2xf32>, %b: tensor<2xf64>) {
  // expected-error @+1 {{'tfcc.add' op operand element types f32 and f64 differ}}
  %0 = tfcc.add %a, %b : tensor<2xf32>, tensor<2xf64>
  return
}

// -----

func.func @div_elements(%a: tensor<2xi32>, %b: tensor<2xi64>) {
  // expected-error @+1 {{'tfcc.div' op operand element types i32 and i64 differ}}
  %0 = tfcc.div %a, %b : tensor<2xi32>, tensor<2xi64>
  return
}

// -----

func.func @compare_elements(%a: tensor<2xi1>, %b: tensor<2xi32>) {
  // expected-error @+1 {{'tfcc.less' op operand element types i1 and i32 differ}}
  %0 = tfcc.less %a, %b : tensor<2xi1>, tensor<2xi32>
  return
}

// -----

func.func @compare_shapes(%a: tensor<3x2xf32>, %b: tensor<3xf32>) {
  // expected-error @+1 {{'tfcc.greater_equal' op operand shapes [3,2] and [3] are not broadcast-compatible}}
  %0 = tfcc.greater_equal %a, %b : tensor<3x2xf32>, tensor<3xf32>
  return
}

// -----

func.func @select_elements(%c: tensor<2xi1>, %a: tensor<2xf32>, %b: tensor<2xi32>) {
  // expected-error @+1 {{'tfcc.select' op 'on_true' and 'on_false' have different element types}}
  %0 = tfcc.select %c, %a, %b : tensor<2xi1>, tensor<2xf32>, tensor<2xi32>
  return
}

// -----

// All three shapes are named.
func.func @select_shapes(%c: tensor<3xi1>, %a: tensor<2x1xf32>, %b: tensor<2xf32>) {
  // expected-error @+1 {{'tfcc.select' op operand shapes [3] and [2,1] and [2] are not broadcast-compatible}}
  %0 = tfcc.select %c, %a, %b : tensor<3xi1>, tensor<2x1xf32>, tensor<2xf32>
  return
}

// -----

// The generic form states a result type; it must be the inferred one.
func.func @add_result(%a: tensor<4xf32>) {
  // expected-error @+2 {{'tfcc.add' op inferred type(s) 'tensor<4xf32>' are incompatible with return type(s) of operation 'tensor<5xf32>'}}
  // expected-error @+1 {{'tfcc.add' op failed to infer returned types}}
  %0 = "tfcc.add"(%a, %a) : (tensor<4xf32>, tensor<4xf32>) -> tensor<5xf32>
  return
}

// -----

// Comparisons produce i1, not the operands' element type.
func.func @equal_result(%a: tensor<4xf32>) {
  // expected-error @+2 {{'tfcc.equal' op inferred type(s) 'tensor<4xi1>' are incompatible with return type(s) of operation 'tensor<4xf32>'}}
  // expected-error @+1 {{'tfcc.equal' op failed to infer returned types}}
  %0 = "tfcc.equal"(%a, %a) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @neg_result(%a: tensor<4xf32>) {
  // expected-error @+1 {{'tfcc.neg' op requires the same type for all operands and results}}
  %0 = "tfcc.neg"(%a) : (tensor<4xf32>) -> tensor<4xf64>
  return
}
