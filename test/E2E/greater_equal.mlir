// tfcc.greater_equal (lhs >= rhs, giving i1) against numpy: broadcasting ([N,4]
// with [4], [3,1] with [1,5], rank-0 operands), dynamic dims, f32/f64,
// signed i32/i64, i1 (false < true), and NaN, -0.0 and infinities: every
// comparison with NaN is false except not_equal. Values are drawn from
// small sets so that ties occur.
// RUN: %python %e2e/run_e2e.py --cc %cc %s %t
//
// E2E-INPUT: a f32 [N,4] choice(-1.5, 0.0, 1.5, 2.0)
// E2E-INPUT: b f32 [4] choice(-1.5, 0.0, 1.5, 2.0)
// E2E-INPUT: c f64 [3,1] choice(-1e300, -0.5, 0.25, 1e300)
// E2E-INPUT: d f64 [1,5] choice(-1e300, -0.5, 0.25, 1e300)
// E2E-INPUT: s f32 [] choice(0.0, 1.5)
// E2E-INPUT: i i32 [N,3] randint(-3, 3)
// E2E-INPUT: j i32 [1,3] randint(-3, 3)
// E2E-INPUT: k i64 [M] choice(-2**40, -1, 0, 1, 2**40)
// E2E-INPUT: l i64 [] choice(-2**40, -1, 0, 1, 2**40)
// E2E-INPUT: p i1 [M] bernoulli(0.5)
// E2E-INPUT: q i1 [] bernoulli(0.5)
// E2E-INPUT: n f32 [4] = np.array([np.nan, -0.0, np.inf, -np.inf])
// E2E-INPUT: m f32 [4] = np.array([np.nan, 0.0, np.inf, 1.0])
// E2E-CASE: N=1 M=1 | N=7 M=5 | N=64 M=9 | N=3 M=4
// E2E-REF: y_vec = a >= b
// E2E-REF: y_outer = c >= d
// E2E-REF: y_scalar = a >= s
// E2E-REF: y_rank0 = s >= s
// E2E-REF: y_i32 = i >= j
// E2E-REF: y_i64 = k >= l
// E2E-REF: y_i1 = p >= q
// E2E-REF: with np.errstate(invalid="ignore"):
// E2E-REF:     y_special = n >= m
func.func @e2e_greater_equal(%a: tensor<?x4xf32> {tfcc.name = "a"},
                             %b: tensor<4xf32> {tfcc.name = "b"},
                             %c: tensor<3x1xf64> {tfcc.name = "c"},
                             %d: tensor<1x5xf64> {tfcc.name = "d"},
                             %s: tensor<f32> {tfcc.name = "s"},
                             %i: tensor<?x3xi32> {tfcc.name = "i"},
                             %j: tensor<1x3xi32> {tfcc.name = "j"},
                             %k: tensor<?xi64> {tfcc.name = "k"},
                             %l: tensor<i64> {tfcc.name = "l"},
                             %p: tensor<?xi1> {tfcc.name = "p"},
                             %q: tensor<i1> {tfcc.name = "q"},
                             %n: tensor<4xf32> {tfcc.name = "n"},
                             %m: tensor<4xf32> {tfcc.name = "m"})
    -> (tensor<?x4xi1> {tfcc.name = "y_vec"},
        tensor<3x5xi1> {tfcc.name = "y_outer"},
        tensor<?x4xi1> {tfcc.name = "y_scalar"},
        tensor<i1> {tfcc.name = "y_rank0"},
        tensor<?x3xi1> {tfcc.name = "y_i32"},
        tensor<?xi1> {tfcc.name = "y_i64"},
        tensor<?xi1> {tfcc.name = "y_i1"},
        tensor<4xi1> {tfcc.name = "y_special"}) {
  %0 = tfcc.greater_equal %a, %b : tensor<?x4xf32>, tensor<4xf32>
  %1 = tfcc.greater_equal %c, %d : tensor<3x1xf64>, tensor<1x5xf64>
  %2 = tfcc.greater_equal %a, %s : tensor<?x4xf32>, tensor<f32>
  %3 = tfcc.greater_equal %s, %s : tensor<f32>, tensor<f32>
  %4 = tfcc.greater_equal %i, %j : tensor<?x3xi32>, tensor<1x3xi32>
  %5 = tfcc.greater_equal %k, %l : tensor<?xi64>, tensor<i64>
  %6 = tfcc.greater_equal %p, %q : tensor<?xi1>, tensor<i1>
  %7 = tfcc.greater_equal %n, %m : tensor<4xf32>, tensor<4xf32>
  return %0, %1, %2, %3, %4, %5, %6, %7
      : tensor<?x4xi1>, tensor<3x5xi1>, tensor<?x4xi1>, tensor<i1>,
        tensor<?x3xi1>, tensor<?xi1>, tensor<?xi1>, tensor<4xi1>
}
