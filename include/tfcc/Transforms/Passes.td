//===- Passes.td - tfcc graph-level passes -------------------*- tablegen -*-===//

#ifndef TFCC_TRANSFORMS_PASSES
#define TFCC_TRANSFORMS_PASSES

include "mlir/Pass/PassBase.td"

def TfccDecompose : Pass<"tfcc-decompose", "func::FuncOp"> {
  let summary = "Expands composite tfcc ops into primitive tfcc ops";
  let description = [{
    Rewrites `tfcc.softmax` and `tfcc.log_softmax` into reductions and
    elementwise ops, subtracting the maximum along the axis first so that
    `exp` cannot overflow:

      softmax(x)     = e / reduce_sum(e),  e = exp(x - reduce_max(x))
      log_softmax(x) = s - log(reduce_sum(exp(s))),  s = x - reduce_max(x)

    Inference-form normalizations become reductions and elementwise ops,
    per-channel vectors reshaped to broadcast along their axis:

      batch_norm(x) = (x - mean) * (scale * rsqrt(variance + epsilon))
                      + offset
      layer_norm(x) = d * rsqrt(reduce_mean(d * d) + epsilon) * scale + bias,
                      d = x - reduce_mean(x)  (over axis..rank-1)

    Doing this on the graph, before lowering, means the lowering handles only
    primitive ops and later fusion sees the whole computation.
  }];
  let dependentDialects = ["tfcc::TfccDialect"];
}

def TfccStridedCopyToLinalg
    : Pass<"tfcc-strided-copy-to-linalg", "func::FuncOp"> {
  let summary = "Turns memref.copy between strided buffers into linalg.copy";
  let description = [{
    The LLVM lowering of a `memref.copy` whose source or target is not
    contiguous (a subview written by concat, a slice returned as a result)
    calls `memrefCopy` from MLIR's C runner utilities, a library compiled
    models do not link. As `linalg.copy` such a copy becomes plain loops.
    Copies between contiguous buffers are left alone: they lower to memcpy.
  }];
  let dependentDialects = ["linalg::LinalgDialect"];
}

#endif // TFCC_TRANSFORMS_PASSES
