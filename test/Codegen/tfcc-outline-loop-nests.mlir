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
