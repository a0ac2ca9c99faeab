// RUN: tfcc-opt %s --convert-tfcc-control-flow-to-scf | FileCheck %s

// The predicate is read from its tensor; the regions move into scf.if, and a
// branch's more specific type is cast to the result's.
// CHECK-LABEL: func.func @cond
// CHECK: %[[P:.*]] = tensor.extract %arg0[] : tensor<i1>
// CHECK: %[[R:.*]] = scf.if %[[P]] -> (tensor<?xf32>) {
// CHECK:   %[[A:.*]] = tfcc.exp %arg1
// CHECK:   %[[C:.*]] = tensor.cast %[[A]] : tensor<4xf32> to tensor<?xf32>
// CHECK:   scf.yield %[[C]] : tensor<?xf32>
// CHECK: } else {
// CHECK:   tensor.cast %{{.*}} : tensor<8xf32> to tensor<?xf32>
// CHECK: }
// CHECK: return %[[R]]
// CHECK-NOT: tfcc.yield
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

// A maximum trip count is an i64 counter carried as the last loop variable
// and compared in the condition. The next value of a loop variable of static
// shape is copied into the iteration's own (its buffer is kept); one of a
// dynamic shape is not (its size may change).
// The loop updates its variables' buffers in place, so the arguments are
// marked read-only for bufferization (it copies one that starts a variable).
// CHECK-LABEL: func.func @while(%arg0: tensor<2xf32> {bufferization.writable = false}, %arg1: tensor<i32> {bufferization.writable = false})
// CHECK: %[[INIT:.*]] = tensor.cast %arg0 : tensor<2xf32> to tensor<?xf32>
// CHECK: %[[M:.*]] = tensor.extract %arg1[] : tensor<i32>
// CHECK: %[[LIMIT:.*]] = arith.extsi %[[M]] : i32 to i64
// CHECK: %[[ZERO:.*]] = arith.constant 0 : i64
// CHECK: %[[W:.*]]:3 = scf.while (%[[I:.*]] = %{{.*}}, %[[V:.*]] = %[[INIT]], %[[K:.*]] = %[[ZERO]]) : (tensor<i32>, tensor<?xf32>, i64) -> (tensor<i32>, tensor<?xf32>, i64) {
// CHECK:   %[[LT:.*]] = tfcc.less %[[I]], %{{.*}}
// CHECK:   %[[GO:.*]] = tensor.extract %[[LT]][] : tensor<i1>
// CHECK:   %[[BELOW:.*]] = arith.cmpi slt, %[[K]], %[[LIMIT]] : i64
// CHECK:   %[[BOTH:.*]] = arith.andi %[[GO]], %[[BELOW]] : i1
// CHECK:   scf.condition(%[[BOTH]]) %[[I]], %[[V]], %[[K]]
// CHECK: } do {
// CHECK: ^bb0(%[[I2:.*]]: tensor<i32>, %[[V2:.*]]: tensor<?xf32>, %[[K2:.*]]: i64):
// CHECK:   %[[I3:.*]] = tfcc.add %[[I2]]
// CHECK:   %[[NEXT:.*]] = tfcc.concat %[[V2]], %[[V2]]
// CHECK:   %[[I4:.*]] = linalg.copy ins(%[[I3]] : tensor<i32>) outs(%[[I2]] : tensor<i32>)
// CHECK:   %[[K3:.*]] = arith.addi %[[K2]], %{{.*}} : i64
// CHECK:   scf.yield %[[I4]], %[[NEXT]], %[[K3]] : tensor<i32>, tensor<?xf32>, i64
// CHECK: }
// CHECK: return %[[W]]#1
func.func @while(%x: tensor<2xf32>, %m: tensor<i32>) -> tensor<?xf32> {
  %zero = tfcc.constant dense<0> : tensor<i32>
  %one = tfcc.constant dense<1> : tensor<i32>
  %ten = tfcc.constant dense<10> : tensor<i32>
  %r:2 = tfcc.while (%zero, %x) max %m : tensor<i32>
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
