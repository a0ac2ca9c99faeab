//===- ShapeToTensor.cpp - tfcc shape ops to tensor/linalg ----------------===//

#include "LoweringUtils.h"
#include "tfcc/Conversion/Passes.h"
#include "tfcc/Dialect/Tfcc.h"

#include "mlir/Transforms/DialectConversion.h"

namespace mlir::tfcc {
#define GEN_PASS_DEF_CONVERTTFCCSHAPETOTENSOR
#include "tfcc/Conversion/Passes.h.inc"
} // namespace mlir::tfcc

using namespace mlir;
using namespace mlir::tfcc;

namespace {

struct ReshapePattern : OpConversionPattern<ReshapeOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(ReshapeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value input = adaptor.getInput();
    auto inType = cast<RankedTensorType>(input.getType());
    auto resultType = cast<RankedTensorType>(op.getType());
    ArrayRef<int64_t> target = op.getShape();

    // The -1 entry of a dynamic input is total / (product of the others).
    SmallVector<Value> sizes;
    for (auto [i, d] : llvm::enumerate(target)) {
      if (!resultType.isDynamicDim(i)) {
        sizes.push_back(arith::ConstantIndexOp::create(
            rewriter, loc, resultType.getDimSize(i)));
        continue;
      }
      Value total = arith::ConstantIndexOp::create(rewriter, loc, 1);
      for (int64_t j = 0; j < inType.getRank(); ++j)
        total = arith::MulIOp::create(rewriter, loc, total,
                                      getDimSize(rewriter, loc, input, j));
      int64_t known = 1;
      for (int64_t e : target)
        if (e != -1)
          known *= e;
      sizes.push_back(arith::DivUIOp::create(
          rewriter, loc, total,
          arith::ConstantIndexOp::create(rewriter, loc, known)));
    }
    SmallVector<Value> sizesI64;
    for (Value s : sizes)
      sizesI64.push_back(arith::IndexCastOp::create(
          rewriter, loc, rewriter.getI64Type(), s));
    Value shape = tensor::FromElementsOp::create(
        rewriter, loc,
        RankedTensorType::get({static_cast<int64_t>(sizes.size())},
                              rewriter.getI64Type()),
        sizesI64);
    rewriter.replaceOpWithNewOp<tensor::ReshapeOp>(op, resultType, input,
                                                   shape);
    return success();
  }
};

struct TransposePattern : OpConversionPattern<TransposeOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(TransposeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value input = adaptor.getInput();
    auto resultType = cast<RankedTensorType>(op.getType());
    SmallVector<Value> dynSizes;
    for (auto [i, p] : llvm::enumerate(op.getPerm()))
      if (resultType.isDynamicDim(i))
        dynSizes.push_back(tensor::DimOp::create(rewriter, loc, input, p));
    Value init = tensor::EmptyOp::create(rewriter, loc, resultType, dynSizes);
    rewriter.replaceOp(op, linalg::TransposeOp::create(rewriter, loc, input,
                                                       init, op.getPerm())
                               .getResult()[0]);
    return success();
  }
};

struct ConcatPattern : OpConversionPattern<ConcatOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(ConcatOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    ValueRange inputs = adaptor.getInputs();
    auto resultType = cast<RankedTensorType>(op.getType());
    int64_t rank = resultType.getRank();
    int64_t axis = *normalizeAxis(op.getAxis(), rank);

    // Offsets along the axis: running sum of the inputs' sizes.
    SmallVector<Value> offsets;
    Value offset = arith::ConstantIndexOp::create(rewriter, loc, 0);
    for (Value v : inputs) {
      offsets.push_back(offset);
      offset = arith::AddIOp::create(rewriter, loc, offset,
                                     getDimSize(rewriter, loc, v, axis));
    }
    SmallVector<Value> dynSizes;
    for (int64_t i = 0; i < rank; ++i) {
      if (!resultType.isDynamicDim(i))
        continue;
      if (i == axis) {
        dynSizes.push_back(offset);
        continue;
      }
      // Some input has this dimension dynamic; the verifier made the
      // others agree.
      for (Value v : inputs)
        if (cast<RankedTensorType>(v.getType()).isDynamicDim(i)) {
          dynSizes.push_back(tensor::DimOp::create(rewriter, loc, v, i));
          break;
        }
    }
    Value result =
        tensor::EmptyOp::create(rewriter, loc, resultType, dynSizes);
    for (auto [v, off] : llvm::zip(inputs, offsets)) {
      SmallVector<OpFoldResult> offs(rank, rewriter.getIndexAttr(0));
      offs[axis] = off;
      SmallVector<OpFoldResult> sizes, strides(rank, rewriter.getIndexAttr(1));
      for (int64_t i = 0; i < rank; ++i)
        sizes.push_back(tensor::getMixedSize(rewriter, loc, v, i));
      result = tensor::InsertSliceOp::create(rewriter, loc, v, result, offs,
                                             sizes, strides);
    }
    rewriter.replaceOp(op, result);
    return success();
  }
};

struct SlicePattern : OpConversionPattern<SliceOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(SliceOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value input = adaptor.getInput();
    auto resultType = cast<RankedTensorType>(op.getType());
    int64_t rank = resultType.getRank();
    SmallVector<OpFoldResult> offsets, sizes,
        strides(rank, rewriter.getIndexAttr(1));
    for (int64_t i = 0; i < rank; ++i) {
      int64_t begin = op.getBegin()[i];
      offsets.push_back(rewriter.getIndexAttr(begin));
      if (!resultType.isDynamicDim(i)) {
        sizes.push_back(rewriter.getIndexAttr(resultType.getDimSize(i)));
        continue;
      }
      Value dim = tensor::DimOp::create(rewriter, loc, input, i);
      sizes.push_back(
          arith::SubIOp::create(
              rewriter, loc, dim,
              arith::ConstantIndexOp::create(rewriter, loc, begin))
              .getResult());
    }
    rewriter.replaceOpWithNewOp<tensor::ExtractSliceOp>(
        op, resultType, input, offsets, sizes, strides);
    return success();
  }
};

struct ConvertTfccShapeToTensor
    : mlir::tfcc::impl::ConvertTfccShapeToTensorBase<ConvertTfccShapeToTensor> {
  void runOnOperation() override {
    MLIRContext *ctx = &getContext();
    RewritePatternSet patterns(ctx);
    patterns.add<ReshapePattern, TransposePattern, ConcatPattern,
                 SlicePattern>(ctx);
    if (failed(applyTfccLowering<ReshapeOp, TransposeOp, ConcatOp, SliceOp>(
            getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
