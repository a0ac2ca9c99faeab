// tfcc.logical_xor against numpy's np.logical_xor: broadcasting of a dynamic
// [N,4] against [4], [N,1] and a rank-0 operand, plus every truth-table
// pair. Booleans compare exactly.
// RUN: %python %e2e/run_e2e.py --cc %cc %s %t
//
// E2E-INPUT: a i1 [N,4] bernoulli(0.5)
// E2E-INPUT: b i1 [4] = np.array([True, False, True, False])
// E2E-INPUT: c i1 [N,1] bernoulli(0.3)
// E2E-INPUT: s i1 [] bernoulli(0.5)
// E2E-INPUT: p i1 [4] = np.array([False, False, True, True])
// E2E-CASE: N=1 | N=7 | N=64 | N=0
// E2E-REF: y_row = np.logical_xor(a, b)
// E2E-REF: y_col = np.logical_xor(c, a)
// E2E-REF: y_rank0 = np.logical_xor(a, s)
// E2E-REF: y_table = np.logical_xor(p, b)
func.func @e2e_logical_xor(%a: tensor<?x4xi1> {tfcc.name = "a"},
                         %b: tensor<4xi1> {tfcc.name = "b"},
                         %c: tensor<?x1xi1> {tfcc.name = "c"},
                         %s: tensor<i1> {tfcc.name = "s"},
                         %p: tensor<4xi1> {tfcc.name = "p"})
    -> (tensor<?x4xi1> {tfcc.name = "y_row"},
        tensor<?x4xi1> {tfcc.name = "y_col"},
        tensor<?x4xi1> {tfcc.name = "y_rank0"},
        tensor<4xi1> {tfcc.name = "y_table"}) {
  %0 = tfcc.logical_xor %a, %b : tensor<?x4xi1>, tensor<4xi1>
  %1 = tfcc.logical_xor %c, %a : tensor<?x1xi1>, tensor<?x4xi1>
  %2 = tfcc.logical_xor %a, %s : tensor<?x4xi1>, tensor<i1>
  %3 = tfcc.logical_xor %p, %b : tensor<4xi1>, tensor<4xi1>
  return %0, %1, %2, %3
      : tensor<?x4xi1>, tensor<?x4xi1>, tensor<?x4xi1>, tensor<4xi1>
}
