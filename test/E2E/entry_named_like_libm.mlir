// An entry function may carry any name, including one of the C math
// library's: the model's own symbols must not capture or clash with the
// libm functions its lowering calls (erf here, for the f64 erf).
//
// RUN: %python %e2e/run_e2e.py --cc %cc %s %t
//
// E2E-INPUT: x f64 [8] uniform(-3, 3)
// E2E-REF: y = erf(x)
func.func @erf(%x: tensor<8xf64> {tfcc.name = "x"})
    -> (tensor<8xf64> {tfcc.name = "y"}) {
  %0 = tfcc.erf %x : tensor<8xf64>
  return %0 : tensor<8xf64>
}
