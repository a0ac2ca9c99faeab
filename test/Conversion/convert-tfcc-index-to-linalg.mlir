// RUN: tfcc-opt %s -split-input-file --convert-tfcc-index-to-linalg | FileCheck %s

// argmax: one generic reducing the axis into (best value, i64 index) from
// (-inf, 0); a strictly greater element or a NaN over a number wins, so
// the first of equal elements stays. keep_dims re-inserts the unit dim.
// CHECK-DAG: #[[$IN:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[$OUT:.*]] = affine_map<(d0, d1) -> (d0)>
// CHECK-LABEL: func.func @argmax
// CHECK-SAME: (%[[X:.*]]: tensor<?x6xf32>)
// CHECK: %[[NEGINF:.*]] = arith.constant 0xFF800000 : f32
// CHECK: %[[BEST:.*]] = linalg.fill ins(%[[NEGINF]] : f32) outs(%{{.*}} : tensor<?xf32>)
// CHECK: %[[IDX:.*]] = linalg.fill ins(%{{.*}} : i64) outs(%{{.*}} : tensor<?xi64>)
// CHECK: %[[R:.*]]:2 = linalg.generic {indexing_maps = [#[[$IN]], #[[$OUT]], #[[$OUT]]], iterator_types = ["parallel", "reduction"]} ins(%[[X]] : tensor<?x6xf32>) outs(%[[BEST]], %[[IDX]] : tensor<?xf32>, tensor<?xi64>)
// CHECK: ^bb0(%[[V:.*]]: f32, %[[B:.*]]: f32, %[[BI:.*]]: i64):
// CHECK: %[[GT:.*]] = arith.cmpf ogt, %[[V]], %[[B]] : f32
// CHECK: %[[VNAN:.*]] = arith.cmpf uno, %[[V]], %[[V]] : f32
// CHECK: %[[TAKE:.*]] = arith.ori %[[GT]], %{{.*}} : i1
// CHECK: %[[I:.*]] = linalg.index 1 : index
// CHECK: %[[I64:.*]] = arith.index_cast %[[I]] : index to i64
// CHECK: %[[NV:.*]] = arith.select %[[TAKE]], %[[V]], %[[B]] : f32
// CHECK: %[[NI:.*]] = arith.select %[[TAKE]], %[[I64]], %[[BI]] : i64
// CHECK: linalg.yield %[[NV]], %[[NI]] : f32, i64
// CHECK: %[[E:.*]] = tensor.expand_shape %[[R]]#1 {{\[\[}}0, 1]] output_shape [%{{.*}}, 1] : tensor<?xi64> into tensor<?x1xi64>
// CHECK: return %[[E]]
func.func @argmax(%x: tensor<?x6xf32>) -> tensor<?x1xi64> {
  %0 = tfcc.argmax %x {axis = 1 : i64, keep_dims} : tensor<?x6xf32>
  return %0 : tensor<?x1xi64>
}

// -----

// argmin with select_last_index on integers: starts from the largest i32
// and also takes equal elements.
// CHECK-LABEL: func.func @argmin_last
// CHECK: arith.constant 2147483647 : i32
// CHECK: linalg.generic {{.*}} iterator_types = ["reduction", "parallel"]
// CHECK: %[[LT:.*]] = arith.cmpi slt, %{{.*}}, %{{.*}} : i32
// CHECK: %[[EQ:.*]] = arith.cmpi eq, %{{.*}}, %{{.*}} : i32
// CHECK: arith.ori %[[LT]], %[[EQ]] : i1
func.func @argmin_last(%x: tensor<5x?xi32>) -> tensor<?xi64> {
  %0 = tfcc.argmin %x {axis = 0 : i64, select_last_index} : tensor<5x?xi32>
  return %0 : tensor<?xi64>
}

// -----

// gather: a parallel generic over the result reads the index through its
// map, checks it against [-n, n), wraps negatives, clamps into [0, n) and
// extracts from params.
// CHECK-DAG: #[[$IDS:.*]] = affine_map<(d0, d1, d2) -> (d0, d1)>
// CHECK-DAG: #[[$RES:.*]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// CHECK-LABEL: func.func @gather
// CHECK-SAME: (%[[P:.*]]: tensor<?x4xf32>, %[[I:.*]]: tensor<?x3xi64>)
// CHECK: %[[N:.*]] = tensor.dim %[[P]], %{{.*}} : tensor<?x4xf32>
// CHECK: %[[EMPTY:.*]] = tensor.empty(%{{.*}}) : tensor<?x3x4xf32>
// CHECK: linalg.generic {indexing_maps = [#[[$IDS]], #[[$RES]]], iterator_types = ["parallel", "parallel", "parallel"]} ins(%[[I]] : tensor<?x3xi64>) outs(%[[EMPTY]] : tensor<?x3x4xf32>)
// CHECK: ^bb0(%[[ID:.*]]: i64, %{{.*}}: f32):
// CHECK: %[[IX:.*]] = arith.index_cast %[[ID]] : i64 to index
// CHECK: %[[LOW:.*]] = arith.subi %[[C0:.*]], %[[N]] : index
// CHECK: %[[GE:.*]] = arith.cmpi sge, %[[IX]], %[[LOW]] : index
// CHECK: %[[LT:.*]] = arith.cmpi slt, %[[IX]], %[[N]] : index
// CHECK: %[[OK:.*]] = arith.andi %[[GE]], %[[LT]] : i1
// CHECK: tfcc.assert %[[OK]], "{{.*}}:[[@LINE+11]]:8: tfcc.gather: index {0} is out of range [-{1}, {1})"(%[[IX]], %[[N]] : index, index)
// CHECK: %[[NEG:.*]] = arith.cmpi slt, %[[IX]], %[[C0]] : index
// CHECK: %[[WRAP:.*]] = arith.addi %[[IX]], %[[N]] : index
// CHECK: %[[SEL:.*]] = arith.select %[[NEG]], %[[WRAP]], %[[IX]] : index
// CHECK: %[[LAST:.*]] = arith.subi %[[N]], %{{.*}} : index
// CHECK: %[[LO:.*]] = arith.minsi %[[SEL]], %[[LAST]] : index
// CHECK: %[[CL:.*]] = arith.maxsi %[[LO]], %[[C0]] : index
// CHECK: %[[COL:.*]] = linalg.index 2 : index
// CHECK: %[[V:.*]] = tensor.extract %[[P]][%[[CL]], %[[COL]]] : tensor<?x4xf32>
// CHECK: linalg.yield %[[V]] : f32
func.func @gather(%p: tensor<?x4xf32>, %i: tensor<?x3xi64>) -> tensor<?x3x4xf32> {
  %0 = tfcc.gather %p, %i : tensor<?x4xf32>, tensor<?x3xi64>
  return %0 : tensor<?x3x4xf32>
}

// -----

// one_hot along axis 0: the index is read without the new dimension, the
// rank-0 on/off values through empty maps.
// CHECK-DAG: #[[$IDX:.*]] = affine_map<(d0, d1) -> (d1)>
// CHECK-DAG: #[[$SCALAR:.*]] = affine_map<(d0, d1) -> ()>
// CHECK-LABEL: func.func @one_hot
// CHECK: tensor.empty(%{{.*}}) : tensor<4x?xf32>
// CHECK: linalg.generic {indexing_maps = [#[[$IDX]], #[[$SCALAR]], #[[$SCALAR]], #{{.*}}], iterator_types = ["parallel", "parallel"]}
// CHECK: ^bb0(%[[I:.*]]: i32, %[[ON:.*]]: f32, %[[OFF:.*]]: f32, %{{.*}}: f32):
// CHECK: %[[I64:.*]] = arith.extsi %[[I]] : i32 to i64
// CHECK: %[[POS:.*]] = linalg.index 0 : index
// CHECK: %[[P64:.*]] = arith.index_cast %[[POS]] : index to i64
// CHECK: %[[HIT:.*]] = arith.cmpi eq, %[[I64]], %[[P64]] : i64
// CHECK: arith.select %[[HIT]], %[[ON]], %[[OFF]] : f32
func.func @one_hot(%i: tensor<?xi32>, %on: tensor<f32>, %off: tensor<f32>) -> tensor<4x?xf32> {
  %0 = tfcc.one_hot %i, %on, %off {depth = 4 : i64, axis = 0 : i64} : tensor<?xi32>, tensor<f32>, tensor<f32>
  return %0 : tensor<4x?xf32>
}

// -----

// unsorted_segment_sum: a zero-filled result and one scf.for step per id;
// an id in [0, 5) adds its data row into its segment's row in place.
// CHECK-LABEL: func.func @segment_sum
// CHECK-SAME: (%[[D:.*]]: tensor<?x4xf32>, %[[S:.*]]: tensor<?xi32>)
// CHECK: %[[C5:.*]] = arith.constant 5 : index
// CHECK: %[[INIT:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : tensor<5x4xf32>)
// CHECK: %[[R:.*]] = scf.for %[[E:.*]] = %{{.*}} to %{{.*}} step %{{.*}} iter_args(%[[ACC:.*]] = %[[INIT]]) -> (tensor<5x4xf32>)
// CHECK: %[[ID:.*]] = tensor.extract %[[S]][%[[E]]] : tensor<?xi32>
// CHECK: %[[IX:.*]] = arith.index_cast %[[ID]] : i32 to index
// CHECK: %[[GE:.*]] = arith.cmpi sge, %[[IX]], %{{.*}} : index
// CHECK: %[[LT:.*]] = arith.cmpi slt, %[[IX]], %[[C5]] : index
// CHECK: %[[IN:.*]] = arith.andi %[[GE]], %[[LT]] : i1
// CHECK: scf.if %[[IN]] -> (tensor<5x4xf32>)
// CHECK: %[[ROW:.*]] = tensor.extract_slice %[[D]][%[[E]], 0] [1, 4] [1, 1] : tensor<?x4xf32> to tensor<4xf32>
// CHECK: %[[DST:.*]] = tensor.extract_slice %[[ACC]][%[[IX]], 0] [1, 4] [1, 1] : tensor<5x4xf32> to tensor<4xf32>
// CHECK: %[[SUM:.*]] = linalg.generic {{.*}} ins(%[[ROW]] : tensor<4xf32>) outs(%[[DST]] : tensor<4xf32>)
// CHECK: arith.addf
// CHECK: %[[UPD:.*]] = tensor.insert_slice %[[SUM]] into %[[ACC]][%[[IX]], 0] [1, 4] [1, 1]
// CHECK: scf.yield %[[UPD]]
// CHECK: } else {
// CHECK: scf.yield %[[ACC]]
// CHECK: return %[[R]]
func.func @segment_sum(%d: tensor<?x4xf32>, %s: tensor<?xi32>) -> tensor<5x4xf32> {
  %0 = tfcc.unsorted_segment_sum %d, %s {num_segments = 5 : i64} : tensor<?x4xf32>, tensor<?xi32>
  return %0 : tensor<5x4xf32>
}

// -----

// cumsum, exclusive and reversed: walks the axis from the end and stores
// the running sum before adding the slice.
// CHECK-LABEL: func.func @cumsum
// CHECK-SAME: (%[[X:.*]]: tensor<?x6xf32>)
// CHECK: %[[C6:.*]] = arith.constant 6 : index
// CHECK: %[[SUM0:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : tensor<?xf32>)
// CHECK: %[[OUT0:.*]] = tensor.empty(%{{.*}}) : tensor<?x6xf32>
// CHECK: %[[R:.*]]:2 = scf.for %[[T:.*]] = %{{.*}} to %[[C6]] step %{{.*}} iter_args(%[[OUT:.*]] = %[[OUT0]], %[[SUM:.*]] = %[[SUM0]])
// CHECK: %[[LAST:.*]] = arith.subi %[[C6]], %{{.*}} : index
// CHECK: %[[POS:.*]] = arith.subi %[[LAST]], %[[T]] : index
// CHECK: %[[SL:.*]] = tensor.extract_slice %[[X]][0, %[[POS]]] [%{{.*}}, 1] [1, 1] : tensor<?x6xf32> to tensor<?xf32>
// CHECK: %[[STORED:.*]] = tensor.insert_slice %[[SUM]] into %[[OUT]][0, %[[POS]]]
// CHECK: %[[NEXT:.*]] = linalg.generic {{.*}} ins(%[[SL]] : tensor<?xf32>) outs(%[[SUM]] : tensor<?xf32>)
// CHECK: scf.yield %[[STORED]], %[[NEXT]]
// CHECK: return %[[R]]#0
func.func @cumsum(%x: tensor<?x6xf32>) -> tensor<?x6xf32> {
  %0 = tfcc.cumsum %x {axis = 1 : i64, exclusive, reverse} : tensor<?x6xf32>
  return %0 : tensor<?x6xf32>
}

// -----

// top_k: results start as (0, -1); per row, each element is inserted
// after the kept ones that rank at least as well (a counting loop), the
// tail shifted one place down.
// CHECK-LABEL: func.func @top_k
// CHECK: %[[V0:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : tensor<?x3xf32>)
// CHECK: %[[MINUS1:.*]] = arith.constant -1 : i64
// CHECK: %[[I0:.*]] = linalg.fill ins(%[[MINUS1]] : i64) outs(%{{.*}} : tensor<?x3xi64>)
// CHECK: scf.for %[[ROW:.*]] = {{.*}} iter_args(%{{.*}} = %[[V0]], %{{.*}} = %[[I0]])
// CHECK: scf.for %[[I:.*]] = {{.*}} iter_args(%[[VALS:.*]] = %{{.*}}, %[[IDXS:.*]] = %{{.*}}, %[[FILLED:.*]] = %{{.*}})
// CHECK: %[[V:.*]] = tensor.extract %{{.*}}[%[[ROW]], %[[I]]] : tensor<?x8xf32>
// CHECK: %[[POS:.*]] = scf.for %{{.*}} = %{{.*}} to %[[FILLED]]
// CHECK: arith.cmpf ogt
// CHECK: %[[FITS:.*]] = arith.cmpi slt, %[[POS]], %{{.*}} : index
// CHECK: scf.if %[[FITS]]
// CHECK: scf.for %{{.*}} = %[[POS]] to
// CHECK: tensor.insert %[[V]] into
// CHECK: tensor.insert %{{.*}} into
func.func @top_k(%x: tensor<?x8xf32>) -> (tensor<?x3xf32>, tensor<?x3xi64>) {
  %0:2 = tfcc.top_k %x {k = 3 : i64} : tensor<?x8xf32>
  return %0#0, %0#1 : tensor<?x3xf32>, tensor<?x3xi64>
}

// -----

// unsorted_segment_sum: the ids' dims must be data's leading ones, and an id
// of num_segments or more is an error (negative ones are still dropped).
// CHECK-LABEL: func.func @segment_checks
// CHECK-SAME: (%[[D:.*]]: tensor<?x2xf32>, %[[I:.*]]: tensor<?xi64>)
// CHECK: %[[DN:.*]] = tensor.dim %[[D]], %{{.*}} : tensor<?x2xf32>
// CHECK: %[[IN:.*]] = tensor.dim %[[I]], %{{.*}} : tensor<?xi64>
// CHECK: %[[SAME:.*]] = arith.cmpi eq, %[[IN]], %[[DN]] : index
// CHECK: tfcc.assert %[[SAME]], "{{.*}}: tfcc.unsorted_segment_sum: dim 0 of segment_ids is {0}, but data's is {1}"(%[[IN]], %[[DN]] : index, index)
// CHECK: scf.for
// CHECK: %[[ID:.*]] = arith.index_cast %{{.*}} : i64 to index
// CHECK: %[[BELOW:.*]] = arith.cmpi slt, %[[ID]], %[[N:.*]] : index
// CHECK: tfcc.assert %[[BELOW]], "{{.*}}: tfcc.unsorted_segment_sum: segment id {0} is out of range [0, {1})"(%[[ID]], %[[N]] : index, index)
// CHECK: scf.if
func.func @segment_checks(%d: tensor<?x2xf32>, %i: tensor<?xi64>) -> tensor<3x2xf32> {
  %0 = tfcc.unsorted_segment_sum %d, %i {num_segments = 3 : i64} : tensor<?x2xf32>, tensor<?xi64>
  return %0 : tensor<3x2xf32>
}

// -----

// top_k along a dynamic axis: the axis must hold k elements.
// CHECK-LABEL: func.func @top_k_check
// CHECK-SAME: (%[[X:.*]]: tensor<?xf32>)
// CHECK: %[[N:.*]] = tensor.dim %[[X]], %{{.*}} : tensor<?xf32>
// CHECK: %[[K:.*]] = arith.constant 3 : index
// CHECK: %[[OK:.*]] = arith.cmpi sge, %[[N]], %[[K]] : index
// CHECK: tfcc.assert %[[OK]], "{{.*}}: tfcc.top_k: k = {1} but the axis has only {0} elements"(%[[N]], %[[K]] : index, index)
func.func @top_k_check(%x: tensor<?xf32>) -> (tensor<3xf32>, tensor<3xi64>) {
  %0:2 = tfcc.top_k %x {k = 3 : i64} : tensor<?xf32>
  return %0#0, %0#1 : tensor<3xf32>, tensor<3xi64>
}
