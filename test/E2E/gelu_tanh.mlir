// tfcc.gelu {tanh_approximation} against numpy's
// x * (1 + tanh(sqrt(2 / pi) * (x + 0.044715 x^3))) / 2: f32 with a dynamic
// dim, f64, and edge values (0, large magnitudes, infinity, NaN). The
// forms differ by up to ~1e-3, so an ignored attribute fails y_f64; the
// exact form of the same input checks that the attribute is what selects.
// References are computed in f64 and rounded to the operand type; f32
// uses the default rtol=1e-5 atol=1e-6.
// RUN: %python %e2e/run_e2e.py --cc %cc %s %t
//
// E2E-INPUT: x f32 [N,6] uniform(-6, 6)
// E2E-INPUT: d f64 [N] uniform(-8, 8)
// E2E-INPUT: e f32 [8] = np.array([0.0, -0.0, 1e-6, -3.0, 3.0, 10.0, np.inf, np.nan])
// E2E-CASE: N=1 | N=9 | N=40
// E2E-REF: def ref(v):
// E2E-REF:     w = v.astype(np.float64)
// E2E-REF:     with np.errstate(all="ignore"):
// E2E-REF:         return (w * (1 + np.tanh(np.sqrt(2 / np.pi) * (w + 0.044715 * w ** 3))) / 2).astype(v.dtype)
// E2E-REF: y_f32 = ref(x)
// E2E-REF: y_f64 = ref(d)
// E2E-REF: y_edge = ref(e)
// E2E-REF: exact = (d * (1 + erf(d / np.sqrt(2))) / 2)
func.func @e2e_gelu_tanh(%x: tensor<?x6xf32> {tfcc.name = "x"},
                         %d: tensor<?xf64> {tfcc.name = "d"},
                         %e: tensor<8xf32> {tfcc.name = "e"})
    -> (tensor<?x6xf32> {tfcc.name = "y_f32"},
        tensor<?xf64> {tfcc.name = "y_f64"},
        tensor<8xf32> {tfcc.name = "y_edge"},
        tensor<?xf64> {tfcc.name = "exact"}) {
  %0 = tfcc.gelu %x {tanh_approximation} : tensor<?x6xf32>
  %1 = tfcc.gelu %d {tanh_approximation} : tensor<?xf64>
  %2 = tfcc.gelu %e {tanh_approximation} : tensor<8xf32>
  %3 = tfcc.gelu %d : tensor<?xf64>
  return %0, %1, %2, %3 : tensor<?x6xf32>, tensor<?xf64>, tensor<8xf32>, tensor<?xf64>
}
