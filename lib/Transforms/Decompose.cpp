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

/// A rank-0 constant of the float element type of `like`.
Value scalarLike(PatternRewriter &rewriter, Location loc, Value like,
                 double v) {
  Type elem = cast<RankedTensorType>(like.getType()).getElementType();
  auto type = RankedTensorType::get({}, elem);
  return ConstantOp::create(
      rewriter, loc,
      DenseElementsAttr::get(type, rewriter.getFloatAttr(elem, v)));
}

/// (x - mean) * (scale * rsqrt(variance + epsilon)) + offset, the vectors
/// reshaped to [C, 1, ...] so that they broadcast along `axis`. The
/// per-channel factor is computed on the vectors; subtracting the mean
/// before scaling keeps inputs close to the mean accurate.
struct DecomposeBatchNorm : OpRewritePattern<BatchNormOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(BatchNormOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    int64_t rank = op.getInput().getType().getRank();
    int64_t axis = *normalizeAxis(op.getAxis(), rank);
    SmallVector<int64_t> shape(rank - axis, 1);
    shape[0] = -1;
    auto alongAxis = [&](Value v) -> Value {
      if (shape.size() == 1)
        return v;
      return ReshapeOp::create(rewriter, loc, v,
                               rewriter.getDenseI64ArrayAttr(shape));
    };
    Value eps = scalarLike(rewriter, loc, op.getInput(),
                           op.getEpsilon().convertToDouble());
    Value inv = MulOp::create(
        rewriter, loc, op.getScale(),
        RsqrtOp::create(rewriter, loc,
                        AddOp::create(rewriter, loc, op.getVariance(), eps)));
    Value centered =
        SubOp::create(rewriter, loc, op.getInput(), alongAxis(op.getMean()));
    Value scaled = MulOp::create(rewriter, loc, centered, alongAxis(inv));
    rewriter.replaceOpWithNewOp<AddOp>(op, scaled, alongAxis(op.getOffset()));
    return success();
  }
};

/// d = x - mean(x), y = d * rsqrt(mean(d * d) + epsilon) * scale + bias,
/// the means over axis..rank-1 with keep_dims.
struct DecomposeLayerNorm : OpRewritePattern<LayerNormOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(LayerNormOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value x = op.getInput();
    int64_t rank = op.getInput().getType().getRank();
    int64_t axis = *normalizeAxis(op.getAxis(), rank);
    SmallVector<int64_t> axesList;
    for (int64_t i = axis; i < rank; ++i)
      axesList.push_back(i);
    auto axes = rewriter.getDenseI64ArrayAttr(axesList);
    Value mean = ReduceMeanOp::create(rewriter, loc, x, axes, true);
    Value d = SubOp::create(rewriter, loc, x, mean);
    Value var = ReduceMeanOp::create(rewriter, loc,
                                     MulOp::create(rewriter, loc, d, d), axes,
                                     true);
    Value eps =
        scalarLike(rewriter, loc, x, op.getEpsilon().convertToDouble());
    Value inv = RsqrtOp::create(rewriter, loc,
                                AddOp::create(rewriter, loc, var, eps));
    Value normalized = MulOp::create(rewriter, loc, d, inv);
    Value scaled = MulOp::create(rewriter, loc, normalized, op.getScale());
    rewriter.replaceOpWithNewOp<AddOp>(op, scaled, op.getBias());
    return success();
  }
};

struct TfccDecompose : TfccDecomposeBase<TfccDecompose> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<DecomposeSoftmax, DecomposeLogSoftmax, DecomposeBatchNorm,
                 DecomposeLayerNorm>(&getContext());
    if (failed(tfcc::applyPatternsKeepingDevices(getOperation(),
                                                 std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
