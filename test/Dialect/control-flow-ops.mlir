// RUN: tfcc-opt %s | tfcc-opt | FileCheck %s

// CHECK-LABEL: func.func @cond
// CHECK: %[[R:.*]] = tfcc.cond %arg0 -> (tensor<?xf32>) {
// CHECK:   tfcc.yield %{{.*}} : tensor<4xf32>
// CHECK: } else {
// CHECK:   tfcc.yield %{{.*}} : tensor<8xf32>
// CHECK: }
func.func @cond(%p: tensor<i1>, %x: tensor<4xf32>) -> tensor<?xf32> {
  %r = tfcc.cond %p -> (tensor<?xf32>) {
    %a = tfcc.exp %x : tensor<4xf32>
    tfcc.yield %a : tensor<4xf32>
  } else {
    %b = tfcc.concat %x, %x axis = 0 : tensor<4xf32>, tensor<4xf32>
    tfcc.yield %b : tensor<8xf32>
  }
  return %r : tensor<?xf32>
}

// A cond for its effects alone yields nothing.
// CHECK-LABEL: func.func @cond_no_results
// CHECK: tfcc.cond %arg0 {
// CHECK:   tfcc.yield
// CHECK: } else {
func.func @cond_no_results(%p: tensor<i1>) {
  tfcc.cond %p {
    tfcc.yield
  } else {
    tfcc.yield
  }
  return
}

// CHECK-LABEL: func.func @while
// CHECK: %{{.*}}:2 = tfcc.while (%{{.*}}, %arg0) max %arg1 : tensor<i64> : (tensor<i32>, tensor<2xf32>) -> (tensor<i32>, tensor<?xf32>) cond {
// CHECK: ^bb0(%{{.*}}: tensor<i32>, %{{.*}}: tensor<?xf32>):
// CHECK:   tfcc.yield %{{.*}} : tensor<i1>
// CHECK: } do {
// CHECK:   tfcc.yield %{{.*}}, %{{.*}} : tensor<i32>, tensor<?xf32>
func.func @while(%x: tensor<2xf32>, %m: tensor<i64>) -> tensor<?xf32> {
  %zero = tfcc.constant dense<0> : tensor<i32>
  %one = tfcc.constant dense<1> : tensor<i32>
  %ten = tfcc.constant dense<10> : tensor<i32>
  %r:2 = tfcc.while (%zero, %x) max %m : tensor<i64>
      : (tensor<i32>, tensor<2xf32>) -> (tensor<i32>, tensor<?xf32>)
  cond {
  ^bb0(%i: tensor<i32>, %v: tensor<?xf32>):
    %p = tfcc.less %i, %ten : tensor<i32>, tensor<i32>
    tfcc.yield %p : tensor<i1>
  } do {
  ^bb0(%i: tensor<i32>, %v: tensor<?xf32>):
    %i1 = tfcc.add %i, %one : tensor<i32>, tensor<i32>
    %v1 = tfcc.concat %v, %v axis = 0 : tensor<?xf32>, tensor<?xf32>
    tfcc.yield %i1, %v1 : tensor<i32>, tensor<?xf32>
  }
  return %r#1 : tensor<?xf32>
}

// CHECK-LABEL: func.func @loop_state
// CHECK: %[[T:.*]] = tfcc.dim %arg0 axis = 0 : tensor<?x4xf32>
// CHECK: %[[Z:.*]] = tfcc.zeros(%[[T]]) : tensor<?x4xf32>
// CHECK: tfcc.set_item %[[Z]][%arg1], %arg2 : tensor<?x4xf32>, tensor<i32>, tensor<4xf32>
func.func @loop_state(%x: tensor<?x4xf32>, %i: tensor<i32>, %v: tensor<4xf32>) -> tensor<?x4xf32> {
  %t = tfcc.dim %x axis = 0 : tensor<?x4xf32>
  %z = tfcc.zeros(%t) : tensor<?x4xf32>
  %r = tfcc.set_item %z[%i], %v : tensor<?x4xf32>, tensor<i32>, tensor<4xf32>
  return %r : tensor<?x4xf32>
}

// CHECK-LABEL: func.func @dynamic_slice
// CHECK: tfcc.dynamic_slice %arg0, %arg1, %arg2 : tensor<5x?xf32>, tensor<2xi64>, tensor<2xi64> -> tensor<?x3xf32>
func.func @dynamic_slice(%x: tensor<5x?xf32>, %b: tensor<2xi64>, %s: tensor<2xi64>) -> tensor<?x3xf32> {
  %r = tfcc.dynamic_slice %x, %b, %s : tensor<5x?xf32>, tensor<2xi64>, tensor<2xi64> -> tensor<?x3xf32>
  return %r : tensor<?x3xf32>
}
