// tfcc.reduce_mean against numpy: one axis, a negative axis, several axes
// (unsorted), all axes (rank-0 result), no axes, each with and without
// keep_dims; reducing a dynamic dim (N = 0, an empty reduction, included);
// f32/f64/i32/i64 and infinities.
// Integer means truncate toward zero; an empty float mean is NaN.
// Float sums are referenced in f64 and rounded.
// RUN: %python %e2e/run_e2e.py --cc %cc %s %t
//
// E2E-INPUT: x f32 [N,5,3] uniform(-1, 1)
// E2E-INPUT: d f64 [M] normal(0, 100)
// E2E-INPUT: i i32 [N,4] randint(-1000, 1000)
// E2E-INPUT: k i64 [3,M] randint(-2**40, 2**40)
// E2E-INPUT: e f32 [2,4] = np.array([[1.0, 2.0, np.inf, 3.0], [-np.inf, 1.0, 2.0, 3.0]])
// E2E-CASE: N=1 M=1 | N=7 M=5 | N=64 M=100 | N=0 M=2
// E2E-REF: def red(v, axes, keep=False):
// E2E-REF:     count = int(np.prod([v.shape[a] for a in axes], dtype=np.int64))
// E2E-REF:     if v.dtype.kind == "f":
// E2E-REF:         total = np.sum(v.astype(np.float64), axis=axes, keepdims=keep)
// E2E-REF:         with np.errstate(invalid="ignore"):
// E2E-REF:             return np.asarray(total / count).astype(v.dtype)
// E2E-REF:     total = np.sum(v, axis=axes, keepdims=keep, dtype=np.int64)
// E2E-REF:     return (np.sign(total) * (np.abs(total) // count)).astype(v.dtype)
// E2E-REF: ax1 = red(x, (1,))
// E2E-REF: neg_keep = red(x, (2,), True)
// E2E-REF: multi = red(x, (0, 2))
// E2E-REF: multi_keep = red(x, (0, 2), True)
// E2E-REF: all = red(x, (0, 1, 2))
// E2E-REF: all_keep = red(x, (0, 1, 2), True)
// E2E-REF: none = red(x, ())
// E2E-REF: f64_all = red(d, (0,))
// E2E-REF: i32_rows = red(i, (1,))
// E2E-REF: i64_keep = red(k, (1,), True)
// E2E-REF: edge = red(e, (1,))
func.func @e2e_reduce_mean(%x: tensor<?x5x3xf32> {tfcc.name = "x"},
                           %d: tensor<?xf64> {tfcc.name = "d"},
                           %i: tensor<?x4xi32> {tfcc.name = "i"},
                           %k: tensor<3x?xi64> {tfcc.name = "k"},
                           %e: tensor<2x4xf32> {tfcc.name = "e"})
    -> (tensor<?x3xf32> {tfcc.name = "ax1"},
        tensor<?x5x1xf32> {tfcc.name = "neg_keep"},
        tensor<5xf32> {tfcc.name = "multi"},
        tensor<1x5x1xf32> {tfcc.name = "multi_keep"},
        tensor<f32> {tfcc.name = "all"},
        tensor<1x1x1xf32> {tfcc.name = "all_keep"},
        tensor<?x5x3xf32> {tfcc.name = "none"},
        tensor<f64> {tfcc.name = "f64_all"},
        tensor<?xi32> {tfcc.name = "i32_rows"},
        tensor<3x1xi64> {tfcc.name = "i64_keep"},
        tensor<2xf32> {tfcc.name = "edge"}) {
  %0 = tfcc.reduce_mean %x axes = [1] : tensor<?x5x3xf32>
  %1 = tfcc.reduce_mean %x axes = [-1] keep_dims : tensor<?x5x3xf32>
  %2 = tfcc.reduce_mean %x axes = [0, 2] : tensor<?x5x3xf32>
  %3 = tfcc.reduce_mean %x axes = [2, 0] keep_dims : tensor<?x5x3xf32>
  %4 = tfcc.reduce_mean %x axes = [0, 1, 2] : tensor<?x5x3xf32>
  %5 = tfcc.reduce_mean %x axes = [-3, -2, -1] keep_dims : tensor<?x5x3xf32>
  %6 = tfcc.reduce_mean %x axes = [] : tensor<?x5x3xf32>
  %7 = tfcc.reduce_mean %d axes = [0] : tensor<?xf64>
  %8 = tfcc.reduce_mean %i axes = [1] : tensor<?x4xi32>
  %9 = tfcc.reduce_mean %k axes = [-1] keep_dims : tensor<3x?xi64>
  %10 = tfcc.reduce_mean %e axes = [1] : tensor<2x4xf32>
  return %0, %1, %2, %3, %4, %5, %6, %7, %8, %9, %10
      : tensor<?x3xf32>, tensor<?x5x1xf32>, tensor<5xf32>,
        tensor<1x5x1xf32>, tensor<f32>, tensor<1x1x1xf32>, tensor<?x5x3xf32>,
        tensor<f64>, tensor<?xi32>, tensor<3x1xi64>, tensor<2xf32>
}
