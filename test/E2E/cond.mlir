// tfcc.cond against numpy: the branches yield different sizes (a dynamic
// result), and a branch runs only when taken: the second cond's then branch
// divides by d, which is 0 exactly when that branch is not taken (an integer
// division by zero would fail its run-time check).
// RUN: %python %e2e/run_e2e.py --cc %cc %s %t
//
// E2E-OPTIONS: one-instance
// E2E-INPUT: p i1 [] = N % 2
// E2E-INPUT: x f32 [N] normal(0, 1)
// E2E-INPUT: d i32 [] = N % 2 * 7
// E2E-CASE: N=3 | N=4 | N=5
// E2E-REF: y = np.exp(x) if p else np.concatenate([x, x])
// E2E-REF: q = np.array(12 // 7 if p else -1, np.int32)
func.func @e2e_cond(%p: tensor<i1> {tfcc.name = "p"},
                    %x: tensor<?xf32> {tfcc.name = "x"},
                    %d: tensor<i32> {tfcc.name = "d"})
    -> (tensor<?xf32> {tfcc.name = "y"}, tensor<i32> {tfcc.name = "q"}) {
  %twelve = tfcc.constant dense<12> : tensor<i32>
  %minus = tfcc.constant dense<-1> : tensor<i32>
  %y = tfcc.cond %p -> (tensor<?xf32>) {
    %a = tfcc.exp %x : tensor<?xf32>
    tfcc.yield %a : tensor<?xf32>
  } else {
    %b = tfcc.concat %x, %x axis = 0 : tensor<?xf32>, tensor<?xf32>
    tfcc.yield %b : tensor<?xf32>
  }
  %q = tfcc.cond %p -> (tensor<i32>) {
    %a = tfcc.div %twelve, %d : tensor<i32>, tensor<i32>
    tfcc.yield %a : tensor<i32>
  } else {
    tfcc.yield %minus : tensor<i32>
  }
  return %y, %q : tensor<?xf32>, tensor<i32>
}
