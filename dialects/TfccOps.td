//===- TfccOps.td - tfcc dialect operations ------------------*- tablegen -*-===//

#ifndef TFCC_OPS_TD
#define TFCC_OPS_TD

include "TfccBase.td"
include "mlir/Interfaces/InferTypeOpInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"
include "mlir/IR/BuiltinAttributeInterfaces.td"

//===----------------------------------------------------------------------===//
// Constant
//===----------------------------------------------------------------------===//

def Tfcc_ConstantOp : Tfcc_Op<"constant",
    [ConstantLike, Pure,
     InferTypeOpAdaptor]> {
  let summary = "A constant tensor";
  let description = [{
    Produces the tensor held by `value`, a dense elements attribute whose
    type is the result type. Constants are the graph's weights.

    ```mlir
    %w = tfcc.constant dense<[[1.0, 2.0], [3.0, 4.0]]> : tensor<2x2xf32>
    ```
  }];
  let arguments = (ins ElementsAttr:$value);
  let results = (outs Tfcc_Tensor:$result);
  let assemblyFormat = "attr-dict $value";
  let hasFolder = 1;
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Elementwise binary ops (numpy broadcasting)
//===----------------------------------------------------------------------===//

class Tfcc_BroadcastBinaryOp<string mnemonic, Type operandType,
                             string semantics, list<Trait> traits = []>
    : Tfcc_Op<mnemonic, traits # [Pure,
        InferTypeOpAdaptor]> {
  let description = semantics # [{

    Operands have the same element type; their shapes are broadcast with
    numpy rules (see the dialect description). A pair of static sizes that
    differ and are not 1 is an error.
  }];
  let arguments = (ins operandType:$lhs, operandType:$rhs);
  let results = (outs Tfcc_Tensor:$result);
  let assemblyFormat =
      "$lhs `,` $rhs attr-dict `:` type($lhs) `,` type($rhs)";
}

class Tfcc_ArithOp<string mnemonic, string semantics>
    : Tfcc_BroadcastBinaryOp<mnemonic, Tfcc_NumericTensor, semantics> {
  let summary = "Elementwise " # mnemonic # " with broadcasting";
}

def Tfcc_AddOp : Tfcc_ArithOp<"add", "Computes `lhs + rhs` elementwise.">;
def Tfcc_SubOp : Tfcc_ArithOp<"sub", "Computes `lhs - rhs` elementwise.">;
def Tfcc_MulOp : Tfcc_ArithOp<"mul", "Computes `lhs * rhs` elementwise.">;
def Tfcc_DivOp : Tfcc_ArithOp<"div", [{
    Computes `lhs / rhs` elementwise. Integer division truncates toward
    zero; dividing an integer by zero ends the run with an error (a
    run-time check, as TensorFlow raises "integer division by zero").
}]>;
def Tfcc_PowOp : Tfcc_ArithOp<"pow", [{
    Computes `lhs` raised to the power `rhs` elementwise. For floats a
    negative base with a non-integer exponent gives NaN; for integers a
    negative exponent gives 0 unless the base is 1 or -1.
}]>;
def Tfcc_MaximumOp : Tfcc_ArithOp<"maximum", [{
    Computes `max(lhs, rhs)` elementwise; a NaN operand gives NaN.
}]>;
def Tfcc_MinimumOp : Tfcc_ArithOp<"minimum", [{
    Computes `min(lhs, rhs)` elementwise; a NaN operand gives NaN.
}]>;

class Tfcc_CompareOp<string mnemonic, string relation>
    : Tfcc_BroadcastBinaryOp<mnemonic, Tfcc_Tensor,
        "Computes `lhs " # relation # " rhs` elementwise and produces an `i1` "
        # "tensor. Integers compare as signed; comparisons with NaN are false "
        # "except `not_equal`, which is true."> {
  let summary = "Elementwise `" # relation # "` comparison with broadcasting";
}

def Tfcc_EqualOp : Tfcc_CompareOp<"equal", "==">;
def Tfcc_NotEqualOp : Tfcc_CompareOp<"not_equal", "!=">;
def Tfcc_LessOp : Tfcc_CompareOp<"less", "<">;
def Tfcc_LessEqualOp : Tfcc_CompareOp<"less_equal", "<=">;
def Tfcc_GreaterOp : Tfcc_CompareOp<"greater", ">">;
def Tfcc_GreaterEqualOp : Tfcc_CompareOp<"greater_equal", ">=">;

def Tfcc_SelectOp : Tfcc_Op<"select",
    [Pure, InferTypeOpAdaptor]> {
  let summary = "Elementwise choice between two tensors";
  let description = [{
    Produces `on_true` where `cond` is true and `on_false` elsewhere. The
    three shapes broadcast together with numpy rules; `on_true` and
    `on_false` have the same element type.

    ```mlir
    %r = tfcc.select %c, %a, %b : tensor<4xi1>, tensor<4xf32>, tensor<f32>
    ```
  }];
  let arguments = (ins Tfcc_BoolTensor:$cond, Tfcc_Tensor:$on_true,
                       Tfcc_Tensor:$on_false);
  let results = (outs Tfcc_Tensor:$result);
  let assemblyFormat = "$cond `,` $on_true `,` $on_false attr-dict `:` "
                       "type($cond) `,` type($on_true) `,` type($on_false)";
}

//===----------------------------------------------------------------------===//
// Elementwise unary ops
//===----------------------------------------------------------------------===//

class Tfcc_UnaryOp<string mnemonic, Type operandType, string formula>
    : Tfcc_Op<mnemonic, [Pure, SameOperandsAndResultType]> {
  let summary = "Elementwise " # mnemonic;
  let description = "Computes `" # formula # "` for every element; the result "
                    # "has the operand's type.";
  let arguments = (ins operandType:$input);
  let results = (outs operandType:$result);
  let assemblyFormat = "$input attr-dict `:` type($input)";
}

def Tfcc_NegOp : Tfcc_UnaryOp<"neg", Tfcc_NumericTensor, "-x">;
def Tfcc_AbsOp : Tfcc_UnaryOp<"abs", Tfcc_NumericTensor, "|x|">;
def Tfcc_ReluOp : Tfcc_UnaryOp<"relu", Tfcc_NumericTensor, "max(x, 0)">;
def Tfcc_ExpOp : Tfcc_UnaryOp<"exp", Tfcc_FloatTensor, "e^x">;
def Tfcc_LogOp : Tfcc_UnaryOp<"log", Tfcc_FloatTensor, "ln(x)">;
def Tfcc_SqrtOp : Tfcc_UnaryOp<"sqrt", Tfcc_FloatTensor, "sqrt(x)">;
def Tfcc_RsqrtOp : Tfcc_UnaryOp<"rsqrt", Tfcc_FloatTensor, "1 / sqrt(x)">;
def Tfcc_TanhOp : Tfcc_UnaryOp<"tanh", Tfcc_FloatTensor, "tanh(x)">;
def Tfcc_SigmoidOp : Tfcc_UnaryOp<"sigmoid", Tfcc_FloatTensor,
                                  "1 / (1 + e^-x)">;
def Tfcc_ErfOp : Tfcc_UnaryOp<"erf", Tfcc_FloatTensor, "erf(x)">;
def Tfcc_GeluOp : Tfcc_UnaryOp<"gelu", Tfcc_FloatTensor,
                               "x * (1 + erf(x / sqrt(2))) / 2"> {
  let description = [{
    The Gaussian error linear unit, in its exact form
    `x * (1 + erf(x / sqrt(2))) / 2`, or with `tanh_approximation` in the
    form `x * (1 + tanh(sqrt(2 / pi) * (x + 0.044715 * x^3))) / 2`
    (TensorFlow's `approximate=True`, ONNX's `approximate = "tanh"`).

    ```mlir
    %y = tfcc.gelu %x {tanh_approximation} : tensor<?x768xf32>
    ```
  }];
  let arguments = (ins Tfcc_FloatTensor:$input, UnitAttr:$tanh_approximation);
}

//===----------------------------------------------------------------------===//
// Contractions
//===----------------------------------------------------------------------===//

def Tfcc_MatMulOp : Tfcc_Op<"matmul",
    [Pure, InferTypeOpAdaptor]> {
  let summary = "Matrix product, 2-D or batched";
  let description = [{
    Multiplies the matrices held in the two innermost dimensions of `a` and
    `b` (after transposing them when `transpose_a` / `transpose_b` is set):
    `[..., M, K] x [..., K, N] -> [..., M, N]`. Leading (batch) dimensions
    broadcast with numpy rules, so a 2-D operand is shared by every batch.
    Both operands have rank 2 or more and the same element type.

    ```mlir
    %c = tfcc.matmul %a, %b {transpose_b = true}
        : tensor<?x784xf32>, tensor<10x784xf32>
    ```
  }];
  let arguments = (ins Tfcc_NumericTensor:$a, Tfcc_NumericTensor:$b,
                       DefaultValuedAttr<BoolAttr, "false">:$transpose_a,
                       DefaultValuedAttr<BoolAttr, "false">:$transpose_b);
  let results = (outs Tfcc_NumericTensor:$result);
  let assemblyFormat = "$a `,` $b attr-dict `:` type($a) `,` type($b)";
}

//===----------------------------------------------------------------------===//
// Reductions and normalizations
//===----------------------------------------------------------------------===//

class Tfcc_ReduceOp<string mnemonic, string what>
    : Tfcc_Op<mnemonic, [Pure,
        InferTypeOpAdaptor]> {
  let summary = "Reduces a tensor to its " # what # " over a list of axes";
  let description = "Computes the " # what # [{ of `input` over `axes`.
    Axes may be negative (counted from the end) and must be distinct; an
    empty list reduces nothing. With `keep_dims` the reduced dimensions stay
    as size 1, otherwise they are removed.

    ```mlir
    %r = tfcc.}] # mnemonic # [{ %x axes = [1] keep_dims : tensor<4x3xf32>
    ```
  }];
  let arguments = (ins Tfcc_NumericTensor:$input, DenseI64ArrayAttr:$axes,
                       UnitAttr:$keep_dims);
  let results = (outs Tfcc_NumericTensor:$result);
  let assemblyFormat = "$input `axes` `=` $axes (`keep_dims` $keep_dims^)? "
                       "attr-dict `:` type($input)";
}

def Tfcc_ReduceSumOp : Tfcc_ReduceOp<"reduce_sum", "sum">;
def Tfcc_ReduceMeanOp : Tfcc_ReduceOp<"reduce_mean", "mean">;
def Tfcc_ReduceMaxOp : Tfcc_ReduceOp<"reduce_max", "maximum">;
def Tfcc_ReduceMinOp : Tfcc_ReduceOp<"reduce_min", "minimum">;

class Tfcc_SoftmaxBase<string mnemonic, string formula>
    : Tfcc_Op<mnemonic, [Pure, SameOperandsAndResultType]> {
  let description = "Computes `" # formula # [{` along `axis`
    (negative counts from the end), subtracting the maximum first so that
    large inputs do not overflow.
  }];
  let arguments = (ins Tfcc_FloatTensor:$input,
                       DefaultValuedAttr<I64Attr, "-1">:$axis);
  let results = (outs Tfcc_FloatTensor:$result);
  let assemblyFormat = "$input `axis` `=` $axis attr-dict `:` type($input)";
  let hasVerifier = 1;
}

def Tfcc_SoftmaxOp : Tfcc_SoftmaxBase<"softmax", "exp(x) / sum(exp(x))"> {
  let summary = "Softmax along one axis";
}
def Tfcc_LogSoftmaxOp
    : Tfcc_SoftmaxBase<"log_softmax", "x - log(sum(exp(x)))"> {
  let summary = "Log-softmax along one axis";
}

//===----------------------------------------------------------------------===//
// Shape manipulation
//===----------------------------------------------------------------------===//

def Tfcc_ReshapeOp : Tfcc_Op<"reshape",
    [Pure, InferTypeOpAdaptor]> {
  let summary = "Gives a tensor a new shape with the same elements";
  let description = [{
    Reinterprets the row-major elements of `input` with the dimensions in
    `shape`. At most one entry of `shape` is -1: its size is whatever makes
    the element counts agree. With static shapes the element counts must be
    equal; with a dynamic input the -1 entry is computed at run time.

    ```mlir
    %r = tfcc.reshape %x [-1, 784] : tensor<?x28x28xf32>
    ```
  }];
  let arguments = (ins Tfcc_Tensor:$input, DenseI64ArrayAttr:$shape);
  let results = (outs Tfcc_Tensor:$result);
  let assemblyFormat = "$input $shape attr-dict `:` type($input)";
}

def Tfcc_DynamicReshapeOp : Tfcc_Op<"dynamic_reshape", [Pure]> {
  let summary = "Reshapes to a shape computed at run time";
  let description = [{
    `tfcc.reshape` to the sizes that `shape` (one `i64` per result
    dimension) holds at run time, for shapes with several sizes that only
    the run knows (StableHLO's `dynamic_reshape`). The sizes must multiply
    to the input's element count, and a static dimension of the result must
    be its size in `shape` (run-time checks).

    ```mlir
    %r = tfcc.dynamic_reshape %x, %shape
        : tensor<?x?x2x64xf32>, tensor<3xi64> -> tensor<?x?x128xf32>
    ```
  }];
  let arguments = (ins Tfcc_Tensor:$input, 1DTensorOf<[I64]>:$shape);
  let results = (outs Tfcc_Tensor:$result);
  let assemblyFormat = [{
    $input `,` $shape attr-dict `:` type($input) `,` type($shape) `->`
    type($result)
  }];
  let hasVerifier = 1;
}

def Tfcc_DynamicSliceOp : Tfcc_Op<"dynamic_slice", [Pure]> {
  let summary = "Extracts a block whose position and size the run computes";
  let description = [{
    `tfcc.slice` with `begin` and `size` (one `i64` per input dimension)
    known only at run time: TensorFlow's `Slice` with tensor operands, ONNX
    `Slice` with run-time starts or ends. A size of -1 takes everything from
    `begin` to the end. Run-time checks: the block lies inside the input,
    and a static dimension of the result is the size it gets.

    ```mlir
    %s = tfcc.dynamic_slice %x, %begin, %size
        : tensor<5x?xf32>, tensor<2xi64>, tensor<2xi64> -> tensor<?x?xf32>
    ```
  }];
  let arguments = (ins Tfcc_Tensor:$input, 1DTensorOf<[I64]>:$begin,
                       1DTensorOf<[I64]>:$size);
  let results = (outs Tfcc_Tensor:$result);
  let assemblyFormat = [{
    $input `,` $begin `,` $size attr-dict `:` type($input) `,` type($begin)
    `,` type($size) `->` type($result)
  }];
  let hasVerifier = 1;
}

def Tfcc_ExpandDimsOp : Tfcc_Op<"expand_dims", [Pure, InferTypeOpAdaptor]> {
  let summary = "Inserts dimensions of size 1";
  let description = [{
    The input with a dimension of size 1 at each of `axes`, positions in
    the result (sorted, distinct, in `[0, rank + n)`): TensorFlow's
    `ExpandDims`, ONNX `Unsqueeze`. Unlike `tfcc.reshape`, any number of
    dims may be dynamic.

    ```mlir
    %r = tfcc.expand_dims %x axes = [1] : tensor<?x?x64xf32>
    ```
  }];
  let arguments = (ins Tfcc_Tensor:$input, DenseI64ArrayAttr:$axes);
  let results = (outs Tfcc_Tensor:$result);
  let assemblyFormat = "$input `axes` `=` $axes attr-dict `:` type($input)";
}

def Tfcc_SqueezeOp : Tfcc_Op<"squeeze", [Pure, InferTypeOpAdaptor]> {
  let summary = "Removes dimensions of size 1";
  let description = [{
    The input without its dims `axes` (sorted, distinct, in `[0, rank)`),
    each of size 1: TensorFlow's `Squeeze`, ONNX `Squeeze`. A dynamic dim
    among them must be 1 at run time (a run-time check). Any number of the
    other dims may be dynamic.

    ```mlir
    %r = tfcc.squeeze %x axes = [1] : tensor<?x1x?x64xf32>
    ```
  }];
  let arguments = (ins Tfcc_Tensor:$input, DenseI64ArrayAttr:$axes);
  let results = (outs Tfcc_Tensor:$result);
  let assemblyFormat = "$input `axes` `=` $axes attr-dict `:` type($input)";
}

def Tfcc_TransposeOp : Tfcc_Op<"transpose",
    [Pure, InferTypeOpAdaptor]> {
  let summary = "Permutes the dimensions of a tensor";
  let description = [{
    Result dimension `i` is input dimension `perm[i]`; `perm` is a
    permutation of `0 .. rank-1`.

    ```mlir
    %t = tfcc.transpose %x perm = [1, 0] : tensor<4x3xf32>
    ```
  }];
  let arguments = (ins Tfcc_Tensor:$input, DenseI64ArrayAttr:$perm);
  let results = (outs Tfcc_Tensor:$result);
  let assemblyFormat = "$input `perm` `=` $perm attr-dict `:` type($input)";
}

def Tfcc_BroadcastToOp : Tfcc_Op<"broadcast_to",
    [Pure, InferTypeOpAdaptor]> {
  let summary = "Broadcasts a tensor to a static shape";
  let description = [{
    Stretches `input` to `shape` with numpy rules: the input's dimensions
    align with the trailing entries of `shape`, and each is either equal to
    the target size or 1.

    ```mlir
    %b = tfcc.broadcast_to %x [4, 3] : tensor<3xf32>
    ```
  }];
  let arguments = (ins Tfcc_Tensor:$input, DenseI64ArrayAttr:$shape);
  let results = (outs Tfcc_Tensor:$result);
  let assemblyFormat = "$input $shape attr-dict `:` type($input)";
}

def Tfcc_ConcatOp : Tfcc_Op<"concat",
    [Pure, InferTypeOpAdaptor]> {
  let summary = "Joins tensors along one axis";
  let description = [{
    Concatenates `inputs` (one or more, same rank and element type) along
    `axis` (negative counts from the end). All other dimensions agree.

    ```mlir
    %c = tfcc.concat %a, %b axis = 0 : tensor<2x3xf32>, tensor<?x3xf32>
    ```
  }];
  let arguments = (ins Variadic<Tfcc_Tensor>:$inputs, I64Attr:$axis);
  let results = (outs Tfcc_Tensor:$result);
  let assemblyFormat = "$inputs `axis` `=` $axis attr-dict `:` type($inputs)";
}

def Tfcc_SliceOp : Tfcc_Op<"slice",
    [Pure, InferTypeOpAdaptor]> {
  let summary = "Extracts a contiguous block of a tensor";
  let description = [{
    Like TensorFlow's `tf.slice`: takes `size[i]` elements starting at
    `begin[i]` in every dimension; a size of -1 takes everything from
    `begin[i]` to the end. Static bounds are checked; on a dynamic dimension
    the block must fit at run time.

    ```mlir
    %s = tfcc.slice %x begin = [1, 0] size = [2, -1] : tensor<4x3xf32>
    ```
  }];
  let arguments = (ins Tfcc_Tensor:$input, DenseI64ArrayAttr:$begin,
                       DenseI64ArrayAttr:$size);
  let results = (outs Tfcc_Tensor:$result);
  let assemblyFormat = "$input `begin` `=` $begin `size` `=` $size attr-dict "
                       "`:` type($input)";
}

def Tfcc_CastOp : Tfcc_Op<"cast",
    [Pure, InferTypeOpAdaptor]> {
  let summary = "Converts the element type of a tensor";
  let description = [{
    Converts every element to `to`. Float to integer truncates toward zero;
    integers widen with sign extension and narrow by truncation; `i1`
    converts to 0 or 1 and any non-zero value converts to true.

    ```mlir
    %i = tfcc.cast %x to i32 : tensor<4xf32>
    ```
  }];
  let arguments = (ins Tfcc_Tensor:$input, TypeAttrOf<Tfcc_Element>:$to);
  let results = (outs Tfcc_Tensor:$result);
  let assemblyFormat = "$input `to` $to attr-dict `:` type($input)";
}

include "TfccIndexOps.td"
include "TfccNNOps.td"
include "TfccStateOps.td"
include "TfccGradOps.td"
include "TfccCheckOps.td"
include "TfccControlFlowOps.td"
include "TfccRandomOps.td"

#endif // TFCC_OPS_TD
