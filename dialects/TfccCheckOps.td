//===- TfccCheckOps.td - run-time checks ---------------------*- tablegen -*-===//
//
// The assumptions the lowerings make about sizes known only at run time
// (and the bounds of indices that come from data), checked where they are
// made. Included from TfccOps.td.
//
//===----------------------------------------------------------------------===//

#ifndef TFCC_CHECK_OPS_TD
#define TFCC_CHECK_OPS_TD

// A failing check ends the run: checks are ordered against each other and
// never dropped, but they touch no memory the computation reads, so they
// do not pin the surrounding ops either.
def Tfcc_CheckResource : Resource<"::mlir::tfcc::CheckResource">;

def Tfcc_AssertOp : Tfcc_Op<"assert",
    [MemoryEffects<[MemWrite<Tfcc_CheckResource>]>]> {
  let summary = "Ends the run with an error unless a condition holds";
  let description = [{
    When `condition` is false at run time, the run stops and returns
    `TFCC_INVALID_ARGUMENT` with `message`, in which `{0}`..`{3}` are
    replaced by the run-time `values`; the run produces no outputs and
    writes no variables. The lowerings emit one for every assumption about
    a dynamic size (two dimensions that must broadcast, a reshape's element
    count, a matmul's inner dimension) and for indices that come from data,
    with a message that names the op's place in the model:

    ```mlir
    tfcc.assert %same, "model.onnx: node 'add0' (Add): dims {0} and {1} of operands 0 and 1 do not broadcast" (%a, %b : index, index)
    ```

    `convert-tfcc-assert-to-llvm` lowers it to a branch to the runtime's
    `tfcc_rt_check_failed`, which does not return. A condition that folds to
    true removes the op.
  }];
  let arguments = (ins I1:$condition, StrAttr:$message,
                       Variadic<AnySignlessIntegerOrIndex>:$values);
  let assemblyFormat = [{
    $condition `,` $message (`(` $values^ `:` type($values) `)`)? attr-dict
  }];
  let hasVerifier = 1;
  let hasCanonicalizeMethod = 1;
  let extraClassDeclaration = [{
    /// The most values a message can show.
    static constexpr unsigned kMaxValues = 4;
  }];
}

#endif // TFCC_CHECK_OPS_TD
