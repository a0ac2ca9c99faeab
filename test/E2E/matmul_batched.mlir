// Batched tfcc.matmul against numpy.matmul: a 2-D operand shared by every
// batch, both operands batched with a dynamic batch dim, batch dims that
// broadcast ([2,1,...] with [3,...], rank 4 with rank 3), and transposes on
// batched operands; f32 (references computed in f64 and rounded) and i64.
// RUN: %python %e2e/run_e2e.py --cc %cc %s %t
//
// E2E-INPUT: x f32 [B,N,8] uniform(-1, 1)
// E2E-INPUT: w f32 [8,3] uniform(-1, 1)
// E2E-INPUT: p f32 [B,4,6] uniform(-1, 1)
// E2E-INPUT: q f32 [B,6,5] uniform(-1, 1)
// E2E-INPUT: u f32 [2,1,4,6] uniform(-1, 1)
// E2E-INPUT: v f32 [3,6,5] uniform(-1, 1)
// E2E-INPUT: ut f32 [B,6,4] uniform(-1, 1)
// E2E-INPUT: vt f32 [1,5,6] uniform(-1, 1)
// E2E-INPUT: s f32 [5,6] uniform(-1, 1)
// E2E-INPUT: k i64 [1,B,3,4] randint(-1000, 1000)
// E2E-INPUT: l i64 [2,1,4,2] randint(-1000, 1000)
// E2E-CASE: B=1 N=1 | B=3 N=7 | B=16 N=2 | B=2 N=64
// E2E-REF: def mm(a, b):
// E2E-REF:     return np.matmul(a.astype(np.float64), b).astype(a.dtype)
// E2E-REF: T = lambda t: np.swapaxes(t, -1, -2)
// E2E-REF: shared = mm(x, w)
// E2E-REF: both = mm(p, q)
// E2E-REF: bcast = mm(u, v)
// E2E-REF: trans = mm(T(ut), T(vt))
// E2E-REF: trans_2d = mm(p, T(s))
// E2E-REF: i64_bcast = np.matmul(k, l)
func.func @e2e_matmul_batched(%x: tensor<?x?x8xf32> {tfcc.name = "x"},
                              %w: tensor<8x3xf32> {tfcc.name = "w"},
                              %p: tensor<?x4x6xf32> {tfcc.name = "p"},
                              %q: tensor<?x6x5xf32> {tfcc.name = "q"},
                              %u: tensor<2x1x4x6xf32> {tfcc.name = "u"},
                              %v: tensor<3x6x5xf32> {tfcc.name = "v"},
                              %ut: tensor<?x6x4xf32> {tfcc.name = "ut"},
                              %vt: tensor<1x5x6xf32> {tfcc.name = "vt"},
                              %s: tensor<5x6xf32> {tfcc.name = "s"},
                              %k: tensor<1x?x3x4xi64> {tfcc.name = "k"},
                              %l: tensor<2x1x4x2xi64> {tfcc.name = "l"})
    -> (tensor<?x?x3xf32> {tfcc.name = "shared"},
        tensor<?x4x5xf32> {tfcc.name = "both"},
        tensor<2x3x4x5xf32> {tfcc.name = "bcast"},
        tensor<?x4x5xf32> {tfcc.name = "trans"},
        tensor<?x4x5xf32> {tfcc.name = "trans_2d"},
        tensor<2x?x3x2xi64> {tfcc.name = "i64_bcast"}) {
  %0 = tfcc.matmul %x, %w : tensor<?x?x8xf32>, tensor<8x3xf32>
  %1 = tfcc.matmul %p, %q : tensor<?x4x6xf32>, tensor<?x6x5xf32>
  %2 = tfcc.matmul %u, %v : tensor<2x1x4x6xf32>, tensor<3x6x5xf32>
  %3 = tfcc.matmul %ut, %vt {transpose_a = true, transpose_b = true}
      : tensor<?x6x4xf32>, tensor<1x5x6xf32>
  %4 = tfcc.matmul %p, %s {transpose_b = true}
      : tensor<?x4x6xf32>, tensor<5x6xf32>
  %5 = tfcc.matmul %k, %l : tensor<1x?x3x4xi64>, tensor<2x1x4x2xi64>
  return %0, %1, %2, %3, %4, %5
      : tensor<?x?x3xf32>, tensor<?x4x5xf32>, tensor<2x3x4x5xf32>,
        tensor<?x4x5xf32>, tensor<?x4x5xf32>, tensor<2x?x3x2xi64>
}
