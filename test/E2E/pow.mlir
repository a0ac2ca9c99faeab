// tfcc.pow against numpy: broadcasting ([N,4] with [4], [3,1] with [1,5],
// [N,1] with [1,M], rank-0 operands), dynamic dims, f32/f64/i32/i64.
// Floats: a negative base with a fractional exponent gives NaN (negative
// and zero bases with integral exponents are in pow_special.mlir).
// Integers: a negative exponent gives 0 unless the base is 1 or -1, base 0
// included. The float references are computed in f64 and rounded.
// RUN: %python %e2e/run_e2e.py --cc %cc %s %t
//
// E2E-INPUT: a f32 [N,4] uniform(0.1, 4)
// E2E-INPUT: b f32 [4] uniform(-3, 3)
// E2E-INPUT: c f32 [3,1] choice(0.5, 1.0, 2.5, 3.0)
// E2E-INPUT: d f32 [1,5] choice(-2.0, -1.0, 0.0, 2.0, 3.0)
// E2E-INPUT: s f32 [] choice(0.5, 2.0, -1.0)
// E2E-INPUT: u f64 [N,1] uniform(0.5, 2)
// E2E-INPUT: v f64 [1,M] uniform(-4, 4)
// E2E-INPUT: i i32 [N,3] randint(-4, 5)
// E2E-INPUT: j i32 [1,3] randint(0, 6)
// E2E-INPUT: k i64 [M] choice(-2, -1, 0, 1, 2, 3)
// E2E-INPUT: l i64 [] choice(-3, -2, 0, 5)
// E2E-INPUT: e f32 [2] = np.array([-2.0, -0.5])
// E2E-CASE: N=1 M=1 | N=7 M=5 | N=64 M=3 | N=2 M=4
// E2E-REF: def ipow(x, y):
// E2E-REF:     if y < 0:
// E2E-REF:         return 1 if x == 1 else ((-1) ** (-y) if x == -1 else 0)
// E2E-REF:     return x ** y
// E2E-REF: ipow = np.vectorize(ipow, otypes=[np.int64])
// E2E-REF: def fpow(x, y):
// E2E-REF:     with np.errstate(invalid="ignore"):
// E2E-REF:         return np.power(x.astype(np.float64), y).astype(x.dtype)
// E2E-REF: y_vec = fpow(a, b)
// E2E-REF: y_outer = fpow(c, d)
// E2E-REF: y_scalar = fpow(a, s)
// E2E-REF: y_rank0 = fpow(s, s)
// E2E-REF: y_dyn = np.power(u, v)
// E2E-REF: y_i32 = ipow(i, j).astype(np.int32)
// E2E-REF: y_i64 = ipow(k, l)
// E2E-REF: y_nan = fpow(e, np.float32(0.5))
func.func @e2e_pow(%a: tensor<?x4xf32> {tfcc.name = "a"},
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
                   %e: tensor<2xf32> {tfcc.name = "e"})
    -> (tensor<?x4xf32> {tfcc.name = "y_vec"},
        tensor<3x5xf32> {tfcc.name = "y_outer"},
        tensor<?x4xf32> {tfcc.name = "y_scalar"},
        tensor<f32> {tfcc.name = "y_rank0"},
        tensor<?x?xf64> {tfcc.name = "y_dyn"},
        tensor<?x3xi32> {tfcc.name = "y_i32"},
        tensor<?xi64> {tfcc.name = "y_i64"},
        tensor<2xf32> {tfcc.name = "y_nan"}) {
  %half = tfcc.constant dense<0.5> : tensor<f32>
  %0 = tfcc.pow %a, %b : tensor<?x4xf32>, tensor<4xf32>
  %1 = tfcc.pow %c, %d : tensor<3x1xf32>, tensor<1x5xf32>
  %2 = tfcc.pow %a, %s : tensor<?x4xf32>, tensor<f32>
  %3 = tfcc.pow %s, %s : tensor<f32>, tensor<f32>
  %4 = tfcc.pow %u, %v : tensor<?x1xf64>, tensor<1x?xf64>
  %5 = tfcc.pow %i, %j : tensor<?x3xi32>, tensor<1x3xi32>
  %6 = tfcc.pow %k, %l : tensor<?xi64>, tensor<i64>
  %7 = tfcc.pow %e, %half : tensor<2xf32>, tensor<f32>
  return %0, %1, %2, %3, %4, %5, %6, %7
      : tensor<?x4xf32>, tensor<3x5xf32>, tensor<?x4xf32>, tensor<f32>,
        tensor<?x?xf64>, tensor<?x3xi32>, tensor<?xi64>, tensor<2xf32>
}
