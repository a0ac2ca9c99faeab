// tfcc.gradients through a small CNN (reflect pad, conv2d, batch_norm,
// relu, max_pool, grouped strided conv2d, avg_pool, layer_norm) against
// PyTorch's autograd in float64: the gradient of sum(seed * y) with respect
// to the input, both filters and every normalization parameter, with a
// dynamic batch. This runs the nn gradient rules and the backward ops' lowering
// in the full pipeline (tfcc-autodiff, decompose, linalg).
// f32 with a few hundred terms per gradient element: rtol=1e-4 atol=1e-4.
// REQUIRES: torch
// RUN: %python %e2e/run_e2e.py --cc %cc %s %t
//
// E2E-INPUT: x f32 [N,2,10,10] uniform(-1, 1)
// E2E-INPUT: w1 f32 [4,2,3,3] uniform(-0.5, 0.5)
// E2E-INPUT: gamma f32 [4] uniform(0.5, 1.5)
// E2E-INPUT: beta f32 [4] uniform(-0.5, 0.5)
// E2E-INPUT: mean f32 [4] uniform(-0.2, 0.2)
// E2E-INPUT: var f32 [4] uniform(0.5, 1.5)
// E2E-INPUT: w2 f32 [6,2,3,3] uniform(-0.5, 0.5)
// E2E-INPUT: ln_s f32 [2,2] uniform(0.5, 1.5)
// E2E-INPUT: ln_b f32 [2] uniform(-0.5, 0.5)
// E2E-INPUT: seed f32 [N,6,2,2] uniform(-1, 1)
// E2E-CASE: N=1 | N=3
// E2E-TOL: rtol=1e-4 atol=1e-4
// E2E-REF: import torch
// E2E-REF: import torch.nn.functional as F
// E2E-REF: t = {k: torch.tensor(v, dtype=torch.float64, requires_grad=True)
// E2E-REF:      for k, v in dict(x=x, w1=w1, gamma=gamma, beta=beta, mean=mean, var=var, w2=w2, ln_s=ln_s, ln_b=ln_b).items()}
// E2E-REF: h = F.pad(t["x"], (1, 1, 1, 1), mode="reflect")
// E2E-REF: h = F.conv2d(h, t["w1"])
// E2E-REF: c = lambda v: v.reshape(1, -1, 1, 1)
// E2E-REF: h = (h - c(t["mean"])) / torch.sqrt(c(t["var"]) + 1e-3) * c(t["gamma"]) + c(t["beta"])
// E2E-REF: h = F.max_pool2d(F.pad(torch.relu(h), (0, 1, 0, 1), value=-math.inf), 3, stride=2)
// E2E-REF: h = F.conv2d(F.pad(h, (1, 1, 1, 1)), t["w2"], stride=2, groups=2)
// E2E-REF: h = F.avg_pool2d(h, 2, stride=1)
// E2E-REF: h = F.layer_norm(h, (2, 2), eps=1e-5) * t["ln_s"] + t["ln_b"]
// E2E-REF: (h * torch.tensor(seed, dtype=torch.float64)).sum().backward()
// E2E-REF: g = {k: v.grad.numpy().astype(np.float32) for k, v in t.items()}
// E2E-REF: dx, dw1, dgamma, dbeta, dmean, dvar, dw2, dln_s, dln_b = (g[k] for k in ["x", "w1", "gamma", "beta", "mean", "var", "w2", "ln_s", "ln_b"])
func.func @e2e_cnn_gradients(
    %x: tensor<?x2x10x10xf32> {tfcc.name = "x"}, %w1: tensor<4x2x3x3xf32> {tfcc.name = "w1"},
    %gamma: tensor<4xf32> {tfcc.name = "gamma"}, %beta: tensor<4xf32> {tfcc.name = "beta"},
    %mean: tensor<4xf32> {tfcc.name = "mean"}, %var: tensor<4xf32> {tfcc.name = "var"},
    %w2: tensor<6x2x3x3xf32> {tfcc.name = "w2"},
    %ln_s: tensor<2x2xf32> {tfcc.name = "ln_s"}, %ln_b: tensor<2xf32> {tfcc.name = "ln_b"},
    %seed: tensor<?x6x2x2xf32> {tfcc.name = "seed"})
    -> (tensor<?x2x10x10xf32> {tfcc.name = "dx"}, tensor<4x2x3x3xf32> {tfcc.name = "dw1"},
        tensor<4xf32> {tfcc.name = "dgamma"}, tensor<4xf32> {tfcc.name = "dbeta"},
        tensor<4xf32> {tfcc.name = "dmean"}, tensor<4xf32> {tfcc.name = "dvar"},
        tensor<6x2x3x3xf32> {tfcc.name = "dw2"},
        tensor<2x2xf32> {tfcc.name = "dln_s"}, tensor<2xf32> {tfcc.name = "dln_b"}) {
  %0 = tfcc.pad %x {low = array<i64: 0, 0, 1, 1>, high = array<i64: 0, 0, 1, 1>, mode = "reflect"} : tensor<?x2x10x10xf32>
  %1 = tfcc.conv2d %0, %w1 : tensor<?x2x12x12xf32>, tensor<4x2x3x3xf32>
  %2 = tfcc.batch_norm %1, %gamma, %beta, %mean, %var {epsilon = 1.0e-3}
      : tensor<?x4x10x10xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>
  %3 = tfcc.relu %2 : tensor<?x4x10x10xf32>
  %4 = tfcc.max_pool %3 {kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>, padding = array<i64: 0, 0, 1, 1>} : tensor<?x4x10x10xf32>
  %5 = tfcc.conv2d %4, %w2 {strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>, groups = 2}
      : tensor<?x4x5x5xf32>, tensor<6x2x3x3xf32>
  %6 = tfcc.avg_pool %5 {kernel = array<i64: 2, 2>} : tensor<?x6x3x3xf32>
  %7 = tfcc.layer_norm %6, %ln_s, %ln_b {axis = 2} : tensor<?x6x2x2xf32>, tensor<2x2xf32>, tensor<2xf32>
  %8 = tfcc.mul %7, %seed : tensor<?x6x2x2xf32>, tensor<?x6x2x2xf32>
  %l = tfcc.reduce_sum %8 axes = [0, 1, 2, 3] : tensor<?x6x2x2xf32>
  %g:9 = tfcc.gradients (%l : tensor<f32>)
      wrt (%x, %w1, %gamma, %beta, %mean, %var, %w2, %ln_s, %ln_b
           : tensor<?x2x10x10xf32>, tensor<4x2x3x3xf32>, tensor<4xf32>, tensor<4xf32>,
             tensor<4xf32>, tensor<4xf32>, tensor<6x2x3x3xf32>, tensor<2x2xf32>, tensor<2xf32>)
  return %g#0, %g#1, %g#2, %g#3, %g#4, %g#5, %g#6, %g#7, %g#8
      : tensor<?x2x10x10xf32>, tensor<4x2x3x3xf32>, tensor<4xf32>, tensor<4xf32>,
        tensor<4xf32>, tensor<4xf32>, tensor<6x2x3x3xf32>, tensor<2x2xf32>, tensor<2xf32>
}
