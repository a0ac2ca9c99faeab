//===- TfccControlFlowOps.cpp - conditionals and loops --------------------===//
//
// Verifiers of tfcc.cond and tfcc.while, and the type join that importers use
// to give a result (or loop variable) the shape that every branch (or
// iteration) agrees on.
//
//===----------------------------------------------------------------------===//

#include "tfcc/Dialect/Tfcc.h"

#include "mlir/IR/OpImplementation.h"
#include "mlir/IR/TypeUtilities.h"

using namespace mlir;
using namespace mlir::tfcc;

RankedTensorType mlir::tfcc::joinTypes(RankedTensorType a, RankedTensorType b) {
  if (!a || !b || a.getElementType() != b.getElementType() ||
      a.getRank() != b.getRank())
    return nullptr;
  SmallVector<int64_t> dims;
  for (auto [x, y] : llvm::zip(a.getShape(), b.getShape()))
    dims.push_back(x == y ? x : ShapedType::kDynamic);
  return RankedTensorType::get(dims, a.getElementType());
}

bool mlir::tfcc::isRefinementOf(Type specific, Type general) {
  auto s = dyn_cast<RankedTensorType>(specific);
  auto g = dyn_cast<RankedTensorType>(general);
  if (!s || !g || s.getElementType() != g.getElementType() ||
      s.getRank() != g.getRank())
    return false;
  for (auto [x, y] : llvm::zip(s.getShape(), g.getShape()))
    if (!ShapedType::isDynamic(y) && x != y)
      return false;
  return true;
}

/// Checks that each of `values` may flow into the result of the same index:
/// it has the result's element type and rank, and the result's static dims.
static LogicalResult checkFlowsInto(Operation *op, TypeRange values,
                                    TypeRange results, const Twine &what,
                                    StringRef item) {
  if (values.size() != results.size())
    return op->emitOpError()
           << what << " " << values.size() << " value"
           << (values.size() == 1 ? "" : "s") << " for " << results.size()
           << " " << item << (results.size() == 1 ? "" : "s");
  for (auto [i, types] : llvm::enumerate(llvm::zip(values, results))) {
    auto [value, result] = types;
    if (!isRefinementOf(value, result))
      return op->emitOpError()
             << item << " " << i << ": " << what << " " << value << " but the "
             << item << " is " << result;
  }
  return success();
}

YieldOp CondOp::getThenYield() {
  return cast<YieldOp>(getThenBranch().front().getTerminator());
}
YieldOp CondOp::getElseYield() {
  return cast<YieldOp>(getElseBranch().front().getTerminator());
}
YieldOp WhileOp::getCondYield() {
  return cast<YieldOp>(getCond().front().getTerminator());
}
YieldOp WhileOp::getBodyYield() {
  return cast<YieldOp>(getBody().front().getTerminator());
}

/// Whether every region of `op` ends with a tfcc.yield (verifyRegions runs
/// after the blocks were checked to end with a terminator).
static LogicalResult checkYields(Operation *op) {
  for (Region &region : op->getRegions())
    if (!isa<YieldOp>(region.front().getTerminator()))
      return op->emitOpError("regions must end with tfcc.yield, got ")
             << region.front().getTerminator()->getName();
  return success();
}

LogicalResult CondOp::verifyRegions() {
  if (failed(checkYields(*this)))
    return failure();
  TypeRange thenTypes = getThenYield().getValues().getTypes();
  TypeRange elseTypes = getElseYield().getValues().getTypes();
  if (thenTypes.size() == elseTypes.size())
    for (auto [i, types] : llvm::enumerate(llvm::zip(thenTypes, elseTypes)))
      if (!joinTypes(cast<RankedTensorType>(std::get<0>(types)),
                     cast<RankedTensorType>(std::get<1>(types))))
        return emitOpError()
               << "result " << i << ": the then branch yields "
               << std::get<0>(types) << " but the else branch yields "
               << std::get<1>(types);
  if (failed(checkFlowsInto(*this, thenTypes, getResultTypes(),
                            "the then branch yields", "result")) ||
      failed(checkFlowsInto(*this, elseTypes, getResultTypes(),
                            "the else branch yields", "result")))
    return failure();
  return success();
}

LogicalResult WhileOp::verifyRegions() {
  if (failed(checkYields(*this)))
    return failure();
  TypeRange types = getResultTypes();
  if (failed(checkFlowsInto(*this, getInits().getTypes(), types, "enters with",
                            "loop variable")))
    return failure();
  for (auto [name, region] :
       {std::pair<StringRef, Region *>{"cond", &getCond()},
        {"body", &getBody()}}) {
    TypeRange args = region->front().getArgumentTypes();
    if (args != types)
      return emitOpError() << "the " << name
                           << " region's arguments must have the loop "
                              "variables' types "
                           << types << ", got " << args;
  }
  TypeRange condYield = getCondYield().getValues().getTypes();
  if (condYield.size() != 1 ||
      condYield[0] !=
          RankedTensorType::get({}, IntegerType::get(getContext(), 1)))
    return emitOpError() << "the cond region must yield one tensor<i1>, got "
                         << condYield;
  return checkFlowsInto(*this, getBodyYield().getValues().getTypes(), types,
                        "the body yields", "loop variable");
}

LogicalResult DimOp::verify() {
  int64_t rank = getInput().getType().getRank();
  int64_t axis = getAxis();
  if (axis < 0 || axis >= rank)
    return emitOpError() << "axis " << axis << " is outside [0, " << rank
                         << ")";
  return success();
}

OpFoldResult DimOp::fold(FoldAdaptor) {
  int64_t size = getInput().getType().getDimSize(getAxis());
  if (ShapedType::isDynamic(size))
    return nullptr;
  return DenseElementsAttr::get(getType(), APInt(64, size));
}

LogicalResult ZerosOp::verify() {
  int64_t dynamic = getType().getNumDynamicDims();
  if (int64_t(getDynamicSizes().size()) != dynamic)
    return emitOpError() << "has " << getDynamicSizes().size()
                         << " sizes for the " << dynamic << " dynamic dims of "
                         << getType();
  return success();
}

LogicalResult SetItemOp::verify() {
  RankedTensorType list = getList().getType();
  RankedTensorType item = getItem().getType();
  if (list.getRank() == 0)
    return emitOpError("needs a list of rank 1 or more, got ") << list;
  if (item.getElementType() != list.getElementType() ||
      item.getRank() != list.getRank() - 1 ||
      failed(
          verifyCompatibleShape(item.getShape(), list.getShape().drop_front())))
    return emitOpError() << "item " << item << " is not a slice of " << list
                         << " (its shape without dimension 0)";
  return success();
}
