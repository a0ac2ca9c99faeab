//===- TfccRandomOps.cpp - tfcc.random ------------------------------------===//

#include "tfcc/Dialect/Tfcc.h"

using namespace mlir;
using namespace mlir::tfcc;

LogicalResult RandomOp::verify() {
  auto type = cast<RankedTensorType>(getType());
  Type element = type.getElementType();
  StringRef dist = getDistribution();
  if (dist == "bits") {
    if (!element.isInteger(32) && !element.isInteger(64))
      return emitOpError("\"bits\" gives i32 or i64, not ") << element;
  } else if (dist == "uniform" || dist == "normal" ||
             dist == "truncated_normal") {
    if (!element.isF32() && !element.isF64())
      return emitOpError("\"")
             << dist << "\" gives f32 or f64, not " << element;
  } else {
    return emitOpError("unknown distribution \"")
           << dist << "\" (expected uniform, normal, truncated_normal or bits)";
  }
  if (static_cast<int64_t>(getDynamicSizes().size()) !=
      type.getNumDynamicDims())
    return emitOpError("has ")
           << getDynamicSizes().size() << " dynamic sizes for "
           << type.getNumDynamicDims() << " dynamic dimensions";
  return success();
}

/// Stateful until tfcc-thread-random-state gives it a counter.
void RandomOp::getEffects(
    SmallVectorImpl<SideEffects::EffectInstance<MemoryEffects::Effect>>
        &effects) {
  if (getCounter())
    return;
  effects.emplace_back(MemoryEffects::Read::get(), RandomResource::get());
  effects.emplace_back(MemoryEffects::Write::get(), RandomResource::get());
}
