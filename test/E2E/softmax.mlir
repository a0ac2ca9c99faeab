// tfcc.softmax (exp(x) / sum(exp(x)) along one axis) against numpy: the last
// axis, non-last axes (first, middle, negative), an axis that is the
// dynamic dim and one that is not, rank 1 in f64, and inputs around
// +-1000 that overflow exp unless the maximum is subtracted first.
// References are computed in f64 and rounded.
// RUN: %python %e2e/run_e2e.py --cc %cc %s %t
//
// E2E-INPUT: x f32 [N,5] uniform(-10, 10)
// E2E-INPUT: t f32 [N,3,4] normal(0, 3)
// E2E-INPUT: w f32 [3,N] uniform(-5, 5)
// E2E-INPUT: d f64 [M] normal(0, 20)
// E2E-INPUT: big f32 [2,3] = np.array([[1000.0, 1001.0, 1002.0], [-1000.0, 0.0, 1000.0]])
// E2E-CASE: N=1 M=1 | N=7 M=5 | N=64 M=30 | N=2 M=2
// E2E-REF: def ref(v, axis):
// E2E-REF:     s = v.astype(np.float64)
// E2E-REF:     s = s - s.max(axis=axis, keepdims=True)
// E2E-REF:     e = np.exp(s)
// E2E-REF:     return (e / e.sum(axis=axis, keepdims=True)).astype(v.dtype)
// E2E-REF: last = ref(x, -1)
// E2E-REF: batch_axis = ref(x, 0)
// E2E-REF: middle = ref(t, 1)
// E2E-REF: first3 = ref(t, -3)
// E2E-REF: dyn_axis = ref(w, 1)
// E2E-REF: static_axis = ref(w, 0)
// E2E-REF: f64 = ref(d, 0)
// E2E-REF: large = ref(big, -1)
func.func @e2e_softmax(%x: tensor<?x5xf32> {tfcc.name = "x"},
                       %t: tensor<?x3x4xf32> {tfcc.name = "t"},
                       %w: tensor<3x?xf32> {tfcc.name = "w"},
                       %d: tensor<?xf64> {tfcc.name = "d"},
                       %big: tensor<2x3xf32> {tfcc.name = "big"})
    -> (tensor<?x5xf32> {tfcc.name = "last"},
        tensor<?x5xf32> {tfcc.name = "batch_axis"},
        tensor<?x3x4xf32> {tfcc.name = "middle"},
        tensor<?x3x4xf32> {tfcc.name = "first3"},
        tensor<3x?xf32> {tfcc.name = "dyn_axis"},
        tensor<3x?xf32> {tfcc.name = "static_axis"},
        tensor<?xf64> {tfcc.name = "f64"},
        tensor<2x3xf32> {tfcc.name = "large"}) {
  %0 = tfcc.softmax %x axis = -1 : tensor<?x5xf32>
  %1 = tfcc.softmax %x axis = 0 : tensor<?x5xf32>
  %2 = tfcc.softmax %t axis = 1 : tensor<?x3x4xf32>
  %3 = tfcc.softmax %t axis = -3 : tensor<?x3x4xf32>
  %4 = tfcc.softmax %w axis = 1 : tensor<3x?xf32>
  %5 = tfcc.softmax %w axis = 0 : tensor<3x?xf32>
  %6 = tfcc.softmax %d axis = 0 : tensor<?xf64>
  %7 = tfcc.softmax %big axis = -1 : tensor<2x3xf32>
  return %0, %1, %2, %3, %4, %5, %6, %7
      : tensor<?x5xf32>, tensor<?x5xf32>, tensor<?x3x4xf32>, tensor<?x3x4xf32>,
        tensor<3x?xf32>, tensor<3x?xf32>, tensor<?xf64>, tensor<2x3xf32>
}
