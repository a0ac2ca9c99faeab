// RUN: tfcc-opt %s --tfcc-concurrent-branches --split-input-file | FileCheck %s

// Two chains of three nests each, both reading the argument %x: a nest
// (2048 iterations of a load, an add, a store and a yield) costs 8192, too
// little to split, so the six run in turn now (49152); on two threads,
// one chain each, they take 24576 plus the cost of handing one out (7500).
// They move, in their order, into the cases of a two-iteration parallel
// loop after the last of them; the final nest, which reads both chains,
// stays after it.
// CHECK-LABEL: func.func @two_chains
// CHECK: %[[A:.*]] = memref.alloc()
// CHECK: %[[B:.*]] = memref.alloc()
// CHECK: %[[C:.*]] = memref.alloc()
// CHECK: %[[D:.*]] = memref.alloc()
// CHECK-NOT: scf.for
// CHECK: scf.for %[[I:.*]] = %{{.*}} to %{{.*}} step %{{.*}} {
// CHECK-NEXT: scf.index_switch %[[I]]
// CHECK-NEXT: case 0 {
// CHECK-NEXT: scf.for
// CHECK: memref.load %arg0
// CHECK: memref.store %{{.*}}, %[[A]]
// CHECK: scf.for
// CHECK: memref.store %{{.*}}, %[[A]]
// CHECK: scf.for
// CHECK: memref.store %{{.*}}, %[[A]]
// CHECK: scf.yield
// CHECK-NEXT: }
// CHECK-NEXT: case 1 {
// CHECK-NEXT: scf.for
// CHECK: memref.load %arg0
// CHECK: memref.store %{{.*}}, %[[C]]
// CHECK: scf.for
// CHECK: memref.store %{{.*}}, %[[C]]
// CHECK: scf.for
// CHECK: memref.store %{{.*}}, %[[C]]
// CHECK: scf.yield
// CHECK-NEXT: }
// CHECK-NEXT: default {
// CHECK-NEXT: }
// CHECK-NEXT: } {tfcc.branches, tfcc.parallel}
// CHECK-NEXT: scf.for
// CHECK: memref.load %[[A]]
// CHECK: memref.load %[[C]]
// CHECK-NOT: tfcc.branches
func.func @two_chains(%x: memref<2048xf32>, %y: memref<2048xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %n = arith.constant 2048 : index
  %one = arith.constant 1.0 : f32
  %a = memref.alloc() : memref<2048xf32>
  scf.for %i = %c0 to %n step %c1 {
    %v = memref.load %x[%i] : memref<2048xf32>
    %w = arith.addf %v, %one : f32
    memref.store %w, %a[%i] : memref<2048xf32>
  }
  %b = memref.alloc() : memref<2048xf32>
  %c = memref.alloc() : memref<2048xf32>
  scf.for %i = %c0 to %n step %c1 {
    %v = memref.load %x[%i] : memref<2048xf32>
    %w = arith.addf %v, %one : f32
    memref.store %w, %c[%i] : memref<2048xf32>
  }
  scf.for %i = %c0 to %n step %c1 {
    %v = memref.load %a[%i] : memref<2048xf32>
    %w = arith.addf %v, %one : f32
    memref.store %w, %a[%i] : memref<2048xf32>
  }
  scf.for %i = %c0 to %n step %c1 {
    %v = memref.load %c[%i] : memref<2048xf32>
    %w = arith.addf %v, %one : f32
    memref.store %w, %c[%i] : memref<2048xf32>
  }
  %d = memref.alloc() : memref<2048xf32>
  scf.for %i = %c0 to %n step %c1 {
    %v = memref.load %a[%i] : memref<2048xf32>
    %w = arith.addf %v, %one : f32
    memref.store %w, %a[%i] : memref<2048xf32>
  }
  scf.for %i = %c0 to %n step %c1 {
    %v = memref.load %c[%i] : memref<2048xf32>
    %w = arith.addf %v, %one : f32
    memref.store %w, %c[%i] : memref<2048xf32>
  }
  scf.for %i = %c0 to %n step %c1 {
    %v = memref.load %a[%i] : memref<2048xf32>
    %u = memref.load %c[%i] : memref<2048xf32>
    %w = arith.addf %v, %u : f32
    memref.store %w, %y[%i] : memref<2048xf32>
  }
  return
}

// -----

// The second chain reads what the first writes (%a): one component, which
// stays as it is.
// CHECK-LABEL: func.func @dependent
// CHECK-NOT: scf.index_switch
func.func @dependent(%x: memref<2048xf32>, %y: memref<2048xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %n = arith.constant 2048 : index
  %one = arith.constant 1.0 : f32
  %a = memref.alloc() : memref<2048xf32>
  %c = memref.alloc() : memref<2048xf32>
  scf.for %i = %c0 to %n step %c1 {
    %v = memref.load %x[%i] : memref<2048xf32>
    %w = arith.addf %v, %one : f32
    memref.store %w, %a[%i] : memref<2048xf32>
  }
  scf.for %i = %c0 to %n step %c1 {
    %v = memref.load %a[%i] : memref<2048xf32>
    %w = arith.addf %v, %one : f32
    memref.store %w, %c[%i] : memref<2048xf32>
  }
  scf.for %i = %c0 to %n step %c1 {
    %v = memref.load %c[%i] : memref<2048xf32>
    %w = arith.addf %v, %one : f32
    memref.store %w, %c[%i] : memref<2048xf32>
  }
  scf.for %i = %c0 to %n step %c1 {
    %v = memref.load %a[%i] : memref<2048xf32>
    %w = arith.addf %v, %one : f32
    memref.store %w, %a[%i] : memref<2048xf32>
  }
  scf.for %i = %c0 to %n step %c1 {
    %v = memref.load %c[%i] : memref<2048xf32>
    %w = arith.addf %v, %one : f32
    memref.store %w, %c[%i] : memref<2048xf32>
  }
  scf.for %i = %c0 to %n step %c1 {
    %v = memref.load %a[%i] : memref<2048xf32>
    %w = arith.addf %v, %one : f32
    memref.store %w, %y[%i] : memref<2048xf32>
  }
  return
}

// -----

// A call may touch any buffer: nothing moves across it, and the chains on
// either side of it are too short to gain.
// CHECK-LABEL: func.func @barrier
// CHECK-NOT: scf.index_switch
func.func private @opaque(memref<2048xf32>)
func.func @barrier(%x: memref<2048xf32>, %y: memref<2048xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %n = arith.constant 2048 : index
  %one = arith.constant 1.0 : f32
  %a = memref.alloc() : memref<2048xf32>
  %c = memref.alloc() : memref<2048xf32>
  scf.for %i = %c0 to %n step %c1 {
    %v = memref.load %x[%i] : memref<2048xf32>
    %w = arith.addf %v, %one : f32
    memref.store %w, %a[%i] : memref<2048xf32>
  }
  scf.for %i = %c0 to %n step %c1 {
    %v = memref.load %x[%i] : memref<2048xf32>
    %w = arith.addf %v, %one : f32
    memref.store %w, %c[%i] : memref<2048xf32>
  }
  func.call @opaque(%y) : (memref<2048xf32>) -> ()
  scf.for %i = %c0 to %n step %c1 {
    %v = memref.load %a[%i] : memref<2048xf32>
    %w = arith.addf %v, %one : f32
    memref.store %w, %a[%i] : memref<2048xf32>
  }
  scf.for %i = %c0 to %n step %c1 {
    %v = memref.load %c[%i] : memref<2048xf32>
    %w = arith.addf %v, %one : f32
    memref.store %w, %c[%i] : memref<2048xf32>
  }
  scf.for %i = %c0 to %n step %c1 {
    %v = memref.load %a[%i] : memref<2048xf32>
    %w = arith.addf %v, %one : f32
    memref.store %w, %a[%i] : memref<2048xf32>
  }
  scf.for %i = %c0 to %n step %c1 {
    %v = memref.load %c[%i] : memref<2048xf32>
    %w = arith.addf %v, %one : f32
    memref.store %w, %c[%i] : memref<2048xf32>
  }
  return
}

// -----

// A view made inside a nest is of the buffer it views: the first nest
// writes %a through one, and both chains read %a after it (were that write
// missed, the chains and the first nest would be three parts).
// CHECK-LABEL: func.func @inner_view
// CHECK-NOT: scf.index_switch
func.func @inner_view(%x: memref<2048xf32>, %y: memref<2048xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %n = arith.constant 2048 : index
  %one = arith.constant 1.0 : f32
  %a = memref.alloc() : memref<2048xf32>
  %c = memref.alloc() : memref<2048xf32>
  %d = memref.alloc() : memref<2048xf32>
  scf.for %i = %c0 to %n step %c1 {
    %v = memref.load %x[%i] : memref<2048xf32>
    %w = arith.addf %v, %one : f32
    %s = memref.subview %a[%i] [1] [1] : memref<2048xf32> to memref<1xf32, strided<[1], offset: ?>>
    memref.store %w, %s[%c0] : memref<1xf32, strided<[1], offset: ?>>
  }
  scf.for %i = %c0 to %n step %c1 {
    %v = memref.load %a[%i] : memref<2048xf32>
    %w = arith.addf %v, %one : f32
    memref.store %w, %d[%i] : memref<2048xf32>
  }
  scf.for %i = %c0 to %n step %c1 {
    %v = memref.load %a[%i] : memref<2048xf32>
    %w = arith.addf %v, %one : f32
    memref.store %w, %c[%i] : memref<2048xf32>
  }
  scf.for %i = %c0 to %n step %c1 {
    %v = memref.load %d[%i] : memref<2048xf32>
    %w = arith.addf %v, %one : f32
    memref.store %w, %d[%i] : memref<2048xf32>
  }
  scf.for %i = %c0 to %n step %c1 {
    %v = memref.load %c[%i] : memref<2048xf32>
    %w = arith.addf %v, %one : f32
    memref.store %w, %c[%i] : memref<2048xf32>
  }
  scf.for %i = %c0 to %n step %c1 {
    %v = memref.load %c[%i] : memref<2048xf32>
    %w = arith.addf %v, %one : f32
    memref.store %w, %c[%i] : memref<2048xf32>
  }
  return
}
