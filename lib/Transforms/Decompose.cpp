//===- Decompose.cpp - expand composite tfcc ops --------------------------===//

#include "tfcc/Transforms/Passes.h"

#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::tfcc {
#define GEN_PASS_DEF_TFCCDECOMPOSE
#include "tfcc/Transforms/Passes.h.inc"
} // namespace mlir::tfcc

using namespace mlir;
using namespace mlir::tfcc;
using mlir::tfcc::impl::TfccDecomposeBase;

namespace {

/// x - reduce_max(x, axis), which makes exp(...) <= 1.
template <typename OpT>
Value shiftedByMax(OpT op, PatternRewriter &rewriter, DenseI64ArrayAttr axes) {
  Location loc = op.getLoc();
  Value max = ReduceMaxOp::create(rewriter, loc, op.getInput(), axes,
                                  /*keep_dims=*/true);
  return SubOp::create(rewriter, loc, op.getInput(), max);
}

struct DecomposeSoftmax : OpRewritePattern<SoftmaxOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(SoftmaxOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto axes = rewriter.getDenseI64ArrayAttr({static_cast<int64_t>(op.getAxis())});
    Value e = ExpOp::create(rewriter, loc, shiftedByMax(op, rewriter, axes));
    Value sum = ReduceSumOp::create(rewriter, loc, e, axes, true);
    rewriter.replaceOpWithNewOp<DivOp>(op, e, sum);
    return success();
  }
};

struct DecomposeLogSoftmax : OpRewritePattern<LogSoftmaxOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(LogSoftmaxOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto axes = rewriter.getDenseI64ArrayAttr({static_cast<int64_t>(op.getAxis())});
    Value s = shiftedByMax(op, rewriter, axes);
    Value sum = ReduceSumOp::create(rewriter, loc,
                                    ExpOp::create(rewriter, loc, s), axes,
                                    true);
    rewriter.replaceOpWithNewOp<SubOp>(op, s,
                                       LogOp::create(rewriter, loc, sum));
    return success();
  }
};

struct TfccDecompose : TfccDecomposeBase<TfccDecompose> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<DecomposeSoftmax, DecomposeLogSoftmax>(&getContext());
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
