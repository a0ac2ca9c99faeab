// tfcc.top_k against a reference that sorts every row with Python's stable
// sort (ties keep the lower index first; NaN ranks above every number,
// as in PyTorch): k largest of f32 rows drawn from a few values (ties are
// common) and NaN, k smallest, k equal to the axis size, axis 0 of a
// dynamic dim, f64, i32 and i64 with the extremes, k = 0, and rows of
// infinities, and a rank-1 input of dynamic length (one shorter than k
// is an error: test/Conversion/convert-tfcc-index-to-linalg.mlir).
// Values and indices are copied, so results are exact.
// RUN: %python %e2e/run_e2e.py --cc %cc %s %t
//
// E2E-INPUT: x f32 [N,8] = rng.choice([-1.0, 0.0, 2.5, 3.0, np.nan, -np.inf], size=shape)
// E2E-INPUT: d f64 [M,3] normal(0, 1)
// E2E-INPUT: i i32 [N,5] randint(-3, 3)
// E2E-INPUT: k i64 [2,4] = np.array([[-2**63, 5, -2**63, 2**63 - 1], [2**63 - 1, 0, 2**63 - 1, -2**63]])
// E2E-INPUT: e f32 [3,4] = np.array([[np.inf, 1.0, np.inf, -np.inf], [np.nan, np.nan, 1.0, np.inf], [-0.0, 0.0, -0.0, 0.0]])
// E2E-INPUT: v f32 [N] = rng.choice([1.0, 2.0, np.nan, -1.0], size=shape)
// E2E-CASE: N=3 M=3 | N=7 M=5 | N=64 M=30
// E2E-REF: def topk(v, kk, axis=-1, largest=True):
// E2E-REF:     w = np.moveaxis(v, axis, -1)
// E2E-REF:     vals = np.empty(w.shape[:-1] + (kk,), v.dtype)
// E2E-REF:     idxs = np.empty(w.shape[:-1] + (kk,), np.int64)
// E2E-REF:     for pos in np.ndindex(*w.shape[:-1]):
// E2E-REF:         row = w[pos]
// E2E-REF:         def key(j):
// E2E-REF:             nan = v.dtype.kind == "f" and bool(np.isnan(row[j]))
// E2E-REF:             if largest:
// E2E-REF:                 return (0, 0) if nan else (1, -int(row[j]) if v.dtype.kind == "i" else -float(row[j]))
// E2E-REF:             return (1, 0) if nan else (0, int(row[j]) if v.dtype.kind == "i" else float(row[j]))
// E2E-REF:         order = sorted(range(len(row)), key=key)[:kk]
// E2E-REF:         vals[pos] = row[order]
// E2E-REF:         idxs[pos] = order
// E2E-REF:     return np.moveaxis(vals, -1, axis), np.moveaxis(idxs, -1, axis)
// E2E-REF: big_v, big_i = topk(x, 3)
// E2E-REF: small_v, small_i = topk(x, 2, largest=False)
// E2E-REF: all_v, all_i = topk(x, 8)
// E2E-REF: col_v, col_i = topk(d, 2, axis=0)
// E2E-REF: i32_v, i32_i = topk(i, 4, axis=1, largest=False)
// E2E-REF: i64_v, i64_i = topk(k, 3)
// E2E-REF: none_v, none_i = topk(x, 0)
// E2E-REF: edge_v, edge_i = topk(e, 3)
// E2E-REF: edge_small_v, edge_small_i = topk(e, 3, largest=False)
// E2E-REF: vec_v, vec_i = topk(v, 3)
func.func @e2e_top_k(%x: tensor<?x8xf32> {tfcc.name = "x"},
                     %d: tensor<?x3xf64> {tfcc.name = "d"},
                     %i: tensor<?x5xi32> {tfcc.name = "i"},
                     %k: tensor<2x4xi64> {tfcc.name = "k"},
                     %e: tensor<3x4xf32> {tfcc.name = "e"},
                     %v: tensor<?xf32> {tfcc.name = "v"})
    -> (tensor<?x3xf32> {tfcc.name = "big_v"}, tensor<?x3xi64> {tfcc.name = "big_i"},
        tensor<?x2xf32> {tfcc.name = "small_v"}, tensor<?x2xi64> {tfcc.name = "small_i"},
        tensor<?x8xf32> {tfcc.name = "all_v"}, tensor<?x8xi64> {tfcc.name = "all_i"},
        tensor<2x3xf64> {tfcc.name = "col_v"}, tensor<2x3xi64> {tfcc.name = "col_i"},
        tensor<?x4xi32> {tfcc.name = "i32_v"}, tensor<?x4xi64> {tfcc.name = "i32_i"},
        tensor<2x3xi64> {tfcc.name = "i64_v"}, tensor<2x3xi64> {tfcc.name = "i64_i"},
        tensor<?x0xf32> {tfcc.name = "none_v"}, tensor<?x0xi64> {tfcc.name = "none_i"},
        tensor<3x3xf32> {tfcc.name = "edge_v"}, tensor<3x3xi64> {tfcc.name = "edge_i"},
        tensor<3x3xf32> {tfcc.name = "edge_small_v"}, tensor<3x3xi64> {tfcc.name = "edge_small_i"},
        tensor<3xf32> {tfcc.name = "vec_v"}, tensor<3xi64> {tfcc.name = "vec_i"}) {
  %0:2 = tfcc.top_k %x {k = 3 : i64} : tensor<?x8xf32>
  %1:2 = tfcc.top_k %x {k = 2 : i64, largest = false} : tensor<?x8xf32>
  %2:2 = tfcc.top_k %x {k = 8 : i64, axis = 1 : i64} : tensor<?x8xf32>
  %3:2 = tfcc.top_k %d {k = 2 : i64, axis = 0 : i64} : tensor<?x3xf64>
  %4:2 = tfcc.top_k %i {k = 4 : i64, largest = false} : tensor<?x5xi32>
  %5:2 = tfcc.top_k %k {k = 3 : i64, axis = -1 : i64} : tensor<2x4xi64>
  %6:2 = tfcc.top_k %x {k = 0 : i64} : tensor<?x8xf32>
  %7:2 = tfcc.top_k %e {k = 3 : i64} : tensor<3x4xf32>
  %8:2 = tfcc.top_k %e {k = 3 : i64, largest = false} : tensor<3x4xf32>
  %9:2 = tfcc.top_k %v {k = 3 : i64} : tensor<?xf32>
  return %0#0, %0#1, %1#0, %1#1, %2#0, %2#1, %3#0, %3#1, %4#0, %4#1,
         %5#0, %5#1, %6#0, %6#1, %7#0, %7#1, %8#0, %8#1, %9#0, %9#1
      : tensor<?x3xf32>, tensor<?x3xi64>, tensor<?x2xf32>, tensor<?x2xi64>,
        tensor<?x8xf32>, tensor<?x8xi64>, tensor<2x3xf64>, tensor<2x3xi64>,
        tensor<?x4xi32>, tensor<?x4xi64>, tensor<2x3xi64>, tensor<2x3xi64>,
        tensor<?x0xf32>, tensor<?x0xi64>, tensor<3x3xf32>, tensor<3x3xi64>,
        tensor<3x3xf32>, tensor<3x3xi64>, tensor<3xf32>, tensor<3xi64>
}
