//===- LoweringUtils.h - helpers shared by the tfcc lowerings ----*- C++ -*-===//

#ifndef TFCC_LIB_CONVERSION_LOWERINGUTILS_H
#define TFCC_LIB_CONVERSION_LOWERINGUTILS_H

#include "mlir/Dialect/Arith/IR/Arith.h"
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

/// Where `op` is in the model, for run-time messages: "model.onnx: node
/// 'add0' (Add)" for an imported node, "model.mlir:4:8: tfcc.add" for a
/// line of a .mlir file.
std::string describeOp(Operation *op);

/// A tfcc.assert that `cond` holds, failing with "<describeOp(op)>: <what>"
/// where `{0}`.. in `what` show `values`.
void emitCheck(OpBuilder &b, Location loc, Operation *op, Value cond,
               const Twine &what, ValueRange values = {});

/// A check that `lhs pred rhs` holds for two integer or index values,
/// which `what` shows as {0} and {1}; none when both are constants for
/// which it holds.
void emitCompareCheck(OpBuilder &b, Location loc, Operation *op,
                      arith::CmpIPredicate pred, Value lhs, Value rhs,
                      const Twine &what);

/// emitCompareCheck that `actual` equals `expected`.
inline void emitEqualCheck(OpBuilder &b, Location loc, Operation *op,
                           Value actual, Value expected, const Twine &what) {
  emitCompareCheck(b, loc, op, arith::CmpIPredicate::eq, actual, expected,
                   what);
}

/// Checks that the operands of an elementwise op broadcast to `resultType`
/// where the lowering assumes it: a dynamic operand dimension must equal
/// the result's size there (a run-time 1 is not stretched).
void emitBroadcastChecks(OpBuilder &b, Location loc, Operation *op,
                         RankedTensorType resultType, ValueRange operands);

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
