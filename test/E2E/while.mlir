// tfcc.while against numpy: a recurrence h <- tanh(h @ w) run n times
// (with a limit of 1000 in the condition and n as the maximum trip count),
// a loop variable that grows by one element an iteration (dynamic across
// iterations), a tfcc.cond inside the body, dynamic batch. One instance
// runs every case, so buffers from a longer loop are reused by a shorter.
// RUN: %python %e2e/run_e2e.py --cc %cc %s %t
//
// E2E-OPTIONS: one-instance
// E2E-INPUT: x f32 [N,16] normal(0, 1)
// E2E-INPUT: w f32 [16,16] normal(0, 0.3)
// E2E-INPUT: n i64 [] = (N * 7) % 47 - 2
// E2E-CASE: N=1 | N=3 | N=7 | N=64 | N=2 | N=5
// E2E-TOL: rtol=1e-4 atol=1e-5
// E2E-REF: h = x.astype(np.float64)
// E2E-REF: acc = [1.0]
// E2E-REF: for _ in range(max(int(n), 0)):
// E2E-REF:     h = np.tanh(h @ w)
// E2E-REF:     acc.append(abs(h.sum()))
// E2E-REF: h = h.astype(np.float32)
// E2E-REF: acc = np.array(acc, np.float32)
// E2E-REF: k = np.array(max(int(n), 0), np.int64)
func.func @e2e_while(%x: tensor<?x16xf32> {tfcc.name = "x"},
                     %w: tensor<16x16xf32> {tfcc.name = "w"},
                     %n: tensor<i64> {tfcc.name = "n"})
    -> (tensor<?x16xf32> {tfcc.name = "h"}, tensor<?xf32> {tfcc.name = "acc"},
        tensor<i64> {tfcc.name = "k"}) {
  %zero = tfcc.constant dense<0> : tensor<i64>
  %one = tfcc.constant dense<1> : tensor<i64>
  %limit = tfcc.constant dense<1000> : tensor<i64>
  %start = tfcc.constant dense<[1.0]> : tensor<1xf32>
  %fzero = tfcc.constant dense<0.0> : tensor<f32>
  %r:3 = tfcc.while (%zero, %x, %start) max %n : tensor<i64>
      : (tensor<i64>, tensor<?x16xf32>, tensor<1xf32>)
        -> (tensor<i64>, tensor<?x16xf32>, tensor<?xf32>)
  cond {
  ^bb0(%i: tensor<i64>, %h: tensor<?x16xf32>, %a: tensor<?xf32>):
    %p = tfcc.less %i, %limit : tensor<i64>, tensor<i64>
    tfcc.yield %p : tensor<i1>
  } do {
  ^bb0(%i: tensor<i64>, %h: tensor<?x16xf32>, %a: tensor<?xf32>):
    %i1 = tfcc.add %i, %one : tensor<i64>, tensor<i64>
    %m = tfcc.matmul %h, %w : tensor<?x16xf32>, tensor<16x16xf32>
    %t = tfcc.tanh %m : tensor<?x16xf32>
    %s = tfcc.reduce_sum %t axes = [0, 1] : tensor<?x16xf32>
    %pos = tfcc.greater %s, %fzero : tensor<f32>, tensor<f32>
    %v = tfcc.cond %pos -> (tensor<1xf32>) {
      %e = tfcc.reshape %s [1] : tensor<f32>
      tfcc.yield %e : tensor<1xf32>
    } else {
      %e = tfcc.reshape %s [1] : tensor<f32>
      %ne = tfcc.neg %e : tensor<1xf32>
      tfcc.yield %ne : tensor<1xf32>
    }
    %a1 = tfcc.concat %a, %v axis = 0 : tensor<?xf32>, tensor<1xf32>
    tfcc.yield %i1, %t, %a1 : tensor<i64>, tensor<?x16xf32>, tensor<?xf32>
  }
  return %r#1, %r#2, %r#0 : tensor<?x16xf32>, tensor<?xf32>, tensor<i64>
}
