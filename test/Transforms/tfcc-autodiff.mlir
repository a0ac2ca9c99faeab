// RUN: tfcc-opt %s -split-input-file -verify-diagnostics --tfcc-autodiff | FileCheck %s

// exp's rule multiplies by the exp's result: nothing is recomputed, and the
// default seed is ones.
// CHECK-LABEL: func.func @exp_uses_result
// CHECK-SAME: (%[[X:.*]]: tensor<4xf32>)
// CHECK: %[[E:.*]] = tfcc.exp %[[X]] : tensor<4xf32>
// CHECK: %[[ONE:.*]] = tfcc.constant dense<1.000000e+00> : tensor<f32>
// CHECK: %[[R:.*]] = tfcc.reshape %[[ONE]] [1] : tensor<f32>
// CHECK: %[[B:.*]] = tfcc.broadcast_to %[[R]] [4] : tensor<1xf32>
// CHECK: %[[G:.*]] = tfcc.mul %[[B]], %[[E]] : tensor<4xf32>, tensor<4xf32>
// CHECK-NOT: tfcc.exp
// CHECK: return %[[G]] : tensor<4xf32>
func.func @exp_uses_result(%x: tensor<4xf32>) -> tensor<4xf32> {
  %e = tfcc.exp %x : tensor<4xf32>
  %s = tfcc.reduce_sum %e axes = [0] : tensor<4xf32>
  %g = tfcc.gradients (%s : tensor<f32>) wrt (%x : tensor<4xf32>)
  return %g : tensor<4xf32>
}

// -----

// y = x*x + x: the seed reaches x along three uses, summed.
// CHECK-LABEL: func.func @paths
// CHECK-SAME: (%[[X:.*]]: tensor<3xf64>, %[[DY:.*]]: tensor<3xf64>)
// CHECK: %[[A:.*]] = tfcc.mul %[[DY]], %[[X]]
// CHECK: %[[B:.*]] = tfcc.mul %[[DY]], %[[X]]
// CHECK: %[[S1:.*]] = tfcc.add %[[DY]], %[[A]]
// CHECK: %[[S2:.*]] = tfcc.add %[[S1]], %[[B]]
// CHECK: return %[[S2]]
func.func @paths(%x: tensor<3xf64>, %dy: tensor<3xf64>) -> tensor<3xf64> {
  %m = tfcc.mul %x, %x : tensor<3xf64>, tensor<3xf64>
  %r = tfcc.add %m, %x : tensor<3xf64>, tensor<3xf64>
  %g = tfcc.gradients (%r : tensor<3xf64>) wrt (%x : tensor<3xf64>) seeds (%dy : tensor<3xf64>)
  return %g : tensor<3xf64>
}

// -----

// y = x * stop_gradient(x): only the first operand's path counts, so the
// gradient is dy * x, and stop_gradient is gone once differentiated.
// CHECK-LABEL: func.func @stop_gradient
// CHECK-SAME: (%[[X:.*]]: tensor<3xf64>, %[[DY:.*]]: tensor<3xf64>)
// CHECK: %[[Y:.*]] = tfcc.mul %[[X]], %[[X]]
// CHECK: %[[G:.*]] = tfcc.mul %[[DY]], %[[X]]
// CHECK-NOT: tfcc.add
// CHECK-NOT: tfcc.stop_gradient
// CHECK: return %[[Y]], %[[G]]
func.func @stop_gradient(%x: tensor<3xf64>, %dy: tensor<3xf64>) -> (tensor<3xf64>, tensor<3xf64>) {
  %c = tfcc.stop_gradient %x : tensor<3xf64>
  %y = tfcc.mul %x, %c : tensor<3xf64>, tensor<3xf64>
  %g = tfcc.gradients (%y : tensor<3xf64>) wrt (%x : tensor<3xf64>) seeds (%dy : tensor<3xf64>)
  return %y, %g : tensor<3xf64>, tensor<3xf64>
}

// -----

// %u is not reached and %v only through an integer: both get zeros, the
// dynamic one with its run-time size taken at the start of the function.
// CHECK-LABEL: func.func @unreached
// CHECK-SAME: (%{{.*}}: tensor<2xf32>, %[[U:.*]]: tensor<?x3xf32>, %{{.*}}: tensor<3xf32>)
// CHECK-NEXT: %[[C0:.*]] = arith.constant 0 : index
// CHECK-NEXT: %[[DIM:.*]] = tensor.dim %[[U]], %[[C0]] : tensor<?x3xf32>
// CHECK: %[[Z:.*]] = arith.constant 0.000000e+00 : f32
// CHECK: %[[GU:.*]] = tensor.splat %[[Z]][%[[DIM]]] : tensor<?x3xf32>
// CHECK: %[[GV:.*]] = tfcc.constant dense<0.000000e+00> : tensor<3xf32>
// CHECK: return %[[GU]], %[[GV]]
func.func @unreached(%x: tensor<2xf32>, %u: tensor<?x3xf32>, %v: tensor<3xf32>) -> (tensor<?x3xf32>, tensor<3xf32>) {
  %i = tfcc.cast %v to i32 : tensor<3xf32>
  %f = tfcc.cast %i to f32 : tensor<3xi32>
  %s = tfcc.reduce_sum %f axes = [0] : tensor<3xf32>
  %t = tfcc.reduce_sum %x axes = [0] : tensor<2xf32>
  %y = tfcc.add %s, %t : tensor<f32>, tensor<f32>
  %g:2 = tfcc.gradients (%y : tensor<f32>) wrt (%u, %v : tensor<?x3xf32>, tensor<3xf32>)
  return %g#0, %g#1 : tensor<?x3xf32>, tensor<3xf32>
}

// -----

// The broadcast operand's gradient is summed over the dimension it was
// stretched along; the seed of the dynamic y has y's run-time size.
// CHECK-LABEL: func.func @broadcast
// CHECK: %[[Y:.*]] = tfcc.add
// CHECK: %[[DIM:.*]] = tensor.dim %[[Y]], %{{.*}} : tensor<?x3xf32>
// CHECK: %[[ONES:.*]] = tensor.splat %{{.*}}[%[[DIM]]] : tensor<?x3xf32>
// CHECK: %[[G:.*]] = tfcc.reduce_sum %[[ONES]] axes = [0] : tensor<?x3xf32>
// CHECK: return %[[G]] : tensor<3xf32>
func.func @broadcast(%a: tensor<?x3xf32>, %b: tensor<3xf32>) -> tensor<3xf32> {
  %y = tfcc.add %a, %b : tensor<?x3xf32>, tensor<3xf32>
  %g = tfcc.gradients (%y : tensor<?x3xf32>) wrt (%b : tensor<3xf32>)
  return %g : tensor<3xf32>
}

// -----

// reduce_mean over a dynamic dimension divides by its run-time size, read
// before the forward op so that x need not stay alive for it.
// CHECK-LABEL: func.func @mean_dynamic
// CHECK-SAME: (%[[X:.*]]: tensor<?x4xf32>)
// CHECK: %[[N:.*]] = tensor.dim %[[X]], %{{.*}} : tensor<?x4xf32>
// CHECK: %[[M:.*]] = tfcc.reduce_mean %[[X]] axes = [0]
// CHECK: %[[T:.*]] = tfcc.tanh %[[M]]
// CHECK: tfcc.mul %[[T]], %[[T]]
// CHECK: %[[K:.*]] = tfcc.reshape %{{.*}} [1, 4] : tensor<4xf32>
// CHECK: %[[I:.*]] = arith.index_cast %{{.*}} : index to i64
// CHECK: %[[F:.*]] = arith.sitofp %[[I]] : i64 to f32
// CHECK: %[[COUNT:.*]] = tensor.from_elements %[[F]] : tensor<f32>
// CHECK: %[[D:.*]] = tfcc.div %[[K]], %[[COUNT]] : tensor<1x4xf32>, tensor<f32>
// CHECK: %[[Z:.*]] = tensor.splat %{{.*}} : tensor<?x4xf32>
// CHECK: %[[G:.*]] = tfcc.add %[[D]], %[[Z]] : tensor<1x4xf32>, tensor<?x4xf32>
// CHECK: return %[[G]] : tensor<?x4xf32>
func.func @mean_dynamic(%x: tensor<?x4xf32>) -> tensor<?x4xf32> {
  %m = tfcc.reduce_mean %x axes = [0] : tensor<?x4xf32>
  %t = tfcc.tanh %m : tensor<4xf32>
  %g = tfcc.gradients (%t : tensor<4xf32>) wrt (%x : tensor<?x4xf32>)
  return %g : tensor<?x4xf32>
}

// -----

// gather's gradient is a segment sum of dy into the rows read, with the
// indices normalized (negative from the end) and clamped like gather's.
// CHECK-LABEL: func.func @gather
// CHECK-SAME: (%[[P:.*]]: tensor<10x4xf32>, %[[I:.*]]: tensor<?xi64>)
// CHECK: %[[NEG:.*]] = tfcc.less %[[I]], %{{.*}} : tensor<?xi64>, tensor<i64>
// CHECK: %[[WRAP:.*]] = tfcc.add %[[I]], %{{.*}} : tensor<?xi64>, tensor<i64>
// CHECK: %[[N:.*]] = tfcc.select %[[NEG]], %[[WRAP]], %[[I]]
// CHECK: %[[LO:.*]] = tfcc.maximum %[[N]]
// CHECK: %[[HI:.*]] = tfcc.minimum %[[LO]]
// CHECK: %[[G:.*]] = tfcc.unsorted_segment_sum %{{.*}}, %[[HI]] {num_segments = 10 : i64} : tensor<?x4xf32>, tensor<?xi64>
// CHECK: return %[[G]] : tensor<10x4xf32>
func.func @gather(%p: tensor<10x4xf32>, %i: tensor<?xi64>) -> tensor<10x4xf32> {
  %e = tfcc.gather %p, %i : tensor<10x4xf32>, tensor<?xi64>
  %g = tfcc.gradients (%e : tensor<?x4xf32>) wrt (%p : tensor<10x4xf32>)
  return %g : tensor<10x4xf32>
}

// -----

// matmul with transpose_b: dA = dC B, dB = dC^T A.
// CHECK-LABEL: func.func @matmul_transpose_b
// CHECK-SAME: (%[[A:.*]]: tensor<?x8xf32>, %[[B:.*]]: tensor<5x8xf32>, %[[DC:.*]]: tensor<?x5xf32>)
// CHECK: %[[DA:.*]] = tfcc.matmul %[[DC]], %[[B]] : tensor<?x5xf32>, tensor<5x8xf32>
// CHECK: %[[DB:.*]] = tfcc.matmul %[[DC]], %[[A]] {transpose_a = true} : tensor<?x5xf32>, tensor<?x8xf32>
// CHECK: return %[[DA]], %[[DB]]
func.func @matmul_transpose_b(%a: tensor<?x8xf32>, %b: tensor<5x8xf32>, %dc: tensor<?x5xf32>) -> (tensor<?x8xf32>, tensor<5x8xf32>) {
  %c = tfcc.matmul %a, %b {transpose_b = true} : tensor<?x8xf32>, tensor<5x8xf32>
  %g:2 = tfcc.gradients (%c : tensor<?x5xf32>) wrt (%a, %b : tensor<?x8xf32>, tensor<5x8xf32>) seeds (%dc : tensor<?x5xf32>)
  return %g#0, %g#1 : tensor<?x8xf32>, tensor<5x8xf32>
}

// -----

func.func private @callee(tensor<4xf32>) -> tensor<4xf32>
func.func @no_rule(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{tfcc.gradients: no gradient rule for 'func.call'}}
  %y = func.call @callee(%x) : (tensor<4xf32>) -> tensor<4xf32>
  %g = tfcc.gradients (%y : tensor<4xf32>) wrt (%x : tensor<4xf32>)
  return %g : tensor<4xf32>
}

// -----

// Rows only the run knows (dynamic_partition's): dy's rows are added into
// zeros of params' shape, negative indices counted from the end.
// CHECK-LABEL: func.func @gather_dynamic
// CHECK: tfcc.dim %{{.*}} axis = 0
// CHECK: tfcc.select
// CHECK: %[[Z:.*]] = tensor.splat
// CHECK: tfcc.scatter "add" %[[Z]][
func.func @gather_dynamic(%p: tensor<?x4xf32>, %i: tensor<3xi64>) -> tensor<?x4xf32> {
  %e = tfcc.gather %p, %i : tensor<?x4xf32>, tensor<3xi64>
  %g = tfcc.gradients (%e : tensor<3x4xf32>) wrt (%p : tensor<?x4xf32>)
  return %g : tensor<?x4xf32>
}

// -----

func.func @gather_dynamic_axis(%p: tensor<4x?xf32>, %i: tensor<3xi64>) -> tensor<4x?xf32> {
  // expected-error @+1 {{tfcc.gradients: the gradient of 'tfcc.gather' needs a static size along axis 1 of its params}}
  %e = tfcc.gather %p, %i {axis = 1 : i64} : tensor<4x?xf32>, tensor<3xi64>
  %g = tfcc.gradients (%e : tensor<4x3xf32>) wrt (%p : tensor<4x?xf32>)
  return %g : tensor<4x?xf32>
}

// -----

// The gradient of a cond is a cond on the same predicate whose branches
// differentiate the (cloned) forward branches to the values from above that
// they use: %x in both (its gradient is the sum of the one branch taken),
// %w in the then branch alone (zeros from the else branch).
// CHECK-LABEL: func.func @cond
// CHECK: %[[F:.*]] = tfcc.cond %arg0 -> (tensor<3xf32>) {
// CHECK: %[[G:.*]]:2 = tfcc.cond %arg0 -> (tensor<3xf32>, tensor<3xf32>) {
// CHECK:   %[[T:.*]] = tfcc.tanh %arg1
// CHECK:   tfcc.yield %{{.*}}, %{{.*}} : tensor<3xf32>, tensor<3xf32>
// CHECK: } else {
// CHECK:   %[[Z:.*]] = tfcc.constant dense<0.000000e+00> : tensor<3xf32>
// CHECK:   tfcc.yield %{{.*}}, %[[Z]] : tensor<3xf32>, tensor<3xf32>
// CHECK: }
// CHECK: return %[[G]]#0, %[[G]]#1
func.func @cond(%p: tensor<i1>, %x: tensor<3xf32>, %w: tensor<3xf32>) -> (tensor<3xf32>, tensor<3xf32>) {
  %y = tfcc.cond %p -> (tensor<3xf32>) {
    %t = tfcc.tanh %x : tensor<3xf32>
    %m = tfcc.mul %t, %w : tensor<3xf32>, tensor<3xf32>
    tfcc.yield %m : tensor<3xf32>
  } else {
    %e = tfcc.exp %x : tensor<3xf32>
    tfcc.yield %e : tensor<3xf32>
  }
  %g:2 = tfcc.gradients (%y : tensor<3xf32>) wrt (%x, %w : tensor<3xf32>, tensor<3xf32>)
  return %g#0, %g#1 : tensor<3xf32>, tensor<3xf32>
}

// -----

// The gradient of a while loop: the forward loop also counts its iterations
// and pushes its variables in place onto stacks (the ops marked, so that
// another tfcc.gradients through it reuses them). The program's loop runs
// inside one that doubles the stacks whenever they are full and the
// condition still holds. A backward loop from the last iteration to the
// first reads them back, computes the body again and differentiates it; the
// gradient of %w, used from above, accumulates in a variable of its own.
// CHECK-LABEL: func.func @while
// CHECK: %[[E:.*]] = tfcc.zeros(%{{.*}}) : tensor<?x3xf32>
// CHECK: %[[F:.*]]:7 = tfcc.while (%{{.*}}, %arg0, %{{.*}}, %{{.*}}, %[[E]], %{{.*}}, %{{.*}}) {tfcc.stacked_vars = 2 : i64} : (tensor<i32>, tensor<3xf32>, tensor<i64>, tensor<?xi32>, tensor<?x3xf32>, tensor<i64>, tensor<i1>) -> (tensor<i32>, tensor<3xf32>, tensor<i64>, tensor<?xi32>, tensor<?x3xf32>, tensor<i64>, tensor<i1>) cond {
// CHECK:   tfcc.logical_not
// CHECK: } do {
// CHECK: ^bb0({{.*}}, %[[CAP:.*]]: tensor<i64>, %{{.*}}: tensor<i1>):
// CHECK:   %[[IN:.*]]:5 = tfcc.while
// CHECK:     %[[MORE:.*]] = tfcc.less %{{.*}}, %arg2
// CHECK:     %[[ROOM:.*]] = tfcc.less %{{.*}}, %[[CAP]]
// CHECK:     tfcc.logical_and %[[MORE]], %[[ROOM]]
// CHECK:   } do {
// CHECK:   ^bb0(%{{.*}}: tensor<i32>, %[[V0:.*]]: tensor<3xf32>, %[[N:.*]]: tensor<i64>, %{{.*}}: tensor<?xi32>, %[[S:.*]]: tensor<?x3xf32>):
// CHECK:     tfcc.set_item %[[S]][%[[N]]], %[[V0]] {tfcc.stack}
// CHECK:   %[[AGAIN:.*]] = tfcc.less %[[IN]]#0, %arg2
// CHECK:   tfcc.cond %[[AGAIN]] -> (tensor<?xi32>, tensor<?x3xf32>, tensor<i64>) {
// CHECK:     tfcc.concat %[[IN]]#4, %{{.*}} axis = 0 : tensor<?x3xf32>, tensor<?x3xf32>
// CHECK:   } else {
// CHECK:     tfcc.yield %[[IN]]#3, %[[IN]]#4
// CHECK: %[[LAST:.*]] = tfcc.sub %[[F]]#2, %{{.*}} : tensor<i64>, tensor<i64>
// CHECK: %[[B:.*]]:3 = tfcc.while (%[[LAST]], %{{.*}}, %{{.*}}) : (tensor<i64>, tensor<3xf32>, tensor<3xf32>)
// CHECK:   tfcc.greater_equal
// CHECK: } do {
// CHECK: ^bb0(%[[J:.*]]: tensor<i64>, %{{.*}}: tensor<3xf32>, %{{.*}}: tensor<3xf32>):
// CHECK:   %[[V:.*]] = tfcc.gather %[[F]]#4, %[[J]]
// CHECK:   tfcc.mul %[[V]], %arg1
// CHECK: return %[[B]]#1, %[[B]]#2
func.func @while(%x: tensor<3xf32>, %w: tensor<3xf32>, %n: tensor<i32>) -> (tensor<3xf32>, tensor<3xf32>) {
  %zero = tfcc.constant dense<0> : tensor<i32>
  %one = tfcc.constant dense<1> : tensor<i32>
  %r:2 = tfcc.while (%zero, %x) : (tensor<i32>, tensor<3xf32>) -> (tensor<i32>, tensor<3xf32>)
  cond {
  ^bb0(%i: tensor<i32>, %v: tensor<3xf32>):
    %p = tfcc.less %i, %n : tensor<i32>, tensor<i32>
    tfcc.yield %p : tensor<i1>
  } do {
  ^bb0(%i: tensor<i32>, %v: tensor<3xf32>):
    %m = tfcc.mul %v, %w : tensor<3xf32>, tensor<3xf32>
    %t = tfcc.tanh %m : tensor<3xf32>
    %i1 = tfcc.add %i, %one : tensor<i32>, tensor<i32>
    tfcc.yield %i1, %t : tensor<i32>, tensor<3xf32>
  }
  %g:2 = tfcc.gradients (%r#1 : tensor<3xf32>) wrt (%x, %w : tensor<3xf32>, tensor<3xf32>)
  return %g#0, %g#1 : tensor<3xf32>, tensor<3xf32>
}
