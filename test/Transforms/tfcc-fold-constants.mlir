// RUN: tfcc-opt %s --tfcc-fold-constants --split-input-file | FileCheck %s

// An ONNX LSTM's weight, sliced for the first direction and reshaped, and
// its two biases summed: all constants, the originals gone.
// CHECK-LABEL: func.func @lstm_weights
// CHECK-DAG: tfcc.constant dense<{{\[}}[1.000000e+00, 2.000000e+00, 3.000000e+00], [4.000000e+00, 5.000000e+00, 6.000000e+00]]> : tensor<2x3xf32>
// CHECK-DAG: tfcc.constant dense<[1.100000e+01, 2.200000e+01]> : tensor<2xf32>
// CHECK-NOT: tfcc.slice
// CHECK-NOT: tfcc.reshape
// CHECK-NOT: tfcc.add
// CHECK: tfcc.matmul
func.func @lstm_weights(%x: tensor<4x3xf32>) -> (tensor<4x2xf32>, tensor<2xf32>) {
  %w = tfcc.constant dense<[[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], [[7.0, 8.0, 9.0], [10.0, 11.0, 12.0]]]> : tensor<2x2x3xf32>
  %s = tfcc.slice %w begin = [0, 0, 0] size = [1, -1, -1] : tensor<2x2x3xf32>
  %r = tfcc.reshape %s [2, 3] : tensor<1x2x3xf32>
  %y = tfcc.matmul %x, %r {transpose_b = true} : tensor<4x3xf32>, tensor<2x3xf32>
  %b = tfcc.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %c = tfcc.constant dense<[10.0, 20.0]> : tensor<2xf32>
  %sum = tfcc.add %b, %c : tensor<2xf32>, tensor<2xf32>
  return %y, %sum : tensor<4x2xf32>, tensor<2xf32>
}

// -----

// A transpose, an inner slice with offsets in two dimensions, i64 and f64
// elements, a splat and a difference and product.
// CHECK-LABEL: func.func @shapes
// CHECK-DAG: tfcc.constant dense<{{\[}}[1, 4], [2, 5], [3, 6]]> : tensor<3x2xi64>
// CHECK-DAG: tfcc.constant dense<{{\[}}[5.000000e+00, 6.000000e+00]]> : tensor<1x2xf64>
// CHECK-DAG: tfcc.constant dense<7.000000e+00> : tensor<3x2xf32>
// CHECK-DAG: tfcc.constant dense<[-1.000000e+00, -2.000000e+00]> : tensor<2xf32>
// CHECK-DAG: tfcc.constant dense<[2.000000e+00, 8.000000e+00]> : tensor<2xf32>
// CHECK-NOT: tfcc.transpose
// CHECK-NOT: tfcc.slice
// CHECK-NOT: tfcc.sub
// CHECK-NOT: tfcc.mul
func.func @shapes() -> (tensor<3x2xi64>, tensor<1x2xf64>, tensor<3x2xf32>, tensor<2xf32>, tensor<2xf32>) {
  %i = tfcc.constant dense<[[1, 2, 3], [4, 5, 6]]> : tensor<2x3xi64>
  %t = tfcc.transpose %i perm = [1, 0] : tensor<2x3xi64>
  %f = tfcc.constant dense<[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 9.0]]> : tensor<3x3xf64>
  %s = tfcc.slice %f begin = [1, 1] size = [1, 2] : tensor<3x3xf64>
  %splat = tfcc.constant dense<7.0> : tensor<2x3xf32>
  %st = tfcc.transpose %splat perm = [1, 0] : tensor<2x3xf32>
  %a = tfcc.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %b = tfcc.constant dense<[2.0, 4.0]> : tensor<2xf32>
  %d = tfcc.sub %a, %b : tensor<2xf32>, tensor<2xf32>
  %p = tfcc.mul %a, %b : tensor<2xf32>, tensor<2xf32>
  return %t, %s, %st, %d, %p : tensor<3x2xi64>, tensor<1x2xf64>, tensor<3x2xf32>, tensor<2xf32>, tensor<2xf32>
}

// -----

// Left alone: a broadcasting add (the result is not the operands' shape),
// an op on a graph input, i1 elements.
// CHECK-LABEL: func.func @kept
// CHECK: tfcc.add
// CHECK: tfcc.reshape %arg0
// CHECK: tfcc.transpose
func.func @kept(%x: tensor<2x3xf32>) -> (tensor<2x2xf32>, tensor<3x2xf32>, tensor<2x1xi1>) {
  %a = tfcc.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %b = tfcc.constant dense<[[1.0], [2.0]]> : tensor<2x1xf32>
  %sum = tfcc.add %a, %b : tensor<2xf32>, tensor<2x1xf32>
  %r = tfcc.reshape %x [3, 2] : tensor<2x3xf32>
  %m = tfcc.constant dense<[[true, false]]> : tensor<1x2xi1>
  %t = tfcc.transpose %m perm = [1, 0] : tensor<1x2xi1>
  return %sum, %r, %t : tensor<2x2xf32>, tensor<3x2xf32>, tensor<2x1xi1>
}

// -----

// The first step of a recurrent layer: its zero state by the recurrent
// weight is zero. By a weight holding an infinity, or by an input, it is
// not (0 * inf is NaN).
// CHECK-LABEL: func.func @zero_state
// CHECK: %[[Z:.*]] = tfcc.constant dense<0.000000e+00> : tensor<4x3xf32>
// CHECK: tfcc.matmul
// CHECK: tfcc.matmul
// CHECK: return %[[Z]]
func.func @zero_state(%x: tensor<3x2xf32>) -> (tensor<4x3xf32>, tensor<4x2xf32>, tensor<4x2xf32>) {
  %h = tfcc.constant dense<0.0> : tensor<4x2xf32>
  %r = tfcc.constant dense<[[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]> : tensor<3x2xf32>
  %y = tfcc.matmul %h, %r {transpose_b = true} : tensor<4x2xf32>, tensor<3x2xf32>
  %inf = tfcc.constant dense<[[1.0, 0x7F800000], [3.0, 4.0]]> : tensor<2x2xf32>
  %n = tfcc.matmul %h, %inf : tensor<4x2xf32>, tensor<2x2xf32>
  %hx = tfcc.constant dense<0.0> : tensor<4x3xf32>
  %v = tfcc.matmul %hx, %x : tensor<4x3xf32>, tensor<3x2xf32>
  return %y, %n, %v : tensor<4x3xf32>, tensor<4x2xf32>, tensor<4x2xf32>
}
