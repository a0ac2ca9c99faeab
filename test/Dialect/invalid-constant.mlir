// RUN: tfcc-opt %s -split-input-file -verify-diagnostics

func.func @vector() {
  // expected-error @+1 {{'tfcc.constant' op value must be a ranked tensor}}
  %0 = tfcc.constant dense<1.0> : vector<4xf32>
  return
}

// -----

func.func @dynamic() {
  // expected-error @+1 {{'tfcc.constant' op value must have a static shape}}
  %0 = tfcc.constant dense_resource<weights> : tensor<?xf32>
  return
}

// -----

func.func @result() {
  // expected-error @+2 {{'tfcc.constant' op inferred type(s) 'tensor<2xf32>' are incompatible with return type(s) of operation 'tensor<3xf32>'}}
  // expected-error @+1 {{'tfcc.constant' op failed to infer returned types}}
  %0 = "tfcc.constant"() <{value = dense<1.0> : tensor<2xf32>}> : () -> tensor<3xf32>
  return
}

// -----

func.func @element_type() {
  // expected-error @+1 {{'tfcc.constant' op result #0 must be ranked tensor of 32-bit float or 64-bit float or 32-bit signless integer or 64-bit signless integer or 1-bit signless integer values, but got 'tensor<2xf16>'}}
  %0 = tfcc.constant dense<1.0> : tensor<2xf16>
  return
}
