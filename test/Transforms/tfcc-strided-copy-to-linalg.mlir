// RUN: tfcc-opt %s --tfcc-strided-copy-to-linalg --split-input-file | FileCheck %s

// A copy into a strided subview becomes linalg.copy.
// CHECK-LABEL: func.func @into_subview
// CHECK-SAME: %[[SRC:.*]]: memref<2x3xf32>, %[[DST:.*]]: memref<4x3xf32>
// CHECK: %[[SUB:.*]] = memref.subview %[[DST]]
// CHECK-NOT: memref.copy
// CHECK: linalg.copy ins(%[[SRC]] : memref<2x3xf32>) outs(%[[SUB]] : memref<2x3xf32, strided<[3, 1], offset: 3>>)
func.func @into_subview(%src: memref<2x3xf32>, %dst: memref<4x3xf32>) {
  %sub = memref.subview %dst[1, 0] [2, 3] [1, 1] : memref<4x3xf32> to memref<2x3xf32, strided<[3, 1], offset: 3>>
  memref.copy %src, %sub : memref<2x3xf32> to memref<2x3xf32, strided<[3, 1], offset: 3>>
  return
}

// -----

// A contiguous copy stays a memref.copy (it lowers to memcpy).
// CHECK-LABEL: func.func @contiguous
// CHECK: memref.copy
// CHECK-NOT: linalg.copy
func.func @contiguous(%src: memref<?xf32>, %dst: memref<?xf32>) {
  memref.copy %src, %dst : memref<?xf32> to memref<?xf32>
  return
}
