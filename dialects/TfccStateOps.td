//===- TfccStateOps.td - tfcc variables and assignments ------*- tablegen -*-===//
//
// Variables (module-level symbols) and the ops that read and write them.
// Included from TfccOps.td.
//
//===----------------------------------------------------------------------===//

#ifndef TFCC_STATE_OPS_TD
#define TFCC_STATE_OPS_TD

include "mlir/IR/SymbolInterfaces.td"

// Every variable is a location in this resource; the symbol operand says
// which. Reads and writes of variables are thereby ordered against each
// other (and against nothing else), so canonicalize and CSE neither reorder
// nor merge them, and never drop a write.
def Tfcc_VariableResource : Resource<"::mlir::tfcc::VariableResource">;

def Tfcc_VariableOp : Tfcc_Op<"variable", [Symbol]> {
  let summary = "A module-level variable: persistent, mutable state";
  let description = [{
    Declares the variable `sym_name` of the static-shaped tensor type `type`,
    holding `initial_value` when a model instance is created (or reset).
    The value persists across runs of one instance; separate instances are
    independent. Reads and writes happen through `tfcc.read_variable`,
    `tfcc.assign`, `tfcc.assign_add` and `tfcc.assign_sub`, in block order.

    ```mlir
    tfcc.variable @W : tensor<64x10xf32> = dense<0.0>
    ```

    The initial value is a dense elements attribute of exactly `type` (a
    splat is written as one element). The `tfcc-lift-variables` pass turns
    the uses of variables into function arguments and results.
  }];
  let arguments = (ins SymbolNameAttr:$sym_name,
                       TypeAttrOf<Tfcc_Tensor>:$type,
                       ElementsAttr:$initial_value);
  let hasCustomAssemblyFormat = 1;
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    ::mlir::RankedTensorType getTensorType() {
      return ::llvm::cast<::mlir::RankedTensorType>(getType());
    }
  }];
}

class Tfcc_VariableUserOp<string mnemonic, list<Trait> traits = []>
    : Tfcc_Op<mnemonic, traits # [
        DeclareOpInterfaceMethods<SymbolUserOpInterface>]>;

def Tfcc_ReadVariableOp : Tfcc_VariableUserOp<"read_variable"> {
  let summary = "Reads the current value of a variable";
  let description = [{
    Produces the value of `variable` at this point of the run: the value at
    the start of the run, or what the last preceding assign in block order
    wrote. The result type is the variable's type.

    ```mlir
    %v = tfcc.read_variable @W : tensor<64x10xf32>
    ```
  }];
  let arguments = (ins
      Arg<FlatSymbolRefAttr, "the variable",
          [MemRead<Tfcc_VariableResource>]>:$variable);
  let results = (outs Tfcc_Tensor:$result);
  let assemblyFormat = "$variable attr-dict `:` type($result)";
}

class Tfcc_AssignOpBase<string mnemonic, Type valueType, string semantics,
                        list<OpVariableDecorator> effects>
    : Tfcc_VariableUserOp<mnemonic, [AllTypesMatch<["value", "result"]>]> {
  let description = semantics # [{

    `value` has exactly the variable's type; the result is the variable's
    new value. Later reads in block order see it.
  }];
  let arguments = (ins
      Arg<FlatSymbolRefAttr, "the variable", effects>:$variable,
      valueType:$value);
  let results = (outs Tfcc_Tensor:$result);
  let assemblyFormat = "$variable `,` $value attr-dict `:` type($result)";
}

def Tfcc_AssignOp : Tfcc_AssignOpBase<"assign", Tfcc_Tensor, [{
    Writes `value` into `variable`.

    ```mlir
    %n = tfcc.assign @W, %value : tensor<64x10xf32>
    ```
}], [MemWrite<Tfcc_VariableResource>]> {
  let summary = "Writes a value into a variable";
}

def Tfcc_AssignAddOp : Tfcc_AssignOpBase<"assign_add", Tfcc_NumericTensor, [{
    Adds `value` to `variable` as one step (read, add, write): concurrent
    runs that update the same variable lose no update, because the runtime
    holds its variable lock across the run.

    ```mlir
    %n = tfcc.assign_add @W, %delta : tensor<64x10xf32>
    ```
}], [MemRead<Tfcc_VariableResource>, MemWrite<Tfcc_VariableResource>]> {
  let summary = "Adds to a variable in one read-modify-write step";
}

def Tfcc_AssignSubOp : Tfcc_AssignOpBase<"assign_sub", Tfcc_NumericTensor, [{
    Subtracts `value` from `variable` as one step (read, subtract, write),
    like `tfcc.assign_add`.

    ```mlir
    %n = tfcc.assign_sub @W, %delta : tensor<64x10xf32>
    ```
}], [MemRead<Tfcc_VariableResource>, MemWrite<Tfcc_VariableResource>]> {
  let summary = "Subtracts from a variable in one read-modify-write step";
}

def Tfcc_TransferOp : Tfcc_Op<"transfer", [Pure, SameOperandsAndResultType]> {
  let summary = "Copies a tensor to another device";
  let description = [{
    The result is the operand, copied to `device` (`"cpu:N"` or `"gpu:N"`):
    TensorFlow's Send/Recv pair on an edge between two partitions.
    `tfcc-partition-devices` puts one on every edge it cuts, inside the
    device function: a copy to the device for each argument it uses, a copy
    to the host for each result.

    ```mlir
    %d = tfcc.transfer %x to "gpu:0" : tensor<?x4xf32>
    ```
  }];
  let arguments = (ins Tfcc_Tensor:$input, StrAttr:$device);
  let results = (outs Tfcc_Tensor:$result);
  let assemblyFormat = "$input `to` $device attr-dict `:` type($input)";
}

#endif // TFCC_STATE_OPS_TD
