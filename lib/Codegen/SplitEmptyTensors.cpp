//===- SplitEmptyTensors.cpp - a tensor.empty for each use ----------------===//
//
// CSE merges the tensor.empty ops of one type into one, and one-shot
// bufferization then writes every op that starts from it into the same
// allocation where their results' lives do not overlap: two independent
// chains of ops (a bidirectional LSTM's directions) end up reading and
// writing one buffer, in the order the function happens to list them.
// With a tensor.empty for each use, every such result gets an allocation
// of its own; tfcc-plan-memory still places those whose lives do not
// overlap at the same offset, and tfcc-concurrent-branches sees which ops
// really depend on each other.
//
//===----------------------------------------------------------------------===//

#include "tfcc/Codegen/Passes.h"

#include "mlir/IR/PatternMatch.h"

namespace mlir::tfcc {
#define GEN_PASS_DEF_TFCCSPLITEMPTYTENSORS
#include "tfcc/Codegen/Passes.h.inc"
} // namespace mlir::tfcc

using namespace mlir;

namespace {

struct TfccSplitEmptyTensors
    : tfcc::impl::TfccSplitEmptyTensorsBase<TfccSplitEmptyTensors> {
  void runOnOperation() override {
    SmallVector<tensor::EmptyOp> empties;
    getOperation().walk([&](tensor::EmptyOp op) { empties.push_back(op); });
    IRRewriter rewriter(&getContext());
    for (tensor::EmptyOp empty : empties) {
      // A buffer of dynamic shape goes to the dynamic arena, whose slots
      // are not shared in place: bufferization's reuse stays.
      if (!empty.getType().hasStaticShape())
        continue;
      SmallVector<OpOperand *> uses;
      for (OpOperand &use : empty->getUses())
        uses.push_back(&use);
      if (uses.size() < 2)
        continue;
      for (OpOperand *use : uses) {
        // Each use gets a clone just before it, or before the op around it
        // in the original's block (outside any loop that uses it):
        // bufferization allocates there, and tfcc-plan-memory counts a
        // buffer live from its allocation.
        rewriter.setInsertionPoint(
            empty->getBlock()->findAncestorOpInBlock(*use->getOwner()));
        Operation *clone = rewriter.clone(*empty);
        rewriter.modifyOpInPlace(use->getOwner(),
                                 [&] { use->set(clone->getResult(0)); });
      }
      rewriter.eraseOp(empty);
    }
  }
};

} // namespace
