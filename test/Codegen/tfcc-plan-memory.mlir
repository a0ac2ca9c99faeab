// RUN: tfcc-opt %s --tfcc-plan-memory --split-input-file | FileCheck %s

// Four intermediate buffers (positions, in tfcc.live, count every
// top-level op): %a is last used through its expand_shape, so %c and then
// %d, allocated after that, take its offset; %b and %c are live together in the loop nest that
// reads one and writes the other. The dynamic %e and the result %r, which
// the caller owns, keep their own allocations.
// CHECK-LABEL: func.func @chain
// CHECK: %[[ARENA:.*]] = memref.alloc() {alignment = 64 : i64, tfcc.arena_buffers = 3520 : i64} : memref<2048xi8>
// CHECK: %[[A:.*]] = memref.view %[[ARENA]][%{{.*}}][] {tfcc.live = array<i64: 2, 6>} : memref<2048xi8> to memref<256xf32>
// CHECK: linalg.copy ins(%arg0 : memref<256xf32>) outs(%[[A]] : memref<256xf32>)
// CHECK: %[[C1024:.*]] = arith.constant 1024 : index
// CHECK: %[[B:.*]] = memref.view %[[ARENA]][%[[C1024]]][] {tfcc.live = array<i64: 4, 8>} : memref<2048xi8> to memref<16x16xf32>
// CHECK: memref.view %[[ARENA]][%{{.*}}][] {tfcc.live = array<i64: 7, 8>} : memref<2048xi8> to memref<100xf32>
// CHECK: scf.for
// CHECK: %[[D:.*]] = memref.view %[[ARENA]][%{{.*}}][] {tfcc.live = array<i64: 9, 12>} : memref<2048xi8> to memref<256xf32>
// CHECK: %[[E:.*]] = memref.alloc(%arg1) : memref<?xf32>
// CHECK: %[[R:.*]] = memref.alloc() : memref<256xf32>
// CHECK: linalg.copy ins(%[[D]] : memref<256xf32>) outs(%[[R]] : memref<256xf32>)
// CHECK-NEXT: memref.dealloc %[[E]] : memref<?xf32>
// CHECK-NEXT: memref.dealloc %[[ARENA]] : memref<2048xi8>
// CHECK-NEXT: return %[[R]]
func.func @chain(%x: memref<256xf32>, %n: index) -> memref<256xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %a = memref.alloc() {alignment = 64 : i64} : memref<256xf32>
  linalg.copy ins(%x : memref<256xf32>) outs(%a : memref<256xf32>)
  %b = memref.alloc() {alignment = 64 : i64} : memref<16x16xf32>
  %av = memref.expand_shape %a [[0, 1]] output_shape [16, 16] : memref<256xf32> into memref<16x16xf32>
  linalg.copy ins(%av : memref<16x16xf32>) outs(%b : memref<16x16xf32>)
  %c = memref.alloc() {alignment = 64 : i64} : memref<100xf32>
  scf.for %i = %c0 to %n step %c1 {
    %v = memref.load %b[%c0, %c0] : memref<16x16xf32>
    memref.store %v, %c[%i] : memref<100xf32>
  }
  %d = memref.alloc() {alignment = 64 : i64} : memref<256xf32>
  %e = memref.alloc(%n) : memref<?xf32>
  %r = memref.alloc() : memref<256xf32>
  linalg.copy ins(%d : memref<256xf32>) outs(%r : memref<256xf32>)
  memref.dealloc %a : memref<256xf32>
  memref.dealloc %b : memref<16x16xf32>
  memref.dealloc %c : memref<100xf32>
  memref.dealloc %d : memref<256xf32>
  memref.dealloc %e : memref<?xf32>
  return %r : memref<256xf32>
}

// -----

// A buffer whose view leaves an scf.if may be used wherever the if's
// result is: it lives up to its deallocation, and the one allocated after
// the if cannot share its memory.
// CHECK-LABEL: func.func @escapes
// CHECK: %[[ARENA:.*]] = memref.alloc() {alignment = 64 : i64, tfcc.arena_buffers = 2048 : i64} : memref<2048xi8>
// CHECK: memref.view %[[ARENA]][%{{.*}}][] {tfcc.live = array<i64: 0, 7>}
// CHECK: %[[C1024:.*]] = arith.constant 1024 : index
// CHECK: memref.view %[[ARENA]][%[[C1024]]][] {tfcc.live = array<i64: 3, 5>}
func.func @escapes(%x: memref<256xf32>, %p: i1) -> memref<256xf32> {
  %a = memref.alloc() {alignment = 64 : i64} : memref<256xf32>
  %s = scf.if %p -> memref<256xf32> {
    scf.yield %a : memref<256xf32>
  } else {
    scf.yield %x : memref<256xf32>
  }
  %r = memref.alloc() : memref<256xf32>
  %b = memref.alloc() {alignment = 64 : i64} : memref<256xf32>
  linalg.copy ins(%s : memref<256xf32>) outs(%b : memref<256xf32>)
  linalg.copy ins(%b : memref<256xf32>) outs(%r : memref<256xf32>)
  memref.dealloc %b : memref<256xf32>
  memref.dealloc %a : memref<256xf32>
  return %r : memref<256xf32>
}
