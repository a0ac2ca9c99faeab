//===- Tfcc.h - the tfcc dialect ---------------------------------*- C++ -*-===//
//
// The tfcc graph dialect: ops, and the shape rules its verifiers and the
// lowerings share.
//
//===----------------------------------------------------------------------===//

#ifndef TFCC_DIALECT_TFCC_H
#define TFCC_DIALECT_TFCC_H

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Dialect.h"
#include "mlir/IR/ImplicitLocOpBuilder.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Interfaces/ControlFlowInterfaces.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include "tfcc/TfccDialect.h.inc"

namespace mlir::tfcc {
/// The memory that variables (tfcc.variable) live in; the ops that read and
/// write them name the variable through their symbol operand.
struct VariableResource
    : public SideEffects::Resource::Base<VariableResource> {
  StringRef getName() final { return "tfcc::Variable"; }
};

/// The graph node an op comes from: the name of its location (the
/// importers make a NameLoc per node), or null.
StringAttr getNodeName(Location loc);

/// Whether `op` is, or is in, a function placed on a GPU
/// (tfcc-partition-devices marks it `tfcc.device = "gpu:N"`). Its code is
/// tfcc-map-to-gpu's: the CPU's Winograd, packing, vectorization,
/// approximations and thread-pool kernels leave it alone.
bool isOnGpu(Operation *op);

/// What tfcc.assert writes: the run's error state.
struct CheckResource : public SideEffects::Resource::Base<CheckResource> {
  StringRef getName() final { return "tfcc::Check"; }
};

/// The generator state that tfcc.random ops without a counter advance.
struct RandomResource : public SideEffects::Resource::Base<RandomResource> {
  StringRef getName() final { return "tfcc::Random"; }
};
} // namespace mlir::tfcc

namespace mlir::tfcc {
class YieldOp;
} // namespace mlir::tfcc

#define GET_OP_CLASSES
#include "tfcc/TfccOps.h.inc"

namespace mlir::tfcc {

/// Numpy broadcasting of two shapes (dynamic dims allowed, see the dialect
/// description). Returns std::nullopt when two static sizes conflict.
std::optional<SmallVector<int64_t>> broadcastShapes(ArrayRef<int64_t> lhs,
                                                    ArrayRef<int64_t> rhs);

/// Formats a shape as `[2,?,4]` for diagnostics.
std::string formatShape(ArrayRef<int64_t> shape);

/// The most specific type that both `a` and `b` refine: their element type
/// and rank, a dim where they agree, dynamic where they do not (the type of a
/// tfcc.cond result or a tfcc.while loop variable). Null if the element
/// types or ranks differ.
RankedTensorType joinTypes(RankedTensorType a, RankedTensorType b);

/// Whether `specific` is a ranked tensor of `general`'s element type and
/// rank with every static dim of `general`.
bool isRefinementOf(Type specific, Type general);

/// Maps a possibly negative axis into [0, rank); std::nullopt if out of range.
std::optional<int64_t> normalizeAxis(int64_t axis, int64_t rank);

} // namespace mlir::tfcc

#endif // TFCC_DIALECT_TFCC_H
