// tfcc.reduce_prod against numpy's np.prod: one axis, a negative axis with
// keep_dims, several axes, all axes, no axes; reducing a dynamic dim
// (N = 0, an empty product = 1, included); f32/f64/i32/i64 (integer
// products wrap, as numpy's do); zeros, infinities and NaN.
// Float products are referenced in f64 and rounded. Rounding errors of
// up to 960 f32 multiplications add up, and the product of all of x is
// tiny, so `all` compares with rtol=1e-4 and no absolute slack.
// RUN: %python %e2e/run_e2e.py --cc %cc %s %t
//
// E2E-INPUT: x f32 [N,5,3] uniform(0.5, 1.5)
// E2E-INPUT: d f64 [M] uniform(-2, 2)
// E2E-INPUT: i i32 [N,4] choice(-3, -1, 1, 2, 5)
// E2E-INPUT: k i64 [3,M] randint(-100000, 100000)
// E2E-INPUT: e f32 [3,4] = np.array([[1.0, 0.0, np.inf, 3.0], [-np.inf, 1.0, 2.0, -3.0], [np.nan, 1.0, 2.0, 3.0]])
// E2E-TOL: all rtol=1e-4 atol=0
// E2E-CASE: N=1 M=1 | N=7 M=5 | N=64 M=30 | N=0 M=2
// E2E-REF: def red(v, axes, keep=False):
// E2E-REF:     with np.errstate(all="ignore"):
// E2E-REF:         if v.dtype.kind == "f":
// E2E-REF:             return np.asarray(np.prod(v.astype(np.float64), axis=axes, keepdims=keep)).astype(v.dtype)
// E2E-REF:         return np.asarray(np.prod(v, axis=axes, keepdims=keep, dtype=v.dtype))
// E2E-REF: ax1 = red(x, (1,))
// E2E-REF: neg_keep = red(x, (2,), True)
// E2E-REF: multi = red(x, (0, 2))
// E2E-REF: all = red(x, (0, 1, 2))
// E2E-REF: none = red(x, ())
// E2E-REF: f64_all = red(d, (0,))
// E2E-REF: i32_rows = red(i, (1,))
// E2E-REF: i64_keep = red(k, (1,), True)
// E2E-REF: edge = red(e, (1,))
func.func @e2e_reduce_prod(%x: tensor<?x5x3xf32> {tfcc.name = "x"},
                           %d: tensor<?xf64> {tfcc.name = "d"},
                           %i: tensor<?x4xi32> {tfcc.name = "i"},
                           %k: tensor<3x?xi64> {tfcc.name = "k"},
                           %e: tensor<3x4xf32> {tfcc.name = "e"})
    -> (tensor<?x3xf32> {tfcc.name = "ax1"},
        tensor<?x5x1xf32> {tfcc.name = "neg_keep"},
        tensor<5xf32> {tfcc.name = "multi"},
        tensor<f32> {tfcc.name = "all"},
        tensor<?x5x3xf32> {tfcc.name = "none"},
        tensor<f64> {tfcc.name = "f64_all"},
        tensor<?xi32> {tfcc.name = "i32_rows"},
        tensor<3x1xi64> {tfcc.name = "i64_keep"},
        tensor<3xf32> {tfcc.name = "edge"}) {
  %0 = tfcc.reduce_prod %x axes = [1] : tensor<?x5x3xf32>
  %1 = tfcc.reduce_prod %x axes = [-1] keep_dims : tensor<?x5x3xf32>
  %2 = tfcc.reduce_prod %x axes = [2, 0] : tensor<?x5x3xf32>
  %3 = tfcc.reduce_prod %x axes = [0, 1, 2] : tensor<?x5x3xf32>
  %4 = tfcc.reduce_prod %x axes = [] : tensor<?x5x3xf32>
  %5 = tfcc.reduce_prod %d axes = [0] : tensor<?xf64>
  %6 = tfcc.reduce_prod %i axes = [1] : tensor<?x4xi32>
  %7 = tfcc.reduce_prod %k axes = [-1] keep_dims : tensor<3x?xi64>
  %8 = tfcc.reduce_prod %e axes = [1] : tensor<3x4xf32>
  return %0, %1, %2, %3, %4, %5, %6, %7, %8
      : tensor<?x3xf32>, tensor<?x5x1xf32>, tensor<5xf32>, tensor<f32>,
        tensor<?x5x3xf32>, tensor<f64>, tensor<?xi32>, tensor<3x1xi64>,
        tensor<3xf32>
}
