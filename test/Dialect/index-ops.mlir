// RUN: tfcc-opt %s | tfcc-opt | FileCheck %s
// RUN: tfcc-opt %s -mlir-print-op-generic | tfcc-opt | FileCheck %s
// RUN: tfcc-opt %s -mlir-print-op-generic | FileCheck %s --check-prefix=GEN

// Round trip of the math, logical and index ops (TfccIndexOps.td), and the
// result types they infer (the generic form prints them).

// CHECK-LABEL: func.func @unary
func.func @unary(%f: tensor<?x3xf32>, %d: tensor<2xf64>, %i: tensor<5xi32>, %l: tensor<i64>, %b: tensor<4xi1>) {
  // CHECK: tfcc.floor %{{.*}} : tensor<?x3xf32>
  %0 = tfcc.floor %f : tensor<?x3xf32>
  // CHECK: tfcc.ceil %{{.*}} : tensor<2xf64>
  %1 = tfcc.ceil %d : tensor<2xf64>
  // CHECK: tfcc.round %{{.*}} : tensor<?x3xf32>
  %2 = tfcc.round %f : tensor<?x3xf32>
  // CHECK: tfcc.sign %{{.*}} : tensor<?x3xf32>
  %3 = tfcc.sign %f : tensor<?x3xf32>
  // CHECK: tfcc.sign %{{.*}} : tensor<5xi32>
  %4 = tfcc.sign %i : tensor<5xi32>
  // CHECK: tfcc.sign %{{.*}} : tensor<i64>
  %5 = tfcc.sign %l : tensor<i64>
  // CHECK: tfcc.sin %{{.*}} : tensor<?x3xf32>
  %6 = tfcc.sin %f : tensor<?x3xf32>
  // CHECK: tfcc.cos %{{.*}} : tensor<2xf64>
  %7 = tfcc.cos %d : tensor<2xf64>
  // CHECK: tfcc.tan %{{.*}} : tensor<?x3xf32>
  %8 = tfcc.tan %f : tensor<?x3xf32>
  // CHECK: tfcc.asin %{{.*}} : tensor<?x3xf32>
  %9 = tfcc.asin %f : tensor<?x3xf32>
  // CHECK: tfcc.acos %{{.*}} : tensor<2xf64>
  %10 = tfcc.acos %d : tensor<2xf64>
  // CHECK: tfcc.atan %{{.*}} : tensor<?x3xf32>
  %11 = tfcc.atan %f : tensor<?x3xf32>
  // CHECK: tfcc.sinh %{{.*}} : tensor<?x3xf32>
  %12 = tfcc.sinh %f : tensor<?x3xf32>
  // CHECK: tfcc.cosh %{{.*}} : tensor<2xf64>
  %13 = tfcc.cosh %d : tensor<2xf64>
  // CHECK: tfcc.asinh %{{.*}} : tensor<?x3xf32>
  %14 = tfcc.asinh %f : tensor<?x3xf32>
  // CHECK: tfcc.acosh %{{.*}} : tensor<?x3xf32>
  %15 = tfcc.acosh %f : tensor<?x3xf32>
  // CHECK: tfcc.atanh %{{.*}} : tensor<2xf64>
  %16 = tfcc.atanh %d : tensor<2xf64>
  // CHECK: tfcc.softplus %{{.*}} : tensor<?x3xf32>
  %17 = tfcc.softplus %f : tensor<?x3xf32>
  // CHECK: tfcc.reciprocal %{{.*}} : tensor<2xf64>
  %18 = tfcc.reciprocal %d : tensor<2xf64>
  // CHECK: tfcc.logical_not %{{.*}} : tensor<4xi1>
  %19 = tfcc.logical_not %b : tensor<4xi1>
  return
}

// GEN-LABEL: "classify"
// GEN: "tfcc.is_nan"(%{{.*}}) : (tensor<?x3xf32>) -> tensor<?x3xi1>
// GEN: "tfcc.is_inf"(%{{.*}}) : (tensor<f64>) -> tensor<i1>
// CHECK-LABEL: func.func @classify
func.func @classify(%f: tensor<?x3xf32>, %d: tensor<f64>) {
  // CHECK: tfcc.is_nan %{{.*}} : tensor<?x3xf32>
  %0 = tfcc.is_nan %f : tensor<?x3xf32>
  // CHECK: tfcc.is_inf %{{.*}} : tensor<f64>
  %1 = tfcc.is_inf %d : tensor<f64>
  return
}

// GEN-LABEL: "binary"
// GEN: "tfcc.floor_mod"(%{{.*}}, %{{.*}}) : (tensor<?x3xf32>, tensor<3xf32>) -> tensor<?x3xf32>
// GEN: "tfcc.mod"(%{{.*}}, %{{.*}}) : (tensor<5x1xi32>, tensor<4xi32>) -> tensor<5x4xi32>
// GEN: "tfcc.logical_and"(%{{.*}}, %{{.*}}) : (tensor<?x1xi1>, tensor<4xi1>) -> tensor<?x4xi1>
// CHECK-LABEL: func.func @binary
func.func @binary(%f: tensor<?x3xf32>, %g: tensor<3xf32>, %i: tensor<5x1xi32>, %j: tensor<4xi32>,
                  %a: tensor<?x1xi1>, %b: tensor<4xi1>, %k: tensor<i64>) {
  // CHECK: tfcc.floor_mod %{{.*}}, %{{.*}} : tensor<?x3xf32>, tensor<3xf32>
  %0 = tfcc.floor_mod %f, %g : tensor<?x3xf32>, tensor<3xf32>
  // CHECK: tfcc.mod %{{.*}}, %{{.*}} : tensor<5x1xi32>, tensor<4xi32>
  %1 = tfcc.mod %i, %j : tensor<5x1xi32>, tensor<4xi32>
  // CHECK: tfcc.logical_and %{{.*}}, %{{.*}} : tensor<?x1xi1>, tensor<4xi1>
  %2 = tfcc.logical_and %a, %b : tensor<?x1xi1>, tensor<4xi1>
  // CHECK: tfcc.logical_or %{{.*}}, %{{.*}} : tensor<4xi1>, tensor<4xi1>
  %3 = tfcc.logical_or %b, %b : tensor<4xi1>, tensor<4xi1>
  // CHECK: tfcc.logical_xor %{{.*}}, %{{.*}} : tensor<4xi1>, tensor<?x1xi1>
  %4 = tfcc.logical_xor %b, %a : tensor<4xi1>, tensor<?x1xi1>
  // CHECK: tfcc.floor_mod %{{.*}}, %{{.*}} : tensor<i64>, tensor<i64>
  %5 = tfcc.floor_mod %k, %k : tensor<i64>, tensor<i64>
  return
}

// GEN-LABEL: "reductions"
// GEN: "tfcc.reduce_prod"(%{{.*}}) <{axes = array<i64: 1>}> : (tensor<?x5xf32>) -> tensor<?xf32>
// GEN: "tfcc.argmax"(%{{.*}}) <{axis = 1 : i64}> : (tensor<?x5xf32>) -> tensor<?xi64>
// GEN: "tfcc.argmin"(%{{.*}}) <{axis = -2 : i64, keep_dims, select_last_index}> : (tensor<?x5xf32>) -> tensor<1x5xi64>
// GEN: "tfcc.argmax"(%{{.*}}) <{axis = 0 : i64}> : (tensor<7xi32>) -> tensor<i64>
// GEN: "tfcc.cumsum"(%{{.*}}) <{axis = 1 : i64, exclusive, reverse}> : (tensor<?x5xf32>) -> tensor<?x5xf32>
// GEN: "tfcc.top_k"(%{{.*}}) <{axis = -1 : i64, k = 2 : i64, largest = true}> : (tensor<?x5xf32>) -> (tensor<?x2xf32>, tensor<?x2xi64>)
// GEN: "tfcc.top_k"(%{{.*}}) <{axis = 0 : i64, k = 3 : i64, largest = false}> : (tensor<?x5xf32>) -> (tensor<3x5xf32>, tensor<3x5xi64>)
// CHECK-LABEL: func.func @reductions
func.func @reductions(%f: tensor<?x5xf32>, %i: tensor<7xi32>) {
  // CHECK: tfcc.reduce_prod %{{.*}} axes = [1] : tensor<?x5xf32>
  %0 = tfcc.reduce_prod %f axes = [1] : tensor<?x5xf32>
  // CHECK: tfcc.argmax %{{.*}} {axis = 1 : i64} : tensor<?x5xf32>
  %1 = tfcc.argmax %f {axis = 1 : i64} : tensor<?x5xf32>
  // CHECK: tfcc.argmin %{{.*}} {axis = -2 : i64, keep_dims, select_last_index} : tensor<?x5xf32>
  %2 = tfcc.argmin %f {axis = -2 : i64, keep_dims, select_last_index} : tensor<?x5xf32>
  // CHECK: tfcc.argmax %{{.*}} {axis = 0 : i64} : tensor<7xi32>
  %3 = tfcc.argmax %i {axis = 0 : i64} : tensor<7xi32>
  // CHECK: tfcc.cumsum %{{.*}} {axis = 1 : i64, exclusive, reverse} : tensor<?x5xf32>
  %4 = tfcc.cumsum %f {axis = 1 : i64, exclusive, reverse} : tensor<?x5xf32>
  // CHECK: tfcc.top_k %{{.*}} {k = 2 : i64} : tensor<?x5xf32>
  %5:2 = tfcc.top_k %f {k = 2 : i64} : tensor<?x5xf32>
  // CHECK: tfcc.top_k %{{.*}} {axis = 0 : i64, k = 3 : i64, largest = false} : tensor<?x5xf32>
  %6:2 = tfcc.top_k %f {k = 3 : i64, axis = 0 : i64, largest = false} : tensor<?x5xf32>
  return
}

// GEN-LABEL: "indexing"
// GEN: "tfcc.gather"(%{{.*}}, %{{.*}}) <{axis = 0 : i64}> : (tensor<100x8xf32>, tensor<?x3xi64>) -> tensor<?x3x8xf32>
// GEN: "tfcc.gather"(%{{.*}}, %{{.*}}) <{axis = -1 : i64}> : (tensor<100x8xf32>, tensor<i32>) -> tensor<100xf32>
// GEN: "tfcc.unsorted_segment_sum"(%{{.*}}, %{{.*}}) <{num_segments = 10 : i64}> : (tensor<?x8xf32>, tensor<?xi32>) -> tensor<10x8xf32>
// GEN: "tfcc.unsorted_segment_sum"(%{{.*}}, %{{.*}}) <{num_segments = 4 : i64}> : (tensor<?x3xi64>, tensor<?x3xi64>) -> tensor<4xi64>
// GEN: "tfcc.one_hot"(%{{.*}}, %{{.*}}, %{{.*}}) <{axis = -1 : i64, depth = 10 : i64}> : (tensor<?x3xi64>, tensor<f32>, tensor<f32>) -> tensor<?x3x10xf32>
// GEN: "tfcc.one_hot"(%{{.*}}, %{{.*}}, %{{.*}}) <{axis = 0 : i64, depth = 4 : i64}> : (tensor<?xi32>, tensor<i64>, tensor<i64>) -> tensor<4x?xi64>
// CHECK-LABEL: func.func @indexing
func.func @indexing(%t: tensor<100x8xf32>, %ids: tensor<?x3xi64>, %one: tensor<i32>, %data: tensor<?x8xf32>,
                    %seg: tensor<?xi32>, %idata: tensor<?x3xi64>, %on: tensor<f32>, %off: tensor<f32>,
                    %ion: tensor<i64>) {
  // CHECK: tfcc.gather %{{.*}}, %{{.*}} : tensor<100x8xf32>, tensor<?x3xi64>
  %0 = tfcc.gather %t, %ids : tensor<100x8xf32>, tensor<?x3xi64>
  // CHECK: tfcc.gather %{{.*}}, %{{.*}} {axis = -1 : i64} : tensor<100x8xf32>, tensor<i32>
  %1 = tfcc.gather %t, %one {axis = -1 : i64} : tensor<100x8xf32>, tensor<i32>
  // CHECK: tfcc.unsorted_segment_sum %{{.*}}, %{{.*}} {num_segments = 10 : i64} : tensor<?x8xf32>, tensor<?xi32>
  %2 = tfcc.unsorted_segment_sum %data, %seg {num_segments = 10 : i64} : tensor<?x8xf32>, tensor<?xi32>
  // CHECK: tfcc.unsorted_segment_sum %{{.*}}, %{{.*}} {num_segments = 4 : i64} : tensor<?x3xi64>, tensor<?x3xi64>
  %3 = tfcc.unsorted_segment_sum %idata, %ids {num_segments = 4 : i64} : tensor<?x3xi64>, tensor<?x3xi64>
  // CHECK: tfcc.one_hot %{{.*}}, %{{.*}}, %{{.*}} {depth = 10 : i64} : tensor<?x3xi64>, tensor<f32>, tensor<f32>
  %4 = tfcc.one_hot %ids, %on, %off {depth = 10 : i64} : tensor<?x3xi64>, tensor<f32>, tensor<f32>
  // CHECK: tfcc.one_hot %{{.*}}, %{{.*}}, %{{.*}} {axis = 0 : i64, depth = 4 : i64} : tensor<?xi32>, tensor<i64>, tensor<i64>
  %5 = tfcc.one_hot %seg, %ion, %ion {depth = 4 : i64, axis = 0 : i64} : tensor<?xi32>, tensor<i64>, tensor<i64>
  return
}
