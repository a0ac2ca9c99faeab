//===- Autodiff.cpp - expand tfcc.gradients into backward ops -------------===//

#include "tfcc/Transforms/Passes.h"

#include "GradientRules.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "llvm/ADT/DenseSet.h"

namespace mlir::tfcc {
#define GEN_PASS_DEF_TFCCAUTODIFF
#include "tfcc/Transforms/Passes.h.inc"
} // namespace mlir::tfcc

using namespace mlir;
using namespace mlir::tfcc;
using mlir::tfcc::impl::TfccAutodiffBase;

namespace {

/// Replaces `op` by the gradients of its ys with respect to its xs.
LogicalResult expandGradients(GradientsOp op, const GradientRuleTable &rules) {
  Block *block = op->getBlock();
  Location loc = op.getLoc();

  // Values that depend on an x: walking forward from the xs.
  llvm::DenseSet<Value> dependsOnX(op.getXs().begin(), op.getXs().end());
  llvm::DenseSet<Operation *> fromX;
  for (Operation &fwd : llvm::make_range(block->begin(), op->getIterator())) {
    if (isa<StopGradientOp>(fwd))
      continue; // a constant to differentiation
    if (llvm::none_of(fwd.getOperands(),
                      [&](Value v) { return dependsOnX.contains(v); }))
      continue;
    fromX.insert(&fwd);
    dependsOnX.insert(fwd.result_begin(), fwd.result_end());
  }

  // The ops on a path from an x to a y, walking backward from the ys.
  llvm::DenseSet<Value> needed(op.getYs().begin(), op.getYs().end());
  SmallVector<Operation *> path; // reverse block order
  for (Operation &fwd :
       llvm::reverse(llvm::make_range(block->begin(), op->getIterator()))) {
    if (llvm::none_of(fwd.getResults(),
                      [&](Value v) { return needed.contains(v); }))
      continue;
    needed.insert(fwd.operand_begin(), fwd.operand_end());
    if (fromX.contains(&fwd))
      path.push_back(&fwd);
  }

  OpBuilder b(op);
  DenseMap<Value, Value> grads;
  auto accumulate = [&](Value v, Value g) {
    Value &sum = grads[v];
    sum = sum ? AddOp::create(b, loc, sum, g).getResult() : g;
  };
  for (auto [i, y] : llvm::enumerate(op.getYs())) {
    Value seed = op.getGradYs().empty()
                     ? filledLike(b, loc, y, 1.0)
                     : castTo(b, loc, op.getGradYs()[i], y.getType());
    accumulate(y, seed);
  }

  for (Operation *fwd : path) {
    SmallVector<Value> resultGrads;
    for (Value r : fwd->getResults())
      resultGrads.push_back(isFloatTensor(r.getType()) ? grads.lookup(r)
                                                       : Value());
    if (llvm::all_of(resultGrads, [](Value g) { return !g; }))
      continue;
    const GradientRule *rule = rules.lookup(fwd->getName().getStringRef());
    if (!rule)
      return emitError(fwd->getLoc(), "tfcc.gradients: no gradient rule for '")
             << fwd->getName() << "'";
    SmallVector<Value> operandGrads;
    if (failed((*rule)(b, fwd, resultGrads, operandGrads)))
      return failure();
    if (operandGrads.size() != fwd->getNumOperands())
      return emitError(fwd->getLoc(), "tfcc.gradients: the gradient rule for '")
             << fwd->getName() << "' gave " << operandGrads.size()
             << " operand gradients for " << fwd->getNumOperands()
             << " operands";
    for (auto [operand, g] : llvm::zip(fwd->getOperands(), operandGrads)) {
      if (!g || !isFloatTensor(operand.getType()) ||
          !dependsOnX.contains(operand))
        continue;
      if (g.getType() != operand.getType())
        return emitError(fwd->getLoc(),
                         "tfcc.gradients: the gradient rule for '")
               << fwd->getName() << "' gave a gradient of type " << g.getType()
               << " for an operand of type " << operand.getType();
      accumulate(operand, g);
    }
  }

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
