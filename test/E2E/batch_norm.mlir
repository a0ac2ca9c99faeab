// tfcc.batch_norm (inference form) against numpy: NCHW (axis 1), NHWC
// (axis -1) with TF's default epsilon, a rank-2 input, a dynamic batch,
// f32 and f64.
// The reference is (x - mean) / sqrt(variance + epsilon) * scale + offset
// in f64 with the vectors reshaped along the axis, rounded to the operand
// type. f32: rtol=1e-5 atol=1e-5 (outputs are of order 10).
// RUN: %python %e2e/run_e2e.py --cc %cc %s %t
//
// E2E-INPUT: x f32 [N,4,3,5] uniform(-5, 5)
// E2E-INPUT: t f32 [N,3,2,6] normal(1, 3)
// E2E-INPUT: d f64 [N,7] normal(0, 2)
// E2E-INPUT: s4 f32 [4] uniform(0.5, 2)
// E2E-INPUT: o4 f32 [4] uniform(-1, 1)
// E2E-INPUT: m4 f32 [4] uniform(-1, 1)
// E2E-INPUT: v4 f32 [4] uniform(0.1, 3)
// E2E-INPUT: s6 f32 [6] uniform(0.5, 2)
// E2E-INPUT: o6 f32 [6] uniform(-1, 1)
// E2E-INPUT: m6 f32 [6] uniform(0, 2)
// E2E-INPUT: v6 f32 [6] uniform(0.1, 3)
// E2E-INPUT: s7 f64 [7] uniform(0.5, 2)
// E2E-INPUT: o7 f64 [7] uniform(-1, 1)
// E2E-INPUT: m7 f64 [7] uniform(-1, 1)
// E2E-INPUT: v7 f64 [7] = np.array([0.0, 1e-3, 0.5, 1.0, 2.0, 4.0, 100.0])
// E2E-CASE: N=1 | N=2 | N=5
// E2E-TOL: rtol=1e-5 atol=1e-5
// E2E-REF: def bn(x, scale, offset, mean, var, eps, axis):
// E2E-REF:     shape = [1] * x.ndim
// E2E-REF:     shape[axis] = -1
// E2E-REF:     f = lambda v: v.astype(np.float64).reshape(shape)
// E2E-REF:     y = (x.astype(np.float64) - f(mean)) / np.sqrt(f(var) + eps) * f(scale) + f(offset)
// E2E-REF:     return y.astype(x.dtype)
// E2E-REF: nchw = bn(x, s4, o4, m4, v4, np.float64(1e-5), 1)
// E2E-REF: nhwc = bn(t, s6, o6, m6, v6, 1e-3, 3)
// E2E-REF: f64 = bn(d, s7, o7, m7, v7, 1e-5, 1)
func.func @e2e_batch_norm(%x: tensor<?x4x3x5xf32> {tfcc.name = "x"},
                          %t: tensor<?x3x2x6xf32> {tfcc.name = "t"},
                          %d: tensor<?x7xf64> {tfcc.name = "d"},
                          %s4: tensor<4xf32> {tfcc.name = "s4"},
                          %o4: tensor<4xf32> {tfcc.name = "o4"},
                          %m4: tensor<4xf32> {tfcc.name = "m4"},
                          %v4: tensor<4xf32> {tfcc.name = "v4"},
                          %s6: tensor<6xf32> {tfcc.name = "s6"},
                          %o6: tensor<6xf32> {tfcc.name = "o6"},
                          %m6: tensor<6xf32> {tfcc.name = "m6"},
                          %v6: tensor<6xf32> {tfcc.name = "v6"},
                          %s7: tensor<7xf64> {tfcc.name = "s7"},
                          %o7: tensor<7xf64> {tfcc.name = "o7"},
                          %m7: tensor<7xf64> {tfcc.name = "m7"},
                          %v7: tensor<7xf64> {tfcc.name = "v7"})
    -> (tensor<?x4x3x5xf32> {tfcc.name = "nchw"},
        tensor<?x3x2x6xf32> {tfcc.name = "nhwc"},
        tensor<?x7xf64> {tfcc.name = "f64"}) {
  %0 = tfcc.batch_norm %x, %s4, %o4, %m4, %v4
      : tensor<?x4x3x5xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>
  %1 = tfcc.batch_norm %t, %s6, %o6, %m6, %v6 {axis = -1, epsilon = 1.0e-3}
      : tensor<?x3x2x6xf32>, tensor<6xf32>, tensor<6xf32>, tensor<6xf32>, tensor<6xf32>
  %2 = tfcc.batch_norm %d, %s7, %o7, %m7, %v7 {epsilon = 1.0e-5}
      : tensor<?x7xf64>, tensor<7xf64>, tensor<7xf64>, tensor<7xf64>, tensor<7xf64>
  return %0, %1, %2 : tensor<?x4x3x5xf32>, tensor<?x3x2x6xf32>, tensor<?x7xf64>
}
