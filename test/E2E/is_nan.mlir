// tfcc.is_nan against numpy's np.isnan: f32 with a dynamic dim mixing numbers,
// NaN and both infinities, f64, a rank-0 operand, and edge values (the
// largest finite numbers, zeros, subnormals). Booleans compare exactly.
// RUN: %python %e2e/run_e2e.py --cc %cc %s %t
//
// E2E-INPUT: x f32 [N,5] = rng.choice([0.0, -1.5, 3e38, np.nan, np.inf, -np.inf, 7.0], size=shape)
// E2E-INPUT: d f64 [M] = rng.choice([1.0, np.nan, -np.inf, np.inf, -1e308], size=shape)
// E2E-INPUT: s f32 [] = rng.choice([np.nan, 1.0, np.inf], size=shape)
// E2E-INPUT: e f32 [8] = np.array([np.finfo(np.float32).max, -np.finfo(np.float32).max, 0.0, -0.0, 1e-45, np.nan, np.inf, -np.inf])
// E2E-CASE: N=1 M=3 | N=7 M=1 | N=64 M=10 | N=0 M=0
// E2E-REF: y_f32 = np.isnan(x)
// E2E-REF: y_f64 = np.isnan(d)
// E2E-REF: y_rank0 = np.asarray(np.isnan(s))
// E2E-REF: y_edge = np.isnan(e)
func.func @e2e_is_nan(%x: tensor<?x5xf32> {tfcc.name = "x"},
                    %d: tensor<?xf64> {tfcc.name = "d"},
                    %s: tensor<f32> {tfcc.name = "s"},
                    %e: tensor<8xf32> {tfcc.name = "e"})
    -> (tensor<?x5xi1> {tfcc.name = "y_f32"},
        tensor<?xi1> {tfcc.name = "y_f64"},
        tensor<i1> {tfcc.name = "y_rank0"},
        tensor<8xi1> {tfcc.name = "y_edge"}) {
  %0 = tfcc.is_nan %x : tensor<?x5xf32>
  %1 = tfcc.is_nan %d : tensor<?xf64>
  %2 = tfcc.is_nan %s : tensor<f32>
  %3 = tfcc.is_nan %e : tensor<8xf32>
  return %0, %1, %2, %3 : tensor<?x5xi1>, tensor<?xi1>, tensor<i1>, tensor<8xi1>
}
