// tfcc.conv2d in NHWC (TensorFlow's HWIO filter [KH, KW, C/G, O]) against
// numpy: stride 1 and 2, dilation 2, asymmetric padding, 2 groups, a
// depthwise convolution with multiplier 2 (TF's [3, 3, 4, 2] depthwise
// filter reshaped to [3, 3, 1, 8]), a dynamic batch and dynamic spatial
// sizes, f32 and f64.
// The reference loops over output positions and contracts each padded
// window with the filter by np.tensordot, in f64, per group; it is
// rounded to the operand type. f32: rtol=1e-5 atol=1e-5.
// RUN: %python %e2e/run_e2e.py --cc %cc %s %t
//
// E2E-INPUT: x f32 [N,9,10,4] uniform(-1, 1)
// E2E-INPUT: w f32 [3,3,4,6] uniform(-1, 1)
// E2E-INPUT: wg f32 [3,3,2,6] uniform(-1, 1)
// E2E-INPUT: wd f32 [3,3,4,2] uniform(-1, 1)
// E2E-INPUT: s f32 [1,H,W,3] uniform(-1, 1)
// E2E-INPUT: ws f32 [2,3,3,4] uniform(-1, 1)
// E2E-INPUT: d f64 [N,7,6,3] uniform(-1, 1)
// E2E-INPUT: wf f64 [2,2,3,5] uniform(-1, 1)
// E2E-CASE: N=1 H=5 W=8 | N=2 H=3 W=4 | N=3 H=10 W=7
// E2E-TOL: rtol=1e-5 atol=1e-5
// E2E-REF: def conv(x, w, strides=(1, 1), dilations=(1, 1), padding=(0, 0, 0, 0), groups=1):
// E2E-REF:     t, l, b, r = padding
// E2E-REF:     xp = np.pad(x.astype(np.float64), ((0, 0), (t, b), (l, r), (0, 0)))
// E2E-REF:     n, h, wd, c = xp.shape
// E2E-REF:     kh, kw, cg, o = w.shape
// E2E-REF:     (sh, sw), (dh, dw) = strides, dilations
// E2E-REF:     oh = (h - dh * (kh - 1) - 1) // sh + 1
// E2E-REF:     ow = (wd - dw * (kw - 1) - 1) // sw + 1
// E2E-REF:     og = o // groups
// E2E-REF:     y = np.zeros((n, oh, ow, o))
// E2E-REF:     for p in range(oh):
// E2E-REF:         for q in range(ow):
// E2E-REF:             win = xp[:, p * sh:p * sh + dh * (kh - 1) + 1:dh, q * sw:q * sw + dw * (kw - 1) + 1:dw, :]
// E2E-REF:             for g in range(groups):
// E2E-REF:                 y[:, p, q, g * og:(g + 1) * og] = np.tensordot(
// E2E-REF:                     win[..., g * cg:(g + 1) * cg],
// E2E-REF:                     w[..., g * og:(g + 1) * og].astype(np.float64), axes=3)
// E2E-REF:     return y.astype(x.dtype)
// E2E-REF: plain = conv(x, w)
// E2E-REF: stride2 = conv(x, w, strides=(2, 2), padding=(0, 1, 1, 0))
// E2E-REF: dilated = conv(x, w, dilations=(2, 2), padding=(1, 3, 2, 0))
// E2E-REF: grouped = conv(x, wg, strides=(2, 1), groups=2)
// E2E-REF: depthwise = conv(x, wd.reshape(3, 3, 1, 8), padding=(1, 1, 1, 1), groups=4)
// E2E-REF: dyn_hw = conv(s, ws, strides=(1, 2), padding=(1, 1, 0, 1))
// E2E-REF: f64 = conv(d, wf, strides=(2, 2), padding=(1, 1, 1, 1))
func.func @e2e_conv2d_nhwc(%x: tensor<?x9x10x4xf32> {tfcc.name = "x"},
                           %w: tensor<3x3x4x6xf32> {tfcc.name = "w"},
                           %wg: tensor<3x3x2x6xf32> {tfcc.name = "wg"},
                           %wd: tensor<3x3x4x2xf32> {tfcc.name = "wd"},
                           %s: tensor<1x?x?x3xf32> {tfcc.name = "s"},
                           %ws: tensor<2x3x3x4xf32> {tfcc.name = "ws"},
                           %d: tensor<?x7x6x3xf64> {tfcc.name = "d"},
                           %wf: tensor<2x2x3x5xf64> {tfcc.name = "wf"})
    -> (tensor<?x7x8x6xf32> {tfcc.name = "plain"},
        tensor<?x4x5x6xf32> {tfcc.name = "stride2"},
        tensor<?x8x9x6xf32> {tfcc.name = "dilated"},
        tensor<?x4x8x6xf32> {tfcc.name = "grouped"},
        tensor<?x9x10x8xf32> {tfcc.name = "depthwise"},
        tensor<1x?x?x4xf32> {tfcc.name = "dyn_hw"},
        tensor<?x4x4x5xf64> {tfcc.name = "f64"}) {
  %0 = tfcc.conv2d %x, %w {data_format = "NHWC"} : tensor<?x9x10x4xf32>, tensor<3x3x4x6xf32>
  %1 = tfcc.conv2d %x, %w {data_format = "NHWC", strides = array<i64: 2, 2>, padding = array<i64: 0, 1, 1, 0>}
      : tensor<?x9x10x4xf32>, tensor<3x3x4x6xf32>
  %2 = tfcc.conv2d %x, %w {data_format = "NHWC", dilations = array<i64: 2, 2>, padding = array<i64: 1, 3, 2, 0>}
      : tensor<?x9x10x4xf32>, tensor<3x3x4x6xf32>
  %3 = tfcc.conv2d %x, %wg {data_format = "NHWC", groups = 2, strides = array<i64: 2, 1>}
      : tensor<?x9x10x4xf32>, tensor<3x3x2x6xf32>
  %wd8 = tfcc.reshape %wd [3, 3, 1, 8] : tensor<3x3x4x2xf32>
  %4 = tfcc.conv2d %x, %wd8 {data_format = "NHWC", groups = 4, padding = array<i64: 1, 1, 1, 1>}
      : tensor<?x9x10x4xf32>, tensor<3x3x1x8xf32>
  %5 = tfcc.conv2d %s, %ws {data_format = "NHWC", strides = array<i64: 1, 2>, padding = array<i64: 1, 1, 0, 1>}
      : tensor<1x?x?x3xf32>, tensor<2x3x3x4xf32>
  %6 = tfcc.conv2d %d, %wf {data_format = "NHWC", strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>}
      : tensor<?x7x6x3xf64>, tensor<2x2x3x5xf64>
  return %0, %1, %2, %3, %4, %5, %6
      : tensor<?x7x8x6xf32>, tensor<?x4x5x6xf32>, tensor<?x8x9x6xf32>, tensor<?x4x8x6xf32>,
        tensor<?x9x10x8xf32>, tensor<1x?x?x4xf32>, tensor<?x4x4x5xf64>
}
