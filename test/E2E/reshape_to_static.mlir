// tfcc.reshape of a dynamic input to a fully static shape: the element count
// is fixed, so only the batch sizes that give it (N = 2 here) are valid.
// RUN: %python %e2e/run_e2e.py --cc %cc %s %t
//
// E2E-INPUT: x f32 [N,4] arange(1)
// E2E-CASE: N=2
// E2E-REF: y = x.reshape(4, 2)
func.func @e2e_reshape_to_static(%x: tensor<?x4xf32> {tfcc.name = "x"})
    -> (tensor<4x2xf32> {tfcc.name = "y"}) {
  %0 = tfcc.reshape %x [4, 2] : tensor<?x4xf32>
  return %0 : tensor<4x2xf32>
}
