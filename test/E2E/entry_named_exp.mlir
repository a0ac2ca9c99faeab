// An entry function named like a C math function the model itself calls:
// at -O0 the entry survives as a local symbol `exp`, and the call to libm's
// exp that llvm.exp.f64 becomes must not bind to it.
//
// RUN: %python %e2e/run_e2e.py --cc %cc %s %t
//
// E2E-FLAGS: -O0
// E2E-INPUT: x f64 [4] uniform(-1, 1)
// E2E-REF: y = np.exp(x)
func.func @exp(%x: tensor<4xf64> {tfcc.name = "x"})
    -> (tensor<4xf64> {tfcc.name = "y"}) {
  %0 = tfcc.exp %x : tensor<4xf64>
  return %0 : tensor<4xf64>
}
