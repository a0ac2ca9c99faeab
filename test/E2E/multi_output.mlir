// Outputs that share storage: an input returned unchanged, one value
// returned twice, an output that is also an operand of another, a reshape
// (a view of its operand) and a constant. Every output must carry its own
// values, and the runtime must free each buffer once; the single-instance
// run reuses the model across shapes.
// RUN: %python %e2e/run_e2e.py --cc %cc %s %t
//
// E2E-OPTIONS: one-instance
// E2E-INPUT: x f32 [N,4] uniform(-5, 5)
// E2E-CASE: N=1 | N=9 | N=64 | N=3
// E2E-REF: same = x
// E2E-REF: twice_a = np.abs(x)
// E2E-REF: twice_b = np.abs(x)
// E2E-REF: plus = np.abs(x) + np.float32(1)
// E2E-REF: flat = np.abs(x).reshape(-1)
// E2E-REF: weights = np.array([1.0, 2.0, 3.0, 4.0], np.float32)
func.func @e2e_multi_output(%x: tensor<?x4xf32> {tfcc.name = "x"})
    -> (tensor<?x4xf32> {tfcc.name = "same"},
        tensor<?x4xf32> {tfcc.name = "twice_a"},
        tensor<?x4xf32> {tfcc.name = "twice_b"},
        tensor<?x4xf32> {tfcc.name = "plus"},
        tensor<?xf32> {tfcc.name = "flat"},
        tensor<4xf32> {tfcc.name = "weights"}) {
  %one = tfcc.constant dense<1.0> : tensor<f32>
  %w = tfcc.constant dense<[1.0, 2.0, 3.0, 4.0]> : tensor<4xf32>
  %a = tfcc.abs %x : tensor<?x4xf32>
  %p = tfcc.add %a, %one : tensor<?x4xf32>, tensor<f32>
  %f = tfcc.reshape %a [-1] : tensor<?x4xf32>
  return %x, %a, %a, %p, %f, %w
      : tensor<?x4xf32>, tensor<?x4xf32>, tensor<?x4xf32>, tensor<?x4xf32>,
        tensor<?xf32>, tensor<4xf32>
}
