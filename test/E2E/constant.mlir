// tfcc.constant of every element type, splat and not, rank 0 to 3, returned
// directly as model outputs and combined with an input (a dynamic one).
// RUN: %python %e2e/run_e2e.py --cc %cc %s %t
//
// E2E-INPUT: x f32 [N,3] uniform(-1, 1)
// E2E-CASE: N=1 | N=5 | N=64
// E2E-REF: c_f32 = np.array([[1.5, -2.25, 3.0], [0.0, -0.0, 1e-30]], np.float32)
// E2E-REF: c_f64 = np.array([3.141592653589793, -1e300, 2.5e-310], np.float64)
// E2E-REF: c_i32 = np.array(-7, np.int32)
// E2E-REF: c_i64 = np.full((2, 2, 2), 2**40 + 3, np.int64)
// E2E-REF: c_i1 = np.array([True, False, False, True])
// E2E-REF: c_splat = np.full((2, 3), 0.5, np.float32)
// E2E-REF: y = x + c_f32[0]
func.func @e2e_constant(%x: tensor<?x3xf32> {tfcc.name = "x"})
    -> (tensor<2x3xf32> {tfcc.name = "c_f32"},
        tensor<3xf64> {tfcc.name = "c_f64"},
        tensor<i32> {tfcc.name = "c_i32"},
        tensor<2x2x2xi64> {tfcc.name = "c_i64"},
        tensor<4xi1> {tfcc.name = "c_i1"},
        tensor<2x3xf32> {tfcc.name = "c_splat"},
        tensor<?x3xf32> {tfcc.name = "y"}) {
  %0 = tfcc.constant dense<[[1.5, -2.25, 3.0], [0.0, -0.0, 1.0e-30]]>
      : tensor<2x3xf32>
  %1 = tfcc.constant dense<[3.141592653589793, -1.0e300, 2.5e-310]>
      : tensor<3xf64>
  %2 = tfcc.constant dense<-7> : tensor<i32>
  %3 = tfcc.constant dense<1099511627779> : tensor<2x2x2xi64>
  %4 = tfcc.constant dense<[true, false, false, true]> : tensor<4xi1>
  %5 = tfcc.constant dense<0.5> : tensor<2x3xf32>
  %row = tfcc.constant dense<[1.5, -2.25, 3.0]> : tensor<3xf32>
  %6 = tfcc.add %x, %row : tensor<?x3xf32>, tensor<3xf32>
  return %0, %1, %2, %3, %4, %5, %6
      : tensor<2x3xf32>, tensor<3xf64>, tensor<i32>, tensor<2x2x2xi64>,
        tensor<4xi1>, tensor<2x3xf32>, tensor<?x3xf32>
}
