//===- CodegenUtils.h - helpers shared by the codegen passes ----*- C++ -*-===//

#ifndef TFCC_LIB_CODEGEN_CODEGENUTILS_H
#define TFCC_LIB_CODEGEN_CODEGENUTILS_H

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/IR/PatternMatch.h"

namespace mlir::tfcc {

/// The loops of a packed contraction (the mmt4d-shaped generic that
/// tfcc-pack-contractions makes): its three innermost loops are the register
/// tile m0 x n0 and a unit k0, all static; m1/n1/k1 are their outer loops.
struct PackedContraction {
  unsigned m1, n1, k1;
  int64_t m0Size, n0Size;
};

/// `op` as a packed contraction, or nothing.
std::optional<PackedContraction> matchPackedContraction(linalg::LinalgOp op);

/// Adds the canonicalization patterns of every loaded dialect and registered
/// op, as the canonicalizer does, for passes that clean up as they go.
void populateAllCanonicalizationPatterns(MLIRContext *ctx,
                                         RewritePatternSet &patterns);

/// Applies the patterns `add` puts in a set, with canonicalization, greedily
/// to `root`.
LogicalResult
applyPatternsWithCanonicalization(Operation *root,
                                  function_ref<void(RewritePatternSet &)> add);

} // namespace mlir::tfcc

#endif // TFCC_LIB_CODEGEN_CODEGENUTILS_H
