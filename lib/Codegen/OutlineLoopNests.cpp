//===- OutlineLoopNests.cpp - one function per top-level loop nest --------===//

#include "tfcc/Codegen/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/SCF/Utils/Utils.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

namespace mlir::tfcc {
#define GEN_PASS_DEF_TFCCOUTLINELOOPNESTS
#include "tfcc/Codegen/Passes.h.inc"
} // namespace mlir::tfcc

using namespace mlir;

namespace {

// Cost estimates saturate here, far above any threshold.
constexpr int64_t kMostCost = int64_t(1) << 40;

/// `cost` times the trip count of `loop` (16 where it is dynamic),
/// saturating.
int64_t timesTrips(int64_t cost, scf::ForOp loop) {
  std::optional<APInt> trips = loop.getStaticTripCount();
  int64_t count = trips ? trips->getSExtValue() : 16;
  return count > 0 && cost > kMostCost / count ? kMostCost : count * cost;
}

/// Roughly how many instructions one run of `block` takes: one an op, a
/// vector op one per 512 bits of its widest result or operand (a store of
/// a vector<64xf32> is four), and loops inside it their trip count (16
/// where it is dynamic) times their body. The thread pool weighs it against
/// the cost of handing out work.
int64_t estimateCost(Block &block) {
  int64_t cost = 0;
  for (Operation &op : block) {
    int64_t own = 1;
    auto widest = [&](TypeRange types) {
      for (Type type : types)
        if (auto vector = dyn_cast<VectorType>(type))
          own = std::max<int64_t>(
              own, vector.getNumElements() *
                       vector.getElementType().getIntOrFloatBitWidth() / 512);
    };
    widest(op.getResultTypes());
    widest(op.getOperandTypes());
    if (auto loop = dyn_cast<scf::ForOp>(op)) {
      own = timesTrips(estimateCost(*loop.getBody()), loop);
    } else if (auto branch = dyn_cast<scf::IfOp>(op)) {
      own = estimateCost(branch.getThenRegion().front());
      if (!branch.getElseRegion().empty())
        own = std::max(own, estimateCost(branch.getElseRegion().front()));
    } else {
      for (Region &region : op.getRegions())
        for (Block &inner : region)
          own += estimateCost(inner);
    }
    cost = std::min(cost + std::max<int64_t>(own, 0), kMostCost);
  }
  return cost;
}

/// The loop directly inside `loop` when it is all that `loop` does: the
/// rest of its body has no effect on memory (not even a read: the inner
/// loop, split between threads, may write what it would read), and it
/// yields nothing.
scf::ForOp onlyInnerLoop(scf::ForOp loop) {
  if (loop.getNumResults() != 0)
    return nullptr;
  scf::ForOp inner;
  for (Operation &op : loop.getBody()->without_terminator()) {
    if (auto nested = dyn_cast<scf::ForOp>(op); nested && !inner)
      inner = nested;
    else if (!isMemoryEffectFree(&op))
      return nullptr;
  }
  return inner;
}

/// The loop of the nest `top` that the thread pool splits, and how deep it
/// is: the outermost one marked tfcc.parallel along the loops each of which
/// is all its parent does (so that every thread running the loops above it
/// whole touches no memory twice), with bounds defined outside the nest (the
/// caller counts its iterations). Null if there is none.
std::pair<scf::ForOp, unsigned> findSplitLoop(scf::ForOp top) {
  unsigned depth = 0;
  for (scf::ForOp loop = top; loop; loop = onlyInnerLoop(loop), ++depth) {
    if (!loop->hasAttr(tfcc::kParallelAttrName) || loop.getNumResults() != 0)
      continue;
    auto outside = [&](Value value) {
      return !top->isAncestor(value.getParentRegion()->getParentOp());
    };
    if (outside(loop.getLowerBound()) && outside(loop.getUpperBound()) &&
        outside(loop.getStep()))
      return {loop, depth};
    return {nullptr, 0};
  }
  return {nullptr, 0};
}

/// Bounds the loop `depth` loops deep in the nest of `kernel`, outlined from
/// a nest whose loop there is marked tfcc.parallel (findSplitLoop), to
/// iterations [lo, hi) of it, two new arguments: the thread pool runs
/// ranges of them.
void takeIterationRange(RewriterBase &rewriter, func::FuncOp kernel,
                        unsigned depth) {
  Location loc = kernel.getLoc();
  Type index = rewriter.getIndexType();
  unsigned count = kernel.getNumArguments();
  (void)kernel.insertArguments({count, count}, {index, index}, {}, {loc, loc});
  Value lo = kernel.getArgument(count), hi = kernel.getArgument(count + 1);
  auto top = *kernel.getBody().getOps<scf::ForOp>().begin();
  scf::ForOp loop = top;
  for (unsigned d = 0; d < depth; ++d)
    loop = onlyInnerLoop(loop);
  // Its bounds are defined outside the nest (findSplitLoop).
  rewriter.setInsertionPoint(top);
  Value lb = loop.getLowerBound(), step = loop.getStep();
  auto at = [&](Value i) {
    return arith::AddIOp::create(rewriter, loc, lb,
                                 arith::MulIOp::create(rewriter, loc, i, step));
  };
  Value begin = at(lo);
  Value end =
      arith::MinSIOp::create(rewriter, loc, at(hi), loop.getUpperBound());
  rewriter.modifyOpInPlace(loop, [&] {
    loop.getLowerBoundMutable().assign(begin);
    loop.getUpperBoundMutable().assign(end);
  });
}

/// Wraps `loop` in an scf.execute_region whose block also holds clones of
/// the constants the loop uses, so that outlining keeps them static.
scf::ExecuteRegionOp wrapWithConstants(RewriterBase &rewriter,
                                       scf::ForOp loop) {
  Location loc = loop.getLoc();
  rewriter.setInsertionPoint(loop);
  auto exec =
      scf::ExecuteRegionOp::create(rewriter, loc, loop.getResultTypes());
  Block *block = rewriter.createBlock(&exec.getRegion());
  rewriter.setInsertionPointToStart(block);
  llvm::SetVector<Operation *> constants;
  loop->walk([&](Operation *op) {
    for (Value operand : op->getOperands())
      if (Operation *def = operand.getDefiningOp())
        if (def->hasTrait<OpTrait::ConstantLike>() &&
            !loop->isAncestor(def))
          constants.insert(def);
  });
  IRMapping mapping;
  for (Operation *constant : constants)
    rewriter.clone(*constant, mapping);
  rewriter.replaceAllUsesWith(loop.getResults(), exec.getResults());
  loop->moveBefore(block, block->end());
  for (auto [from, to] : mapping.getValueMap())
    rewriter.replaceUsesWithIf(from, to, [&](OpOperand &use) {
      return exec->isProperAncestor(use.getOwner());
    });
  rewriter.setInsertionPointToEnd(block);
  scf::YieldOp::create(rewriter, loc, loop.getResults());
  return exec;
}

struct TfccOutlineLoopNests
    : tfcc::impl::TfccOutlineLoopNestsBase<TfccOutlineLoopNests> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    IRRewriter rewriter(&getContext());
    SymbolTable symbols(module);
    SmallVector<func::FuncOp> funcs(module.getOps<func::FuncOp>());
    for (func::FuncOp func : funcs) {
      if (func.isExternal())
        continue;
      SmallVector<scf::ForOp> loops;
      for (Block &block : func.getBody())
        for (auto loop : block.getOps<scf::ForOp>())
          loops.push_back(loop);
      unsigned index = 0;
      for (scf::ForOp loop : loops) {
        // A parallel loop's kernel runs ranges of its iterations, [0, trips)
        // in all, on the thread pool (convert-tfcc-parallel-kernels-to-llvm).
        auto [split, depth] = findSplitLoop(loop);
        bool parallel = split != nullptr;
        Value zero, trips;
        int64_t cost = 0;
        if (parallel) {
          Location loc = loop.getLoc();
          rewriter.setInsertionPoint(loop);
          zero = arith::ConstantIndexOp::create(rewriter, loc, 0);
          trips = rewriter.createOrFold<arith::CeilDivSIOp>(
              loc,
              rewriter.createOrFold<arith::SubIOp>(loc, split.getUpperBound(),
                                                   split.getLowerBound()),
              split.getStep());
          // An iteration of the split loop runs once for each iteration of
          // the loops above it.
          cost = std::max<int64_t>(1, estimateCost(*split.getBody()));
          for (scf::ForOp outer = loop; outer != split;
               outer = onlyInnerLoop(outer))
            cost = timesTrips(cost, outer);
        }
        scf::ExecuteRegionOp exec = wrapWithConstants(rewriter, loop);
        std::string name;
        do {
          name = (func.getSymName() + "_kernel" + Twine(index++)).str();
        } while (symbols.lookup(name));
        func::CallOp call;
        FailureOr<func::FuncOp> outlined = outlineSingleBlockRegion(
            rewriter, loop.getLoc(), exec.getRegion(), name, &call);
        if (failed(outlined)) {
          exec.emitOpError("could not be outlined");
          return signalPassFailure();
        }
        outlined->setPrivate();
        if (parallel) {
          takeIterationRange(rewriter, *outlined, depth);
          (*outlined)->setAttr(tfcc::kParallelAttrName,
                               rewriter.getI64IntegerAttr(cost));
          rewriter.modifyOpInPlace(call, [&] {
            call.getOperandsMutable().append({zero, trips});
          });
        }
        // Kept out of line: the LLVM translation marks it noinline.
        outlined->getOperation()->setAttr(tfcc::kKernelAttrName,
                                          rewriter.getUnitAttr());
        symbols.insert(*outlined);
        // The execute_region now holds just the call: inline it.
        Block *body = &exec.getRegion().front();
        Operation *yield = body->getTerminator();
        SmallVector<Value> results(yield->getOperands());
        rewriter.eraseOp(yield);
        rewriter.inlineBlockBefore(body, exec);
        rewriter.replaceOp(exec, results);
      }
    }
  }
};

} // namespace
