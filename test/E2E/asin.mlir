// tfcc.asin against numpy (np.arcsin(x)): f32 with a dynamic dim and
// several batch sizes, f64, a rank-0 operand, and edge values (outside [-1, 1] NaN).
// References are computed in f64 and rounded to the operand type; libm's
// f32 functions are within the default tolerances (rtol=1e-5, atol=1e-6).
// RUN: %python %e2e/run_e2e.py --cc %cc %s %t
//
// E2E-INPUT: x f32 [N,5] uniform(-1, 1)
// E2E-INPUT: d f64 [M] uniform(-1, 1)
// E2E-INPUT: s f32 [] uniform(-1, 1)
// E2E-INPUT: e f32 [10] = np.array([-1.0, 1.0, 0.0, -0.0, 1e-7, 1.0000001, -1.5, 2.0, np.inf, np.nan])
// E2E-CASE: N=1 M=3 | N=7 M=1 | N=64 M=10 | N=0 M=0
// E2E-REF: def ref(v):
// E2E-REF:     w = v.astype(np.float64)
// E2E-REF:     with np.errstate(all="ignore"):
// E2E-REF:         return np.asarray(np.arcsin(w)).astype(v.dtype)
// E2E-REF: y_f32 = ref(x)
// E2E-REF: y_f64 = ref(d)
// E2E-REF: y_rank0 = ref(s)
// E2E-REF: y_edge = ref(e)
func.func @e2e_asin(%x: tensor<?x5xf32> {tfcc.name = "x"},
                   %d: tensor<?xf64> {tfcc.name = "d"},
                   %s: tensor<f32> {tfcc.name = "s"},
                   %e: tensor<10xf32> {tfcc.name = "e"})
    -> (tensor<?x5xf32> {tfcc.name = "y_f32"},
        tensor<?xf64> {tfcc.name = "y_f64"},
        tensor<f32> {tfcc.name = "y_rank0"},
        tensor<10xf32> {tfcc.name = "y_edge"}) {
  %0 = tfcc.asin %x : tensor<?x5xf32>
  %1 = tfcc.asin %d : tensor<?xf64>
  %2 = tfcc.asin %s : tensor<f32>
  %3 = tfcc.asin %e : tensor<10xf32>
  return %0, %1, %2, %3
      : tensor<?x5xf32>, tensor<?xf64>, tensor<f32>, tensor<10xf32>
}
