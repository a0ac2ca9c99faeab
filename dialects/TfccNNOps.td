//===- TfccNNOps.td - tfcc neural-network operations ---------*- tablegen -*-===//
//
// Convolution, pooling, normalization and padding. Included from
// TfccOps.td; shape rules and verifiers live in lib/Dialect/TfccNNOps.cpp.
//
//===----------------------------------------------------------------------===//

#ifndef TFCC_NN_OPS_TD
#define TFCC_NN_OPS_TD

//===----------------------------------------------------------------------===//
// Convolution and pooling
//===----------------------------------------------------------------------===//

def Tfcc_Conv2DOp : Tfcc_Op<"conv2d", [Pure, InferTypeOpAdaptor]> {
  let summary = "2-D convolution (cross-correlation), grouped or depthwise";
  let description = [{
    Slides `filter` over the two spatial dimensions of `input` and sums the
    products over the kernel window and the input channels of each group
    (cross-correlation, as in TensorFlow, ONNX and PyTorch; no bias).

    Layouts, selected by `data_format`:
    - `"NCHW"`: `input` is `[N, C, H, W]`, `filter` is `[O, C/G, KH, KW]`
      (ONNX, PyTorch), the result is `[N, O, OH, OW]`.
    - `"NHWC"`: `input` is `[N, H, W, C]`, `filter` is `[KH, KW, C/G, O]`
      (TensorFlow's HWIO), the result is `[N, OH, OW, O]`.

    `groups` (G) splits the input channels into G groups of C/G and the
    output channels into G groups of O/G; output group g only sees input
    group g. G must divide C and O. Depthwise convolution with multiplier M
    is G = C with O = C * M; TensorFlow's depthwise filter `[KH, KW, C, M]`
    is `[KH, KW, 1, C * M]` here (a reshape).

    `strides` = `[sh, sw]` and `dilations` = `[dh, dw]` are positive;
    `padding` = `[top, left, bottom, right]` is non-negative and pads the
    input with zeros. Each output spatial size is

        floor((in + pad_lo + pad_hi - dilation * (k - 1) - 1) / stride) + 1

    and the padded input must be at least as large as the dilated kernel.
    Any size may be dynamic (a filter too); sizes that cannot be checked
    statically must fit at run time. Float element types only; input and
    filter have the same one.

    ```mlir
    %y = tfcc.conv2d %x, %w {strides = array<i64: 2, 2>,
                             padding = array<i64: 1, 1, 1, 1>}
        : tensor<?x3x224x224xf32>, tensor<64x3x7x7xf32>
    ```
  }];
  let arguments = (ins Tfcc_FloatTensor:$input, Tfcc_FloatTensor:$filter,
      DefaultValuedAttr<DenseI64ArrayAttr, "{1, 1}">:$strides,
      DefaultValuedAttr<DenseI64ArrayAttr, "{1, 1}">:$dilations,
      DefaultValuedAttr<DenseI64ArrayAttr, "{0, 0, 0, 0}">:$padding,
      DefaultValuedAttr<I64Attr, "1">:$groups,
      DefaultValuedAttr<StrAttr, "\"NCHW\"">:$data_format);
  let results = (outs Tfcc_FloatTensor:$result);
  let assemblyFormat =
      "$input `,` $filter attr-dict `:` type($input) `,` type($filter)";
}

class Tfcc_PoolOp<string mnemonic, string what, dag extraArgs>
    : Tfcc_Op<mnemonic, [Pure, InferTypeOpAdaptor]> {
  let summary = "2-D " # what # " pooling";
  let arguments = !con((ins Tfcc_FloatTensor:$input,
      DenseI64ArrayAttr:$kernel,
      DefaultValuedAttr<DenseI64ArrayAttr, "{1, 1}">:$strides,
      DefaultValuedAttr<DenseI64ArrayAttr, "{1, 1}">:$dilations,
      DefaultValuedAttr<DenseI64ArrayAttr, "{0, 0, 0, 0}">:$padding,
      DefaultValuedAttr<StrAttr, "\"NCHW\"">:$data_format), extraArgs);
  let results = (outs Tfcc_FloatTensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input)";
}

defvar Tfcc_PoolCommon = [{
    `input` is `[N, C, H, W]` (`data_format = "NCHW"`, the default) or
    `[N, H, W, C]` (`"NHWC"`); the result has the same layout and channel
    count. `kernel` = `[kh, kw]`, `strides` = `[sh, sw]` and
    `dilations` = `[dh, dw]` are positive; `padding` =
    `[top, left, bottom, right]` is non-negative. Each output spatial size
    is

        floor((in + pad_lo + pad_hi - dilation * (k - 1) - 1) / stride) + 1

    and the padded input must be at least as large as the dilated kernel.
    ONNX's `ceil_mode` is expressed as extra bottom/right padding. Dynamic
    batch, channel and spatial sizes are allowed. Float element types only.
}];

def Tfcc_MaxPoolOp : Tfcc_PoolOp<"max_pool", "maximum", (ins)> {
  let description = [{
    Takes the maximum over each (dilated) window of `input`. Padding never
    wins: only in-bounds elements are compared (a window that covers no
    input element, possible only with very large padding or dilation, gives
    `-inf`). A NaN in a window gives NaN.
  }] # Tfcc_PoolCommon # [{

    ```mlir
    %y = tfcc.max_pool %x {kernel = array<i64: 3, 3>,
                           strides = array<i64: 2, 2>,
                           padding = array<i64: 1, 1, 1, 1>}
        : tensor<?x64x112x112xf32>
    ```
  }];
}

def Tfcc_AvgPoolOp
    : Tfcc_PoolOp<"avg_pool", "average", (ins UnitAttr:$count_include_pad)> {
  let description = [{
    Averages each (dilated) window of `input`. Padding counts as zeros in
    the sum; the divisor is the number of in-bounds window elements, or the
    full kernel size `kh * kw` when `count_include_pad` is set (a window
    that covers no input element gives NaN without it).
  }] # Tfcc_PoolCommon # [{

    ```mlir
    %y = tfcc.avg_pool %x {kernel = array<i64: 2, 2>,
                           strides = array<i64: 2, 2>, data_format = "NHWC"}
        : tensor<1x8x8x16xf32>
    ```
  }];
}

//===----------------------------------------------------------------------===//
// Gradients of convolution and pooling
//===----------------------------------------------------------------------===//

defvar Tfcc_WindowGradCommon = [{
    `strides`, `dilations`, `padding` = `[top, left, bottom, right]` and
    `data_format` (and `groups`, `kernel`, `count_include_pad` where
    present) are those of the forward op, with the same defaults and
    limits; `grad` is the gradient of the forward result and must have its
    shape. Dynamic batch sizes are allowed. Float element types only, all
    operands of one element type.
}];

def Tfcc_Conv2DBackpropInputOp
    : Tfcc_Op<"conv2d_backprop_input", [Pure, InferTypeOpAdaptor]> {
  let summary = "Gradient of conv2d with respect to its input";
  let description = [{
    Given `grad`, the gradient of `tfcc.conv2d`'s result, and its `filter`,
    returns the gradient of the convolution's input (TensorFlow's
    Conv2DBackpropInput, PyTorch's `conv2d_input`): every `grad` element
    times every filter tap, added at the input position that tap read.
    Padding positions are dropped.

    The input's spatial size cannot be recovered from `grad` when a stride
    is above 1, so it is the attribute `input_spatial` = `[H, W]`
    (positive); the batch comes from `grad`, the channel count is the
    filter's `C/G` times `groups`. The filter's kernel sizes must be
    static.
  }] # Tfcc_WindowGradCommon # [{

    ```mlir
    %dx = tfcc.conv2d_backprop_input %dy, %w {input_spatial = array<i64: 9, 9>,
                                               strides = array<i64: 2, 2>}
        : tensor<?x8x4x4xf32>, tensor<8x3x3x3xf32>   // -> tensor<?x3x9x9xf32>
    ```
  }];
  let arguments = (ins Tfcc_FloatTensor:$grad, Tfcc_FloatTensor:$filter,
      DenseI64ArrayAttr:$input_spatial,
      DefaultValuedAttr<DenseI64ArrayAttr, "{1, 1}">:$strides,
      DefaultValuedAttr<DenseI64ArrayAttr, "{1, 1}">:$dilations,
      DefaultValuedAttr<DenseI64ArrayAttr, "{0, 0, 0, 0}">:$padding,
      DefaultValuedAttr<I64Attr, "1">:$groups,
      DefaultValuedAttr<StrAttr, "\"NCHW\"">:$data_format);
  let results = (outs Tfcc_FloatTensor:$result);
  let assemblyFormat =
      "$grad `,` $filter attr-dict `:` type($grad) `,` type($filter)";
}

def Tfcc_Conv2DBackpropFilterOp
    : Tfcc_Op<"conv2d_backprop_filter", [Pure, InferTypeOpAdaptor]> {
  let summary = "Gradient of conv2d with respect to its filter";
  let description = [{
    Given the convolution's `input` and `grad`, the gradient of its
    result, returns the gradient of the filter (TensorFlow's
    Conv2DBackpropFilter, PyTorch's `conv2d_weight`): for each tap, the sum
    over batch and output positions of `grad` times the (zero-padded)
    input element the tap read. `kernel` = `[kh, kw]` (positive) gives the
    filter's spatial size; its channel sizes come from `grad` (O) and the
    input (C/G). The result is `[O, C/G, KH, KW]` for NCHW and
    `[KH, KW, C/G, O]` for NHWC.
  }] # Tfcc_WindowGradCommon # [{

    ```mlir
    %dw = tfcc.conv2d_backprop_filter %x, %dy {kernel = array<i64: 3, 3>,
                                               padding = array<i64: 1, 1, 1, 1>}
        : tensor<?x3x9x9xf32>, tensor<?x8x9x9xf32>   // -> tensor<8x3x3x3xf32>
    ```
  }];
  let arguments = (ins Tfcc_FloatTensor:$input, Tfcc_FloatTensor:$grad,
      DenseI64ArrayAttr:$kernel,
      DefaultValuedAttr<DenseI64ArrayAttr, "{1, 1}">:$strides,
      DefaultValuedAttr<DenseI64ArrayAttr, "{1, 1}">:$dilations,
      DefaultValuedAttr<DenseI64ArrayAttr, "{0, 0, 0, 0}">:$padding,
      DefaultValuedAttr<I64Attr, "1">:$groups,
      DefaultValuedAttr<StrAttr, "\"NCHW\"">:$data_format);
  let results = (outs Tfcc_FloatTensor:$result);
  let assemblyFormat =
      "$input `,` $grad attr-dict `:` type($input) `,` type($grad)";
}

def Tfcc_MaxPoolGradOp
    : Tfcc_Op<"max_pool_grad", [Pure, InferTypeOpAdaptor]> {
  let summary = "Gradient of max_pool with respect to its input";
  let description = [{
    Given max_pool's `input` and `grad`, the gradient of its result,
    returns a tensor shaped like `input` where each window's `grad` element
    is added to the window's first maximum in row-major window order, as
    PyTorch and TensorFlow do; padding never wins, and a NaN wins over
    numbers (the first NaN). A window that covers no input element adds
    nothing.
  }] # Tfcc_WindowGradCommon # [{

    ```mlir
    %dx = tfcc.max_pool_grad %x, %dy {kernel = array<i64: 3, 3>,
                                      strides = array<i64: 2, 2>}
        : tensor<?x64x112x112xf32>, tensor<?x64x55x55xf32>
    ```
  }];
  let arguments = (ins Tfcc_FloatTensor:$input, Tfcc_FloatTensor:$grad,
      DenseI64ArrayAttr:$kernel,
      DefaultValuedAttr<DenseI64ArrayAttr, "{1, 1}">:$strides,
      DefaultValuedAttr<DenseI64ArrayAttr, "{1, 1}">:$dilations,
      DefaultValuedAttr<DenseI64ArrayAttr, "{0, 0, 0, 0}">:$padding,
      DefaultValuedAttr<StrAttr, "\"NCHW\"">:$data_format);
  let results = (outs Tfcc_FloatTensor:$result);
  let assemblyFormat =
      "$input `,` $grad attr-dict `:` type($input) `,` type($grad)";
}

def Tfcc_AvgPoolGradOp
    : Tfcc_Op<"avg_pool_grad", [Pure, InferTypeOpAdaptor]> {
  let summary = "Gradient of avg_pool with respect to its input";
  let description = [{
    Given `grad`, the gradient of avg_pool's result, returns the gradient
    of its input: each `grad` element divided by its window's divisor (the
    forward op's: `kh * kw` with `count_include_pad`, else the number of
    in-bounds taps) and added to every in-bounds element of the window.
    The input's spatial size is the attribute `input_spatial` = `[H, W]`
    (positive), since strides lose it; batch and channels come from
    `grad`.
  }] # Tfcc_WindowGradCommon # [{

    ```mlir
    %dx = tfcc.avg_pool_grad %dy {input_spatial = array<i64: 8, 8>,
                                  kernel = array<i64: 2, 2>,
                                  strides = array<i64: 2, 2>}
        : tensor<?x16x4x4xf32>   // -> tensor<?x16x8x8xf32>
    ```
  }];
  let arguments = (ins Tfcc_FloatTensor:$grad,
      DenseI64ArrayAttr:$input_spatial, DenseI64ArrayAttr:$kernel,
      DefaultValuedAttr<DenseI64ArrayAttr, "{1, 1}">:$strides,
      DefaultValuedAttr<DenseI64ArrayAttr, "{1, 1}">:$dilations,
      DefaultValuedAttr<DenseI64ArrayAttr, "{0, 0, 0, 0}">:$padding,
      DefaultValuedAttr<StrAttr, "\"NCHW\"">:$data_format,
      UnitAttr:$count_include_pad);
  let results = (outs Tfcc_FloatTensor:$result);
  let assemblyFormat = "$grad attr-dict `:` type($grad)";
}

//===----------------------------------------------------------------------===//
// Normalization
//===----------------------------------------------------------------------===//

def Tfcc_BatchNormOp : Tfcc_Op<"batch_norm", [Pure, InferTypeOpAdaptor]> {
  let summary = "Batch normalization, inference form";
  let description = [{
    Computes

        (x - mean) / sqrt(variance + epsilon) * scale + offset

    with the per-channel vectors `scale`, `offset`, `mean` and `variance`
    laid along dimension `axis` of `x` (1 for NCHW, -1 or 3 for NHWC;
    negative counts from the end). The four vectors have rank 1, the size of
    that dimension, and the element type of `x` (a float). `tfcc-decompose`
    expands it into elementwise ops.

    ```mlir
    %y = tfcc.batch_norm %x, %scale, %offset, %mean, %var {epsilon = 1.0e-3}
        : tensor<?x64x56x56xf32>, tensor<64xf32>, tensor<64xf32>,
          tensor<64xf32>, tensor<64xf32>
    ```
  }];
  let arguments = (ins Tfcc_FloatTensor:$input, Tfcc_FloatTensor:$scale,
      Tfcc_FloatTensor:$offset, Tfcc_FloatTensor:$mean,
      Tfcc_FloatTensor:$variance,
      DefaultValuedAttr<F64Attr, "1e-5">:$epsilon,
      DefaultValuedAttr<I64Attr, "1">:$axis);
  let results = (outs Tfcc_FloatTensor:$result);
  let assemblyFormat = "$input `,` $scale `,` $offset `,` $mean `,` $variance "
      "attr-dict `:` type($input) `,` type($scale) `,` type($offset) `,` "
      "type($mean) `,` type($variance)";
}

def Tfcc_LayerNormOp : Tfcc_Op<"layer_norm", [Pure, InferTypeOpAdaptor]> {
  let summary = "Layer normalization over the trailing dimensions";
  let description = [{
    Normalizes `x` over dimensions `axis .. rank-1` (negative counts from
    the end):

        (x - mean) / sqrt(var + epsilon) * scale + bias

    where `mean` and `var` (the biased variance) are taken over those
    dimensions. `scale` and `bias` broadcast with numpy rules against
    `x.shape[axis:]` without enlarging it (so their rank is at most
    `rank - axis`), and have the element type of `x` (a float).
    `tfcc-decompose` expands it into reductions and elementwise ops.

    ```mlir
    %y = tfcc.layer_norm %x, %gamma, %beta {axis = -1}
        : tensor<?x128x768xf32>, tensor<768xf32>, tensor<768xf32>
    ```
  }];
  let arguments = (ins Tfcc_FloatTensor:$input, Tfcc_FloatTensor:$scale,
      Tfcc_FloatTensor:$bias,
      DefaultValuedAttr<I64Attr, "-1">:$axis,
      DefaultValuedAttr<F64Attr, "1e-5">:$epsilon);
  let results = (outs Tfcc_FloatTensor:$result);
  let assemblyFormat = "$input `,` $scale `,` $bias attr-dict `:` "
      "type($input) `,` type($scale) `,` type($bias)";
}

//===----------------------------------------------------------------------===//
// Padding
//===----------------------------------------------------------------------===//

def Tfcc_PadOp : Tfcc_Op<"pad", [Pure, InferTypeOpAdaptor]> {
  let summary = "Pads (or crops) every dimension of a tensor";
  let description = [{
    Adds `low[i]` elements before and `high[i]` elements after dimension
    `i` (one entry per dimension). A negative entry removes that many
    elements from that side instead; cropping happens first, and `mode`
    fills the added elements from the cropped tensor:

    - `"constant"` (default): the rank-0 `value`, of the input's element
      type, or zero when `value` is absent.
    - `"reflect"`: a mirror image that does not repeat the edge element
      (`[1, 2, 3]` padded by 2 on both sides is `[3, 2, 1, 2, 3, 2, 1]`);
      each pad must be smaller than the (cropped) dimension.
    - `"edge"`: copies of the edge element; the (cropped) dimension must
      not be empty where it is padded.

    `value` is ignored in the other modes. Every result size
    `in + low + high` must be non-negative; the limits are checked on
    static dimensions and must hold at run time on dynamic ones.

    ```mlir
    %y = tfcc.pad %x, %zero {low = array<i64: 0, 1>, high = array<i64: 0, -1>}
        : tensor<4x5xf32>, tensor<f32>
    %z = tfcc.pad %x {low = array<i64: 2, 2>, high = array<i64: 2, 2>,
                      mode = "reflect"} : tensor<4x5xf32>
    ```
  }];
  let arguments = (ins Tfcc_Tensor:$input, Optional<Tfcc_Tensor>:$value,
      DenseI64ArrayAttr:$low, DenseI64ArrayAttr:$high,
      DefaultValuedAttr<StrAttr, "\"constant\"">:$mode);
  let results = (outs Tfcc_Tensor:$result);
  let assemblyFormat = "$input (`,` $value^)? attr-dict `:` type($input) "
                       "(`,` type($value)^)?";
}

#endif // TFCC_NN_OPS_TD
