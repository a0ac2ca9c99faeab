// tfcc.select against numpy.where: the three operands broadcast together
// ([N,4] with [N,4] and [4]; [3,1] with [1,5] and a rank-0 on_false; a
// rank-0 condition), dynamic dims, and f32/f64/i32/i64/i1 payloads.
// RUN: %python %e2e/run_e2e.py --cc %cc %s %t
//
// E2E-INPUT: c f32 [N,4] uniform(-10, 10)
// E2E-INPUT: m i1 [N,4] bernoulli(0.5)
// E2E-INPUT: f f32 [4] uniform(-10, 10)
// E2E-INPUT: mc i1 [3,1] bernoulli(0.5)
// E2E-INPUT: t64 f64 [1,5] normal(0, 100)
// E2E-INPUT: f64s f64 [] normal(0, 100)
// E2E-INPUT: ms i1 [] bernoulli(0.5)
// E2E-INPUT: ti i32 [N,3] randint(-1000, 1000)
// E2E-INPUT: fi i32 [N,3] randint(-1000, 1000)
// E2E-INPUT: mk i1 [M] bernoulli(0.3)
// E2E-INPUT: tk i64 [1] randint(-2**40, 2**40)
// E2E-INPUT: fk i64 [M] randint(-2**40, 2**40)
// E2E-INPUT: tb i1 [M] bernoulli(0.5)
// E2E-INPUT: fb i1 [] bernoulli(0.5)
// E2E-CASE: N=1 M=1 | N=7 M=5 | N=64 M=16 | N=2 M=3
// E2E-REF: y_f32 = np.where(m, c, f)
// E2E-REF: y_f64 = np.where(mc, t64, f64s)
// E2E-REF: y_i32 = np.where(ms, ti, fi)
// E2E-REF: y_i64 = np.where(mk, tk, fk)
// E2E-REF: y_i1 = np.where(mk, tb, fb)
func.func @e2e_select(%c: tensor<?x4xf32> {tfcc.name = "c"},
                      %m: tensor<?x4xi1> {tfcc.name = "m"},
                      %f: tensor<4xf32> {tfcc.name = "f"},
                      %mc: tensor<3x1xi1> {tfcc.name = "mc"},
                      %t64: tensor<1x5xf64> {tfcc.name = "t64"},
                      %f64s: tensor<f64> {tfcc.name = "f64s"},
                      %ms: tensor<i1> {tfcc.name = "ms"},
                      %ti: tensor<?x3xi32> {tfcc.name = "ti"},
                      %fi: tensor<?x3xi32> {tfcc.name = "fi"},
                      %mk: tensor<?xi1> {tfcc.name = "mk"},
                      %tk: tensor<1xi64> {tfcc.name = "tk"},
                      %fk: tensor<?xi64> {tfcc.name = "fk"},
                      %tb: tensor<?xi1> {tfcc.name = "tb"},
                      %fb: tensor<i1> {tfcc.name = "fb"})
    -> (tensor<?x4xf32> {tfcc.name = "y_f32"},
        tensor<3x5xf64> {tfcc.name = "y_f64"},
        tensor<?x3xi32> {tfcc.name = "y_i32"},
        tensor<?xi64> {tfcc.name = "y_i64"},
        tensor<?xi1> {tfcc.name = "y_i1"}) {
  %0 = tfcc.select %m, %c, %f : tensor<?x4xi1>, tensor<?x4xf32>, tensor<4xf32>
  %1 = tfcc.select %mc, %t64, %f64s
      : tensor<3x1xi1>, tensor<1x5xf64>, tensor<f64>
  %2 = tfcc.select %ms, %ti, %fi
      : tensor<i1>, tensor<?x3xi32>, tensor<?x3xi32>
  %3 = tfcc.select %mk, %tk, %fk : tensor<?xi1>, tensor<1xi64>, tensor<?xi64>
  %4 = tfcc.select %mk, %tb, %fb : tensor<?xi1>, tensor<?xi1>, tensor<i1>
  return %0, %1, %2, %3, %4
      : tensor<?x4xf32>, tensor<3x5xf64>, tensor<?x3xi32>, tensor<?xi64>,
        tensor<?xi1>
}
