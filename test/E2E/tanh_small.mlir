// tfcc.tanh keeps its relative accuracy near 0, where tanh(x) ~ x: checked
// with atol=0 so that the project's 1e-5 relative bar applies to tiny
// results too (tanh.mlir uses the default atol).
//
// RUN: %python %e2e/run_e2e.py --cc %cc %s %t
//
// E2E-INPUT: x f32 [8] = np.array([1e-8, -1e-6, 1e-4, -1e-3, 3e-3, 0.01, -0.05, 0.2])
// E2E-TOL: rtol=1e-5 atol=0
// E2E-REF: y = np.tanh(x.astype(np.float64)).astype(np.float32)
func.func @e2e_tanh_small(%x: tensor<8xf32> {tfcc.name = "x"})
    -> (tensor<8xf32> {tfcc.name = "y"}) {
  %0 = tfcc.tanh %x : tensor<8xf32>
  return %0 : tensor<8xf32>
}
