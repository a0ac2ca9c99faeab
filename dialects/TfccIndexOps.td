//===- TfccIndexOps.td - tfcc math, logical and index ops ----*- tablegen -*-===//
//
// Included at the end of TfccOps.td: the elementwise math and logical ops,
// reduce_prod, and the index ops (arg reductions, gather, segment sums,
// one_hot, top_k, cumsum) that CNN, RNN, Transformer, MoE and GNN graphs need.
//
//===----------------------------------------------------------------------===//

#ifndef TFCC_INDEX_OPS_TD
#define TFCC_INDEX_OPS_TD

def Tfcc_IndexTensor : RankedTensorOf<[I32, I64]>;
def Tfcc_I64Tensor : RankedTensorOf<[I64]>;

//===----------------------------------------------------------------------===//
// Elementwise unary math
//===----------------------------------------------------------------------===//

class Tfcc_FloatUnaryOp<string mnemonic, string formula, string notes = "">
    : Tfcc_UnaryOp<mnemonic, Tfcc_FloatTensor, formula> {
  let description = "Computes `" # formula # "` for every element of a float "
                    # "tensor; the result has the operand's type. " # notes;
}

def Tfcc_FloorOp : Tfcc_FloatUnaryOp<"floor", "floor(x)",
    "Rounds toward -inf; NaN and infinities are kept.">;
def Tfcc_CeilOp : Tfcc_FloatUnaryOp<"ceil", "ceil(x)",
    "Rounds toward +inf; NaN and infinities are kept.">;
def Tfcc_RoundOp : Tfcc_FloatUnaryOp<"round", "round_half_to_even(x)",
    "Rounds to the nearest integer, halves to the even one (`round(2.5)` is "
    "2, `round(-0.5)` is -0), like numpy, TensorFlow and ONNX Round.">;
def Tfcc_SinOp : Tfcc_FloatUnaryOp<"sin", "sin(x)">;
def Tfcc_CosOp : Tfcc_FloatUnaryOp<"cos", "cos(x)">;
def Tfcc_TanOp : Tfcc_FloatUnaryOp<"tan", "tan(x)">;
def Tfcc_AsinOp : Tfcc_FloatUnaryOp<"asin", "asin(x)",
    "Outside [-1, 1] the result is NaN.">;
def Tfcc_AcosOp : Tfcc_FloatUnaryOp<"acos", "acos(x)",
    "Outside [-1, 1] the result is NaN.">;
def Tfcc_AtanOp : Tfcc_FloatUnaryOp<"atan", "atan(x)">;
def Tfcc_SinhOp : Tfcc_FloatUnaryOp<"sinh", "sinh(x)">;
def Tfcc_CoshOp : Tfcc_FloatUnaryOp<"cosh", "cosh(x)">;
def Tfcc_AsinhOp : Tfcc_FloatUnaryOp<"asinh", "asinh(x)">;
def Tfcc_AcoshOp : Tfcc_FloatUnaryOp<"acosh", "acosh(x)",
    "Below 1 the result is NaN.">;
def Tfcc_AtanhOp : Tfcc_FloatUnaryOp<"atanh", "atanh(x)",
    "At -1 and 1 the result is -inf and +inf; outside [-1, 1] it is NaN.">;
def Tfcc_SoftplusOp : Tfcc_FloatUnaryOp<"softplus", "log(1 + e^x)",
    "Computed stably as `max(x, 0) + log1p(e^-|x|)`, so large inputs give "
    "`x` instead of overflowing and very negative inputs give a tiny "
    "positive value instead of 0 too early.">;
def Tfcc_ReciprocalOp : Tfcc_FloatUnaryOp<"reciprocal", "1 / x",
    "`1 / 0` is +inf and `1 / -0` is -inf.">;

def Tfcc_SignOp : Tfcc_UnaryOp<"sign", Tfcc_NumericTensor, "sign(x)"> {
  let description = [{
    Computes -1, 0 or 1 for negative, zero and positive elements, in the
    operand's type (floats and integers). For floats, `sign(-0.0)` is 0 and
    `sign(NaN)` is NaN, like numpy and TensorFlow.
  }];
}

def Tfcc_LogicalNotOp : Tfcc_UnaryOp<"logical_not", Tfcc_BoolTensor, "!x"> {
  let summary = "Elementwise boolean negation";
}

class Tfcc_FloatClassOp<string mnemonic, string what>
    : Tfcc_Op<mnemonic, [Pure, InferTypeOpAdaptor]> {
  let summary = "Elementwise test for " # what;
  let description = "Produces an `i1` tensor of the operand's shape that is "
                    # "true where the float element is " # what # ".";
  let arguments = (ins Tfcc_FloatTensor:$input);
  let results = (outs Tfcc_BoolTensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input)";
}

def Tfcc_IsNanOp : Tfcc_FloatClassOp<"is_nan", "NaN">;
def Tfcc_IsInfOp : Tfcc_FloatClassOp<"is_inf", "+inf or -inf">;

//===----------------------------------------------------------------------===//
// Elementwise binary: remainders and logic (numpy broadcasting)
//===----------------------------------------------------------------------===//

def Tfcc_FloorModOp : Tfcc_ArithOp<"floor_mod", [{
    Computes the remainder of floored division, `lhs - floor(lhs / rhs) *
    rhs`: the result has the sign of the divisor `rhs`, like Python's `%`,
    `numpy.mod` and TensorFlow's FloorMod. For floats, a zero divisor or an
    infinite dividend gives NaN, and an infinite divisor gives `lhs` when it
    has the divisor's sign (or is 0) and the divisor otherwise (numpy).
    For integers a zero divisor ends the run with an error (TensorFlow's
    "integer division by zero", a run-time check), and
    `INT_MIN floor_mod -1` is 0.
}]>;
def Tfcc_ModOp : Tfcc_ArithOp<"mod", [{
    Computes the remainder of truncated division: the result has the sign
    of the dividend `lhs`, like C's `fmod` and `%` on integers (ONNX Mod
    with `fmod = 1`, `numpy.fmod`). For floats, a zero divisor or an
    infinite dividend gives NaN and an infinite divisor gives `lhs`. For
    integers a zero divisor ends the run with an error (a run-time check),
    and `INT_MIN mod -1` is 0.
}]>;

class Tfcc_LogicalOp<string mnemonic, string formula>
    : Tfcc_BroadcastBinaryOp<mnemonic, Tfcc_BoolTensor,
        "Computes `" # formula # "` elementwise on `i1` tensors."> {
  let summary = "Elementwise boolean " # mnemonic # " with broadcasting";
}

def Tfcc_LogicalAndOp : Tfcc_LogicalOp<"logical_and", "lhs && rhs">;
def Tfcc_LogicalOrOp : Tfcc_LogicalOp<"logical_or", "lhs || rhs">;
def Tfcc_LogicalXorOp : Tfcc_LogicalOp<"logical_xor", "lhs != rhs">;

//===----------------------------------------------------------------------===//
// Reductions and scans
//===----------------------------------------------------------------------===//

def Tfcc_ReduceProdOp : Tfcc_ReduceOp<"reduce_prod", "product">;

class Tfcc_ArgReduceOp<string mnemonic, string what, string nanRule>
    : Tfcc_Op<mnemonic, [Pure, InferTypeOpAdaptor]> {
  let summary = "Index of the " # what # " along one axis";
  let description = [{
    Produces the `i64` position along `axis` (negative counts from the end)
    of the }] # what # [{ element of `input`. Among equal elements the first
    index wins, or the last with `select_last_index`. }] # nanRule # [{
    With `keep_dims` the reduced dimension stays as size 1, otherwise it is
    removed. The reduced dimension must not be empty (a static size 0 is
    rejected; at run time an empty dimension gives index 0).

    ```mlir
    %i = tfcc.}] # mnemonic # [{ %x {axis = 1 : i64, keep_dims} : tensor<?x10xf32>
    ```
  }];
  let arguments = (ins Tfcc_NumericTensor:$input, I64Attr:$axis,
                       UnitAttr:$keep_dims, UnitAttr:$select_last_index);
  let results = (outs Tfcc_I64Tensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input)";
}

def Tfcc_ArgMaxOp : Tfcc_ArgReduceOp<"argmax", "largest",
    "A NaN counts as larger than every number (numpy, PyTorch).">;
def Tfcc_ArgMinOp : Tfcc_ArgReduceOp<"argmin", "smallest",
    "A NaN counts as smaller than every number (numpy, PyTorch).">;

def Tfcc_CumsumOp : Tfcc_Op<"cumsum",
    [Pure, SameOperandsAndResultType]> {
  let summary = "Cumulative sum along one axis";
  let description = [{
    Element `i` along `axis` (negative counts from the end) of the result is
    the sum of the input elements `0..i`. With `exclusive` element `i`
    itself is left out (the first result is 0); with `reverse` the sums run
    from the end of the axis instead (`i..n-1`). Integer sums wrap around.

    ```mlir
    %c = tfcc.cumsum %x {axis = 1 : i64, exclusive} : tensor<?x8xf32>
    ```
  }];
  let arguments = (ins Tfcc_NumericTensor:$input, I64Attr:$axis,
                       UnitAttr:$exclusive, UnitAttr:$reverse);
  let results = (outs Tfcc_NumericTensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input)";
  let hasVerifier = 1;
}

def Tfcc_TopKOp : Tfcc_Op<"top_k", [Pure, InferTypeOpAdaptor]> {
  let summary = "The k largest (or smallest) elements along one axis";
  let description = [{
    Along `axis` (default -1, negative counts from the end), produces the
    `k` largest elements of `input` (the `k` smallest when `largest` is
    false) sorted best first, and their `i64` positions. Ties go to the
    lower index. A NaN ranks above every number (PyTorch): first with
    `largest`, last without. Both results have the input's shape with the
    axis size replaced by `k`.

    `k` must be non-negative and not larger than the axis: a static size
    is checked by the verifier, a dynamic one at run time (the run ends
    with an error, as in TensorFlow and ONNX).

    ```mlir
    %v, %i = tfcc.top_k %x {k = 2 : i64} : tensor<?x8xf32>
    ```
  }];
  let arguments = (ins Tfcc_NumericTensor:$input, I64Attr:$k,
                       DefaultValuedAttr<I64Attr, "-1">:$axis,
                       DefaultValuedAttr<BoolAttr, "true">:$largest);
  let results = (outs Tfcc_NumericTensor:$values, Tfcc_I64Tensor:$indices);
  let assemblyFormat = "$input attr-dict `:` type($input)";
}

//===----------------------------------------------------------------------===//
// Gather, scatter, one-hot
//===----------------------------------------------------------------------===//

def Tfcc_GatherOp : Tfcc_Op<"gather", [Pure, InferTypeOpAdaptor]> {
  let summary = "Picks slices of a tensor by index along one axis";
  let description = [{
    Like TensorFlow's `tf.gather` (with `batch_dims = 0`) and ONNX Gather:
    `result[p..., i..., q...] = params[p..., indices[i...], q...]` where
    the index applies to dimension `axis` of `params` (default 0, negative
    counts from the end). The result shape is `params.shape[:axis] +
    indices.shape + params.shape[axis+1:]`.

    `indices` are `i32` or `i64`. A negative index counts from the end of
    the axis (`-1` is the last slice), as in ONNX; with
    `nonnegative_indices` (TensorFlow's rule) indices must lie in `[0, n)`.
    An index outside the valid range ends the run with an error naming the
    index and the range (a run-time check, see `tfcc.assert`); the read
    itself is clamped, so it is never out of bounds. The gathered dimension
    must not be empty (a static size 0 is rejected).

    ```mlir
    %e = tfcc.gather %table, %ids {axis = 0 : i64}
        : tensor<1000x64xf32>, tensor<?x16xi64>
    ```
  }];
  let arguments = (ins Tfcc_Tensor:$params, Tfcc_IndexTensor:$indices,
                       DefaultValuedAttr<I64Attr, "0">:$axis,
                       UnitAttr:$nonnegative_indices);
  let results = (outs Tfcc_Tensor:$result);
  let assemblyFormat =
      "$params `,` $indices attr-dict `:` type($params) `,` type($indices)";
}

def Tfcc_UnsortedSegmentSumOp : Tfcc_Op<"unsorted_segment_sum",
    [Pure, InferTypeOpAdaptor]> {
  let summary = "Sums slices of a tensor into segments chosen by id";
  let description = [{
    Like TensorFlow's `tf.math.unsorted_segment_sum`: `segment_ids` (`i32`
    or `i64`) has a shape that is a prefix of `data`'s, and
    `result[s, q...] = sum of data[i..., q...] over all i with
    segment_ids[i...] == s`. The result shape is `[num_segments] +
    data.shape[segment_ids.rank:]`; segments that receive nothing are 0.
    As in TensorFlow, negative ids are dropped and an id of `num_segments`
    or more ends the run with an error (a run-time check); `segment_ids`'
    dimensions must equal data's leading ones at run time too. This is the scatter-add of GNN message passing and
    the gradient of `gather`.

    ```mlir
    %s = tfcc.unsorted_segment_sum %msgs, %dst {num_segments = 100 : i64}
        : tensor<?x16xf32>, tensor<?xi32>
    ```
  }];
  let arguments = (ins Tfcc_NumericTensor:$data,
                       Tfcc_IndexTensor:$segment_ids, I64Attr:$num_segments);
  let results = (outs Tfcc_NumericTensor:$result);
  let assemblyFormat = "$data `,` $segment_ids attr-dict `:` type($data) `,` "
                       "type($segment_ids)";
}

def Tfcc_ScatterOp : Tfcc_Op<"scatter",
    [Pure, AllTypesMatch<["base", "result"]>]> {
  let summary = "Adds into, or writes, rows of a tensor chosen by index";
  let description = [{
    TensorFlow's `ScatterAdd`/`ScatterUpdate` as a value: the result is
    `base` with, for every position `i...` of `indices` (`i32` or `i64`),
    row `indices[i...]` of the first dimension changed by
    `updates[i..., q...]`: added to it (`mode = "add"`; repeated indices add
    up) or written over it (`"update"`; of repeated indices, the last in
    row-major order wins). `updates` has the shape `indices.shape +
    base.shape[1:]`. An index outside `[0, n)` for a first dimension of
    size `n` ends the run with an error (a run-time check), as in
    TensorFlow.

    The work is one step per index, not per row of `base`, and
    bufferization updates `base`'s buffer in place when `base` is not used
    afterwards: a sparse gradient applied to a variable's few rows costs
    time proportional to them.

    ```mlir
    %t = tfcc.scatter "add" %table[%ids], %rows
        : tensor<1000000x64xf32>, tensor<?xi64>, tensor<?x64xf32>
    ```
  }];
  let arguments = (ins StrAttr:$mode, Tfcc_NumericTensor:$base,
                       Tfcc_IndexTensor:$indices,
                       Tfcc_NumericTensor:$updates);
  let results = (outs Tfcc_NumericTensor:$result);
  let assemblyFormat = [{
    $mode $base `[` $indices `]` `,` $updates attr-dict `:` type($base) `,`
    type($indices) `,` type($updates)
  }];
  let hasVerifier = 1;
}

def Tfcc_OneHotOp : Tfcc_Op<"one_hot", [Pure, InferTypeOpAdaptor]> {
  let summary = "One-hot encoding of integer indices";
  let description = [{
    Like TensorFlow's `tf.one_hot`: the result has the shape of `indices`
    (`i32` or `i64`) with a new dimension of size `depth` inserted at `axis`
    (default -1, the new last dimension; `axis` ranges over
    `[-rank-1, rank]`). An element is `on_value` where its position along
    that dimension equals the index, and `off_value` elsewhere. An index
    outside `[0, depth)`, negative ones included, gives an all-off row
    (TensorFlow; an ONNX importer adds `depth` to negative indices first),
    unless `require_in_range` is set: then such an index ends the run with
    an error (a run-time check; the ONNX importer builds GatherElements
    from a one-hot mask this way). `on_value` and `off_value` are rank-0
    tensors of the result's element type. `depth` is non-negative.

    ```mlir
    %h = tfcc.one_hot %labels, %on, %off {depth = 10 : i64}
        : tensor<?xi32>, tensor<f32>, tensor<f32>
    ```
  }];
  let arguments = (ins Tfcc_IndexTensor:$indices, Tfcc_Tensor:$on_value,
                       Tfcc_Tensor:$off_value, I64Attr:$depth,
                       DefaultValuedAttr<I64Attr, "-1">:$axis,
                       UnitAttr:$require_in_range);
  let results = (outs Tfcc_Tensor:$result);
  let assemblyFormat = "$indices `,` $on_value `,` $off_value attr-dict `:` "
                       "type($indices) `,` type($on_value) `,` type($off_value)";
}

#endif // TFCC_INDEX_OPS_TD
