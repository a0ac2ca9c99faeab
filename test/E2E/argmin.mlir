// tfcc.argmin against numpy's np.argmin: the first index among ties (values
// drawn from a few choices, so ties are common), the last one with
// select_last_index (numpy on the flipped axis), NaN (which numpy, and
// tfcc, treat as smaller than every number: the first NaN wins), rows of
// equal infinities, keep_dims, a negative axis, axis 0 of a dynamic dim,
// f64, i32 and i64 with the integer extremes, and a rank-1 input (a
// rank-0 result). Indices compare exactly.
// RUN: %python %e2e/run_e2e.py --cc %cc %s %t
//
// E2E-INPUT: x f32 [N,6] = rng.choice([-1.0, 0.0, 2.5, 3.0], size=shape)
// E2E-INPUT: d f64 [M,3] normal(0, 1)
// E2E-INPUT: i i32 [N,5] randint(-3, 3)
// E2E-INPUT: k i64 [2,4] = np.array([[-2**63, 5, -2**63, 2**63 - 1], [2**63 - 1, 0, 2**63 - 1, -2**63]])
// E2E-INPUT: e f32 [5,4] = np.array([[1.0, np.nan, 3.0, np.nan], [np.inf, np.inf, 1.0, np.inf], [-np.inf, -np.inf, -np.inf, -np.inf], [np.nan, np.nan, np.nan, np.nan], [2.0, -0.0, 0.0, 2.0]])
// E2E-CASE: N=1 M=1 | N=7 M=5 | N=64 M=30
// E2E-REF: def first(v, axis):
// E2E-REF:     return np.argmin(v, axis=axis).astype(np.int64)
// E2E-REF: def last(v, axis):
// E2E-REF:     n = v.shape[axis]
// E2E-REF:     return (n - 1 - np.argmin(np.flip(v, axis=axis), axis=axis)).astype(np.int64)
// E2E-REF: rows = first(x, 1)
// E2E-REF: rows_last = last(x, 1)
// E2E-REF: cols_keep = np.expand_dims(first(x, 0), 0)
// E2E-REF: f64_cols = first(d, 0)
// E2E-REF: i32_rows = first(i, -1)
// E2E-REF: i32_last_keep = np.expand_dims(last(i, 1), 1)
// E2E-REF: i64_rows = first(k, 1)
// E2E-REF: edge = first(e, 1)
// E2E-REF: edge_last = last(e, 1)
// E2E-REF: vec = np.asarray(first(x[0], 0))
func.func @e2e_argmin(%x: tensor<?x6xf32> {tfcc.name = "x"},
                     %d: tensor<?x3xf64> {tfcc.name = "d"},
                     %i: tensor<?x5xi32> {tfcc.name = "i"},
                     %k: tensor<2x4xi64> {tfcc.name = "k"},
                     %e: tensor<5x4xf32> {tfcc.name = "e"})
    -> (tensor<?xi64> {tfcc.name = "rows"},
        tensor<?xi64> {tfcc.name = "rows_last"},
        tensor<1x6xi64> {tfcc.name = "cols_keep"},
        tensor<3xi64> {tfcc.name = "f64_cols"},
        tensor<?xi64> {tfcc.name = "i32_rows"},
        tensor<?x1xi64> {tfcc.name = "i32_last_keep"},
        tensor<2xi64> {tfcc.name = "i64_rows"},
        tensor<5xi64> {tfcc.name = "edge"},
        tensor<5xi64> {tfcc.name = "edge_last"},
        tensor<i64> {tfcc.name = "vec"}) {
  %0 = tfcc.argmin %x {axis = 1 : i64} : tensor<?x6xf32>
  %1 = tfcc.argmin %x {axis = 1 : i64, select_last_index} : tensor<?x6xf32>
  %2 = tfcc.argmin %x {axis = 0 : i64, keep_dims} : tensor<?x6xf32>
  %3 = tfcc.argmin %d {axis = 0 : i64} : tensor<?x3xf64>
  %4 = tfcc.argmin %i {axis = -1 : i64} : tensor<?x5xi32>
  %5 = tfcc.argmin %i {axis = 1 : i64, keep_dims, select_last_index} : tensor<?x5xi32>
  %6 = tfcc.argmin %k {axis = 1 : i64} : tensor<2x4xi64>
  %7 = tfcc.argmin %e {axis = 1 : i64} : tensor<5x4xf32>
  %8 = tfcc.argmin %e {axis = 1 : i64, select_last_index} : tensor<5x4xf32>
  %r = tfcc.slice %x begin = [0, 0] size = [1, 6] : tensor<?x6xf32>
  %row = tfcc.reshape %r [6] : tensor<1x6xf32>
  %9 = tfcc.argmin %row {axis = 0 : i64} : tensor<6xf32>
  return %0, %1, %2, %3, %4, %5, %6, %7, %8, %9
      : tensor<?xi64>, tensor<?xi64>, tensor<1x6xi64>, tensor<3xi64>,
        tensor<?xi64>, tensor<?x1xi64>, tensor<2xi64>, tensor<5xi64>,
        tensor<5xi64>, tensor<i64>
}
