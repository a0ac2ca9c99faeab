// RUN: tfcc-opt %s -split-input-file -tfcc-thread-random-state -verify-diagnostics | FileCheck %s

// The generator state becomes the variable tfcc:random_counter (after the
// other variables): read at the start, one count per random op in program
// order, carried through a cond (both branches yield it) and a loop (one
// more loop variable), written back at the end.

tfcc.variable @W : tensor<2xf32> = dense<0.0>

// CHECK: tfcc.variable @W
// CHECK-NEXT: tfcc.variable @"tfcc:random_counter" : tensor<i64> = dense<0>
// CHECK-LABEL: func.func @step(
// CHECK-NEXT: %[[C0:.*]] = tfcc.read_variable @"tfcc:random_counter" : tensor<i64>
// CHECK-NEXT: %[[U:.*]] = tfcc.random "uniform"(%{{.*}}) counter %[[C0]] seed(1, 2) : tensor<?x2xf32>
// CHECK-NEXT: %[[ONE:.*]] = tfcc.constant dense<1> : tensor<i64>
// CHECK-NEXT: %[[C1:.*]] = tfcc.add %[[C0]], %[[ONE]]
// CHECK: %[[COND:.*]]:2 = tfcc.cond %{{.*}} -> (tensor<2xf32>, tensor<i64>) {
// CHECK-NEXT: %[[N:.*]] = tfcc.random "normal"() counter %[[C1]] seed(1, 3) : tensor<2xf32>
// CHECK: %[[C2:.*]] = tfcc.add %[[C1]], %{{.*}}
// CHECK-NEXT: tfcc.yield %[[N]], %[[C2]] : tensor<2xf32>, tensor<i64>
// CHECK-NEXT: } else {
// CHECK-NEXT: tfcc.yield %{{.*}}, %[[C1]] : tensor<2xf32>, tensor<i64>
// CHECK: %[[LOOP:.*]]:3 = tfcc.while (%{{.*}}, %{{.*}}, %[[COND]]#1) : (tensor<i32>, tensor<2xf32>, tensor<i64>) -> (tensor<i32>, tensor<2xf32>, tensor<i64>) cond {
// CHECK-NEXT: ^bb0(%{{.*}}: tensor<i32>, %{{.*}}: tensor<2xf32>, %{{.*}}: tensor<i64>):
// CHECK: } do {
// CHECK-NEXT: ^bb0(%[[I:.*]]: tensor<i32>, %[[V:.*]]: tensor<2xf32>, %[[CL:.*]]: tensor<i64>):
// CHECK-NEXT: %[[T:.*]] = tfcc.random "truncated_normal"() counter %[[CL]] seed(1, 4)
// CHECK: %[[CL1:.*]] = tfcc.add %[[CL]], %{{.*}}
// CHECK: tfcc.yield %{{.*}}, %{{.*}}, %[[CL1]] : tensor<i32>, tensor<2xf32>, tensor<i64>
// CHECK: tfcc.assign @"tfcc:random_counter", %[[LOOP]]#2 : tensor<i64>
// CHECK-NEXT: return
func.func @step(%n: tensor<i64>, %p: tensor<i1>) -> (tensor<?x2xf32>, tensor<2xf32>) {
  %u = tfcc.random "uniform" (%n) seed (1, 2) : tensor<?x2xf32>
  %z = tfcc.constant dense<0.0> : tensor<2xf32>
  %c = tfcc.cond %p -> (tensor<2xf32>) {
    %r = tfcc.random "normal" () seed (1, 3) : tensor<2xf32>
    tfcc.yield %r : tensor<2xf32>
  } else {
    tfcc.yield %z : tensor<2xf32>
  }
  %i0 = tfcc.constant dense<0> : tensor<i32>
  %ten = tfcc.constant dense<10> : tensor<i32>
  %one = tfcc.constant dense<1> : tensor<i32>
  %i, %v = tfcc.while (%i0, %c) : (tensor<i32>, tensor<2xf32>) -> (tensor<i32>, tensor<2xf32>)
  cond {
  ^bb0(%k: tensor<i32>, %x: tensor<2xf32>):
    %lt = tfcc.less %k, %ten : tensor<i32>, tensor<i32>
    tfcc.yield %lt : tensor<i1>
  } do {
  ^bb0(%k: tensor<i32>, %x: tensor<2xf32>):
    %t = tfcc.random "truncated_normal" () seed (1, 4) : tensor<2xf32>
    %x1 = tfcc.add %x, %t : tensor<2xf32>, tensor<2xf32>
    %k1 = tfcc.add %k, %one : tensor<i32>, tensor<i32>
    tfcc.yield %k1, %x1 : tensor<i32>, tensor<2xf32>
  }
  return %u, %v : tensor<?x2xf32>, tensor<2xf32>
}

// -----

// Without random ops nothing changes.
// CHECK-LABEL: func.func @none(
// CHECK-NEXT: return
// CHECK-NOT: tfcc:random_counter
func.func @none(%x: tensor<f32>) -> tensor<f32> {
  return %x : tensor<f32>
}

// -----

func.func @in_condition(%x: tensor<f32>) -> tensor<f32> {
  // expected-error @+1 {{random ops in a loop's condition are not supported}}
  %r = tfcc.while (%x) : (tensor<f32>) -> (tensor<f32>)
  cond {
  ^bb0(%a: tensor<f32>):
    %u = tfcc.random "uniform" () seed (0, 1) : tensor<f32>
    %lt = tfcc.less %a, %u : tensor<f32>, tensor<f32>
    tfcc.yield %lt : tensor<i1>
  } do {
  ^bb0(%a: tensor<f32>):
    tfcc.yield %a : tensor<f32>
  }
  return %r : tensor<f32>
}

// -----

// expected-error @+1 {{the symbol 'tfcc:random_counter' is taken; random ops need it}}
module {
  tfcc.variable @"tfcc:random_counter" : tensor<f32> = dense<0.0>
  func.func @taken() -> tensor<f32> {
    %u = tfcc.random "uniform" () seed (0, 1) : tensor<f32>
    return %u : tensor<f32>
  }
}
