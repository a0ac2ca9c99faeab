// RUN: tfcc-opt %s -split-input-file -mlir-print-op-generic | FileCheck %s

// Result types are inferred from the operands while parsing the custom form;
// the generic form prints them.

// CHECK-LABEL: "broadcast"
// CHECK: "tfcc.add"(%{{.*}}, %{{.*}}) : (tensor<?x1xf32>, tensor<4xf32>) -> tensor<?x4xf32>
// CHECK: "tfcc.mul"(%{{.*}}, %{{.*}}) : (tensor<2x1x3xi32>, tensor<5x1xi32>) -> tensor<2x5x3xi32>
// CHECK: "tfcc.sub"(%{{.*}}, %{{.*}}) : (tensor<?x?xf64>, tensor<?x?xf64>) -> tensor<?x?xf64>
// CHECK: "tfcc.div"(%{{.*}}, %{{.*}}) : (tensor<?xf64>, tensor<1xf64>) -> tensor<?xf64>
// CHECK: "tfcc.maximum"(%{{.*}}, %{{.*}}) : (tensor<i64>, tensor<3x?xi64>) -> tensor<3x?xi64>
// CHECK: "tfcc.pow"(%{{.*}}, %{{.*}}) : (tensor<?x3xf32>, tensor<5x1xf32>) -> tensor<5x3xf32>
func.func @broadcast(%a: tensor<?x1xf32>, %b: tensor<4xf32>, %c: tensor<2x1x3xi32>, %d: tensor<5x1xi32>,
                     %e: tensor<?x?xf64>, %f: tensor<?xf64>, %g: tensor<1xf64>, %h: tensor<i64>,
                     %i: tensor<3x?xi64>, %j: tensor<?x3xf32>, %k: tensor<5x1xf32>) {
  %0 = tfcc.add %a, %b : tensor<?x1xf32>, tensor<4xf32>
  %1 = tfcc.mul %c, %d : tensor<2x1x3xi32>, tensor<5x1xi32>
  %2 = tfcc.sub %e, %e : tensor<?x?xf64>, tensor<?x?xf64>
  %3 = tfcc.div %f, %g : tensor<?xf64>, tensor<1xf64>
  %4 = tfcc.maximum %h, %i : tensor<i64>, tensor<3x?xi64>
  %5 = tfcc.pow %j, %k : tensor<?x3xf32>, tensor<5x1xf32>
  return
}

// -----

// Comparisons produce i1 with the broadcast shape.
// CHECK-LABEL: "compare"
// CHECK: "tfcc.less"(%{{.*}}, %{{.*}}) : (tensor<?x1xf32>, tensor<4xf32>) -> tensor<?x4xi1>
// CHECK: "tfcc.equal"(%{{.*}}, %{{.*}}) : (tensor<3xi64>, tensor<i64>) -> tensor<3xi1>
// CHECK: "tfcc.greater_equal"(%{{.*}}, %{{.*}}) : (tensor<2xi1>, tensor<2xi1>) -> tensor<2xi1>
func.func @compare(%a: tensor<?x1xf32>, %b: tensor<4xf32>, %c: tensor<3xi64>, %d: tensor<i64>, %p: tensor<2xi1>) {
  %0 = tfcc.less %a, %b : tensor<?x1xf32>, tensor<4xf32>
  %1 = tfcc.equal %c, %d : tensor<3xi64>, tensor<i64>
  %2 = tfcc.greater_equal %p, %p : tensor<2xi1>, tensor<2xi1>
  return
}

// -----

// Select broadcasts all three operands; the result has the values' type.
// CHECK-LABEL: "select"
// CHECK: "tfcc.select"(%{{.*}}, %{{.*}}, %{{.*}}) : (tensor<4xi1>, tensor<?x1xf32>, tensor<f32>) -> tensor<?x4xf32>
// CHECK: "tfcc.select"(%{{.*}}, %{{.*}}, %{{.*}}) : (tensor<i1>, tensor<2x1xi32>, tensor<3xi32>) -> tensor<2x3xi32>
func.func @select(%c: tensor<4xi1>, %x: tensor<?x1xf32>, %y: tensor<f32>, %s: tensor<i1>, %u: tensor<2x1xi32>, %v: tensor<3xi32>) {
  %0 = tfcc.select %c, %x, %y : tensor<4xi1>, tensor<?x1xf32>, tensor<f32>
  %1 = tfcc.select %s, %u, %v : tensor<i1>, tensor<2x1xi32>, tensor<3xi32>
  return
}

// -----

// CHECK-LABEL: "matmul"
// CHECK: "tfcc.matmul"(%{{.*}}, %{{.*}}) <{transpose_a = false, transpose_b = false}> : (tensor<?x784xf32>, tensor<784x10xf32>) -> tensor<?x10xf32>
// CHECK: "tfcc.matmul"(%{{.*}}, %{{.*}}) <{transpose_a = false, transpose_b = false}> : (tensor<8x?x3x4xi32>, tensor<4x5xi32>) -> tensor<8x?x3x5xi32>
// CHECK: "tfcc.matmul"(%{{.*}}, %{{.*}}) <{transpose_a = false, transpose_b = false}> : (tensor<2x1x3x4xf64>, tensor<5x4x?xf64>) -> tensor<2x5x3x?xf64>
func.func @matmul(%a: tensor<?x784xf32>, %w: tensor<784x10xf32>, %b: tensor<8x?x3x4xi32>, %c: tensor<4x5xi32>,
                  %d: tensor<2x1x3x4xf64>, %e: tensor<5x4x?xf64>) {
  %0 = tfcc.matmul %a, %w : tensor<?x784xf32>, tensor<784x10xf32>
  %1 = tfcc.matmul %b, %c : tensor<8x?x3x4xi32>, tensor<4x5xi32>
  %2 = tfcc.matmul %d, %e : tensor<2x1x3x4xf64>, tensor<5x4x?xf64>
  return
}

// -----

// Transposed operands, in the generic form: the verifier checks the stated
// result type against the inferred one.
// CHECK-LABEL: "matmul_transposed"
// CHECK: "tfcc.matmul"(%{{.*}}, %{{.*}}) <{transpose_a = false, transpose_b = true}> : (tensor<?x784xf32>, tensor<10x784xf32>) -> tensor<?x10xf32>
// CHECK: "tfcc.matmul"(%{{.*}}, %{{.*}}) <{transpose_a = true, transpose_b = false}> : (tensor<3x2xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
// CHECK: "tfcc.matmul"(%{{.*}}, %{{.*}}) <{transpose_a = true, transpose_b = true}> : (tensor<6x3x2xi64>, tensor<4x3xi64>) -> tensor<6x2x4xi64>
func.func @matmul_transposed(%a: tensor<?x784xf32>, %w: tensor<10x784xf32>, %b: tensor<3x2xf32>, %c: tensor<3x4xf32>,
                             %d: tensor<6x3x2xi64>, %e: tensor<4x3xi64>) {
  %0 = "tfcc.matmul"(%a, %w) <{transpose_b = true}> : (tensor<?x784xf32>, tensor<10x784xf32>) -> tensor<?x10xf32>
  %1 = "tfcc.matmul"(%b, %c) <{transpose_a = true}> : (tensor<3x2xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
  %2 = "tfcc.matmul"(%d, %e) <{transpose_a = true, transpose_b = true}> : (tensor<6x3x2xi64>, tensor<4x3xi64>) -> tensor<6x2x4xi64>
  return
}

// -----

// CHECK-LABEL: "reductions"
// CHECK: "tfcc.reduce_sum"(%{{.*}}) <{axes = array<i64: 1>}> : (tensor<?x4x5xf32>) -> tensor<?x5xf32>
// CHECK: "tfcc.reduce_sum"(%{{.*}}) <{axes = array<i64: 1>, keep_dims}> : (tensor<?x4x5xf32>) -> tensor<?x1x5xf32>
// CHECK: "tfcc.reduce_mean"(%{{.*}}) <{axes = array<i64: -1, 0>}> : (tensor<?x4x5xf32>) -> tensor<4xf32>
// CHECK: "tfcc.reduce_max"(%{{.*}}) <{axes = array<i64: 0, 1, 2>}> : (tensor<?x4x5xf32>) -> tensor<f32>
// CHECK: "tfcc.reduce_min"(%{{.*}}) <{axes = array<i64: 0, 1, 2>, keep_dims}> : (tensor<?x4x5xf32>) -> tensor<1x1x1xf32>
// CHECK: "tfcc.reduce_sum"(%{{.*}}) <{axes = array<i64>}> : (tensor<3x2xi32>) -> tensor<3x2xi32>
func.func @reductions(%x: tensor<?x4x5xf32>, %i: tensor<3x2xi32>) {
  %0 = tfcc.reduce_sum %x axes = [1] : tensor<?x4x5xf32>
  %1 = tfcc.reduce_sum %x axes = [1] keep_dims : tensor<?x4x5xf32>
  %2 = tfcc.reduce_mean %x axes = [-1, 0] : tensor<?x4x5xf32>
  %3 = tfcc.reduce_max %x axes = [0, 1, 2] : tensor<?x4x5xf32>
  %4 = tfcc.reduce_min %x axes = [0, 1, 2] keep_dims : tensor<?x4x5xf32>
  %5 = tfcc.reduce_sum %i axes = [] : tensor<3x2xi32>
  return
}

// -----

// CHECK-LABEL: "reshape"
// CHECK: "tfcc.reshape"(%{{.*}}) <{shape = array<i64: -1, 784>}> : (tensor<?x28x28xf32>) -> tensor<?x784xf32>
// CHECK: "tfcc.reshape"(%{{.*}}) <{shape = array<i64: 4, -1>}> : (tensor<2x6xf32>) -> tensor<4x3xf32>
// CHECK: "tfcc.reshape"(%{{.*}}) <{shape = array<i64: 12>}> : (tensor<2x6xf32>) -> tensor<12xf32>
// CHECK: "tfcc.reshape"(%{{.*}}) <{shape = array<i64: 3, 8>}> : (tensor<?x28x28xf32>) -> tensor<3x8xf32>
// CHECK: "tfcc.reshape"(%{{.*}}) <{shape = array<i64: 1, 1>}> : (tensor<i64>) -> tensor<1x1xi64>
// CHECK: "tfcc.reshape"(%{{.*}}) <{shape = array<i64>}> : (tensor<1x1xi64>) -> tensor<i64>
func.func @reshape(%x: tensor<?x28x28xf32>, %y: tensor<2x6xf32>, %s: tensor<i64>, %t: tensor<1x1xi64>) {
  %0 = tfcc.reshape %x [-1, 784] : tensor<?x28x28xf32>
  %1 = tfcc.reshape %y [4, -1] : tensor<2x6xf32>
  %2 = tfcc.reshape %y [12] : tensor<2x6xf32>
  %3 = tfcc.reshape %x [3, 8] : tensor<?x28x28xf32>
  %4 = tfcc.reshape %s [1, 1] : tensor<i64>
  %5 = tfcc.reshape %t [] : tensor<1x1xi64>
  return
}

// -----

// CHECK-LABEL: "transpose"
// CHECK: "tfcc.transpose"(%{{.*}}) <{perm = array<i64: 2, 0, 1>}> : (tensor<?x3x4xf32>) -> tensor<4x?x3xf32>
// CHECK: "tfcc.transpose"(%{{.*}}) <{perm = array<i64>}> : (tensor<i1>) -> tensor<i1>
func.func @transpose(%x: tensor<?x3x4xf32>, %b: tensor<i1>) {
  %0 = tfcc.transpose %x perm = [2, 0, 1] : tensor<?x3x4xf32>
  %1 = tfcc.transpose %b perm = [] : tensor<i1>
  return
}

// -----

// CHECK-LABEL: "broadcast_to"
// CHECK: "tfcc.broadcast_to"(%{{.*}}) <{shape = array<i64: 4, 3>}> : (tensor<3xf32>) -> tensor<4x3xf32>
// CHECK: "tfcc.broadcast_to"(%{{.*}}) <{shape = array<i64: 2, 5, 3>}> : (tensor<?x1xi32>) -> tensor<2x5x3xi32>
// CHECK: "tfcc.broadcast_to"(%{{.*}}) <{shape = array<i64: 2, 2>}> : (tensor<f64>) -> tensor<2x2xf64>
func.func @broadcast_to(%x: tensor<3xf32>, %y: tensor<?x1xi32>, %s: tensor<f64>) {
  %0 = tfcc.broadcast_to %x [4, 3] : tensor<3xf32>
  %1 = tfcc.broadcast_to %y [2, 5, 3] : tensor<?x1xi32>
  %2 = tfcc.broadcast_to %s [2, 2] : tensor<f64>
  return
}

// -----

// CHECK-LABEL: "concat"
// CHECK: "tfcc.concat"(%{{.*}}, %{{.*}}) <{axis = 0 : i64}> : (tensor<2x3xf32>, tensor<5x3xf32>) -> tensor<7x3xf32>
// CHECK: "tfcc.concat"(%{{.*}}, %{{.*}}) <{axis = 0 : i64}> : (tensor<2x3xf32>, tensor<?x3xf32>) -> tensor<?x3xf32>
// CHECK: "tfcc.concat"(%{{.*}}, %{{.*}}, %{{.*}}) <{axis = -1 : i64}> : (tensor<2x3xf32>, tensor<?x1xf32>, tensor<2x3xf32>) -> tensor<2x7xf32>
// CHECK: "tfcc.concat"(%{{.*}}, %{{.*}}) <{axis = 1 : i64}> : (tensor<?x3xf32>, tensor<2x?xf32>) -> tensor<2x?xf32>
func.func @concat(%a: tensor<2x3xf32>, %b: tensor<5x3xf32>, %c: tensor<?x3xf32>, %d: tensor<?x1xf32>, %e: tensor<2x?xf32>) {
  %0 = tfcc.concat %a, %b axis = 0 : tensor<2x3xf32>, tensor<5x3xf32>
  %1 = tfcc.concat %a, %c axis = 0 : tensor<2x3xf32>, tensor<?x3xf32>
  %2 = tfcc.concat %a, %d, %a axis = -1 : tensor<2x3xf32>, tensor<?x1xf32>, tensor<2x3xf32>
  %3 = tfcc.concat %c, %e axis = 1 : tensor<?x3xf32>, tensor<2x?xf32>
  return
}

// -----

// CHECK-LABEL: "slice"
// CHECK: "tfcc.slice"(%{{.*}}) <{begin = array<i64: 1, 0>, size = array<i64: 2, -1>}> : (tensor<4x3xf32>) -> tensor<2x3xf32>
// CHECK: "tfcc.slice"(%{{.*}}) <{begin = array<i64: 1, 1>, size = array<i64: -1, 1>}> : (tensor<?x3xf32>) -> tensor<?x1xf32>
// CHECK: "tfcc.slice"(%{{.*}}) <{begin = array<i64: 2, 3>, size = array<i64: 5, -1>}> : (tensor<?x3xf32>) -> tensor<5x0xf32>
func.func @slice(%x: tensor<4x3xf32>, %y: tensor<?x3xf32>) {
  %0 = tfcc.slice %x begin = [1, 0] size = [2, -1] : tensor<4x3xf32>
  %1 = tfcc.slice %y begin = [1, 1] size = [-1, 1] : tensor<?x3xf32>
  %2 = tfcc.slice %y begin = [2, 3] size = [5, -1] : tensor<?x3xf32>
  return
}

// -----

// CHECK-LABEL: "cast"
// CHECK: "tfcc.cast"(%{{.*}}) <{to = i32}> : (tensor<?x4xf32>) -> tensor<?x4xi32>
// CHECK: "tfcc.cast"(%{{.*}}) <{to = i1}> : (tensor<?x4xf32>) -> tensor<?x4xi1>
// CHECK: "tfcc.softmax"(%{{.*}}) <{axis = -1 : i64}> : (tensor<?x4xf32>) -> tensor<?x4xf32>
func.func @cast(%x: tensor<?x4xf32>) {
  %0 = tfcc.cast %x to i32 : tensor<?x4xf32>
  %1 = tfcc.cast %x to i1 : tensor<?x4xf32>
  %2 = tfcc.softmax %x axis = -1 : tensor<?x4xf32>
  return
}
