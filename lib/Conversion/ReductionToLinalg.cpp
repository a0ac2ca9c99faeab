//===- ReductionToLinalg.cpp - tfcc reductions to linalg.reduce -----------===//

#include "LoweringUtils.h"
#include "tfcc/Conversion/Passes.h"
#include "tfcc/Dialect/Tfcc.h"

#include "mlir/Transforms/DialectConversion.h"
#include "llvm/ADT/SmallSet.h"
#include <limits>

namespace mlir::tfcc {
#define GEN_PASS_DEF_CONVERTTFCCREDUCTIONTOLINALG
#include "tfcc/Conversion/Passes.h.inc"
} // namespace mlir::tfcc

using namespace mlir;
using namespace mlir::tfcc;

namespace {

enum class Kind { Sum, Mean, Max, Min, Prod };

/// The identity of the reduction, so that an empty reduction gives it.
Value identity(OpBuilder &b, Location loc, Type elem, Kind kind) {
  if (kind == Kind::Sum || kind == Kind::Mean)
    return arith::ConstantOp::create(b, loc, b.getZeroAttr(elem));
  if (kind == Kind::Prod)
    return scalarConstant(b, loc, elem, 1);
  bool isMax = kind == Kind::Max;
  if (auto ft = dyn_cast<FloatType>(elem))
    return arith::ConstantOp::create(
        b, loc,
        b.getFloatAttr(ft, APFloat::getInf(ft.getFloatSemantics(), isMax)));
  unsigned width = elem.getIntOrFloatBitWidth();
  APInt v = isMax ? APInt::getSignedMinValue(width)
                  : APInt::getSignedMaxValue(width);
  return arith::ConstantOp::create(b, loc, b.getIntegerAttr(elem, v));
}

Value combine(OpBuilder &b, Location loc, Kind kind, Value x, Value acc) {
  bool fp = isa<FloatType>(x.getType());
  switch (kind) {
  case Kind::Sum:
  case Kind::Mean:
    return fp ? arith::AddFOp::create(b, loc, x, acc).getResult()
              : arith::AddIOp::create(b, loc, x, acc);
  case Kind::Prod:
    return fp ? arith::MulFOp::create(b, loc, x, acc).getResult()
              : arith::MulIOp::create(b, loc, x, acc);
  case Kind::Max:
    return fp ? arith::MaximumFOp::create(b, loc, x, acc,
                                          arith::FastMathFlags::nsz)
                    .getResult()
              : arith::MaxSIOp::create(b, loc, x, acc);
  case Kind::Min:
    return fp ? arith::MinimumFOp::create(b, loc, x, acc,
                                          arith::FastMathFlags::nsz)
                    .getResult()
              : arith::MinSIOp::create(b, loc, x, acc);
  }
  llvm_unreachable("unknown reduction");
}

template <typename OpT, Kind kind>
struct ReducePattern : OpConversionPattern<OpT> {
  using OpConversionPattern<OpT>::OpConversionPattern;
  LogicalResult
  matchAndRewrite(OpT op, typename OpT::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value input = adaptor.getInput();
    auto inType = cast<RankedTensorType>(input.getType());
    auto resultType = cast<RankedTensorType>(op.getType());
    Type elem = inType.getElementType();
    int64_t rank = inType.getRank();

    llvm::SmallSet<int64_t, 4> reducedSet;
    for (int64_t axis : op.getAxes())
      reducedSet.insert(*normalizeAxis(axis, rank));
    if (reducedSet.empty()) {
      rewriter.replaceOp(op, input);
      return success();
    }
    SmallVector<int64_t> reduced(reducedSet.begin(), reducedSet.end());
    llvm::sort(reduced);

    SmallVector<int64_t> shape;
    SmallVector<Value> dynSizes;
    for (int64_t i = 0; i < rank; ++i) {
      if (reducedSet.contains(i))
        continue;
      shape.push_back(inType.getDimSize(i));
      if (inType.isDynamicDim(i))
        dynSizes.push_back(tensor::DimOp::create(rewriter, loc, input, i));
    }
    auto reducedType = RankedTensorType::get(shape, elem);
    Value init = tensor::EmptyOp::create(rewriter, loc, reducedType, dynSizes);
    Value filled =
        linalg::FillOp::create(rewriter, loc,
                               identity(rewriter, loc, elem, kind), init)
            .getResult(0);
    Value result =
        linalg::ReduceOp::create(
            rewriter, loc, ValueRange{input}, ValueRange{filled}, reduced,
            [&](OpBuilder &b, Location l, ValueRange args) {
              linalg::YieldOp::create(b, l,
                                      combine(b, l, kind, args[0], args[1]));
            })
            .getResult(0);

    if (kind == Kind::Mean) {
      // Divide by the number of reduced elements, known only at run time
      // for dynamic dimensions.
      Value count = arith::ConstantIndexOp::create(rewriter, loc, 1);
      for (int64_t axis : reduced)
        count = arith::MulIOp::create(rewriter, loc, count,
                                      getDimSize(rewriter, loc, input, axis));
      Value countI64 = arith::IndexCastOp::create(
          rewriter, loc, rewriter.getI64Type(), count);
      Value divisor;
      if (isa<FloatType>(elem))
        divisor = arith::SIToFPOp::create(rewriter, loc, elem, countI64);
      else if (elem.getIntOrFloatBitWidth() < 64)
        divisor = arith::TruncIOp::create(rewriter, loc, elem, countI64);
      else
        divisor = countI64;
      result = buildBroadcastGeneric(
          rewriter, loc, reducedType, ValueRange{result},
          [&](OpBuilder &b, Location l, ValueRange args) -> Value {
            if (isa<FloatType>(elem))
              return arith::DivFOp::create(b, l, args[0], divisor);
            return arith::DivSIOp::create(b, l, args[0], divisor);
          });
    }

    if (op.getKeepDims()) {
      // Each unit dimension joins the group of the kept dimension before it;
      // leading ones join the first kept dimension. With every dimension
      // reduced there are no groups: a rank-0 tensor expands to all ones.
      SmallVector<ReassociationIndices> groups;
      ReassociationIndices pending;
      for (int64_t i = 0; i < rank; ++i) {
        if (reducedSet.contains(i)) {
          if (groups.empty())
            pending.push_back(i);
          else
            groups.back().push_back(i);
          continue;
        }
        pending.push_back(i);
        groups.push_back(pending);
        pending.clear();
      }
      result = tensor::ExpandShapeOp::create(rewriter, loc, resultType, result,
                                             groups);
    }
    rewriter.replaceOp(op, result);
    return success();
  }
};

struct ConvertTfccReductionToLinalg
    : mlir::tfcc::impl::ConvertTfccReductionToLinalgBase<ConvertTfccReductionToLinalg> {
  void runOnOperation() override {
    MLIRContext *ctx = &getContext();
    RewritePatternSet patterns(ctx);
    patterns.add<ReducePattern<ReduceSumOp, Kind::Sum>,
                 ReducePattern<ReduceMeanOp, Kind::Mean>,
                 ReducePattern<ReduceMaxOp, Kind::Max>,
                 ReducePattern<ReduceMinOp, Kind::Min>,
                 ReducePattern<ReduceProdOp, Kind::Prod>>(ctx);
    if (failed(applyTfccLowering<ReduceSumOp, ReduceMeanOp, ReduceMaxOp,
                                 ReduceMinOp, ReduceProdOp>(getOperation(),
                                              std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
