// tfcc.mul against numpy: broadcasting ([N,4] with [4], [3,1] with [1,5],
// [N,1] with [1,M], rank-0 operands), dynamic dims, f32/f64/i32/i64.
// RUN: %python %e2e/run_e2e.py --cc %cc %s %t
//
// E2E-INPUT: a f32 [N,4] uniform(-10, 10)
// E2E-INPUT: b f32 [4] uniform(-10, 10)
// E2E-INPUT: c f32 [3,1] uniform(-10, 10)
// E2E-INPUT: d f32 [1,5] uniform(-10, 10)
// E2E-INPUT: s f32 [] uniform(-10, 10)
// E2E-INPUT: u f64 [N,1] normal(0, 100)
// E2E-INPUT: v f64 [1,M] normal(0, 100)
// E2E-INPUT: i i32 [N,3] randint(-30000, 30000)
// E2E-INPUT: j i32 [1,3] randint(-30000, 30000)
// E2E-INPUT: k i64 [M] randint(-2**31, 2**31)
// E2E-INPUT: l i64 [] randint(-2**31, 2**31)
// E2E-CASE: N=1 M=1 | N=7 M=5 | N=64 M=3
// E2E-REF: y_vec = a * b
// E2E-REF: y_outer = c * d
// E2E-REF: y_scalar = a * s
// E2E-REF: y_rank0 = s * s
// E2E-REF: y_dyn = u * v
// E2E-REF: y_i32 = i * j
// E2E-REF: y_i64 = k * l
func.func @e2e_mul(%a: tensor<?x4xf32> {tfcc.name = "a"},
                   %b: tensor<4xf32> {tfcc.name = "b"},
                   %c: tensor<3x1xf32> {tfcc.name = "c"},
                   %d: tensor<1x5xf32> {tfcc.name = "d"},
                   %s: tensor<f32> {tfcc.name = "s"},
                   %u: tensor<?x1xf64> {tfcc.name = "u"},
                   %v: tensor<1x?xf64> {tfcc.name = "v"},
                   %i: tensor<?x3xi32> {tfcc.name = "i"},
                   %j: tensor<1x3xi32> {tfcc.name = "j"},
                   %k: tensor<?xi64> {tfcc.name = "k"},
                   %l: tensor<i64> {tfcc.name = "l"})
    -> (tensor<?x4xf32> {tfcc.name = "y_vec"},
        tensor<3x5xf32> {tfcc.name = "y_outer"},
        tensor<?x4xf32> {tfcc.name = "y_scalar"},
        tensor<f32> {tfcc.name = "y_rank0"},
        tensor<?x?xf64> {tfcc.name = "y_dyn"},
        tensor<?x3xi32> {tfcc.name = "y_i32"},
        tensor<?xi64> {tfcc.name = "y_i64"}) {
  %0 = tfcc.mul %a, %b : tensor<?x4xf32>, tensor<4xf32>
  %1 = tfcc.mul %c, %d : tensor<3x1xf32>, tensor<1x5xf32>
  %2 = tfcc.mul %a, %s : tensor<?x4xf32>, tensor<f32>
  %3 = tfcc.mul %s, %s : tensor<f32>, tensor<f32>
  %4 = tfcc.mul %u, %v : tensor<?x1xf64>, tensor<1x?xf64>
  %5 = tfcc.mul %i, %j : tensor<?x3xi32>, tensor<1x3xi32>
  %6 = tfcc.mul %k, %l : tensor<?xi64>, tensor<i64>
  return %0, %1, %2, %3, %4, %5, %6
      : tensor<?x4xf32>, tensor<3x5xf32>, tensor<?x4xf32>, tensor<f32>,
        tensor<?x?xf64>, tensor<?x3xi32>, tensor<?xi64>
}
