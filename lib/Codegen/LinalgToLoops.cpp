//===- LinalgToLoops.cpp - linalg ops to loops, parallel ones marked ------===//
//
// Upstream's convert-linalg-to-loops (linalg::linalgOpToLoops), which forgets
// the iterator types; this keeps the one that matters to the thread pool: an
// outermost loop over a parallel dimension is marked tfcc.parallel.
//
//===----------------------------------------------------------------------===//

#include "CodegenUtils.h"
#include "tfcc/Codegen/Passes.h"

#include "mlir/Dialect/Linalg/Transforms/Transforms.h"

namespace mlir::tfcc {
#define GEN_PASS_DEF_TFCCLINALGTOLOOPS
#include "tfcc/Codegen/Passes.h.inc"
} // namespace mlir::tfcc

using namespace mlir;

namespace {

struct TfccLinalgToLoops
    : tfcc::impl::TfccLinalgToLoopsBase<TfccLinalgToLoops> {
  void runOnOperation() override {
    if (tfcc::isOnGpu(getOperation()))
      return;
    SmallVector<linalg::LinalgOp> ops;
    getOperation().walk([&](linalg::LinalgOp op) { ops.push_back(op); });
    IRRewriter rewriter(&getContext());
    for (linalg::LinalgOp op : ops) {
      rewriter.setInsertionPoint(op);
      bool parallel =
          op.getNumLoops() > 0 && tfcc::writesDisjointAlong(op, /*dim=*/0);
      FailureOr<linalg::LinalgLoops> loops =
          linalg::linalgOpToLoops(rewriter, op);
      if (failed(loops)) {
        op->emitOpError("could not be lowered to loops");
        return signalPassFailure();
      }
      if (parallel && !loops->empty())
        loops->front()->setAttr(tfcc::kParallelAttrName,
                                rewriter.getUnitAttr());
      rewriter.eraseOp(op);
    }
  }
};

} // namespace
