// tfcc.max_pool_grad and tfcc.avg_pool_grad against PyTorch's autograd, in
// float64 on the same inputs. max_pool: the reference pads x with -inf
// (F.pad, any [t, l, b, r]) and backpropagates dy through F.max_pool2d
// (which sends each window's gradient to its first maximum, as the op
// does); `ties` draws x from {0, 1} so most windows hold several maxima,
// and `ninf` is mostly -inf, so some windows hold nothing but -inf (the
// first element wins, for PyTorch too when there is no padding).
// avg_pool: the reference is the forward definition written in torch (sum
// of the strided taps of the zero-padded input, divided by kh * kw or by the
// same sum over ones) and differentiated by autograd; where F.avg_pool2d
// supports the case (symmetric padding, no dilation) its backward is checked
// to agree. Cases: overlapping windows, stride 2 with padding, asymmetric
// padding, dilation, NHWC, count_include_pad, dynamic batch, dynamic spatial
// sizes (max_pool), f64, and max_pool windows that tile the input (stride =
// kernel, no padding: each input element gets its window's gradient or 0;
// rows and columns past the last window 0), with ties too.
// f32 sums of a few values in [-1, 1]: rtol=1e-5 atol=1e-6 (the default).
// REQUIRES: torch
// RUN: %python %e2e/run_e2e.py --cc %cc %s %t
//
// E2E-INPUT: x f32 [N,3,9,10] uniform(-1, 1)
// E2E-INPUT: ties f32 [N,3,9,10] choice(0, 1)
// E2E-INPUT: t f32 [N,9,10,3] uniform(-1, 1)
// E2E-INPUT: s f64 [2,2,H,W] uniform(-1, 1)
// E2E-INPUT: dy_resnet f32 [N,3,5,5] uniform(-1, 1)
// E2E-INPUT: dy_s1 f32 [N,3,7,8] uniform(-1, 1)
// E2E-INPUT: dy_asym f32 [N,3,9,10] uniform(-1, 1)
// E2E-INPUT: dy_dil f32 [N,3,4,10] uniform(-1, 1)
// E2E-INPUT: dy_ties f32 [N,3,9,10] uniform(-1, 1)
// E2E-INPUT: dy_nhwc f32 [N,5,5,3] uniform(-1, 1)
// E2E-INPUT: dy_dyn f64 [2,2,P,Q] uniform(-1, 1)
// E2E-INPUT: dy_plain f32 [N,3,4,5] uniform(-1, 1)
// E2E-INPUT: dy_nhwc2 f32 [N,9,5,3] uniform(-1, 1)
// E2E-INPUT: dy_f64 f64 [2,2,4,3] uniform(-1, 1)
// E2E-INPUT: dy_f64_incl f64 [2,2,7,6] uniform(-1, 1)
// E2E-INPUT: dy_t3 f32 [N,3,3,3] uniform(-1, 1)
// E2E-INPUT: ninf f32 [N,3,9,10] = np.where(rng.random(shape) < 0.8, -np.inf, rng.uniform(-1, 1, shape))
// E2E-CASE: N=1 H=3 W=4 P=2 Q=2 | N=3 H=8 W=5 P=5 Q=3
// E2E-REF: import torch
// E2E-REF: import torch.nn.functional as F
// E2E-REF: def nchw(f, a, dy, nhwc, *args):
// E2E-REF:     if not nhwc:
// E2E-REF:         return f(a, dy, *args)
// E2E-REF:     return f(a.transpose(0, 3, 1, 2), dy.transpose(0, 3, 1, 2), *args).transpose(0, 2, 3, 1)
// E2E-REF: def max_grad(x, dy, kernel, strides=(1, 1), dilations=(1, 1), padding=(0, 0, 0, 0), nhwc=False):
// E2E-REF:     def f(x, dy):
// E2E-REF:         xt = torch.tensor(x, dtype=torch.float64, requires_grad=True)
// E2E-REF:         t, l, b, r = padding
// E2E-REF:         y = F.max_pool2d(F.pad(xt, (l, r, t, b), value=-math.inf), kernel, stride=strides, dilation=dilations)
// E2E-REF:         assert y.shape == dy.shape, (y.shape, dy.shape)
// E2E-REF:         y.backward(torch.tensor(dy, dtype=torch.float64))
// E2E-REF:         return xt.grad.numpy().astype(x.dtype)
// E2E-REF:     return nchw(f, x, dy, nhwc)
// E2E-REF: def window_sum(xp, kernel, strides, dilations, oh, ow):
// E2E-REF:     (kh, kw), (sh, sw), (dh, dw) = kernel, strides, dilations
// E2E-REF:     return sum(xp[:, :, i * dh:i * dh + sh * (oh - 1) + 1:sh, j * dw:j * dw + sw * (ow - 1) + 1:sw]
// E2E-REF:                for i in range(kh) for j in range(kw))
// E2E-REF: def avg_grad(shape, dy, kernel, strides=(1, 1), dilations=(1, 1), padding=(0, 0, 0, 0), include_pad=False, nhwc=False):
// E2E-REF:     def f(x, dy):
// E2E-REF:         xt = torch.zeros(x.shape, dtype=torch.float64, requires_grad=True)
// E2E-REF:         t, l, b, r = padding
// E2E-REF:         oh, ow = dy.shape[2:]
// E2E-REF:         total = window_sum(F.pad(xt, (l, r, t, b)), kernel, strides, dilations, oh, ow)
// E2E-REF:         if include_pad:
// E2E-REF:             count = kernel[0] * kernel[1]
// E2E-REF:         else:
// E2E-REF:             count = window_sum(F.pad(torch.ones((1, 1) + x.shape[2:], dtype=torch.float64), (l, r, t, b)), kernel, strides, dilations, oh, ow)
// E2E-REF:         (total / count).backward(torch.tensor(dy, dtype=torch.float64))
// E2E-REF:         grad = xt.grad.numpy()
// E2E-REF:         if dilations == (1, 1) and t == b and l == r and 2 * t <= kernel[0] and 2 * l <= kernel[1]:
// E2E-REF:             xt.grad = None
// E2E-REF:             F.avg_pool2d(xt, kernel, strides, (t, l), count_include_pad=include_pad).backward(torch.tensor(dy, dtype=torch.float64))
// E2E-REF:             assert np.allclose(grad, xt.grad.numpy(), rtol=1e-12, atol=1e-12)
// E2E-REF:         return grad.astype(dy.dtype)
// E2E-REF:     return nchw(f, np.zeros(shape), dy, nhwc)
// E2E-REF: mp_resnet = max_grad(x, dy_resnet, (3, 3), strides=(2, 2), padding=(1, 1, 1, 1))
// E2E-REF: mp_s1 = max_grad(x, dy_s1, (3, 3))
// E2E-REF: mp_asym = max_grad(x, dy_asym, (2, 3), padding=(1, 0, 0, 2))
// E2E-REF: mp_dil = max_grad(x, dy_dil, (3, 2), strides=(2, 1), dilations=(2, 3), padding=(2, 1, 1, 2))
// E2E-REF: mp_ties = max_grad(ties, dy_ties, (3, 3), padding=(1, 1, 1, 1))
// E2E-REF: mp_nhwc = max_grad(t, dy_nhwc, (3, 3), strides=(2, 2), padding=(1, 1, 1, 1), nhwc=True)
// E2E-REF: mp_dyn = max_grad(s, dy_dyn, (2, 2), strides=(2, 2), padding=(1, 0, 1, 1))
// E2E-REF: ap_resnet = avg_grad(x.shape, dy_resnet, (3, 3), strides=(2, 2), padding=(1, 1, 1, 1))
// E2E-REF: ap_resnet_incl = avg_grad(x.shape, dy_resnet, (3, 3), strides=(2, 2), padding=(1, 1, 1, 1), include_pad=True)
// E2E-REF: ap_plain = avg_grad(x.shape, dy_plain, (2, 2), strides=(2, 2))
// E2E-REF: ap_asym = avg_grad(x.shape, dy_asym, (2, 3), padding=(1, 0, 0, 2))
// E2E-REF: ap_dil = avg_grad(x.shape, dy_dil, (3, 2), strides=(2, 1), dilations=(2, 3), padding=(2, 1, 1, 2))
// E2E-REF: ap_dil_incl = avg_grad(x.shape, dy_dil, (3, 2), strides=(2, 1), dilations=(2, 3), padding=(2, 1, 1, 2), include_pad=True)
// E2E-REF: ap_nhwc = avg_grad(t.shape, dy_nhwc, (3, 3), strides=(2, 2), padding=(1, 1, 1, 1), nhwc=True)
// E2E-REF: ap_nhwc_incl = avg_grad(t.shape, dy_nhwc2, (2, 3), strides=(1, 2), padding=(0, 1, 1, 1), include_pad=True, nhwc=True)
// E2E-REF: ap_f64 = avg_grad((2, 2, 7, 6), dy_f64, (2, 2), strides=(2, 2), padding=(1, 0, 1, 1))
// E2E-REF: ap_f64_incl = avg_grad((2, 2, 7, 6), dy_f64_incl, (3, 3), padding=(1, 1, 1, 1), include_pad=True)
// E2E-REF: mp_ninf = max_grad(ninf, dy_s1, (3, 3))
// E2E-REF: mp_tiled = max_grad(x, dy_plain, (2, 2), strides=(2, 2))
// E2E-REF: mp_tiled_ties = max_grad(ties, dy_plain, (2, 2), strides=(2, 2))
// E2E-REF: mp_tiled_nhwc = max_grad(t, dy_t3, (3, 3), strides=(3, 3), nhwc=True)
func.func @e2e_pool_grad(
    %x: tensor<?x3x9x10xf32> {tfcc.name = "x"},
    %ties: tensor<?x3x9x10xf32> {tfcc.name = "ties"},
    %t: tensor<?x9x10x3xf32> {tfcc.name = "t"},
    %s: tensor<2x2x?x?xf64> {tfcc.name = "s"},
    %dy_resnet: tensor<?x3x5x5xf32> {tfcc.name = "dy_resnet"},
    %dy_s1: tensor<?x3x7x8xf32> {tfcc.name = "dy_s1"},
    %dy_asym: tensor<?x3x9x10xf32> {tfcc.name = "dy_asym"},
    %dy_dil: tensor<?x3x4x10xf32> {tfcc.name = "dy_dil"},
    %dy_ties: tensor<?x3x9x10xf32> {tfcc.name = "dy_ties"},
    %dy_nhwc: tensor<?x5x5x3xf32> {tfcc.name = "dy_nhwc"},
    %dy_dyn: tensor<2x2x?x?xf64> {tfcc.name = "dy_dyn"},
    %dy_plain: tensor<?x3x4x5xf32> {tfcc.name = "dy_plain"},
    %dy_nhwc2: tensor<?x9x5x3xf32> {tfcc.name = "dy_nhwc2"},
    %dy_f64: tensor<2x2x4x3xf64> {tfcc.name = "dy_f64"},
    %dy_f64_incl: tensor<2x2x7x6xf64> {tfcc.name = "dy_f64_incl"},
    %dy_t3: tensor<?x3x3x3xf32> {tfcc.name = "dy_t3"},
    %ninf: tensor<?x3x9x10xf32> {tfcc.name = "ninf"})
    -> (tensor<?x3x9x10xf32> {tfcc.name = "mp_resnet"},
        tensor<?x3x9x10xf32> {tfcc.name = "mp_s1"},
        tensor<?x3x9x10xf32> {tfcc.name = "mp_asym"},
        tensor<?x3x9x10xf32> {tfcc.name = "mp_dil"},
        tensor<?x3x9x10xf32> {tfcc.name = "mp_ties"},
        tensor<?x9x10x3xf32> {tfcc.name = "mp_nhwc"},
        tensor<2x2x?x?xf64> {tfcc.name = "mp_dyn"},
        tensor<?x3x9x10xf32> {tfcc.name = "ap_resnet"},
        tensor<?x3x9x10xf32> {tfcc.name = "ap_resnet_incl"},
        tensor<?x3x9x10xf32> {tfcc.name = "ap_plain"},
        tensor<?x3x9x10xf32> {tfcc.name = "ap_asym"},
        tensor<?x3x9x10xf32> {tfcc.name = "ap_dil"},
        tensor<?x3x9x10xf32> {tfcc.name = "ap_dil_incl"},
        tensor<?x9x10x3xf32> {tfcc.name = "ap_nhwc"},
        tensor<?x9x10x3xf32> {tfcc.name = "ap_nhwc_incl"},
        tensor<2x2x7x6xf64> {tfcc.name = "ap_f64"},
        tensor<2x2x7x6xf64> {tfcc.name = "ap_f64_incl"},
        tensor<?x3x9x10xf32> {tfcc.name = "mp_ninf"},
        tensor<?x3x9x10xf32> {tfcc.name = "mp_tiled"},
        tensor<?x3x9x10xf32> {tfcc.name = "mp_tiled_ties"},
        tensor<?x9x10x3xf32> {tfcc.name = "mp_tiled_nhwc"}) {
  %0 = tfcc.max_pool_grad %x, %dy_resnet {kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>}
      : tensor<?x3x9x10xf32>, tensor<?x3x5x5xf32>
  %1 = tfcc.max_pool_grad %x, %dy_s1 {kernel = array<i64: 3, 3>} : tensor<?x3x9x10xf32>, tensor<?x3x7x8xf32>
  %2 = tfcc.max_pool_grad %x, %dy_asym {kernel = array<i64: 2, 3>, padding = array<i64: 1, 0, 0, 2>}
      : tensor<?x3x9x10xf32>, tensor<?x3x9x10xf32>
  %3 = tfcc.max_pool_grad %x, %dy_dil {kernel = array<i64: 3, 2>, strides = array<i64: 2, 1>, dilations = array<i64: 2, 3>, padding = array<i64: 2, 1, 1, 2>}
      : tensor<?x3x9x10xf32>, tensor<?x3x4x10xf32>
  %4 = tfcc.max_pool_grad %ties, %dy_ties {kernel = array<i64: 3, 3>, padding = array<i64: 1, 1, 1, 1>}
      : tensor<?x3x9x10xf32>, tensor<?x3x9x10xf32>
  %5 = tfcc.max_pool_grad %t, %dy_nhwc {data_format = "NHWC", kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>}
      : tensor<?x9x10x3xf32>, tensor<?x5x5x3xf32>
  %6 = tfcc.max_pool_grad %s, %dy_dyn {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>, padding = array<i64: 1, 0, 1, 1>}
      : tensor<2x2x?x?xf64>, tensor<2x2x?x?xf64>
  %7 = tfcc.avg_pool_grad %dy_resnet {input_spatial = array<i64: 9, 10>, kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>}
      : tensor<?x3x5x5xf32>
  %8 = tfcc.avg_pool_grad %dy_resnet {input_spatial = array<i64: 9, 10>, kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>, count_include_pad}
      : tensor<?x3x5x5xf32>
  %9 = tfcc.avg_pool_grad %dy_plain {input_spatial = array<i64: 9, 10>, kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>}
      : tensor<?x3x4x5xf32>
  %10 = tfcc.avg_pool_grad %dy_asym {input_spatial = array<i64: 9, 10>, kernel = array<i64: 2, 3>, padding = array<i64: 1, 0, 0, 2>}
      : tensor<?x3x9x10xf32>
  %11 = tfcc.avg_pool_grad %dy_dil {input_spatial = array<i64: 9, 10>, kernel = array<i64: 3, 2>, strides = array<i64: 2, 1>, dilations = array<i64: 2, 3>, padding = array<i64: 2, 1, 1, 2>}
      : tensor<?x3x4x10xf32>
  %12 = tfcc.avg_pool_grad %dy_dil {input_spatial = array<i64: 9, 10>, kernel = array<i64: 3, 2>, strides = array<i64: 2, 1>, dilations = array<i64: 2, 3>, padding = array<i64: 2, 1, 1, 2>, count_include_pad}
      : tensor<?x3x4x10xf32>
  %13 = tfcc.avg_pool_grad %dy_nhwc {data_format = "NHWC", input_spatial = array<i64: 9, 10>, kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>}
      : tensor<?x5x5x3xf32>
  %14 = tfcc.avg_pool_grad %dy_nhwc2 {data_format = "NHWC", input_spatial = array<i64: 9, 10>, kernel = array<i64: 2, 3>, strides = array<i64: 1, 2>, padding = array<i64: 0, 1, 1, 1>, count_include_pad}
      : tensor<?x9x5x3xf32>
  %15 = tfcc.avg_pool_grad %dy_f64 {input_spatial = array<i64: 7, 6>, kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>, padding = array<i64: 1, 0, 1, 1>}
      : tensor<2x2x4x3xf64>
  %16 = tfcc.avg_pool_grad %dy_f64_incl {input_spatial = array<i64: 7, 6>, kernel = array<i64: 3, 3>, padding = array<i64: 1, 1, 1, 1>, count_include_pad}
      : tensor<2x2x7x6xf64>
  %17 = tfcc.max_pool_grad %ninf, %dy_s1 {kernel = array<i64: 3, 3>} : tensor<?x3x9x10xf32>, tensor<?x3x7x8xf32>
  %18 = tfcc.max_pool_grad %x, %dy_plain {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>}
      : tensor<?x3x9x10xf32>, tensor<?x3x4x5xf32>
  %19 = tfcc.max_pool_grad %ties, %dy_plain {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>}
      : tensor<?x3x9x10xf32>, tensor<?x3x4x5xf32>
  %20 = tfcc.max_pool_grad %t, %dy_t3 {data_format = "NHWC", kernel = array<i64: 3, 3>, strides = array<i64: 3, 3>}
      : tensor<?x9x10x3xf32>, tensor<?x3x3x3xf32>
  return %0, %1, %2, %3, %4, %5, %6, %7, %8, %9, %10, %11, %12, %13, %14, %15, %16, %17, %18, %19, %20
      : tensor<?x3x9x10xf32>, tensor<?x3x9x10xf32>, tensor<?x3x9x10xf32>, tensor<?x3x9x10xf32>,
        tensor<?x3x9x10xf32>, tensor<?x9x10x3xf32>, tensor<2x2x?x?xf64>,
        tensor<?x3x9x10xf32>, tensor<?x3x9x10xf32>, tensor<?x3x9x10xf32>, tensor<?x3x9x10xf32>,
        tensor<?x3x9x10xf32>, tensor<?x3x9x10xf32>, tensor<?x9x10x3xf32>, tensor<?x9x10x3xf32>,
        tensor<2x2x7x6xf64>, tensor<2x2x7x6xf64>, tensor<?x3x9x10xf32>,
        tensor<?x3x9x10xf32>, tensor<?x3x9x10xf32>, tensor<?x9x10x3xf32>
}
