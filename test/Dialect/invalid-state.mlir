// RUN: tfcc-opt %s -split-input-file -verify-diagnostics

// Every verifier message of tfcc.variable and the ops that use variables.

// expected-error @+1 {{'tfcc.variable' op variable 'W' must have a static shape, got 'tensor<?x3xf32>'}}
"tfcc.variable"() <{sym_name = "W", type = tensor<?x3xf32>, initial_value = dense<0.0> : tensor<1x3xf32>}> : () -> ()

// -----

// expected-error @+1 {{'tfcc.variable' op initial value of type 'tensor<3xf32>' does not match the type 'tensor<2x3xf32>' of variable 'W'}}
"tfcc.variable"() <{sym_name = "W", type = tensor<2x3xf32>, initial_value = dense<0.0> : tensor<3xf32>}> : () -> ()

// -----

// expected-error @+1 {{expected an elements attribute as initial value}}
tfcc.variable @W : tensor<2xf32> = [1.0]

// -----

func.func @missing() -> tensor<2xf32> {
  // expected-error @+1 {{'tfcc.read_variable' op 'V' names no variable}}
  %0 = tfcc.read_variable @V : tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @not_a_variable(%x: tensor<2xf32>) -> tensor<2xf32> {
  // expected-error @+1 {{'tfcc.assign' op 'not_a_variable' names a 'func.func', not a tfcc.variable}}
  %0 = tfcc.assign @not_a_variable, %x : tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

tfcc.variable @V : tensor<2xf32> = dense<0.0>
func.func @read_type() -> tensor<3xf32> {
  // expected-error @+1 {{'tfcc.read_variable' op type 'tensor<3xf32>' does not match the type 'tensor<2xf32>' of variable 'V'}}
  %0 = tfcc.read_variable @V : tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

tfcc.variable @V : tensor<2xf32> = dense<0.0>
func.func @assign_type(%x: tensor<2xf64>) -> tensor<2xf64> {
  // expected-error @+1 {{'tfcc.assign' op type 'tensor<2xf64>' does not match the type 'tensor<2xf32>' of variable 'V'}}
  %0 = tfcc.assign @V, %x : tensor<2xf64>
  return %0 : tensor<2xf64>
}

// -----

tfcc.variable @V : tensor<2xf32> = dense<0.0>
func.func @assign_add_type(%x: tensor<?xf32>) -> tensor<?xf32> {
  // expected-error @+1 {{'tfcc.assign_add' op type 'tensor<?xf32>' does not match the type 'tensor<2xf32>' of variable 'V'}}
  %0 = tfcc.assign_add @V, %x : tensor<?xf32>
  return %0 : tensor<?xf32>
}

// -----

tfcc.variable @V : tensor<2xf32> = dense<0.0>
func.func @assign_sub_type(%x: tensor<3xf32>) -> tensor<3xf32> {
  // expected-error @+1 {{'tfcc.assign_sub' op type 'tensor<3xf32>' does not match the type 'tensor<2xf32>' of variable 'V'}}
  %0 = tfcc.assign_sub @V, %x : tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

tfcc.variable @V : tensor<2xi1> = dense<false>
func.func @assign_add_bool(%x: tensor<2xi1>) -> tensor<2xi1> {
  // expected-error @+1 {{'tfcc.assign_add' op operand #0 must be ranked tensor of 32-bit float or 64-bit float or 32-bit signless integer or 64-bit signless integer values, but got 'tensor<2xi1>'}}
  %0 = tfcc.assign_add @V, %x : tensor<2xi1>
  return %0 : tensor<2xi1>
}

// -----

func.func @value_mismatch(%x: tensor<2xf32>) {
  // expected-error @+1 {{'tfcc.assign' op failed to verify that all of {value, result} have same type}}
  %0 = "tfcc.assign"(%x) <{variable = @V}> : (tensor<2xf32>) -> tensor<3xf32>
  return
}
