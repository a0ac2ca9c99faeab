//===- GradientRules.h - reverse-mode rules for tfcc ops ---------*- C++
//-*-===//
//
// The table of gradient rules the tfcc-autodiff pass applies, and helpers the
// rules share. Rules for the core ops live in GradientRules.cpp; the NN ops'
// (conv2d, pooling, normalization, pad) in GradientRulesNN.cpp.
//
// A rule builds, at the builder's insertion point (where the tfcc.gradients
// op being expanded sits), the gradients of an op's operands from the
// gradients of its results:
//   - resultGrads[i] is the gradient flowing into result i, of that result's
//     type, or null when none flows (no path to the ys, or an integer or
//     boolean result);
//   - the rule appends exactly one entry per operand to operandGrads: a value
//     of the operand's type (see castTo), or null when no gradient flows to
//     that operand (integer operands, indices, ops with zero derivative such
//     as floor). The pass sums the contributions of every use.
// A rule only reads the forward values its formula needs (exp's rule uses
// the exp's result, not a recomputation) so that the backward pass keeps as
// few forward values alive as possible. Sizes of dynamic dimensions of a
// forward value are taken right after it is defined (dimOf), so reading them
// does not keep the value alive either.
//
//===----------------------------------------------------------------------===//

#ifndef TFCC_LIB_TRANSFORMS_GRADIENTRULES_H
#define TFCC_LIB_TRANSFORMS_GRADIENTRULES_H

#include "tfcc/Dialect/Tfcc.h"

#include "mlir/IR/Builders.h"
#include "llvm/ADT/Sequence.h"
#include "llvm/ADT/StringMap.h"

#include <functional>

namespace mlir::tfcc {

using GradientRule = std::function<LogicalResult(
    OpBuilder &b, Operation *op, ArrayRef<Value> resultGrads,
    SmallVectorImpl<Value> &operandGrads)>;

/// Gradient rules by op name ("tfcc.add").
class GradientRuleTable {
public:
  void add(StringRef opName, GradientRule rule) {
    rules[opName] = std::move(rule);
  }
  template <typename OpT> void add(GradientRule rule) {
    add(OpT::getOperationName(), std::move(rule));
  }
  const GradientRule *lookup(StringRef opName) const {
    auto it = rules.find(opName);
    return it == rules.end() ? nullptr : &it->second;
  }
  /// The names with a rule, sorted (the gradient checks cover each).
  SmallVector<StringRef> names() const;

private:
  llvm::StringMap<GradientRule> rules;
};

/// Rules for the core ops (elementwise, matmul, reductions, softmax, shape
/// ops, gather, cumsum...): GradientRules.cpp.
void addCoreGradientRules(GradientRuleTable &table);
/// Rules for conv2d, max_pool, avg_pool, batch_norm, layer_norm and pad:
/// GradientRulesNN.cpp.
void addNNGradientRules(GradientRuleTable &table);

/// Every rule, built once.
const GradientRuleTable &getGradientRules();

//===----------------------------------------------------------------------===//
// Helpers for rules
//===----------------------------------------------------------------------===//

/// Whether `type` is a ranked tensor of f32 or f64 (values that carry
/// gradients).
bool isFloatTensor(Type type);

inline RankedTensorType tensorType(Value v) {
  return cast<RankedTensorType>(v.getType());
}

/// A rank-0 tfcc.constant of element type `elem` holding `v`.
Value scalarTensor(OpBuilder &b, Location loc, Type elem, double v);

/// The run-time size of dimension `dim` of `v` as an `index`: a constant for
/// a static size, otherwise a tensor.dim placed right after `v` is defined.
Value dimOf(OpBuilder &b, Location loc, Value v, int64_t dim);

/// The sizes of the dynamic dimensions of `v` (dimOf), in order.
SmallVector<Value> dynamicDimsOf(OpBuilder &b, Location loc, Value v);

/// A tensor of `v`'s type (dynamic sizes included) filled with `value`,
/// without reading `v`'s elements.
Value filledLike(OpBuilder &b, Location loc, Value v, double value);
inline Value zerosLike(OpBuilder &b, Location loc, Value v) {
  return filledLike(b, loc, v, 0.0);
}

/// `v` with type `type` (a tensor.cast between compatible shapes when the
/// static information differs).
Value castTo(OpBuilder &b, Location loc, Value v, Type type);

/// Sums `grad`, the gradient of a value that `operand` was broadcast into
/// (numpy rules), over the broadcast dimensions, giving a value of
/// `operand`'s type: the gradient of the operand.
Value reduceToShapeOf(OpBuilder &b, Location loc, Value grad, Value operand);

/// Broadcasts `v`, whose shape broadcasts to `like`'s, to `like`'s type
/// (dynamic sizes taken from `like` with dimOf).
Value broadcastLike(OpBuilder &b, Location loc, Value v, Value like);

/// `v` with a dimension of size 1 inserted at each of the sorted result
/// positions `positions` (the keep_dims form of a reduction's result).
Value insertUnitDims(OpBuilder &b, Location loc, Value v,
                     ArrayRef<int64_t> positions);

/// The number of elements of `v` over dimensions `dims`, as a rank-0 tensor
/// of element type `elem` (computed at run time when a size is dynamic).
Value countAlong(OpBuilder &b, Location loc, Value v, ArrayRef<int64_t> dims,
                 Type elem);

/// Shorthands for rules: builds tfcc ops at one location; scalars take the
/// element type of `like`.
struct Emitter {
  OpBuilder &b;
  Location loc;

  Value add(Value x, Value y) { return AddOp::create(b, loc, x, y); }
  Value sub(Value x, Value y) { return SubOp::create(b, loc, x, y); }
  Value mul(Value x, Value y) { return MulOp::create(b, loc, x, y); }
  Value div(Value x, Value y) { return DivOp::create(b, loc, x, y); }
  Value neg(Value x) { return NegOp::create(b, loc, x); }
  Value rsqrt(Value x) { return RsqrtOp::create(b, loc, x); }
  Value select(Value c, Value t, Value f) {
    return SelectOp::create(b, loc, c, t, f);
  }
  Value scalar(Value like, double v) {
    return scalarTensor(b, loc, tensorType(like).getElementType(), v);
  }
  Value sum(Value x, ArrayRef<int64_t> axes, bool keep) {
    return ReduceSumOp::create(b, loc, x, axes, keep);
  }
  Value sumKeep(Value x, ArrayRef<int64_t> axes) { return sum(x, axes, true); }
  Value sumAll(Value x) {
    auto axes = llvm::to_vector(llvm::seq<int64_t>(0, tensorType(x).getRank()));
    return sum(x, axes, false);
  }
  Value mean(Value x, ArrayRef<int64_t> axes) {
    return ReduceMeanOp::create(b, loc, x, axes, /*keep_dims=*/true);
  }
  Value toFloat(Value x, Type elem) { return CastOp::create(b, loc, x, elem); }
};

} // namespace mlir::tfcc

#endif // TFCC_LIB_TRANSFORMS_GRADIENTRULES_H
