// tfcc.gather against numpy's np.take: an embedding lookup (axis 0) from a
// table with a dynamic number of rows V and 2-D i64 ids, axis 1 with i32
// ids, axis -1 with a rank-0 index, i64 and i1 params. Ids are drawn from
// [-V, V), so negative ones (counted from the end, as in ONNX) occur for
// every V; out-of-range ids are errors (test/API/runtime-checks.test). The
// reference wraps the ids explicitly and then calls np.take; values are
// copied, so results are exact.
// RUN: %python %e2e/run_e2e.py --cc %cc %s %t
//
// E2E-INPUT: table f32 [V,4] normal(0, 1)
// E2E-INPUT: ids i64 [N,3] = rng.integers(-V, V, size=shape)
// E2E-INPUT: m f64 [2,V,3] normal(0, 1)
// E2E-INPUT: cols i32 [K] = rng.integers(-V, V, size=shape)
// E2E-INPUT: one i32 [] randint(-4, 4)
// E2E-INPUT: big i64 [V,2] randint(-2**62, 2**62)
// E2E-INPUT: flags i1 [V] bernoulli(0.5)
// E2E-INPUT: e i64 [6] = np.array([-V, -1, 0, V - 1, 1 - V, V // 2])
// E2E-CASE: V=1 N=1 K=1 | V=5 N=7 K=4 | V=9 N=64 K=10 | V=3 N=0 K=0
// E2E-REF: def fix(idx, n):
// E2E-REF:     idx = idx.astype(np.int64)
// E2E-REF:     assert ((idx >= -n) & (idx < n)).all()
// E2E-REF:     return np.where(idx < 0, idx + n, idx)
// E2E-REF: V = table.shape[0]
// E2E-REF: rows = np.take(table, fix(ids, V), axis=0)
// E2E-REF: mid = np.take(m, fix(cols, V), axis=1)
// E2E-REF: last = np.asarray(np.take(table, fix(one, 4), axis=-1))
// E2E-REF: big_rows = np.take(big, fix(ids, V), axis=0)
// E2E-REF: bool_rows = np.take(flags, fix(cols, V), axis=0)
// E2E-REF: edge = np.take(table, fix(e, V), axis=0)
func.func @e2e_gather(%table: tensor<?x4xf32> {tfcc.name = "table"},
                      %ids: tensor<?x3xi64> {tfcc.name = "ids"},
                      %m: tensor<2x?x3xf64> {tfcc.name = "m"},
                      %cols: tensor<?xi32> {tfcc.name = "cols"},
                      %one: tensor<i32> {tfcc.name = "one"},
                      %big: tensor<?x2xi64> {tfcc.name = "big"},
                      %flags: tensor<?xi1> {tfcc.name = "flags"},
                      %e: tensor<6xi64> {tfcc.name = "e"})
    -> (tensor<?x3x4xf32> {tfcc.name = "rows"},
        tensor<2x?x3xf64> {tfcc.name = "mid"},
        tensor<?xf32> {tfcc.name = "last"},
        tensor<?x3x2xi64> {tfcc.name = "big_rows"},
        tensor<?xi1> {tfcc.name = "bool_rows"},
        tensor<6x4xf32> {tfcc.name = "edge"}) {
  %0 = tfcc.gather %table, %ids : tensor<?x4xf32>, tensor<?x3xi64>
  %1 = tfcc.gather %m, %cols {axis = 1 : i64} : tensor<2x?x3xf64>, tensor<?xi32>
  %2 = tfcc.gather %table, %one {axis = -1 : i64} : tensor<?x4xf32>, tensor<i32>
  %3 = tfcc.gather %big, %ids : tensor<?x2xi64>, tensor<?x3xi64>
  %4 = tfcc.gather %flags, %cols : tensor<?xi1>, tensor<?xi32>
  %5 = tfcc.gather %table, %e : tensor<?x4xf32>, tensor<6xi64>
  return %0, %1, %2, %3, %4, %5
      : tensor<?x3x4xf32>, tensor<2x?x3xf64>, tensor<?xf32>,
        tensor<?x3x2xi64>, tensor<?xi1>, tensor<6x4xf32>
}
