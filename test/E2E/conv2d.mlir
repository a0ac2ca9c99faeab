// tfcc.conv2d in NCHW (filter [O, C/G, KH, KW]) against numpy: stride 1
// and 2, dilation 2, symmetric and asymmetric padding, 2 groups, a
// depthwise convolution with multiplier 2, a dynamic batch, dynamic
// spatial sizes, a filter with dynamic kernel sizes, a dynamic channel
// count split into 2 groups, f32 and f64.
// The reference pads with np.pad, takes every strided kernel tap as a
// slice and contracts it with np.einsum, in f64, per group; it is rounded
// to the operand type. f32 sums of up to 36 products of values in [-1, 1]
// are compared with rtol=1e-5 atol=1e-5.
// RUN: %python %e2e/run_e2e.py --cc %cc %s %t
//
// E2E-INPUT: x f32 [N,4,9,10] uniform(-1, 1)
// E2E-INPUT: w f32 [6,4,3,3] uniform(-1, 1)
// E2E-INPUT: wg f32 [6,2,3,3] uniform(-1, 1)
// E2E-INPUT: wd f32 [8,1,3,3] uniform(-1, 1)
// E2E-INPUT: s f32 [1,2,H,W] uniform(-1, 1)
// E2E-INPUT: ws f32 [3,2,2,3] uniform(-1, 1)
// E2E-INPUT: wk f32 [3,2,K,K] uniform(-1, 1)
// E2E-INPUT: c f32 [1,?,6,5] uniform(-1, 1)
// E2E-INPUT: d f64 [N,3,7,6] uniform(-1, 1)
// E2E-INPUT: wf f64 [5,3,2,2] uniform(-1, 1)
// E2E-CASE: N=1 H=5 W=8 K=3 c=[1,4,6,5] | N=3 H=4 W=3 K=1 c=[1,4,6,5] | N=2 H=9 W=12 K=4 c=[1,4,6,5]
// E2E-TOL: rtol=1e-5 atol=1e-5
// E2E-REF: def conv(x, w, strides=(1, 1), dilations=(1, 1), padding=(0, 0, 0, 0), groups=1):
// E2E-REF:     t, l, b, r = padding
// E2E-REF:     xp = np.pad(x.astype(np.float64), ((0, 0), (0, 0), (t, b), (l, r)))
// E2E-REF:     n, c, h, wd = xp.shape
// E2E-REF:     o, cg, kh, kw = w.shape
// E2E-REF:     (sh, sw), (dh, dw) = strides, dilations
// E2E-REF:     oh = (h - dh * (kh - 1) - 1) // sh + 1
// E2E-REF:     ow = (wd - dw * (kw - 1) - 1) // sw + 1
// E2E-REF:     og = o // groups
// E2E-REF:     y = np.zeros((n, o, oh, ow))
// E2E-REF:     for g in range(groups):
// E2E-REF:         for i in range(kh):
// E2E-REF:             for j in range(kw):
// E2E-REF:                 tap = xp[:, g * cg:(g + 1) * cg,
// E2E-REF:                          i * dh:i * dh + sh * (oh - 1) + 1:sh,
// E2E-REF:                          j * dw:j * dw + sw * (ow - 1) + 1:sw]
// E2E-REF:                 y[:, g * og:(g + 1) * og] += np.einsum(
// E2E-REF:                     "nchw,oc->nohw", tap, w[g * og:(g + 1) * og, :, i, j].astype(np.float64))
// E2E-REF:     return y.astype(x.dtype)
// E2E-REF: plain = conv(x, w)
// E2E-REF: stride2_pad = conv(x, w, strides=(2, 2), padding=(1, 1, 1, 1))
// E2E-REF: asym = conv(x, w, strides=(1, 2), padding=(2, 0, 1, 3))
// E2E-REF: dilated = conv(x, w, dilations=(2, 2), padding=(2, 2, 2, 2))
// E2E-REF: grouped = conv(x, wg, padding=(1, 1, 1, 1), groups=2)
// E2E-REF: depthwise = conv(x, wd, strides=(2, 2), padding=(1, 1, 1, 1), groups=4)
// E2E-REF: dyn_hw = conv(s, ws, strides=(2, 1), padding=(0, 1, 1, 1))
// E2E-REF: dyn_kernel = conv(s, wk, dilations=(2, 1), padding=(2, 1, 2, 1))
// E2E-REF: dyn_channels = conv(c, wg, strides=(2, 2), groups=2)
// E2E-REF: f64 = conv(d, wf, strides=(2, 1), dilations=(1, 2), padding=(0, 1, 1, 0))
func.func @e2e_conv2d(%x: tensor<?x4x9x10xf32> {tfcc.name = "x"},
                      %w: tensor<6x4x3x3xf32> {tfcc.name = "w"},
                      %wg: tensor<6x2x3x3xf32> {tfcc.name = "wg"},
                      %wd: tensor<8x1x3x3xf32> {tfcc.name = "wd"},
                      %s: tensor<1x2x?x?xf32> {tfcc.name = "s"},
                      %ws: tensor<3x2x2x3xf32> {tfcc.name = "ws"},
                      %wk: tensor<3x2x?x?xf32> {tfcc.name = "wk"},
                      %c: tensor<1x?x6x5xf32> {tfcc.name = "c"},
                      %d: tensor<?x3x7x6xf64> {tfcc.name = "d"},
                      %wf: tensor<5x3x2x2xf64> {tfcc.name = "wf"})
    -> (tensor<?x6x7x8xf32> {tfcc.name = "plain"},
        tensor<?x6x5x5xf32> {tfcc.name = "stride2_pad"},
        tensor<?x6x10x6xf32> {tfcc.name = "asym"},
        tensor<?x6x9x10xf32> {tfcc.name = "dilated"},
        tensor<?x6x9x10xf32> {tfcc.name = "grouped"},
        tensor<?x8x5x5xf32> {tfcc.name = "depthwise"},
        tensor<1x3x?x?xf32> {tfcc.name = "dyn_hw"},
        tensor<1x3x?x?xf32> {tfcc.name = "dyn_kernel"},
        tensor<1x6x2x2xf32> {tfcc.name = "dyn_channels"},
        tensor<?x5x4x5xf64> {tfcc.name = "f64"}) {
  %0 = tfcc.conv2d %x, %w : tensor<?x4x9x10xf32>, tensor<6x4x3x3xf32>
  %1 = tfcc.conv2d %x, %w {strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>}
      : tensor<?x4x9x10xf32>, tensor<6x4x3x3xf32>
  %2 = tfcc.conv2d %x, %w {strides = array<i64: 1, 2>, padding = array<i64: 2, 0, 1, 3>}
      : tensor<?x4x9x10xf32>, tensor<6x4x3x3xf32>
  %3 = tfcc.conv2d %x, %w {dilations = array<i64: 2, 2>, padding = array<i64: 2, 2, 2, 2>}
      : tensor<?x4x9x10xf32>, tensor<6x4x3x3xf32>
  %4 = tfcc.conv2d %x, %wg {groups = 2, padding = array<i64: 1, 1, 1, 1>}
      : tensor<?x4x9x10xf32>, tensor<6x2x3x3xf32>
  %5 = tfcc.conv2d %x, %wd {groups = 4, strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>}
      : tensor<?x4x9x10xf32>, tensor<8x1x3x3xf32>
  %6 = tfcc.conv2d %s, %ws {strides = array<i64: 2, 1>, padding = array<i64: 0, 1, 1, 1>}
      : tensor<1x2x?x?xf32>, tensor<3x2x2x3xf32>
  %7 = tfcc.conv2d %d, %wf {strides = array<i64: 2, 1>, dilations = array<i64: 1, 2>, padding = array<i64: 0, 1, 1, 0>}
      : tensor<?x3x7x6xf64>, tensor<5x3x2x2xf64>
  %8 = tfcc.conv2d %s, %wk {dilations = array<i64: 2, 1>, padding = array<i64: 2, 1, 2, 1>}
      : tensor<1x2x?x?xf32>, tensor<3x2x?x?xf32>
  %9 = tfcc.conv2d %c, %wg {groups = 2, strides = array<i64: 2, 2>}
      : tensor<1x?x6x5xf32>, tensor<6x2x3x3xf32>
  return %0, %1, %2, %3, %4, %5, %6, %8, %9, %7
      : tensor<?x6x7x8xf32>, tensor<?x6x5x5xf32>, tensor<?x6x10x6xf32>, tensor<?x6x9x10xf32>,
        tensor<?x6x9x10xf32>, tensor<?x8x5x5xf32>, tensor<1x3x?x?xf32>, tensor<1x3x?x?xf32>,
        tensor<1x6x2x2xf32>, tensor<?x5x4x5xf64>
}
