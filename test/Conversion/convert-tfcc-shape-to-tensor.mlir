// RUN: tfcc-opt %s -split-input-file --convert-tfcc-shape-to-tensor | FileCheck %s

// The -1 entry of a dynamic input is computed at run time:
// (d0 * 28 * 28) / 784.
// CHECK-LABEL: func.func @reshape_dynamic
// CHECK-SAME: (%[[X:.*]]: tensor<?x28x28xf32>)
// CHECK: %[[D0:.*]] = tensor.dim %[[X]], %{{.*}} : tensor<?x28x28xf32>
// CHECK: %[[P0:.*]] = arith.muli %{{.*}}, %[[D0]] : index
// CHECK: %[[P1:.*]] = arith.muli %[[P0]], %{{.*}} : index
// CHECK: %[[TOTAL:.*]] = arith.muli %[[P1]], %{{.*}} : index
// CHECK: %[[C784:.*]] = arith.constant 784 : index
// CHECK: %[[N:.*]] = arith.divui %[[TOTAL]], %[[C784]] : index
// CHECK: %[[S0:.*]] = arith.index_cast %[[N]] : index to i64
// CHECK: %[[S1:.*]] = arith.index_cast %{{.*}} : index to i64
// CHECK: %[[SHAPE:.*]] = tensor.from_elements %[[S0]], %[[S1]] : tensor<2xi64>
// CHECK: %[[R:.*]] = tensor.reshape %[[X]](%[[SHAPE]]) : (tensor<?x28x28xf32>, tensor<2xi64>) -> tensor<?x784xf32>
// CHECK: return %[[R]] : tensor<?x784xf32>
func.func @reshape_dynamic(%x: tensor<?x28x28xf32>) -> tensor<?x784xf32> {
  %0 = tfcc.reshape %x [-1, 784] : tensor<?x28x28xf32>
  return %0 : tensor<?x784xf32>
}

// -----

// With a static input the -1 entry is resolved at compile time.
// CHECK-LABEL: func.func @reshape_static
// CHECK-SAME: (%[[X:.*]]: tensor<2x6xi32>)
// CHECK-DAG: %[[C4:.*]] = arith.constant 4 : index
// CHECK-DAG: %[[C3:.*]] = arith.constant 3 : index
// CHECK-NOT: arith.divui
// CHECK: %[[S0:.*]] = arith.index_cast %[[C4]] : index to i64
// CHECK: %[[S1:.*]] = arith.index_cast %[[C3]] : index to i64
// CHECK: %[[SHAPE:.*]] = tensor.from_elements %[[S0]], %[[S1]] : tensor<2xi64>
// CHECK: tensor.reshape %[[X]](%[[SHAPE]]) : (tensor<2x6xi32>, tensor<2xi64>) -> tensor<4x3xi32>
func.func @reshape_static(%x: tensor<2x6xi32>) -> tensor<4x3xi32> {
  %0 = tfcc.reshape %x [4, -1] : tensor<2x6xi32>
  return %0 : tensor<4x3xi32>
}

// -----

// CHECK-LABEL: func.func @reshape_to_scalar
// CHECK: %[[SHAPE:.*]] = tensor.from_elements  : tensor<0xi64>
// CHECK: tensor.reshape %{{.*}}(%[[SHAPE]]) : (tensor<1x1xi1>, tensor<0xi64>) -> tensor<i1>
func.func @reshape_to_scalar(%x: tensor<1x1xi1>) -> tensor<i1> {
  %0 = tfcc.reshape %x [] : tensor<1x1xi1>
  return %0 : tensor<i1>
}

// -----

// CHECK-LABEL: func.func @transpose
// CHECK-SAME: (%[[X:.*]]: tensor<?x3x4xf32>)
// CHECK: %[[C0:.*]] = arith.constant 0 : index
// CHECK: %[[D0:.*]] = tensor.dim %[[X]], %[[C0]] : tensor<?x3x4xf32>
// CHECK: %[[INIT:.*]] = tensor.empty(%[[D0]]) : tensor<4x?x3xf32>
// CHECK: %[[T:.*]] = linalg.transpose ins(%[[X]] : tensor<?x3x4xf32>) outs(%[[INIT]] : tensor<4x?x3xf32>) permutation = [2, 0, 1]
// CHECK: return %[[T]] : tensor<4x?x3xf32>
func.func @transpose(%x: tensor<?x3x4xf32>) -> tensor<4x?x3xf32> {
  %0 = tfcc.transpose %x perm = [2, 0, 1] : tensor<?x3x4xf32>
  return %0 : tensor<4x?x3xf32>
}

// -----

// A transpose that moves only dims of size 1 keeps the data where it is: a
// collapse and an expand, no copy; also with a dynamic dim. Dims larger
// than 1 that change order make a transpose.
// CHECK-LABEL: func.func @transpose_unit_dims
// CHECK-SAME: (%[[X:.*]]: tensor<1x128x256xf32>, %[[Y:.*]]: tensor<?x1x4xf32>, %[[Z:.*]]: tensor<1x3x4xf32>)
// CHECK: %[[XC:.*]] = tensor.collapse_shape %[[X]] {{\[\[}}0, 1], [2]] : tensor<1x128x256xf32> into tensor<128x256xf32>
// CHECK: %[[XE:.*]] = tensor.expand_shape %[[XC]] {{\[\[}}0], [1, 2]] output_shape [128, 1, 256] : tensor<128x256xf32> into tensor<128x1x256xf32>
// CHECK: %[[YC:.*]] = tensor.collapse_shape %[[Y]] {{\[\[}}0], [1, 2]] : tensor<?x1x4xf32> into tensor<?x4xf32>
// CHECK: %[[YE:.*]] = tensor.expand_shape %[[YC]] {{\[\[}}0], [1, 2]] output_shape [%{{.*}}, 1, 4] : tensor<?x4xf32> into tensor<?x1x4xf32>
// CHECK: %[[ZT:.*]] = linalg.transpose ins(%[[Z]] : tensor<1x3x4xf32>) {{.*}} permutation = [2, 0, 1]
// CHECK: return %[[XE]], %[[YE]], %[[ZT]]
func.func @transpose_unit_dims(%x: tensor<1x128x256xf32>, %y: tensor<?x1x4xf32>, %z: tensor<1x3x4xf32>) -> (tensor<128x1x256xf32>, tensor<?x1x4xf32>, tensor<4x1x3xf32>) {
  %0 = tfcc.transpose %x perm = [1, 0, 2] : tensor<1x128x256xf32>
  %1 = tfcc.transpose %y perm = [0, 1, 2] : tensor<?x1x4xf32>
  %2 = tfcc.transpose %z perm = [2, 0, 1] : tensor<1x3x4xf32>
  return %0, %1, %2 : tensor<128x1x256xf32>, tensor<?x1x4xf32>, tensor<4x1x3xf32>
}

// -----

// Each input is inserted at the running offset along the axis; the dynamic
// result size is the final offset.
// CHECK-LABEL: func.func @concat_dynamic
// CHECK-SAME: (%[[A:.*]]: tensor<2x3xf32>, %[[B:.*]]: tensor<?x3xf32>)
// CHECK: %[[OFF0:.*]] = arith.constant 0 : index
// CHECK: %[[C2:.*]] = arith.constant 2 : index
// CHECK: %[[OFF1:.*]] = arith.addi %[[OFF0]], %[[C2]] : index
// CHECK: %[[DB:.*]] = tensor.dim %[[B]], %{{.*}} : tensor<?x3xf32>
// CHECK: %[[TOTAL:.*]] = arith.addi %[[OFF1]], %[[DB]] : index
// CHECK: %[[EMPTY:.*]] = tensor.empty(%[[TOTAL]]) : tensor<?x3xf32>
// CHECK: %[[I0:.*]] = tensor.insert_slice %[[A]] into %[[EMPTY]][%[[OFF0]], 0] [2, 3] [1, 1] : tensor<2x3xf32> into tensor<?x3xf32>
// CHECK: %[[DB2:.*]] = tensor.dim %[[B]], %{{.*}} : tensor<?x3xf32>
// CHECK: %[[I1:.*]] = tensor.insert_slice %[[B]] into %[[I0]][%[[OFF1]], 0] [%[[DB2]], 3] [1, 1] : tensor<?x3xf32> into tensor<?x3xf32>
// CHECK: return %[[I1]] : tensor<?x3xf32>
func.func @concat_dynamic(%a: tensor<2x3xf32>, %b: tensor<?x3xf32>) -> tensor<?x3xf32> {
  %0 = tfcc.concat %a, %b axis = 0 : tensor<2x3xf32>, tensor<?x3xf32>
  return %0 : tensor<?x3xf32>
}

// -----

// CHECK-LABEL: func.func @concat_last_axis
// CHECK-SAME: (%[[A:.*]]: tensor<2x3xf32>, %[[B:.*]]: tensor<2x1xf32>)
// CHECK: %[[EMPTY:.*]] = tensor.empty() : tensor<2x7xf32>
// CHECK: %[[I0:.*]] = tensor.insert_slice %[[A]] into %[[EMPTY]][0, %{{.*}}] [2, 3] [1, 1] : tensor<2x3xf32> into tensor<2x7xf32>
// CHECK: %[[I1:.*]] = tensor.insert_slice %[[B]] into %[[I0]][0, %{{.*}}] [2, 1] [1, 1] : tensor<2x1xf32> into tensor<2x7xf32>
// CHECK: %[[I2:.*]] = tensor.insert_slice %[[A]] into %[[I1]][0, %{{.*}}] [2, 3] [1, 1] : tensor<2x3xf32> into tensor<2x7xf32>
// CHECK: return %[[I2]] : tensor<2x7xf32>
func.func @concat_last_axis(%a: tensor<2x3xf32>, %b: tensor<2x1xf32>) -> tensor<2x7xf32> {
  %0 = tfcc.concat %a, %b, %a axis = -1 : tensor<2x3xf32>, tensor<2x1xf32>, tensor<2x3xf32>
  return %0 : tensor<2x7xf32>
}

// -----

// A dynamic dimension outside the axis takes its size from an input that
// has it dynamic.
// CHECK-LABEL: func.func @concat_dynamic_outside_axis
// CHECK-SAME: (%[[A:.*]]: tensor<?x3xi64>, %[[B:.*]]: tensor<?x2xi64>)
// CHECK: %[[D:.*]] = tensor.dim %[[A]], %{{.*}} : tensor<?x3xi64>
// CHECK: tensor.empty(%[[D]]) : tensor<?x5xi64>
// CHECK: tensor.insert_slice %[[A]]
// CHECK: tensor.insert_slice %[[B]]
func.func @concat_dynamic_outside_axis(%a: tensor<?x3xi64>, %b: tensor<?x2xi64>) -> tensor<?x5xi64> {
  %0 = tfcc.concat %a, %b axis = 1 : tensor<?x3xi64>, tensor<?x2xi64>
  return %0 : tensor<?x5xi64>
}

// -----

// CHECK-LABEL: func.func @slice_static
// CHECK-SAME: (%[[X:.*]]: tensor<4x3xf32>)
// CHECK: %[[S:.*]] = tensor.extract_slice %[[X]][1, 0] [2, 3] [1, 1] : tensor<4x3xf32> to tensor<2x3xf32>
// CHECK: return %[[S]]
func.func @slice_static(%x: tensor<4x3xf32>) -> tensor<2x3xf32> {
  %0 = tfcc.slice %x begin = [1, 0] size = [2, -1] : tensor<4x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// size -1 on a dynamic dimension takes dim - begin elements; begin must
// not be past the end at run time.
// CHECK-LABEL: func.func @slice_dynamic
// CHECK-SAME: (%[[X:.*]]: tensor<?x3xf32>)
// CHECK: %[[D:.*]] = tensor.dim %[[X]], %{{.*}} : tensor<?x3xf32>
// CHECK: %[[C1:.*]] = arith.constant 1 : index
// CHECK: %[[IN:.*]] = arith.cmpi sle, %[[C1]], %[[D]] : index
// CHECK: tfcc.assert %[[IN]], "{{.*}}tfcc.slice: slice of dim 0 ends at {0}, past its size {1}"(%[[C1]], %[[D]] : index, index)
// CHECK: %[[N:.*]] = arith.subi %[[D]], %[[C1]] : index
// CHECK: %[[S:.*]] = tensor.extract_slice %[[X]][1, 2] [%[[N]], 1] [1, 1] : tensor<?x3xf32> to tensor<?x1xf32>
// CHECK: return %[[S]]
func.func @slice_dynamic(%x: tensor<?x3xf32>) -> tensor<?x1xf32> {
  %0 = tfcc.slice %x begin = [1, 2] size = [-1, 1] : tensor<?x3xf32>
  return %0 : tensor<?x1xf32>
}

// -----

// Other op families are left alone.
// CHECK-LABEL: func.func @partial
// CHECK: tfcc.relu
// CHECK: linalg.transpose
func.func @partial(%x: tensor<2x3xf32>) -> tensor<3x2xf32> {
  %0 = tfcc.relu %x : tensor<2x3xf32>
  %1 = tfcc.transpose %0 perm = [1, 0] : tensor<2x3xf32>
  return %1 : tensor<3x2xf32>
}

// -----

// A dynamic input's element count must fit the target shape: a multiple of
// the known sizes with -1, exactly their product without.
// CHECK-LABEL: func.func @reshape_checks
// CHECK: %[[REM:.*]] = arith.remui %[[N:.*]], %[[TWO:.*]] : index
// CHECK: %[[OK:.*]] = arith.cmpi eq, %[[REM]], %{{.*}} : index
// CHECK: tfcc.assert %[[OK]], "{{.*}}: tfcc.reshape: input has {0} elements, but shape [-1,2] requires a multiple of {1}"(%[[N]], %[[TWO]] : index, index)
// CHECK: tensor.reshape
// CHECK: %[[EQ:.*]] = arith.cmpi eq, %[[M:.*]], %[[C16:.*]] : index
// CHECK: tfcc.assert %[[EQ]], "{{.*}}: tfcc.reshape: input has {0} elements, but shape [4,4] has {1}"(%[[M]], %[[C16]] : index, index)
// CHECK: tensor.reshape
func.func @reshape_checks(%x: tensor<?x3xf32>, %y: tensor<?xf32>) -> (tensor<?x2xf32>, tensor<4x4xf32>) {
  %0 = tfcc.reshape %x [-1, 2] : tensor<?x3xf32>
  %1 = tfcc.reshape %y [4, 4] : tensor<?xf32>
  return %0, %1 : tensor<?x2xf32>, tensor<4x4xf32>
}

// -----

// Off the axis, a dynamic size must equal the first input's.
// CHECK-LABEL: func.func @concat_check
// CHECK-SAME: (%[[X:.*]]: tensor<?x3xf32>, %[[Y:.*]]: tensor<2x?xf32>)
// CHECK: %[[D:.*]] = tensor.dim %[[Y]], %{{.*}} : tensor<2x?xf32>
// CHECK: %[[OK:.*]] = arith.cmpi eq, %[[D]], %[[C3:.*]] : index
// CHECK: tfcc.assert %[[OK]], "{{.*}}: tfcc.concat: dim 1 of input 1 is {0}, but input 0 has {1}"(%[[D]], %[[C3]] : index, index)
// CHECK: tensor.insert_slice
func.func @concat_check(%x: tensor<?x3xf32>, %y: tensor<2x?xf32>) -> tensor<?x3xf32> {
  %0 = tfcc.concat %x, %y axis = 0 : tensor<?x3xf32>, tensor<2x?xf32>
  return %0 : tensor<?x3xf32>
}

// -----

// dim: tensor.dim as a rank-0 i64 tensor.
// CHECK-LABEL: func.func @dim
// CHECK: %[[D:.*]] = tensor.dim %arg0, %c1
// CHECK: %[[I:.*]] = arith.index_cast %[[D]] : index to i64
// CHECK: %[[T:.*]] = tensor.from_elements %[[I]] : tensor<i64>
// CHECK: return %[[T]]
func.func @dim(%x: tensor<4x?xf32>) -> tensor<i64> {
  %d = tfcc.dim %x axis = 1 : tensor<4x?xf32>
  return %d : tensor<i64>
}

// -----

// zeros: the dynamic sizes read and checked, then an empty tensor filled.
// CHECK-LABEL: func.func @zeros
// CHECK: %[[N:.*]] = tensor.extract %arg0[] : tensor<i64>
// CHECK: %[[I:.*]] = arith.index_cast %[[N]] : i64 to index
// CHECK: tfcc.assert {{.*}}"{{.*}}dynamic size 0 is {0}, below {1}"
// CHECK: %[[E:.*]] = tensor.empty(%[[I]]) : tensor<?x8xf32>
// CHECK: %[[Z:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%[[E]] : tensor<?x8xf32>)
// CHECK: return %[[Z]]
func.func @zeros(%n: tensor<i64>) -> tensor<?x8xf32> {
  %z = tfcc.zeros(%n) : tensor<?x8xf32>
  return %z : tensor<?x8xf32>
}

// -----

// set_item: the index checked against [0, n), then a rank-reducing
// insert_slice of the item at [index, 0].
// CHECK-LABEL: func.func @set_item
// CHECK: %[[IDX:.*]] = arith.index_cast %{{.*}} : i64 to index
// CHECK: tfcc.assert {{.*}}"{{.*}}index {0} is below {1}"
// CHECK: tfcc.assert {{.*}}"{{.*}}index {0} is past the last item (there are {1})"
// CHECK: %[[R:.*]] = tensor.insert_slice %arg2 into %arg0[%[[IDX]], 0] [1, 8] [1, 1] : tensor<8xf32> into tensor<?x8xf32>
// CHECK: return %[[R]]
func.func @set_item(%l: tensor<?x8xf32>, %i: tensor<i64>, %v: tensor<8xf32>) -> tensor<?x8xf32> {
  %r = tfcc.set_item %l[%i], %v : tensor<?x8xf32>, tensor<i64>, tensor<8xf32>
  return %r : tensor<?x8xf32>
}

// -----

// expand_dims and squeeze: expand_shape and collapse_shape, any number of
// dynamic dims; a dynamic dim squeezed away is checked to be 1.
// CHECK-LABEL: func.func @expand_squeeze
// CHECK: tensor.expand_shape %arg0 {{\[\[}}0], [1, 2], [3]] output_shape
// CHECK-SAME: : tensor<?x?x4xf32> into tensor<?x1x?x4xf32>
// CHECK: tfcc.assert {{.*}}"{{.*}}dim 0 is {0}; only a dim of size {1} can be squeezed"
// CHECK: %[[C:.*]] = tensor.cast %arg1 : tensor<?x?x4xf32> to tensor<1x?x4xf32>
// CHECK: tensor.collapse_shape %[[C]] {{\[\[}}0, 1], [2]] : tensor<1x?x4xf32> into tensor<?x4xf32>
func.func @expand_squeeze(%x: tensor<?x?x4xf32>, %y: tensor<?x?x4xf32>) -> (tensor<?x1x?x4xf32>, tensor<?x4xf32>) {
  %e = tfcc.expand_dims %x axes = [1] : tensor<?x?x4xf32>
  %s = tfcc.squeeze %y axes = [0] : tensor<?x?x4xf32>
  return %e, %s : tensor<?x1x?x4xf32>, tensor<?x4xf32>
}

// -----

// dynamic_reshape: each size checked (not negative, a static dim's size),
// their product checked against the input's, then tensor.reshape.
// CHECK-LABEL: func.func @dynamic_reshape
// CHECK: tensor.extract %arg1[%{{.*}}] : tensor<2xi64>
// CHECK: tfcc.assert {{.*}}"{{.*}}size 0 of the shape is {0}, below {1}"
// CHECK: tensor.extract %arg1[%{{.*}}] : tensor<2xi64>
// CHECK: tfcc.assert {{.*}}"{{.*}}size 1 of the shape is {0}, the result's {1}"
// CHECK: tfcc.assert {{.*}}"{{.*}}the shape has {0} elements, the input {1}"
// CHECK: %[[R:.*]] = tensor.reshape %arg0(%arg1) : (tensor<?x?x2x4xf32>, tensor<2xi64>) -> tensor<?x8xf32>
// CHECK: return %[[R]]
func.func @dynamic_reshape(%x: tensor<?x?x2x4xf32>, %s: tensor<2xi64>) -> tensor<?x8xf32> {
  %r = tfcc.dynamic_reshape %x, %s : tensor<?x?x2x4xf32>, tensor<2xi64> -> tensor<?x8xf32>
  return %r : tensor<?x8xf32>
}

// -----

// dynamic_slice: per dim, begin inside the dim, size -1 resolved to the
// rest, the block checked to fit, a static result dim checked; then one
// tensor.extract_slice with run-time offsets.
// CHECK-LABEL: func.func @dynamic_slice
// CHECK: tfcc.assert {{.*}}"{{.*}}begin 0 is {0}, below {1}"
// CHECK: tfcc.assert {{.*}}"{{.*}}begin 0 is {0}, past the dim's size {1}"
// CHECK: arith.select
// CHECK: tfcc.assert {{.*}}"{{.*}}size 0 is {0}, more than the {1} elements after begin"
// CHECK: tfcc.assert {{.*}}"{{.*}}size 1 is {0}, the result's {1}"
// CHECK: %[[R:.*]] = tensor.extract_slice %arg0[%{{.*}}, %{{.*}}] [%{{.*}}, 3] [1, 1] : tensor<5x?xf32> to tensor<?x3xf32>
// CHECK: return %[[R]]
func.func @dynamic_slice(%x: tensor<5x?xf32>, %b: tensor<2xi64>, %s: tensor<2xi64>) -> tensor<?x3xf32> {
  %r = tfcc.dynamic_slice %x, %b, %s : tensor<5x?xf32>, tensor<2xi64>, tensor<2xi64> -> tensor<?x3xf32>
  return %r : tensor<?x3xf32>
}
