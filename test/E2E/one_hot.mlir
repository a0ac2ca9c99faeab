// tfcc.one_hot against a numpy reference (np.eye rows, all-off for an index
// outside [0, depth) as in TensorFlow): i64 labels drawn from [-2, 6) with
// depth 4 (negative and too-large labels occur) on the default last axis,
// i32 [N,3] indices with axis 0 and axis 1, f64, i64 and i1 on/off values.
// Values are copied, so results are exact.
// RUN: %python %e2e/run_e2e.py --cc %cc %s %t
//
// E2E-INPUT: labels i64 [N] randint(-2, 6)
// E2E-INPUT: idx i32 [N,3] randint(-1, 5)
// E2E-INPUT: on f32 [] = 1.0
// E2E-INPUT: off f32 [] = 0.0
// E2E-INPUT: don f64 [] = -2.5
// E2E-INPUT: doff f64 [] = 0.125
// E2E-INPUT: ion i64 [] = 2**40
// E2E-INPUT: ioff i64 [] = -7
// E2E-INPUT: bon i1 [] = True
// E2E-INPUT: boff i1 [] = False
// E2E-INPUT: e i32 [5] = np.array([-2**31, -1, 0, 3, 2**31 - 1])
// E2E-CASE: N=1 | N=7 | N=64 | N=0
// E2E-REF: def oh(ind, depth, on, off, axis=-1):
// E2E-REF:     hit = ind[..., None] == np.arange(depth)
// E2E-REF:     r = np.where(hit, on, off).astype(on.dtype)
// E2E-REF:     return np.moveaxis(r, -1, axis)
// E2E-REF: f32 = oh(labels, 4, on, off)
// E2E-REF: f64_axis0 = oh(idx, 4, don, doff, 0)
// E2E-REF: i64_axis1 = oh(idx, 3, ion, ioff, 1)
// E2E-REF: bool_last = oh(labels, 5, bon, boff, -1)
// E2E-REF: edge = oh(e, 4, on, off)
func.func @e2e_one_hot(%labels: tensor<?xi64> {tfcc.name = "labels"},
                       %idx: tensor<?x3xi32> {tfcc.name = "idx"},
                       %on: tensor<f32> {tfcc.name = "on"},
                       %off: tensor<f32> {tfcc.name = "off"},
                       %don: tensor<f64> {tfcc.name = "don"},
                       %doff: tensor<f64> {tfcc.name = "doff"},
                       %ion: tensor<i64> {tfcc.name = "ion"},
                       %ioff: tensor<i64> {tfcc.name = "ioff"},
                       %bon: tensor<i1> {tfcc.name = "bon"},
                       %boff: tensor<i1> {tfcc.name = "boff"},
                       %e: tensor<5xi32> {tfcc.name = "e"})
    -> (tensor<?x4xf32> {tfcc.name = "f32"},
        tensor<4x?x3xf64> {tfcc.name = "f64_axis0"},
        tensor<?x3x3xi64> {tfcc.name = "i64_axis1"},
        tensor<?x5xi1> {tfcc.name = "bool_last"},
        tensor<5x4xf32> {tfcc.name = "edge"}) {
  %0 = tfcc.one_hot %labels, %on, %off {depth = 4 : i64} : tensor<?xi64>, tensor<f32>, tensor<f32>
  %1 = tfcc.one_hot %idx, %don, %doff {depth = 4 : i64, axis = 0 : i64} : tensor<?x3xi32>, tensor<f64>, tensor<f64>
  %2 = tfcc.one_hot %idx, %ion, %ioff {depth = 3 : i64, axis = 1 : i64} : tensor<?x3xi32>, tensor<i64>, tensor<i64>
  %3 = tfcc.one_hot %labels, %bon, %boff {depth = 5 : i64, axis = -1 : i64} : tensor<?xi64>, tensor<i1>, tensor<i1>
  %4 = tfcc.one_hot %e, %on, %off {depth = 4 : i64} : tensor<5xi32>, tensor<f32>, tensor<f32>
  return %0, %1, %2, %3, %4
      : tensor<?x4xf32>, tensor<4x?x3xf64>, tensor<?x3x3xi64>, tensor<?x5xi1>,
        tensor<5x4xf32>
}
