// The harness itself: references that are deliberately wrong must fail, one
// FAIL line per output, and the run must exit non-zero; correct ones pass.
// One build for the host's CPU; then one for each of two CPUs that every
// x86-64 host runs (TFCC_E2E_MCPUS): a FAIL line per output for each, and
// the failures of both counted.
// RUN: env -u TFCC_E2E_MCPUS not %python %e2e/run_e2e.py --cc %cc %s %t > %t.out
// RUN: FileCheck %s < %t.out
// RUN: env TFCC_E2E_MCPUS="x86-64 x86-64-v2" not %python %e2e/run_e2e.py --cc %cc %s %t > %t.two
// RUN: FileCheck %s --check-prefix=TWO < %t.two
//
// E2E-INPUT: x f32 [N,4] uniform(1, 2)
// E2E-INPUT: i i32 [N] randint(-5, 5)
// E2E-CASE: N=3
// E2E-REF: ok = x * np.float32(2)
// E2E-REF: off = (x * 2.0001).astype(np.float32)
// E2E-REF: one_wrong = i + np.int32(1)
// E2E-REF: one_wrong[1] += 1
// E2E-REF: wrong_dtype = x.astype(np.float64) * 2
// E2E-REF: wrong_shape = (x * np.float32(2))[:, :3]
// E2E-REF: wrong_nan = x * np.float32(2)
// E2E-REF: bools = x[:, 0] < 1
//
// CHECK: PASS ok max_abs_err=0
// CHECK: FAIL off: 12 of 12 elements out of tolerance (rtol=1e-05 atol=1e-06)
// CHECK: FAIL one_wrong: 1 of 3 elements differ; first at [1]
// CHECK: FAIL wrong_dtype: dtype mismatch: model gives f32, reference is float64
// CHECK: FAIL wrong_shape: shape mismatch: model gives [3,4], reference is [3,3]
// CHECK: FAIL wrong_nan: 12 of 12 elements out of tolerance
// CHECK: FAIL bools: 3 of 3 elements differ
// CHECK: 6 comparison(s) failed
// TWO: -- --mcpu=x86-64
// TWO: FAIL bools
// TWO: -- --mcpu=x86-64-v2
// TWO: PASS ok max_abs_err=0
// TWO: FAIL bools
// TWO: 12 comparison(s) failed
func.func @e2e_harness(%x: tensor<?x4xf32> {tfcc.name = "x"},
                       %i: tensor<?xi32> {tfcc.name = "i"})
    -> (tensor<?x4xf32> {tfcc.name = "ok"},
        tensor<?x4xf32> {tfcc.name = "off"},
        tensor<?xi32> {tfcc.name = "one_wrong"},
        tensor<?x4xf32> {tfcc.name = "wrong_dtype"},
        tensor<?x4xf32> {tfcc.name = "wrong_shape"},
        tensor<?x4xf32> {tfcc.name = "wrong_nan"},
        tensor<?xi1> {tfcc.name = "bools"}) {
  %two = tfcc.constant dense<2.0> : tensor<f32>
  %one = tfcc.constant dense<1> : tensor<i32>
  %zero = tfcc.constant dense<0.0> : tensor<f32>
  %inf = tfcc.constant dense<0x7F800000> : tensor<f32>
  %0 = tfcc.mul %x, %two : tensor<?x4xf32>, tensor<f32>
  %1 = tfcc.add %i, %one : tensor<?xi32>, tensor<i32>
  // inf * 0 = NaN where the reference has finite values.
  %2 = tfcc.mul %inf, %zero : tensor<f32>, tensor<f32>
  %3 = tfcc.add %0, %2 : tensor<?x4xf32>, tensor<f32>
  // Every row of x is positive: the first column is never below 1.
  %col = tfcc.slice %x begin = [0, 0] size = [-1, 1] : tensor<?x4xf32>
  %flat = tfcc.reshape %col [-1] : tensor<?x1xf32>
  %4 = tfcc.greater %flat, %zero : tensor<?xf32>, tensor<f32>
  return %0, %0, %1, %0, %0, %3, %4
      : tensor<?x4xf32>, tensor<?x4xf32>, tensor<?xi32>, tensor<?x4xf32>,
        tensor<?x4xf32>, tensor<?x4xf32>, tensor<?xi1>
}
