//===- LowerPacks.cpp - packs and unpacks to pad/reshape/transpose --------===//

#include "tfcc/Codegen/Passes.h"

#include "mlir/Dialect/Linalg/Transforms/Transforms.h"

namespace mlir::tfcc {
#define GEN_PASS_DEF_TFCCLOWERPACKS
#include "tfcc/Codegen/Passes.h.inc"
} // namespace mlir::tfcc

using namespace mlir;

namespace {

struct TfccLowerPacks : tfcc::impl::TfccLowerPacksBase<TfccLowerPacks> {
  void runOnOperation() override {
    SmallVector<Operation *> ops;
    getOperation().walk([&](Operation *op) {
      if (isa<linalg::PackOp, linalg::UnPackOp>(op))
        ops.push_back(op);
    });
    IRRewriter rewriter(&getContext());
    for (Operation *op : ops) {
      rewriter.setInsertionPoint(op);
      bool lowered =
          isa<linalg::PackOp>(op)
              ? succeeded(linalg::lowerPack(rewriter, cast<linalg::PackOp>(op)))
              : succeeded(linalg::lowerUnPack(rewriter,
                                              cast<linalg::UnPackOp>(op)));
      if (!lowered) {
        op->emitOpError("could not be lowered for bufferization");
        return signalPassFailure();
      }
    }
  }
};

} // namespace
