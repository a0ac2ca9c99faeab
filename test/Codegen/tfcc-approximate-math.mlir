// RUN: tfcc-opt %s --tfcc-approximate-math | FileCheck %s

// exp, expm1, tanh, erf and erfc on f32 scalars and vectors become
// polynomials (no math op of theirs is left); the logarithms, sin and f64
// stay for libm.
// CHECK-LABEL: func.func @approximated
// CHECK-NOT: math.exp
// CHECK-NOT: math.tanh
// CHECK-NOT: math.erf
// CHECK: math.fma
// CHECK: return
func.func @approximated(%x: f32, %v: vector<8xf32>, %w: vector<1x16xf32>) -> (f32, f32, vector<8xf32>, vector<8xf32>, vector<1x16xf32>, vector<8xf32>) {
  %0 = math.exp %x : f32
  %1 = math.tanh %x : f32
  %2 = math.erf %v : vector<8xf32>
  %3 = math.expm1 %v : vector<8xf32>
  %4 = math.exp %w : vector<1x16xf32>
  %5 = math.erfc %v : vector<8xf32>
  return %0, %1, %2, %3, %4, %5 : f32, f32, vector<8xf32>, vector<8xf32>, vector<1x16xf32>, vector<8xf32>
}

// CHECK-LABEL: func.func @libm
// CHECK: math.log %{{.*}} : f32
// CHECK: math.log1p %{{.*}} : vector<8xf32>
// CHECK: math.sin %{{.*}} : f32
// CHECK: math.exp %{{.*}} : f64
// CHECK: math.tanh %{{.*}} : f64
func.func @libm(%x: f32, %v: vector<8xf32>, %d: f64) -> (f32, vector<8xf32>, f32, f64, f64) {
  %0 = math.log %x : f32
  %1 = math.log1p %v : vector<8xf32>
  %2 = math.sin %x : f32
  %3 = math.exp %d : f64
  %4 = math.tanh %d : f64
  return %0, %1, %2, %3, %4 : f32, vector<8xf32>, f32, f64, f64
}
