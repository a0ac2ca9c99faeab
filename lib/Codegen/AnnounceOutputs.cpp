//===- AnnounceOutputs.cpp - output buffers the caller may provide --------===//
//
// A model's outputs are buffers its function allocates and returns; the
// runtime hands them to the caller. A caller that bound its own memory to
// an output (tfcc_model_bind_output) wants the output written there, not
// copied there after the run. Before each allocation that is returned as
// result i of a public function (itself or reshaped), this pass calls the
// runtime's tfcc_rt_output_next(i): the runtime then serves that
// allocation from the bound memory when it fits. Any other result (a
// subview, a buffer returned twice, an argument) is left alone: the
// runtime copies it.
//
//===----------------------------------------------------------------------===//

#include "tfcc/Codegen/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"

namespace mlir::tfcc {
#define GEN_PASS_DEF_TFCCANNOUNCEOUTPUTS
#include "tfcc/Codegen/Passes.h.inc"
} // namespace mlir::tfcc

using namespace mlir;

namespace {

constexpr StringLiteral kOutputNext = "tfcc_rt_output_next";

/// The allocation whose buffer `value` is, whole and row-major: the
/// allocation itself or a reshape of it (the result of a convolution or a
/// matmul is often an expand_shape or collapse_shape of the buffer it was
/// computed in). Null for anything else, such as a subview.
memref::AllocOp sourceAlloc(Value value) {
  while (true) {
    if (auto collapse = value.getDefiningOp<memref::CollapseShapeOp>())
      value = collapse.getSrc();
    else if (auto expand = value.getDefiningOp<memref::ExpandShapeOp>())
      value = expand.getSrc();
    else
      break;
  }
  auto alloc = value.getDefiningOp<memref::AllocOp>();
  if (!alloc || !alloc.getType().getLayout().isIdentity())
    return nullptr;
  return alloc;
}

struct TfccAnnounceOutputs
    : tfcc::impl::TfccAnnounceOutputsBase<TfccAnnounceOutputs> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    OpBuilder builder(&getContext());
    Type i64 = builder.getI64Type();
    func::FuncOp callee;
    for (auto func : module.getOps<func::FuncOp>()) {
      if (func.isPrivate() || func.isExternal() ||
          !func.getBody().hasOneBlock())
        continue;
      auto ret = cast<func::ReturnOp>(func.getBody().front().getTerminator());
      SmallVector<memref::AllocOp> allocs;
      for (Value value : ret.getOperands())
        allocs.push_back(sourceAlloc(value));
      for (auto [i, alloc] : llvm::enumerate(allocs)) {
        if (!alloc || alloc->getBlock() != ret->getBlock() ||
            llvm::count(allocs, alloc) != 1)
          continue;
        if (!callee) {
          builder.setInsertionPointToStart(module.getBody());
          callee = func::FuncOp::create(builder, module.getLoc(), kOutputNext,
                                        builder.getFunctionType({i64}, {}));
          callee.setPrivate();
        }
        builder.setInsertionPoint(alloc);
        Value index =
            arith::ConstantIntOp::create(builder, alloc.getLoc(), i64, i);
        func::CallOp::create(builder, alloc.getLoc(), callee,
                             ValueRange{index});
      }
    }
  }
};

} // namespace
