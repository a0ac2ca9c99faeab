//===- ThreadRandomState.cpp - random ops get their counters --------------===//
//
// Stateful random ops become pure ones that take an execution counter, kept
// in a variable so that each model instance (and its checkpoint) holds the
// generator state (see Passes.td).
//
//===----------------------------------------------------------------------===//

#include "tfcc/Transforms/Passes.h"

#include "mlir/IR/SymbolTable.h"

namespace mlir::tfcc {
#define GEN_PASS_DEF_TFCCTHREADRANDOMSTATE
#include "tfcc/Transforms/Passes.h.inc"
} // namespace mlir::tfcc

using namespace mlir;
using namespace mlir::tfcc;

namespace {

/// The variable's name: ':' cannot occur in a TensorFlow node name, so it
/// cannot clash with a graph's variable.
constexpr llvm::StringLiteral kCounterName = "tfcc:random_counter";

bool hasStatefulRandom(Region &region) {
  return region
      .walk([](RandomOp op) {
        return op.getCounter() ? WalkResult::advance()
                               : WalkResult::interrupt();
      })
      .wasInterrupted();
}

bool hasStatefulRandom(Operation *op) {
  return llvm::any_of(op->getRegions(),
                      [](Region &r) { return hasStatefulRandom(r); });
}

Value plusOne(OpBuilder &b, Location loc, Value c) {
  auto type = cast<RankedTensorType>(c.getType());
  Value one = ConstantOp::create(b, loc, type,
                                 DenseElementsAttr::get(type, APInt(64, 1)));
  return AddOp::create(b, loc, c, one);
}

/// Gives the random ops of `block` (and of the conds and loops in it) the
/// counters that follow `c` in program order; returns the counter after the
/// block.
FailureOr<Value> threadBlock(Block &block, Value c) {
  for (Operation &op : llvm::make_early_inc_range(block)) {
    if (auto random = dyn_cast<RandomOp>(op)) {
      if (random.getCounter())
        continue;
      random.getCounterMutable().assign(c);
      OpBuilder b(random->getContext());
      b.setInsertionPointAfter(random);
      c = plusOne(b, random.getLoc(), c);
      continue;
    }
    if (!hasStatefulRandom(&op))
      continue;
    OpBuilder b(&op);
    Location loc = op.getLoc();
    SmallVector<Type> types(op.getResultTypes());
    types.push_back(c.getType());
    Operation *next;
    if (auto cond = dyn_cast<CondOp>(op)) {
      auto threaded = CondOp::create(b, loc, types, cond.getPred());
      threaded.getThenBranch().takeBody(cond.getThenBranch());
      threaded.getElseBranch().takeBody(cond.getElseBranch());
      for (Region *branch :
           {&threaded.getThenBranch(), &threaded.getElseBranch()}) {
        FailureOr<Value> after = threadBlock(branch->front(), c);
        if (failed(after))
          return failure();
        cast<YieldOp>(branch->front().getTerminator())
            .getValuesMutable()
            .append(*after);
      }
      next = threaded;
    } else if (auto loop = dyn_cast<WhileOp>(op)) {
      if (hasStatefulRandom(loop.getCond()))
        return loop.emitError("random ops in a loop's condition are not "
                              "supported; draw them in the body");
      SmallVector<Value> inits(loop.getInits());
      inits.push_back(c);
      auto threaded =
          WhileOp::create(b, loc, types, inits, loop.getMaximumIterations());
      threaded.getCond().takeBody(loop.getCond());
      threaded.getBody().takeBody(loop.getBody());
      threaded.getCond().front().addArgument(c.getType(), loc);
      Block &body = threaded.getBody().front();
      FailureOr<Value> after =
          threadBlock(body, body.addArgument(c.getType(), loc));
      if (failed(after))
        return failure();
      cast<YieldOp>(body.getTerminator()).getValuesMutable().append(*after);
      next = threaded;
    } else {
      return op.emitError("random ops inside '")
             << op.getName() << "' are not supported";
    }
    next->setDiscardableAttrs(op.getDiscardableAttrDictionary());
    op.replaceAllUsesWith(next->getResults().drop_back());
    c = next->getResults().back();
    op.erase();
  }
  return c;
}

struct ThreadRandomState
    : public mlir::tfcc::impl::TfccThreadRandomStateBase<ThreadRandomState> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<func::FuncOp> users;
    for (auto fn : module.getOps<func::FuncOp>())
      if (hasStatefulRandom(fn.getBody()))
        users.push_back(fn);
    if (users.empty())
      return;
    if (SymbolTable::lookupSymbolIn(module, kCounterName)) {
      emitError(module.getLoc(), "the symbol '")
          << kCounterName << "' is taken; random ops need it";
      return signalPassFailure();
    }

    // After the other variables, so that their indices stay as they were.
    OpBuilder mb(module.getContext());
    mb.setInsertionPointToStart(module.getBody());
    for (auto var : module.getOps<VariableOp>())
      mb.setInsertionPointAfter(var);
    auto type = RankedTensorType::get({}, mb.getI64Type());
    VariableOp::create(mb, module.getLoc(), mb.getStringAttr(kCounterName),
                       TypeAttr::get(type),
                       DenseElementsAttr::get(type, APInt(64, 0)));
    auto symbol = FlatSymbolRefAttr::get(module.getContext(), kCounterName);

    for (func::FuncOp fn : users) {
      Block &entry = fn.getBody().front();
      if (!fn.getBody().hasOneBlock() ||
          !isa<func::ReturnOp>(entry.getTerminator())) {
        fn.emitError("random ops need a function of one block ending in "
                     "func.return");
        return signalPassFailure();
      }
      OpBuilder b = OpBuilder::atBlockBegin(&entry);
      Value start = ReadVariableOp::create(b, fn.getLoc(), type, symbol);
      FailureOr<Value> end = threadBlock(entry, start);
      if (failed(end))
        return signalPassFailure();
      b.setInsertionPoint(entry.getTerminator());
      AssignOp::create(b, fn.getLoc(), type, symbol, *end);
    }
  }
};

} // namespace
