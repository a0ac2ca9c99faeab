"""Gradients at kinks and ties, where finite differences do not apply: each
case states the input values, the gradient expected there (seed of ones
unless given) and the convention it follows, TensorFlow's unless said
otherwise. Loaded by gradcheck.py, which documents Kink."""

import numpy as np

from gradcheck import Kink


def _sigmoid(x):
    return 1.0 / (1.0 + np.exp(-np.asarray(x, np.float64)))


# Logits at 0 and elsewhere, and their labels, for the sigmoid cross-entropy.
XENT_X = [0.0, 0.0, 0.0, 1.5, -2.0]
XENT_Z = [0.0, 1.0, 0.3, 0.2, 0.9]

CASES = [
    # TF's ReluGrad passes the gradient where the result is > 0: relu'(0) = 0
    # (for -0 too).
    Kink("tfcc.relu", ["5xf64"], "5xf64",
         "%r = tfcc.relu %a0 : tensor<5xf64>",
         [[-1.0, 0.0, -0.0, 0.5, 2.0]], [[0, 0, 0, 1, 1]],
         "relu'(0) = 0, as TF"),
    # d|x|/dx = sign(x), 0 at 0 (TF's AbsGrad).
    Kink("tfcc.abs", ["4xf64"], "4xf64",
         "%r = tfcc.abs %a0 : tensor<4xf64>",
         [[-1.5, 0.0, -0.0, 2.0]], [[-1, 0, 0, 1]],
         "d|x|/dx = sign(x), 0 at 0, as TF"),
    # TF's MaximumGrad: x gets the gradient where x >= y, so a tie goes to x;
    # y's share is summed over its broadcast rows.
    Kink("tfcc.maximum", ["2x3xf64", "3xf64"], "2x3xf64",
         "%r = tfcc.maximum %a0, %a1 : tensor<2x3xf64>, tensor<3xf64>",
         [[[1.0, 2.0, 3.0], [0.0, 2.0, 5.0]], [1.0, 2.0, 4.0]],
         [[[1, 1, 0], [0, 1, 1]], [1, 0, 1]],
         "ties go to x (x >= y), as TF"),
    # TF's MinimumGrad: x where x <= y.
    Kink("tfcc.minimum", ["2x3xf64", "3xf64"], "2x3xf64",
         "%r = tfcc.minimum %a0, %a1 : tensor<2x3xf64>, tensor<3xf64>",
         [[[1.0, 2.0, 3.0], [0.0, 2.0, 5.0]], [1.0, 2.0, 4.0]],
         [[[1, 1, 1], [1, 1, 0]], [0, 0, 1]],
         "ties go to x (x <= y), as TF"),
    # clip_by_value (Python, .tfg ClipByValue) and ONNX Clip are
    # minimum(maximum(x, lo), hi): at either bound the gradient goes to x,
    # as TF's ClipByValue gradient (zero only where x < lo or x > hi) and
    # PyTorch's clamp do; lo and hi get what x lost.
    Kink("tfcc.minimum", ["5xf64", "1xf64", "1xf64"], "5xf64", """
        %m = tfcc.maximum %a0, %a1 : tensor<5xf64>, tensor<1xf64>
        %r = tfcc.minimum %m, %a2 : tensor<5xf64>, tensor<1xf64>""",
         [[-1.0, 0.0, 0.5, 1.0, 2.0], [0.0], [1.0]],
         [[0, 1, 1, 1, 0], [1], [1]],
         "clip: x gets it at both bounds, as TF's clip_by_value"),
    # reduce_max/min: the gradient is shared by the elements equal to the
    # extreme (TF's _MaxGrad/_MinGrad divide it by their number).
    Kink("tfcc.reduce_max", ["2x3xf64"], "2xf64",
         "%r = tfcc.reduce_max %a0 axes = [1] : tensor<2x3xf64>",
         [[[1.0, 3.0, 3.0], [2.0, 2.0, 2.0]]],
         [[[0, 0.5, 0.5], [1 / 3, 1 / 3, 1 / 3]]],
         "tied maxima share it, as TF"),
    Kink("tfcc.reduce_min", ["2x3xf64"], "3xf64",
         "%r = tfcc.reduce_min %a0 axes = [0] : tensor<2x3xf64>",
         [[[1.0, 3.0, -2.0], [1.0, 2.0, -2.0]]],
         [[[0.5, 0, 0.5], [0.5, 1, 0.5]]],
         "tied minima share it, as TF"),
    # max_pool: each window's gradient goes to its first maximum in
    # row-major window order (TF, PyTorch); padding never wins. Seeds are
    # distinct per window, so each window's winner shows.
    Kink("tfcc.max_pool", ["1x1x4x4xf64"], "1x1x2x2xf64",
         "%r = tfcc.max_pool %a0 {kernel = array<i64: 2, 2>, "
         "strides = array<i64: 2, 2>} : tensor<1x1x4x4xf64>",
         [[[[1, 1, 0, 2], [1, 1, 2, 1], [3, 0, 5, 5], [0, 3, 5, 5]]]],
         [[[[1, 0, 0, 2], [0, 0, 0, 0], [3, 0, 4, 0], [0, 0, 0, 0]]]],
         "the first maximum in row-major window order, as TF",
         seed=[[[[1, 2], [3, 4]]]]),
    Kink("tfcc.max_pool", ["1x1x2x3xf64"], "1x1x1x2xf64",
         "%r = tfcc.max_pool %a0 {kernel = array<i64: 2, 2>} "
         ": tensor<1x1x2x3xf64>",
         [[[[2, 2, 2], [2, 2, 2]]]], [[[[1, 10, 0], [0, 0, 0]]]],
         "overlapping windows of equal values, each to its first",
         seed=[[[[1, 10]]]]),
    Kink("tfcc.max_pool", ["1x1x2x2xf64"], "1x1x3x3xf64",
         "%r = tfcc.max_pool %a0 {kernel = array<i64: 2, 2>, "
         "padding = array<i64: 1, 1, 1, 1>} : tensor<1x1x2x2xf64>",
         [[[[-1, -1], [-1, -1]]]], [[[[4, 2], [2, 1]]]],
         "negative ties beside padding, padding never wins"),
    Kink("tfcc.max_pool", ["1x2x2x1xf64"], "1x1x1x1xf64",
         "%r = tfcc.max_pool %a0 {data_format = \"NHWC\", "
         "kernel = array<i64: 2, 2>} : tensor<1x2x2x1xf64>",
         [[[[7], [7]], [[7], [7]]]], [[[[1], [0]], [[0], [0]]]],
         "NHWC, a window of equal values"),
    # tf.nn.sigmoid_cross_entropy_with_logits as TF (and python/tfcc/nn.py)
    # build it: cond = x >= 0; where(cond, x, 0) - x*z +
    # log1p(exp(where(cond, -x, x))). Its gradient is the analytic
    # sigmoid(x) - z everywhere, 0.5 - z at x == 0 (max(x, 0) and |x| in
    # its place would give 1 - z there); d/dz = -x.
    Kink("tfcc.select", ["5xf64", "5xf64"], "5xf64", """
        %zero = tfcc.constant dense<0.0> : tensor<f64>
        %one = tfcc.constant dense<1.0> : tensor<f64>
        %c = tfcc.greater_equal %a0, %zero : tensor<5xf64>, tensor<f64>
        %relu = tfcc.select %c, %a0, %zero : tensor<5xi1>, tensor<5xf64>, tensor<f64>
        %neg = tfcc.neg %a0 : tensor<5xf64>
        %nabs = tfcc.select %c, %neg, %a0 : tensor<5xi1>, tensor<5xf64>, tensor<5xf64>
        %e = tfcc.exp %nabs : tensor<5xf64>
        %e1 = tfcc.add %e, %one : tensor<5xf64>, tensor<f64>
        %l = tfcc.log %e1 : tensor<5xf64>
        %xz = tfcc.mul %a0, %a1 : tensor<5xf64>, tensor<5xf64>
        %d = tfcc.sub %relu, %xz : tensor<5xf64>, tensor<5xf64>
        %r = tfcc.add %d, %l : tensor<5xf64>, tensor<5xf64>""",
         [XENT_X, XENT_Z],
         [_sigmoid(XENT_X) - np.array(XENT_Z), -np.array(XENT_X)],
         "sigmoid cross-entropy at logits 0: sigmoid(x) - z",
         tol=1e-14),
]
