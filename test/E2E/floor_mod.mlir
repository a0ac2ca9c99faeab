// tfcc.floor_mod (the divisor's sign, Python's %) against numpy's np.mod:
// f32 and f64 with broadcasting and dynamic dims, i32 and i64 with every
// sign combination, and float edge values (zero and infinite divisors,
// infinite dividends, exact multiples, -0.0).
// np.mod computes in the operand type, as the model does; floats compare
// with the default tolerances, integers exactly. Integer edge cases: INT_MIN by
// -1 gives 0 (no overflow trap); a zero divisor is an error (see
// test/API/runtime-checks.test).
// RUN: %python %e2e/run_e2e.py --cc %cc %s %t
//
// E2E-INPUT: x f32 [N,4] uniform(-20, 20)
// E2E-INPUT: y f32 [4] choice(-3.5, -1.0, 0.75, 7.0)
// E2E-INPUT: d f64 [M] normal(0, 100)
// E2E-INPUT: dd f64 [] = 2.5
// E2E-INPUT: i i32 [N,4] randint(-50, 50)
// E2E-INPUT: j i32 [4] = np.array([-7, -1, 3, 10])
// E2E-INPUT: k i64 [M] randint(-2**40, 2**40)
// E2E-INPUT: l i64 [M] choice(-9, -2, 1, 5, 1000000007)
// E2E-INPUT: ea f32 [12] = np.array([5.0, -5.0, 5.0, -5.0, 6.0, -6.0, 0.0, -0.0, np.inf, 1.0, np.nan, 3.0])
// E2E-INPUT: eb f32 [12] = np.array([3.0, 3.0, -3.0, -3.0, 3.0, 3.0, -2.0, 2.0, 2.0, 0.0, 2.0, np.inf])
// E2E-INPUT: ia i32 [7] = np.array([-2**31, -2**31, 7, -7, 0, 5, -2**31])
// E2E-INPUT: ib i32 [7] = np.array([-1, 1, 2, -1, 4, -2**31, 3])
// E2E-INPUT: la i64 [3] = np.array([-2**63, 9, 2**63 - 1])
// E2E-INPUT: lb i64 [3] = np.array([-1, 4, -2**63])
// E2E-CASE: N=1 M=3 | N=7 M=1 | N=64 M=10 | N=0 M=0
// E2E-REF: with np.errstate(all="ignore"):
// E2E-REF:     f32 = np.mod(x, y)
// E2E-REF:     f64 = np.mod(d, dd)
// E2E-REF:     i32 = np.mod(i, j)
// E2E-REF:     i64 = np.mod(k, l)
// E2E-REF:     edge = np.mod(ea, eb)
// E2E-REF:     int_edge = np.mod(ia, ib)
// E2E-REF:     long_edge = np.mod(la, lb)
func.func @e2e_floor_mod(%x: tensor<?x4xf32> {tfcc.name = "x"},
                         %y: tensor<4xf32> {tfcc.name = "y"},
                         %d: tensor<?xf64> {tfcc.name = "d"},
                         %dd: tensor<f64> {tfcc.name = "dd"},
                         %i: tensor<?x4xi32> {tfcc.name = "i"},
                         %j: tensor<4xi32> {tfcc.name = "j"},
                         %k: tensor<?xi64> {tfcc.name = "k"},
                         %l: tensor<?xi64> {tfcc.name = "l"},
                         %ea: tensor<12xf32> {tfcc.name = "ea"},
                         %eb: tensor<12xf32> {tfcc.name = "eb"},
                         %ia: tensor<7xi32> {tfcc.name = "ia"},
                         %ib: tensor<7xi32> {tfcc.name = "ib"},
                         %la: tensor<3xi64> {tfcc.name = "la"},
                         %lb: tensor<3xi64> {tfcc.name = "lb"})
    -> (tensor<?x4xf32> {tfcc.name = "f32"},
        tensor<?xf64> {tfcc.name = "f64"},
        tensor<?x4xi32> {tfcc.name = "i32"},
        tensor<?xi64> {tfcc.name = "i64"},
        tensor<12xf32> {tfcc.name = "edge"},
        tensor<7xi32> {tfcc.name = "int_edge"},
        tensor<3xi64> {tfcc.name = "long_edge"}) {
  %0 = tfcc.floor_mod %x, %y : tensor<?x4xf32>, tensor<4xf32>
  %1 = tfcc.floor_mod %d, %dd : tensor<?xf64>, tensor<f64>
  %2 = tfcc.floor_mod %i, %j : tensor<?x4xi32>, tensor<4xi32>
  %3 = tfcc.floor_mod %k, %l : tensor<?xi64>, tensor<?xi64>
  %4 = tfcc.floor_mod %ea, %eb : tensor<12xf32>, tensor<12xf32>
  %5 = tfcc.floor_mod %ia, %ib : tensor<7xi32>, tensor<7xi32>
  %6 = tfcc.floor_mod %la, %lb : tensor<3xi64>, tensor<3xi64>
  return %0, %1, %2, %3, %4, %5, %6
      : tensor<?x4xf32>, tensor<?xf64>, tensor<?x4xi32>, tensor<?xi64>,
        tensor<12xf32>, tensor<7xi32>, tensor<3xi64>
}
