//===- Autodiff.cpp - expand tfcc.gradients into backward ops -------------===//

#include "tfcc/Transforms/Passes.h"

#include "GradientRules.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/Transforms/RegionUtils.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SetVector.h"

namespace mlir::tfcc {
#define GEN_PASS_DEF_TFCCAUTODIFF
#include "tfcc/Transforms/Passes.h.inc"
} // namespace mlir::tfcc

using namespace mlir;
using namespace mlir::tfcc;
using mlir::tfcc::impl::TfccAutodiffBase;

namespace {

/// What an op reads: its operands, and for an op with regions (tfcc.cond)
/// the values from above that its regions use.
SmallVector<Value> inputsOf(Operation *op) {
  SmallVector<Value> inputs(op->getOperands());
  if (op->getNumRegions() != 0) {
    llvm::SetVector<Value> captured;
    getUsedValuesDefinedAbove(op->getRegions(), captured);
    inputs.append(captured.begin(), captured.end());
  }
  return inputs;
}

/// Reverse-mode differentiation of the ops `fwd` (in order, in one block):
/// with `seeds` (value -> its gradient), adds to `grads` the gradient of
/// every value that depends on one of `xs`, the backward ops built at
/// `b`'s insertion point.
LogicalResult differentiate(OpBuilder &b, Location loc,
                            ArrayRef<Operation *> fwd, ArrayRef<Value> xs,
                            DenseMap<Value, Value> &grads,
                            const GradientRuleTable &rules);

/// The gradient of a tfcc.cond: a tfcc.cond on the same predicate whose
/// branches differentiate the forward branches (cloned) from the result
/// gradients to the values from above that they use and that depend on an
/// x. Gives those values and their gradients.
LogicalResult differentiateCond(OpBuilder &b, CondOp cond,
                                ArrayRef<Value> resultGrads,
                                const llvm::DenseSet<Value> &dependsOnX,
                                SmallVectorImpl<Value> &targets,
                                SmallVectorImpl<Value> &targetGrads,
                                const GradientRuleTable &rules) {
  Location loc = cond.getLoc();
  SmallVector<Value> inputs = inputsOf(cond);
  for (Value v : ArrayRef(inputs).drop_front(1))
    if (dependsOnX.contains(v) && isFloatTensor(v.getType()) &&
        !llvm::is_contained(targets, v))
      targets.push_back(v);
  if (targets.empty())
    return success();
  SmallVector<Type> types;
  for (Value t : targets)
    types.push_back(t.getType());
  auto grad = CondOp::create(b, loc, types, cond.getPred());
  for (auto [from, to] :
       {std::pair{&cond.getThenBranch(), &grad.getThenBranch()},
        {&cond.getElseBranch(), &grad.getElseBranch()}}) {
    OpBuilder inner(b.getContext());
    inner.createBlock(to);
    IRMapping mapping;
    SmallVector<Operation *> ops;
    for (Operation &op : from->front().without_terminator())
      ops.push_back(inner.clone(op, mapping));
    auto yield = cast<YieldOp>(from->front().getTerminator());
    DenseMap<Value, Value> grads;
    for (auto [value, g] : llvm::zip(yield.getValues(), resultGrads))
      if (g && isFloatTensor(value.getType())) {
        Value v = mapping.lookupOrDefault(value);
        grads[v] = castTo(inner, loc, g, v.getType());
      }
    if (failed(differentiate(inner, loc, ops, targets, grads, rules)))
      return failure();
    SmallVector<Value> yields;
    for (Value t : targets) {
      Value g = grads.lookup(t);
      yields.push_back(g ? g : zerosLike(inner, loc, t));
    }
    YieldOp::create(inner, loc, yields);
  }
  targetGrads.append(grad.getResults().begin(), grad.getResults().end());
  return success();
}

LogicalResult differentiate(OpBuilder &b, Location loc,
                            ArrayRef<Operation *> fwd, ArrayRef<Value> xs,
                            DenseMap<Value, Value> &grads,
                            const GradientRuleTable &rules) {
  // Values that depend on an x: walking forward from the xs.
  llvm::DenseSet<Value> dependsOnX(xs.begin(), xs.end());
  llvm::DenseSet<Operation *> fromX;
  for (Operation *op : fwd) {
    if (isa<StopGradientOp>(op))
      continue; // a constant to differentiation
    if (llvm::none_of(inputsOf(op),
                      [&](Value v) { return dependsOnX.contains(v); }))
      continue;
    fromX.insert(op);
    dependsOnX.insert(op->result_begin(), op->result_end());
  }

  // The ops on a path from an x to a seeded value, walking backward.
  llvm::DenseSet<Value> needed;
  for (auto &entry : grads)
    needed.insert(entry.first);
  SmallVector<Operation *> path; // reverse order
  for (Operation *op : llvm::reverse(fwd)) {
    if (llvm::none_of(op->getResults(),
                      [&](Value v) { return needed.contains(v); }))
      continue;
    for (Value v : inputsOf(op))
      needed.insert(v);
    if (fromX.contains(op))
      path.push_back(op);
  }

  auto accumulate = [&](Value v, Value g) {
    Value &sum = grads[v];
    sum = sum ? AddOp::create(b, loc, sum, g).getResult() : g;
  };
  for (Operation *op : path) {
    SmallVector<Value> resultGrads;
    for (Value r : op->getResults())
      resultGrads.push_back(isFloatTensor(r.getType()) ? grads.lookup(r)
                                                       : Value());
    if (llvm::all_of(resultGrads, [](Value g) { return !g; }))
      continue;
    if (auto cond = dyn_cast<CondOp>(op)) {
      SmallVector<Value> targets, targetGrads;
      if (failed(differentiateCond(b, cond, resultGrads, dependsOnX, targets,
                                   targetGrads, rules)))
        return failure();
      for (auto [t, g] : llvm::zip(targets, targetGrads))
        accumulate(t, g);
      continue;
    }
    const GradientRule *rule = rules.lookup(op->getName().getStringRef());
    if (!rule)
      return emitError(op->getLoc(), "tfcc.gradients: no gradient rule for '")
             << op->getName() << "'";
    SmallVector<Value> operandGrads;
    if (failed((*rule)(b, op, resultGrads, operandGrads)))
      return failure();
    if (operandGrads.size() != op->getNumOperands())
      return emitError(op->getLoc(), "tfcc.gradients: the gradient rule for '")
             << op->getName() << "' gave " << operandGrads.size()
             << " operand gradients for " << op->getNumOperands()
             << " operands";
    for (auto [operand, g] : llvm::zip(op->getOperands(), operandGrads)) {
      if (!g || !isFloatTensor(operand.getType()) ||
          !dependsOnX.contains(operand))
        continue;
      if (g.getType() != operand.getType())
        return emitError(op->getLoc(),
                         "tfcc.gradients: the gradient rule for '")
               << op->getName() << "' gave a gradient of type " << g.getType()
               << " for an operand of type " << operand.getType();
      accumulate(operand, g);
    }
  }
  return success();
}

/// Replaces `op` by the gradients of its ys with respect to its xs.
LogicalResult expandGradients(GradientsOp op, const GradientRuleTable &rules) {
  Location loc = op.getLoc();
  SmallVector<Operation *> fwd;
  for (Operation &before :
       llvm::make_range(op->getBlock()->begin(), op->getIterator()))
    fwd.push_back(&before);
  OpBuilder b(op);
  DenseMap<Value, Value> grads;
  for (auto [i, y] : llvm::enumerate(op.getYs())) {
    Value seed = op.getGradYs().empty()
                     ? filledLike(b, loc, y, 1.0)
                     : castTo(b, loc, op.getGradYs()[i], y.getType());
    Value &sum = grads[y];
    sum = sum ? AddOp::create(b, loc, sum, seed).getResult() : seed;
  }
  SmallVector<Value> xs(op.getXs());
  if (failed(differentiate(b, loc, fwd, xs, grads, rules)))
    return failure();
  SmallVector<Value> results;
  for (Value x : op.getXs()) {
    Value g = grads.lookup(x);
    results.push_back(g ? g : zerosLike(b, loc, x));
  }
  op->replaceAllUsesWith(results);
  op->erase();
  return success();
}

struct TfccAutodiff : TfccAutodiffBase<TfccAutodiff> {
  using TfccAutodiffBase::TfccAutodiffBase;

  void runOnOperation() override {
    const GradientRuleTable &rules = getGradientRules();
    if (listRules) {
      for (StringRef name : rules.names())
        llvm::outs() << name << "\n";
      return;
    }
    // In block order, so that a gradients op that differentiates another
    // one's results sees its expansion.
    SmallVector<GradientsOp> ops;
    getOperation()->walk([&](GradientsOp op) { ops.push_back(op); });
    for (GradientsOp op : ops)
      if (failed(expandGradients(op, rules)))
        return signalPassFailure();
    // Only differentiation distinguishes stop_gradient from its operand.
    getOperation()->walk([](StopGradientOp op) {
      op.replaceAllUsesWith(op.getInput());
      op->erase();
    });
  }
};

} // namespace
