// RUN: tfcc-opt %s -split-input-file --convert-tfcc-matmul-to-linalg | FileCheck %s

// A plain 2-D product: loops (m, k, n), so that the innermost loop runs
// along contiguous rows of b and of the zero-filled accumulator; M comes
// from a, N from b. The multiply-add may contract to an FMA.

// CHECK-DAG: #[[$A:.*]] = affine_map<(d0, d1, d2) -> (d0, d1)>
// CHECK-DAG: #[[$B:.*]] = affine_map<(d0, d1, d2) -> (d1, d2)>
// CHECK-DAG: #[[$C:.*]] = affine_map<(d0, d1, d2) -> (d0, d2)>
// CHECK-LABEL: func.func @plain
// CHECK-SAME: (%[[A:.*]]: tensor<?x3xf32>, %[[B:.*]]: tensor<3x?xf32>)
// CHECK-DAG: %[[C0:.*]] = arith.constant 0 : index
// CHECK-DAG: %[[C1:.*]] = arith.constant 1 : index
// CHECK-DAG: %[[M:.*]] = tensor.dim %[[A]], %[[C0]] : tensor<?x3xf32>
// CHECK-DAG: %[[N:.*]] = tensor.dim %[[B]], %[[C1]] : tensor<3x?xf32>
// CHECK: %[[EMPTY:.*]] = tensor.empty(%[[M]], %[[N]]) : tensor<?x?xf32>
// CHECK: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK: %[[ACC:.*]] = linalg.fill ins(%[[ZERO]] : f32) outs(%[[EMPTY]] : tensor<?x?xf32>) -> tensor<?x?xf32>
// CHECK: %[[R:.*]] = linalg.generic {indexing_maps = [#[[$A]], #[[$B]], #[[$C]]], iterator_types = ["parallel", "reduction", "parallel"]}
// CHECK-SAME: ins(%[[A]], %[[B]] : tensor<?x3xf32>, tensor<3x?xf32>) outs(%[[ACC]] : tensor<?x?xf32>)
// CHECK: arith.mulf %{{.*}}, %{{.*}} fastmath<contract> : f32
// CHECK: arith.addf %{{.*}}, %{{.*}} fastmath<contract> : f32
// CHECK: return %[[R]]
func.func @plain(%a: tensor<?x3xf32>, %b: tensor<3x?xf32>) -> tensor<?x?xf32> {
  %0 = tfcc.matmul %a, %b : tensor<?x3xf32>, tensor<3x?xf32>
  return %0 : tensor<?x?xf32>
}

// -----

// transpose_b reads b as (n, k): no transposed copy. Loops are (m, n, k),
// a dot product along contiguous k whose sum may be reassociated (vector
// lanes).
// CHECK-DAG: #[[$A:.*]] = affine_map<(d0, d1, d2) -> (d0, d2)>
// CHECK-DAG: #[[$BT:.*]] = affine_map<(d0, d1, d2) -> (d1, d2)>
// CHECK-DAG: #[[$C:.*]] = affine_map<(d0, d1, d2) -> (d0, d1)>
// CHECK-LABEL: func.func @transpose_b
// CHECK-SAME: (%[[A:.*]]: tensor<?x784xf32>, %[[B:.*]]: tensor<10x784xf32>)
// CHECK: %[[M:.*]] = tensor.dim %[[A]], %{{.*}} : tensor<?x784xf32>
// CHECK: %[[EMPTY:.*]] = tensor.empty(%[[M]]) : tensor<?x10xf32>
// CHECK: %[[ACC:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%[[EMPTY]] : tensor<?x10xf32>)
// CHECK-NOT: linalg.transpose
// CHECK: linalg.generic {indexing_maps = [#[[$A]], #[[$BT]], #[[$C]]], iterator_types = ["parallel", "parallel", "reduction"]}
// CHECK-SAME: ins(%[[A]], %[[B]] : tensor<?x784xf32>, tensor<10x784xf32>) outs(%[[ACC]] : tensor<?x10xf32>)
// CHECK: ^bb0(%[[X:.*]]: f32, %[[Y:.*]]: f32, %[[Z:.*]]: f32):
// CHECK: %[[P:.*]] = arith.mulf %[[X]], %[[Y]] fastmath<reassoc,contract> : f32
// CHECK: %[[S:.*]] = arith.addf %[[Z]], %[[P]] fastmath<reassoc,contract> : f32
// CHECK: linalg.yield %[[S]] : f32
func.func @transpose_b(%a: tensor<?x784xf32>, %b: tensor<10x784xf32>) -> tensor<?x10xf32> {
  %0 = "tfcc.matmul"(%a, %b) <{transpose_b = true}> : (tensor<?x784xf32>, tensor<10x784xf32>) -> tensor<?x10xf32>
  return %0 : tensor<?x10xf32>
}

// -----

// transpose_a reads a as (k, m) in loops (m, k, n); M is a's last
// dimension. Integers use muli/addi and a 0 : i32 accumulator.
// CHECK-DAG: #[[$AT:.*]] = affine_map<(d0, d1, d2) -> (d1, d0)>
// CHECK-DAG: #[[$B:.*]] = affine_map<(d0, d1, d2) -> (d1, d2)>
// CHECK-DAG: #[[$C:.*]] = affine_map<(d0, d1, d2) -> (d0, d2)>
// CHECK-LABEL: func.func @transpose_a
// CHECK-SAME: (%[[A:.*]]: tensor<3x?xi32>, %[[B:.*]]: tensor<3x4xi32>)
// CHECK: %[[C1:.*]] = arith.constant 1 : index
// CHECK: %[[M:.*]] = tensor.dim %[[A]], %[[C1]] : tensor<3x?xi32>
// CHECK: tensor.empty(%[[M]]) : tensor<?x4xi32>
// CHECK: %[[ZERO:.*]] = arith.constant 0 : i32
// CHECK: linalg.fill ins(%[[ZERO]] : i32)
// CHECK: linalg.generic {indexing_maps = [#[[$AT]], #[[$B]], #[[$C]]], iterator_types = ["parallel", "reduction", "parallel"]}
// CHECK: arith.muli
// CHECK: arith.addi
func.func @transpose_a(%a: tensor<3x?xi32>, %b: tensor<3x4xi32>) -> tensor<?x4xi32> {
  %0 = "tfcc.matmul"(%a, %b) <{transpose_a = true}> : (tensor<3x?xi32>, tensor<3x4xi32>) -> tensor<?x4xi32>
  return %0 : tensor<?x4xi32>
}

// -----

// CHECK-DAG: #[[$AT:.*]] = affine_map<(d0, d1, d2) -> (d2, d0)>
// CHECK-DAG: #[[$BT:.*]] = affine_map<(d0, d1, d2) -> (d1, d2)>
// CHECK-LABEL: func.func @transpose_both
// CHECK: linalg.generic {indexing_maps = [#[[$AT]], #[[$BT]], #{{.*}}]
func.func @transpose_both(%a: tensor<3x2xf64>, %b: tensor<4x3xf64>) -> tensor<2x4xf64> {
  %0 = "tfcc.matmul"(%a, %b) <{transpose_a = true, transpose_b = true}> : (tensor<3x2xf64>, tensor<4x3xf64>) -> tensor<2x4xf64>
  return %0 : tensor<2x4xf64>
}

// -----

// Batched: loops are (batch..., m, k, n). a's unit batch dimension is read
// at 0; b has one batch dimension fewer and aligns with the innermost one.
// CHECK-DAG: #[[$A:.*]] = affine_map<(d0, d1, d2, d3, d4) -> (d0, 0, d2, d3)>
// CHECK-DAG: #[[$B:.*]] = affine_map<(d0, d1, d2, d3, d4) -> (d1, d3, d4)>
// CHECK-DAG: #[[$C:.*]] = affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d2, d4)>
// CHECK-LABEL: func.func @batched
// CHECK-SAME: (%[[A:.*]]: tensor<?x1x2x3xf32>, %[[B:.*]]: tensor<5x3x4xf32>)
// CHECK: %[[D0:.*]] = tensor.dim %[[A]], %{{.*}} : tensor<?x1x2x3xf32>
// CHECK: tensor.empty(%[[D0]]) : tensor<?x5x2x4xf32>
// CHECK: linalg.generic {indexing_maps = [#[[$A]], #[[$B]], #[[$C]]], iterator_types = ["parallel", "parallel", "parallel", "reduction", "parallel"]}
// CHECK-SAME: ins(%[[A]], %[[B]] : tensor<?x1x2x3xf32>, tensor<5x3x4xf32>)
func.func @batched(%a: tensor<?x1x2x3xf32>, %b: tensor<5x3x4xf32>) -> tensor<?x5x2x4xf32> {
  %0 = tfcc.matmul %a, %b : tensor<?x1x2x3xf32>, tensor<5x3x4xf32>
  return %0 : tensor<?x5x2x4xf32>
}

// -----

// A 2-D operand shared by every batch: the batches fold into the rows, one
// [24, 4] x [4, 5] product, expanded back.
// CHECK-DAG: #[[$A:.*]] = affine_map<(d0, d1, d2) -> (d0, d1)>
// CHECK-DAG: #[[$B:.*]] = affine_map<(d0, d1, d2) -> (d1, d2)>
// CHECK-DAG: #[[$C:.*]] = affine_map<(d0, d1, d2) -> (d0, d2)>
// CHECK-LABEL: func.func @shared_rhs
// CHECK: %[[A2:.*]] = tensor.collapse_shape %{{.*}} {{\[\[}}0, 1], [2]] : tensor<8x3x4xi64> into tensor<24x4xi64>
// CHECK: tensor.empty() : tensor<24x5xi64>
// CHECK: %[[P:.*]] = linalg.generic {indexing_maps = [#[[$A]], #[[$B]], #[[$C]]], iterator_types = ["parallel", "reduction", "parallel"]}
// CHECK-SAME: ins(%[[A2]], %{{.*}} : tensor<24x4xi64>, tensor<4x5xi64>)
// CHECK: tensor.expand_shape %[[P]] {{\[\[}}0, 1], [2]] output_shape [8, 3, 5] : tensor<24x5xi64> into tensor<8x3x5xi64>
func.func @shared_rhs(%a: tensor<8x3x4xi64>, %b: tensor<4x5xi64>) -> tensor<8x3x5xi64> {
  %0 = tfcc.matmul %a, %b : tensor<8x3x4xi64>, tensor<4x5xi64>
  return %0 : tensor<8x3x5xi64>
}

// -----

// The reduction runs over a's inner size: b's must agree at run time.
// CHECK-LABEL: func.func @inner_dim_check
// CHECK-SAME: (%[[A:.*]]: tensor<?x?xf32>, %[[B:.*]]: tensor<?x2xf32>)
// CHECK: %[[K:.*]] = tensor.dim %[[A]], %{{.*}} : tensor<?x?xf32>
// CHECK: %[[KB:.*]] = tensor.dim %[[B]], %{{.*}} : tensor<?x2xf32>
// CHECK: %[[SAME:.*]] = arith.cmpi eq, %[[K]], %[[KB]] : index
// CHECK: tfcc.assert %[[SAME]], "{{.*}}: tfcc.matmul: inner dimensions {0} and {1} of operands 0 and 1 differ"(%[[K]], %[[KB]] : index, index)
// CHECK: linalg.generic
func.func @inner_dim_check(%a: tensor<?x?xf32>, %b: tensor<?x2xf32>) -> tensor<?x2xf32> {
  %0 = tfcc.matmul %a, %b : tensor<?x?xf32>, tensor<?x2xf32>
  return %0 : tensor<?x2xf32>
}
