// tfcc.conv2d_backprop_input and tfcc.conv2d_backprop_filter against
// PyTorch's autograd: the reference pads x with F.pad (any [t, l, b, r]),
// runs F.conv2d in float64 and backpropagates dy; x.grad and w.grad are the
// expected results (NHWC cases transpose to NCHW / OIHW and back). Cases:
// plain, stride 2 with padding, a stride that leaves the last input row and
// columns unread (their gradient is 0), asymmetric padding, dilation 2,
// padding wider than the kernel, 2 groups, depthwise with multiplier 2,
// grouped NHWC with a stride, f64, 16 output channels with a stride (the
// filter gradient accumulates with the channels innermost; with fewer than
// 8 a group, the cases above, it sums along the output rows); a dynamic
// batch of 1 and 3.
// f32 sums of up to 3*13*13 products of values in [-1, 1] are compared with
// rtol=1e-4 atol=1e-4; f64 with 1e-10.
// REQUIRES: torch
// RUN: %python %e2e/run_e2e.py --cc %cc %s %t
//
// E2E-INPUT: x f32 [N,4,9,10] uniform(-1, 1)
// E2E-INPUT: w f32 [6,4,3,3] uniform(-1, 1)
// E2E-INPUT: dy_plain f32 [N,6,7,8] uniform(-1, 1)
// E2E-INPUT: dy_s2 f32 [N,6,5,5] uniform(-1, 1)
// E2E-INPUT: dy_drop f32 [N,6,3,3] uniform(-1, 1)
// E2E-INPUT: dy_asym f32 [N,6,10,6] uniform(-1, 1)
// E2E-INPUT: dy_dil f32 [N,6,9,10] uniform(-1, 1)
// E2E-INPUT: w2 f32 [3,4,2,2] uniform(-1, 1)
// E2E-INPUT: dy_wide f32 [N,3,12,13] uniform(-1, 1)
// E2E-INPUT: wg f32 [6,2,3,3] uniform(-1, 1)
// E2E-INPUT: dy_g f32 [N,6,9,10] uniform(-1, 1)
// E2E-INPUT: wd f32 [8,1,3,3] uniform(-1, 1)
// E2E-INPUT: dy_dw f32 [N,8,5,5] uniform(-1, 1)
// E2E-INPUT: t f32 [N,7,8,4] uniform(-1, 1)
// E2E-INPUT: wh f32 [3,3,2,6] uniform(-1, 1)
// E2E-INPUT: dy_nhwc f32 [N,3,7,6] uniform(-1, 1)
// E2E-INPUT: d f64 [N,3,7,6] uniform(-1, 1)
// E2E-INPUT: wf f64 [5,3,2,2] uniform(-1, 1)
// E2E-INPUT: dy_f64 f64 [N,5,4,5] uniform(-1, 1)
// E2E-INPUT: w16 f32 [16,4,3,3] uniform(-1, 1)
// E2E-INPUT: dy_16 f32 [N,16,4,4] uniform(-1, 1)
// E2E-CASE: N=1 | N=3
// E2E-TOL: rtol=1e-4 atol=1e-4
// E2E-TOL: dx_f64 rtol=1e-10 atol=1e-10
// E2E-TOL: dw_f64 rtol=1e-10 atol=1e-10
// E2E-REF: import torch
// E2E-REF: import torch.nn.functional as F
// E2E-REF: def grads(x, w, dy, strides=(1, 1), dilations=(1, 1), padding=(0, 0, 0, 0), groups=1, nhwc=False):
// E2E-REF:     if nhwc:
// E2E-REF:         dx, dw = grads(x.transpose(0, 3, 1, 2), w.transpose(3, 2, 0, 1), dy.transpose(0, 3, 1, 2),
// E2E-REF:                        strides, dilations, padding, groups)
// E2E-REF:         return dx.transpose(0, 2, 3, 1), dw.transpose(2, 3, 1, 0)
// E2E-REF:     xt = torch.tensor(x, dtype=torch.float64, requires_grad=True)
// E2E-REF:     wt = torch.tensor(w, dtype=torch.float64, requires_grad=True)
// E2E-REF:     t, l, b, r = padding
// E2E-REF:     y = F.conv2d(F.pad(xt, (l, r, t, b)), wt, stride=strides, dilation=dilations, groups=groups)
// E2E-REF:     assert y.shape == dy.shape, (y.shape, dy.shape)
// E2E-REF:     y.backward(torch.tensor(dy, dtype=torch.float64))
// E2E-REF:     return xt.grad.numpy().astype(x.dtype), wt.grad.numpy().astype(w.dtype)
// E2E-REF: dx_plain, dw_plain = grads(x, w, dy_plain)
// E2E-REF: dx_s2, dw_s2 = grads(x, w, dy_s2, strides=(2, 2), padding=(1, 1, 1, 1))
// E2E-REF: dx_drop, dw_drop = grads(x, w, dy_drop, strides=(3, 3))
// E2E-REF: dx_asym, dw_asym = grads(x, w, dy_asym, strides=(1, 2), padding=(2, 0, 1, 3))
// E2E-REF: dx_dil, dw_dil = grads(x, w, dy_dil, dilations=(2, 2), padding=(2, 2, 2, 2))
// E2E-REF: dx_wide, dw_wide = grads(x, w2, dy_wide, padding=(3, 2, 1, 2))
// E2E-REF: dx_g, dw_g = grads(x, wg, dy_g, padding=(1, 1, 1, 1), groups=2)
// E2E-REF: dx_dw, dw_dw = grads(x, wd, dy_dw, strides=(2, 2), padding=(1, 1, 1, 1), groups=4)
// E2E-REF: dx_nhwc, dw_nhwc = grads(t, wh, dy_nhwc, strides=(2, 1), padding=(1, 0, 0, 1), groups=2, nhwc=True)
// E2E-REF: dx_f64, dw_f64 = grads(d, wf, dy_f64, strides=(2, 1), dilations=(1, 2), padding=(0, 1, 1, 0))
// E2E-REF: dx_16, dw_16 = grads(x, w16, dy_16, strides=(2, 2))
// E2E-REF: # The official helper agrees on a symmetric case.
// E2E-REF: assert np.allclose(dx_s2, torch.nn.grad.conv2d_input(x.shape, torch.tensor(w), torch.tensor(dy_s2), stride=2, padding=1).numpy(), atol=1e-5)
// E2E-REF: assert np.allclose(dw_s2, torch.nn.grad.conv2d_weight(torch.tensor(x), w.shape, torch.tensor(dy_s2), stride=2, padding=1).numpy(), atol=1e-4)
func.func @e2e_conv2d_backprop(
    %x: tensor<?x4x9x10xf32> {tfcc.name = "x"}, %w: tensor<6x4x3x3xf32> {tfcc.name = "w"},
    %dy_plain: tensor<?x6x7x8xf32> {tfcc.name = "dy_plain"},
    %dy_s2: tensor<?x6x5x5xf32> {tfcc.name = "dy_s2"},
    %dy_drop: tensor<?x6x3x3xf32> {tfcc.name = "dy_drop"},
    %dy_asym: tensor<?x6x10x6xf32> {tfcc.name = "dy_asym"},
    %dy_dil: tensor<?x6x9x10xf32> {tfcc.name = "dy_dil"},
    %w2: tensor<3x4x2x2xf32> {tfcc.name = "w2"},
    %dy_wide: tensor<?x3x12x13xf32> {tfcc.name = "dy_wide"},
    %wg: tensor<6x2x3x3xf32> {tfcc.name = "wg"},
    %dy_g: tensor<?x6x9x10xf32> {tfcc.name = "dy_g"},
    %wd: tensor<8x1x3x3xf32> {tfcc.name = "wd"},
    %dy_dw: tensor<?x8x5x5xf32> {tfcc.name = "dy_dw"},
    %t: tensor<?x7x8x4xf32> {tfcc.name = "t"},
    %wh: tensor<3x3x2x6xf32> {tfcc.name = "wh"},
    %dy_nhwc: tensor<?x3x7x6xf32> {tfcc.name = "dy_nhwc"},
    %d: tensor<?x3x7x6xf64> {tfcc.name = "d"},
    %wf: tensor<5x3x2x2xf64> {tfcc.name = "wf"},
    %dy_f64: tensor<?x5x4x5xf64> {tfcc.name = "dy_f64"},
    %w16: tensor<16x4x3x3xf32> {tfcc.name = "w16"},
    %dy_16: tensor<?x16x4x4xf32> {tfcc.name = "dy_16"})
    -> (tensor<?x4x9x10xf32> {tfcc.name = "dx_plain"}, tensor<6x4x3x3xf32> {tfcc.name = "dw_plain"},
        tensor<?x4x9x10xf32> {tfcc.name = "dx_s2"}, tensor<6x4x3x3xf32> {tfcc.name = "dw_s2"},
        tensor<?x4x9x10xf32> {tfcc.name = "dx_drop"}, tensor<6x4x3x3xf32> {tfcc.name = "dw_drop"},
        tensor<?x4x9x10xf32> {tfcc.name = "dx_asym"}, tensor<6x4x3x3xf32> {tfcc.name = "dw_asym"},
        tensor<?x4x9x10xf32> {tfcc.name = "dx_dil"}, tensor<6x4x3x3xf32> {tfcc.name = "dw_dil"},
        tensor<?x4x9x10xf32> {tfcc.name = "dx_wide"}, tensor<3x4x2x2xf32> {tfcc.name = "dw_wide"},
        tensor<?x4x9x10xf32> {tfcc.name = "dx_g"}, tensor<6x2x3x3xf32> {tfcc.name = "dw_g"},
        tensor<?x4x9x10xf32> {tfcc.name = "dx_dw"}, tensor<8x1x3x3xf32> {tfcc.name = "dw_dw"},
        tensor<?x7x8x4xf32> {tfcc.name = "dx_nhwc"}, tensor<3x3x2x6xf32> {tfcc.name = "dw_nhwc"},
        tensor<?x3x7x6xf64> {tfcc.name = "dx_f64"}, tensor<5x3x2x2xf64> {tfcc.name = "dw_f64"},
        tensor<?x4x9x10xf32> {tfcc.name = "dx_16"}, tensor<16x4x3x3xf32> {tfcc.name = "dw_16"}) {
  %0 = tfcc.conv2d_backprop_input %dy_plain, %w {input_spatial = array<i64: 9, 10>}
      : tensor<?x6x7x8xf32>, tensor<6x4x3x3xf32>
  %1 = tfcc.conv2d_backprop_filter %x, %dy_plain {kernel = array<i64: 3, 3>}
      : tensor<?x4x9x10xf32>, tensor<?x6x7x8xf32>
  %2 = tfcc.conv2d_backprop_input %dy_s2, %w {input_spatial = array<i64: 9, 10>, strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>}
      : tensor<?x6x5x5xf32>, tensor<6x4x3x3xf32>
  %3 = tfcc.conv2d_backprop_filter %x, %dy_s2 {kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>}
      : tensor<?x4x9x10xf32>, tensor<?x6x5x5xf32>
  %4 = tfcc.conv2d_backprop_input %dy_drop, %w {input_spatial = array<i64: 9, 10>, strides = array<i64: 3, 3>}
      : tensor<?x6x3x3xf32>, tensor<6x4x3x3xf32>
  %5 = tfcc.conv2d_backprop_filter %x, %dy_drop {kernel = array<i64: 3, 3>, strides = array<i64: 3, 3>}
      : tensor<?x4x9x10xf32>, tensor<?x6x3x3xf32>
  %6 = tfcc.conv2d_backprop_input %dy_asym, %w {input_spatial = array<i64: 9, 10>, strides = array<i64: 1, 2>, padding = array<i64: 2, 0, 1, 3>}
      : tensor<?x6x10x6xf32>, tensor<6x4x3x3xf32>
  %7 = tfcc.conv2d_backprop_filter %x, %dy_asym {kernel = array<i64: 3, 3>, strides = array<i64: 1, 2>, padding = array<i64: 2, 0, 1, 3>}
      : tensor<?x4x9x10xf32>, tensor<?x6x10x6xf32>
  %8 = tfcc.conv2d_backprop_input %dy_dil, %w {input_spatial = array<i64: 9, 10>, dilations = array<i64: 2, 2>, padding = array<i64: 2, 2, 2, 2>}
      : tensor<?x6x9x10xf32>, tensor<6x4x3x3xf32>
  %9 = tfcc.conv2d_backprop_filter %x, %dy_dil {kernel = array<i64: 3, 3>, dilations = array<i64: 2, 2>, padding = array<i64: 2, 2, 2, 2>}
      : tensor<?x4x9x10xf32>, tensor<?x6x9x10xf32>
  %10 = tfcc.conv2d_backprop_input %dy_wide, %w2 {input_spatial = array<i64: 9, 10>, padding = array<i64: 3, 2, 1, 2>}
      : tensor<?x3x12x13xf32>, tensor<3x4x2x2xf32>
  %11 = tfcc.conv2d_backprop_filter %x, %dy_wide {kernel = array<i64: 2, 2>, padding = array<i64: 3, 2, 1, 2>}
      : tensor<?x4x9x10xf32>, tensor<?x3x12x13xf32>
  %12 = tfcc.conv2d_backprop_input %dy_g, %wg {input_spatial = array<i64: 9, 10>, padding = array<i64: 1, 1, 1, 1>, groups = 2}
      : tensor<?x6x9x10xf32>, tensor<6x2x3x3xf32>
  %13 = tfcc.conv2d_backprop_filter %x, %dy_g {kernel = array<i64: 3, 3>, padding = array<i64: 1, 1, 1, 1>, groups = 2}
      : tensor<?x4x9x10xf32>, tensor<?x6x9x10xf32>
  %14 = tfcc.conv2d_backprop_input %dy_dw, %wd {input_spatial = array<i64: 9, 10>, strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>, groups = 4}
      : tensor<?x8x5x5xf32>, tensor<8x1x3x3xf32>
  %15 = tfcc.conv2d_backprop_filter %x, %dy_dw {kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>, groups = 4}
      : tensor<?x4x9x10xf32>, tensor<?x8x5x5xf32>
  %16 = tfcc.conv2d_backprop_input %dy_nhwc, %wh {input_spatial = array<i64: 7, 8>, strides = array<i64: 2, 1>, padding = array<i64: 1, 0, 0, 1>, groups = 2, data_format = "NHWC"}
      : tensor<?x3x7x6xf32>, tensor<3x3x2x6xf32>
  %17 = tfcc.conv2d_backprop_filter %t, %dy_nhwc {kernel = array<i64: 3, 3>, strides = array<i64: 2, 1>, padding = array<i64: 1, 0, 0, 1>, groups = 2, data_format = "NHWC"}
      : tensor<?x7x8x4xf32>, tensor<?x3x7x6xf32>
  %18 = tfcc.conv2d_backprop_input %dy_f64, %wf {input_spatial = array<i64: 7, 6>, strides = array<i64: 2, 1>, dilations = array<i64: 1, 2>, padding = array<i64: 0, 1, 1, 0>}
      : tensor<?x5x4x5xf64>, tensor<5x3x2x2xf64>
  %19 = tfcc.conv2d_backprop_filter %d, %dy_f64 {kernel = array<i64: 2, 2>, strides = array<i64: 2, 1>, dilations = array<i64: 1, 2>, padding = array<i64: 0, 1, 1, 0>}
      : tensor<?x3x7x6xf64>, tensor<?x5x4x5xf64>
  %20 = tfcc.conv2d_backprop_input %dy_16, %w16 {input_spatial = array<i64: 9, 10>, strides = array<i64: 2, 2>}
      : tensor<?x16x4x4xf32>, tensor<16x4x3x3xf32>
  %21 = tfcc.conv2d_backprop_filter %x, %dy_16 {kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>}
      : tensor<?x4x9x10xf32>, tensor<?x16x4x4xf32>
  return %0, %1, %2, %3, %4, %5, %6, %7, %8, %9, %10, %11, %12, %13, %14, %15, %16, %17, %18, %19, %20, %21
      : tensor<?x4x9x10xf32>, tensor<6x4x3x3xf32>, tensor<?x4x9x10xf32>, tensor<6x4x3x3xf32>,
        tensor<?x4x9x10xf32>, tensor<6x4x3x3xf32>, tensor<?x4x9x10xf32>, tensor<6x4x3x3xf32>,
        tensor<?x4x9x10xf32>, tensor<6x4x3x3xf32>, tensor<?x4x9x10xf32>, tensor<3x4x2x2xf32>,
        tensor<?x4x9x10xf32>, tensor<6x2x3x3xf32>, tensor<?x4x9x10xf32>, tensor<8x1x3x3xf32>,
        tensor<?x7x8x4xf32>, tensor<3x3x2x6xf32>, tensor<?x3x7x6xf64>, tensor<5x3x2x2xf64>,
        tensor<?x4x9x10xf32>, tensor<16x4x3x3xf32>
}
