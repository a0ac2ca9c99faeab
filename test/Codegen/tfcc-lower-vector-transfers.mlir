// RUN: tfcc-opt %s --tfcc-lower-vector-transfers --split-input-file | FileCheck %s

// In-bounds transfers lose their leading unit dims; those of rank 1 become
// plain vector loads and stores.
// CHECK-LABEL: func.func @rows
// CHECK-SAME: %[[B:.*]]: memref<3x20x16x1xf32>, %[[C:.*]]: memref<4x16xf32>, %[[I:.*]]: index, %[[J:.*]]: index
// CHECK: %[[ROW:.*]] = vector.load %[[C]][%[[I]], %{{.*}}] : memref<4x16xf32>, vector<16xf32>
// CHECK: %[[SUM:.*]] = arith.addf %[[ROW]], %[[ROW]] : vector<16xf32>
// CHECK: vector.store %[[SUM]], %[[C]][%[[J]], %{{.*}}] : memref<4x16xf32>, vector<16xf32>
// CHECK-NOT: vector.transfer_read
// CHECK-NOT: vector.transfer_write
func.func @rows(%b: memref<3x20x16x1xf32>, %c: memref<4x16xf32>, %i: index, %j: index) {
  %p = ub.poison : f32
  %c0 = arith.constant 0 : index
  %r = vector.transfer_read %c[%i, %c0], %p {in_bounds = [true, true]} : memref<4x16xf32>, vector<1x16xf32>
  %s = arith.addf %r, %r : vector<1x16xf32>
  vector.transfer_write %s, %c[%j, %c0] {in_bounds = [true, true]} : vector<1x16xf32>, memref<4x16xf32>
  return
}

// -----

// A 2-D tile keeps its transfer (convert-vector-to-scf unrolls it into rows).
// CHECK-LABEL: func.func @tile
// CHECK: vector.transfer_read %{{.*}} : memref<4x3x6x16xf32>, vector<6x16xf32>
func.func @tile(%c: memref<4x3x6x16xf32>, %i: index, %j: index) -> vector<6x16xf32> {
  %p = ub.poison : f32
  %c0 = arith.constant 0 : index
  %t = vector.transfer_read %c[%i, %j, %c0, %c0], %p {in_bounds = [true, true, true]} : memref<4x3x6x16xf32>, vector<1x6x16xf32>
  %x = vector.extract %t[0] : vector<6x16xf32> from vector<1x6x16xf32>
  return %x : vector<6x16xf32>
}
