//===- OutlineLoopNests.cpp - one function per top-level loop nest --------===//

#include "CodegenUtils.h"
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
  // Through the loop's operands, not the constants' uses: a constant such
  // as index 0 is used by every nest of the function, and scanning its
  // uses for each nest made the pass quadratic in the number of nests.
  loop->walk([&](Operation *op) {
    for (OpOperand &operand : op->getOpOperands())
      if (Value to = mapping.lookupOrNull(operand.get()))
        rewriter.modifyOpInPlace(op, [&] { operand.set(to); });
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
      if (func.isExternal() || tfcc::isOnGpu(func))
        continue;
      SmallVector<scf::ForOp> loops;
      for (Block &block : func.getBody())
        for (auto loop : block.getOps<scf::ForOp>())
          loops.push_back(loop);
      unsigned index = 0;
      // A nest inside a case of a tfcc-concurrent-branches loop runs on the
      // thread that runs the case: it becomes a kernel of its own, called
      // there, so that the loop's kernel stays small.
      auto outlineBranches = [&](scf::ForOp loop) -> LogicalResult {
        if (!loop->hasAttr(tfcc::kBranchesAttrName))
          return success();
        auto cases = cast<scf::IndexSwitchOp>(loop.getBody()->front());
        for (Region &region : cases.getCaseRegions())
          for (auto nest :
               llvm::make_early_inc_range(region.front().getOps<scf::ForOp>()))
            if (failed(outline(rewriter, symbols, func, nest, index,
                               /*mayBeParallel=*/false)))
              return failure();
        return success();
      };
      for (scf::ForOp loop : loops)
        if (failed(outline(rewriter, symbols, func, loop, index,
                           /*mayBeParallel=*/true, outlineBranches)))
          return signalPassFailure();
    }
  }

  /// Outlines the nest `loop` of `func` into a kernel named after `func`
  /// and the next free `index`; a parallel one (findSplitLoop) when
  /// `mayBeParallel`. `beforeOutlining` sees the loop once its cost is
  /// known.
  LogicalResult
  outline(IRRewriter &rewriter, SymbolTable &symbols, func::FuncOp func,
          scf::ForOp loop, unsigned &index, bool mayBeParallel,
          function_ref<LogicalResult(scf::ForOp)> beforeOutlining = nullptr) {
    // A parallel loop's kernel runs ranges of its iterations, [0, trips)
    // in all, on the thread pool (convert-tfcc-parallel-kernels-to-llvm).
    auto [split, depth] =
        mayBeParallel ? findSplitLoop(loop) : std::make_pair(nullptr, 0u);
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
      cost = std::max<int64_t>(1, tfcc::estimateCost(*split.getBody()));
      for (scf::ForOp outer = loop; outer != split;
           outer = onlyInnerLoop(outer))
        cost = tfcc::timesTrips(cost, outer);
    }
    if (beforeOutlining && failed(beforeOutlining(loop)))
      return failure();
    scf::ExecuteRegionOp exec = wrapWithConstants(rewriter, loop);
    std::string name;
    do {
      name = (func.getSymName() + "_kernel" + Twine(index++)).str();
    } while (symbols.lookup(name));
    func::CallOp call;
    FailureOr<func::FuncOp> outlined = outlineSingleBlockRegion(
        rewriter, loop.getLoc(), exec.getRegion(), name, &call);
    if (failed(outlined))
      return exec.emitOpError("could not be outlined");
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
    return success();
  }
};

} // namespace
