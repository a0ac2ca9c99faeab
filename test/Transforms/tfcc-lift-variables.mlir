// RUN: tfcc-opt %s -split-input-file -tfcc-lift-variables -verify-diagnostics | FileCheck %s

// A read, a read-modify-write and a plain write, in block order: the
// variables become trailing arguments (used) and results (written), in the
// order of their declarations.

tfcc.variable @W : tensor<2x3xf32> = dense<0.0>
tfcc.variable @b : tensor<3xf32> = dense<1.0>
tfcc.variable @unused : tensor<f32> = dense<0.0>

// CHECK: tfcc.variable @W
// CHECK-LABEL: func.func @step(
// CHECK-SAME: %[[X:[^:]*]]: tensor<2x3xf32> {tfcc.name = "x"},
// CHECK-SAME: %[[W:[^:]*]]: tensor<2x3xf32> {tfcc.variable = "W"},
// CHECK-SAME: %[[B:[^:]*]]: tensor<3xf32> {tfcc.variable = "b"})
// CHECK-SAME: -> (tensor<2x3xf32> {tfcc.name = "y"}, tensor<2x3xf32> {tfcc.variable = "W"}, tensor<3xf32> {tfcc.variable = "b"})
// CHECK-NEXT: %[[W1:.*]] = tfcc.add %[[W]], %[[X]]
// CHECK-NEXT: %[[Y:.*]] = tfcc.add %[[W]], %[[W1]]
// CHECK-NEXT: %[[D:.*]] = tfcc.constant
// CHECK-NEXT: %[[B1:.*]] = tfcc.sub %[[B]], %[[D]]
// CHECK-NEXT: return %[[Y]], %[[W1]], %[[B1]]
func.func @step(%x: tensor<2x3xf32> {tfcc.name = "x"})
    -> (tensor<2x3xf32> {tfcc.name = "y"}) {
  %w0 = tfcc.read_variable @W : tensor<2x3xf32>
  %w1 = tfcc.assign_add @W, %x : tensor<2x3xf32>
  %w2 = tfcc.read_variable @W : tensor<2x3xf32>
  %y = tfcc.add %w0, %w2 : tensor<2x3xf32>, tensor<2x3xf32>
  %b0 = tfcc.read_variable @b : tensor<3xf32>
  %b1 = tfcc.assign @b, %b0 : tensor<3xf32>
  %d = tfcc.constant dense<0.5> : tensor<3xf32>
  %b2 = tfcc.assign_sub @b, %d : tensor<3xf32>
  return %y : tensor<2x3xf32>
}

// Read only: an argument, no result.
// CHECK-LABEL: func.func @predict(
// CHECK-SAME: %[[B:[^:]*]]: tensor<3xf32> {tfcc.variable = "b"}) -> tensor<3xf32>
// CHECK-NEXT: return %[[B]]
func.func @predict() -> tensor<3xf32> {
  %b = tfcc.read_variable @b : tensor<3xf32>
  return %b : tensor<3xf32>
}

// A function without variables is left alone.
// CHECK-LABEL: func.func @pure(%{{.*}}: tensor<3xf32>) -> tensor<3xf32>
func.func @pure(%x: tensor<3xf32>) -> tensor<3xf32> {
  return %x : tensor<3xf32>
}

// -----

// The value an assign returns is the variable's new value; a write-only
// variable is still an argument (the runtime passes every used variable).
tfcc.variable @v : tensor<2xi64> = dense<0>

// CHECK-LABEL: func.func @write_only(
// CHECK-SAME: %[[N:[^:]*]]: tensor<2xi64>, %{{[^:]*}}: tensor<2xi64> {tfcc.variable = "v"})
// CHECK-SAME: -> (tensor<2xi64>, tensor<2xi64> {tfcc.variable = "v"})
// CHECK-NEXT: return %[[N]], %[[N]]
func.func @write_only(%n: tensor<2xi64>) -> tensor<2xi64> {
  %r = tfcc.assign @v, %n : tensor<2xi64>
  return %r : tensor<2xi64>
}

// -----

// A variable whose name is taken by the function keeps it in tfcc.name.
tfcc.variable @step_var : tensor<i64> = dense<0> {tfcc.name = "step"}

// CHECK-LABEL: func.func @step(
// CHECK-SAME: %{{[^:]*}}: tensor<i64> {tfcc.variable = "step"}) -> (tensor<i64> {tfcc.variable = "step"})
func.func @step() {
  %one = tfcc.constant dense<1> : tensor<i64>
  %0 = tfcc.assign_add @step_var, %one : tensor<i64>
  return
}

// -----

tfcc.variable @v : tensor<2xf32> = dense<0.0>

func.func @uses(%x: tensor<2xf32>) {
  %0 = tfcc.assign_add @v, %x : tensor<2xf32>
  return
}

func.func @caller(%x: tensor<2xf32>) {
  // expected-error @+1 {{function 'caller' calls 'uses', which uses variables; calls to such functions are not supported (inline the callee first)}}
  func.call @uses(%x) : (tensor<2xf32>) -> ()
  return
}

// -----

tfcc.variable @v : tensor<2xf32> = dense<0.0>

func.func @nested(%c: i1, %x: tensor<2xf32>) {
  cf.cond_br %c, ^a, ^b
^a:
  // expected-error @+1 {{variables can be used only in a function's body block, not in a nested region or another block}}
  %0 = tfcc.assign_add @v, %x : tensor<2xf32>
  cf.br ^b
^b:
  return
}
