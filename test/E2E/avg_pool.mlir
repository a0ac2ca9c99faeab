// tfcc.avg_pool against numpy, NCHW and NHWC, with and without
// count_include_pad: 3x3/2 with padding 1, 2x2/2, stride 1 with
// asymmetric padding, dilation 2, a dynamic batch and dynamic spatial
// sizes, f32 and f64.
// The reference sums every strided tap of the zero-padded input in f64 and
// divides by kh * kw, or by the same window sum over a zero-padded array
// of ones (the in-bounds count); it is rounded to the operand type.
// f32: rtol=1e-5 atol=1e-6 (the default).
// RUN: %python %e2e/run_e2e.py --cc %cc %s %t
//
// E2E-INPUT: x f32 [N,3,9,10] uniform(-10, 10)
// E2E-INPUT: t f32 [N,9,10,3] uniform(-10, 10)
// E2E-INPUT: s f64 [2,2,H,W] uniform(-5, 5)
// E2E-CASE: N=1 H=3 W=4 | N=2 H=8 W=5 | N=3 H=11 W=12
// E2E-REF: def window_sum(x, kernel, strides, dilations, padding):
// E2E-REF:     t, l, b, r = padding
// E2E-REF:     xp = np.pad(x.astype(np.float64), ((0, 0), (0, 0), (t, b), (l, r)))
// E2E-REF:     (kh, kw), (sh, sw), (dh, dw) = kernel, strides, dilations
// E2E-REF:     oh = (xp.shape[2] - dh * (kh - 1) - 1) // sh + 1
// E2E-REF:     ow = (xp.shape[3] - dw * (kw - 1) - 1) // sw + 1
// E2E-REF:     return sum(xp[:, :, i * dh:i * dh + sh * (oh - 1) + 1:sh, j * dw:j * dw + sw * (ow - 1) + 1:sw]
// E2E-REF:                for i in range(kh) for j in range(kw))
// E2E-REF: def pool(x, kernel, strides=(1, 1), dilations=(1, 1), padding=(0, 0, 0, 0), include_pad=False, nhwc=False):
// E2E-REF:     if nhwc:
// E2E-REF:         return pool(x.transpose(0, 3, 1, 2), kernel, strides, dilations, padding, include_pad).transpose(0, 2, 3, 1)
// E2E-REF:     total = window_sum(x, kernel, strides, dilations, padding)
// E2E-REF:     if include_pad:
// E2E-REF:         count = kernel[0] * kernel[1]
// E2E-REF:     else:
// E2E-REF:         count = window_sum(np.ones((1, 1) + x.shape[2:]), kernel, strides, dilations, padding)
// E2E-REF:     return (total / count).astype(x.dtype)
// E2E-REF: resnet = pool(x, (3, 3), strides=(2, 2), padding=(1, 1, 1, 1))
// E2E-REF: resnet_incl = pool(x, (3, 3), strides=(2, 2), padding=(1, 1, 1, 1), include_pad=True)
// E2E-REF: plain = pool(x, (2, 2), strides=(2, 2))
// E2E-REF: asym = pool(x, (2, 3), padding=(1, 0, 0, 2))
// E2E-REF: dilated = pool(x, (3, 2), strides=(2, 1), dilations=(2, 3), padding=(2, 1, 1, 2))
// E2E-REF: dilated_incl = pool(x, (3, 2), strides=(2, 1), dilations=(2, 3), padding=(2, 1, 1, 2), include_pad=True)
// E2E-REF: nhwc = pool(t, (3, 3), strides=(2, 2), padding=(1, 1, 1, 1), nhwc=True)
// E2E-REF: nhwc_incl = pool(t, (2, 3), strides=(1, 2), padding=(0, 1, 1, 1), include_pad=True, nhwc=True)
// E2E-REF: f64 = pool(s, (2, 2), strides=(2, 2), padding=(1, 0, 1, 1))
// E2E-REF: f64_incl = pool(s, (3, 3), padding=(1, 1, 1, 1), include_pad=True)
func.func @e2e_avg_pool(%x: tensor<?x3x9x10xf32> {tfcc.name = "x"},
                        %t: tensor<?x9x10x3xf32> {tfcc.name = "t"},
                        %s: tensor<2x2x?x?xf64> {tfcc.name = "s"})
    -> (tensor<?x3x5x5xf32> {tfcc.name = "resnet"},
        tensor<?x3x5x5xf32> {tfcc.name = "resnet_incl"},
        tensor<?x3x4x5xf32> {tfcc.name = "plain"},
        tensor<?x3x9x10xf32> {tfcc.name = "asym"},
        tensor<?x3x4x10xf32> {tfcc.name = "dilated"},
        tensor<?x3x4x10xf32> {tfcc.name = "dilated_incl"},
        tensor<?x5x5x3xf32> {tfcc.name = "nhwc"},
        tensor<?x9x5x3xf32> {tfcc.name = "nhwc_incl"},
        tensor<2x2x?x?xf64> {tfcc.name = "f64"},
        tensor<2x2x?x?xf64> {tfcc.name = "f64_incl"}) {
  %0 = tfcc.avg_pool %x {kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>}
      : tensor<?x3x9x10xf32>
  %1 = tfcc.avg_pool %x {kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>, count_include_pad}
      : tensor<?x3x9x10xf32>
  %2 = tfcc.avg_pool %x {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>} : tensor<?x3x9x10xf32>
  %3 = tfcc.avg_pool %x {kernel = array<i64: 2, 3>, padding = array<i64: 1, 0, 0, 2>} : tensor<?x3x9x10xf32>
  %4 = tfcc.avg_pool %x {kernel = array<i64: 3, 2>, strides = array<i64: 2, 1>, dilations = array<i64: 2, 3>, padding = array<i64: 2, 1, 1, 2>}
      : tensor<?x3x9x10xf32>
  %5 = tfcc.avg_pool %x {kernel = array<i64: 3, 2>, strides = array<i64: 2, 1>, dilations = array<i64: 2, 3>, padding = array<i64: 2, 1, 1, 2>, count_include_pad}
      : tensor<?x3x9x10xf32>
  %6 = tfcc.avg_pool %t {data_format = "NHWC", kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>}
      : tensor<?x9x10x3xf32>
  %7 = tfcc.avg_pool %t {data_format = "NHWC", kernel = array<i64: 2, 3>, strides = array<i64: 1, 2>, padding = array<i64: 0, 1, 1, 1>, count_include_pad}
      : tensor<?x9x10x3xf32>
  %8 = tfcc.avg_pool %s {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>, padding = array<i64: 1, 0, 1, 1>}
      : tensor<2x2x?x?xf64>
  %9 = tfcc.avg_pool %s {kernel = array<i64: 3, 3>, padding = array<i64: 1, 1, 1, 1>, count_include_pad}
      : tensor<2x2x?x?xf64>
  return %0, %1, %2, %3, %4, %5, %6, %7, %8, %9
      : tensor<?x3x5x5xf32>, tensor<?x3x5x5xf32>, tensor<?x3x4x5xf32>, tensor<?x3x9x10xf32>,
        tensor<?x3x4x10xf32>, tensor<?x3x4x10xf32>, tensor<?x5x5x3xf32>, tensor<?x9x5x3xf32>,
        tensor<2x2x?x?xf64>, tensor<2x2x?x?xf64>
}
