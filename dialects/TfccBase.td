//===- TfccBase.td - tfcc dialect definition -----------------*- tablegen -*-===//
//
// The tfcc dialect: TensorFlow-style dataflow graph ops on ranked tensors.
//
//===----------------------------------------------------------------------===//

#ifndef TFCC_BASE_TD
#define TFCC_BASE_TD

include "mlir/IR/OpBase.td"
include "mlir/IR/AttrTypeBase.td"

def Tfcc_Dialect : Dialect {
  let name = "tfcc";
  let cppNamespace = "::mlir::tfcc";
  let summary = "TensorFlow-style dataflow graph operations";
  let description = [{
    The `tfcc` dialect models a TensorFlow-style dataflow graph as pure
    operations on ranked tensors. A compiled model is a `func.func` whose
    arguments are the graph's feeds and whose results are its fetches.

    Tensors are builtin ranked tensors; any dimension may be dynamic (`?`).
    Element types are `f32`, `f64`, `i32`, `i64` and `i1` (booleans).
    Every op infers its result type from its operands and attributes; a
    verifier rejects operands whose shapes or types do not fit and says why.

    Elementwise binary ops follow numpy broadcasting: shapes are aligned at
    the trailing dimension, a dimension of size 1 stretches to the other
    operand's size, and a missing leading dimension counts as 1. A dynamic
    dimension broadcast against a static size `N > 1` is assumed to be `N`;
    a dynamic dimension against another dynamic one is assumed equal.
  }];
  let hasConstantMaterializer = 1;
  let useDefaultAttributePrinterParser = 0;
  let useDefaultTypePrinterParser = 0;
}

class Tfcc_Op<string mnemonic, list<Trait> traits = []>
    : Op<Tfcc_Dialect, mnemonic, traits>;

def Tfcc_Element : AnyTypeOf<[F32, F64, I32, I64, I1],
                             "f32, f64, i32, i64 or i1">;
def Tfcc_Tensor : RankedTensorOf<[F32, F64, I32, I64, I1]>;
def Tfcc_NumericTensor : RankedTensorOf<[F32, F64, I32, I64]>;
def Tfcc_FloatTensor : RankedTensorOf<[F32, F64]>;
def Tfcc_BoolTensor : RankedTensorOf<[I1]>;

#endif // TFCC_BASE_TD
