//===- OutlineLoopNests.cpp - one function per top-level loop nest --------===//

#include "tfcc/Codegen/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/SCF/Utils/Utils.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/IRMapping.h"

namespace mlir::tfcc {
#define GEN_PASS_DEF_TFCCOUTLINELOOPNESTS
#include "tfcc/Codegen/Passes.h.inc"
} // namespace mlir::tfcc

using namespace mlir;

namespace {

/// Roughly how many instructions one run of `block` takes: one an op, a
/// vector op one per 512 bits, and loops inside it their trip count (16
/// where it is dynamic) times their body. The thread pool weighs it against
/// the cost of handing out work.
int64_t estimateCost(Block &block) {
  // Estimates saturate here, far above any threshold.
  constexpr int64_t most = int64_t(1) << 40;
  int64_t cost = 0;
  for (Operation &op : block) {
    int64_t own = 1;
    for (Type type : op.getResultTypes())
      if (auto vector = dyn_cast<VectorType>(type))
        own = std::max<int64_t>(
            own, vector.getNumElements() *
                     vector.getElementType().getIntOrFloatBitWidth() / 512);
    if (auto loop = dyn_cast<scf::ForOp>(op)) {
      std::optional<APInt> trips = loop.getStaticTripCount();
      int64_t count = trips ? trips->getSExtValue() : 16;
      int64_t body = estimateCost(*loop.getBody());
      own = count > 0 && body > most / count ? most : count * body;
    } else if (auto branch = dyn_cast<scf::IfOp>(op)) {
      own = estimateCost(branch.getThenRegion().front());
      if (!branch.getElseRegion().empty())
        own = std::max(own, estimateCost(branch.getElseRegion().front()));
    } else {
      for (Region &region : op.getRegions())
        for (Block &inner : region)
          own += estimateCost(inner);
    }
    cost = std::min(cost + std::max<int64_t>(own, 0), most);
  }
  return cost;
}

/// Bounds the outermost loop of `kernel`, outlined from a loop marked
/// tfcc.parallel, to iterations [lo, hi) of it, two new arguments: the
/// thread pool runs ranges of them.
void takeIterationRange(RewriterBase &rewriter, func::FuncOp kernel) {
  Location loc = kernel.getLoc();
  Type index = rewriter.getIndexType();
  unsigned count = kernel.getNumArguments();
  (void)kernel.insertArguments({count, count}, {index, index}, {}, {loc, loc});
  Value lo = kernel.getArgument(count), hi = kernel.getArgument(count + 1);
  auto loop = *kernel.getBody().getOps<scf::ForOp>().begin();
  rewriter.setInsertionPoint(loop);
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
        bool parallel =
            loop->hasAttr(tfcc::kParallelAttrName) && loop.getNumResults() == 0;
        Value zero, trips;
        int64_t cost = 0;
        if (parallel) {
          Location loc = loop.getLoc();
          rewriter.setInsertionPoint(loop);
          zero = arith::ConstantIndexOp::create(rewriter, loc, 0);
          trips = rewriter.createOrFold<arith::CeilDivSIOp>(
              loc,
              rewriter.createOrFold<arith::SubIOp>(loc, loop.getUpperBound(),
                                                   loop.getLowerBound()),
              loop.getStep());
          cost = std::max<int64_t>(1, estimateCost(*loop.getBody()));
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
          takeIterationRange(rewriter, *outlined);
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
