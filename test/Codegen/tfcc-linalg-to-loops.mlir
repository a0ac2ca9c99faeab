// RUN: tfcc-opt %s --tfcc-linalg-to-loops | FileCheck %s

// Linalg ops become one scf.for per dimension; the outermost is marked
// tfcc.parallel when the op's first dimension is parallel and indexes its
// result (the transpose, the sums of each row), not when it is a reduction
// (the sums of each column), nor a parallel dimension the result does not
// vary along.

// CHECK-LABEL: func.func @f
// CHECK: scf.for
// CHECK: scf.for
// CHECK: memref.load %{{.*}} : memref<4x3xf32>
// CHECK: memref.store %{{.*}} : memref<3x4xf32>
// CHECK: } {tfcc.parallel}
// CHECK: memref.store %{{.*}} : memref<3xf32>
// CHECK-NOT: tfcc.parallel
// CHECK: memref.store %{{.*}} : memref<4xf32>
// CHECK: } {tfcc.parallel}
// CHECK: memref.store %{{.*}} : memref<f32>
// CHECK-NOT: tfcc.parallel
// CHECK: return
func.func @f(%a: memref<4x3xf32>, %b: memref<3x4xf32>, %rows: memref<3xf32>,
             %cols: memref<4xf32>, %s: memref<f32>) {
  linalg.transpose ins(%a : memref<4x3xf32>) outs(%b : memref<3x4xf32>)
      permutation = [1, 0]
  linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>,
                                   affine_map<(d0, d1) -> (d1)>],
                  iterator_types = ["reduction", "parallel"]}
      ins(%a : memref<4x3xf32>) outs(%rows : memref<3xf32>) {
  ^bb0(%x: f32, %acc: f32):
    %r = arith.addf %x, %acc : f32
    linalg.yield %r : f32
  }
  linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>,
                                   affine_map<(d0, d1) -> (d0)>],
                  iterator_types = ["parallel", "reduction"]}
      ins(%a : memref<4x3xf32>) outs(%cols : memref<4xf32>) {
  ^bb0(%x: f32, %acc: f32):
    %r = arith.addf %x, %acc : f32
    linalg.yield %r : f32
  }
  linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>,
                                   affine_map<(d0, d1) -> ()>],
                  iterator_types = ["parallel", "parallel"]}
      ins(%a : memref<4x3xf32>) outs(%s : memref<f32>) {
  ^bb0(%x: f32, %acc: f32):
    linalg.yield %x : f32
  }
  return
}
