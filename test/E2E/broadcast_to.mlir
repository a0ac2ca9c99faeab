// tfcc.broadcast_to against numpy.broadcast_to: adding leading dims,
// stretching unit dims in the middle and at the end, a rank-0 input, the
// same shape, a dynamic input dim (its run-time size must be the target
// size), and f64/i32/i64/i1 elements.
// RUN: %python %e2e/run_e2e.py --cc %cc %s %t
//
// E2E-INPUT: v f32 [3] uniform(-5, 5)
// E2E-INPUT: c f64 [3,1] normal(0, 1)
// E2E-INPUT: u i32 [1,4,1] randint(-100, 100)
// E2E-INPUT: s i64 [] randint(-2**40, 2**40)
// E2E-INPUT: b i1 [2,1] bernoulli(0.5)
// E2E-INPUT: d f32 [N] uniform(-5, 5)
// E2E-INPUT: dc f32 [N,1] uniform(-5, 5)
// E2E-CASE: N=3
// E2E-REF: lead = np.broadcast_to(v, (4, 3))
// E2E-REF: lead2 = np.broadcast_to(v, (2, 5, 3))
// E2E-REF: cols = np.broadcast_to(c, (2, 3, 5))
// E2E-REF: mid = np.broadcast_to(u, (3, 4, 2))
// E2E-REF: scalar = np.broadcast_to(s, (2, 2))
// E2E-REF: bools = np.broadcast_to(b, (2, 3))
// E2E-REF: same = v
// E2E-REF: dyn = np.broadcast_to(d, (2, 3))
// E2E-REF: dyn_unit = np.broadcast_to(dc, (3, 4))
func.func @e2e_broadcast_to(%v: tensor<3xf32> {tfcc.name = "v"},
                            %c: tensor<3x1xf64> {tfcc.name = "c"},
                            %u: tensor<1x4x1xi32> {tfcc.name = "u"},
                            %s: tensor<i64> {tfcc.name = "s"},
                            %b: tensor<2x1xi1> {tfcc.name = "b"},
                            %d: tensor<?xf32> {tfcc.name = "d"},
                            %dc: tensor<?x1xf32> {tfcc.name = "dc"})
    -> (tensor<4x3xf32> {tfcc.name = "lead"},
        tensor<2x5x3xf32> {tfcc.name = "lead2"},
        tensor<2x3x5xf64> {tfcc.name = "cols"},
        tensor<3x4x2xi32> {tfcc.name = "mid"},
        tensor<2x2xi64> {tfcc.name = "scalar"},
        tensor<2x3xi1> {tfcc.name = "bools"},
        tensor<3xf32> {tfcc.name = "same"},
        tensor<2x3xf32> {tfcc.name = "dyn"},
        tensor<3x4xf32> {tfcc.name = "dyn_unit"}) {
  %0 = tfcc.broadcast_to %v [4, 3] : tensor<3xf32>
  %1 = tfcc.broadcast_to %v [2, 5, 3] : tensor<3xf32>
  %2 = tfcc.broadcast_to %c [2, 3, 5] : tensor<3x1xf64>
  %3 = tfcc.broadcast_to %u [3, 4, 2] : tensor<1x4x1xi32>
  %4 = tfcc.broadcast_to %s [2, 2] : tensor<i64>
  %5 = tfcc.broadcast_to %b [2, 3] : tensor<2x1xi1>
  %6 = tfcc.broadcast_to %v [3] : tensor<3xf32>
  %7 = tfcc.broadcast_to %d [2, 3] : tensor<?xf32>
  %8 = tfcc.broadcast_to %dc [3, 4] : tensor<?x1xf32>
  return %0, %1, %2, %3, %4, %5, %6, %7, %8
      : tensor<4x3xf32>, tensor<2x5x3xf32>, tensor<2x3x5xf64>,
        tensor<3x4x2xi32>, tensor<2x2xi64>, tensor<2x3xi1>, tensor<3xf32>,
        tensor<2x3xf32>, tensor<3x4xf32>
}
