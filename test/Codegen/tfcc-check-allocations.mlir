// RUN: tfcc-opt %s --tfcc-check-allocations | FileCheck %s

// Each allocation is followed by a check that its pointer is not null,
// with the bytes asked for: a constant for a static shape, the dynamic
// sizes times the rest for a dynamic one.
// CHECK-LABEL: func.func @allocs
// CHECK-SAME: (%[[N:.*]]: index)
// CHECK: %[[A:.*]] = memref.alloc() : memref<4x8xf32>
// CHECK: %[[PA:.*]] = memref.extract_aligned_pointer_as_index %[[A]]
// CHECK: %[[OKA:.*]] = arith.cmpi ne, %[[PA]], %{{.*}} : index
// CHECK: %[[BYTESA:.*]] = arith.constant 128 : index
// CHECK: tfcc.assert %[[OKA]], "{{.*}}tfcc-check-allocations.mlir:{{[0-9]+}}:{{[0-9]+}}: out of memory: cannot allocate {0} bytes (4x8xf32)"(%[[BYTESA]] : index)
// CHECK: %[[B:.*]] = memref.alloc(%[[N]]) : memref<?x3xf64>
// CHECK: %[[PB:.*]] = memref.extract_aligned_pointer_as_index %[[B]]
// CHECK: %[[OKB:.*]] = arith.cmpi ne, %[[PB]], %{{.*}} : index
// CHECK: %[[ROW:.*]] = arith.constant 24 : index
// CHECK: %[[BYTESB:.*]] = arith.muli %[[N]], %[[ROW]] : index
// CHECK: tfcc.assert %[[OKB]], "{{.*}}: out of memory: cannot allocate {0} bytes (?x3xf64)"(%[[BYTESB]] : index)
func.func @allocs(%n: index) -> (memref<4x8xf32>, memref<?x3xf64>) {
  %a = memref.alloc() : memref<4x8xf32>
  %b = memref.alloc(%n) : memref<?x3xf64>
  return %a, %b : memref<4x8xf32>, memref<?x3xf64>
}

// A stack allocation is not checked.
// CHECK-LABEL: func.func @alloca
// CHECK-NOT: tfcc.assert
func.func @alloca() -> f32 {
  %a = memref.alloca() : memref<4xf32>
  %c0 = arith.constant 0 : index
  %v = memref.load %a[%c0] : memref<4xf32>
  return %v : f32
}
