// tfcc.pad against numpy: constant mode with a value and without one
// (zero), negative pads that crop (alone and mixed with growth), reflect
// and edge modes with asymmetric pads, after a crop, on a dynamic
// dimension, on i32 and f64.
// The reference crops by slicing and pads with np.pad's "constant",
// "reflect" and "edge" modes; copies are exact, so values compare exactly.
// RUN: %python %e2e/run_e2e.py --cc %cc %s %t
//
// E2E-INPUT: x f32 [N,5] uniform(-10, 10)
// E2E-INPUT: v f32 [] uniform(-1, 1)
// E2E-INPUT: i i32 [3,4] randint(-100, 100)
// E2E-INPUT: d f64 [2,M,6] normal(0, 1)
// E2E-CASE: N=1 M=4 | N=3 M=5 | N=6 M=9
// E2E-REF: def crop(a, low, high):
// E2E-REF:     idx = tuple(slice(max(-lo, 0), a.shape[k] - max(-hi, 0)) for k, (lo, hi) in enumerate(zip(low, high)))
// E2E-REF:     return a[idx]
// E2E-REF: def pad(a, low, high, mode="constant", value=0):
// E2E-REF:     c = crop(a, low, high)
// E2E-REF:     widths = [(max(lo, 0), max(hi, 0)) for lo, hi in zip(low, high)]
// E2E-REF:     if mode == "constant":
// E2E-REF:         return np.pad(c, widths, mode="constant", constant_values=value)
// E2E-REF:     return np.pad(c, widths, mode=mode)
// E2E-REF: const_value = pad(x, [1, 2], [2, 0], value=v)
// E2E-REF: const_zero = pad(i, [0, 3], [1, 1])
// E2E-REF: crop_only = pad(x, [0, -1], [0, -2])
// E2E-REF: crop_grow = pad(x, [-0, -2], [1, 3], value=v)
// E2E-REF: reflect = pad(x, [0, 4], [0, 3], mode="reflect")
// E2E-REF: reflect_crop = pad(d, [1, -1, 2], [0, 1, -1], mode="reflect")
// E2E-REF: reflect_dyn = pad(d, [0, 3, 0], [0, 2, 0], mode="reflect")
// E2E-REF: edge = pad(i, [2, 0], [1, 5], mode="edge")
// E2E-REF: edge_crop = pad(d, [0, 2, -5], [1, -2, 3], mode="edge")
func.func @e2e_pad(%x: tensor<?x5xf32> {tfcc.name = "x"},
                   %v: tensor<f32> {tfcc.name = "v"},
                   %i: tensor<3x4xi32> {tfcc.name = "i"},
                   %d: tensor<2x?x6xf64> {tfcc.name = "d"})
    -> (tensor<?x7xf32> {tfcc.name = "const_value"},
        tensor<4x8xi32> {tfcc.name = "const_zero"},
        tensor<?x2xf32> {tfcc.name = "crop_only"},
        tensor<?x6xf32> {tfcc.name = "crop_grow"},
        tensor<?x12xf32> {tfcc.name = "reflect"},
        tensor<3x?x7xf64> {tfcc.name = "reflect_crop"},
        tensor<2x?x6xf64> {tfcc.name = "reflect_dyn"},
        tensor<6x9xi32> {tfcc.name = "edge"},
        tensor<3x?x4xf64> {tfcc.name = "edge_crop"}) {
  %0 = tfcc.pad %x, %v {low = array<i64: 1, 2>, high = array<i64: 2, 0>} : tensor<?x5xf32>, tensor<f32>
  %1 = tfcc.pad %i {low = array<i64: 0, 3>, high = array<i64: 1, 1>} : tensor<3x4xi32>
  %2 = tfcc.pad %x {low = array<i64: 0, -1>, high = array<i64: 0, -2>} : tensor<?x5xf32>
  %3 = tfcc.pad %x, %v {low = array<i64: 0, -2>, high = array<i64: 1, 3>} : tensor<?x5xf32>, tensor<f32>
  %4 = tfcc.pad %x {low = array<i64: 0, 4>, high = array<i64: 0, 3>, mode = "reflect"} : tensor<?x5xf32>
  %5 = tfcc.pad %d {low = array<i64: 1, -1, 2>, high = array<i64: 0, 1, -1>, mode = "reflect"} : tensor<2x?x6xf64>
  %6 = tfcc.pad %d {low = array<i64: 0, 3, 0>, high = array<i64: 0, 2, 0>, mode = "reflect"} : tensor<2x?x6xf64>
  %7 = tfcc.pad %i {low = array<i64: 2, 0>, high = array<i64: 1, 5>, mode = "edge"} : tensor<3x4xi32>
  %8 = tfcc.pad %d {low = array<i64: 0, 2, -5>, high = array<i64: 1, -2, 3>, mode = "edge"} : tensor<2x?x6xf64>
  return %0, %1, %2, %3, %4, %5, %6, %7, %8
      : tensor<?x7xf32>, tensor<4x8xi32>, tensor<?x2xf32>, tensor<?x6xf32>, tensor<?x12xf32>,
        tensor<3x?x7xf64>, tensor<2x?x6xf64>, tensor<6x9xi32>, tensor<3x?x4xf64>
}
