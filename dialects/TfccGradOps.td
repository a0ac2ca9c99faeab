//===- TfccGradOps.td - tfcc automatic differentiation -------*- tablegen -*-===//
//
// tfcc.gradients, expanded into backward ops by the tfcc-autodiff pass.
// Included from TfccOps.td.
//
//===----------------------------------------------------------------------===//

#ifndef TFCC_GRAD_OPS_TD
#define TFCC_GRAD_OPS_TD

def Tfcc_GradientsOp : Tfcc_Op<"gradients",
    [Pure, AttrSizedOperandSegments, InferTypeOpAdaptor]> {
  let summary = "Gradients of a sum of tensors with respect to other tensors";
  let description = [{
    TensorFlow's `tf.gradients(ys, xs, grad_ys)`: result `i` is the gradient
    of `sum_j sum(grad_ys[j] * ys[j])` with respect to `xs[i]`, the sum over
    every path from `xs[i]` to the `ys` (a value reached by several paths
    gets the sum of their contributions). Each result has the type of its
    `x`. `grad_ys` (the seeds) are optional and default to ones; when given
    there is one per `y`, with a shape compatible with that `y`'s and the
    same element type.

    `ys`, `xs` and seeds are float tensors. Integer and boolean values on a
    path carry no gradient, and an `x` that the `ys` do not depend on gets
    zeros (the Python API reports `None` for it, as TensorFlow 1 does).
    The `tfcc-autodiff` pass replaces the op by the backward computation;
    it fails on a path through an op that has no gradient rule.

    ```mlir
    %g:2 = tfcc.gradients (%loss : tensor<f32>)
        wrt (%w, %b : tensor<64x10xf32>, tensor<10xf32>)
    %h = tfcc.gradients (%y : tensor<?x10xf32>) wrt (%x : tensor<?x64xf32>)
        seeds (%dy : tensor<?x10xf32>)
    ```
  }];
  let arguments = (ins Variadic<Tfcc_Tensor>:$ys, Variadic<Tfcc_Tensor>:$xs,
                       Variadic<Tfcc_Tensor>:$grad_ys);
  // Float types are checked by type inference, whose messages say which
  // operand is wrong.
  let results = (outs Variadic<Tfcc_Tensor>:$results);
  let assemblyFormat = [{
    `(` $ys `:` type($ys) `)` `wrt` `(` $xs `:` type($xs) `)`
    (`seeds` `(` $grad_ys^ `:` type($grad_ys) `)`)? attr-dict
  }];
}

def Tfcc_StopGradientOp : Tfcc_Op<"stop_gradient",
    [Pure, SameOperandsAndResultType]> {
  let summary = "Its operand, treated as a constant by differentiation";
  let description = [{
    TensorFlow's `tf.stop_gradient`: the result is the operand, but no
    gradient flows through it, so a `tfcc.gradients` whose ys reach an x only
    through `stop_gradient` gives zeros for that x. The `tfcc-autodiff` pass
    replaces the op by its operand once every `tfcc.gradients` is expanded.

    ```mlir
    %c = tfcc.stop_gradient %x : tensor<?x10xf32>
    ```
  }];
  let arguments = (ins Tfcc_Tensor:$input);
  let results = (outs Tfcc_Tensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input)";
}

#endif // TFCC_GRAD_OPS_TD
