// tfcc.layer_norm against numpy: the last axis (transformer style) with a
// dynamic batch, the last two axes (axis = 1 of a rank-3 input) with a
// scale that broadcasts ([1, 8]) and a per-position bias, a non-default
// epsilon, and f64.
// The reference takes the mean and the biased variance over the axes in
// f64: (x - mean) / sqrt(var + epsilon) * scale + bias, rounded to the
// operand type. f32: rtol=1e-5 atol=1e-5.
// RUN: %python %e2e/run_e2e.py --cc %cc %s %t
//
// E2E-INPUT: x f32 [N,16] normal(3, 2)
// E2E-INPUT: g f32 [16] uniform(0.5, 2)
// E2E-INPUT: b f32 [16] uniform(-1, 1)
// E2E-INPUT: y f32 [N,4,8] uniform(-4, 4)
// E2E-INPUT: g2 f32 [1,8] uniform(0.5, 2)
// E2E-INPUT: b2 f32 [4,8] uniform(-1, 1)
// E2E-INPUT: d f64 [2,N,5] normal(0, 10)
// E2E-INPUT: g3 f64 [5] uniform(0.5, 2)
// E2E-INPUT: b3 f64 [5] uniform(-1, 1)
// E2E-CASE: N=1 | N=3 | N=8
// E2E-TOL: rtol=1e-5 atol=1e-5
// E2E-REF: def ln(x, scale, bias, axis, eps):
// E2E-REF:     axes = tuple(range(axis, x.ndim))
// E2E-REF:     w = x.astype(np.float64)
// E2E-REF:     mean = w.mean(axis=axes, keepdims=True)
// E2E-REF:     var = ((w - mean) ** 2).mean(axis=axes, keepdims=True)
// E2E-REF:     return ((w - mean) / np.sqrt(var + eps) * scale + bias).astype(x.dtype)
// E2E-REF: last = ln(x, g, b, 1, 1e-5)
// E2E-REF: two_axes = ln(y, g2, b2, 1, 1e-3)
// E2E-REF: f64 = ln(d, g3, b3, 2, 1e-5)
func.func @e2e_layer_norm(%x: tensor<?x16xf32> {tfcc.name = "x"},
                          %g: tensor<16xf32> {tfcc.name = "g"},
                          %b: tensor<16xf32> {tfcc.name = "b"},
                          %y: tensor<?x4x8xf32> {tfcc.name = "y"},
                          %g2: tensor<1x8xf32> {tfcc.name = "g2"},
                          %b2: tensor<4x8xf32> {tfcc.name = "b2"},
                          %d: tensor<2x?x5xf64> {tfcc.name = "d"},
                          %g3: tensor<5xf64> {tfcc.name = "g3"},
                          %b3: tensor<5xf64> {tfcc.name = "b3"})
    -> (tensor<?x16xf32> {tfcc.name = "last"},
        tensor<?x4x8xf32> {tfcc.name = "two_axes"},
        tensor<2x?x5xf64> {tfcc.name = "f64"}) {
  %0 = tfcc.layer_norm %x, %g, %b : tensor<?x16xf32>, tensor<16xf32>, tensor<16xf32>
  %1 = tfcc.layer_norm %y, %g2, %b2 {axis = 1, epsilon = 1.0e-3}
      : tensor<?x4x8xf32>, tensor<1x8xf32>, tensor<4x8xf32>
  %2 = tfcc.layer_norm %d, %g3, %b3 {axis = -1} : tensor<2x?x5xf64>, tensor<5xf64>, tensor<5xf64>
  return %0, %1, %2 : tensor<?x16xf32>, tensor<?x4x8xf32>, tensor<2x?x5xf64>
}
