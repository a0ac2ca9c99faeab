// tfcc.relu (max(x, 0)) against numpy: f32 with a dynamic dim and several
// batch sizes, f64, a rank-0 operand, i32/i64, and edge values.
// NaN stays NaN.
// References are computed in f64 and rounded to the operand type.
// RUN: %python %e2e/run_e2e.py --cc %cc %s %t
//
// E2E-INPUT: x f32 [N,5] uniform(-10, 10)
// E2E-INPUT: d f64 [M] normal(0, 1e6)
// E2E-INPUT: s f32 [] uniform(-10, 10)
// E2E-INPUT: e f32 [7] = np.array([0.0, -0.0, np.inf, -np.inf, np.nan, -1e-30, 1e-30])
// E2E-INPUT: i i32 [N,3] randint(-2**31, 2**31)
// E2E-INPUT: k i64 [M] randint(-2**62, 2**62)
// E2E-CASE: N=1 M=3 | N=7 M=1 | N=64 M=10
// E2E-REF: def ref(v):
// E2E-REF:     w = v.astype(np.float64)
// E2E-REF:     with np.errstate(all="ignore"):
// E2E-REF:         return np.asarray(np.maximum(w, 0)).astype(v.dtype)
// E2E-REF: y_f32 = ref(x)
// E2E-REF: y_f64 = ref(d)
// E2E-REF: y_rank0 = ref(s)
// E2E-REF: y_edge = ref(e)
// E2E-REF: y_i32 = np.maximum(i, 0)
// E2E-REF: y_i64 = np.maximum(k, 0)
func.func @e2e_relu(%x: tensor<?x5xf32> {tfcc.name = "x"},
                    %d: tensor<?xf64> {tfcc.name = "d"},
                    %s: tensor<f32> {tfcc.name = "s"},
                    %e: tensor<7xf32> {tfcc.name = "e"},
                    %i: tensor<?x3xi32> {tfcc.name = "i"},
                    %k: tensor<?xi64> {tfcc.name = "k"})
    -> (tensor<?x5xf32> {tfcc.name = "y_f32"},
        tensor<?xf64> {tfcc.name = "y_f64"},
        tensor<f32> {tfcc.name = "y_rank0"},
        tensor<7xf32> {tfcc.name = "y_edge"},
        tensor<?x3xi32> {tfcc.name = "y_i32"},
        tensor<?xi64> {tfcc.name = "y_i64"}) {
  %0 = tfcc.relu %x : tensor<?x5xf32>
  %1 = tfcc.relu %d : tensor<?xf64>
  %2 = tfcc.relu %s : tensor<f32>
  %3 = tfcc.relu %e : tensor<7xf32>
  %4 = tfcc.relu %i : tensor<?x3xi32>
  %5 = tfcc.relu %k : tensor<?xi64>
  return %0, %1, %2, %3, %4, %5
      : tensor<?x5xf32>, tensor<?xf64>, tensor<f32>,
        tensor<7xf32>, tensor<?x3xi32>, tensor<?xi64>
}
