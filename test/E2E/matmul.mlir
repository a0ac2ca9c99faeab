// tfcc.matmul on 2-D operands against numpy: plain, transpose_a,
// transpose_b, both; a dynamic M, a dynamic contraction dim K and a
// dynamic N; f32/f64/i32/i64; 1xK times Kx1 (up to 40 terms). References
// are computed in f64 and rounded.
// RUN: %python %e2e/run_e2e.py --cc %cc %s %t
//
// E2E-INPUT: a f32 [M,8] uniform(-1, 1)
// E2E-INPUT: b f32 [8,3] uniform(-1, 1)
// E2E-INPUT: at f32 [8,M] uniform(-1, 1)
// E2E-INPUT: bt f32 [3,8] uniform(-1, 1)
// E2E-INPUT: p f32 [4,K] uniform(-1, 1)
// E2E-INPUT: q f32 [K,5] uniform(-1, 1)
// E2E-INPUT: g f64 [3,K] normal(0, 10)
// E2E-INPUT: h f64 [K,M] normal(0, 10)
// E2E-INPUT: i i32 [M,6] randint(-100, 100)
// E2E-INPUT: j i32 [2,6] randint(-100, 100)
// E2E-INPUT: k i64 [6,M] randint(-2**20, 2**20)
// E2E-INPUT: l i64 [6,2] randint(-2**20, 2**20)
// E2E-INPUT: r f32 [1,K] uniform(-1, 1)
// E2E-CASE: M=1 K=1 | M=7 K=5 | M=64 K=40 | M=3 K=8
// E2E-REF: def mm(x, y):
// E2E-REF:     return (x.astype(np.float64) @ y.astype(np.float64)).astype(x.dtype)
// E2E-REF: plain = mm(a, b)
// E2E-REF: trans_a = mm(at.T, b)
// E2E-REF: trans_b = mm(a, bt.T)
// E2E-REF: trans_ab = mm(at.T, bt.T)
// E2E-REF: dyn_k = mm(p, q)
// E2E-REF: f64_tb = mm(g, h)
// E2E-REF: i32_tb = i @ j.T
// E2E-REF: i64_ta = k.T @ l
// E2E-REF: dot = mm(r, r.T)
func.func @e2e_matmul(%a: tensor<?x8xf32> {tfcc.name = "a"},
                      %b: tensor<8x3xf32> {tfcc.name = "b"},
                      %at: tensor<8x?xf32> {tfcc.name = "at"},
                      %bt: tensor<3x8xf32> {tfcc.name = "bt"},
                      %p: tensor<4x?xf32> {tfcc.name = "p"},
                      %q: tensor<?x5xf32> {tfcc.name = "q"},
                      %g: tensor<3x?xf64> {tfcc.name = "g"},
                      %h: tensor<?x?xf64> {tfcc.name = "h"},
                      %i: tensor<?x6xi32> {tfcc.name = "i"},
                      %j: tensor<2x6xi32> {tfcc.name = "j"},
                      %k: tensor<6x?xi64> {tfcc.name = "k"},
                      %l: tensor<6x2xi64> {tfcc.name = "l"},
                      %r: tensor<1x?xf32> {tfcc.name = "r"})
    -> (tensor<?x3xf32> {tfcc.name = "plain"},
        tensor<?x3xf32> {tfcc.name = "trans_a"},
        tensor<?x3xf32> {tfcc.name = "trans_b"},
        tensor<?x3xf32> {tfcc.name = "trans_ab"},
        tensor<4x5xf32> {tfcc.name = "dyn_k"},
        tensor<3x?xf64> {tfcc.name = "f64_tb"},
        tensor<?x2xi32> {tfcc.name = "i32_tb"},
        tensor<?x2xi64> {tfcc.name = "i64_ta"},
        tensor<1x1xf32> {tfcc.name = "dot"}) {
  %0 = tfcc.matmul %a, %b : tensor<?x8xf32>, tensor<8x3xf32>
  %1 = tfcc.matmul %at, %b {transpose_a = true}
      : tensor<8x?xf32>, tensor<8x3xf32>
  %2 = tfcc.matmul %a, %bt {transpose_b = true}
      : tensor<?x8xf32>, tensor<3x8xf32>
  %3 = tfcc.matmul %at, %bt {transpose_a = true, transpose_b = true}
      : tensor<8x?xf32>, tensor<3x8xf32>
  %4 = tfcc.matmul %p, %q : tensor<4x?xf32>, tensor<?x5xf32>
  %5 = tfcc.matmul %g, %h : tensor<3x?xf64>, tensor<?x?xf64>
  %6 = tfcc.matmul %i, %j {transpose_b = true}
      : tensor<?x6xi32>, tensor<2x6xi32>
  %7 = tfcc.matmul %k, %l {transpose_a = true}
      : tensor<6x?xi64>, tensor<6x2xi64>
  %8 = tfcc.matmul %r, %r {transpose_b = true}
      : tensor<1x?xf32>, tensor<1x?xf32>
  return %0, %1, %2, %3, %4, %5, %6, %7, %8
      : tensor<?x3xf32>, tensor<?x3xf32>, tensor<?x3xf32>, tensor<?x3xf32>,
        tensor<4x5xf32>, tensor<3x?xf64>, tensor<?x2xi32>, tensor<?x2xi64>,
        tensor<1x1xf32>
}
