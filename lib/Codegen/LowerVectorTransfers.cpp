//===- LowerVectorTransfers.cpp - transfers to loads and stores -----------===//

#include "CodegenUtils.h"
#include "tfcc/Codegen/Passes.h"

#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/Vector/Transforms/LoweringPatterns.h"
#include "mlir/Dialect/Vector/Transforms/VectorRewritePatterns.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::tfcc {
#define GEN_PASS_DEF_TFCCLOWERVECTORTRANSFERS
#include "tfcc/Codegen/Passes.h.inc"
} // namespace mlir::tfcc

using namespace mlir;

namespace {

struct TfccLowerVectorTransfers
    : tfcc::impl::TfccLowerVectorTransfersBase<TfccLowerVectorTransfers> {
  void runOnOperation() override {
    if (tfcc::isOnGpu(getOperation()))
      return;
    RewritePatternSet patterns(&getContext());
    vector::populateCastAwayVectorLeadingOneDimPatterns(patterns);
    vector::populateDropInnerMostUnitDimsXferOpPatterns(patterns);
    vector::populateVectorTransferLoweringPatterns(patterns,
                                                   /*maxTransferRank=*/1);
    tfcc::populateAllCanonicalizationPatterns(&getContext(), patterns);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
