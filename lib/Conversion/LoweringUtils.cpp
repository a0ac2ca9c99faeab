//===- LoweringUtils.cpp - helpers shared by the tfcc lowerings -----------===//

#include "LoweringUtils.h"

#include "tfcc/Dialect/Tfcc.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/Dialect/Utils/StructuredOpsUtils.h"
#include "llvm/Support/raw_ostream.h"

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

/// The importers locate an op at its node: NameLoc(node, FusedLoc<"OpType">
/// [file]). Canonicalization may fuse the locations of merged ops; the
/// first node names the op.
std::string mlir::tfcc::describeOp(Operation *op) {
  std::string text;
  llvm::raw_string_ostream os(text);
  NameLoc node;
  op->getLoc()->walk([&](Location l) {
    if (auto n = dyn_cast<NameLoc>(l)) {
      node = n;
      return WalkResult::interrupt();
    }
    return WalkResult::advance();
  });
  Location where = node ? node.getChildLoc() : op->getLoc();
  if (auto file = where->findInstanceOf<FileLineColLoc>()) {
    os << file.getFilename().getValue();
    if (file.getLine() != 0)
      os << ':' << file.getLine() << ':' << file.getColumn();
    os << ": ";
  }
  if (!node) {
    os << op->getName().getStringRef();
    return text;
  }
  StringRef type = op->getName().getStringRef();
  if (auto fused = node.getChildLoc()->findInstanceOf<FusedLoc>())
    if (auto attr = dyn_cast_or_null<StringAttr>(fused.getMetadata()))
      type = attr.getValue();
  os << "node '" << node.getName().getValue() << "' (" << type << ")";
  return text;
}

void mlir::tfcc::emitCheck(OpBuilder &b, Location loc, Operation *op,
                           Value cond, const Twine &what, ValueRange values) {
  // "{{" is a literal brace, so names from the model pass through as they
  // are.
  std::string message;
  for (char c : describeOp(op)) {
    message += c;
    if (c == '{')
      message += '{';
  }
  message += ": " + what.str();
  AssertOp::create(b, loc, cond, b.getStringAttr(message), values);
}

void mlir::tfcc::emitCompareCheck(OpBuilder &b, Location loc, Operation *op,
                                  arith::CmpIPredicate pred, Value lhs,
                                  Value rhs, const Twine &what) {
  auto l = getConstantIntValue(lhs), r = getConstantIntValue(rhs);
  if (l && r &&
      arith::applyCmpPredicate(pred, APInt(64, *l, /*isSigned=*/true),
                               APInt(64, *r, /*isSigned=*/true)))
    return;
  Value holds = arith::CmpIOp::create(b, loc, pred, lhs, rhs);
  emitCheck(b, loc, op, holds, what, {lhs, rhs});
}

void mlir::tfcc::emitBroadcastChecks(OpBuilder &b, Location loc,
                                     Operation *op,
                                     RankedTensorType resultType,
                                     ValueRange operands) {
  int64_t rank = resultType.getRank();
  auto dimOf = [&](Value v, int64_t i) {
    return i - (rank - cast<RankedTensorType>(v.getType()).getRank());
  };
  for (int64_t i = 0; i < rank; ++i) {
    // Where the result's size comes from: the first operand of that static
    // size or, for a dynamic one, the first dynamic operand (as in
    // getBroadcastDynamicSizes); none for broadcast_to's static target.
    int64_t ref = -1;
    for (auto [k, v] : llvm::enumerate(operands)) {
      int64_t j = dimOf(v, i);
      if (j >= 0 && cast<RankedTensorType>(v.getType()).getDimSize(j) ==
                        resultType.getDimSize(i)) {
        ref = k;
        break;
      }
    }
    if (ref < 0 && resultType.isDynamicDim(i))
      continue;
    Value refSize;
    for (auto [k, v] : llvm::enumerate(operands)) {
      int64_t j = dimOf(v, i);
      if (j < 0 || (int64_t)k == ref ||
          !cast<RankedTensorType>(v.getType()).isDynamicDim(j))
        continue;
      if (!refSize)
        refSize = ref < 0 ? arith::ConstantIndexOp::create(
                                b, loc, resultType.getDimSize(i))
                          : getDimSize(b, loc, operands[ref],
                                       dimOf(operands[ref], i));
      Value size = tensor::DimOp::create(b, loc, v, j);
      if (ref < 0) {
        emitEqualCheck(b, loc, op, size, refSize,
                       "dim {0} of operand " + Twine(k) +
                           " does not broadcast to {1}");
        continue;
      }
      // The message names the operands in order.
      Value same = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq,
                                         size, refSize);
      int64_t first = std::min<int64_t>(k, ref);
      int64_t second = std::max<int64_t>(k, ref);
      emitCheck(b, loc, op, same,
                "dims {0} and {1} of operands " + Twine(first) + " and " +
                    Twine(second) + " do not broadcast",
                first == ref ? ValueRange{refSize, size}
                             : ValueRange{size, refSize});
    }
  }
}

Value mlir::tfcc::scalarConstant(OpBuilder &b, Location loc, Type type,
                                 double v) {
  if (auto ft = dyn_cast<FloatType>(type))
    return arith::ConstantOp::create(b, loc, b.getFloatAttr(ft, v));
  return arith::ConstantOp::create(
      b, loc, b.getIntegerAttr(type, static_cast<int64_t>(v)));
}
