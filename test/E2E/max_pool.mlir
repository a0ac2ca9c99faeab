// tfcc.max_pool against numpy, NCHW and NHWC: 3x3/2 with padding 1 over
// all-negative inputs (a zero pad would win there), stride 1, dilation 2,
// asymmetric padding, a NaN in a window, a dynamic batch and dynamic
// spatial sizes, f32 and f64.
// The reference pads with -inf and takes np.max over every strided tap;
// maxima are exact, so the default tolerance compares exactly.
// RUN: %python %e2e/run_e2e.py --cc %cc %s %t
//
// E2E-INPUT: x f32 [N,3,9,10] uniform(-10, -1)
// E2E-INPUT: t f32 [N,9,10,3] uniform(-10, 10)
// E2E-INPUT: s f64 [2,2,H,W] uniform(-5, -1)
// E2E-INPUT: e f32 [1,1,4,4] = np.array([[1, 2, 3, 4], [5, np.nan, 7, 8], [9, 10, 11, 12], [13, 14, 15, 16]])
// E2E-CASE: N=1 H=3 W=4 | N=2 H=8 W=5 | N=4 H=11 W=11
// E2E-REF: def pool(x, kernel, strides=(1, 1), dilations=(1, 1), padding=(0, 0, 0, 0), nhwc=False):
// E2E-REF:     if nhwc:
// E2E-REF:         return pool(x.transpose(0, 3, 1, 2), kernel, strides, dilations, padding).transpose(0, 2, 3, 1)
// E2E-REF:     t, l, b, r = padding
// E2E-REF:     xp = np.pad(x, ((0, 0), (0, 0), (t, b), (l, r)), constant_values=-np.inf)
// E2E-REF:     (kh, kw), (sh, sw), (dh, dw) = kernel, strides, dilations
// E2E-REF:     oh = (xp.shape[2] - dh * (kh - 1) - 1) // sh + 1
// E2E-REF:     ow = (xp.shape[3] - dw * (kw - 1) - 1) // sw + 1
// E2E-REF:     taps = [xp[:, :, i * dh:i * dh + sh * (oh - 1) + 1:sh, j * dw:j * dw + sw * (ow - 1) + 1:sw]
// E2E-REF:             for i in range(kh) for j in range(kw)]
// E2E-REF:     return np.max(np.stack(taps), axis=0)
// E2E-REF: resnet = pool(x, (3, 3), strides=(2, 2), padding=(1, 1, 1, 1))
// E2E-REF: asym = pool(x, (2, 3), strides=(1, 2), padding=(0, 2, 1, 0))
// E2E-REF: dilated = pool(x, (2, 2), dilations=(2, 2), padding=(1, 1, 1, 1))
// E2E-REF: nhwc = pool(t, (3, 3), strides=(2, 2), padding=(1, 1, 1, 1), nhwc=True)
// E2E-REF: nhwc_dilated = pool(t, (3, 2), strides=(1, 2), dilations=(2, 1), padding=(2, 0, 0, 1), nhwc=True)
// E2E-REF: f64 = pool(s, (2, 2), strides=(2, 2), padding=(1, 1, 1, 1))
// E2E-REF: nan = pool(e, (2, 2), strides=(2, 2))
func.func @e2e_max_pool(%x: tensor<?x3x9x10xf32> {tfcc.name = "x"},
                        %t: tensor<?x9x10x3xf32> {tfcc.name = "t"},
                        %s: tensor<2x2x?x?xf64> {tfcc.name = "s"},
                        %e: tensor<1x1x4x4xf32> {tfcc.name = "e"})
    -> (tensor<?x3x5x5xf32> {tfcc.name = "resnet"},
        tensor<?x3x9x5xf32> {tfcc.name = "asym"},
        tensor<?x3x9x10xf32> {tfcc.name = "dilated"},
        tensor<?x5x5x3xf32> {tfcc.name = "nhwc"},
        tensor<?x7x5x3xf32> {tfcc.name = "nhwc_dilated"},
        tensor<2x2x?x?xf64> {tfcc.name = "f64"},
        tensor<1x1x2x2xf32> {tfcc.name = "nan"}) {
  %0 = tfcc.max_pool %x {kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>}
      : tensor<?x3x9x10xf32>
  %1 = tfcc.max_pool %x {kernel = array<i64: 2, 3>, strides = array<i64: 1, 2>, padding = array<i64: 0, 2, 1, 0>}
      : tensor<?x3x9x10xf32>
  %2 = tfcc.max_pool %x {kernel = array<i64: 2, 2>, dilations = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>}
      : tensor<?x3x9x10xf32>
  %3 = tfcc.max_pool %t {data_format = "NHWC", kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>}
      : tensor<?x9x10x3xf32>
  %4 = tfcc.max_pool %t {data_format = "NHWC", kernel = array<i64: 3, 2>, strides = array<i64: 1, 2>, dilations = array<i64: 2, 1>, padding = array<i64: 2, 0, 0, 1>}
      : tensor<?x9x10x3xf32>
  %5 = tfcc.max_pool %s {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>}
      : tensor<2x2x?x?xf64>
  %6 = tfcc.max_pool %e {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>} : tensor<1x1x4x4xf32>
  return %0, %1, %2, %3, %4, %5, %6
      : tensor<?x3x5x5xf32>, tensor<?x3x9x5xf32>, tensor<?x3x9x10xf32>, tensor<?x5x5x3xf32>,
        tensor<?x7x5x3xf32>, tensor<2x2x?x?xf64>, tensor<1x1x2x2xf32>
}
