"""Finite-difference cases of the nn ops' gradient rules (GradientRulesNN.cpp):
conv2d (input and filter), max_pool, avg_pool, batch_norm, layer_norm and pad.
Loaded by gradcheck.py, which documents Case."""

from gradcheck import Case

CASES = [
    # conv2d: stride, asymmetric padding, dilation, groups, NHWC/HWIO and a
    # dynamic batch; both the input's and the filter's gradient are checked.
    Case("tfcc.conv2d", ["2x3x6x7xf64", "4x3x3x3xf64"], "2x4x3x3xf64",
         "%r = tfcc.conv2d %a0, %a1 {strides = array<i64: 2, 2>, "
         "padding = array<i64: 1, 0, 1, 1>} : tensor<2x3x6x7xf64>, "
         "tensor<4x3x3x3xf64>", label="stride 2, asymmetric padding"),
    Case("tfcc.conv2d", ["1x7x6x4xf64", "2x2x2x6xf64"], "1x6x6x6xf64",
         "%r = tfcc.conv2d %a0, %a1 {data_format = \"NHWC\", groups = 2, "
         "dilations = array<i64: 2, 1>, padding = array<i64: 1, 1, 0, 0>} "
         ": tensor<1x7x6x4xf64>, tensor<2x2x2x6xf64>",
         label="NHWC, 2 groups, dilation"),
    Case("tfcc.conv2d", ["?x2x5x5xf64=2x2x5x5", "4x1x3x3xf64"], "?x4x5x5xf64",
         "%r = tfcc.conv2d %a0, %a1 {groups = 2, padding = array<i64: 1, 1, 1, 1>} "
         ": tensor<?x2x5x5xf64>, tensor<4x1x3x3xf64>",
         label="depthwise, dynamic batch"),
    # Pooling: values 0.1 apart, so no window's maximum changes under h.
    Case("tfcc.max_pool", ["2x2x6x6xf64@distinct"], "2x2x3x3xf64",
         "%r = tfcc.max_pool %a0 {kernel = array<i64: 3, 3>, "
         "strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>} "
         ": tensor<2x2x6x6xf64>", label="overlapping, padded"),
    Case("tfcc.max_pool", ["?x7x7x2xf64=2x7x7x2@distinct"], "?x5x5x2xf64",
         "%r = tfcc.max_pool %a0 {data_format = \"NHWC\", "
         "kernel = array<i64: 2, 2>, dilations = array<i64: 2, 2>} "
         ": tensor<?x7x7x2xf64>", label="NHWC, dilation, dynamic batch"),
    Case("tfcc.avg_pool", ["2x2x5x5xf64"], "2x2x3x3xf64",
         "%r = tfcc.avg_pool %a0 {kernel = array<i64: 3, 3>, "
         "strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>} "
         ": tensor<2x2x5x5xf64>", label="padding excluded"),
    Case("tfcc.avg_pool", ["1x5x6x2xf64"], "1x5x3x2xf64",
         "%r = tfcc.avg_pool %a0 {data_format = \"NHWC\", "
         "kernel = array<i64: 2, 3>, strides = array<i64: 1, 2>, "
         "padding = array<i64: 0, 1, 1, 1>, count_include_pad} "
         ": tensor<1x5x6x2xf64>", label="NHWC, count_include_pad"),
    # Normalization: every operand (the variance kept positive).
    Case("tfcc.batch_norm",
         ["2x3x4x4xf64", "3xf64", "3xf64", "3xf64", "3xf64@pos"],
         "2x3x4x4xf64",
         "%r = tfcc.batch_norm %a0, %a1, %a2, %a3, %a4 {epsilon = 1.0e-3} "
         ": tensor<2x3x4x4xf64>, tensor<3xf64>, tensor<3xf64>, "
         "tensor<3xf64>, tensor<3xf64>", label="NCHW"),
    Case("tfcc.batch_norm",
         ["?x3x4xf64=2x3x4", "4xf64", "4xf64", "4xf64", "4xf64@pos"],
         "?x3x4xf64",
         "%r = tfcc.batch_norm %a0, %a1, %a2, %a3, %a4 {axis = -1} "
         ": tensor<?x3x4xf64>, tensor<4xf64>, tensor<4xf64>, "
         "tensor<4xf64>, tensor<4xf64>", label="last axis, dynamic batch"),
    Case("tfcc.layer_norm", ["3x4x5xf64", "4x5xf64", "5xf64"], "3x4x5xf64",
         "%r = tfcc.layer_norm %a0, %a1, %a2 {axis = -2} "
         ": tensor<3x4x5xf64>, tensor<4x5xf64>, tensor<5xf64>",
         label="two normalized dims, broadcast bias"),
    Case("tfcc.layer_norm", ["?x6xf64=3x6", "6xf64", "1xf64"], "?x6xf64",
         "%r = tfcc.layer_norm %a0, %a1, %a2 {epsilon = 1.0e-3} "
         ": tensor<?x6xf64>, tensor<6xf64>, tensor<1xf64>",
         label="dynamic batch"),
    # pad: constant with a fill value (its gradient too) and cropping,
    # reflect and edge (mirrored contributions summed), cropping first.
    # (The fill value enters as a 1-element tensor: the harness binds
    # inputs of rank 1 or more.)
    Case("tfcc.pad", ["3x4xf64", "1xf64"], "6x4xf64", """
        %v = tfcc.reshape %a1 [] : tensor<1xf64>
        %r = tfcc.pad %a0, %v {low = array<i64: 1, -1>, high = array<i64: 2, 1>}
            : tensor<3x4xf64>, tensor<f64>""", label="constant, value, crop"),
    Case("tfcc.pad", ["?x4xf64=3x4"], "?x3xf64",
         "%r = tfcc.pad %a0 {low = array<i64: 0, 1>, high = array<i64: 0, -2>} "
         ": tensor<?x4xf64>", label="constant, dynamic"),
    Case("tfcc.pad", ["4x5xf64"], "9x5xf64",
         "%r = tfcc.pad %a0 {low = array<i64: 2, 1>, high = array<i64: 3, -1>, "
         "mode = \"reflect\"} : tensor<4x5xf64>", label="reflect, crop"),
    Case("tfcc.pad", ["2x3x4xf64"], "3x5x8xf64",
         "%r = tfcc.pad %a0 {low = array<i64: 0, 2, 1>, "
         "high = array<i64: 1, 0, 3>, mode = \"edge\"} : tensor<2x3x4xf64>",
         label="edge"),
]
