// A small MLP (dense + relu, dense, softmax) with a dynamic batch dim,
// compiled once and run on one model instance with batch sizes 1, 7, 64
// and back to 7 and 1, so that shrinking outputs are covered too. The
// weights are dyadic fractions, exact in f32, that the reference rebuilds
// from the same formulas; it computes in f64 and rounds.
// RUN: %python %e2e/run_e2e.py --cc %cc %s %t
//
// E2E-OPTIONS: one-instance
// E2E-INPUT: x f32 [N,6] uniform(-2, 2)
// E2E-CASE: N=1 | N=7 | N=64 | N=7 | N=1
// E2E-REF: W1 = ((np.arange(48).reshape(6, 8) * 7 % 11) - 5) / 8
// E2E-REF: b1 = (np.arange(8) % 3 - 1) / 4
// E2E-REF: W2 = ((np.arange(32).reshape(8, 4) * 5 % 9) - 4) / 8
// E2E-REF: b2 = np.array([0.5, -0.25, 0.0, 0.125])
// E2E-REF: h = np.maximum(x.astype(np.float64) @ W1 + b1, 0)
// E2E-REF: o = h @ W2 + b2
// E2E-REF: e = np.exp(o - o.max(axis=1, keepdims=True))
// E2E-REF: logits = o.astype(np.float32)
// E2E-REF: probs = (e / e.sum(axis=1, keepdims=True)).astype(np.float32)
func.func @e2e_mlp(%x: tensor<?x6xf32> {tfcc.name = "x"})
    -> (tensor<?x4xf32> {tfcc.name = "logits"},
        tensor<?x4xf32> {tfcc.name = "probs"}) {
  %w1 = tfcc.constant dense<
     [[-0.625, 0.25, -0.25, 0.625, 0.125, -0.375, 0.5, 0.0],
      [-0.5, 0.375, -0.125, -0.625, 0.25, -0.25, 0.625, 0.125],
      [-0.375, 0.5, 0.0, -0.5, 0.375, -0.125, -0.625, 0.25],
      [-0.25, 0.625, 0.125, -0.375, 0.5, 0.0, -0.5, 0.375],
      [-0.125, -0.625, 0.25, -0.25, 0.625, 0.125, -0.375, 0.5],
      [0.0, -0.5, 0.375, -0.125, -0.625, 0.25, -0.25, 0.625]]> : tensor<6x8xf32>
  %b1 = tfcc.constant dense<[-0.25, 0.0, 0.25, -0.25, 0.0, 0.25, -0.25, 0.0]> : tensor<8xf32>
  %w2 = tfcc.constant dense<
     [[-0.5, 0.125, -0.375, 0.25],
      [-0.25, 0.375, -0.125, 0.5],
      [0.0, -0.5, 0.125, -0.375],
      [0.25, -0.25, 0.375, -0.125],
      [0.5, 0.0, -0.5, 0.125],
      [-0.375, 0.25, -0.25, 0.375],
      [-0.125, 0.5, 0.0, -0.5],
      [0.125, -0.375, 0.25, -0.25]]> : tensor<8x4xf32>
  %b2 = tfcc.constant dense<[0.5, -0.25, 0.0, 0.125]> : tensor<4xf32>
  %0 = tfcc.matmul %x, %w1 : tensor<?x6xf32>, tensor<6x8xf32>
  %1 = tfcc.add %0, %b1 : tensor<?x8xf32>, tensor<8xf32>
  %2 = tfcc.relu %1 : tensor<?x8xf32>
  %3 = tfcc.matmul %2, %w2 : tensor<?x8xf32>, tensor<8x4xf32>
  %4 = tfcc.add %3, %b2 : tensor<?x4xf32>, tensor<4xf32>
  %5 = tfcc.softmax %4 axis = -1 : tensor<?x4xf32>
  return %4, %5 : tensor<?x4xf32>, tensor<?x4xf32>
}
