// RUN: tfcc-opt %s --tfcc-announce-allocations --split-input-file | FileCheck %s

// Result 0 is an allocation, result 2 one reshaped: each is announced
// (its result index) just before it is allocated, through one declaration.
// Result 1 is a subview (smaller than its buffer) and result 3 an
// argument: the runtime copies those.
// CHECK: func.func private @tfcc_rt_output_next(i64)
// CHECK-NOT: func.func private @tfcc_rt_output_next
// CHECK-LABEL: func.func @model
// CHECK: %[[I0:.*]] = arith.constant 0 : i64
// CHECK-NEXT: call @tfcc_rt_output_next(%[[I0]]) : (i64) -> ()
// CHECK-NEXT: memref.alloc() : memref<4x8xf32>
// CHECK-NOT: call @tfcc_rt_output_next
// CHECK: memref.alloc() : memref<16xf32>
// CHECK: %[[I2:.*]] = arith.constant 2 : i64
// CHECK-NEXT: call @tfcc_rt_output_next(%[[I2]]) : (i64) -> ()
// CHECK-NEXT: memref.alloc() : memref<2x3xf32>
// CHECK-NOT: call @tfcc_rt_output_next
// CHECK: return
func.func @model(%arg0: memref<5xf32>) -> (memref<4x8xf32>, memref<8xf32, strided<[1], offset: 4>>, memref<6xf32>, memref<5xf32>) {
  %a = memref.alloc() : memref<4x8xf32>
  %b = memref.alloc() : memref<16xf32>
  %s = memref.subview %b[4] [8] [1] : memref<16xf32> to memref<8xf32, strided<[1], offset: 4>>
  %c = memref.alloc() : memref<2x3xf32>
  %r = memref.collapse_shape %c [[0, 1]] : memref<2x3xf32> into memref<6xf32>
  return %a, %s, %r, %arg0 : memref<4x8xf32>, memref<8xf32, strided<[1], offset: 4>>, memref<6xf32>, memref<5xf32>
}

// -----

// A buffer returned twice is copied into each output; a private function's
// results are no model's outputs. Nothing to announce, nothing declared.
// CHECK-NOT: tfcc_rt_output_next
// CHECK-LABEL: func.func @twice
// CHECK-LABEL: func.func private @helper
// CHECK-NOT: tfcc_rt_output_next
func.func @twice() -> (memref<4xf32>, memref<4xf32>) {
  %a = memref.alloc() : memref<4xf32>
  return %a, %a : memref<4xf32>, memref<4xf32>
}
func.func private @helper() -> memref<4xf32> {
  %a = memref.alloc() : memref<4xf32>
  return %a : memref<4xf32>
}

// -----

// The dynamic arena of tfcc-plan-memory is announced too; it is no output.
// CHECK: func.func private @tfcc_rt_arena_next()
// CHECK-LABEL: func.func @dynamic
// CHECK: call @tfcc_rt_arena_next() : () -> ()
// CHECK-NEXT: memref.alloc(%{{.*}}) {alignment = 64 : i64, tfcc.dynamic_arena = 1 : i64} : memref<?xi8>
// CHECK-NOT: call
func.func @dynamic(%n: index) -> memref<?xi8> {
  %a = memref.alloc(%n) {alignment = 64 : i64, tfcc.dynamic_arena = 1 : i64} : memref<?xi8>
  return %a : memref<?xi8>
}
