//===- TfccDialect.cpp - tfcc dialect registration ------------------------===//

#include "tfcc/Dialect/Tfcc.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"

using namespace mlir;
using namespace mlir::tfcc;

#include "tfcc/TfccDialect.cpp.inc"

void TfccDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "tfcc/TfccOps.cpp.inc"
      >();
}

Operation *TfccDialect::materializeConstant(OpBuilder &builder,
                                            Attribute value, Type type,
                                            Location loc) {
  auto elements = dyn_cast<ElementsAttr>(value);
  if (!elements || elements.getType() != type)
    return nullptr;
  return ConstantOp::create(builder, loc, elements);
}

StringAttr mlir::tfcc::getNodeName(Location loc) {
  StringAttr name;
  loc->walk([&](Location inner) {
    if (auto named = dyn_cast<NameLoc>(inner)) {
      name = named.getName();
      return WalkResult::interrupt();
    }
    return WalkResult::advance();
  });
  return name;
}

bool mlir::tfcc::isOnGpu(Operation *op) {
  auto func = dyn_cast<func::FuncOp>(op);
  if (!func)
    func = op->getParentOfType<func::FuncOp>();
  auto device = func ? func->getAttrOfType<StringAttr>("tfcc.device") : nullptr;
  return device && device.getValue().starts_with("gpu");
}
