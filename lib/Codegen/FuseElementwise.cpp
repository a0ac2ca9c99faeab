//===- FuseElementwise.cpp - elementwise chains into one loop nest --------===//

#include "CodegenUtils.h"
#include "tfcc/Codegen/Passes.h"

#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::tfcc {
#define GEN_PASS_DEF_TFCCFUSEELEMENTWISE
#include "tfcc/Codegen/Passes.h.inc"
} // namespace mlir::tfcc

using namespace mlir;

namespace {

/// A generic with only parallel loops and a body free of side effects.
bool isPureElementwise(Operation *op) {
  auto generic = dyn_cast_or_null<linalg::GenericOp>(op);
  if (!generic || generic.getNumParallelLoops() != generic.getNumLoops())
    return false;
  return llvm::all_of(generic.getBody()->without_terminator(),
                      [](Operation &inner) { return isPure(&inner); });
}

size_t bodySize(Operation *op) {
  return cast<linalg::GenericOp>(op).getBody()->getOperations().size();
}

struct TfccFuseElementwise
    : tfcc::impl::TfccFuseElementwiseBase<TfccFuseElementwise> {
  using TfccFuseElementwiseBase::TfccFuseElementwiseBase;

  void runOnOperation() override {
    bool emitRemarks = remarks;
    size_t maxOps = maxBodyOps;
    linalg::ControlFusionFn control = [emitRemarks,
                                       maxOps](OpOperand *operand) {
      Operation *producer = operand->get().getDefiningOp();
      Operation *consumer = operand->getOwner();
      if (!producer || !producer->hasOneUse() ||
          !isPureElementwise(producer) || !isPureElementwise(consumer))
        return false;
      // Each fusion clones the producer's body into a new op: without a
      // bound, a chain of n ops costs O(n^2) clones (20,000 Relus: minutes).
      if (bodySize(producer) + bodySize(consumer) > maxOps)
        return false;
      if (emitRemarks)
        producer->emitRemark("fused into its consumer at ")
            << consumer->getLoc();
      return true;
    };
    RewritePatternSet patterns(&getContext());
    linalg::populateElementwiseOpsFusionPatterns(patterns, control);
    tfcc::populateAllCanonicalizationPatterns(&getContext(), patterns);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
