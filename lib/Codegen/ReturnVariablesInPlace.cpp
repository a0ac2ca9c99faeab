//===- ReturnVariablesInPlace.cpp - no copy of a variable updated in place ===//
//
// A written variable that bufferization updated in its own storage (a
// scatter into an embedding table) is returned as that argument: the
// deallocation pipeline clones it, since a function result must be owned,
// and the clone would copy the whole table every run (see Passes.td).
//
//===----------------------------------------------------------------------===//

#include "tfcc/Codegen/Passes.h"

namespace mlir::tfcc {
#define GEN_PASS_DEF_TFCCRETURNVARIABLESINPLACE
#include "tfcc/Codegen/Passes.h.inc"
} // namespace mlir::tfcc

using namespace mlir;

namespace {

struct TfccReturnVariablesInPlace
    : tfcc::impl::TfccReturnVariablesInPlaceBase<TfccReturnVariablesInPlace> {
  void runOnOperation() override {
    func::FuncOp fn = getOperation();
    if (fn.isDeclaration())
      return;
    Block &entry = fn.getBody().front();
    fn.walk([&](func::ReturnOp ret) {
      for (OpOperand &operand : ret->getOpOperands()) {
        auto clone = operand.get().getDefiningOp<bufferization::CloneOp>();
        if (!clone || !clone->hasOneUse() ||
            clone->getBlock() != ret->getBlock())
          continue;
        auto arg = dyn_cast<BlockArgument>(clone.getInput());
        if (!arg || arg.getOwner() != &entry ||
            !fn.getArgAttr(arg.getArgNumber(), tfcc::kInPlaceVariableAttrName))
          continue;
        // The clone must be the argument's final value: only deallocations
        // and other clones may come between it and the return.
        bool last = true;
        for (Operation *op = clone->getNextNode(); op != ret;
             op = op->getNextNode())
          last &= isa<memref::DeallocOp, bufferization::CloneOp>(op);
        if (!last)
          continue;
        operand.set(arg);
        clone.erase();
      }
    });
    for (unsigned i = 0; i < fn.getNumArguments(); ++i)
      fn.removeArgAttr(i, tfcc::kInPlaceVariableAttrName);
  }
};

} // namespace
