//===- ControlFlowToScf.cpp - tfcc.cond/while to scf ----------------------===//
//
// tfcc.cond -> scf.if and tfcc.while -> scf.while, regions moved, not cloned;
// see Passes.td.
//
//===----------------------------------------------------------------------===//

#include "tfcc/Conversion/Passes.h"
#include "tfcc/Dialect/Tfcc.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"

namespace mlir::tfcc {
#define GEN_PASS_DEF_CONVERTTFCCCONTROLFLOWTOSCF
#include "tfcc/Conversion/Passes.h.inc"
} // namespace mlir::tfcc

using namespace mlir;
using namespace mlir::tfcc;

/// `values` cast to `types` where they differ (a static dim that the loop
/// variable or result has as dynamic).
static SmallVector<Value> castTo(OpBuilder &b, Location loc, ValueRange values,
                                 TypeRange types) {
  SmallVector<Value> out;
  for (auto [v, t] : llvm::zip(values, types))
    out.push_back(v.getType() == t ? v : tensor::CastOp::create(b, loc, t, v));
  return out;
}

static Value readPredicate(OpBuilder &b, Location loc, Value pred) {
  return tensor::ExtractOp::create(b, loc, pred, ValueRange{});
}

static void lowerCond(IRRewriter &rewriter, CondOp op) {
  Location loc = op.getLoc();
  rewriter.setInsertionPoint(op);
  Value pred = readPredicate(rewriter, loc, op.getPred());
  auto ifOp = scf::IfOp::create(rewriter, loc, op.getResultTypes(), pred,
                                /*addThenBlock=*/false,
                                /*addElseBlock=*/false);
  for (auto [from, to] : {std::pair{&op.getThenBranch(), &ifOp.getThenRegion()},
                          {&op.getElseBranch(), &ifOp.getElseRegion()}}) {
    rewriter.inlineRegionBefore(*from, *to, to->end());
    auto yield = cast<YieldOp>(to->front().getTerminator());
    rewriter.setInsertionPoint(yield);
    scf::YieldOp::create(rewriter, yield.getLoc(),
                         castTo(rewriter, yield.getLoc(), yield.getValues(),
                                op.getResultTypes()));
    rewriter.eraseOp(yield);
  }
  rewriter.replaceOp(op, ifOp.getResults());
}

static void lowerWhile(IRRewriter &rewriter, WhileOp op) {
  Location loc = op.getLoc();
  rewriter.setInsertionPoint(op);
  TypeRange varTypes = op.getResultTypes();
  SmallVector<Value> inits = castTo(rewriter, loc, op.getInits(), varTypes);
  SmallVector<Type> types(varTypes);
  // With a maximum trip count, the number of iterations run so far rides
  // along as the last loop variable.
  Value limit;
  auto i64 = rewriter.getI64Type();
  if (Value max = op.getMaximumIterations()) {
    limit = tensor::ExtractOp::create(rewriter, loc, max, ValueRange{});
    if (limit.getType() != i64)
      limit = arith::ExtSIOp::create(rewriter, loc, i64, limit);
    inits.push_back(arith::ConstantIntOp::create(rewriter, loc, i64, 0));
    types.push_back(i64);
  }
  auto whileOp = scf::WhileOp::create(rewriter, loc, types, inits);
  SmallVector<Location> locs(types.size(), loc);
  size_t numVars = varTypes.size();

  Block *before = rewriter.createBlock(&whileOp.getBefore(), {}, types, locs);
  rewriter.mergeBlocks(&op.getCond().front(), before,
                       before->getArguments().take_front(numVars));
  auto condYield = cast<YieldOp>(before->getTerminator());
  rewriter.setInsertionPoint(condYield);
  Value goOn = readPredicate(rewriter, loc, condYield.getValues()[0]);
  if (limit) {
    Value below =
        arith::CmpIOp::create(rewriter, loc, arith::CmpIPredicate::slt,
                              before->getArguments().back(), limit);
    goOn = arith::AndIOp::create(rewriter, loc, goOn, below);
  }
  scf::ConditionOp::create(rewriter, condYield.getLoc(), goOn,
                           before->getArguments());
  rewriter.eraseOp(condYield);

  Block *after = rewriter.createBlock(&whileOp.getAfter(), {}, types, locs);
  rewriter.mergeBlocks(&op.getBody().front(), after,
                       after->getArguments().take_front(numVars));
  auto bodyYield = cast<YieldOp>(after->getTerminator());
  rewriter.setInsertionPoint(bodyYield);
  SmallVector<Value> next =
      castTo(rewriter, bodyYield.getLoc(), bodyYield.getValues(), varTypes);
  // A loop variable of static shape gets its next value copied into its own
  // buffer: bufferization then forwards the buffer from iteration to
  // iteration instead of allocating one and copying it through the
  // condition each time (what it does for a value that is not the
  // iteration's own buffer). Where writing it in place would clobber a value
  // still needed (two variables swapped), bufferization copies instead.
  for (size_t k = 0; k < varTypes.size(); ++k) {
    Value arg = after->getArgument(k);
    if (next[k] != arg &&
        cast<RankedTensorType>(arg.getType()).hasStaticShape())
      next[k] =
          linalg::CopyOp::create(rewriter, bodyYield.getLoc(), next[k], arg)
              .getResult(0);
  }
  if (limit) {
    Value one = arith::ConstantIntOp::create(rewriter, loc, i64, 1);
    next.push_back(arith::AddIOp::create(rewriter, loc,
                                         after->getArguments().back(), one));
  }
  scf::YieldOp::create(rewriter, bodyYield.getLoc(), next);
  rewriter.eraseOp(bodyYield);

  rewriter.replaceOp(op, whileOp.getResults().take_front(numVars));
}

namespace {
struct ConvertTfccControlFlowToScf
    : mlir::tfcc::impl::ConvertTfccControlFlowToScfBase<
          ConvertTfccControlFlowToScf> {
  void runOnOperation() override {
    SmallVector<Operation *> ops;
    getOperation().walk([&](Operation *op) {
      if (isa<CondOp, WhileOp>(op))
        ops.push_back(op);
    });
    // A loop updates its variables' buffers in place (see lowerWhile): one
    // that starts as an argument must not write into the caller's memory,
    // so bufferization copies it first.
    func::FuncOp func = getOperation();
    if (llvm::any_of(ops, [](Operation *op) { return isa<WhileOp>(op); }))
      for (unsigned i = 0; i < func.getNumArguments(); ++i)
        if (isa<TensorType>(func.getArgument(i).getType()))
          func.setArgAttr(i, "bufferization.writable",
                          BoolAttr::get(&getContext(), false));
    IRRewriter rewriter(&getContext());
    for (Operation *op : ops) {
      if (auto cond = dyn_cast<CondOp>(op))
        lowerCond(rewriter, cond);
      else
        lowerWhile(rewriter, cast<WhileOp>(op));
    }
  }
};

} // namespace
