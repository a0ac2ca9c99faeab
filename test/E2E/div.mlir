// tfcc.div against numpy: broadcasting ([N,4] with [4], [3,1] with [1,5],
// [N,1] with [1,M], rank-0 operands), dynamic dims, f32/f64/i32/i64.
// Integer division truncates toward zero (numpy's // floors, so the
// reference spells truncation out); float division by zero gives +-inf and
// 0/0 gives NaN.
// RUN: %python %e2e/run_e2e.py --cc %cc %s %t
//
// E2E-INPUT: a f32 [N,4] uniform(-10, 10)
// E2E-INPUT: b f32 [4] = rng.choice([-1.0, 1.0], size=shape) * rng.uniform(0.5, 4, size=shape)
// E2E-INPUT: c f32 [3,1] uniform(-10, 10)
// E2E-INPUT: d f32 [1,5] = rng.choice([-1.0, 1.0], size=shape) * rng.uniform(0.5, 4, size=shape)
// E2E-INPUT: s f32 [] choice(-3.0, 0.25, 7.0)
// E2E-INPUT: u f64 [N,1] normal(0, 100)
// E2E-INPUT: v f64 [1,M] = rng.choice([-1.0, 1.0], size=shape) * rng.uniform(0.1, 10, size=shape)
// E2E-INPUT: i i32 [N,3] randint(-1000, 1000)
// E2E-INPUT: j i32 [1,3] choice(-7, -3, -2, -1, 1, 2, 5)
// E2E-INPUT: k i64 [M] randint(-2**40, 2**40)
// E2E-INPUT: l i64 [] choice(-3, 7)
// E2E-INPUT: z f32 [4] = np.array([1.0, -1.0, 0.0, 2.0])
// E2E-INPUT: w f32 [4] = np.array([0.0, 0.0, 0.0, -0.0])
// E2E-CASE: N=1 M=1 | N=7 M=5 | N=64 M=3
// E2E-REF: def tdiv(x, y):
// E2E-REF:     return np.sign(x) * np.sign(y) * (np.abs(x) // np.abs(y))
// E2E-REF: y_vec = a / b
// E2E-REF: y_outer = c / d
// E2E-REF: y_scalar = a / s
// E2E-REF: y_rank0 = s / s
// E2E-REF: y_dyn = u / v
// E2E-REF: y_i32 = tdiv(i, j).astype(np.int32)
// E2E-REF: y_i64 = tdiv(k, l).astype(np.int64)
// E2E-REF: with np.errstate(divide="ignore", invalid="ignore"):
// E2E-REF:     y_zero = z / w
func.func @e2e_div(%a: tensor<?x4xf32> {tfcc.name = "a"},
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
                   %z: tensor<4xf32> {tfcc.name = "z"},
                   %w: tensor<4xf32> {tfcc.name = "w"})
    -> (tensor<?x4xf32> {tfcc.name = "y_vec"},
        tensor<3x5xf32> {tfcc.name = "y_outer"},
        tensor<?x4xf32> {tfcc.name = "y_scalar"},
        tensor<f32> {tfcc.name = "y_rank0"},
        tensor<?x?xf64> {tfcc.name = "y_dyn"},
        tensor<?x3xi32> {tfcc.name = "y_i32"},
        tensor<?xi64> {tfcc.name = "y_i64"},
        tensor<4xf32> {tfcc.name = "y_zero"}) {
  %0 = tfcc.div %a, %b : tensor<?x4xf32>, tensor<4xf32>
  %1 = tfcc.div %c, %d : tensor<3x1xf32>, tensor<1x5xf32>
  %2 = tfcc.div %a, %s : tensor<?x4xf32>, tensor<f32>
  %3 = tfcc.div %s, %s : tensor<f32>, tensor<f32>
  %4 = tfcc.div %u, %v : tensor<?x1xf64>, tensor<1x?xf64>
  %5 = tfcc.div %i, %j : tensor<?x3xi32>, tensor<1x3xi32>
  %6 = tfcc.div %k, %l : tensor<?xi64>, tensor<i64>
  %7 = tfcc.div %z, %w : tensor<4xf32>, tensor<4xf32>
  return %0, %1, %2, %3, %4, %5, %6, %7
      : tensor<?x4xf32>, tensor<3x5xf32>, tensor<?x4xf32>, tensor<f32>,
        tensor<?x?xf64>, tensor<?x3xi32>, tensor<?xi64>, tensor<4xf32>
}
