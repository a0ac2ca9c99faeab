//===- MatMulToLinalg.cpp - tfcc.matmul to linalg -------------------------===//

#include "LoweringUtils.h"
#include "tfcc/Conversion/Passes.h"
#include "tfcc/Dialect/Tfcc.h"

#include "mlir/Transforms/DialectConversion.h"

namespace mlir::tfcc {
#define GEN_PASS_DEF_CONVERTTFCCMATMULTOLINALG
#include "tfcc/Conversion/Passes.h.inc"
} // namespace mlir::tfcc

using namespace mlir;
using namespace mlir::tfcc;

namespace {

struct MatMulPattern : OpConversionPattern<MatMulOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(MatMulOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *ctx = rewriter.getContext();
    Value a = adaptor.getA(), b = adaptor.getB();
    auto aType = cast<RankedTensorType>(a.getType());
    auto bType = cast<RankedTensorType>(b.getType());
    auto resultType = cast<RankedTensorType>(op.getType());
    Type elem = resultType.getElementType();
    bool ta = op.getTransposeA(), tb = op.getTransposeB();

    // [batch..., M, K] x [K, N] is one [batch * M, K] x [K, N] product: a
    // GEMM whose rows fill the register tiles, where batches of a few rows
    // (M = 1 for a sequence-first linear layer) would be mostly padding.
    // At most one of the collapsed dims may be dynamic: upstream's
    // expand-strided-metadata cannot split a group with two.
    SmallVector<OpFoldResult> expandedShape;
    if (!ta && aType.getRank() > 2 && bType.getRank() == 2 &&
        llvm::count_if(aType.getShape().drop_back(), ShapedType::isDynamic) <=
            1) {
      for (int64_t i = 0; i + 1 < aType.getRank(); ++i)
        expandedShape.push_back(tensor::getMixedSize(rewriter, loc, a, i));
      expandedShape.push_back(
          tensor::getMixedSize(rewriter, loc, b, tb ? 0 : 1));
      SmallVector<ReassociationIndices> reassoc(2);
      for (int64_t i = 0; i + 1 < aType.getRank(); ++i)
        reassoc[0].push_back(i);
      reassoc[1].push_back(aType.getRank() - 1);
      a = tensor::CollapseShapeOp::create(rewriter, loc, a, reassoc);
      aType = cast<RankedTensorType>(a.getType());
      resultType = RankedTensorType::get(
          {aType.getDimSize(0), resultType.getDimSize(resultType.getRank() - 1)},
          resultType.getElementType());
    }
    int64_t rank = resultType.getRank(), batch = rank - 2;

    // Dynamic sizes: batch dims broadcast like elementwise ops, M from a,
    // N from b. The loops take each size from one operand; where the
    // other's is dynamic too, the two must agree at run time (a run-time 1
    // is not stretched), as must the inner dimensions.
    SmallVector<Value> dynSizes;
    for (int64_t i = 0; i < batch; ++i) {
      Value size;
      int64_t from = -1;
      if (!resultType.isDynamicDim(i))
        size = arith::ConstantIndexOp::create(rewriter, loc,
                                              resultType.getDimSize(i));
      for (auto [k, v, t] :
           {std::tuple{0, a, aType}, std::tuple{1, b, bType}}) {
        int64_t j = i - (batch - (t.getRank() - 2));
        if (j < 0 || !t.isDynamicDim(j))
          continue;
        Value dim = tensor::DimOp::create(rewriter, loc, v, j);
        if (!size) {
          size = dim;
          from = k;
          dynSizes.push_back(dim);
          continue;
        }
        emitEqualCheck(rewriter, loc, op, dim, size,
                       from < 0 ? "batch dim {0} of operand " + Twine(k) +
                                      " does not broadcast to {1}"
                                : Twine("batch dims {1} and {0} of operands 0 "
                                        "and 1 do not broadcast"));
      }
    }
    Value innerA = getDimSize(rewriter, loc, a, aType.getRank() - (ta ? 2 : 1));
    Value innerB = getDimSize(rewriter, loc, b, bType.getRank() - (tb ? 1 : 2));
    emitEqualCheck(rewriter, loc, op, innerA, innerB,
                   "inner dimensions {0} and {1} of operands 0 and 1 differ");
    if (resultType.isDynamicDim(rank - 2))
      dynSizes.push_back(
          getDimSize(rewriter, loc, a, aType.getRank() - (ta ? 1 : 2)));
    if (resultType.isDynamicDim(rank - 1))
      dynSizes.push_back(
          getDimSize(rewriter, loc, b, bType.getRank() - (tb ? 2 : 1)));

    Value empty = tensor::EmptyOp::create(rewriter, loc, resultType, dynSizes);
    Value zero = arith::ConstantOp::create(rewriter, loc,
                                           rewriter.getZeroAttr(elem));
    Value acc =
        linalg::FillOp::create(rewriter, loc, zero, empty).getResult(0);

    // Loop order decides what LLVM can vectorize. Reading b along n
    // (no transpose_b), loops are (batch..., m, k, n): the innermost loop is
    // an axpy over contiguous rows of b and of the result. With transpose_b,
    // b is contiguous along k, so loops are (batch..., m, n, k), a dot
    // product whose accumulation is marked reassociable so that it can be
    // split into vector lanes.
    unsigned loops = rank + 1;
    unsigned kPos = tb ? batch + 2 : batch + 1;
    AffineExpr m = getAffineDimExpr(batch, ctx),
               k = getAffineDimExpr(kPos, ctx),
               n = getAffineDimExpr(tb ? batch + 1 : batch + 2, ctx);
    auto operandMap = [&](RankedTensorType t, AffineExpr row,
                          AffineExpr col) {
      SmallVector<AffineExpr> exprs;
      int64_t tBatch = t.getRank() - 2;
      for (int64_t j = 0; j < tBatch; ++j) {
        int64_t i = j + (batch - tBatch);
        if (t.getDimSize(j) == 1 && resultType.getDimSize(i) != 1)
          exprs.push_back(getAffineConstantExpr(0, ctx));
        else
          exprs.push_back(getAffineDimExpr(i, ctx));
      }
      exprs.push_back(row);
      exprs.push_back(col);
      return AffineMap::get(loops, 0, exprs, ctx);
    };
    SmallVector<AffineExpr> outExprs;
    for (int64_t i = 0; i < batch; ++i)
      outExprs.push_back(getAffineDimExpr(i, ctx));
    outExprs.push_back(m);
    outExprs.push_back(n);
    SmallVector<AffineMap> maps = {
        ta ? operandMap(aType, k, m) : operandMap(aType, m, k),
        tb ? operandMap(bType, n, k) : operandMap(bType, k, n),
        AffineMap::get(loops, 0, outExprs, ctx)};
    SmallVector<utils::IteratorType> iterators(loops,
                                               utils::IteratorType::parallel);
    iterators[kPos] = utils::IteratorType::reduction;
    bool fp = isa<FloatType>(elem);
    auto generic = linalg::GenericOp::create(
        rewriter, loc, resultType, ValueRange{a, b}, acc, maps, iterators,
        [&](OpBuilder &nb, Location nloc, ValueRange args) {
          Value r;
          if (fp) {
            auto flags = arith::FastMathFlags::contract;
            if (tb)
              flags = flags | arith::FastMathFlags::reassoc;
            r = arith::AddFOp::create(
                nb, nloc, args[2],
                arith::MulFOp::create(nb, nloc, args[0], args[1], flags),
                flags);
          }
          else
            r = arith::AddIOp::create(
                nb, nloc, args[2],
                arith::MulIOp::create(nb, nloc, args[0], args[1]));
          linalg::YieldOp::create(nb, nloc, r);
        });
    Value result = generic.getResult(0);
    if (!expandedShape.empty()) {
      SmallVector<ReassociationIndices> reassoc(2);
      for (size_t i = 0; i + 1 < expandedShape.size(); ++i)
        reassoc[0].push_back(i);
      reassoc[1].push_back(expandedShape.size() - 1);
      result = tensor::ExpandShapeOp::create(rewriter, loc, op.getType(),
                                             result, reassoc, expandedShape);
    }
    rewriter.replaceOp(op, result);
    return success();
  }
};

struct ConvertTfccMatMulToLinalg
    : mlir::tfcc::impl::ConvertTfccMatMulToLinalgBase<ConvertTfccMatMulToLinalg> {
  void runOnOperation() override {
    MLIRContext *ctx = &getContext();
    RewritePatternSet patterns(ctx);
    patterns.add<MatMulPattern>(ctx);
    if (failed(applyTfccLowering<MatMulOp>(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
