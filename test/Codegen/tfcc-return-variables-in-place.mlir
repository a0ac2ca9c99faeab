// RUN: tfcc-opt %s -split-input-file -tfcc-return-variables-in-place | FileCheck %s

// A written variable updated in its own buffer is returned as the argument,
// not as a clone of it (a copy of the whole table); the mark is removed.
// CHECK-LABEL: func.func @in_place(
// CHECK-SAME: %[[T:[^:]*]]: memref<1000x4xf32>,
// CHECK-NOT: tfcc.in_place_variable
// CHECK: memref.store
// CHECK-NOT: bufferization.clone
// CHECK: memref.dealloc
// CHECK-NEXT: return %{{.*}}, %[[T]] : memref<f32>, memref<1000x4xf32>
func.func @in_place(%t: memref<1000x4xf32> {tfcc.in_place_variable},
                    %v: f32) -> (memref<f32>, memref<1000x4xf32>) {
  %c3 = arith.constant 3 : index
  memref.store %v, %t[%c3, %c3] : memref<1000x4xf32>
  %out = memref.alloc() : memref<f32>
  memref.store %v, %out[] : memref<f32>
  %tmp = memref.alloc() : memref<4xf32>
  %clone = bufferization.clone %t : memref<1000x4xf32> to memref<1000x4xf32>
  memref.dealloc %tmp : memref<4xf32>
  return %out, %clone : memref<f32>, memref<1000x4xf32>
}

// -----

// An argument that is not a written variable (an input the caller keeps)
// is still cloned.
// CHECK-LABEL: func.func @input(
// CHECK: bufferization.clone
func.func @input(%x: memref<4xf32>) -> memref<4xf32> {
  %clone = bufferization.clone %x : memref<4xf32> to memref<4xf32>
  return %clone : memref<4xf32>
}

// -----

// A write after the clone: the clone holds the returned value.
// CHECK-LABEL: func.func @written_after(
// CHECK: bufferization.clone
// CHECK: memref.store
func.func @written_after(%t: memref<4xf32> {tfcc.in_place_variable},
                         %v: f32) -> memref<4xf32> {
  %c0 = arith.constant 0 : index
  %clone = bufferization.clone %t : memref<4xf32> to memref<4xf32>
  memref.store %v, %t[%c0] : memref<4xf32>
  return %clone : memref<4xf32>
}
