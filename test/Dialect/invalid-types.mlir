// RUN: tfcc-opt %s -split-input-file -verify-diagnostics

// Operand type constraints from the op definitions.

func.func @exp_int(%a: tensor<4xi32>) {
  // expected-error @+1 {{'tfcc.exp' op operand #0 must be ranked tensor of 32-bit float or 64-bit float values, but got 'tensor<4xi32>'}}
  %0 = tfcc.exp %a : tensor<4xi32>
  return
}

// -----

func.func @gelu_bool(%a: tensor<4xi1>) {
  // expected-error @+1 {{'tfcc.gelu' op operand #0 must be ranked tensor of 32-bit float or 64-bit float values, but got 'tensor<4xi1>'}}
  %0 = tfcc.gelu %a : tensor<4xi1>
  return
}

// -----

func.func @neg_bool(%a: tensor<4xi1>) {
  // expected-error @+1 {{'tfcc.neg' op operand #0 must be ranked tensor of 32-bit float or 64-bit float or 32-bit signless integer or 64-bit signless integer values, but got 'tensor<4xi1>'}}
  %0 = tfcc.neg %a : tensor<4xi1>
  return
}

// -----

func.func @add_f16(%a: tensor<4xf16>) {
  // expected-error @+1 {{'tfcc.add' op operand #0 must be ranked tensor of 32-bit float or 64-bit float or 32-bit signless integer or 64-bit signless integer values, but got 'tensor<4xf16>'}}
  %0 = tfcc.add %a, %a : tensor<4xf16>, tensor<4xf16>
  return
}

// -----

func.func @add_bool(%a: tensor<4xi1>) {
  // expected-error @+1 {{'tfcc.add' op operand #0 must be ranked tensor of 32-bit float or 64-bit float or 32-bit signless integer or 64-bit signless integer values, but got 'tensor<4xi1>'}}
  %0 = tfcc.add %a, %a : tensor<4xi1>, tensor<4xi1>
  return
}

// -----

func.func @equal_i8(%a: tensor<4xi8>) {
  // expected-error @+1 {{'tfcc.equal' op operand #0 must be ranked tensor of 32-bit float or 64-bit float or 32-bit signless integer or 64-bit signless integer or 1-bit signless integer values, but got 'tensor<4xi8>'}}
  %0 = tfcc.equal %a, %a : tensor<4xi8>, tensor<4xi8>
  return
}

// -----

func.func @select_cond(%a: tensor<4xf32>) {
  // expected-error @+1 {{'tfcc.select' op operand #0 must be ranked tensor of 1-bit signless integer values, but got 'tensor<4xf32>'}}
  %0 = tfcc.select %a, %a, %a : tensor<4xf32>, tensor<4xf32>, tensor<4xf32>
  return
}

// -----

func.func @reduce_bool(%a: tensor<4xi1>) {
  // expected-error @+1 {{'tfcc.reduce_sum' op operand #0 must be ranked tensor of 32-bit float or 64-bit float or 32-bit signless integer or 64-bit signless integer values, but got 'tensor<4xi1>'}}
  %0 = tfcc.reduce_sum %a axes = [0] : tensor<4xi1>
  return
}

// -----

func.func @softmax_int(%a: tensor<4xi32>) {
  // expected-error @+1 {{'tfcc.softmax' op operand #0 must be ranked tensor of 32-bit float or 64-bit float values, but got 'tensor<4xi32>'}}
  %0 = tfcc.softmax %a axis = 0 : tensor<4xi32>
  return
}

// -----

func.func @matmul_bool(%a: tensor<2x2xi1>) {
  // expected-error @+1 {{'tfcc.matmul' op operand #0 must be ranked tensor of 32-bit float or 64-bit float or 32-bit signless integer or 64-bit signless integer values, but got 'tensor<2x2xi1>'}}
  %0 = tfcc.matmul %a, %a : tensor<2x2xi1>, tensor<2x2xi1>
  return
}

// -----

func.func @cast_f16(%a: tensor<4xf32>) {
  // expected-error @+1 {{'tfcc.cast' op attribute 'to' failed to satisfy constraint: type attribute of f32, f64, i32, i64 or i1}}
  %0 = tfcc.cast %a to f16 : tensor<4xf32>
  return
}

// -----

func.func @transpose_f16(%a: tensor<4xf16>) {
  // expected-error @+1 {{'tfcc.transpose' op operand #0 must be ranked tensor of 32-bit float or 64-bit float or 32-bit signless integer or 64-bit signless integer or 1-bit signless integer values, but got 'tensor<4xf16>'}}
  %0 = tfcc.transpose %a perm = [0] : tensor<4xf16>
  return
}

// -----

// Only ranked tensors: the custom form asks for a ranked tensor type.
func.func @relu_unranked(%a: tensor<*xf32>) {
  // expected-error @+1 {{invalid kind of type specified: expected builtin.tensor, but found 'tensor<*xf32>'}}
  %0 = tfcc.relu %a : tensor<*xf32>
  return
}
