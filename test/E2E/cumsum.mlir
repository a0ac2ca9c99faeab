// tfcc.cumsum against numpy's np.cumsum (exclusive: shifted by one with a
// leading 0; reverse: on the flipped axis, flipped back): axis 1, axis 0
// of a dynamic dim (N = 0 included), exclusive, reverse, both, a negative
// axis, f64, i32 and i64 (wrapping, as numpy's int sums do), and
// infinities / NaN. Float sums are referenced in f64 and rounded; a running
// f32 sum over up to 64 elements rounds at every step, so f32 outputs
// compare with rtol=1e-5 atol=1e-5 (inputs are in [-1, 1)).
// RUN: %python %e2e/run_e2e.py --cc %cc %s %t
//
// E2E-INPUT: x f32 [N,6] uniform(-1, 1)
// E2E-INPUT: d f64 [M] normal(0, 10)
// E2E-INPUT: i i32 [N,3] randint(-1000, 1000)
// E2E-INPUT: k i64 [2,M] = rng.choice([2**62, -5, 7], size=shape)
// E2E-INPUT: e f32 [2,4] = np.array([[1.0, np.inf, 2.0, -np.inf], [np.nan, 1.0, 2.0, 3.0]])
// E2E-TOL: rows rtol=1e-5 atol=1e-5
// E2E-TOL: cols rtol=1e-5 atol=1e-5
// E2E-TOL: excl rtol=1e-5 atol=1e-5
// E2E-TOL: rev rtol=1e-5 atol=1e-5
// E2E-TOL: both rtol=1e-5 atol=1e-5
// E2E-CASE: N=1 M=1 | N=7 M=5 | N=64 M=30 | N=0 M=2
// E2E-REF: def cs(v, axis, exclusive=False, reverse=False):
// E2E-REF:     w = v.astype(np.float64) if v.dtype.kind == "f" else v
// E2E-REF:     if reverse:
// E2E-REF:         w = np.flip(w, axis)
// E2E-REF:     with np.errstate(all="ignore"):
// E2E-REF:         r = np.cumsum(w, axis=axis, dtype=w.dtype)
// E2E-REF:     if exclusive:
// E2E-REF:         r = np.moveaxis(r, axis, 0)
// E2E-REF:         r = np.concatenate([np.zeros_like(r[:1]), r[:-1]], axis=0)
// E2E-REF:         r = np.moveaxis(r, 0, axis)
// E2E-REF:     if reverse:
// E2E-REF:         r = np.flip(r, axis)
// E2E-REF:     return np.ascontiguousarray(r).astype(v.dtype)
// E2E-REF: rows = cs(x, 1)
// E2E-REF: cols = cs(x, 0)
// E2E-REF: excl = cs(x, 1, exclusive=True)
// E2E-REF: rev = cs(x, 0, reverse=True)
// E2E-REF: both = cs(x, 1, exclusive=True, reverse=True)
// E2E-REF: f64 = cs(d, 0)
// E2E-REF: i32 = cs(i, 1, reverse=True)
// E2E-REF: i64 = cs(k, 1, exclusive=True)
// E2E-REF: edge = cs(e, 1)
func.func @e2e_cumsum(%x: tensor<?x6xf32> {tfcc.name = "x"},
                      %d: tensor<?xf64> {tfcc.name = "d"},
                      %i: tensor<?x3xi32> {tfcc.name = "i"},
                      %k: tensor<2x?xi64> {tfcc.name = "k"},
                      %e: tensor<2x4xf32> {tfcc.name = "e"})
    -> (tensor<?x6xf32> {tfcc.name = "rows"},
        tensor<?x6xf32> {tfcc.name = "cols"},
        tensor<?x6xf32> {tfcc.name = "excl"},
        tensor<?x6xf32> {tfcc.name = "rev"},
        tensor<?x6xf32> {tfcc.name = "both"},
        tensor<?xf64> {tfcc.name = "f64"},
        tensor<?x3xi32> {tfcc.name = "i32"},
        tensor<2x?xi64> {tfcc.name = "i64"},
        tensor<2x4xf32> {tfcc.name = "edge"}) {
  %0 = tfcc.cumsum %x {axis = 1 : i64} : tensor<?x6xf32>
  %1 = tfcc.cumsum %x {axis = 0 : i64} : tensor<?x6xf32>
  %2 = tfcc.cumsum %x {axis = -1 : i64, exclusive} : tensor<?x6xf32>
  %3 = tfcc.cumsum %x {axis = 0 : i64, reverse} : tensor<?x6xf32>
  %4 = tfcc.cumsum %x {axis = 1 : i64, exclusive, reverse} : tensor<?x6xf32>
  %5 = tfcc.cumsum %d {axis = 0 : i64} : tensor<?xf64>
  %6 = tfcc.cumsum %i {axis = 1 : i64, reverse} : tensor<?x3xi32>
  %7 = tfcc.cumsum %k {axis = 1 : i64, exclusive} : tensor<2x?xi64>
  %8 = tfcc.cumsum %e {axis = 1 : i64} : tensor<2x4xf32>
  return %0, %1, %2, %3, %4, %5, %6, %7, %8
      : tensor<?x6xf32>, tensor<?x6xf32>, tensor<?x6xf32>, tensor<?x6xf32>,
        tensor<?x6xf32>, tensor<?xf64>, tensor<?x3xi32>, tensor<2x?xi64>,
        tensor<2x4xf32>
}
