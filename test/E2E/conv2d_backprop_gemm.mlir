// The convolution gradients with 32 or more result channels, which lower to
// im2col and a packed GEMM (the input gradient as a correlation of the
// zero-inserted grad with the flipped filter, the filter gradient as one
// GEMM over batch and output positions), against PyTorch's autograd as in
// conv2d_backprop.mlir: plain, stride 2 with padding, a stride that leaves
// input rows unread, asymmetric padding, dilation 2, padding wider than the
// kernel, NHWC with a stride, and 4 input channels with 32 outputs (the
// input gradient stays direct, the filter gradient is a GEMM); a dynamic
// batch of 1 and 3. f32 sums of up to 3*12*13 products of values in
// [-1, 1] are compared with rtol=1e-4 atol=1e-4.
// REQUIRES: torch
// RUN: %python %e2e/run_e2e.py --cc %cc %s %t
//
// E2E-INPUT: x f32 [N,32,9,10] uniform(-1, 1)
// E2E-INPUT: w f32 [32,32,3,3] uniform(-1, 1)
// E2E-INPUT: dy_plain f32 [N,32,7,8] uniform(-1, 1)
// E2E-INPUT: dy_s2 f32 [N,32,5,5] uniform(-1, 1)
// E2E-INPUT: dy_drop f32 [N,32,3,3] uniform(-1, 1)
// E2E-INPUT: dy_asym f32 [N,32,10,6] uniform(-1, 1)
// E2E-INPUT: dy_dil f32 [N,32,9,10] uniform(-1, 1)
// E2E-INPUT: w2 f32 [32,32,2,2] uniform(-1, 1)
// E2E-INPUT: dy_wide f32 [N,32,12,13] uniform(-1, 1)
// E2E-INPUT: t f32 [N,7,8,32] uniform(-1, 1)
// E2E-INPUT: wh f32 [3,3,32,32] uniform(-1, 1)
// E2E-INPUT: dy_nhwc f32 [N,3,7,32] uniform(-1, 1)
// E2E-INPUT: x4 f32 [N,4,9,10] uniform(-1, 1)
// E2E-INPUT: w4 f32 [32,4,3,3] uniform(-1, 1)
// E2E-CASE: N=1 | N=3
// E2E-TOL: rtol=1e-4 atol=1e-4
// E2E-REF: import torch
// E2E-REF: import torch.nn.functional as F
// E2E-REF: def grads(x, w, dy, strides=(1, 1), dilations=(1, 1), padding=(0, 0, 0, 0), nhwc=False):
// E2E-REF:     if nhwc:
// E2E-REF:         dx, dw = grads(x.transpose(0, 3, 1, 2), w.transpose(3, 2, 0, 1), dy.transpose(0, 3, 1, 2),
// E2E-REF:                        strides, dilations, padding)
// E2E-REF:         return dx.transpose(0, 2, 3, 1), dw.transpose(2, 3, 1, 0)
// E2E-REF:     xt = torch.tensor(x, dtype=torch.float64, requires_grad=True)
// E2E-REF:     wt = torch.tensor(w, dtype=torch.float64, requires_grad=True)
// E2E-REF:     t, l, b, r = padding
// E2E-REF:     y = F.conv2d(F.pad(xt, (l, r, t, b)), wt, stride=strides, dilation=dilations)
// E2E-REF:     assert y.shape == dy.shape, (y.shape, dy.shape)
// E2E-REF:     y.backward(torch.tensor(dy, dtype=torch.float64))
// E2E-REF:     return xt.grad.numpy().astype(x.dtype), wt.grad.numpy().astype(w.dtype)
// E2E-REF: dx_plain, dw_plain = grads(x, w, dy_plain)
// E2E-REF: dx_s2, dw_s2 = grads(x, w, dy_s2, strides=(2, 2), padding=(1, 1, 1, 1))
// E2E-REF: dx_drop, dw_drop = grads(x, w, dy_drop, strides=(3, 3))
// E2E-REF: dx_asym, dw_asym = grads(x, w, dy_asym, strides=(1, 2), padding=(2, 0, 1, 3))
// E2E-REF: dx_dil, dw_dil = grads(x, w, dy_dil, dilations=(2, 2), padding=(2, 2, 2, 2))
// E2E-REF: dx_wide, dw_wide = grads(x, w2, dy_wide, padding=(3, 2, 1, 2))
// E2E-REF: dx_nhwc, dw_nhwc = grads(t, wh, dy_nhwc, strides=(2, 1), padding=(1, 0, 0, 1), nhwc=True)
// E2E-REF: dx_mixed, dw_mixed = grads(x4, w4, dy_plain)
func.func @e2e_conv2d_backprop_gemm(
    %x: tensor<?x32x9x10xf32> {tfcc.name = "x"}, %w: tensor<32x32x3x3xf32> {tfcc.name = "w"},
    %dy_plain: tensor<?x32x7x8xf32> {tfcc.name = "dy_plain"},
    %dy_s2: tensor<?x32x5x5xf32> {tfcc.name = "dy_s2"},
    %dy_drop: tensor<?x32x3x3xf32> {tfcc.name = "dy_drop"},
    %dy_asym: tensor<?x32x10x6xf32> {tfcc.name = "dy_asym"},
    %dy_dil: tensor<?x32x9x10xf32> {tfcc.name = "dy_dil"},
    %w2: tensor<32x32x2x2xf32> {tfcc.name = "w2"},
    %dy_wide: tensor<?x32x12x13xf32> {tfcc.name = "dy_wide"},
    %t: tensor<?x7x8x32xf32> {tfcc.name = "t"},
    %wh: tensor<3x3x32x32xf32> {tfcc.name = "wh"},
    %dy_nhwc: tensor<?x3x7x32xf32> {tfcc.name = "dy_nhwc"},
    %x4: tensor<?x4x9x10xf32> {tfcc.name = "x4"},
    %w4: tensor<32x4x3x3xf32> {tfcc.name = "w4"})
    -> (tensor<?x32x9x10xf32> {tfcc.name = "dx_plain"}, tensor<32x32x3x3xf32> {tfcc.name = "dw_plain"},
        tensor<?x32x9x10xf32> {tfcc.name = "dx_s2"}, tensor<32x32x3x3xf32> {tfcc.name = "dw_s2"},
        tensor<?x32x9x10xf32> {tfcc.name = "dx_drop"}, tensor<32x32x3x3xf32> {tfcc.name = "dw_drop"},
        tensor<?x32x9x10xf32> {tfcc.name = "dx_asym"}, tensor<32x32x3x3xf32> {tfcc.name = "dw_asym"},
        tensor<?x32x9x10xf32> {tfcc.name = "dx_dil"}, tensor<32x32x3x3xf32> {tfcc.name = "dw_dil"},
        tensor<?x32x9x10xf32> {tfcc.name = "dx_wide"}, tensor<32x32x2x2xf32> {tfcc.name = "dw_wide"},
        tensor<?x7x8x32xf32> {tfcc.name = "dx_nhwc"}, tensor<3x3x32x32xf32> {tfcc.name = "dw_nhwc"},
        tensor<?x4x9x10xf32> {tfcc.name = "dx_mixed"}, tensor<32x4x3x3xf32> {tfcc.name = "dw_mixed"}) {
  %0 = tfcc.conv2d_backprop_input %dy_plain, %w {input_spatial = array<i64: 9, 10>}
      : tensor<?x32x7x8xf32>, tensor<32x32x3x3xf32>
  %1 = tfcc.conv2d_backprop_filter %x, %dy_plain {kernel = array<i64: 3, 3>}
      : tensor<?x32x9x10xf32>, tensor<?x32x7x8xf32>
  %2 = tfcc.conv2d_backprop_input %dy_s2, %w {input_spatial = array<i64: 9, 10>, strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>}
      : tensor<?x32x5x5xf32>, tensor<32x32x3x3xf32>
  %3 = tfcc.conv2d_backprop_filter %x, %dy_s2 {kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>}
      : tensor<?x32x9x10xf32>, tensor<?x32x5x5xf32>
  %4 = tfcc.conv2d_backprop_input %dy_drop, %w {input_spatial = array<i64: 9, 10>, strides = array<i64: 3, 3>}
      : tensor<?x32x3x3xf32>, tensor<32x32x3x3xf32>
  %5 = tfcc.conv2d_backprop_filter %x, %dy_drop {kernel = array<i64: 3, 3>, strides = array<i64: 3, 3>}
      : tensor<?x32x9x10xf32>, tensor<?x32x3x3xf32>
  %6 = tfcc.conv2d_backprop_input %dy_asym, %w {input_spatial = array<i64: 9, 10>, strides = array<i64: 1, 2>, padding = array<i64: 2, 0, 1, 3>}
      : tensor<?x32x10x6xf32>, tensor<32x32x3x3xf32>
  %7 = tfcc.conv2d_backprop_filter %x, %dy_asym {kernel = array<i64: 3, 3>, strides = array<i64: 1, 2>, padding = array<i64: 2, 0, 1, 3>}
      : tensor<?x32x9x10xf32>, tensor<?x32x10x6xf32>
  %8 = tfcc.conv2d_backprop_input %dy_dil, %w {input_spatial = array<i64: 9, 10>, dilations = array<i64: 2, 2>, padding = array<i64: 2, 2, 2, 2>}
      : tensor<?x32x9x10xf32>, tensor<32x32x3x3xf32>
  %9 = tfcc.conv2d_backprop_filter %x, %dy_dil {kernel = array<i64: 3, 3>, dilations = array<i64: 2, 2>, padding = array<i64: 2, 2, 2, 2>}
      : tensor<?x32x9x10xf32>, tensor<?x32x9x10xf32>
  %10 = tfcc.conv2d_backprop_input %dy_wide, %w2 {input_spatial = array<i64: 9, 10>, padding = array<i64: 3, 2, 1, 2>}
      : tensor<?x32x12x13xf32>, tensor<32x32x2x2xf32>
  %11 = tfcc.conv2d_backprop_filter %x, %dy_wide {kernel = array<i64: 2, 2>, padding = array<i64: 3, 2, 1, 2>}
      : tensor<?x32x9x10xf32>, tensor<?x32x12x13xf32>
  %12 = tfcc.conv2d_backprop_input %dy_nhwc, %wh {data_format = "NHWC", input_spatial = array<i64: 7, 8>, strides = array<i64: 2, 1>, padding = array<i64: 1, 0, 0, 1>}
      : tensor<?x3x7x32xf32>, tensor<3x3x32x32xf32>
  %13 = tfcc.conv2d_backprop_filter %t, %dy_nhwc {data_format = "NHWC", kernel = array<i64: 3, 3>, strides = array<i64: 2, 1>, padding = array<i64: 1, 0, 0, 1>}
      : tensor<?x7x8x32xf32>, tensor<?x3x7x32xf32>
  %14 = tfcc.conv2d_backprop_input %dy_plain, %w4 {input_spatial = array<i64: 9, 10>}
      : tensor<?x32x7x8xf32>, tensor<32x4x3x3xf32>
  %15 = tfcc.conv2d_backprop_filter %x4, %dy_plain {kernel = array<i64: 3, 3>}
      : tensor<?x4x9x10xf32>, tensor<?x32x7x8xf32>
  return %0, %1, %2, %3, %4, %5, %6, %7, %8, %9, %10, %11, %12, %13, %14, %15
      : tensor<?x32x9x10xf32>, tensor<32x32x3x3xf32>, tensor<?x32x9x10xf32>, tensor<32x32x3x3xf32>,
        tensor<?x32x9x10xf32>, tensor<32x32x3x3xf32>, tensor<?x32x9x10xf32>, tensor<32x32x3x3xf32>,
        tensor<?x32x9x10xf32>, tensor<32x32x3x3xf32>, tensor<?x32x9x10xf32>, tensor<32x32x2x2xf32>,
        tensor<?x7x8x32xf32>, tensor<3x3x32x32xf32>, tensor<?x4x9x10xf32>, tensor<32x4x3x3xf32>
}
