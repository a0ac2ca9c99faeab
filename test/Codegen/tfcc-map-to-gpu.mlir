// RUN: tfcc-opt %s --tfcc-map-to-gpu --canonicalize --split-input-file -verify-diagnostics | FileCheck %s
// RUN: tfcc-opt %s --tfcc-map-to-gpu="runtime-checks=false" --split-input-file -verify-diagnostics | FileCheck %s --check-prefix=NOCHECKS
// NOCHECKS-LABEL: func.func private @checked(
// NOCHECKS-NOT: memref<5xi64>
// NOCHECKS-NOT: tfcc.assert
// NOCHECKS: return

// A GPU function after bufferization: its buffers are device memory
// (gpu.alloc) but those it returns, its copies gpu.memcpy. The elementwise
// op is one thread per element of its two flattened dimensions, 256 a
// block; the row sum one thread per row, the reduction a loop in it; the
// op of rank 0 a kernel of one thread. Functions on the host are left
// alone.
// CHECK-LABEL: func.func private @f(
// CHECK: %[[N:.*]] = memref.dim %arg0
// CHECK: %[[D:.*]] = gpu.alloc (%[[N]]) : memref<?x8xf32>
// CHECK: gpu.memcpy %[[D]], %arg0
// CHECK: %[[E:.*]] = gpu.alloc (%[[N]]) : memref<?x8xf32>
// CHECK: %[[ELEMS:.*]] = arith.muli %{{.*}}, %c8
// CHECK: %[[BLOCKS:.*]] = arith.ceildivsi %[[ELEMS]], %c256
// CHECK: gpu.launch blocks(%[[BX:.*]], %{{.*}}, %{{.*}}) in (%{{.*}} = %{{.*}}, %{{.*}} = %c1, %{{.*}} = %c1) threads(%[[TX:.*]], %{{.*}}, %{{.*}}) in (%[[BD:.*]] = %c256,
// CHECK: %[[ID0:.*]] = arith.muli %[[BX]], %[[BD]]
// CHECK: %[[ID:.*]] = arith.addi %[[ID0]], %[[TX]]
// CHECK: scf.if
// CHECK: %[[COL:.*]] = arith.remsi %[[ID]], %c8
// CHECK: %[[ROW:.*]] = arith.divsi %[[ID]], %c8
// CHECK: memref.load %[[D]][%[[ROW]], %[[COL]]]
// CHECK: math.exp
// CHECK: memref.store %{{.*}}, %[[E]][%[[ROW]], %[[COL]]]
// CHECK: gpu.terminator
// CHECK: %[[SUM:.*]] = gpu.alloc (%[[N]]) : memref<?xf32>
// CHECK: gpu.launch
// CHECK: scf.if
// CHECK: scf.for %{{.*}} = %c0 to %c8 step %c1
// CHECK: arith.addf
// CHECK: gpu.terminator
// CHECK: gpu.launch blocks(%{{.*}}) in (%{{.*}} = %c1, %{{.*}} = %c1, %{{.*}} = %c1) threads(%{{.*}}) in (%{{.*}} = %c1, %{{.*}} = %c1, %{{.*}} = %c1)
// CHECK: arith.mulf
// CHECK: gpu.terminator
// CHECK: %[[OUT:.*]] = memref.alloc(%[[N]]) : memref<?x8xf32>
// CHECK: gpu.memcpy %[[OUT]], %[[E]]
// CHECK: gpu.dealloc %[[D]]
// CHECK: return %[[OUT]],
#id = affine_map<(d0, d1) -> (d0, d1)>
#row = affine_map<(d0, d1) -> (d0)>
func.func private @f(%x: memref<?x8xf32>, %s: memref<f32>) -> (memref<?x8xf32>, memref<?xf32>) attributes {tfcc.device = "gpu:0"} {
  %c0 = arith.constant 0 : index
  %n = memref.dim %x, %c0 : memref<?x8xf32>
  %d = memref.alloc(%n) : memref<?x8xf32>
  memref.copy %x, %d : memref<?x8xf32> to memref<?x8xf32>
  %e = memref.alloc(%n) : memref<?x8xf32>
  linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%d : memref<?x8xf32>) outs(%e : memref<?x8xf32>) {
  ^bb0(%a: f32, %b: f32):
    %t = math.exp %a : f32
    linalg.yield %t : f32
  }
  %sum = memref.alloc(%n) : memref<?xf32>
  linalg.generic {indexing_maps = [#id, #row], iterator_types = ["parallel", "reduction"]}
      ins(%e : memref<?x8xf32>) outs(%sum : memref<?xf32>) {
  ^bb0(%a: f32, %b: f32):
    %t = arith.addf %a, %b : f32
    linalg.yield %t : f32
  }
  %s1 = memref.alloc() : memref<f32>
  memref.copy %s, %s1 : memref<f32> to memref<f32>
  %s2 = memref.alloc() : memref<f32>
  linalg.generic {indexing_maps = [affine_map<() -> ()>, affine_map<() -> ()>], iterator_types = []}
      ins(%s1 : memref<f32>) outs(%s2 : memref<f32>) {
  ^bb0(%a: f32, %b: f32):
    %t = arith.mulf %a, %a : f32
    linalg.yield %t : f32
  }
  %out = memref.alloc(%n) : memref<?x8xf32>
  memref.copy %e, %out : memref<?x8xf32> to memref<?x8xf32>
  %outs = memref.alloc(%n) : memref<?xf32>
  memref.copy %sum, %outs : memref<?xf32> to memref<?xf32>
  memref.dealloc %d : memref<?x8xf32>
  memref.dealloc %e : memref<?x8xf32>
  memref.dealloc %sum : memref<?xf32>
  memref.dealloc %s1 : memref<f32>
  memref.dealloc %s2 : memref<f32>
  return %out, %outs : memref<?x8xf32>, memref<?xf32>
}

// -----

// A copy of a strided view is a kernel; the driver copies whole buffers.
// CHECK-LABEL: func.func private @strided(
// CHECK: %[[D:.*]] = gpu.alloc () : memref<4x4xf32>
// CHECK: gpu.memcpy %[[D]], %arg0
// CHECK: %[[COL:.*]] = memref.subview %[[D]][0, 1] [4, 1] [1, 1]
// CHECK: gpu.launch
// CHECK: memref.load %[[COL]]
// CHECK: gpu.terminator
// CHECK-NOT: memref.copy
func.func private @strided(%x: memref<4x4xf32>) -> memref<4x1xf32> attributes {tfcc.device = "gpu:0"} {
  %d = memref.alloc() : memref<4x4xf32>
  memref.copy %x, %d : memref<4x4xf32> to memref<4x4xf32>
  %col = memref.subview %d[0, 1] [4, 1] [1, 1] : memref<4x4xf32> to memref<4x1xf32, strided<[4, 1], offset: 1>>
  %c = memref.alloc() : memref<4x1xf32>
  memref.copy %col, %c : memref<4x1xf32, strided<[4, 1], offset: 1>> to memref<4x1xf32>
  %r = memref.alloc() : memref<4x1xf32>
  memref.copy %c, %r : memref<4x1xf32> to memref<4x1xf32>
  memref.dealloc %d : memref<4x4xf32>
  memref.dealloc %c : memref<4x1xf32>
  return %r : memref<4x1xf32>
}

// -----

// A reshape's shape is read by the host: its stores go to a stack buffer
// of the host, wherever memory planning put it.
// CHECK-LABEL: func.func private @reshape(
// CHECK: %[[SHAPE:.*]] = memref.alloca() : memref<1xi64>
// CHECK-NOT: gpu.launch
// CHECK: memref.store %{{.*}}, %[[SHAPE]][%c0]
// CHECK: memref.reshape %{{.*}}(%[[SHAPE]])
func.func private @reshape(%x: memref<?x4xf32>) -> memref<?xf32> attributes {tfcc.device = "gpu:0"} {
  %c0 = arith.constant 0 : index
  %arena = memref.alloc() : memref<64xi8>
  %shape = memref.view %arena[%c0][] : memref<64xi8> to memref<1xi64>
  %d = memref.alloc() : memref<4x4xf32>
  %n = memref.dim %x, %c0 : memref<?x4xf32>
  %m = arith.muli %n, %n : index
  %i = arith.index_cast %m : index to i64
  memref.store %i, %shape[%c0] : memref<1xi64>
  %flat = memref.reshape %x(%shape) : (memref<?x4xf32>, memref<1xi64>) -> memref<?xf32>
  %r = memref.alloc(%m) : memref<?xf32>
  memref.copy %flat, %r : memref<?xf32> to memref<?xf32>
  memref.dealloc %arena : memref<64xi8>
  memref.dealloc %d : memref<4x4xf32>
  return %r : memref<?xf32>
}

// -----

// A check inside a kernel (an index read from data) records its number and
// values in a device buffer, cleared first; the first failure takes it by
// compare-and-swap. The host copies the record back at the end and checks
// it with the check's message. Without run-time checks, nothing of this.
// CHECK-LABEL: func.func private @checked(
// CHECK: %[[REC:.*]] = gpu.alloc () : memref<5xi64>
// CHECK: gpu.launch blocks(%{{.*}}) in (%{{.*}} = %c1, %{{.*}} = %c1, %{{.*}} = %c1) threads
// CHECK: memref.store %c0_i64, %[[REC]][%c0]
// CHECK: gpu.launch
// CHECK: %[[BAD:.*]] = arith.cmpi uge, %[[K:.*]], %c8
// CHECK: scf.if %[[BAD]] {
// CHECK: %[[OLD:.*]] = memref.generic_atomic_rmw %[[REC]][%c0]
// CHECK: ^bb0(%[[CUR:.*]]: i64):
// CHECK: %[[EMPTY:.*]] = arith.cmpi eq, %[[CUR]], %c0_i64
// CHECK: %[[NEW:.*]] = arith.select %[[EMPTY]], %c1_i64, %[[CUR]]
// CHECK: memref.atomic_yield %[[NEW]]
// CHECK: %[[WON:.*]] = arith.cmpi eq, %[[OLD]], %c0_i64
// CHECK: scf.if %[[WON]] {
// CHECK: %[[V:.*]] = arith.index_cast %[[K]] : index to i64
// CHECK: memref.store %[[V]], %[[REC]][%c1]
// CHECK-NOT: tfcc.assert
// CHECK: gpu.terminator
// CHECK: %[[HOST:.*]] = memref.alloca() : memref<5xi64>
// CHECK: gpu.memcpy %[[HOST]], %[[REC]]
// CHECK: %[[ID:.*]] = memref.load %[[HOST]][%c0]
// CHECK: %[[V0:.*]] = memref.load %[[HOST]][%c1]
// CHECK: %[[OK:.*]] = arith.cmpi ne, %[[ID]], %c1_i64
// CHECK: tfcc.assert %[[OK]], "index {0} is out of range"(%[[V0]] : i64)
// CHECK: gpu.dealloc %[[REC]]
func.func private @checked(%x: memref<4xindex>, %t: memref<8xf32>) -> memref<4xf32> attributes {tfcc.device = "gpu:0"} {
  %c8 = arith.constant 8 : index
  %i = memref.alloc() : memref<4xindex>
  memref.copy %x, %i : memref<4xindex> to memref<4xindex>
  %table = memref.alloc() : memref<8xf32>
  memref.copy %t, %table : memref<8xf32> to memref<8xf32>
  %g = memref.alloc() : memref<4xf32>
  linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]}
      ins(%i : memref<4xindex>) outs(%g : memref<4xf32>) {
  ^bb0(%k: index, %o: f32):
    %ok = arith.cmpi ult, %k, %c8 : index
    tfcc.assert %ok, "index {0} is out of range"(%k : index)
    %v = memref.load %table[%k] : memref<8xf32>
    linalg.yield %v : f32
  }
  %r = memref.alloc() : memref<4xf32>
  memref.copy %g, %r : memref<4xf32> to memref<4xf32>
  memref.dealloc %i : memref<4xindex>
  memref.dealloc %table : memref<8xf32>
  memref.dealloc %g : memref<4xf32>
  return %r : memref<4xf32>
}

// -----

// A scalar the host needs, read from device memory: no GPU kernel.
func.func private @host_reads(%x: memref<4xindex>) -> memref<?xf32> attributes {tfcc.device = "gpu:0"} {
  %c0 = arith.constant 0 : index
  %d = memref.alloc() : memref<4xindex>
  memref.copy %x, %d : memref<4xindex> to memref<4xindex>
  // expected-error @below {{computes a value that the host needs from device memory; it has no GPU kernel}}
  %n = memref.load %d[%c0] : memref<4xindex>
  %r = memref.alloc(%n) : memref<?xf32>
  memref.dealloc %d : memref<4xindex>
  return %r : memref<?xf32>
}

// -----

// CHECK-LABEL: func.func @on_host(
// CHECK-NOT: gpu.
// CHECK: linalg.generic
func.func @on_host(%x: memref<4xf32>) {
  linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]}
      outs(%x : memref<4xf32>) {
  ^bb0(%a: f32):
    %t = math.exp %a : f32
    linalg.yield %t : f32
  }
  return
}
