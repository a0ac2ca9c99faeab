// tfcc.logical_not against numpy's np.logical_not: a dynamic [N,3], a
// rank-0 operand and both values. Booleans compare exactly.
// RUN: %python %e2e/run_e2e.py --cc %cc %s %t
//
// E2E-INPUT: a i1 [N,3] bernoulli(0.5)
// E2E-INPUT: s i1 [] bernoulli(0.5)
// E2E-INPUT: e i1 [2] = np.array([True, False])
// E2E-CASE: N=1 | N=7 | N=64 | N=0
// E2E-REF: y = np.logical_not(a)
// E2E-REF: y_rank0 = np.logical_not(s)
// E2E-REF: y_edge = np.logical_not(e)
func.func @e2e_logical_not(%a: tensor<?x3xi1> {tfcc.name = "a"},
                           %s: tensor<i1> {tfcc.name = "s"},
                           %e: tensor<2xi1> {tfcc.name = "e"})
    -> (tensor<?x3xi1> {tfcc.name = "y"},
        tensor<i1> {tfcc.name = "y_rank0"},
        tensor<2xi1> {tfcc.name = "y_edge"}) {
  %0 = tfcc.logical_not %a : tensor<?x3xi1>
  %1 = tfcc.logical_not %s : tensor<i1>
  %2 = tfcc.logical_not %e : tensor<2xi1>
  return %0, %1, %2 : tensor<?x3xi1>, tensor<i1>, tensor<2xi1>
}
