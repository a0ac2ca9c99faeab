//===- CodegenUtils.cpp - helpers shared by the codegen passes ------------===//

#include "CodegenUtils.h"

#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

using namespace mlir;

std::optional<tfcc::PackedContraction>
tfcc::matchPackedContraction(linalg::LinalgOp op) {
  unsigned loops = op.getNumLoops();
  if (loops < 6 || !op.hasPureTensorSemantics() ||
      !linalg::isaContractionOpInterface(op))
    return std::nullopt;
  FailureOr<linalg::ContractionDimensions> dims =
      linalg::inferContractionDims(op);
  if (failed(dims) || dims->m.size() < 2 || dims->n.size() < 2 ||
      dims->k.size() < 2 || dims->m.back() != loops - 3 ||
      dims->n.back() != loops - 2 || dims->k.back() != loops - 1)
    return std::nullopt;
  SmallVector<int64_t> ranges = op.getStaticLoopRanges();
  if (ShapedType::isDynamic(ranges[loops - 3]) ||
      ShapedType::isDynamic(ranges[loops - 2]) || ranges[loops - 1] != 1)
    return std::nullopt;
  return PackedContraction{dims->m[dims->m.size() - 2],
                           dims->n[dims->n.size() - 2],
                           dims->k[dims->k.size() - 2], ranges[loops - 3],
                           ranges[loops - 2]};
}

void tfcc::populateAllCanonicalizationPatterns(MLIRContext *ctx,
                                               RewritePatternSet &patterns) {
  for (Dialect *dialect : ctx->getLoadedDialects())
    dialect->getCanonicalizationPatterns(patterns);
  for (RegisteredOperationName op : ctx->getRegisteredOperations())
    op.getCanonicalizationPatterns(patterns, ctx);
}

LogicalResult tfcc::applyPatternsWithCanonicalization(
    Operation *root, function_ref<void(RewritePatternSet &)> add) {
  RewritePatternSet patterns(root->getContext());
  add(patterns);
  populateAllCanonicalizationPatterns(root->getContext(), patterns);
  return applyPatternsGreedily(root, std::move(patterns));
}
