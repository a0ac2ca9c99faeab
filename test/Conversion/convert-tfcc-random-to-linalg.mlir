// RUN: tfcc-opt %s -split-input-file -convert-tfcc-random-to-linalg -verify-diagnostics | FileCheck %s

// One all-parallel linalg.generic: the row-major position from
// linalg.index, the counter's halves, ten Philox rounds (two 32x32->64
// multiplies each) and the mantissa trick for a uniform f32. The key is
// (lo(seed) ^ hi(seed2), lo(seed2) ^ hi(seed)) = (5, 7).
// CHECK-LABEL: func.func @uniform
// CHECK-SAME: (%[[N:.*]]: tensor<i64>, %[[C:.*]]: tensor<i64>)
// CHECK: %[[D0:.*]] = tensor.extract %[[N]][]
// CHECK: %[[SIZE:.*]] = arith.index_cast %[[D0]] : i64 to index
// CHECK: tfcc.assert {{.*}}dynamic size 0 is {0}, below {1}
// CHECK: %[[CTR:.*]] = tensor.extract %[[C]][]
// CHECK: %[[EMPTY:.*]] = tensor.empty(%[[SIZE]]) : tensor<?x3xf32>
// CHECK: linalg.generic
// CHECK-SAME: iterator_types = ["parallel", "parallel"]
// CHECK-SAME: outs(%[[EMPTY]] : tensor<?x3xf32>)
// CHECK: linalg.index 0
// CHECK: linalg.index 1
// CHECK: arith.index_castui %{{.*}} : index to i64
// CHECK-COUNT-20: arith.mului_extended
// CHECK: arith.shrui %{{.*}}, %{{.*}} : i32
// CHECK: arith.ori
// CHECK: arith.bitcast %{{.*}} : i32 to f32
// CHECK: arith.subf
// CHECK: linalg.yield %{{.*}} : f32
func.func @uniform(%n: tensor<i64>, %c: tensor<i64>) -> tensor<?x3xf32> {
  %u = tfcc.random "uniform" (%n) counter %c seed (5, 7) : tensor<?x3xf32>
  return %u : tensor<?x3xf32>
}

// -----

// Box-Muller in f64 takes all four words; the truncated normal's erfinv
// is refined with erf in f64.
// CHECK-LABEL: func.func @normal_f64
// CHECK: math.log
// CHECK: math.sqrt
// CHECK: math.cos
// CHECK: linalg.yield %{{.*}} : f64
// CHECK-LABEL: func.func @truncated_f64
// CHECK: math.log
// CHECK: math.fma
// CHECK: math.erf
// CHECK: math.erf
// CHECK: arith.maximumf
// CHECK: arith.minimumf
func.func @normal_f64(%c: tensor<i64>) -> tensor<4xf64> {
  %r = tfcc.random "normal" () counter %c seed (0, 1) : tensor<4xf64>
  return %r : tensor<4xf64>
}
func.func @truncated_f64(%c: tensor<i64>) -> tensor<4xf64> {
  %r = tfcc.random "truncated_normal" () counter %c seed (0, 1) : tensor<4xf64>
  return %r : tensor<4xf64>
}

// -----

func.func @unthreaded() -> tensor<2xf32> {
  // expected-error @+1 {{has no counter: tfcc-thread-random-state gives it one}}
  %r = tfcc.random "uniform" () seed (0, 1) : tensor<2xf32>
  return %r : tensor<2xf32>
}
