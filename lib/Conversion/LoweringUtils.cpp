//===- LoweringUtils.cpp - helpers shared by the tfcc lowerings -----------===//

#include "LoweringUtils.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Utils/StructuredOpsUtils.h"

using namespace mlir;
using namespace mlir::tfcc;

Value mlir::tfcc::getDimSize(OpBuilder &b, Location loc, Value tensor,
                             int64_t dim) {
  auto type = cast<RankedTensorType>(tensor.getType());
  if (!type.isDynamicDim(dim))
    return arith::ConstantIndexOp::create(b, loc, type.getDimSize(dim));
  return tensor::DimOp::create(b, loc, tensor, dim);
}

SmallVector<Value>
mlir::tfcc::getBroadcastDynamicSizes(OpBuilder &b, Location loc,
                                     RankedTensorType resultType,
                                     ValueRange operands) {
  SmallVector<Value> sizes;
  int64_t rank = resultType.getRank();
  for (int64_t i = 0; i < rank; ++i) {
    if (!resultType.isDynamicDim(i))
      continue;
    Value size;
    for (Value v : operands) {
      auto t = cast<RankedTensorType>(v.getType());
      int64_t j = i - (rank - t.getRank());
      if (j >= 0 && t.isDynamicDim(j)) {
        size = tensor::DimOp::create(b, loc, v, j);
        break;
      }
    }
    assert(size && "dynamic result dim without a dynamic operand dim");
    sizes.push_back(size);
  }
  return sizes;
}

AffineMap mlir::tfcc::getBroadcastMap(MLIRContext *ctx,
                                      RankedTensorType operandType,
                                      ArrayRef<int64_t> resultShape,
                                      unsigned loopRank) {
  SmallVector<AffineExpr> exprs;
  int64_t offset = resultShape.size() - operandType.getRank();
  for (int64_t j = 0; j < operandType.getRank(); ++j) {
    int64_t i = j + offset;
    // A static unit dimension stretched over a larger one is read at 0.
    if (operandType.getDimSize(j) == 1 && resultShape[i] != 1)
      exprs.push_back(getAffineConstantExpr(0, ctx));
    else
      exprs.push_back(getAffineDimExpr(i, ctx));
  }
  return AffineMap::get(loopRank, 0, exprs, ctx);
}

Value mlir::tfcc::buildBroadcastGeneric(OpBuilder &b, Location loc,
                                        RankedTensorType resultType,
                                        ValueRange operands,
                                        const ScalarBodyFn &body) {
  MLIRContext *ctx = b.getContext();
  unsigned rank = resultType.getRank();
  Value init = tensor::EmptyOp::create(
      b, loc, resultType,
      getBroadcastDynamicSizes(b, loc, resultType, operands));
  SmallVector<AffineMap> maps;
  for (Value v : operands)
    maps.push_back(getBroadcastMap(ctx, cast<RankedTensorType>(v.getType()),
                                   resultType.getShape(), rank));
  maps.push_back(b.getMultiDimIdentityMap(rank));
  SmallVector<utils::IteratorType> iterators(rank,
                                             utils::IteratorType::parallel);
  auto generic = linalg::GenericOp::create(
      b, loc, resultType, operands, init, maps, iterators,
      [&](OpBuilder &nb, Location nloc, ValueRange args) {
        Value r = body(nb, nloc, args.drop_back());
        linalg::YieldOp::create(nb, nloc, r);
      });
  return generic.getResult(0);
}

Value mlir::tfcc::scalarConstant(OpBuilder &b, Location loc, Type type,
                                 double v) {
  if (auto ft = dyn_cast<FloatType>(type))
    return arith::ConstantOp::create(b, loc, b.getFloatAttr(ft, v));
  return arith::ConstantOp::create(
      b, loc, b.getIntegerAttr(type, static_cast<int64_t>(v)));
}
