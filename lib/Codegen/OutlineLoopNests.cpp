//===- OutlineLoopNests.cpp - one function per top-level loop nest --------===//

#include "tfcc/Codegen/Passes.h"

#include "mlir/Dialect/SCF/Utils/Utils.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/IRMapping.h"

namespace mlir::tfcc {
#define GEN_PASS_DEF_TFCCOUTLINELOOPNESTS
#include "tfcc/Codegen/Passes.h.inc"
} // namespace mlir::tfcc

using namespace mlir;

namespace {

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
