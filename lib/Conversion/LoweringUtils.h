//===- LoweringUtils.h - helpers shared by the tfcc lowerings ----*- C++ -*-===//

#ifndef TFCC_LIB_CONVERSION_LOWERINGUTILS_H
#define TFCC_LIB_CONVERSION_LOWERINGUTILS_H

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Builders.h"
#include "mlir/Transforms/DialectConversion.h"
#include <functional>

namespace mlir::tfcc {

using ScalarBodyFn =
    std::function<Value(OpBuilder &, Location, ValueRange)>;

/// The size of dimension `dim` of `tensor` as an index value.
Value getDimSize(OpBuilder &b, Location loc, Value tensor, int64_t dim);

/// Run-time sizes of the dynamic dimensions of `resultType`, each taken from
/// the first operand that has that (right-aligned) dimension dynamic.
SmallVector<Value> getBroadcastDynamicSizes(OpBuilder &b, Location loc,
                                            RankedTensorType resultType,
                                            ValueRange operands);

/// Indexing map reading `operandType` broadcast into a loop nest of
/// `loopRank` dims, right-aligned with `resultShape`.
AffineMap getBroadcastMap(MLIRContext *ctx, RankedTensorType operandType,
                          ArrayRef<int64_t> resultShape, unsigned loopRank);

/// One all-parallel linalg.generic computing `body` elementwise over
/// `operands` broadcast to `resultType`.
Value buildBroadcastGeneric(OpBuilder &b, Location loc,
                            RankedTensorType resultType, ValueRange operands,
                            const ScalarBodyFn &body);

/// A constant scalar of `type` (float or integer) with value `v`.
Value scalarConstant(OpBuilder &b, Location loc, Type type, double v);

/// Lowers every `IllegalOps` op under `root` with `patterns`, leaving all
/// other ops alone; fails if one of them is left.
template <typename... IllegalOps>
LogicalResult applyTfccLowering(Operation *root, RewritePatternSet &&patterns) {
  ConversionTarget target(*root->getContext());
  target.addIllegalOp<IllegalOps...>();
  target.markUnknownOpDynamicallyLegal([](Operation *) { return true; });
  return applyPartialConversion(root, target, std::move(patterns));
}

} // namespace mlir::tfcc

#endif // TFCC_LIB_CONVERSION_LOWERINGUTILS_H
