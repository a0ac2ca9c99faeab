// RUN: tfcc-opt %s --tfcc-plan-memory --split-input-file | FileCheck %s

// Four intermediate buffers (positions, in tfcc.live, count every
// top-level op): %a is last used through its expand_shape, so %c and then
// %d, allocated after that, take its offset; %b and %c are live together in the loop nest that
// reads one and writes the other. The result %r, which the caller owns,
// keeps its own allocation; the dynamic %e goes to the dynamic arena.
// CHECK-LABEL: func.func @chain
// CHECK: %[[DYN:.*]] = memref.alloc(%{{.*}}) {alignment = 64 : i64, tfcc.dynamic_arena = 1 : i64} : memref<?xi8>
// CHECK: %[[ARENA:.*]] = memref.alloc() {alignment = 64 : i64, tfcc.arena_buffers = 3520 : i64} : memref<2048xi8>
// CHECK: %[[A:.*]] = memref.view %[[ARENA]][%{{.*}}][] {tfcc.live = array<i64: 2, 6>} : memref<2048xi8> to memref<256xf32>
// CHECK: linalg.copy ins(%arg0 : memref<256xf32>) outs(%[[A]] : memref<256xf32>)
// CHECK: %[[C1024:.*]] = arith.constant 1024 : index
// CHECK: %[[B:.*]] = memref.view %[[ARENA]][%[[C1024]]][] {tfcc.live = array<i64: 4, 8>} : memref<2048xi8> to memref<16x16xf32>
// CHECK: memref.view %[[ARENA]][%{{.*}}][] {tfcc.live = array<i64: 7, 8>} : memref<2048xi8> to memref<100xf32>
// CHECK: scf.for
// CHECK: %[[D:.*]] = memref.view %[[ARENA]][%{{.*}}][] {tfcc.live = array<i64: 9, 12>} : memref<2048xi8> to memref<256xf32>
// CHECK: memref.view %[[DYN]][%{{.*}}][%arg1] {tfcc.live = array<i64: 15, 15>, tfcc.slot = 0 : i64} : memref<?xi8> to memref<?xf32>
// CHECK: %[[R:.*]] = memref.alloc() : memref<256xf32>
// CHECK: linalg.copy ins(%[[D]] : memref<256xf32>) outs(%[[R]] : memref<256xf32>)
// CHECK-NEXT: memref.dealloc %[[ARENA]] : memref<2048xi8>
// CHECK-NEXT: memref.dealloc %[[DYN]] : memref<?xi8>
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

// -----

// In place: the loop that last reads %a reads each element of it once, at
// the indices where it then writes %b (a vectorized elementwise op), so %b
// takes %a's bytes and lives from that loop on; so does %c, written in
// place of %b by an elementwise linalg.generic. The arena holds one of them.
// CHECK-LABEL: func.func @in_place
// CHECK: %[[ARENA:.*]] = memref.alloc() {alignment = 64 : i64, tfcc.arena_buffers = 3072 : i64} : memref<1024xi8>
// CHECK: %[[O1:c0_[0-9]+]] = arith.constant 0 : index
// CHECK-NEXT: memref.view %[[ARENA]][%[[O1]]][] {tfcc.live = array<i64: 4, 7>}
// CHECK: %[[O2:c0_[0-9]+]] = arith.constant 0 : index
// CHECK-NEXT: memref.view %[[ARENA]][%[[O2]]][] {tfcc.live = array<i64: 7, 9>}
// CHECK: %[[O3:c0_[0-9]+]] = arith.constant 0 : index
// CHECK-NEXT: memref.view %[[ARENA]][%[[O3]]][] {tfcc.live = array<i64: 9, 10>}
func.func @in_place(%x: memref<16x16xf32>, %y: memref<16x16xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c16 = arith.constant 16 : index
  %f0 = arith.constant 0.0 : f32
  %a = memref.alloc() {alignment = 64 : i64} : memref<16x16xf32>
  linalg.copy ins(%x : memref<16x16xf32>) outs(%a : memref<16x16xf32>)
  %b = memref.alloc() {alignment = 64 : i64} : memref<16x16xf32>
  scf.for %i = %c0 to %c16 step %c1 {
    %v = vector.transfer_read %a[%i, %c0], %f0 {in_bounds = [true]} : memref<16x16xf32>, vector<16xf32>
    %t = math.tanh %v : vector<16xf32>
    vector.transfer_write %t, %b[%i, %c0] {in_bounds = [true]} : vector<16xf32>, memref<16x16xf32>
  }
  %c = memref.alloc() {alignment = 64 : i64} : memref<16x16xf32>
  linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%b : memref<16x16xf32>) outs(%c : memref<16x16xf32>) {
  ^bb0(%in: f32, %out: f32):
    %n = arith.negf %in : f32
    linalg.yield %n : f32
  }
  linalg.copy ins(%c : memref<16x16xf32>) outs(%y : memref<16x16xf32>)
  memref.dealloc %a : memref<16x16xf32>
  memref.dealloc %b : memref<16x16xf32>
  memref.dealloc %c : memref<16x16xf32>
  return
}

// -----

// Not in place: a transposing read (%a's row %i is read where %b's column
// is written), a loop that reads each row of %c once per iteration of an
// outer loop its indices do not use, and one that reads %c twice. Each
// buffer then keeps its own bytes while the next is written, live from its
// allocation on.
// CHECK-LABEL: func.func @not_in_place
// CHECK: tfcc.arena_buffers = 4096 : i64} : memref<2048xi8>
// CHECK: tfcc.live = array<i64: 4, 7>}
// CHECK: tfcc.live = array<i64: 6, 9>}
// CHECK: tfcc.live = array<i64: 8, 11>}
// CHECK: tfcc.live = array<i64: 10, 12>}
func.func @not_in_place(%x: memref<16x16xf32>, %y: memref<16x16xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c16 = arith.constant 16 : index
  %f0 = arith.constant 0.0 : f32
  %a = memref.alloc() {alignment = 64 : i64} : memref<16x16xf32>
  linalg.copy ins(%x : memref<16x16xf32>) outs(%a : memref<16x16xf32>)
  %b = memref.alloc() {alignment = 64 : i64} : memref<16x16xf32>
  scf.for %i = %c0 to %c16 step %c1 {
    scf.for %j = %c0 to %c16 step %c1 {
      %v = memref.load %a[%i, %j] : memref<16x16xf32>
      memref.store %v, %b[%j, %i] : memref<16x16xf32>
    }
  }
  %c = memref.alloc() {alignment = 64 : i64} : memref<16x16xf32>
  scf.for %k = %c0 to %c1 step %c1 {
    scf.for %i = %c0 to %c16 step %c1 {
      %v = vector.transfer_read %b[%i, %c0], %f0 {in_bounds = [true]} : memref<16x16xf32>, vector<16xf32>
      %t = math.tanh %v : vector<16xf32>
      vector.transfer_write %t, %c[%i, %c0] {in_bounds = [true]} : vector<16xf32>, memref<16x16xf32>
    }
  }
  %e = memref.alloc() {alignment = 64 : i64} : memref<16x16xf32>
  scf.for %i = %c0 to %c16 step %c1 {
    %v = vector.transfer_read %c[%i, %c0], %f0 {in_bounds = [true]} : memref<16x16xf32>, vector<16xf32>
    %w = vector.transfer_read %c[%c0, %c0], %f0 {in_bounds = [true]} : memref<16x16xf32>, vector<16xf32>
    %s = arith.addf %v, %w : vector<16xf32>
    vector.transfer_write %s, %e[%i, %c0] {in_bounds = [true]} : vector<16xf32>, memref<16x16xf32>
  }
  linalg.copy ins(%e : memref<16x16xf32>) outs(%y : memref<16x16xf32>)
  memref.dealloc %a : memref<16x16xf32>
  memref.dealloc %b : memref<16x16xf32>
  memref.dealloc %c : memref<16x16xf32>
  memref.dealloc %e : memref<16x16xf32>
  return
}

// -----

// Buffers of dynamic shape whose sizes come from the arguments' dims share
// the slots of one arena that each run sizes: %a and %c, whose lives do not
// overlap, slot 0, %b slot 1. The sizes are computed at the start (4 * n
// and 8 * n bytes, each rounded up to 64; slot 0 the larger of %a's and
// %c's), the slots laid end to end. %d, whose size is read from memory,
// keeps its own allocation; so does a private function's buffer.
// CHECK-LABEL: func.func @dynamic
// CHECK: %[[N:.*]] = memref.dim %arg0, %{{.*}} : memref<?xf32>
// CHECK-DAG: %[[A4:.*]] = arith.muli %{{.*}}, %[[N]] : index
// CHECK-DAG: %[[C8:.*]] = arith.muli %{{.*}}, %[[N]] : index
// CHECK: %[[S0:.*]] = arith.maxui
// CHECK: %[[END0:.*]] = arith.addi %{{.*}}, %[[S0]] : index
// CHECK: %[[TOTAL:.*]] = arith.addi %[[END0]], %{{.*}} : index
// CHECK: %[[DYN:.*]] = memref.alloc(%[[TOTAL]]) {alignment = 64 : i64, tfcc.dynamic_arena = 2 : i64} : memref<?xi8>
// CHECK: memref.view %[[DYN]][%{{.*}}][%{{.*}}] {tfcc.live = array<i64: {{[0-9]+}}, {{[0-9]+}}>, tfcc.slot = 0 : i64} : memref<?xi8> to memref<?xf32>
// CHECK: memref.view %[[DYN]][%[[END0]]][%{{.*}}] {tfcc.live = array<i64: {{[0-9]+}}, {{[0-9]+}}>, tfcc.slot = 1 : i64} : memref<?xi8> to memref<?xf32>
// CHECK: memref.view %[[DYN]][%{{.*}}][%{{.*}}] {tfcc.live = array<i64: {{[0-9]+}}, {{[0-9]+}}>, tfcc.slot = 0 : i64} : memref<?xi8> to memref<?x2xf32>
// CHECK: memref.alloc(%{{.*}}) {alignment = 64 : i64} : memref<?xf32>
// CHECK-LABEL: func.func private @helper
// CHECK: memref.alloc(%arg0) {alignment = 64 : i64} : memref<?xf32>
func.func @dynamic(%x: memref<?xf32>, %y: memref<?xf32>, %sizes: memref<1xindex>) {
  %c0 = arith.constant 0 : index
  %n = memref.dim %x, %c0 : memref<?xf32>
  %a = memref.alloc(%n) {alignment = 64 : i64} : memref<?xf32>
  linalg.copy ins(%x : memref<?xf32>) outs(%a : memref<?xf32>)
  %b = memref.alloc(%n) {alignment = 64 : i64} : memref<?xf32>
  linalg.copy ins(%a : memref<?xf32>) outs(%b : memref<?xf32>)
  %c = memref.alloc(%n) {alignment = 64 : i64} : memref<?x2xf32>
  %c1 = arith.constant 1 : index
  %cv = memref.subview %c[0, 0] [%n, 1] [1, 1] : memref<?x2xf32> to memref<?xf32, strided<[2]>>
  linalg.copy ins(%b : memref<?xf32>) outs(%cv : memref<?xf32, strided<[2]>>)
  %m = memref.load %sizes[%c0] : memref<1xindex>
  %d = memref.alloc(%m) {alignment = 64 : i64} : memref<?xf32>
  linalg.copy ins(%cv : memref<?xf32, strided<[2]>>) outs(%y : memref<?xf32>)
  memref.dealloc %a : memref<?xf32>
  memref.dealloc %b : memref<?xf32>
  memref.dealloc %c : memref<?x2xf32>
  memref.dealloc %d : memref<?xf32>
  return
}
func.func private @helper(%n: index) {
  %a = memref.alloc(%n) {alignment = 64 : i64} : memref<?xf32>
  memref.dealloc %a : memref<?xf32>
  return
}

// -----

// Not in place either: the read and the write take the same index, but a
// division maps two iterations to it, the second reading what the first
// wrote; and a generic that reads %b twice, once through a view.
// CHECK-LABEL: func.func @not_in_place_either
// CHECK: tfcc.live = array<i64: 4, 7>}
// CHECK: tfcc.live = array<i64: 6, 11>}
// CHECK: tfcc.live = array<i64: 8, 12>}
func.func @not_in_place_either(%x: memref<16xf32>, %y: memref<16xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c32 = arith.constant 32 : index
  %a = memref.alloc() {alignment = 64 : i64} : memref<16xf32>
  linalg.copy ins(%x : memref<16xf32>) outs(%a : memref<16xf32>)
  %b = memref.alloc() {alignment = 64 : i64} : memref<16xf32>
  scf.for %i = %c0 to %c32 step %c1 {
    %h = arith.divui %i, %c2 : index
    %v = memref.load %a[%h] : memref<16xf32>
    %w = arith.addf %v, %v : f32
    memref.store %w, %b[%h] : memref<16xf32>
  }
  %c = memref.alloc() {alignment = 64 : i64} : memref<16xf32>
  %bv = memref.expand_shape %b [[0, 1]] output_shape [16, 1] : memref<16xf32> into memref<16x1xf32>
  %bc = memref.collapse_shape %bv [[0, 1]] : memref<16x1xf32> into memref<16xf32>
  linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (15 - d0)>, affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]} ins(%b, %bc : memref<16xf32>, memref<16xf32>) outs(%c : memref<16xf32>) {
  ^bb0(%in: f32, %in2: f32, %out: f32):
    %s = arith.addf %in, %in2 : f32
    linalg.yield %s : f32
  }
  linalg.copy ins(%c : memref<16xf32>) outs(%y : memref<16xf32>)
  memref.dealloc %a : memref<16xf32>
  memref.dealloc %b : memref<16xf32>
  memref.dealloc %c : memref<16xf32>
  return
}

// -----

// The cases of a tfcc-concurrent-branches loop run at once. %a and %b,
// used in case 0 alone at different times there, share bytes; %c, used in
// case 1, shares none with them; %d, written before the loop and read in
// case 0, is live from its allocation to the loop (position 8). A buffer
// used in one case alone is live at the loop's position only, and its view
// records the case and its range there.
// CHECK-LABEL: func.func @branches
// CHECK: %[[ARENA:.*]] = memref.alloc() {alignment = 64 : i64, tfcc.arena_buffers = 4096 : i64} : memref<3072xi8>
// CHECK: memref.view %[[ARENA]][%{{.*}}][] {tfcc.live = array<i64: 3, 8>}
// CHECK: %[[C1024:.*]] = arith.constant 1024 : index
// CHECK: memref.view %[[ARENA]][%[[C1024]]][] {tfcc.live = array<i64: 8, 8>, tfcc.live_in_case = array<i64: 0, 0, 1>}
// CHECK: %[[C1024_:.*]] = arith.constant 1024 : index
// CHECK: memref.view %[[ARENA]][%[[C1024_]]][] {tfcc.live = array<i64: 8, 8>, tfcc.live_in_case = array<i64: 0, 2, 3>}
// CHECK: %[[C2048:.*]] = arith.constant 2048 : index
// CHECK: memref.view %[[ARENA]][%[[C2048]]][] {tfcc.live = array<i64: 8, 8>, tfcc.live_in_case = array<i64: 1, 0, 1>}
func.func @branches(%x: memref<256xf32>, %y0: memref<256xf32>, %y1: memref<256xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %d = memref.alloc() {alignment = 64 : i64} : memref<256xf32>
  linalg.copy ins(%x : memref<256xf32>) outs(%d : memref<256xf32>)
  %a = memref.alloc() {alignment = 64 : i64} : memref<256xf32>
  %b = memref.alloc() {alignment = 64 : i64} : memref<256xf32>
  %c = memref.alloc() {alignment = 64 : i64} : memref<256xf32>
  scf.for %i = %c0 to %c2 step %c1 {
    scf.index_switch %i
    case 0 {
      linalg.copy ins(%d : memref<256xf32>) outs(%a : memref<256xf32>)
      linalg.copy ins(%a : memref<256xf32>) outs(%y0 : memref<256xf32>)
      linalg.copy ins(%x : memref<256xf32>) outs(%b : memref<256xf32>)
      linalg.copy ins(%b : memref<256xf32>) outs(%y0 : memref<256xf32>)
      scf.yield
    }
    case 1 {
      linalg.copy ins(%x : memref<256xf32>) outs(%c : memref<256xf32>)
      linalg.copy ins(%c : memref<256xf32>) outs(%y1 : memref<256xf32>)
      scf.yield
    }
    default {
    }
  } {tfcc.branches, tfcc.parallel}
  memref.dealloc %a : memref<256xf32>
  memref.dealloc %b : memref<256xf32>
  memref.dealloc %c : memref<256xf32>
  memref.dealloc %d : memref<256xf32>
  return
}

// -----

// A buffer that each iteration of a loop allocates and frees is live at the
// loop's position (3): every iteration views the same bytes, apart from %a,
// which lives across the loop; nothing is allocated inside the loop.
// CHECK-LABEL: func.func @loop_body
// CHECK: %[[ARENA:.*]] = memref.alloc() {{.*}}tfcc.arena_buffers = 128 : i64} : memref<128xi8>
// CHECK: memref.view %[[ARENA]][%{{.*}}][] {tfcc.live = array<i64: 1, 4>} : memref<128xi8> to memref<4xf32>
// CHECK: scf.while
// CHECK: } do {
// CHECK-NOT: memref.alloc
// CHECK: memref.view %[[ARENA]][%{{.*}}][] {tfcc.live = array<i64: 3, 3>} : memref<128xi8> to memref<8xf32>
// CHECK-NOT: memref.dealloc
// CHECK: scf.yield
func.func @loop_body(%n: i64, %x: memref<4xf32>) {
  %zero = arith.constant 0.0 : f32
  %a = memref.alloc() : memref<4xf32>
  linalg.fill ins(%zero : f32) outs(%a : memref<4xf32>)
  %r = scf.while (%i = %n) : (i64) -> i64 {
    %c0 = arith.constant 0 : i64
    %go = arith.cmpi sgt, %i, %c0 : i64
    scf.condition(%go) %i : i64
  } do {
  ^bb0(%i: i64):
    %t = memref.alloc() : memref<8xf32>
    linalg.fill ins(%zero : f32) outs(%t : memref<8xf32>)
    memref.copy %a, %x : memref<4xf32> to memref<4xf32>
    memref.dealloc %t : memref<8xf32>
    %c1 = arith.constant 1 : i64
    %j = arith.subi %i, %c1 : i64
    scf.yield %j : i64
  }
  memref.copy %a, %x : memref<4xf32> to memref<4xf32>
  memref.dealloc %a : memref<4xf32>
  return
}
