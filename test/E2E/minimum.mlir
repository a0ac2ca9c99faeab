// tfcc.minimum against numpy: broadcasting ([N,4] with [4], [3,1] with [1,5],
// [N,1] with [1,M], rank-0 operands), dynamic dims, f32/f64/i32/i64; NaN
// propagates and infinities order as usual.
// RUN: %python %e2e/run_e2e.py --cc %cc %s %t
//
// E2E-INPUT: a f32 [N,4] uniform(-10, 10)
// E2E-INPUT: b f32 [4] uniform(-10, 10)
// E2E-INPUT: c f32 [3,1] uniform(-10, 10)
// E2E-INPUT: d f32 [1,5] uniform(-10, 10)
// E2E-INPUT: s f32 [] uniform(-10, 10)
// E2E-INPUT: u f64 [N,1] normal(0, 100)
// E2E-INPUT: v f64 [1,M] normal(0, 100)
// E2E-INPUT: i i32 [N,3] randint(-5, 5)
// E2E-INPUT: j i32 [1,3] randint(-5, 5)
// E2E-INPUT: k i64 [M] randint(-5, 5)
// E2E-INPUT: l i64 [] randint(-5, 5)
// E2E-INPUT: n f32 [4] = np.array([np.nan, 1.0, -np.inf, np.inf])
// E2E-CASE: N=1 M=1 | N=7 M=5 | N=64 M=3
// E2E-REF: y_vec = np.minimum(a, b)
// E2E-REF: y_outer = np.minimum(c, d)
// E2E-REF: y_scalar = np.minimum(a, s)
// E2E-REF: y_rank0 = np.minimum(s, s)
// E2E-REF: y_dyn = np.minimum(u, v)
// E2E-REF: y_i32 = np.minimum(i, j)
// E2E-REF: y_i64 = np.minimum(k, l)
// E2E-REF: y_nan = np.minimum(n, b)
func.func @e2e_minimum(%a: tensor<?x4xf32> {tfcc.name = "a"},
                       %b: tensor<4xf32> {tfcc.name = "b"},
                       %c: tensor<3x1xf32> {tfcc.name = "c"},
                       %d: tensor<1x5xf32> {tfcc.name = "d"},
                       %s: tensor<f32> {tfcc.name = "s"},
                       %u: tensor<?x1xf64> {tfcc.name = "u"},
                       %v: tensor<1x?xf64> {tfcc.name = "v"},
                       %i: tensor<?x3xi32> {tfcc.name = "i"},
                       %j: tensor<1x3xi32> {tfcc.name = "j"},
                       %k: tensor<?xi64> {tfcc.name = "k"},
                       %l: tensor<i64> {tfcc.name = "l"},
                       %n: tensor<4xf32> {tfcc.name = "n"})
    -> (tensor<?x4xf32> {tfcc.name = "y_vec"},
        tensor<3x5xf32> {tfcc.name = "y_outer"},
        tensor<?x4xf32> {tfcc.name = "y_scalar"},
        tensor<f32> {tfcc.name = "y_rank0"},
        tensor<?x?xf64> {tfcc.name = "y_dyn"},
        tensor<?x3xi32> {tfcc.name = "y_i32"},
        tensor<?xi64> {tfcc.name = "y_i64"},
        tensor<4xf32> {tfcc.name = "y_nan"}) {
  %0 = tfcc.minimum %a, %b : tensor<?x4xf32>, tensor<4xf32>
  %1 = tfcc.minimum %c, %d : tensor<3x1xf32>, tensor<1x5xf32>
  %2 = tfcc.minimum %a, %s : tensor<?x4xf32>, tensor<f32>
  %3 = tfcc.minimum %s, %s : tensor<f32>, tensor<f32>
  %4 = tfcc.minimum %u, %v : tensor<?x1xf64>, tensor<1x?xf64>
  %5 = tfcc.minimum %i, %j : tensor<?x3xi32>, tensor<1x3xi32>
  %6 = tfcc.minimum %k, %l : tensor<?xi64>, tensor<i64>
  %7 = tfcc.minimum %n, %b : tensor<4xf32>, tensor<4xf32>
  return %0, %1, %2, %3, %4, %5, %6, %7
      : tensor<?x4xf32>, tensor<3x5xf32>, tensor<?x4xf32>, tensor<f32>,
        tensor<?x?xf64>, tensor<?x3xi32>, tensor<?xi64>, tensor<4xf32>
}
