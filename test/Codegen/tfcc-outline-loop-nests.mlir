// RUN: tfcc-opt %s --tfcc-outline-loop-nests | FileCheck %s

// Each top-level loop becomes a private kernel function called in its
// place (kernels come before their caller); the buffers it uses are
// arguments, the constants it uses (bounds, values) are cloned in, and a
// loop's results are the kernel's.
// CHECK-LABEL: func.func private @model_kernel0
// CHECK-SAME: (%[[X:.*]]: memref<16xf32>, %[[Y:.*]]: memref<16xf32>) attributes {tfcc.kernel}
// CHECK-DAG: arith.constant 16 : index
// CHECK-DAG: arith.constant 2.000000e+00 : f32
// CHECK: scf.for
// CHECK: memref.load %[[X]]
// CHECK: memref.store %{{.*}}, %[[Y]]
// CHECK-LABEL: func.func private @model_kernel1
// CHECK-SAME: (%{{.*}}: memref<16xf32>) -> f32 attributes {tfcc.kernel}
// CHECK: %[[R:.*]] = scf.for {{.*}} -> (f32)
// CHECK: return %[[R]] : f32
// CHECK-LABEL: func.func @model
// CHECK-SAME: (%[[A:.*]]: memref<16xf32>, %[[B:.*]]: memref<16xf32>)
// CHECK-NOT: scf.for
// CHECK: call @model_kernel0(%[[A]], %[[B]]) : (memref<16xf32>, memref<16xf32>) -> ()
// CHECK: %[[S:.*]] = call @model_kernel1(%[[B]]) : (memref<16xf32>) -> f32
// CHECK: return %[[S]]
func.func @model(%a: memref<16xf32>, %b: memref<16xf32>) -> f32 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c16 = arith.constant 16 : index
  %two = arith.constant 2.0 : f32
  %zero = arith.constant 0.0 : f32
  scf.for %i = %c0 to %c16 step %c1 {
    %x = memref.load %a[%i] : memref<16xf32>
    %y = arith.mulf %x, %two : f32
    memref.store %y, %b[%i] : memref<16xf32>
  }
  %sum = scf.for %i = %c0 to %c16 step %c1 iter_args(%acc = %zero) -> (f32) {
    %x = memref.load %b[%i] : memref<16xf32>
    %s = arith.addf %acc, %x : f32
    scf.yield %s : f32
  }
  return %sum : f32
}

// A loop marked tfcc.parallel (its iterations independent) becomes a
// kernel of iterations [lo, hi) of it, two more arguments, marked with the
// estimated cost of one iteration (8 times the inner body's 4 ops, and the
// outer body's yield); the call runs all of them, [0, trips).
// CHECK-LABEL: func.func private @par_kernel0
// CHECK-SAME: (%[[X:.*]]: memref<?x8xf32>, %[[LB:.*]]: index, %[[UB:.*]]: index, %[[LO:.*]]: index, %[[HI:.*]]: index) attributes {tfcc.kernel, tfcc.parallel = 33 : i64}
// CHECK-DAG: %[[C3:.*]] = arith.constant 3 : index
// CHECK: %[[STEP_LO:.*]] = arith.muli %[[LO]], %[[C3]]
// CHECK: %[[BEGIN:.*]] = arith.addi %[[LB]], %[[STEP_LO]]
// CHECK: %[[STEP_HI:.*]] = arith.muli %[[HI]], %[[C3]]
// CHECK: %[[AT_HI:.*]] = arith.addi %[[LB]], %[[STEP_HI]]
// CHECK: %[[END:.*]] = arith.minsi %[[AT_HI]], %[[UB]]
// CHECK: scf.for %{{.*}} = %[[BEGIN]] to %[[END]] step %[[C3]]
// CHECK-LABEL: func.func @par
// CHECK-SAME: (%[[A:.*]]: memref<?x8xf32>, %[[START:.*]]: index)
// CHECK-DAG: %[[C3:.*]] = arith.constant 3 : index
// CHECK: %[[ROWS:.*]] = memref.dim %[[A]]
// CHECK: %[[ZERO:.*]] = arith.constant 0 : index
// CHECK: %[[SPAN:.*]] = arith.subi %[[ROWS]], %[[START]]
// CHECK: %[[TRIPS:.*]] = arith.ceildivsi %[[SPAN]], %[[C3]]
// CHECK: call @par_kernel0(%[[A]], %[[START]], %[[ROWS]], %[[ZERO]], %[[TRIPS]])
func.func @par(%a: memref<?x8xf32>, %start: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c3 = arith.constant 3 : index
  %c8 = arith.constant 8 : index
  %two = arith.constant 2.0 : f32
  %rows = memref.dim %a, %c0 : memref<?x8xf32>
  scf.for %i = %start to %rows step %c3 {
    scf.for %j = %c0 to %c8 step %c1 {
      %x = memref.load %a[%i, %j] : memref<?x8xf32>
      %y = arith.mulf %x, %two : f32
      memref.store %y, %a[%i, %j] : memref<?x8xf32>
    }
  } {tfcc.parallel}
  return
}

// A loop marked tfcc.parallel inside one that is not (its op named the
// dimension to split, tfcc.split_dim): the kernel takes a range of the
// inner loop's iterations and runs the outer loop whole; its cost is an
// inner iteration's times the outer loop's 4 trips (4 x 4).
// CHECK-LABEL: func.func private @inner_kernel0
// CHECK-SAME: (%[[X:.*]]: memref<4x6xf32>, %[[LO:.*]]: index, %[[HI:.*]]: index) attributes {tfcc.kernel, tfcc.parallel = 16 : i64}
// CHECK: %[[STEP_LO:.*]] = arith.muli %[[LO]]
// CHECK: %[[BEGIN:.*]] = arith.addi %{{.*}}, %[[STEP_LO]]
// CHECK: %[[STEP_HI:.*]] = arith.muli %[[HI]]
// CHECK: %[[AT_HI:.*]] = arith.addi %{{.*}}, %[[STEP_HI]]
// CHECK: %[[END:.*]] = arith.minsi %[[AT_HI]]
// CHECK: scf.for %[[I:.*]] = %{{.*}} to %{{.*}} step
// CHECK: arith.addi %[[I]]
// CHECK: scf.for %[[J:.*]] = %[[BEGIN]] to %[[END]]
// CHECK: memref.load %[[X]][%[[I]], %[[J]]]
// CHECK-LABEL: func.func @inner
// CHECK: %[[SIX:.*]] = arith.constant 6 : index
// CHECK: call @inner_kernel0(%{{.*}}, %{{.*}}, %[[SIX]])
func.func @inner(%a: memref<4x6xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %c6 = arith.constant 6 : index
  %two = arith.constant 2.0 : f32
  scf.for %i = %c0 to %c4 step %c1 {
    %next = arith.addi %i, %c1 : index
    scf.for %j = %c0 to %c6 step %c1 {
      %x = memref.load %a[%i, %j] : memref<4x6xf32>
      %y = arith.mulf %x, %two : f32
      memref.store %y, %a[%i, %j] : memref<4x6xf32>
    }  {tfcc.parallel}
  }
  return
}

// The outer loop writes memory besides the inner loop (every thread would
// write it), or reads what the inner loop writes (a thread would read
// another's result), or an inner loop's bounds come from the outer loop
// (the caller cannot count its iterations): no kernel is split.
// CHECK-LABEL: func.func private @not_inner_kernel0
// CHECK-SAME: (%{{.*}}: memref<4x6xf32>) attributes {tfcc.kernel}
// CHECK-LABEL: func.func private @not_inner_kernel1
// CHECK-SAME: (%{{.*}}: memref<4x6xf32>) attributes {tfcc.kernel}
// CHECK-LABEL: func.func private @not_inner_kernel2
// CHECK-SAME: (%{{.*}}: memref<4x6xf32>) attributes {tfcc.kernel}
// CHECK-LABEL: func.func @not_inner
func.func @not_inner(%a: memref<4x6xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %c6 = arith.constant 6 : index
  %two = arith.constant 2.0 : f32
  scf.for %i = %c0 to %c4 step %c1 {
    memref.store %two, %a[%i, %c0] : memref<4x6xf32>
    scf.for %j = %c1 to %c6 step %c1 {
      memref.store %two, %a[%i, %j] : memref<4x6xf32>
    }  {tfcc.parallel}
  }
  scf.for %i = %c0 to %c4 step %c1 {
    %first = memref.load %a[%i, %c0] : memref<4x6xf32>
    scf.for %j = %c0 to %c6 step %c1 {
      memref.store %first, %a[%i, %j] : memref<4x6xf32>
    }  {tfcc.parallel}
  }
  scf.for %i = %c0 to %c4 step %c1 {
    scf.for %j = %i to %c6 step %c1 {
      memref.store %two, %a[%i, %j] : memref<4x6xf32>
    }  {tfcc.parallel}
  }
  return
}

// A vector op costs one per 512 bits of its widest result or operand: the
// load of a vector<32xf32> 2, its store 2 (it has no result), the index
// add and the yield 1 each.
// CHECK-LABEL: func.func private @copy_kernel0
// CHECK-SAME: attributes {tfcc.kernel, tfcc.parallel = 6 : i64}
func.func @copy(%a: memref<8x32xf32>, %b: memref<8x32xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c8 = arith.constant 8 : index
  scf.for %i = %c0 to %c8 step %c1 {
    %v = vector.load %a[%i, %c0] : memref<8x32xf32>, vector<32xf32>
    %j = arith.addi %i, %c1 : index
    vector.store %v, %b[%i, %c0] : memref<8x32xf32>, vector<32xf32>
  } {tfcc.parallel}
  return
}

// The loop of tfcc-concurrent-branches is a parallel kernel of its two
// iterations, costed as its costlier case (32 times a load, a multiply,
// a store and a yield, plus the yields of the case and the loop); the nest of each
// case is a serial kernel of its own, called there.
// CHECK-LABEL: func.func private @branches_kernel0
// CHECK-SAME: (%{{.*}}: memref<16xf32>, %{{.*}}: memref<16xf32>) attributes {tfcc.kernel}
// CHECK-LABEL: func.func private @branches_kernel1
// CHECK-SAME: (%{{.*}}: memref<32xf32>, %{{.*}}: memref<32xf32>) attributes {tfcc.kernel}
// CHECK-LABEL: func.func private @branches_kernel2
// CHECK-SAME: (%[[A:.*]]: memref<16xf32>, %[[B:.*]]: memref<16xf32>, %[[C:.*]]: memref<32xf32>, %[[D:.*]]: memref<32xf32>, %{{.*}}: index, %{{.*}}: index) attributes {tfcc.kernel, tfcc.parallel = 130 : i64}
// CHECK: scf.index_switch
// CHECK: case 0 {
// CHECK-NEXT: func.call @branches_kernel0(%[[A]], %[[B]])
// CHECK: case 1 {
// CHECK-NEXT: func.call @branches_kernel1(%[[C]], %[[D]])
// CHECK-LABEL: func.func @branches
// CHECK: call @branches_kernel2(%arg0, %arg1, %arg2, %arg3, %{{.*}}, %{{.*}})
func.func @branches(%a: memref<16xf32>, %b: memref<16xf32>, %c: memref<32xf32>, %d: memref<32xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c16 = arith.constant 16 : index
  %c32 = arith.constant 32 : index
  %two = arith.constant 2.0 : f32
  scf.for %i = %c0 to %c2 step %c1 {
    scf.index_switch %i
    case 0 {
      scf.for %j = %c0 to %c16 step %c1 {
        %x = memref.load %a[%j] : memref<16xf32>
        %y = arith.mulf %x, %two : f32
        memref.store %y, %b[%j] : memref<16xf32>
      }
      scf.yield
    }
    case 1 {
      scf.for %j = %c0 to %c32 step %c1 {
        %x = memref.load %c[%j] : memref<32xf32>
        %y = arith.mulf %x, %two : f32
        memref.store %y, %d[%j] : memref<32xf32>
      }
      scf.yield
    }
    default {
    }
  } {tfcc.branches, tfcc.parallel}
  return
}
