// tfcc.sign against numpy's np.sign: f32 with a dynamic dim, f64, i32 and
// i64 (with the integer extremes), a rank-0 operand, and float edge values
// (zeros of both signs, infinities, NaN, the smallest subnormal).
// Results are exact: -1, 0, 1 or NaN.
// RUN: %python %e2e/run_e2e.py --cc %cc %s %t
//
// E2E-INPUT: x f32 [N,5] = rng.choice([-2.5, 0.0, 3.0, -1e-20], size=shape)
// E2E-INPUT: d f64 [M] normal(0, 10)
// E2E-INPUT: i i32 [N,3] randint(-3, 4)
// E2E-INPUT: k i64 [4] = np.array([-2**63, -1, 0, 2**63 - 1])
// E2E-INPUT: s f32 [] uniform(-1, 1)
// E2E-INPUT: e f32 [7] = np.array([0.0, -0.0, np.inf, -np.inf, np.nan, 1e-45, -1e-45])
// E2E-CASE: N=1 M=3 | N=7 M=1 | N=64 M=10 | N=0 M=0
// E2E-REF: with np.errstate(all="ignore"):
// E2E-REF:     y_f32 = np.sign(x)
// E2E-REF:     y_f64 = np.sign(d)
// E2E-REF:     y_i32 = np.sign(i)
// E2E-REF:     y_i64 = np.sign(k)
// E2E-REF:     y_rank0 = np.asarray(np.sign(s))
// E2E-REF:     y_edge = np.sign(e)
func.func @e2e_sign(%x: tensor<?x5xf32> {tfcc.name = "x"},
                    %d: tensor<?xf64> {tfcc.name = "d"},
                    %i: tensor<?x3xi32> {tfcc.name = "i"},
                    %k: tensor<4xi64> {tfcc.name = "k"},
                    %s: tensor<f32> {tfcc.name = "s"},
                    %e: tensor<7xf32> {tfcc.name = "e"})
    -> (tensor<?x5xf32> {tfcc.name = "y_f32"},
        tensor<?xf64> {tfcc.name = "y_f64"},
        tensor<?x3xi32> {tfcc.name = "y_i32"},
        tensor<4xi64> {tfcc.name = "y_i64"},
        tensor<f32> {tfcc.name = "y_rank0"},
        tensor<7xf32> {tfcc.name = "y_edge"}) {
  %0 = tfcc.sign %x : tensor<?x5xf32>
  %1 = tfcc.sign %d : tensor<?xf64>
  %2 = tfcc.sign %i : tensor<?x3xi32>
  %3 = tfcc.sign %k : tensor<4xi64>
  %4 = tfcc.sign %s : tensor<f32>
  %5 = tfcc.sign %e : tensor<7xf32>
  return %0, %1, %2, %3, %4, %5
      : tensor<?x5xf32>, tensor<?xf64>, tensor<?x3xi32>, tensor<4xi64>,
        tensor<f32>, tensor<7xf32>
}
